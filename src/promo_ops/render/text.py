"""Text output with Rich: the only module that imports it.

Every string from a knowledge base or a user goes into a rich.text.Text (never
parsed as markup) after its control characters are dropped, so a file cannot
style, hide or move anything on the terminal.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from rich import box
from rich.console import Console, Group
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
import rich.text as _rich_text
from rich.text import Text

from promo_ops import clean
from promo_ops.messages import N_, _, language, translate
from promo_ops.render import Footnotes, label, name, names

# --- Chinese line breaking ---------------------------------------------------------------
# Rich breaks lines only at spaces, so a run of Chinese (which has none) is one long "word": it
# jumps whole to the next line, leaving the line before half empty ("promo-ops" alone, then the
# sentence). Chinese is typeset with a break allowed between any two characters, except before
# closing punctuation and after opening punctuation; Latin words (ids among them) stay whole.
# English runs, and lines with no Chinese, are divided exactly as Rich divides them.
_CJK = "\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPEN = "（《「『【〈“(\\["
_CLOSE = "，。、；：！？）》」』】〉”…)\\]"
_HAS_CJK = f"[{_CJK}]"  # patterns as strings: compiled (3 ms, wide classes) by the first Chinese run only
_CLOSING = f"(?:[{_CLOSE}]|[.,;:!?](?=\\s|$))*"  # Latin punctuation clings too, where it ends a word
_CJK_WORD = f"\\s*(?:[{_OPEN}]*(?:[{_CJK}]|[^\\s{_CJK}{_OPEN}{_CLOSE}]+){_CLOSING}|\\S)\\s*"


def _divide_line(text: str, width: int, fold: bool = True) -> List[int]:
    """rich._wrap.divide_line, with each Chinese character (and the punctuation that clings to it)
    a word of its own."""
    if language() != "zh" or not re.search(_HAS_CJK, text):
        return _rich_divide_line(text, width, fold)
    from rich.cells import cell_len, chop_cells

    breaks: List[int] = []
    offset = 0
    for match in re.finditer(_CJK_WORD, text):
        start, word = match.start(), match.group(0)
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width and fold:
            pieces = chop_cells(word, width=width)
            for i, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if i == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


_rich_divide_line = _rich_text.divide_line
_rich_text.divide_line = _divide_line  # Text.wrap looks it up here: the one place Rich divides lines

KIND_LABELS = {"role": N_("Promotion roles"), "track": N_("Operation tracks (functions)"), "post": N_("Operation posts")}
ROLE_KINDS = {"role": N_("promotion role"), "track": N_("operation track"), "post": N_("operation post")}
FAMILY_PARTS = (("definition", N_("Definition")), ("goal", N_("Goal")), ("focus", N_("Focus")))


def console(stderr: bool = False) -> Console:
    # Rich honours NO_COLOR and writes plain text when the stream is not a terminal; --no-color too.
    from promo_ops.render import TERMINAL

    out = Console(file=sys.stderr if stderr else sys.stdout, highlight=False, emoji=False,
                  no_color=None if TERMINAL["color"] else True)
    # Rich works the size out (environment, terminal) each time anything asks, thousands of times
    # in one advise; the terminal will not change size while a result is drawn, so fix it once.
    out.size = out.size
    return out


def t(value: Any, style: str = "") -> Text:
    return Text(clean.text(str(value)), style=style)


def join(*parts: Any) -> Text:
    out = Text()
    for part in parts:
        out.append_text(part if isinstance(part, Text) else t(part))
    return out


def both(en: str, zh: str) -> Tuple[str, str]:
    """An entry's two names, the run's language first: a Chinese reader sees 活动运营 before Activity operation."""
    return (zh, en) if language() == "zh" and zh else (en, zh)


def heading(title: str, zh: str = "", sub: str = "") -> Text:
    out = t(title, "bold")
    if zh:
        out.append_text(t(f"  {zh}", "bold"))
    if sub:
        out.append_text(t(f"  （{sub}）" if language() == "zh" else f"  ({sub})", "dim"))
    return out


def paren(text: str) -> str:
    """`text` in brackets after what it explains: " (text)", or "（text）" in a Chinese run."""
    return f"（{text}）" if language() == "zh" else f" ({text})"


def colon() -> str:
    """The colon after a label inside a line: ": ", or "：" in a Chinese run."""
    return "：" if language() == "zh" else ": "


def quote(source: str) -> Optional[Text]:
    if not source:
        return None
    return t(_("Source: “{quote}”").format(quote=source), "dim italic")


def para(label: str, text: str, source: str = "") -> Group:
    body: List[Any] = [join(t(_("{label}: ").format(label=label), "bold"), t(text))]
    q = quote(source)
    if q is not None:
        body.append(Padding(q, (0, 0, 0, 2)))
    return Group(*body)


def numbered(items: Iterable[Dict[str, Any]], out: Console) -> None:
    """1. text, with its source quote beneath, for exercises, aims and the like; wrapped lines hang
    under the text, not under the number."""
    rows = []
    for i, item in enumerate(items, 1):
        q = quote(item.get("source", "") if item.get("basis") != "reading" else "")
        rows.append((f"{i}.", said(item) if q is None else Group(said(item), q)))
    if rows:
        out.print(hanging(rows))


class Hanging:
    """Rows of `label body`, each body's wrapped lines hanging under its own first line.

    What a two-column Table.grid draws, for a fraction of its cost (a grid measures every cell
    to share out the width; this gives the body what the labels leave), and without its habit
    of cutting a narrow cell with "…": a body is always wrapped, never cut.
    """

    def __init__(self, rows: Iterable[Tuple[Text, Any]], gap: int = 1, right: bool = False) -> None:
        self.rows = [(label, body if isinstance(body, (Text, Group, Table, Padding, Hanging)) else t(body))
                     for label, body in rows]
        self.gap = gap
        self.right = right

    def _label_width(self) -> int:
        return max((label.cell_len for label, _ in self.rows), default=0)

    def __rich_console__(self, console: Console, options: Any) -> Iterable[Segment]:
        width = self._label_width()
        inner = options.update(width=max(1, options.max_width - width - self.gap))
        blank = Segment(" " * width)
        gap = Segment(" " * self.gap)
        for label, body in self.rows:
            pad = Segment(" " * (width - label.cell_len))
            for i, line in enumerate(console.render_lines(body, inner, pad=False)):
                if i:
                    yield blank
                elif self.right:
                    yield pad
                    yield from label.render(console)
                else:
                    yield from label.render(console)
                    yield pad
                yield gap
                yield from line
                yield Segment.line()

    def __rich_measure__(self, console: Console, options: Any) -> Measurement:
        extra = self._label_width() + self.gap
        body = Measurement.get(console, options, Group(*(b for _, b in self.rows)))
        return Measurement(body.minimum + extra, body.maximum + extra)


def hanging(rows: Iterable[Any], style: str = "") -> Hanging:
    """Numbered rows whose text wraps under itself, not under the number."""
    return Hanging(((t(label, style), text) for label, text in rows), right=True)


def bullet(body: Any, marker: str = "•", indent: int = 0) -> Any:
    """One bullet whose wrapped lines hang under its text."""
    grid = Hanging([(t(marker), body)])
    return Padding(grid, (0, 0, 0, indent)) if indent else grid


def bullet_join(*parts: Any) -> Any:
    """A bullet of several parts (text, styled ids, a dim tag), wrapping under its own text."""
    return bullet(join(*parts))


def bullets(items: Iterable[Any], marker: str = "•") -> Group:
    return Group(*(bullet(item, marker) for item in items))


def labelled(label: str, body: Any, style: str = "") -> Any:
    """`Label: text`, the text wrapping under itself (lists of ids, notes); after a long label the
    text starts on the next line, indented, so that a narrow terminal still has room for an id."""
    if t(label).cell_len > 24:  # columns, not characters: a Chinese label is twice as wide
        return Group(t(label.rstrip(), "bold"),
                     Padding(body if isinstance(body, (Text, Group, Table)) else t(body, style), (0, 0, 0, 2)))
    return Hanging([(t(label, "bold"), body if isinstance(body, (Text, Group, Table)) else t(body, style))], gap=0)


def _table(*columns: str, ids: Tuple[int, ...] = (0,), **kwargs: Any) -> Table:
    """A table whose id columns (the first, unless `ids` says) are never wrapped or split."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False, **kwargs)
    for i, col in enumerate(columns):
        if i in ids:
            table.add_column(t(col), no_wrap=True, overflow="fold")  # never "…": split only if nothing else fits
        else:
            table.add_column(t(col), overflow="fold")
    return table


