"""Markdown output: the advice as a document a person can keep (--report)."""

from __future__ import annotations

from typing import Any, Dict, List

from promo_ops import clean
from promo_ops.messages import N_, _, language, translate
from promo_ops.render import Footnotes, label, name

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


READING = N_("promo-ops' reading: ")


def _said(item: Dict[str, Any]) -> str:
    """An item's text, marked when it is promo-ops' reading rather than the article's."""
    text = _md(item["text"])
    return f"*{translate(READING).rstrip()}* {text}" if item.get("basis") == "reading" else text


def _mark(notes: Footnotes, item: Dict[str, Any]) -> str:
    """An item's short mark, [n], pointing at its quote or why in the list after the plan."""
    n = notes.number(item)
    if not n:
        return ""
    return ("" if language() == "zh" else " ") + f"\\[{n}\\]"


def _footnotes(notes: Footnotes) -> List[str]:
    """Each quote and why the marks point at, once (the quote as the article was read, in English)."""
    new = notes.items[notes.listed:]
    if not new:
        return []
    # A paragraph, not a heading: a report has one such list per section, and headings must differ.
    lines = ["", _md(_("Sources and reasons, by number")) + ("：" if language() == "zh" else ":"), ""]
    for n, (basis, text) in enumerate(new, notes.listed + 1):
        body = (_md(_("The article: “{quote}”").format(quote=text)) if basis == "article"
                else _md(_("Why promo-ops says so: {why}").format(why=text)))
        lines.append(f"- \\[{n}\\] {body}")
    notes.listed = len(notes.items)
    return lines + [""]


def _whose(x: Dict[str, Any]) -> str:
    return _("you said") if x["stated"] else _("assumed from your role")


def _note(x: Dict[str, Any]) -> str:
    return _("{skill} (level {level}, needs {needed}; {whose})").format(
        skill=_md(name(x["skill"])), level=x["level"], needed=x["needed"], whose=_whose(x))


def today() -> str:
    """The report's date: SOURCE_DATE_EPOCH when set (reproducible builds and tests), else today."""
    import datetime
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    return datetime.date.today().isoformat()


def _years(n: int) -> str:
    return (_("{n} year") if n == 1 else _("{n} years")).format(n=n)


def _name(item: Dict[str, Any]) -> str:
    """A role's name in the run's language."""
    return item.get("name_zh") or item["name"] if language() == "zh" else item["name"]


SOURCES = {"flag": N_("you said (on the command line)"), "file": N_("you said (answers file)"),
           "prompt": N_("you said (when asked)"), "default": N_("not given")}


def _answers(p: Dict[str, Any]) -> List[str]:
    """The answers the advice was made from, each with where it came from: what the person said
    apart from what promo-ops assumed."""
    src = p.get("sources", {})

    def row(question: str, key: str, value: str, default: str = "") -> str:
        given = src.get(key, "default") != "default"
        whence = translate(SOURCES.get(src.get(key, "default"), N_("you said")))
        if not given:
            value = default or _("(none)")
        return f"| {question} | {value} | {whence} |"

    none = _("none")
    lines = ["| {} | {} | {} |".format(_("question"), _("answer"), _("where it came from")), "| --- | --- | --- |",
             row(_("Current role"), "current_role",
                 f"{_md(name(p['current_role']))} (`{_code(p['current_role'])}`), {_md(name(p['current_family']))}"),
             row(_("Years in it"), "years", _years(p["years"]) if p.get("years") is not None else _("not given")),
             row(_("Company type"), "company_type", _md(label("company_type", p["company_type"]) if p["company_type"]
                                                        else _("(none)"))),
             row(_("Moving to"), "target", _md(name(p["target_family"])),
                 _("{family} (the other side, by default)").format(family=_md(name(p["target_family"])))),
             row(_("Interests"), "interests", _md(_(", ").join(label("interests", i) for i in p["interests"])) or none)]
    if "motives" in p:
        lines.append(row(_("Why you want to move"), "motives",
                         _md(_(", ").join(label("motives", m) for m in p["motives"])) or none))
    levels = p.get("skill_levels", {})
    stated = [f"{_md(name(k))} {v['level']}" for k, v in levels.items() if v["stated"]]
    assumed = [f"{_md(name(k))} {v['level']}" for k, v in levels.items() if not v["stated"] and v["level"]]
    whence = translate(SOURCES.get(src.get("skills", "default"), N_("you said"))) if stated else _("not given")
    comma = _(", ")  # a Chinese run lists with "，"
    lines.append(f"| {_('Skill levels you gave')} | {comma.join(stated) or none} | {whence} |")
    if assumed:
        lines.append(f"| {_('Skill levels assumed')} | {comma.join(assumed)} | {_('what your role needs; not said by you')} |")
    return lines


