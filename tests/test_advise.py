"""advise: the seed's scenarios, every answer source, and the output forms."""

from __future__ import annotations

import json

import re

import pytest
import yaml

from conftest import run, validate


def advise(*args, input=None):
    result = run("advise", "--no-input", *args, "--json", input=input)
    assert result.code == 0, result.stderr
    data = result.json()
    validate(data, "advise")
    return data


def ranking(data):
    return [r["track"] for r in data["recommendations"]]


def rules_of(rec):
    return [r["rule"] for r in rec["reasons"]]


def note_rules(data):
    return [n["rule"] for n in data["notes"]]


# The article's own people are in test_personas.py.

def test_auto_target_is_the_other_family():
    assert advise("--role", "editor")["profile"]["target_family"] == "promotion"
    assert advise("--role", "seo")["profile"]["target_family"] == "operation"
    both = advise("--role", "seo", "--target", "any")
    assert {r["family"] for r in both["recommendations"]} == {"promotion", "operation"}
    assert "seo" not in ranking(both)


def test_company_type_adds_the_articles_notes_on_pay_but_never_moves_a_score():
    product = advise("--role", "editor", "--target", "any", "--company", "product")
    marketing = advise("--role", "editor", "--target", "any", "--company", "marketing")
    unsaid = advise("--role", "editor", "--target", "any")
    def scores(data):
        return [(r["track"], r["score"]) for r in data["recommendations"]]
    # Pay is not fit: the company type changes what the person is told, not the ranking.
    assert scores(product) == scores(marketing) == scores(unsaid)
    assert "product-company-favours-operation" in note_rules(product)
    assert "marketing-company-favours-promotion" in note_rules(marketing)
    assert not {"product-company-favours-operation", "marketing-company-favours-promotion"} & set(note_rules(unsaid))


# --- the engine's promises ------------------------------------------------------------------------

def test_scores_are_ranked_clamped_and_explained():
    from promo_ops import knowledge

    data = run("advise", "--role", "sem", "--interest", "writing", "--explain", "--json").json()
    validate(data, "advise")
    recs = data["recommendations"]
    keys = [(-r["score"], r["track"]) for r in recs]
    assert keys == sorted(keys)
    trace = data["trace"]
    assert len(trace["rules"]) == len(knowledge.load(None).rules) == 22  # every rule, fired or not
    for s, r in zip(trace["scores"], recs):
        total = sum(n["importance"] * n["credit"] for n in s["needs"]) / sum(n["importance"] for n in s["needs"])
        assert s["coverage"] == pytest.approx(total, abs=1e-4)
        assert r["score"] == pytest.approx(min(1, max(0, s["coverage"] + sum(a["delta"] for a in s["adjustments"]))),
                                           abs=1e-4)
        assert 0 <= r["score"] <= 1


def test_help_most_is_what_re_running_shows():
    data = advise("--role", "sem", "--skill", "copywriting=2")
    hm = data["help_most"]
    assert hm and hm["gain"] > 0
    raised = {"copywriting": 2, hm["skill"]: hm["to_level"]}  # a skill is given once (twice is an error)
    again = advise("--role", "sem", *(a for sid, level in raised.items() for a in ("--skill", f"{sid}={level}")))
    assert again["recommendations"][0]["score"] == pytest.approx(hm["score_after"])
    # and no other single step does better
    for sid in ("copywriting", "user-thinking", "data-analysis", "event-planning"):
        if sid == hm["skill"]:
            continue
        level = data["profile"]["skill_levels"].get(sid, {"level": 0})["level"]
        if level < 3:
            step = {"copywriting": 2, sid: level + 1}
            other = advise("--role", "sem", *(a for s, lv in step.items() for a in ("--skill", f"{s}={lv}")))
            assert other["recommendations"][0]["score"] <= hm["score_after"] + 1e-9


def test_same_answers_give_byte_identical_json(tmp_path):
    args = ("advise", "--role", "seo", "--interest", "people", "--interest", "writing", "--json", "--explain")
    assert run(*args).stdout == run(*args).stdout