def _width(out: Console) -> int:
    return out.size.width


# --- browse commands ------------------------------------------------------------------

def _name_columns() -> Tuple[str, str]:
    """Headings of the two name columns, the run's language first."""
    return (_("name"), "English") if language() == "zh" else (_("name"), "中文")


def roles(result: Dict[str, Any], out: Console) -> None:
    by_kind: Dict[str, List[dict]] = {}
    for role in result["roles"]:
        by_kind.setdefault(role["kind"], []).append(role)
    first = True
    for kind in ("role", "track", "post"):
        items = by_kind.get(kind)
        if not items:
            continue
        if not first:
            out.print()
        first = False
        out.print(t(translate(KIND_LABELS[kind]), "bold"))
        table = _table("id", *_name_columns())
        for role in items:
            table.add_row(t(role["id"], "cyan"), *(t(n) for n in both(role["name"], role["name_zh"])))
        out.print(table)
    if first:
        out.print(t(_("No roles.")))
    else:
        out.print(t(_("More: promo-ops show ID · promo-ops compare A B"), "dim"))


def skills(result: Dict[str, Any], out: Console) -> None:
    width = _width(out)
    if width < 80:  # too narrow for columns: one block per skill, its roles hanging under the label
        for s in result["skills"]:
            first, second = both(s["name"], s["name_zh"])
            out.print(hanging([(s["id"], join(t(first), t("  "), t(second)))], style="cyan"))
            out.print(Padding(labelled(_("needed by: "), t(", ".join(s["needed_by"]) or "-")), (0, 0, 0, 2)))
    else:
        wide = width >= 110
        table = _table("id", *_name_columns(), _("needed by")) if wide else _table("id", _("name"), _("needed by"))
        # A role id and its comma always fit on a line.
        table.columns[-1].min_width = max((len(r) + 1 for s in result["skills"] for r in s["needed_by"]), default=1)
        for s in result["skills"]:
            first, second = both(s["name"], s["name_zh"])
            cells = [t(first), t(second)] if wide else [join(t(first), t("\n"), t(second))]
            table.add_row(t(s["id"], "cyan"), *cells, t(", ".join(s["needed_by"]) or "-"))
        out.print(table)
    out.print(t(_("More: promo-ops show SKILL"), "dim"))


def show(result: Dict[str, Any], out: Console) -> None:
    {"family": _show_family, "role": _show_role, "skill": _show_skill, "case": _show_case}[result["kind"]](
        result["entry"], out)


