"""What each output stands on, and what the person said.

Every item with basis `article` carries a quote found in the article; every item with basis
`reading` carries a why and never claims the article. Nothing the person did not say is shown
as their answer, in any output form or in the file --save writes.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator, List, Tuple

import pytest

from conftest import SEED, run, validate
from promo_ops import knowledge


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


SEED_TEXT = _norm(SEED.read_text(encoding="utf-8"))


def based_items(node: Any, path: Tuple[Any, ...] = ()) -> Iterator[Tuple[Tuple[Any, ...], dict]]:
    """Every object in an output that says what it stands on."""
    if isinstance(node, dict):
        if "basis" in node and isinstance(node["basis"], str):
            yield path, node
        for key, value in node.items():
            yield from based_items(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from based_items(value, path + (i,))


def outputs() -> List[Tuple[str, Any]]:
    kb = knowledge.load(None)
    out = []
    for args in (["--role", "sem"], ["--role", "sem", "--skill", "copywriting=2", "--explain"],
                 ["--role", "feed-ads", "--interest", "product"], ["--role", "seo", "--interest", "people"],
                 ["--role", "content-operation", "--company", "small", "--target", "promotion"],
                 ["--role", "user-operation", "--interest", "selling", "--motive", "no-growth"],
                 ["--role", "editor", "--target", "any", "--company", "product", "--years", "5"],
                 ["--role", "offline-promotion", "--interest", "events", "--company", "marketing", "--years", "0"],
                 ["--role", "sem", "--motive", "tiring", "--track", "product-operation"]):
        out.append(("advise " + " ".join(args), run("advise", "--no-input", *args, "--json").json()))
    pairs = [("promotion", "operation"), ("operation", "promotion"), ("sem", "content-operation"),
             ("content-operation", "promotion"), ("promotion", "seo"), ("seo", "user-operation")]
    for a, b in pairs:
        out.append((f"compare {a} {b}", run("compare", a, b, "--json").json()))
    for entry in kb.all_ids():
        out.append((f"show {entry}", run("show", entry, "--json").json()))
    out.append(("skills", run("skills", "--json").json()))
    return out


OUTPUTS = outputs()


@pytest.mark.parametrize("name,data", OUTPUTS, ids=[name for name, _ in OUTPUTS])
def test_every_article_item_quotes_the_article_and_no_reading_claims_it(name, data):
    validate(data, data["command"].replace(" ", "-"))
    items = list(based_items(data))
    if data["command"] in ("advise", "compare", "skills"):
        assert items, name
    # Each skill (its description), exercise, prerequisite and role a kind covers says what it stands on.
    for path, node in _content_items(data):
        assert isinstance(node.get("basis"), str), f"{name} {path}: no basis"
    for path, item in items:
        assert item["basis"] in ("article", "reading"), path
        if item["basis"] == "article":
            assert item.get("source"), path
            for part in item["source"].split(" ... "):
                assert _norm(part) in SEED_TEXT, f"{name} {path}: {part!r} is not in the article"
        else:
            assert not item.get("source"), f"{name} {path}: a reading quotes the article"
            assert item.get("why"), f"{name} {path}: a reading without a why"
            text = item.get("text", "")
            assert not re.search(r"\bthe article (says|names|gives)\b", text, re.I), (path, text)


def _content_items(data: Any) -> Iterator[Tuple[Tuple[Any, ...], dict]]:
    """The skills, exercises, prerequisites and the roles each kind of promotion or operation covers
    in one output: each must carry its own basis."""
    if data["command"] == "skills":
        for i, s in enumerate(data["skills"]):
            yield ("skills", i), s
            for j, p in enumerate(s["prerequisites_basis"]):
                yield ("skills", i, "prerequisites", j), p
    if data["command"] == "advise":
        for i, item in enumerate(data["practice_plan"]):
            for j, ex in enumerate(item["exercises"]):
                yield ("practice_plan", i, "exercises", j), ex
    if data["command"] == "show" and data["kind"] == "skill":
        e = data["entry"]
        yield ("entry",), e
        for key, name in (("exercises", "exercises"), ("prerequisites_basis", "prerequisites")):
            for j, x in enumerate(e[key]):
                yield ("entry", name, j), x
    if data["command"] == "show" and data["kind"] == "family":
        for i, c in enumerate(data["entry"]["classifications"]):
            for j, item in enumerate(c["classes"]):
                for k, r in enumerate(item["roles_basis"]):
                    yield ("entry", "classifications", i, "classes", j, "roles", k), r


def test_the_walk_reaches_skills_exercises_prerequisites_and_class_roles():
    """The walk above covers the four kinds of item, with both bases among them."""
    seen = {}
    for name, data in OUTPUTS:
        for path, node in _content_items(data):
            kind = next((k for k in ("exercises", "prerequisites", "roles") if k in path), "skill")
            seen.setdefault(kind, set()).add(node["basis"])
    assert seen == {kind: {"article", "reading"} for kind in ("skill", "exercises", "prerequisites", "roles")}


def test_reading_items_are_marked_in_text_and_markdown(tmp_path):
    kb = knowledge.load(None)
    # A skill whose description is a reading, a prerequisite and an exercise that are readings.
    assert kb.skills["data-analysis"].basis == "reading"
    text = run("show", "data-analysis").stdout
    assert "What it is: promo-ops' reading: Reading campaign" in text
    assert "promo-ops' reading: Build a weekly report" in text
    text = run("show", "paid-search-bidding").stdout
    assert "Data analysis: promo-ops' reading: Bids and budgets" in text
    # A prerequisite the article supports is quoted, not marked.
    text = run("show", "channel-selection").stdout
    assert "User thinking\n" in text and "Source: “to promote, but also need user operational thinking." in text
    # The roles each kind covers: marked one by one where they are promo-ops' reading.
    text = run("show", "promotion").stdout.replace("\n    ", " ")
    assert "roles: Offline promoter, Traditional-media promoter (promo-ops' reading)" in text
    # advise: a reading exercise is marked in text and Markdown, an article one is not.
    report = tmp_path / "a.md"
    text = run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2", "--report", str(report)).stdout
    md = report.read_text(encoding="utf-8")
    data = run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2", "--json").json()
    exercises = [ex for item in data["practice_plan"] for ex in item["exercises"]]
    assert {ex["basis"] for ex in exercises} == {"article", "reading"}
    flat = re.sub(r"\s+", " ", text)
    for ex in exercises:
        if ex["basis"] == "reading":
            assert _norm("promo-ops' reading: " + ex["text"]) in flat, ex["text"]
            assert "*promo-ops' reading:* " + ex["text"] in md
        else:
            assert "promo-ops' reading: " + ex["text"] not in flat
            assert f"- Exercise: {ex['text']}" in md


def test_the_projects_readings_are_never_given_as_the_articles():
    """The lists and numbers the article never gives are readings wherever they appear."""
    kb = knowledge.load(None)
    moves = {t.id: t for t in kb.transitions}
    for move, skills in (("promotion-to-operation", ["user-thinking"]),
                         ("promotion-to-content-operation", ["content-planning", "copywriting"]),
                         ("operation-to-promotion", ["channel-selection"])):
        basis = {x.skill: x.basis for x in moves[move].practise_first}
        assert all(basis[s] == "reading" for s in skills), move
    sem = run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2", "--json").json()
    for item in sem["practice_plan"]:
        for reason in item["reasons"]:
            if reason["rule"] in moves:
                ref = next(x for x in moves[reason["rule"]].practise_first if x.skill == item["skill"])
                assert reason["basis"] == ref.basis
            if reason["basis"] == "reading":
                assert "The article" not in reason["text"]
    for rec in sem["recommendations"]:
        assert all(a["basis"] == "reading" for a in rec["adjustments"])
    text = run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2").stdout
    assert "The article names it as what to practise first" not in text
    assert "promo-ops' reading: Practise it first for Promotion → Content operation." in text
    plan = next(p for p in sem["practice_plan"] if p["skill"] == "content-planning")
    assert plan["basis"] == "reading" and "source" not in plan


def test_the_scope_caveat_is_shown_with_the_families():
    for args in (("compare", "promotion", "operation"), ("show", "promotion"), ("show", "operation")):
        text = run(*args).stdout
        assert "too big as words" in text, args
    data = run("compare", "promotion", "operation", "--json").json()
    assert data["scope"]["basis"] == "article" and "website promotion" in data["scope"]["source"]


def test_money_calendar_keeps_the_authors_hedge():
    entry = run("show", "money-calendar", "--json").json()["entry"]
    assert "(the author heard)" in entry["summary"] and "I heard" in entry["source"]
    assert entry["lesson"]["basis"] == "reading"


# --- stated vs assumed ----------------------------------------------------------------------------

def test_sem_with_no_input_shows_nothing_unsaid_as_said(tmp_path):
    saved, report = tmp_path / "me.yaml", tmp_path / "advice.md"
    result = run("advise", "--role", "sem", "--no-input", "--json", "--save", str(saved), "--report", str(report))
    assert result.code == 0, result.stderr
    data = result.json()
    profile = data["profile"]
    assert profile["sources"] == {"current_role": "flag", "years": "default", "company_type": "default",
                                  "target": "default", "interests": "default", "motives": "default",
                                  "skills": "default"}
    assert profile["years"] is None and profile["skills"] == {}
    assert profile["skill_levels"] and not any(v["stated"] for v in profile["skill_levels"].values())
    for rec in data["recommendations"]:
        assert not any(t["stated"] for t in rec["transfers"])
    # The saved plan's answers state only the role, and read back they give the same advice.
    import yaml

    assert yaml.safe_load(saved.read_text())["answers"] == {"current_role": "sem"}
    again = run("advise", "--answers", str(saved), "--json").json()
    assert again["recommendations"] == data["recommendations"] and again["practice_plan"] == data["practice_plan"]
    # Text: no "1 year", no skill shown as the person's own word.
    text = run("advise", "--role", "sem", "--no-input").stdout
    said = " ".join(text[:text.index("Assumed from your role:")].split())  # the "You:" lines, unwrapped
    assert "interests: not given" in said and "company type: not given" in said
    assert "years: not given" in text and "1 year" not in text
    assert "(not given: the other side by default)" in text
    assumed = text[text.index("Assumed from your role:"):text.index("Tracks, best first")].replace("\n", " ")
    for level in ("Paid search bidding 3", "Copywriting 1", "Data analysis 2", "Budget management 2"):
        assert level in assumed, level
    assert "Levels you gave" not in text and "you said" not in text
    assert "assumed from your role)" in text
    # Markdown says the same.
    md = report.read_text(encoding="utf-8")
    assert "| Years in it | (none) | not given |" in md
    assert "| Skill levels you gave | none | not given |" in md
    assert re.search(r"^\| Skill levels assumed \| .*Paid search bidding 3.* \| what your role needs; not said by you \|$",
                     md, re.M)
    said = [line for line in md.splitlines() if "you said" in line]
    assert said == ["| Current role | Paid search (SEM) specialist (`sem`), Promotion | you said (on the command line) |"]
    # --explain marks each level it counts as assumed.
    explained = run("advise", "--role", "sem", "--no-input", "--explain").stdout
    assert "(assumed from your role)" in explained and "(you said)" not in explained
    assert "years = None (not given: the default)" in explained
    assert "skill.paid-search-bidding = 3 (assumed from your role)" in explained


def test_stated_levels_are_marked_as_said(tmp_path):
    data = run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2", "--years", "3", "--json").json()
    assert data["profile"]["skill_levels"]["copywriting"] == {"level": 2, "stated": True}
    assert data["profile"]["skill_levels"]["paid-search-bidding"] == {"level": 3, "stated": False}
    text = run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2", "--years", "3").stdout
    assert "3 years" in text and "Levels you gave: Copywriting 2" in text
    saved = tmp_path / "me.json"
    run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2", "--years", "3", "--save", str(saved))
    plan = json.loads(saved.read_text())
    assert plan["promo-ops"] == "plan"
    assert plan["answers"] == {"current_role": "sem", "years": 3, "skills": {"copywriting": 2}}


def test_a_prompt_left_empty_is_a_default_not_an_answer(tmp_path):
    from promo_ops import questions

    kb = knowledge.load(None)

    def ask(q, default, error):
        return "sem" if q.id == "current_role" else None  # Enter on every other question

    profile = questions.resolve(kb, {}, None, ask)
    assert profile.sources["current_role"] == "prompt"
    assert {k for k, v in profile.sources.items() if v == "default"} == {
        "years", "company_type", "target", "interests", "motives", "skills"}
    assert profile.stated_answers() == {"current_role": "sem"}


BAD_MOTIVES = [
    (["--motive", "bored"], "bad answer to 'motives': 'bored' is not one of the allowed values: no-growth, tiring"),
    (["--motive", "no-grow"], "(did you mean 'no-growth'?)"),
]


@pytest.mark.parametrize("extra,message", BAD_MOTIVES, ids=[b[0][1] for b in BAD_MOTIVES])
def test_bad_motive(extra, message):
    result = run("advise", "--no-input", "--role", "sem", *extra)
    assert result.code == 2 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_bad_motive_in_a_file(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("current_role: sem\nmotives: [tired]\n")
    result = run("advise", "--answers", str(path))
    assert result.code == 2
    assert f"{path}:2:1: bad answer to 'motives': 'tired' is not one of the allowed values" in result.stderr
