"""compare: the seed's comparison both ways, scores shared with advise (paths: test_paths.py)."""

from __future__ import annotations


import pytest
from rich.cells import cell_len

from conftest import run, validate


def cmp(*args):
    result = run("compare", *args, "--json")
    assert result.code == 0, result.stderr
    data = result.json()
    validate(data, "compare")
    return data


@pytest.mark.parametrize("order", [("promotion", "operation"), ("operation", "promotion")])
def test_compare_families_shows_every_difference_and_similarity(kb, order):
    data = cmp(*order)
    assert data["kind"] == "family"
    assert (data["left"]["id"], data["right"]["id"]) == order
    swap = order[0] != kb.comparison.left
    assert [a["aspect"] for a in data["aspects"]] == [d.aspect for d in kb.comparison.differences]
    for row, diff in zip(data["aspects"], kb.comparison.differences):
        cells = (diff.right, diff.left) if swap else (diff.left, diff.right)
        assert (row["left"], row["right"]) == tuple(c.text for c in cells)
        assert (row["left_basis"], row["right_basis"]) == tuple(c.provenance() for c in cells)
        assert row["source"] == " / ".join(dict.fromkeys(c.source for c in cells if c.source))
    assert [s["text"] for s in data["similarities"]] == [s.text for s in kb.comparison.similarities]
    text = run("compare", *order).stdout
    # Cells wrap inside their columns: read each column alone, top to bottom.
    # Columns are measured in terminal cells; a Chinese character takes two.
    lines = ["".join(ch + ("\0" if cell_len(ch) == 2 else "") for ch in line) for line in text.splitlines()]
    assert lines[1].startswith("Scope: The article warns")  # the article's own caveat comes first
    head = next(i for i, line in enumerate(lines) if f"{data['left']['name']} (" in line)
    c1, c2 = lines[head].index(data["left"]["name"]), lines[head].index(data["right"]["name"])
    table = lines[head + 2:lines.index("What they share")]

    def column(lo, hi=None):
        return " ".join(" ".join(line[lo:hi].replace("\0", "").split()) for line in table if line[lo:hi].strip())

    names, left, right = column(0, c1), column(c1, c2), column(c2)
    for diff in kb.comparison.differences:
        assert diff.name in names, diff.name
    for row in data["aspects"]:
        assert row["left"] in left and row["right"] in right, row["aspect"]
    flat = " ".join(text.split())
    for sim in kb.comparison.similarities:
        assert " ".join(sim.text.split()) in flat, sim.id
    for needle in ("website", "3,000-5,000 CNY", "product-oriented", "marketing company",
                   "good operation may be paid better"):
        assert needle in left + " " + right, needle
    header = lines[head]
    first, second = ("Promotion", "Operation") if order[0] == "promotion" else ("Operation", "Promotion")
    assert header.index(first) < header.index(second)


def test_compare_roles_shared_skills_and_scores_match_advise():
    data = cmp("sem", "content-operation")
    assert data["kind"] == "role"
    assert "copywriting" in [s["skill"] for s in data["shared_skills"]]
    assert "paid-search-bidding" in [s["skill"] for s in data["only_left"]]
    assert "content-planning" in [s["skill"] for s in data["only_right"]]
    tr = data["transition"]
    assert tr["left_to_right"] != tr["right_to_left"]  # asymmetric
    forward = run("advise", "--role", "sem", "--target", "operation", "--json").json()
    rec = next(r for r in forward["recommendations"] if r["track"] == "content-operation")
    assert rec["coverage"] == tr["left_to_right"]
    back = run("advise", "--role", "content-operation", "--target", "promotion", "--json").json()
    rec = next(r for r in back["recommendations"] if r["track"] == "sem")
    assert rec["coverage"] == tr["right_to_left"]
    assert {g["skill"] for g in data["practise"]["left_to_right"]} == {"copywriting", "content-planning",
                                                                       "user-thinking"}
    ways = {way: [a["text"] for a in data["advice"] if a["direction"] == way]
            for way in ("left_to_right", "right_to_left")}
    assert any("write your own promotion copy" in text for text in ways["left_to_right"])
    assert any("sell yourself first" in text for text in ways["right_to_left"])
    text = run("compare", "sem", "content-operation").stdout
    # Where a person reads, the two are named, not given by id.
    assert "Paid search (SEM) specialist → Content operation: " in text and f"{tr['left_to_right']:.2f}" in text


def test_compare_role_with_family():
    data = cmp("content-operation", "promotion")
    assert data["kind"] == "mixed" and data["left"]["kind"] == "track" and data["right"]["kind"] == "family"
    scores = [m["score"] for m in data["best_matches"]]
    assert scores == sorted(scores, reverse=True)
    assert data["best_matches"][0]["role"] == "new-media-promotion"
    swapped = cmp("promotion", "content-operation")
    assert [(a["left"], a["right"]) for a in swapped["aspects"]] == [(a["right"], a["left"]) for a in data["aspects"]]


@pytest.mark.parametrize("argv", [["promotion", "operation"], ["sem", "content-operation"],
                                  ["content-operation", "promotion"]])
def test_compare_reads_well_at_80_columns(argv):
    out = run("compare", *argv).stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("argv,message", [
    (["prototyping", "sem"], "cannot compare 'prototyping': it is a skill"),
    (["money-calendar", "promotion"], "cannot compare 'money-calendar': it is a case"),
    (["sem", "content-operatoin"], "unknown id 'content-operatoin' (did you mean 'content-operation'?)"),
    (["sem", "sem"], "cannot compare 'sem' with itself"),
])
def test_compare_bad_ids(argv, message):
    result = run("compare", *argv)
    assert result.code == 2 and message in result.stderr and result.stdout == ""


def test_compare_needs_two_ids():
    result = run("compare", "sem")
    assert result.code == 2 and "Missing argument 'B'" in result.stderr


@pytest.mark.parametrize("markup", ["[/]", "[link=https://example.invalid]x[/link]", "[bold]x"])
def test_names_with_rich_markup_are_shown_as_they_are(write_kb, markup):
    def change(data):
        next(r for r in data["roles"] if r["id"] == "sem")["name"] = f"SEM {markup}"
    path = write_kb(change)
    result = run("--kb", path, "compare", "sem", "seo")
    assert result.code == 0, result.stderr
    assert f"SEM {markup}"[:20] in result.stdout.replace("\n", "")