def _show_family(e: Dict[str, Any], out: Console) -> None:
    out.print(heading(*both(e["name"], e["name_zh"]), _("family")))
    out.print()
    if e.get("scope"):
        out.print(para(_("Scope"), e["scope"]["text"], e["scope"].get("source", "")))
    for key, label in FAMILY_PARTS:
        out.print(para(translate(label), e[key]["text"], e[key]["source"]))
    for c in e["classifications"]:
        out.print()
        if language() == "zh":  # the Chinese name alone: 按线上与线下分类
            out.print(t(_("Classified {name}").format(name=c["name_zh"]), "bold"))
        else:
            out.print(join(t(_("Classified {name}").format(name=c["name"].lower()), "bold"), t(f"  {c['name_zh']}", "bold")))
        q = quote(c["source"])
        if q is not None:
            out.print(Padding(q, (0, 0, 0, 2)))
        for item in c["classes"]:
            first, second = (item["name_zh"], item["name"]) if language() == "zh" else (item["name"], item["name_zh"])
            body = [join(t(first), t(f"  {second}"))]  # the run's language first
            details = []
            if item["examples"]:
                details.append(_("e.g. {examples}").format(examples=_(", ").join(item["examples"])))
            if item["roles_basis"]:
                # Which of promo-ops' roles a kind covers: the article's where it says so, else the project's reading.
                details.append(_("roles: {roles}").format(roles=_(", ").join(
                    name(r["role"]) if r["basis"] == "article" else _("{role} (promo-ops' reading)").format(role=name(r["role"]))
                    for r in item["roles_basis"])))
            if details:
                body.append(t(_("; ").join(details), "dim"))
            out.print(bullet(Group(*body), indent=2))
        if c.get("note"):
            note = c["note"]
            text = note["text"] if note.get("basis", "article") == "article" else translate(READING) + note["text"]
            out.print(Padding(para(_("Note"), text, note.get("source", "")), (0, 0, 0, 2)))
    out.print()
    for kind, ids in e["roles"].items():
        if ids:
            out.print(join(t(_("{label}: ").format(label=translate(KIND_LABELS[kind])), "bold"), t(", ".join(ids), "cyan")))
    out.print(t(_("More: promo-ops compare promotion operation"), "dim"))


def _show_role(e: Dict[str, Any], out: Console) -> None:
    kind = translate(ROLE_KINDS[e["kind"]]) if e["kind"] in ROLE_KINDS else e["kind"]
    out.print(heading(*both(e["name"], e["name_zh"]), _("{id}, {kind}").format(id=e["id"], kind=kind)))
    out.print()
    out.print(para(_("Summary"), e["summary"], e["source"]))
    if e["related"]:
        out.print(join(t(_("Related: "), "bold"), t(_(", ").join(names(e["related"])))))
    out.print()
    table = _table(_("skill"), _("importance"), _("level needed"), _("why it is needed"))
    for need in e["skills"]:
        basis = (_("the article: “{quote}”").format(quote=need["source"]) if need["basis"] == "article"
                 else translate(READING) + need["why"])
        table.add_row(t(need["skill"], "cyan"), t("●" * need["importance"]), t(str(need["level"])), t(basis, "dim"))
    out.print(t(_("Skills it needs"), "bold"))
    out.print(t(_("(importances and levels are promo-ops' reading)"), "dim"))
    out.print(table)
    if e["transitions"]:
        out.print(t(_("Moves the article speaks of"), "bold"))
        for tr in e["transitions"]:
            out.print(bullet_join(t(f"{name(tr['from'])} → {name(tr['to'])}", "bold"), t(_(" ({verdict}): ").format(verdict=tr["verdict"])),
                           said({"text": tr["summary"], "basis": tr.get("basis", "article")})))
    out.print(t(_("More: promo-ops advise --role {id}").format(id=e["id"]), "dim"))


def _show_skill(e: Dict[str, Any], out: Console) -> None:
    out.print(heading(*both(e["name"], e["name_zh"]), _("{id}, skill").format(id=e["id"])))
    out.print()
    reading = e.get("basis") == "reading"
    out.print(para(_("What it is"), (translate(READING) if reading else "") + e["description"],
                   "" if reading else e["source"]))
    if e["prerequisites_basis"]:
        out.print(t(_("Learn first"), "bold"))
        for p in e["prerequisites_basis"]:
            body = [join(t(name(p["skill"]), "bold"), t(": "), said({"text": p["why"], "basis": "reading"}))
                    if p["basis"] == "reading" else t(name(p["skill"]), "bold")]
            q = quote(p.get("source", "") if p["basis"] == "article" else "")
            if q is not None:
                body.append(q)
            out.print(bullet(Group(*body), indent=2))
    if e.get("levels"):
        out.print()
        out.print(join(t(_("Levels"), "bold"),
                       t("  " + _("(promo-ops' reading: what a person at each level has done)"), "dim")))
        if e.get("levels_why"):
            out.print(Padding(t(_("Why: {why}").format(why=e["levels_why"]), "dim"), (0, 0, 0, 2)))
        out.print(Padding(hanging([(str(level), join(t(text["en"]), t("\n"), t(text["zh"])))
                                   for level, text in sorted(e["levels"].items(), key=lambda kv: int(kv[0]))]),
                          (0, 0, 0, 2)))
    out.print()
    out.print(t(_("Practice"), "bold"))
    numbered(e["exercises"], out)
    if e["needed_by"]:
        out.print()
        out.print(join(t(_("Needed by: "), "bold"),
                       t(_(", ").join(_("{role} (level {level})").format(role=name(n["role"]), level=n["level"])
                                      for n in e["needed_by"]))))


def _show_case(e: Dict[str, Any], out: Console) -> None:
    out.print(heading(*both(e["name"], e["name_zh"]), _("{id}, case").format(id=e["id"])))
    out.print()
    out.print(t(e["summary"]))
    q = quote(e["source"])
    if q is not None:
        out.print(Padding(q, (0, 0, 0, 2)))
    out.print()
    out.print(t(_("How it unfolded"), "bold"))
    for i, step in enumerate(e["steps"], 1):
        label = join(t(f"{i}. "), t(step["stage"], "bold"))
        if step["functions"]:
            label.append_text(t(f"  [{_(', ').join(names(step['functions']))}]", "cyan"))
        out.print(label)
        out.print(Padding(said(step), (0, 0, 0, 3)))
        sq = quote(step["source"])
        if sq is not None:
            out.print(Padding(sq, (0, 0, 0, 3)))
    if e["aims"]:
        out.print()
        out.print(t(_("Its aims"), "bold"))
        numbered(e["aims"], out)
    out.print()
    out.print(join(t(_("Lesson: "), "bold"), said(e["lesson"])))
    q = quote(e["lesson"].get("source", ""))
    if q is not None:
        out.print(Padding(q, (0, 0, 0, 2)))


def validate(result: Dict[str, Any], out: Console) -> None:
    c = result["counts"]
    out.print(t(_("{path}: valid: {counts}").format(path=result["path"], counts=_(", ").join(f"{n} {k}" for k, n in c.items()))),
              soft_wrap=True)


# --- advise ---------------------------------------------------------------------------------

