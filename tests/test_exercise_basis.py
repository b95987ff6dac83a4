"""Every exercise a person is told to do says what it stands on, in every form and both languages.

An exercise is either the article's (text, output shows its quote) or promo-ops' own suggestion
(marked "promo-ops' reading", output shows why). In text and Markdown each exercise carries one
short mark, [n], and the quote or the why is listed once under that number; the JSON carries
the basis with the quote or the why, for advise and for a saved plan's progress alike.
"""

from __future__ import annotations

import re
from typing import Dict, List

import pytest

from conftest import run, validate
from promo_ops import knowledge
from rich.cells import cell_len

from test_widths import check

TODAY = {"PROMO_OPS_TODAY": "2026-11-27"}
ADVISE = ("advise", "--no-input", "--role", "sem", "--skill", "copywriting=1", "--track", "content-operation")
HEADING = {"en": "Sources and reasons, by number", "zh": "出处与理由（按编号）"}
ARTICLE = {"en": "The article: ", "zh": "文章（英译）："}
WHY = {"en": "Why promo-ops says so: ", "zh": "promo-ops 的理由："}
READING = {"en": "promo-ops' reading: ", "zh": "promo-ops 的解读："}


def _flat(text: str) -> str:
    """Text with its line breaks undone: wrapped English joins with a space, wrapped Chinese with none."""
    out = re.sub(r"\n +", " ", text)
    return re.sub(r"(?<=[\u3000-\u9fff，。：；、）]) (?=[\u3000-\u9fff（“])", "", out)


def _footnotes(text: str, lang: str) -> Dict[int, str]:
    """The numbered list after the heading: n -> what it says, unwrapped."""
    assert HEADING[lang] in text, text
    tail = text.split(HEADING[lang], 1)[1]
    notes: Dict[int, str] = {}
    for match in re.finditer(r"^ *\[(\d+)\] (.*(?:\n {4,}\S.*)*)", tail, re.M):
        notes[int(match.group(1))] = re.sub(r"\s*\n\s+", " ", match.group(2)).strip()
    return notes


def _said(note: str) -> str:
    return re.sub(r"\s+", "", note)


def _expect(notes: Dict[int, str], number: int, ex: dict, lang: str) -> None:
    """Footnote `number` gives the exercise's quote (article) or its why (reading)."""
    got = _said(notes[number])
    if ex["basis"] == "article":
        assert got == _said(ARTICLE[lang] + "“" + ex["source"] + "”"), (notes[number], ex)
    else:
        assert got == _said(WHY[lang] + ex["why"]), (notes[number], ex)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [60, 80])
def test_advise_marks_each_exercise_and_lists_its_quote_or_why_once(lang, width, kb):
    data = run("--lang", lang, *ADVISE, "--json").json()
    exercises = [ex for item in data["practice_plan"] for ex in item["exercises"]]
    assert {ex["basis"] for ex in exercises} == {"article", "reading"}
    text = run("--lang", lang, *ADVISE, env={"COLUMNS": str(width)}).stdout
    check(text, width, kb)
    notes = _footnotes(text, lang)
    flat = _flat(text.split(HEADING[lang])[0])
    for ex in exercises:
        head = (READING[lang] if ex["basis"] == "reading" else "") + ex["text"]
        match = re.search(re.escape(_flat(head)) + r" ?\[(\d+)\]", flat)
        assert match, (head, flat)
        _expect(notes, int(match.group(1)), ex, lang)
        if ex["basis"] == "article":  # the article's exercise is not passed off as promo-ops' reading
            assert _flat(READING[lang] + ex["text"]) not in flat
    # Each quote or why once: no two numbers say the same.
    assert len(set(notes.values())) == len(notes)


def test_advise_text_quotes_the_article_behind_its_advice_and_notes():
    data = run(*ADVISE, "--json").json()
    text = run(*ADVISE).stdout
    notes = _footnotes(text, "en")
    flat = _flat(text.split(HEADING["en"])[0])
    for item in data["advice"] + data["notes"]:
        match = re.search(re.escape(_flat(item["text"])) + r" \[(\d+)\]", flat)
        assert match, item["text"]
        _expect(notes, int(match.group(1)), item, "en")