def _quoted(text: str, source: str, indent: str = "    ") -> List[str]:
    """A list item with the article's words beneath it as a block quote: a blank line before the
    quote and the quote indented four spaces, so pandoc and python-markdown keep it too."""
    out = [f"- {text}"]
    if source:
        # The quote stays as the article was read (its English translation): a Chinese report says so.
        label = "" if language() == "en" else _md(_("The article: "))
        out += ["", f"{indent}> {label}{_md(source)}", ""]
    return out


def advise(result: Dict[str, Any], date: str = "") -> str:
    from promo_ops import __version__

    p = result["profile"]
    notes = Footnotes()  # one numbering for the report; each section lists the quotes and whys it added
    lines: List[str] = [MARKER, "", "# " + _("Career-transition advice"), "",
                        _("Written on {date} by promo-ops {version}, from the answers below. What the article "
                          "says is quoted from it; what promo-ops concludes is marked *{reading}*.").format(
                            date=date or today(), version=__version__, reading=translate(READING).rstrip()), "",
                        "## " + _("The answers it was made from"), ""]
    lines += _answers(p)
    lines += ["", "## " + _("Tracks, best first"), "",
              "| # | {} | {} | {} | {} |".format(_("track"), _("score"), _("fit"), _("skills at the level needed")),
              "| --- | --- | --- | --- | --- |"]
    for i, r in enumerate(result["recommendations"], 1):
        lines.append(f"| {i} | {_md(_name(r))} (`{_code(r['track'])}`) | {r['score']:.2f} | {_md(r['fit_name'])} | "
                     + _("{n} of {total}").format(n=r["matched_count"], total=r["skills_total"]) + " |")
    recs = result["recommendations"]
    if recs:
        best = next(r for r in recs if r["track"] == result["plan_track"])
        lines += ["", "## " + _("Why {name}").format(name=_md(_name(best))), ""]
        chosen = result.get("plan_track_reason")
        if chosen:
            lines.append("- " + _("Chosen by what you said you enjoy, not by the score: ") + _said(chosen)
                         + _mark(notes, chosen))
        # Rules are not named by id: the report has no list of rules to look one up in, and each
        # reason below says in words what its rule does.
        parts = [_("coverage {coverage:.2f}").format(coverage=best["coverage"])] + [
            f"{a['delta']:+.2f}" for a in best["adjustments"]]
        raw = round(best["coverage"] + sum(a["delta"] for a in best["adjustments"]), 4)
        clamp = "" if raw == best["score"] else _(" = {raw:.2f}, clamped to 0..1").format(raw=raw)
        lines.append("- " + _("Score ") + f"{best['score']:.2f} = " + " ".join(parts) + clamp)
        lines.append("- " + _("Coverage: your skills cover {coverage:.0%} of what it needs, weighted by importance "
                              "(levels and importances are promo-ops' reading).").format(coverage=best["coverage"]))
        if best["adjustments"]:
            sizes = _(", ").join(f"{a['delta']:+.2f}" + _mark(notes, a) for a in best["adjustments"])
            lines.append("- " + _said({"basis": "reading", "text": ""}) + _md(_(
                "the adjustments {sizes} come from the reasons below; their sizes are promo-ops' own, for the "
                "article gives no numbers.")).format(sizes=sizes))
        for r in best["reasons"]:
            lines.append(f"- {_said(r)}{_mark(notes, r)}")
        full = [x for x in best["transfers"] if x["full"]]
        part = [x for x in best["transfers"] if not x["full"]]
        lines.append("- " + _("What transfers at the level needed ({n} of {total}): ").format(
            n=len(full), total=best["skills_total"]) + (_(", ").join(_note(x) for x in full) or _("none")))
        if part:
            lines.append("- " + _("Partly: ") + _(", ").join(_note(x) for x in part))
        lines += _footnotes(notes)
    if result["advice"]:
        lines += ["", "## " + _("What the article says about this move"), ""]
        for a in result["advice"]:
            lines += _quoted(_said(a), a.get("source", ""))
    hm = result["help_most"]
    if hm:
        before, after = round(hm["score_before"], 2), round(hm["score_after"], 2)
        recs = result["recommendations"]
        lines += ["", "## " + _("What would help most"), "",
                  _("{name}: from level {start} to {end} raises the best score from {before:.2f} ({was}) to "
                    "{after:.2f} ({now}), +{gain:.2f}.").format(
                      name=_md(hm["name"]), start=hm["from_level"], end=hm["to_level"], before=before, after=after,
                      gain=after - before, was=_md(name(recs[0]["track"])), now=_md(name(hm["best_track"])))]
        if result["plan_track"] != recs[0]["track"]:
            lines += ["", _("(That is about the best-scoring track; your plan is for {plan}.)").format(
                plan=_md(name(result["plan_track"])))]
    if result["practice_plan"]:
        lines += ["", "## " + _("Practice plan"), ""]
        for i, item in enumerate(result["practice_plan"], 1):
            lines.append(f"{i}. **{_md(item['name'])}** (`{_code(item['skill'])}`): "
                         + _("level {start} → {end}.").format(start=item["current_level"], end=item["target_level"]))
            for r in item["reasons"]:
                text = _said(r)
                if r["rule"] and r["basis"] == "reading":  # a reading from a rule or a move: say why, as text does
                    text += f" ({_md(r['why'])})"
                elif r["basis"] == "article":
                    text += _mark(notes, r)
                lines.append("    - " + _("Why: {text}").format(text=text))
            for ex in item["exercises"]:
                lines.append("    - " + _("Exercise: {text}").format(text=_said(ex) + _mark(notes, ex)))
        lines += _footnotes(notes)
    if result["notes"]:
        lines += ["", "## " + _("Notes"), ""]
        for n in result["notes"]:
            # A reading says why, as the plan's reasons do; the article's words go beneath as a quote.
            why = f" ({_md(n['why'])})" if n.get("basis") == "reading" and n.get("why") else ""
            lines += _quoted(_said(n) + why, n.get("source", "") if n.get("basis") == "article" else "")
    if "what_if" in result:
        lines += _what_if(result["what_if"])
    while lines[-1] == "":
        lines.pop()
    lines += ["", _("Next: {commands}").format(commands=" · ".join(f"`{_code(c)}`" for c in result["next"])), ""]
    return "\n".join(_tidy(lines))