def bar(score: float, width: int = 10) -> str:
    filled = int(round(score * width))
    return "█" * filled + "░" * (width - filled)


READING = N_("promo-ops' reading: ")


def said(item: Dict[str, Any]) -> Text:
    """An item's text, marked when it is promo-ops' reading rather than the article's."""
    if item.get("basis") == "reading":
        return join(t(translate(READING), "italic"), t(item["text"]))
    return t(item["text"])


def footmark(notes: Footnotes, item: Dict[str, Any]) -> Text:
    """An item's short mark, [n], pointing at its quote or why in the footnotes below."""
    n = notes.number(item)
    if not n:
        return t("")
    return t(f"[{n}]" if language() == "zh" else f" [{n}]", "dim")  # Chinese sets a note's mark close up


def paren_id(entry_id: str) -> Text:
    """An id after a name, for typing it back: (copywriting), in full-width brackets in a Chinese run."""
    return t(f"（{entry_id}）" if language() == "zh" else f" ({entry_id})", "cyan")


def footnotes(notes: Footnotes, out: Console) -> None:
    """Each quote and why the marks point at, once: the article's words (as they were read, in
    English) or why promo-ops suggests what is its own reading."""
    if not notes.items:
        return
    out.print()
    out.print(t(_("Sources and reasons, by number"), "dim"))
    rows = []
    for n, (basis, text) in enumerate(notes.items, 1):
        if basis == "article":
            rows.append((f"[{n}]", t(_("The article: “{quote}”").format(quote=text), "dim italic")))
        else:
            rows.append((f"[{n}]", t(_("Why promo-ops says so: {why}").format(why=text), "dim")))
    out.print(hanging(rows, "dim"))


def _years(p: Dict[str, Any]) -> str:
    if p["sources"].get("years", "default") == "default" or p["years"] is None:
        return _("years: not given")
    return (_("{n} year") if p["years"] == 1 else _("{n} years")).format(n=p["years"])


def profile_lines(p: Dict[str, Any]) -> List[Text]:
    """What the person said, and nothing else as if they said it: defaults and levels assumed
    from their role are labelled as such."""
    src = p["sources"]
    parts = [name(p["current_role"]) + paren(name(p["current_family"])), _years(p)]
    parts.append(_("{company} company").format(company=label("company_type", p["company_type"])) if p["company_type"]
                 else _("company type: not given"))
    side = name(p["target_family"]) if p["target_family"] != "any" else _("either side")
    parts.append(_("moving to: {side}").format(side=side) + (_(" (not given: the other side by default)")
                                                             if src.get("target", "default") == "default" else ""))
    parts.append(_("enjoys {interests}").format(interests=_(", ").join(label("interests", i) for i in p["interests"]))
                 if p["interests"] else _("interests: not given"))
    if p.get("motives"):
        parts.append(_("why: {motives}").format(motives=_(", ").join(label("motives", m) for m in p["motives"])))
    lines = [join(t(_("You: "), "bold"), t(" · ".join(parts)))]
    levels = p["skill_levels"]
    # Skills by name, as people read them (--skill takes names as well as ids).
    stated = [f"{name(k)} {v['level']}" for k, v in levels.items() if v["stated"]]
    assumed = [f"{name(k)} {v['level']}" for k, v in levels.items() if not v["stated"] and v["level"]]
    if stated:
        lines.append(join(t(_("Levels you gave: "), "bold"), t(_(", ").join(stated))))
    if assumed:
        lines.append(join(t(_("Assumed from your role: "), "bold"), t(_(", ").join(assumed)),
                          t(_(" (say --skill SKILL=LEVEL to correct)"), "dim")))
    return lines


def _tag(rule: str, explain: bool) -> str:
    """A rule's id after what it says, only when --explain prints the rules by id to look it up;
    otherwise the sentence stands on its own."""
    return f" [{rule}]" if explain and rule else ""


def score_line(r: Dict[str, Any], explain: bool = False) -> Text:
    """The score and what it is made of, so the number can be checked on the spot."""
    parts = [_("coverage {coverage:.2f}").format(coverage=r["coverage"])]
    parts += [f"{a['delta']:+.2f}{_tag(a['rule'], explain)}" for a in r["adjustments"]]
    raw = round(r["coverage"] + sum(a["delta"] for a in r["adjustments"]), 4)
    clamp = "" if raw == r["score"] else _(" = {raw:.2f}, clamped to 0..1").format(raw=raw)
    return join(t(_("Score "), "bold"), t(f"{r['score']:.2f} = " + " ".join(parts) + clamp))


def _level_note(x: Dict[str, Any]) -> str:
    return _("{skill} (level {level}, needs {needed}; {whose})").format(
        skill=name(x["skill"]), level=x["level"], needed=x["needed"], whose=_("you said") if x["stated"] else _("assumed from your role"))


def help_most_sentence(hm: Dict[str, Any], recs: List[Dict[str, Any]]) -> str:
    """What one step raises, naming the best track before and after it; the gain is the difference
    of the two scores as printed, so the three numbers always agree."""
    before, after = round(hm["score_before"], 2), round(hm["score_after"], 2)
    return _("{name} ({skill}) from {start} to {end} raises the best score from {before:.2f} ({was}) to "
             "{after:.2f} ({now}), +{gain:.2f}").format(
        name=hm["name"], skill=hm["skill"], start=hm["from_level"], end=hm["to_level"], before=before,
        after=after, gain=after - before, was=name(recs[0]["track"]), now=name(hm["best_track"]))