def test_text_output_reads_well():
    result = run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2")
    assert result.code == 0 and result.stderr == ""
    out = result.stdout
    for part in ("Tracks, best first", "Best: Content operation", "What transfers at the level needed (1 of 4):",
                 "Practice plan for", "What would help most:", "Notes", "Next: promo-ops compare sem content-operation",
                 "Score 0.54 = coverage 0.44 +0.10\n", "Levels you gave: Copywriting 2"):
        assert part in out, part
    assert "█" in out and "1 of 4" in out
    from rich.cells import cell_len
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    explained = run("advise", "--role", "sem", "--explain").stdout
    assert "Explain: rules" in explained and "FIRED" in explained and "score = clamp" in explained


# --- answers: every source, one validator --------------------------------------------------------

def test_answers_file_yaml_and_json_and_stdin(tmp_path):
    answers = {"current_role": "seo", "years": 4, "interests": ["people"], "skills": {"user-research": 2}}
    y = tmp_path / "a.yaml"
    y.write_text(yaml.safe_dump(answers))
    j = tmp_path / "a.json"
    j.write_text(json.dumps(answers))
    from_yaml = advise("--answers", str(y))
    assert from_yaml == advise("--answers", str(j))
    assert from_yaml == advise("--answers", "-", input=json.dumps(answers))
    assert from_yaml["profile"]["years"] == 4 and from_yaml["profile"]["skills"] == {"user-research": 2}


