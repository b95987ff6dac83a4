"""Terminal text at 60, 80 and 120 columns: no line is wider than the terminal, no id is split
across lines, and wrapped bullets, notes, exercises and lists hang under their own text."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, run

WIDTHS = (60, 80, 120)
TOKEN = re.compile(r"-*[a-z0-9][a-z0-9-]*", re.I)


def _vocabulary(kb):
    ids = set(kb.roles) | set(kb.skills) | set(kb.families) | set(kb.cases) | {r.id for r in kb.rules}
    source = (ROOT / "data" / "roles.yaml").read_text(encoding="utf-8").lower()
    words = set(re.findall(r"[a-z0-9]+", source)) | set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", source))
    return ids, ids | words


def split_ids(text, kb):
    """Pieces of ids left at a line's end or start: a token that is no word or id but begins or ends one."""
    ids, known = _vocabulary(kb)
    bad = []
    for number, line in enumerate(text.splitlines(), 1):
        for token in TOKEN.findall(line):
            word = token.lower()
            if word in known or word.strip("-") in known and not word.endswith("-"):
                continue
            if any(i != word and (i.startswith(word) or i.endswith(word)) for i in ids):
                bad.append(f"line {number}: {token!r} in {line!r}")
    return bad


def hangs(text, item):
    """Where `item` wraps, every line after its first starts at the column its text starts at."""
    words = item.split()
    lines = text.splitlines()
    for i, line in enumerate(lines):
        column = line.find(words[0])
        while column >= 0:
            found = _follow(lines, i, column, words)
            if found is not None:
                for j in range(i + 1, found + 1):
                    indent = len(lines[j]) - len(lines[j].lstrip(" "))
                    assert indent == column, f"{item!r}: line {j + 1} starts at column {indent}, its text at " \
                                             f"{column}:\n" + "\n".join(lines[i:found + 1])
                return
            column = line.find(words[0], column + 1)
    raise AssertionError(f"{item!r} is not in the output")


def _follow(lines, i, column, words):
    """The last line of `words` if they are the text from (line i, column) on, else None."""
    got = lines[i][column:].split()
    j = i
    while len(got) < len(words):
        if got != words[:len(got)] or j + 1 >= len(lines) or not lines[j + 1].strip():
            return None
        j += 1
        got += lines[j].split()
    return j if got[:len(words)] == words else None


def check(text, width, kb):
    too_wide = [line for line in text.splitlines() if len(line) > width and not _wide_chars(line)]
    assert not too_wide, too_wide
    assert not split_ids(text, kb)


def _wide_chars(line):
    return any(ord(c) > 0x2e80 for c in line)  # CJK: two columns each; measured by Rich, not len()


@pytest.mark.parametrize("width", WIDTHS)
def test_skills(width, kb):
    text = run("skills", env={"COLUMNS": str(width)}).stdout
    check(text, width, kb)
    data = run("skills", "--json").json()
    for s in data["skills"]:
        if len(s["needed_by"]) > 4 and width < 80:  # the narrow layout: one block per skill
            hangs(text, ", ".join(s["needed_by"]))


@pytest.mark.parametrize("width", WIDTHS)
def test_roles(width, kb):
    text = run("roles", env={"COLUMNS": str(width)}).stdout
    check(text, width, kb)
    for role in kb.roles.values():
        assert re.search(rf"^{re.escape(role.id)}\s", text, re.M), role.id  # each id whole, first in its row


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("argv", [["paths", "seo", "user-operation"], ["paths", "sem", "product-operation"]])
def test_paths(width, argv, kb):
    text = run(*argv, env={"COLUMNS": str(width)}).stdout
    check(text, width, kb)
    data = run(*argv, "--json").json()
    for route in data["paths"]:
        hangs(text, " → ".join(data["roles"][step]["name"] for step in route["steps"]))  # roles by name
        for item in route["basis"]:
            if item["basis"] == "article":
                hangs(text, f"The article: “{item['source']}”")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("entry", ["promotion", "operation", "sem", "prototyping", "money-calendar"])
def test_show(width, entry, kb):
    text = run("show", entry, env={"COLUMNS": str(width)}).stdout
    check(text, width, kb)
    data = run("show", entry, "--json").json()["entry"]
    for exercise in data.get("exercises", []):
        hangs(text, exercise["text"])


def test_the_checks_catch_what_they_look_for(kb):
    assert split_ids("needs search-optimizatio\n  n and more", kb)
    assert split_ids("activity-oper\nation", kb)
    assert not split_ids("needs search-optimization, product and more", kb)
    with pytest.raises(AssertionError):
        hangs("• one two three four\nfive six", "one two three four five six")
    hangs("• one two three four\n  five six", "one two three four five six")


ADVISE = [["advise", "--role", "sem", "--skill", "copywriting=2", "--interest", "people", "--no-input"],
          ["advise", "--role", "content-operation", "--company", "small", "--target", "promotion", "--no-input"]]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("argv", ADVISE, ids=lambda a: a[2])
