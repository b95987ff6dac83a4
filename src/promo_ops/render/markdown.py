"""Markdown output: the advice as a document a person can keep (--report)."""

from __future__ import annotations

from typing import Any, Dict, List

from promo_ops import clean

MARKER = "<!-- promo-ops report -->"


def _md(text: Any) -> str:
    """Plain text for Markdown: no controls, and no HTML or link syntax from data files."""
    value = clean.text(str(text))
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "#", "|"):
        value = value.replace(ch, "\\" + ch)
    return value


def _code(text: Any) -> str:
    return clean.text(str(text)).replace("`", "")


def is_ours(existing: str) -> bool:
    return existing.startswith(MARKER)


def advise(result: Dict[str, Any]) -> str:
    p = result["profile"]
    lines: List[str] = [MARKER, "", "# Career-transition advice", ""]
    lines.append(f"- Current role: **{_md(p['current_role'])}** ({_md(p['current_family'])}), {p['years']} years")
    if p["company_type"]:
        lines.append(f"- Company type: {_md(p['company_type'])}")
    lines.append(f"- Moving to: {_md(p['target_family'])}")
    if p["interests"]:
        lines.append(f"- Enjoys: {_md(', '.join(p['interests']))}")
    lines += ["", "## Tracks, best first", "", "| # | track | score | fit | skills matched |", "|---|---|---|---|---|"]
    for i, r in enumerate(result["recommendations"], 1):
        lines.append(f"| {i} | {_md(r['name'])} ({_md(r['track'])}) | {r['score']:.2f} | {_md(r['fit'])} | "
                     f"{r['matched_count']} of {r['skills_total']} |")
    recs = result["recommendations"]
    if recs:
        best = next(r for r in recs if r["track"] == result["plan_track"])
        lines += ["", f"## Why {_md(best['name'])}", ""]
        lines.append(f"- Your skills cover {best['coverage']:.0%} of what it needs, weighted by importance.")
        for r in best["reasons"]:
            lines.append(f"- {_md(r['text'])} (rule `{_code(r['rule'])}`)")
        if best["transfers"]:
            lines.append("- What transfers: " + ", ".join(
                f"{_md(x['skill'])} ({x['level']} of {x['needed']})" for x in best["transfers"]))
    if result["advice"]:
        lines += ["", "## What the article says about this move", ""]
        for a in result["advice"]:
            lines.append(f"- {_md(a['text'])}")
            if a["source"]:
                lines.append(f"  > {_md(a['source'])}")
    hm = result["help_most"]
    if hm:
        lines += ["", "## What would help most", "",
                  f"{_md(hm['name'])}: from level {hm['from_level']} to {hm['to_level']} raises the best score "
                  f"from {hm['score_before']:.2f} to {hm['score_after']:.2f} (+{hm['gain']:.2f})."]
    if result["practice_plan"]:
        lines += ["", "## Practice plan", ""]
        for i, item in enumerate(result["practice_plan"], 1):
            lines.append(f"{i}. **{_md(item['name'])}** (`{_code(item['skill'])}`): level {item['current_level']} "
                         f"→ {item['target_level']}. {_md(item['why'])}")
            for ex in item["exercises"]:
                lines.append(f"   - [ ] {_md(ex['text'])}")
    if result["notes"]:
        lines += ["", "## Notes", ""]
        for n in result["notes"]:
            lines.append(f"- {_md(n['text'])}")
    lines += ["", "Next: " + " · ".join(f"`{_code(c)}`" for c in result["next"]), ""]
    return "\n".join(lines)


def render(result: Dict[str, Any]) -> str:
    """A result as a Markdown document (the commands render.COMMANDS lists for markdown)."""
    return {"advise": advise}[result["command"]](result)