def test_flags_beat_the_file_which_beats_defaults(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("current_role: seo\nyears: 7\n")
    data = advise("--answers", str(f), "--role", "sem")
    assert data["profile"]["current_role"] == "sem"  # flag wins
    assert data["profile"]["years"] == 7  # file beats the default
    assert data["profile"]["target"] == "auto"  # default


def test_level_names_and_comma_lists():
    data = advise("--role", "sem", "--skill", "copywriting=strong", "--interest", "writing,people")
    assert data["profile"]["skills"] == {"copywriting": 3}
    assert data["profile"]["interests"] == ["writing", "people"]


BAD_FLAGS = [
    (["--years", "three"], "--years: bad answer to 'years': 'three' is not a whole number"),
    (["--years", "-1"], "--years: bad answer to 'years': -1 is out of range; allowed: 0 to 60"),
    (["--company", "huge"], "--company: bad answer to 'company_type': 'huge' is not one of the allowed values: "
                           "product, marketing, small, big"),
    (["--target", "operations"], "'operations' is not one of the allowed values: auto, operation, promotion, any "
                                 "(did you mean 'operation'?)"),
    (["--interest", "cooking"], "bad answer to 'interests': 'cooking' is not one of the allowed values"),
    (["--skill", "copywritng=2"], "unknown skill 'copywritng' (did you mean 'copywriting'?)"),
    (["--skill", "copywriting=5"], "level 5 for skill 'copywriting' is not 0-3"),
    (["--skill", "copywriting"], "'copywriting' is not of the form SKILL=LEVEL"),
    (["--track", "seo"], "--track 'seo' is not a track you can move into from here"),
]


@pytest.mark.parametrize("extra,message", BAD_FLAGS, ids=[b[0][0] + " " + b[0][1] for b in BAD_FLAGS])
def test_bad_flag_values(extra, message):
    result = run("advise", "--no-input", "--role", "sem", *extra)
    assert result.code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_unknown_role_suggests():
    result = run("advise", "--role", "semm")
    assert result.code == 2
    assert "bad answer to 'current_role': 'semm' is not one of the allowed values" in result.stderr
    assert "(did you mean 'sem'?)" in result.stderr


def test_missing_role_without_a_terminal_fails_fast():
    result = run("advise", "--interest", "writing")
    assert result.code == 2
    assert result.stderr == ("promo-ops: error: missing answer: current_role (--role); give them as flags or in a "
                             "file with --answers FILE (prompts need a terminal)\n")


BAD_FILES = [
    ("current_role: sem\nyeras: 3\n", "a.yaml:2:1: yeras: unknown key 'yeras' (did you mean 'years'?)"),
    ("current_role: sem\nskills: {prototyping: 9}\n", "a.yaml:2:10: bad answer to 'skills': level 9 for skill "
                                                      "'prototyping' is not 0-3"),
    ("current_role: sem\nskills: {protoyping: 1}\n", "unknown skill 'protoyping' (did you mean 'prototyping'?)"),
    ("current_role: sem\nyears: '3 years'\n", "bad answer to 'years': '3 years' is not a whole number"),
    ("current_role: sem\ninterests: writing\nyears: true\n", "bad answer to 'years': True is not a whole number"),
    ("current_role: [sem]\n", "bad answer to 'current_role': a list is not one of the allowed values"),
    ("- sem\n", "an answers file must be a mapping of question ids to answers"),
    ("current_role: sem\ncurrent_role: seo\n", "duplicate key 'current_role'"),
    ("current_role: !!python/name:os.system\n", "is not allowed"),
    ("{current_role: sem", "YAML syntax error"),
    ("", "the file is empty"),
]


@pytest.mark.parametrize("text,message", BAD_FILES, ids=[str(i) for i in range(len(BAD_FILES))])
def test_bad_answers_files(tmp_path, text, message):
    f = tmp_path / "a.yaml"
    f.write_text(text)
    result = run("advise", "--answers", str(f))
    assert result.code == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_answers_file_missing_or_directory(tmp_path):
    result = run("advise", "--answers", str(tmp_path / "nope.yaml"))
    assert result.code == 2 and "answers file not found" in result.stderr
    result = run("advise", "--answers", str(tmp_path))
    assert result.code == 2 and "answers file is a directory" in result.stderr


def test_invalid_utf8_on_stdin():
    runner_input = b"current_role: s\xffm\n"
    result = run("advise", "--answers", "-", input=runner_input)
    assert result.code == 2 and "not valid UTF-8" in result.stderr


# --- files it writes ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["me.yaml", "me.json"])
def test_save_round_trips(tmp_path, name):
    path = tmp_path / name
    first = run("advise", "--role", "seo", "--interest", "people", "--skill", "user-research=2",
                "--company", "product", "--save", str(path), "--json")
    assert first.code == 0, first.stderr
    again = run("advise", "--answers", str(path), "--json")
    a, b = json.loads(first.stdout), json.loads(again.stdout)
    # The same advice; only where the answers came from differs (the flags, then the file).
    assert {k: v for k, v in a["profile"]["sources"].items() if v == "flag"} == {
        k: "flag" for k in ("current_role", "company_type", "interests", "skills")}
    assert {k: v for k, v in b["profile"]["sources"].items() if v == "file"} == {
        k: "file" for k in ("current_role", "company_type", "interests", "skills")}
    for data in (a, b):
        del data["profile"]["sources"]
    assert a == b
    # our own file may be overwritten
    assert run("advise", "--role", "sem", "--save", str(path), "--json").code == 0
    assert "sem" in path.read_text()


def test_save_refuses_someone_elses_file(tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text("my precious notes\n")
    result = run("advise", "--role", "sem", "--save", str(path))
    assert result.code == 2
    assert "exists and was not written by promo-ops" in result.stderr and "--force" in result.stderr
    assert path.read_text() == "my precious notes\n"
    assert result.stdout == ""
    assert run("advise", "--role", "sem", "--save", str(path), "--force").code == 0
    assert path.read_text().startswith("# promo-ops plan")


def test_report_is_a_markdown_document(tmp_path):
    path = tmp_path / "advice.md"
    result = run("advise", "--role", "sem", "--skill", "copywriting=2", "--report", str(path))
    assert result.code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!-- promo-ops report -->")
    for part in ("# Career-transition advice", "## Tracks, best first", "| 1 | Content operation (`content-operation`)",
                 "## Practice plan", "    - Exercise: Write your own ad copy", "## What the article says about this move"):
        assert part in text, part
    assert not list(tmp_path.glob(".promo-ops-*"))  # no temporary file left behind


def test_report_into_a_read_only_folder(tmp_path, monkeypatch):
    import os
    from promo_ops.fileio import files

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # CI runs as root, for whom chmod does not stop a write; make the temporary file fail instead.
    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    existing = tmp_path / "advice.md"
    existing.write_text("<!-- promo-ops report -->\nold\n")
    result = run("advise", "--role", "sem", "--report", str(existing))
    assert result.code == 2
    assert f"cannot write {existing}: Permission denied" in result.stderr
    assert existing.read_text() == "<!-- promo-ops report -->\nold\n"
    assert os.listdir(tmp_path) == ["advice.md"]


def test_failed_rename_leaves_old_file_and_no_temporary(tmp_path, monkeypatch):
    from promo_ops.fileio import files

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken)
    path = tmp_path / "me.yaml"
    path.write_text("# promo-ops answers: read them back with `promo-ops advise --answers FILE`\nold: 1\n")
    result = run("advise", "--role", "sem", "--save", str(path))
    assert result.code == 2 and "No space left on device" in result.stderr
    assert "old: 1" in path.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["me.yaml"]


def test_questions_with_when_are_asked_only_when_it_holds(write_kb):
    from promo_ops import knowledge, questions

    def conditional(data):
        for q in data["questions"]:
            if q["id"] == "company_type":
                q["when"] = {"fact": "years", "op": "gte", "value": 1}
                q["default"] = "small"
    kb = knowledge.load(write_kb(conditional))
    for years, expect_asked, company in ((0, False, "small"), (2, True, "product")):
        asked = []

        def ask(q, default, error):
            asked.append(q.id)
            return {"company_type": "product"}.get(q.id)

        profile = questions.resolve(kb, {"current_role": "sem", "years": str(years)}, None, ask)
        assert ("company_type" in asked) is expect_asked
        assert profile.company_type == company


def test_when_on_a_later_answer_is_refused(write_kb):
    def bad(data):
        data["questions"][0]["when"] = {"fact": "years", "op": "gte", "value": 1}
    result = run("--kb", write_kb(bad), "kb", "validate")
    assert result.code == 3
    assert "'when' may only use answers to earlier questions; 'years' is not asked before 'current_role'" in result.stderr


@pytest.mark.parametrize("args", [["--skill", "copywriting=3", "--skill", "文案=1"],
                                  ["--skill", "copywriting=3 copywriting=2"]])
def test_a_skill_given_twice_at_different_levels_is_refused(args):
    result = run("advise", "--role", "sem", *args, "--no-input")
    assert result.code == 2 and result.stdout == ""
    assert "skill 'copywriting' is given twice, at level 3 and at level" in result.stderr
    assert run("advise", "--role", "sem", "--skill", "copywriting=3", "--skill", "copywriting=3",
               "--no-input", "--json").json()["profile"]["skills"] == {"copywriting": 3}


def test_a_skill_given_twice_in_an_answers_file_is_refused(tmp_path):
    answers = tmp_path / "me.json"
    answers.write_text('{"current_role": "sem", "skills": {"copywriting": 3, "文案": 1}}', encoding="utf-8")
    result = run("advise", "--answers", str(answers), "--no-input")
    assert result.code == 2 and "given twice" in result.stderr and str(answers) in result.stderr


def test_help_most_names_the_tracks_and_its_numbers_agree():
    out = run("advise", "--no-input", "--role", "seo", "--interest", "people").stdout
    text = " ".join(out.split())
    found = re.search(r"raises the best score from (\d\.\d\d) \(([^)]+)\) to (\d\.\d\d) \(([^)]+)\), \+(\d\.\d\d)", text)
    assert found, text
    before, after, gain = float(found[1]), float(found[3]), float(found[5])
    assert round(after - before, 2) == gain
    # The plan is for the track the interest picked, not the best-scoring one, and it says so.
    assert "your plan is for User operation" in text


@pytest.mark.parametrize("lang,company", [("en", "big"), ("zh", "大公司"), ("zh", "大公司（如BAT）")])
def test_a_big_company_is_an_answer_and_brings_the_articles_example(lang, company):
    out = run("--lang", lang, "advise", "--no-input", "--role", "content-operation", "--company", company,
              "--json").json()
    assert out["profile"]["company_type"] == "big"
    note = next(n for n in out["notes"] if n["rule"] == "big-company-to-small")
    assert note["basis"] == "article" and "you used to work in BAT" in note["source"]