def advise(result: Dict[str, Any], out: Console) -> None:
    recs = result["recommendations"]
    explain = "trace" in result
    notes = Footnotes()  # the quotes and whys behind the advice, plan and notes, listed once at the end
    for line in profile_lines(result["profile"]):
        out.print(line)
    out.print()
    if not recs:
        out.print(t(_("No track to recommend: the knowledge base has no roles on that side.")))
        return
    # A track's name wraps between words on a narrow terminal; the rank, bar and fit never do.
    table = _table("#", _("track"), _("score"), _("fit"), _("skills at the level needed"), ids=(0, 2, 3))
    # Below 70 columns the bar gives its room to the names: the number says the same.
    width = _width(out)
    for i, r in enumerate(recs, 1):
        table.add_row(t(str(i)), t(name(r["track"]), "cyan"),
                      t((f"{bar(r['score'])} " if width >= 70 else "") + f"{r['score']:.2f}"), t(r["fit_name"]),
                      t(_("{n} of {total}").format(n=r["matched_count"], total=r["skills_total"])))
    # A word of a name is never split: the column is at least as wide as the longest one.
    table.columns[1].min_width = max((t(w).cell_len for r in recs for w in name(r["track"]).split()), default=1)
    out.print(t(_("Tracks, best first"), "bold"))
    out.print(table)
    best = next(r for r in recs if r["track"] == result["plan_track"])
    out.print()
    chosen = result.get("plan_track_reason")
    title = _("Best: {name}") if best is recs[0] and not chosen else (_("Your plan: {name}") if chosen else _("Your choice: {name}"))
    first, second = both(best["name"], best["name_zh"])
    out.print(heading(title.format(name=first), second,
                      _("{track}, {fit} fit").format(track=best["track"], fit=best["fit_name"])))
    if chosen:
        out.print(join(t(_("Chosen by what you said you enjoy, not by the score: "), "dim"), said(chosen),
                       footmark(notes, chosen), t(_tag(chosen["rule"], explain), "dim")))
    out.print(score_line(best, explain))
    cov = _("Coverage: your skills cover {coverage:.0%} of what it needs, weighted by importance "
            "(levels and importances are promo-ops' reading).").format(coverage=best["coverage"])
    reasons = []
    if best["adjustments"]:  # the numbers added to the coverage are the project's, each with its why
        sizes = _(", ").join(f"{a['delta']:+.2f}" + footmark(notes, a).plain for a in best["adjustments"])
        reasons.append(said({"basis": "reading", "text": _(
            "the adjustments {sizes} come from the reasons below; their sizes are promo-ops' own, for the "
            "article gives no numbers.").format(sizes=sizes)}))
    reasons += [join(said(r), footmark(notes, r), t(_tag(r["rule"], explain), "dim")) for r in best["reasons"]]
    out.print(bullets([t(cov)] + reasons))
    full = [x for x in best["transfers"] if x["full"]]
    part = [x for x in best["transfers"] if not x["full"]]
    out.print(labelled(_("What transfers at the level needed ({n} of {total}): ").format(
        n=len(full), total=best["skills_total"]), t(_(", ").join(_level_note(x) for x in full) or _("none"))))
    if part:
        out.print(labelled(_("Partly: "), t(_(", ").join(_level_note(x) for x in part))))
    if best["posts"]:
        out.print(labelled(_("Posts to look for: "), t(_(", ").join(names(best["posts"])))))
    if result["advice"]:
        out.print()
        out.print(t(_("What the article says about this move"), "bold"))
        for a in result["advice"]:
            out.print(bullet_join(said(a), footmark(notes, a)))
    hm = result["help_most"]
    if hm:
        out.print()
        out.print(join(t(_("What would help most: "), "bold"), t(help_most_sentence(hm, recs))))
        if result["plan_track"] != recs[0]["track"]:
            out.print(t(_("(That is about the best-scoring track; your plan is for {plan}.)").format(
                plan=name(result["plan_track"])), "dim"))
    out.print()
    plan = result["practice_plan"]
    if plan:
        out.print(t(_("Practice plan for {track}").format(track=name(best["track"])), "bold"))
        for i, item in enumerate(plan, 1):
            out.print(join(t(f"{i}. "), t(name(item["skill"]), "bold"), paren_id(item["skill"]),
                           t("  " + _("level {start} → {end}").format(start=item["current_level"], end=item["target_level"]))))
            for r in item["reasons"]:
                line = said(r)
                if r["rule"] and r["basis"] == "reading":  # a reading from a rule or a move: say why
                    line.append_text(t(paren(r["why"]), "dim"))
                elif r["basis"] == "article":
                    line.append_text(footmark(notes, r))
                out.print(bullet(line, marker="·", indent=3))
            for ex in item["exercises"]:
                out.print(bullet(join(said(ex), footmark(notes, ex)), marker="-", indent=3))
    else:
        out.print(t(_("Practice plan for {track}: nothing to learn; you cover every skill it needs.").format(
            track=name(best["track"])), "bold"))
    if result["notes"]:
        out.print()
        out.print(t(_("Notes"), "bold"))
        for n in result["notes"]:
            out.print(bullet_join(said(n), footmark(notes, n), t(_tag(n["rule"], explain), "dim")))
    footnotes(notes, out)
    if "trace" in result:
        _trace(result["trace"], out, result["profile"])
    if "what_if" in result:
        _what_if(result["what_if"], out)
    out.print()
    out.print(t(_("Next: {commands}").format(commands=" · ".join(result["next"])), "dim"))


def _signed(change: float) -> str:
    return f"{change:+.2f}" if change else "±0"


def _what_if(w: Dict[str, Any], out: Console) -> None:
    levels = ", ".join(f"{k}={v}" for k, v in w["levels"].items())
    out.print()
    out.print(t(_("What if: {levels} (a hypothesis; nothing is saved)").format(levels=levels), "bold"))
    table = _table("#", _("track"), _("today"), _("what if"), _("change"))
    rank = {r["track"]: i for i, r in enumerate(w["recommendations"], 1)}
    for d in sorted(w["difference"], key=lambda d: rank[d["track"]]):
        table.add_row(t(str(rank[d["track"]])), t(name(d["track"]), "cyan"), t(f"{d['score_now']:.2f}"),
                      t(f"{bar(d['score_if'])} {d['score_if']:.2f}"), t(_signed(d["change"])))
    out.print(table)
    if w["practice_plan"]:
        out.print(t(_("Practice plan for {track} then").format(track=name(w["plan_track"])), "bold"))
        for i, item in enumerate(w["practice_plan"], 1):
            out.print(join(t(f"{i}. "), t(name(item["skill"]), "bold"), t(f" ({item['skill']})", "cyan"),
                           t(_("  level {now} → {target}").format(now=item["current_level"],
                                                                  target=item["target_level"]))))
    elif w["plan_track"]:
        out.print(t(_("Practice plan for {track} then: nothing left to learn.").format(track=name(w["plan_track"])), "bold"))