def _plan(tmp_path, monkeypatch):
    """A plan saved under a short name (the name is printed: a long one would wrap)."""
    monkeypatch.chdir(tmp_path)
    assert run(*ADVISE, "--save", "plan.yaml", env=TODAY).code == 0
    return "plan.yaml"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_progress_json_carries_each_exercises_basis(tmp_path, monkeypatch, lang):
    saved = _plan(tmp_path, monkeypatch)
    data = run("--lang", lang, "progress", str(saved), "--json", env=TODAY).json()
    validate(data, "progress")
    kb = knowledge.load(None)
    seen = set()
    for item in data["practice"]:
        for n, ex in enumerate(item["exercises"], 1):
            want = kb.skills[item["skill"]].exercises[n - 1]
            assert ex["basis"] == want.basis, ex
            if want.basis == "article":
                assert ex["source"] == want.source and "why" not in ex
            else:
                assert ex["why"] == (want.why_zh if lang == "zh" else want.why) and "source" not in ex
            seen.add(ex["basis"])
    assert seen == {"article", "reading"}
    nxt = data["next"]["exercise"]
    assert nxt["basis"] in ("article", "reading") and ("source" in nxt) == (nxt["basis"] == "article")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [60, 80])
def test_progress_text_marks_each_exercise(tmp_path, monkeypatch, lang, width, kb):
    saved = _plan(tmp_path, monkeypatch)
    data = run("--lang", lang, "progress", str(saved), "--json", env=TODAY).json()
    text = run("--lang", lang, "progress", str(saved), env={**TODAY, "COLUMNS": str(width)}).stdout
    assert all(cell_len(line) <= width for line in text.splitlines()), text
    assert "…" not in text
    notes = _footnotes(text, lang)
    flat = _flat(text.split(HEADING[lang])[0])
    for item in data["practice"]:
        for ex in item["exercises"]:
            head = (READING[lang] if ex["basis"] == "reading" else "") + ex["text"]
            match = re.search(re.escape(ex["ref"]) + " " + re.escape(_flat(head)) + r" ?\[(\d+)\]", flat)
            assert match, (head, flat)
            _expect(notes, int(match.group(1)), ex, lang)


def test_progress_markdown_marks_each_exercise(tmp_path, monkeypatch):
    saved = _plan(tmp_path, monkeypatch)
    data = run("progress", str(saved), "--json", env=TODAY).json()
    md = run("progress", str(saved), "--format", "markdown", env=TODAY).stdout
    assert "\n\n\n" not in md
    for item in data["practice"]:
        for ex in item["exercises"]:
            head = ("*promo-ops' reading:* " if ex["basis"] == "reading" else "") + ex["text"]
            match = re.search(re.escape(f"`{ex['ref']}` {head}") + r" \\\[(\d+)\\\]", md)
            assert match, head
            body = re.search(r"^- \\\[" + match.group(1) + r"\\\] (.*)$", md, re.M).group(1)
            want = (f"The article: “{ex['source']}”" if ex["basis"] == "article"
                    else f"Why promo-ops says so: {ex['why']}")
            assert body.replace("\\", "") == want


def test_a_reworded_exercise_has_no_basis_it_cannot_vouch_for(tmp_path, monkeypatch):
    """The plan keeps only the text: once the knowledge base words an exercise otherwise, the
    basis of the new one is not the old one's, so none is shown."""
    saved = _plan(tmp_path, monkeypatch)
    saved = tmp_path / saved
    content = saved.read_text(encoding="utf-8")
    first = "Write your own ad copy: write the creatives of your own Baidu SEM campaigns"
    assert first in content
    saved.write_text(content.replace(first, "Write your own ad copy, the creatives of your Baidu SEM campaigns"),
                     encoding="utf-8")
    data = run("progress", str(saved), "--json", env=TODAY).json()
    validate(data, "progress")
    ex = next(e for i in data["practice"] for e in i["exercises"] if e["ref"] == "copywriting.1")
    assert ex["knowledge_base"] == "changed" and "basis" not in ex and "source" not in ex
    text = run("progress", str(saved), env=TODAY).stdout
    line = _flat(text)
    assert re.search(r"copywriting\.1 Write your own ad copy, the creatives of your Baidu SEM campaigns "
                     r"yourself\. \(reworded in the knowledge base\)", line), line


