"""Routes as pictures: Mermaid (to paste into Markdown) and Graphviz DOT. Standard library only.

Both draw the same thing, top to bottom so that a three-move route stays about
as tall as it is wide: role names in the nodes, the start and the goal in
their own shapes and colours (and words, for a black-and-white print), each
route's own edges (what a step teaches depends on what the route taught
before it) labelled with the route's rank, its cost on the first edge, and the
skills learned with their levels. The best route is drawn thick; the move the
article describes is green and says so; a quote the article gives for a post
on the way (community operation is user operation) hangs beside it as a note.
With no route, the picture says so.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from promo_ops import clean
from promo_ops.messages import _, language

BEST = "#1d4ed8"
ARTICLE = "#15803d"
OTHER = "#6b7280"


def _node(role_id: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", role_id)


def _lang(lang: Optional[str]) -> str:
    return lang or language()


def _name(result: Dict[str, Any], role_id: str, lang: str) -> str:
    role = result.get("roles", {}).get(role_id)
    if not role:
        return role_id
    return role["name_zh"] if lang == "zh" else role["name"]


def _skill(result: Dict[str, Any], skill_id: str, lang: str) -> str:
    """A skill's name in the diagram's language (its id when the result does not name it)."""
    skill = result.get("skills", {}).get(skill_id)
    if not skill:
        return skill_id
    return skill["name_zh"] if lang == "zh" and skill.get("name_zh") else skill["name"]


def _route_head(route: Dict[str, Any]) -> str:
    marks = []
    if route["rank"] == 1:
        marks.append(_("best"))
    if route["article_move"]:
        marks.append(_("the article's move"))
    if route["viable"]:
        marks.append(_("viable"))
    head = _("route {rank} · cost {cost}").format(rank=route["rank"], cost=route["cost"])
    return head + (" · " + _(", ").join(marks) if marks else "")


def _edges(result: Dict[str, Any], lang: str) -> List[Tuple[str, str, List[str], Dict[str, Any], int]]:
    """(from, to, label lines, route, step number) for every step of every route shown; the skills
    learned by name, as the text output names them."""
    out = []
    for route in result["paths"]:
        for i, leg in enumerate(route["legs"], 1):
            head = _route_head(route) if i == 1 else _("route {rank}, move {n}").format(rank=route["rank"], n=i)
            lines = [head] + [f"{_skill(result, item['skill'], lang)} {item['from']}→{item['to']}"
                              for item in leg["learn"]]
            if not leg["learn"]:
                lines.append(_("nothing new to learn"))
            out.append((leg["from"], leg["to"], lines, route, i))
    return out


def _nodes(result: Dict[str, Any]) -> List[str]:
    out = [result["from"]]
    for route in result["paths"]:
        for step in route["steps"]:
            if step not in out:
                out.append(step)
    if result["to"] not in out:
        out.append(result["to"])
    return out


def _notes(result: Dict[str, Any]) -> List[Tuple[str, str, str]]:
    """(role, text, quote) for each article quote about a post on a route shown, once each."""
    seen: Dict[Tuple[str, str], Tuple[str, str, str]] = {}
    for route in result["paths"]:
        for item in route["basis"]:
            if item["basis"] == "article" and "role" in item:
                seen.setdefault((item["role"], item["source"]), (item["role"], item["text"], item["source"]))
    return list(seen.values())


def _wrap(text: str, width: int = 44) -> List[str]:
    lines: List[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _title(result: Dict[str, Any], lang: str) -> str:
    start, end = _name(result, result["from"], lang), _name(result, result["to"], lang)
    if result["paths"]:
        return _("promo-ops paths: {start} → {end}, best route first").format(start=start, end=end)
    return _("promo-ops paths: {start} → {end}").format(start=start, end=end)


# --- Mermaid -----------------------------------------------------------------------------

def _mm(value: str) -> str:
    """Text inside a quoted Mermaid label: entity codes for what Mermaid would read as syntax."""
    text = clean.text(value).replace("\n", " ")
    text = text.replace("#", "#35;")  # first: the other codes start with '#'
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        text = text.replace(char, code)
    return text


def mermaid(result: Dict[str, Any], lang: Optional[str] = None) -> str:
    lang = _lang(lang)
    lines = [f"%% {_mm(_title(result, lang))}", "flowchart TB"]
    for step in _nodes(result):
        name = _name(result, step, lang)
        if step == result["from"]:
            lines.append(f'  {_node(step)}(["{_mm(_("start: {name}").format(name=name))}"])')
        elif step == result["to"]:
            lines.append(f'  {_node(step)}[["{_mm(_("goal: {name}").format(name=name))}"]]')
        else:
            lines.append(f'  {_node(step)}["{_mm(name)}"]')
    if not result["paths"]:
        lines.append(f'  none>"{_mm(result["message"])}"]')
        lines.append(f"  {_node(result['from'])} -.- none")
    styles = []
    for n, (a, b, label, route, _step) in enumerate(_edges(result, lang)):
        arrow = "==>" if route["rank"] == 1 else "-->"
        lines.append(f'  {_node(a)} {arrow}|"{"<br>".join(_mm(x) for x in label)}"| {_node(b)}')
        colour = ARTICLE if route["article_move"] else BEST if route["rank"] == 1 else OTHER
        width = 4 if route["rank"] == 1 else 2
        styles.append(f"  linkStyle {n} stroke:{colour},stroke-width:{width}px")
    for k, (role, text, quote) in enumerate(_notes(result), 1):
        body = "<br>".join(_mm(x) for x in _wrap(_("The article: “{quote}”").format(quote=quote)))
        lines.append(f'  q{k}>"{body}"]')
        lines.append(f"  q{k} -.- {_node(role)}")
    lines += styles
    lines.append("  classDef start fill:#dbeafe,stroke:#1d4ed8,stroke-width:2px")
    lines.append("  classDef goal fill:#dcfce7,stroke:#15803d,stroke-width:3px")
    lines.append(f"  class {_node(result['from'])} start")
    if result["to"] != result["from"]:
        lines.append(f"  class {_node(result['to'])} goal")
    for route in result["paths"]:
        lines.append(f"  %% route {route['rank']}: {' -> '.join(route['steps'])} (cost {route['cost']})")
    return "\n".join(lines) + "\n"


# --- Graphviz DOT ------------------------------------------------------------------------

def _dot(value: str) -> str:
    """Text inside a quoted DOT string; a backslash is doubled so it cannot start an escape."""
    return clean.text(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _dot_lines(lines: List[str], justify: str = "\\n") -> str:
    return justify.join(_dot(x) for x in lines) + (justify if justify != "\\n" else "")


def dot(result: Dict[str, Any], lang: Optional[str] = None) -> str:
    lang = _lang(lang)
    legend = [_title(result, lang)]
    for route in result["paths"]:
        names = " → ".join(_name(result, s, lang) for s in route["steps"])
        marks = [_("best")] if route["rank"] == 1 else []
        if route["article_move"]:
            marks.append(_("the article's move"))
        marks.append(_("viable") if route["viable"] else _("not viable"))
        legend.append(_("{rank}. {names}: cost {cost} ({marks})").format(
            rank=route["rank"], names=names, cost=route["cost"], marks=_(", ").join(marks)))
    if not result["paths"]:
        legend.append(result["message"])
    lines = [
        f"// {_dot(_title(result, lang))}",
        "digraph paths {",
        "  rankdir=TB;",
        "  nodesep=0.4; ranksep=0.5;",
        f'  graph [label="{_dot_lines(legend, chr(92) + "l")}", labelloc=t, labeljust=l, fontname="Helvetica"];',
        '  node [shape=box, style="rounded", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for step in _nodes(result):
        name = _dot(_name(result, step, lang))
        if step == result["from"]:
            attrs = f'label="{_dot(_("start"))}\\n{name}", style="rounded,filled,bold", fillcolor="#dbeafe", color="{BEST}"'
        elif step == result["to"]:
            attrs = (f'label="{_dot(_("goal"))}\\n{name}", style="rounded,filled,bold", fillcolor="#dcfce7", '
                     f'color="{ARTICLE}", peripheries=2')
        else:
            attrs = f'label="{name}"'
        lines.append(f'  "{_dot(step)}" [{attrs}];')
    if not result["paths"]:
        lines.append(f'  "no route" [shape=note, label="{_dot(result["message"])}"];')
    for a, b, label, route, _step in _edges(result, lang):
        colour = ARTICLE if route["article_move"] else BEST if route["rank"] == 1 else OTHER
        width = 3 if route["rank"] == 1 else 1
        style = "bold" if route["rank"] == 1 else "solid"
        lines.append(f'  "{_dot(a)}" -> "{_dot(b)}" [label="{_dot_lines(label)}", color="{colour}", '
                     f'fontcolor="{colour}", penwidth={width}, style={style}];')
    for k, (role, text, quote) in enumerate(_notes(result), 1):
        body = _dot_lines(_wrap(_("The article: “{quote}”").format(quote=quote)))
        lines.append(f'  "note {k}" [shape=note, fontsize=10, label="{body}"];')
        lines.append(f'  "note {k}" -> "{_dot(role)}" [style=dotted, arrowhead=none];')
        lines.append(f'  {{ rank=same; "note {k}"; "{_dot(role)}"; }}')
    lines.append("}")
    return "\n".join(lines) + "\n"