STATE_MARKS = {"todo": "[ ]", "doing": "[~]", "done": "[x]", "skipped": "[-]"}


def progress(result: Dict[str, Any], out: Console) -> None:
    ex = result["exercises"]
    score = result["score"]
    out.print(heading(_("Plan for {track}").format(track=result["track_name"] or result["track"]), "",
                      _("{file}, made {made}").format(file=result["file"], made=result["made"])))
    out.print(join(t(_("Progress: "), "bold"), t(f"{bar(result['percent'] / 100)} {result['percent']}%"),
                   t(_("  {done} of {left} exercises done ({doing} doing, {skipped} skipped, {todo} to do)").format(
                       done=ex["done"], left=ex["total"] - ex["skipped"], doing=ex["doing"], skipped=ex["skipped"],
                       todo=ex["todo"]))))
    if score["now"] is None:
        out.print(join(t(_("Score: "), "bold"), t(_("{then:.2f} when made; cannot be scored now (see below)").format(
            then=score["when_made"]))))
    else:
        out.print(join(t(_("Score: "), "bold"), t(_("{then:.2f} when made, {now:.2f} now ({change})").format(
            then=score["when_made"], now=score["now"], change=_signed(score["change"])))))
    out.print()
    # The levels never wrap; a skill's name and id do, between words, when the terminal is narrow.
    table = _table(_("skill"), _("then"), _("now"), _("target"), ids=(1, 2, 3))
    for s in result["skills"]:
        now = "-" if s["level_now"] is None else str(s["level_now"])
        if s["level_now_is"] == "assumed":
            now += _(" (assumed)")
        table.add_row(join(t(s["name"]), paren_id(s["skill"])), t(str(s["level_then"])), t(now),
                      t("-" if s["target_level"] is None else str(s["target_level"])))
    out.print(t(_("Skill levels"), "bold"))
    out.print(table)
    out.print()
    out.print(t(_("Exercises  ([x] done, [~] doing, [-] skipped, [ ] to do)"), "bold"))
    notes = Footnotes()  # each exercise's quote or why, once, after the list
    for item in result["practice"]:
        out.print(join(t(item["name"], "bold"), paren_id(item["skill"])))
        rows = []
        for e in item["exercises"]:
            note = {"missing": _(" (no longer in the knowledge base)"),
                    "changed": _(" (reworded in the knowledge base)")}.get(e.get("knowledge_base", ""), "")
            rows.append((f"{STATE_MARKS[e['state']]} {e['ref']}", join(said(e), footmark(notes, e), t(note, "yellow"))))
        grid = Table.grid(padding=(0, 1))  # each exercise's text wraps under itself
        grid.add_column(no_wrap=True, overflow="fold")
        grid.add_column(overflow="fold")  # Chinese has no spaces to wrap at: never cut it short with "…"
        for label, text in rows:
            grid.add_row(t(label), text)
        out.print(Padding(grid, (0, 0, 0, 2)))
    nxt = result["next"]
    if nxt:
        out.print()
        if nxt["skill"]:
            h = nxt["skill"]
            out.print(join(t(_("What would help most next: "), "bold"), t(
                _("{name} ({skill}) from {a} to {b} raises the score from {before:.2f} to {after:.2f}").format(
                    name=h["name"], skill=h["skill"], a=h["from_level"], b=h["to_level"], before=h["score_before"],
                    after=h["score_after"]))))
        if nxt["exercise"]:
            e = nxt["exercise"]
            out.print(join(t(_("Next exercise: "), "bold"), t(f"{e['ref']}  "), said(e), footmark(notes, e)))
    footnotes(notes, out)
    kb = result["knowledge_base"]
    if kb["missing"]:
        out.print()
        out.print(t(_("No longer in the knowledge base"), "bold yellow"))
        for m in kb["missing"]:
            out.print(bullet_join(t(_missing_text(m))))
    out.print()
    out.print(t(_("Record practice: promo-ops progress {file} --done SKILL.N (or --doing, --skip, --level SKILL=LEVEL)")
                .format(file=result["file"]), "dim"))


def _missing_text(m: Dict[str, str]) -> str:
    return {
        "skill": _("skill {id} of the plan: its level and exercises are kept as the file has them"),
        "exercise": _("exercise {id}: kept as the file has it"),
        "answer-skill": _("skill {id} of your answers: left out of the score"),
        "role": _("your current role {id}: nothing can be scored"),
        "track": _("the plan's track {id}: it cannot be scored"),
    }[m["kind"]].format(id=m["id"])


def _effect_text(e: Dict[str, Any]) -> str:
    if "score" in e:
        where = ", ".join(e["tracks"]) if "tracks" in e else _("every {family} role").format(family=e["family"])
        return _("score {score:+.2f} for {where}").format(score=e["score"], where=where)
    if "practise" in e:
        return _("practise {skills}").format(skills=", ".join(e["practise"]))
    if "plan" in e:
        return _("plan for the first of {tracks} (without --track)").format(tracks=", ".join(e["plan"]))
    return _("note: {note}").format(note=e["note"])


# The answer each fact the rules test is derived from, so --explain can say which were given.
_FACT_ANSWER = {"current_role": "current_role", "current_family": "current_role", "current_kind": "current_role",
                "years": "years", "company_type": "company_type", "target": "target", "target_family": "target",
                "interests": "interests", "motives": "motives"}


