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


READING = "promo-ops' reading: "


def _said(item: Dict[str, Any]) -> str:
    """An item's text, marked when it is promo-ops' reading rather than the article's."""
    text = _md(item["text"])
    return f"*{READING.rstrip()}* {text}" if item.get("basis") == "reading" else text


def _whose(x: Dict[str, Any]) -> str:
    return "you said" if x["stated"] else "assumed from your role"


def advise(result: Dict[str, Any]) -> str:
    p = result["profile"]
    src = p["sources"]
    lines: List[str] = [MARKER, "", "# Career-transition advice", ""]
    years = "years not given" if p["years"] is None or src.get("years", "default") == "default" \
        else f"{p['years']} years"
    lines.append(f"- Current role: **{_md(p['current_role'])}** ({_md(p['current_family'])}), {years}")
    lines.append(f"- Company type: {_md(p['company_type'])}" if p["company_type"] else "- Company type: not given")
    lines.append(f"- Moving to: {_md(p['target_family'])}"
                 + (" (not given: the other side by default)" if src.get("target", "default") == "default" else ""))
    lines.append(f"- Enjoys: {_md(', '.join(p['interests']))}" if p["interests"] else "- Interests: not given")
    if p.get("motives"):
        lines.append(f"- Why you want to move: {_md(', '.join(p['motives']))}")
    stated = [f"{_md(k)} {v['level']}" for k, v in p["skill_levels"].items() if v["stated"]]
    assumed = [f"{_md(k)} {v['level']}" for k, v in p["skill_levels"].items() if not v["stated"] and v["level"]]
    if stated:
        lines.append("- Levels you gave: " + ", ".join(stated))
    if assumed:
        lines.append("- Levels assumed from your role (not said by you): " + ", ".join(assumed))
    lines += ["", "## Tracks, best first", "", "| # | track | score | fit | skills at the level needed |",
              "|---|---|---|---|---|"]
    for i, r in enumerate(result["recommendations"], 1):
        lines.append(f"| {i} | {_md(r['name'])} ({_md(r['track'])}) | {r['score']:.2f} | {_md(r['fit'])} | "
                     f"{r['matched_count']} of {r['skills_total']} |")
    recs = result["recommendations"]
    if recs:
        best = next(r for r in recs if r["track"] == result["plan_track"])
        lines += ["", f"## Why {_md(best['name'])}", ""]
        chosen = result.get("plan_track_reason")
        if chosen:
            lines.append(f"- Chosen by what you said you enjoy, not by the score: {_said(chosen)} "
                         f"(rule `{_code(chosen['rule'])}`)")
        parts = [f"coverage {best['coverage']:.2f}"] + [
            f"{a['delta']:+.2f} (rule `{_code(a['rule'])}`)" for a in best["adjustments"]]
        raw = round(best["coverage"] + sum(a["delta"] for a in best["adjustments"]), 4)
        clamp = "" if raw == best["score"] else f" = {raw:.2f}, clamped to 0..1"
        lines.append(f"- Score {best['score']:.2f} = " + " ".join(parts) + clamp)
        lines.append(f"- Coverage: your skills cover {best['coverage']:.0%} of what it needs, weighted by importance "
                     "(levels and importances are promo-ops' reading).")
        for r in best["reasons"]:
            lines.append(f"- {_said(r)} (rule `{_code(r['rule'])}`)")
        full = [x for x in best["transfers"] if x["full"]]
        part = [x for x in best["transfers"] if not x["full"]]
        lines.append(f"- What transfers at the level needed ({len(full)} of {best['skills_total']}): " + (", ".join(
            f"{_md(x['skill'])} (level {x['level']}, needs {x['needed']}; {_whose(x)})" for x in full) or "none"))
        if part:
            lines.append("- Partly: " + ", ".join(
                f"{_md(x['skill'])} (level {x['level']}, needs {x['needed']}; {_whose(x)})" for x in part))
    if result["advice"]:
        lines += ["", "## What the article says about this move", ""]
        for a in result["advice"]:
            lines.append(f"- {_said(a)}")
            if a.get("source"):
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
                         f"→ {item['target_level']}.")
            for r in item["reasons"]:
                lines.append(f"   - {_said(r)}")
            for ex in item["exercises"]:
                lines.append(f"   - [ ] {_md(ex['text'])}")
    if result["notes"]:
        lines += ["", "## Notes", ""]
        for n in result["notes"]:
            lines.append(f"- {_said(n)}")
    lines += ["", "Next: " + " · ".join(f"`{_code(c)}`" for c in result["next"]), ""]
    return "\n".join(lines)


def render(result: Dict[str, Any]) -> str:
    """A result as a Markdown document (the commands render.COMMANDS lists for markdown)."""
    return {"advise": advise}[result["command"]](result)
