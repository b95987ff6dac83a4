"""compare and paths: the seed's comparison both ways, scores shared with advise, known routes."""

from __future__ import annotations

import copy

import pytest
import yaml
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
        assert (row["left"], row["right"]) == ((diff.right, diff.left) if swap else (diff.left, diff.right))
        assert row["source"] == diff.source
    assert [s["text"] for s in data["similarities"]] == [s.text for s in kb.comparison.similarities]
    text = run("compare", *order).stdout
    # Cells wrap inside their columns: read each column alone, top to bottom.
    lines = text.splitlines()
    c1, c2 = lines[1].index(data["left"]["name"]), lines[1].index(data["right"]["name"])
    table = lines[3:lines.index("What they share")]

    def column(lo, hi=None):
        return " ".join(" ".join(line[lo:hi].split()) for line in table if line[lo:hi].strip())

    names, left, right = column(0, c1), column(c1, c2), column(c2)
    for diff in kb.comparison.differences:
        assert diff.name in names, diff.name
    for row in data["aspects"]:
        assert row["left"] in left and row["right"] in right, row["aspect"]
    flat = " ".join(text.split())
    for sim in kb.comparison.similarities:
        assert " ".join(sim.text.split()) in flat, sim.id
    for needle in ("website", "3,000-5,000 CNY", "product-oriented", "marketing company", "small company",
                   "good operation may be paid better"):
        assert needle in left + " " + right, needle
    header = text.splitlines()[1]
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
    assert any("write your own promotion copy" in a["text"] for a in data["advice"]["left_to_right"])
    assert any("sell yourself first" in a["text"] for a in data["advice"]["right_to_left"])
    text = run("compare", "sem", "content-operation").stdout
    assert "sem → content-operation: " in text and f"{tr['left_to_right']:.2f}" in text


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


# --- paths -------------------------------------------------------------------------------------

def tiny_kb(kb_data):
    """Four roles over three skills, where the best route is known by hand.

    a has x; d needs x, y and z (importance 3 each); b needs x and y, c needs z
    (importance 1). Costs: a->d 18; a->b 3, b->d 9 (a->b->d 12); a->c 3, c->b 6.
    """
    data = {
        "schema_version": 1,
        "fit_thresholds": [{"label": "any", "min": 0}],
        "families": [
            {"id": fid, "name": fid.title(), "name_zh": zh,
             **{k: {"text": "t", "source": "s"} for k in ("definition", "goal", "focus")},
             "classifications": []}
            for fid, zh in (("promotion", "推广"), ("operation", "运营"))
        ],
        "skills": [{"id": s, "name": s.upper(), "name_zh": "技能", "description": "d",
                    "exercises": [{"text": "practise"}],
                    "levels": {n: {"en": "e", "zh": "中"} for n in (1, 2, 3)}} for s in ("x", "y", "z")],
        "roles": [
            {"id": "a", "family": "promotion", "kind": "role", "name": "A", "name_zh": "甲", "summary": "s",
             "skills": [{"skill": "x", "importance": 3, "level": 3}]},
            {"id": "b", "family": "operation", "kind": "track", "name": "B", "name_zh": "乙", "summary": "s",
             "skills": [{"skill": "x", "importance": 1, "level": 3}, {"skill": "y", "importance": 1, "level": 3}]},
            {"id": "c", "family": "operation", "kind": "track", "name": "C", "name_zh": "丙", "summary": "s",
             "skills": [{"skill": "z", "importance": 1, "level": 3}]},
            {"id": "d", "family": "operation", "kind": "track", "name": "D", "name_zh": "丁", "summary": "s",
             "skills": [{"skill": s, "importance": 3, "level": 3} for s in ("x", "y", "z")]},
        ],
        "questions": copy.deepcopy(kb_data["questions"]),
    }
    return data


@pytest.fixture
def tiny(tmp_path, kb_data):
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(tiny_kb(kb_data), allow_unicode=True))
    return str(path)


def test_paths_known_best_routes(tiny):
    result = run("--kb", tiny, "paths", "a", "d", "--format", "json")
    assert result.code == 0, result.stderr
    data = result.json()
    validate(data, "paths")
    got = [(p["steps"], p["cost"]) for p in data["paths"]]
    assert got == [(["a", "b", "d"], 12), (["a", "d"], 18), (["a", "c", "b", "d"], 18)]
    assert data["paths"][0]["learn"] == [["y"], ["z"]]


def test_paths_all_four_formats(tiny):
    text = run("--kb", tiny, "paths", "a", "d", "--max", "2")
    assert text.code == 0
    assert "1. a → b → d   cost 12" in text.stdout and "2. a → d   cost 18" in text.stdout
    assert "a → b: learn y" in text.stdout
    mermaid = run("--kb", tiny, "paths", "a", "d", "--max", "2", "--format", "mermaid").stdout
    lines = mermaid.splitlines()
    assert lines[1] == "flowchart LR"
    assert '  n_a -->|"learn: y"| n_b' in lines and '  n_b -->|"learn: z"| n_d' in lines
    assert '  n_a -->|"learn: y, z"| n_d' in lines
    dot = run("--kb", tiny, "paths", "a", "d", "--max", "2", "--format", "dot").stdout
    assert "digraph paths {" in dot and dot.rstrip().endswith("}")
    assert '  "a" -> "b" [label="learn: y"];' in dot
    as_json = run("--kb", tiny, "paths", "a", "d", "--json").json()
    assert as_json["paths"][0]["steps"] == ["a", "b", "d"]


def test_paths_builtin_shows_the_seeds_stepping_stone():
    data = run("paths", "seo", "user-operation", "--json").json()
    validate(data, "paths")
    assert data["paths"][0]["steps"] == ["seo", "user-operation"]
    named = [p for p in data["paths"] if p["named_by_article"]]
    assert named and named[0]["steps"] == ["seo", "community-operation", "user-operation"]
    assert named[0]["transitions"] == ["promotion-to-user-operation"]
    costs = [p["cost"] for p in data["paths"]]
    assert costs == sorted(costs)
    # kept even when --max leaves no room for it
    one = run("paths", "seo", "user-operation", "--max", "1", "--json").json()
    assert [p["steps"] for p in one["paths"]] == [["seo", "user-operation"],
                                                  ["seo", "community-operation", "user-operation"]]
    text = run("paths", "seo", "user-operation").stdout
    assert "a stepping stone the article names" in text


def test_paths_from_equals_to():
    result = run("paths", "sem", "sem")
    assert result.code == 0 and "where you are already" in result.stdout
    data = run("paths", "sem", "sem", "--json").json()
    assert data["paths"] == [] and data["message"]
    assert "%%" in run("paths", "sem", "sem", "--format", "mermaid").stdout


@pytest.mark.parametrize("argv,message", [
    (["sem", "promotion"], "paths goes from one role to another; 'promotion' is a family"),
    (["copywriting", "sem"], "'copywriting' is a skill"),
    (["sem", "edtor"], "unknown id 'edtor' (did you mean 'editor'?)"),
    (["sem", "editor", "--max", "0"], "--max must be from 1 to 50, not 0"),
    (["sem", "editor", "--max", "lots"], "'lots' is not a valid int"),
    (["sem", "editor", "--format", "svg"], "--format 'svg' is not one of text, json, mermaid, dot"),
])
def test_paths_bad_arguments(argv, message):
    result = run("paths", *argv)
    assert result.code == 2
    assert message in result.stderr, result.stderr
    assert result.stdout == ""