def _trace(trace: Dict[str, Any], out: Console, profile: Optional[Dict[str, Any]] = None) -> None:
    from promo_ops.rules import describe

    sources = (profile or {}).get("sources", {})
    levels = (profile or {}).get("skill_levels", {})
    out.print()
    out.print(t(_("Explain: facts"), "bold"))
    for key, value in trace["facts"].items():
        if key.startswith(("skill.", "stated.skill.")) and not value:
            continue
        note = ""
        if key.startswith("skill."):  # a level the person said, or one assumed from their role
            note = _(" (you said)") if levels.get(key[6:], {}).get("stated") else _(" (assumed from your role)")
        elif sources.get(_FACT_ANSWER.get(key, ""), "") == "default":
            note = _(" (not given: the default)")
        out.print(t(f"  {key} = {value!r}{note}"))
    out.print(t("  " + _("(skill.* not listed are 0; stated.skill.* not listed were not given)"), "dim"))
    out.print()
    out.print(t(_("Explain: rules"), "bold"))
    for r in trace["rules"]:
        out.print(join(t(_("FIRED ") if r["fired"] else "----- ", "green" if r["fired"] else "dim"), t(r["rule"], "cyan")))
        for line in describe(r["condition"], 2):
            out.print(t(line))
        for e in r["effects"]:
            out.print(t(f"    => {_effect_text(e)}", "dim"))
    out.print()
    out.print(t(_("Explain: scores"), "bold"))
    for s in trace["scores"]:
        out.print(join(t(s["track"], "cyan"), t(_(": coverage {coverage:.4f}").format(coverage=s["coverage"]))))
        stated = set(s.get("stated", ()))
        for n in s["needs"]:
            whose = "" if not n["have"] else (_(" (you said)") if n["skill"] in stated else _(" (assumed from your role)"))
            out.print(t("    " + _("{skill}: have {have}{whose} of {needed} x importance {importance} -> credit {credit:.2f}").format(
                skill=n["skill"], have=n["have"], whose=whose, needed=n["needed"], importance=n["importance"],
                credit=n["credit"])))
        for a in s["adjustments"]:
            out.print(t("    " + _("{delta:+.2f} from rule {rule}").format(delta=a["delta"], rule=a["rule"])))
        out.print(t("    " + _("score = clamp(coverage + adjustments, 0, 1) = {score:.4f}").format(score=s["score"])))


# --- compare and paths -------------------------------------------------------------------

_LATIN_WORD = re.compile(r"[!-~]+")  # printable ASCII without spaces


def _side_title(side: Dict[str, Any]) -> str:
    return " ".join(n for n in both(side["name"], side["name_zh"]) if n)  # the run's language first


def _cite(sources: List[str], source: str) -> int:
    """The number of a quote in the list of sources: a quote cited twice keeps its first number."""
    if source not in sources:
        sources.append(source)
    return sources.index(source) + 1


def _ref(n: int) -> str:
    """A mark pointing at the n-th source listed below: " [n]", set close up after Chinese."""
    return f"[{n}]" if language() == "zh" else f" [{n}]"


def _side_name(side: Dict[str, Any]) -> str:
    return side["name_zh"] if language() == "zh" else side["name"]