def test_advise(width, argv, kb):
    text = run(*argv, env={"COLUMNS": str(width)}).stdout
    check(text, width, kb)
    data = run(*argv, "--json").json()
    for a in data["advice"]:
        hangs(text, a["text"])
    for item in data["practice_plan"]:
        for exercise in item["exercises"]:
            # A reading is shown after its mark, and wraps under the mark's start.
            mark = "promo-ops' reading: " if exercise.get("basis") == "reading" else ""
            hangs(text, mark + exercise["text"])
    for n in data["notes"]:
        hangs(text, n["text"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("pair", [("sem", "content-operation"), ("promotion", "operation"), ("seo", "operation")])
def test_compare(width, pair, kb):
    text = run("compare", *pair, env={"COLUMNS": str(width)}).stdout
    check(text, width, kb)
    data = run("compare", *pair, "--json").json()
    for sim in data["similarities"]:
        hangs(text, sim["text"])


def _columns(line):
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


ZH = [["advise", "--role", "sem", "--no-input"], ["advise", "--role", "content-operation", "--no-input"],
      ["show", "copywriting"], ["show", "promotion"], ["show", "money-calendar"], ["compare", "sem", "content-operation"],
      ["compare", "promotion", "operation"], ["paths", "seo", "user-operation"], ["skills"], ["roles"]]


@pytest.mark.parametrize("width", (60, 80))
@pytest.mark.parametrize("argv", ZH, ids=lambda a: "-".join(a[:2]))
def test_chinese_text_fits_and_is_never_cut(width, argv):
    """Chinese output at 60 and 80 columns: every line fits, measured in display columns (a CJK
    character is two), and no text is cut short with an ellipsis instead of being wrapped."""
    text = run("--lang", "zh", *argv, env={"COLUMNS": str(width)}).stdout
    too_wide = [line for line in text.splitlines() if _columns(line) > width]
    assert not too_wide, too_wide
    assert "…" not in text, [line for line in text.splitlines() if "…" in line]


def _lost(text, shown):
    """Characters of `text` (spaces aside) that the output does not print as often: what a line cut
    at the terminal's edge, or shortened with an ellipsis, would lose."""
    from collections import Counter

    return Counter(c for c in text if not c.isspace()) - Counter(c for c in shown if not c.isspace())


@pytest.mark.parametrize("lang", ("en", "zh"))
@pytest.mark.parametrize("width", (60, 80, 120))
@pytest.mark.parametrize("pair", [("promotion", "operation"), ("sem", "content-operation"), ("seo", "operation")])
def test_compare_prints_every_character_of_every_cell(lang, width, pair):
    text = run("--lang", lang, "compare", *pair, env={"COLUMNS": str(width)}).stdout
    data = run("--lang", lang, "compare", *pair, "--json").json()
    cells = "".join(a["left"] + a["right"] for a in data["aspects"])
    assert not _lost(cells, text), _lost(cells, text)
    assert all(_columns(line) <= width for line in text.splitlines())


@pytest.mark.parametrize("lang", ("en", "zh"))
@pytest.mark.parametrize("width", (60, 80))
@pytest.mark.parametrize("argv", [["advise", "--role", "sem", "--no-input"], ["show", "sem"],
                                  ["show", "money-calendar"], ["paths", "seo", "user-operation"]],
                         ids=lambda a: "-".join(a[:2]))
def test_no_text_is_cut_in_either_language(lang, width, argv):
    text = run("--lang", lang, *argv, env={"COLUMNS": str(width)}).stdout
    assert "…" not in text, [line for line in text.splitlines() if "…" in line]
    assert all(_columns(line) <= width for line in text.splitlines())
    data = run("--lang", lang, *argv, "--json").json()
    shown = []
    if argv[0] == "advise":
        shown = [a["text"] for a in data["advice"]] + [n["text"] for n in data["notes"]] + \
                [e["text"] for i in data["practice_plan"] for e in i["exercises"]]
    elif argv[0] == "show":
        entry = data["entry"]
        shown = [entry["summary"]] + [s["text"] for s in entry.get("steps", [])]
    else:
        shown = [b["text"] for r in data["paths"] for b in r["basis"]]
    assert not _lost("".join(shown), text)


@pytest.mark.parametrize("width", (60, 80))
def test_progress_in_chinese_shows_the_exercises_whole_and_in_chinese(width, tmp_path, kb):
    plan = tmp_path / "plan.yaml"
    assert run("advise", "--role", "sem", "--no-input", "--save", str(plan)).code == 0
    text = run("--lang", "zh", "progress", str(plan), env={"COLUMNS": str(width)}).stdout
    assert "…" not in text, [line for line in text.splitlines() if "…" in line]
    assert all(_columns(line) <= width for line in text.splitlines())
    data = run("--lang", "zh", "progress", str(plan), "--json").json()
    for item in data["practice"]:
        assert item["name"] == kb.skills[item["skill"]].name_zh
        for e in item["exercises"]:
            number = int(e["ref"].rsplit(".", 1)[1])
            assert e["text"] == kb.skills[item["skill"]].exercises[number - 1].text_zh
            assert not _lost(e["text"], text)
    # The plan file keeps the English it was saved with, whatever language shows it.
    first = data["practice"][0]
    english = kb.skills[first["skill"]].exercises[0].text
    assert english[:30] in plan.read_text(encoding="utf-8") and first["exercises"][0]["text"] != english


@pytest.mark.parametrize("width", (60, 80))
@pytest.mark.parametrize("argv", ZH + [["advise", "--role", "sem", "--interest", "writing", "--no-input"]],
                         ids=lambda a: "-".join(a[:3]))
def test_chinese_breaks_between_characters_not_before_punctuation(width, argv):
    """Chinese wraps where it is typeset to: between two characters (so a Latin word before a long
    Chinese sentence is not left alone on its line), never before closing punctuation."""
    text = run("--lang", "zh", *argv, env={"COLUMNS": str(width)}).stdout
    lines = text.splitlines()
    closing = tuple("，。、；：！？）》」』】〉”")
    assert not [line for line in lines if line.strip().startswith(closing)]
    stranded = [f"{a!r} / {b!r}" for a, b in zip(lines, lines[1:])
                if a.strip() in ("promo-ops", "- promo-ops", "· promo-ops") and b.strip()]
    assert not stranded, stranded