def test_the_report_carries_the_whys_the_text_shows(tmp_path):
    """Each reading of the plan that the text explains in parentheses is explained in the report
    too, and a reading note says why."""
    report = tmp_path / "r.md"
    args = ("advise", "--no-input", "--role", "sem", "--motive", "tiring", "--track", "content-operation")
    text = run(*args, "--report", str(report)).stdout
    md = report.read_text(encoding="utf-8")
    data = run(*args, "--json").json()
    explained: List[str] = []
    for item in data["practice_plan"]:
        for r in item["reasons"]:
            if r["rule"] and r["basis"] == "reading":
                assert _flat(f"({r['why']})") in _flat(text)
                assert f"({r['why']})" in md.replace("\\", ""), r["why"]
                explained.append(r["why"])
    assert explained
    # The built-in notes are all the article's; a knowledge base may have a note of its own reading.
    from promo_ops.render import markdown

    data["notes"].append({"rule": "r", "text": "A note of our own.", "basis": "reading", "why": "Because we say so."})
    assert "- *promo-ops' reading:* A note of our own. (Because we say so.)" in markdown.advise(data, "2026-11-27")
    exercises = [ex for item in data["practice_plan"] for ex in item["exercises"]]
    for ex in exercises:
        said = ex["source"] if ex["basis"] == "article" else ex["why"]
        assert said in md.replace("\\", ""), said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_score_adjustments_are_marked_as_readings_with_their_whys(tmp_path, lang):
    """The numbers the rules add to the coverage are the project's: each is marked and says why."""
    args = ("--lang", lang, "advise", "--no-input", "--role", "seo", "--skill", "copywriting=2", "--interest", "writing")
    data = run(*args, "--json").json()
    best = next(r for r in data["recommendations"] if r["track"] == data["plan_track"])
    assert len(best["adjustments"]) == 2
    text = run(*args).stdout
    notes = _footnotes(text, lang)
    flat = _flat(text)
    lead = {"en": "promo-ops' reading: the adjustments ", "zh": "promo-ops 的解读：加减分 "}[lang]
    sep = {"en": ", ", "zh": "，"}[lang]
    marks = [re.escape(f"{a['delta']:+.2f}") + (" " if lang == "en" else "") + r"\[(\d+)\]" for a in best["adjustments"]]
    match = re.search(re.escape(lead) + sep.join(marks), flat)
    assert match, flat
    for a, number in zip(best["adjustments"], match.groups()):
        assert _said(notes[int(number)]) == _said(WHY[lang] + a["why"])
    report = tmp_path / "r.md"
    run(*args, "--report", str(report))
    md = report.read_text(encoding="utf-8").replace("\\", "")
    for a in best["adjustments"]:
        assert f"{WHY[lang]}{a['why']}" in md


@pytest.mark.parametrize("pair", [("promotion", "operation"), ("sem", "content-operation"), ("sem", "operation")])
def test_compare_lists_each_quote_once_and_every_mark_points_at_one(pair):
    text = run("compare", *pair).stdout
    head, _, listed = text.partition("Sources (quotes from the article)\n")
    quotes = dict(re.findall(r"^\[(\d+)\] “(.*?)”$", re.sub(r"\n(?!\[\d+\] )", " ", listed.strip()), re.M | re.S))
    assert quotes and len(set(quotes.values())) == len(quotes), quotes
    assert {n for n in re.findall(r"\[(\d+)\]", head)} == set(quotes)
