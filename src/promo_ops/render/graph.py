"""Routes as diagrams: Mermaid (to paste into Markdown) and Graphviz DOT. Standard library only."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Tuple

from promo_ops import clean


def _node(role_id: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", role_id)


def _edges(result: Dict[str, Any]) -> List[Tuple[str, str, str]]:
    seen: Dict[Tuple[str, str], str] = {}
    for route in result["paths"]:
        for (a, b), learn in zip(zip(route["steps"], route["steps"][1:]), route["learn"]):
            seen.setdefault((a, b), ", ".join(learn) if learn else "nothing new")
    return [(a, b, label) for (a, b), label in seen.items()]


def _nodes(result: Dict[str, Any]) -> List[str]:
    out: List[str] = []
    for route in result["paths"]:
        for step in route["steps"]:
            if step not in out:
                out.append(step)
    return out


def _mermaid_text(value: str) -> str:
    return clean.text(value).replace('"', "#quot;").replace("\n", " ")


def mermaid(result: Dict[str, Any]) -> str:
    lines = [f"%% promo-ops paths {result['from']} {result['to']}: cheapest routes first", "flowchart LR"]
    for step in _nodes(result):
        lines.append(f'  {_node(step)}["{_mermaid_text(step)}"]')
    for a, b, label in _edges(result):
        lines.append(f'  {_node(a)} -->|"learn: {_mermaid_text(label)}"| {_node(b)}')
    for i, route in enumerate(result["paths"], 1):
        lines.append(f"  %% route {i}: {' -> '.join(route['steps'])} (cost {route['cost']})")
    if not result["paths"]:
        lines.append(f"  %% {clean.text(result['message'])}")
    return "\n".join(lines) + "\n"


def _dot_text(value: str) -> str:
    return clean.text(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def dot(result: Dict[str, Any]) -> str:
    lines = [f"// promo-ops paths {_dot_text(result['from'])} {_dot_text(result['to'])}: cheapest routes first",
             "digraph paths {", "  rankdir=LR;", "  node [shape=box];"]
    for step in _nodes(result):
        style = ", style=bold" if step in (result["from"], result["to"]) else ""
        lines.append(f'  "{_dot_text(step)}" [label="{_dot_text(step)}"{style}];')
    for a, b, label in _edges(result):
        lines.append(f'  "{_dot_text(a)}" -> "{_dot_text(b)}" [label="learn: {_dot_text(label)}"];')
    for i, route in enumerate(result["paths"], 1):
        lines.append(f"  // route {i}: {' -> '.join(route['steps'])} (cost {route['cost']})")
    lines.append("}")
    return "\n".join(lines) + "\n"