def _tidy(lines: List[str]) -> List[str]:
    """No two blank lines in a row, and a blank line before every heading and after every list."""
    out: List[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        if line.startswith("#") and out and out[-1] != "":
            out.append("")
        out.append(line)
    return out


def _what_if(w: Dict[str, Any]) -> List[str]:
    levels = ", ".join(f"{_md(k)}={v}" for k, v in w["levels"].items())
    lines = ["", "## " + _("What if: {levels} (a hypothesis; nothing is saved)").format(levels=levels), "",
             "| # | " + " | ".join((_("track"), _("today"), _("what if"), _("change"))) + " |", "| --- | --- | --- | --- | --- |"]
    rank = {r["track"]: i for i, r in enumerate(w["recommendations"], 1)}
    for d in sorted(w["difference"], key=lambda d: rank[d["track"]]):
        lines.append(f"| {rank[d['track']]} | {_md(name(d['track']))} (`{_code(d['track'])}`) | {d['score_now']:.2f} | {d['score_if']:.2f} | "
                     f"{d['change']:+.2f} |")
    for i, item in enumerate(w["practice_plan"], 1):
        lines.append(f"{'' if i > 1 else chr(10)}{i}. **{_md(item['name'])}** (`{_code(item['skill'])}`): "
                     + _("level {now} → {target}").format(now=item["current_level"], target=item["target_level"]))
    return lines


_MARKS = {"todo": "[ ]", "doing": "[~]", "done": "[x]", "skipped": "[-]"}


def progress(result: Dict[str, Any]) -> str:
    ex, score = result["exercises"], result["score"]
    lines: List[str] = ["# " + _("Plan for {track}").format(track=_md(result["track_name"] or result["track"])), ""]
    lines.append("- " + _("Made {made}; file {file}").format(made=result["made"], file=f"`{_code(result['file'])}`"))
    lines.append("- " + _("Progress: {percent}%, {done} of {left} exercises done ({doing} doing, {skipped} skipped, "
                          "{todo} to do)").format(percent=result["percent"], done=ex["done"],
                                                  left=ex["total"] - ex["skipped"], doing=ex["doing"],
                                                  skipped=ex["skipped"], todo=ex["todo"]))
    if score["now"] is None:
        lines.append("- " + _("Score: {then:.2f} when made; cannot be scored now").format(then=score["when_made"]))
    else:
        lines.append("- " + _("Score: {then:.2f} when made, {now:.2f} now ({change:+.2f})").format(
            then=score["when_made"], now=score["now"], change=score["change"]))
    lines += ["", "## " + _("Skill levels"), "",
              "| " + " | ".join((_("skill"), _("then"), _("now"), _("target"))) + " |", "|---|---|---|---|"]
    for s in result["skills"]:
        now = "-" if s["level_now"] is None else str(s["level_now"])
        if s["level_now_is"] == "assumed":
            now += _(" (assumed)")
        lines.append(f"| {_md(s['name'])} (`{_code(s['skill'])}`) | {s['level_then']} | {now} | "
                     f"{'-' if s['target_level'] is None else s['target_level']} |")
    lines += ["", "## " + _("Exercises"), ""]
    notes = Footnotes()
    for item in result["practice"]:
        lines.append(f"- **{_md(item['name'])}** (`{_code(item['skill'])}`)")
        for e in item["exercises"]:
            lines.append(f"  - {_MARKS[e['state']]} `{_code(e['ref'])}` {_said(e)}{_mark(notes, e)}")
    lines += _footnotes(notes)
    nxt = result["next"]
    if nxt:
        lines += ["", "## " + _("What would help most next"), ""]
        if nxt["skill"]:
            h = nxt["skill"]
            lines.append(_("{name} ({skill}) from {a} to {b} raises the score from {before:.2f} to {after:.2f}").format(
                name=_md(h["name"]), skill=_md(h["skill"]), a=h["from_level"], b=h["to_level"],
                before=h["score_before"], after=h["score_after"]) + ".")
        if nxt["exercise"]:
            lines.append("")
            lines.append(_("Next exercise: ") + f"`{_code(nxt['exercise']['ref'])}` {_said(nxt['exercise'])}"
                         + _mark(notes, nxt["exercise"]))
    if result["knowledge_base"]["missing"]:
        lines += ["", "## " + _("No longer in the knowledge base"), ""]
        lines += [f"- {_md(m['kind'])}: `{_code(m['id'])}`" for m in result["knowledge_base"]["missing"]]
    while lines[-1] == "":
        lines.pop()
    return "\n".join(_tidy(lines)) + "\n"


def render(result: Dict[str, Any]) -> str:
    """A result as a Markdown document (the commands render.COMMANDS lists for markdown)."""
    return {"advise": advise, "progress": progress}[result["command"]](result)