def compare(result: Dict[str, Any], out: Console) -> None:
    left, right = result["left"], result["right"]
    out.print(join(t(_side_title(left), "bold"), t("  " + _("vs") + "  "), t(_side_title(right), "bold")))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_lines=True)
    table.add_column("", overflow="fold", ratio=2)
    table.add_column(t(_side_name(left) + paren(left["id"])), overflow="fold", ratio=4)
    table.add_column(t(_side_name(right) + paren(right["id"])), overflow="fold", ratio=4)
    sources: List[str] = []
    if result.get("scope"):
        # The article's own caveat: its two words are too big; it compares website promotion and operation.
        out.print(join(t(_("Scope: "), "bold"), said(result["scope"]), t(_ref(_cite(sources, result["scope"]["source"])), "dim")))
        out.print()
    narrow = _width(out) < 80
    for a in result["aspects"]:
        label = t(translate(a["name"]), "bold")
        if a["source"]:
            label.append_text(t(_ref(_cite(sources, a["source"])), "dim"))
        cells = (said({"text": a["left"], **a["left_basis"]}), said({"text": a["right"], **a["right_basis"]}))
        if narrow:  # too narrow for three columns: one block per aspect, each side hanging under its name
            out.print(label)
            for side, cell in zip((left, right), cells):
                out.print(Padding(bullet(join(t(_side_name(side) + colon(), "bold"), cell)), (0, 0, 0, 2)))
        else:
            table.add_row(label, *cells)
    if not narrow:
        # A cell's longest word (an id in a list) always fits its column, so no id is split. Only
        # words of Latin letters count: Chinese has no spaces and wraps between any two characters.
        longest = max((len(w) for a in result["aspects"] for w in _LATIN_WORD.findall(f"{a['left']} {a['right']}")),
                      default=1)
        longest = max(longest, len(left["id"]) + 2, len(right["id"]) + 2)  # the "(id)" in each header
        for column in table.columns[1:]:
            column.min_width = min(longest, max(10, (_width(out) - 16) // 2))
        out.print(table)
    if result["kind"] == "role":
        _compare_roles(result, out)
    elif result["kind"] == "mixed":
        out.print()
        out.print(t(_("How well the role covers each of the family's roles and tracks"), "bold"))
        for m in result["best_matches"]:
            out.print(t(f"  {bar(m['score'])} {m['score']:.2f}  {name(m['role'])}{paren(m['role'])}"))
    if result["similarities"]:
        out.print()
        out.print(t(_("What they share"), "bold"))
        for sim in result["similarities"]:
            if sim["basis"] == "article":
                out.print(bullet_join(t(sim["text"]), t(_ref(_cite(sources, sim["source"])), "dim")))
            else:
                out.print(bullet_join(said(sim)))
    for direction, a, b in (("left_to_right", left, right), ("right_to_left", right, left)):
        entries = [item for item in result["advice"] if item["direction"] == direction]
        if entries:
            out.print()
            out.print(t(_("What the article says about {direction}").format(
                direction=f"{_side_name(a)} → {_side_name(b)}"), "bold"))
            for item in entries:
                if item["basis"] == "article" and item.get("source"):  # its quote listed with the others
                    out.print(bullet_join(said(item), t(_ref(_cite(sources, item["source"])), "dim")))
                else:
                    out.print(bullet_join(said(item)))
    if sources:
        out.print()
        out.print(t(_("Sources (quotes from the article)"), "dim"))
        for i, src in enumerate(sources, 1):
            out.print(t(f"[{i}] “{src}”", "dim italic"))


def _compare_roles(result: Dict[str, Any], out: Console) -> None:
    left_name, right_name = _side_name(result["left"]), _side_name(result["right"])
    # Skills and roles by name, as a person reads them; the levels never wrap.
    skills = _table(_("skill"), left_name, right_name)
    for sk in result["shared_skills"]:
        skills.add_row(t(name(sk["skill"]), "cyan"), t(str(sk["left_level"])), t(str(sk["right_level"])))
    for sk in result["only_left"]:
        skills.add_row(t(name(sk["skill"]), "cyan"), t(str(sk["level"])), t("-"))
    for sk in result["only_right"]:
        skills.add_row(t(name(sk["skill"]), "cyan"), t("-"), t(str(sk["level"])))
    out.print()
    out.print(t(_("Skills and the level each needs (- = not needed)"), "bold"))
    out.print(skills)
    tr = result["transition"]
    out.print()
    out.print(t(_("Transition score (how much of the destination's needs the source covers)"), "bold"))
    out.print(t(f"  {left_name} → {right_name}{colon()}{bar(tr['left_to_right'])} {tr['left_to_right']:.2f}"))
    out.print(t(f"  {right_name} → {left_name}{colon()}{bar(tr['right_to_left'])} {tr['right_to_left']:.2f}"))
    for direction, a, b in (("left_to_right", left_name, right_name), ("right_to_left", right_name, left_name)):
        gaps = result["practise"][direction]
        text = _(", ").join(f"{name(g['skill'])} {g['current_level']}→{g['target_level']}" for g in gaps) or _("nothing")
        out.print(labelled(_("To move {start} → {end}, practise: ").format(start=a, end=b), t(text)))


def _percent(share: float) -> str:
    """A share as a whole percentage, rounded down, so a share below a threshold never prints as reaching it."""
    return f"{int(round(share * 100, 6))}%"


def _role_name(result: Dict[str, Any], role_id: str) -> str:
    role = result.get("roles", {}).get(role_id)
    if not role:
        return role_id
    return role["name_zh"] if language() == "zh" else role["name"]


def paths(result: Dict[str, Any], out: Console) -> None:
    start, end = result["from"], result["to"]
    if not result["paths"]:
        out.print(t(result["message"]))
        return
    out.print(t(_("Routes from {start} ({start_id}) to {end} ({end_id}), best first").format(
        start=_role_name(result, start), start_id=start, end=_role_name(result, end), end_id=end), "bold"))
    said = _(", ").join(f"{name(k)} {v}" for k, v in result["profile"]["skills"].items())
    if said:
        mine = _("Your skills: you said {skills}; the rest are what {role} needs (assumed)").format(
            skills=said, role=_role_name(result, start))
    else:
        mine = _("Your skills: what {role} needs (assumed)").format(role=_role_name(result, start))
    out.print(t(mine, "dim"))
    model = result["model"]
    change = model["job_change_cost"]
    out.print(t(_("promo-ops' reading: a step costs each level to learn × its importance in the job moved into, "
                  "+ {change} for the change of job; order: {objective}.").format(
                      change=change, objective=_(", ").join(model["objective"])), "dim"))
    for route in result["paths"]:
        out.print()
        marks = [_("the article's move")] if route["article_move"] else []
        marks.append(_("viable") if route["viable"] else _("not viable"))
        moves = route["moves"]
        # The roles on the way by name (the JSON and the diagrams' comments keep the ids).
        out.print(hanging([(f"{route['rank']}.", join(t(" → ".join(_role_name(result, s) for s in route["steps"]), "cyan"),
                       t("   " + _("cost {cost}").format(cost=route["cost"])),
                       t(paren((_("{learning} learning + {moves} move × {change}") if moves == 1 else
                                _("{learning} learning + {moves} moves × {change}")).format(
                           learning=route["learning_cost"], moves=moves, change=change)), "dim"),
                       t("   " + _(", ").join(marks), "green" if route["viable"] or route["article_move"] else "yellow")))]))
        for leg in route["legs"]:
            learn = _(", ").join(f"{name(x['skill'])} {x['from']}→{x['to']}" for x in leg["learn"]) or _("nothing new")
            out.print(Padding(join(t(f"{_role_name(result, leg['from'])} → {_role_name(result, leg['to'])}{colon()}", "dim"), t(_("learn {skills}").format(skills=learn)),
                                   t("  " + _("(you start with {share} of its needs)").format(
                                       share=_percent(leg["coverage"])), "dim")),
                              (0, 0, 0, 3)))
        levels, skills = route["levels_learned"], len(route["learning"])
        out.print(Padding(t(_("In all: {levels} of {skills}").format(
            levels=(_("{n} level") if levels == 1 else _("{n} levels")).format(n=levels),
            skills=(_("{n} skill") if skills == 1 else _("{n} skills")).format(n=skills)), "dim"), (0, 0, 0, 3)))
        for item in route["basis"]:
            if item["basis"] == "article":
                if language() != "en":  # the quote stays as it was taken: say first what it says
                    out.print(Padding(t(item["text"]), (0, 0, 0, 3)))
                out.print(Padding(join(t(_("The article: "), "bold"), t(f"“{item['source']}”", "italic")), (0, 0, 0, 3)))
            else:
                out.print(Padding(t(_("promo-ops' reading: {text}").format(text=item["text"]), "dim"), (0, 0, 0, 3)))


RENDERERS: Dict[str, Callable[[Dict[str, Any], Console], None]] = {
    "roles": roles,
    "skills": skills,
    "show": show,
    "kb validate": validate,
    "advise": advise,
    "compare": compare,
    "paths": paths,
    "progress": progress,
}


_TRAILING = re.compile(r"[ ]+((?:\x1b\[[0-9;]*m)*)$", re.M)


def render(result: Dict[str, Any]) -> str:
    """Draw a result as text, with the padding Rich adds at line ends removed."""
    out = console()
    with out.capture() as captured:
        RENDERERS[result["command"]](result, out)
    return _TRAILING.sub(r"\1", captured.get())
