"""A saved plan over months: advise --save, progress (recording practice), --what-if, and plan files
from another knowledge base."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from conftest import run, validate
from promo_ops import knowledge
from promo_ops.fileio import planfile

SEM = ["advise", "--no-input", "--role", "sem", "--skill", "copywriting=2", "--interest", "writing"]


def day(date):
    return {"PROMO_OPS_TODAY": date}


def load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate(data, "plan")  # every plan file promo-ops writes is valid under the schema it ships
    return data


def states(data):
    return {f"{i['skill']}.{n}": e["state"] for i in data["practice"] for n, e in enumerate(i["exercises"], 1)}


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "me.yaml"
    result = run(*SEM, "--save", str(path), env=day("2026-11-27"))
    assert result.code == 0, result.stderr
    return path


def test_a_whole_journey(tmp_path, monkeypatch):
    """Advise and save; mark two exercises done and one skipped; raise a level; see progress and the
    score move; ask what if. The file is checked after every step."""
    path = tmp_path / "me.yaml"
    # 1. advise and save
    result = run(*SEM, "--save", str(path), "--json", env=day("2026-11-27"))
    assert result.code == 0, result.stderr
    advice = result.json()
    made = load(path)
    assert made["promo-ops"] == "plan" and made["version"] == 1 and made["made"] == "2026-11-27"
    assert made["track"] == advice["plan_track"] == "content-operation"
    best = advice["recommendations"][0]
    assert made["score"] == best["score"]
    assert made["answers"]["current_role"] == "sem" and made["answers"]["skills"] == {"copywriting": 2}
    assert [i["skill"] for i in made["practice"]] == [i["skill"] for i in advice["practice_plan"]]
    assert [[e["text"] for e in i["exercises"]] for i in made["practice"]] == \
        [[e["text"] for e in i["exercises"]] for i in advice["practice_plan"]]
    assert set(states(made).values()) == {"todo"}
    assert made["history"] == [{"date": "2026-11-27", "change": "made", "track": "content-operation",
                                "score": best["score"]}]
    digest = made["knowledge_base"]["digest"]
    assert digest == knowledge.content_digest(knowledge.load())

    # 2. two exercises done and one skipped, on another day, written atomically
    replaced = []
    real_replace = os.replace

    def spy(src, dst):
        replaced.append((os.path.dirname(src), os.path.basename(src), dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    result = run("progress", str(path), "--done", "content-planning.1", "--done", "copywriting.1",
                 "--skip", "copywriting.2", "--json", env=day("2026-12-02"))
    assert result.code == 0, result.stderr
    assert len(replaced) == 1
    folder, temp, target = replaced[0]
    assert folder == str(tmp_path) and temp.startswith(".promo-ops-") and target == str(path)
    assert sorted(os.listdir(tmp_path)) == ["me.yaml"]  # no temporary file left behind
    after = load(path)
    assert states(after) == {**states(made), "content-planning.1": "done", "copywriting.1": "done",
                             "copywriting.2": "skipped"}
    assert after["history"][1:] == [
        {"date": "2026-12-02", "change": "state", "exercise": "content-planning.1", "from": "todo", "to": "done"},
        {"date": "2026-12-02", "change": "state", "exercise": "copywriting.1", "from": "todo", "to": "done"},
        {"date": "2026-12-02", "change": "state", "exercise": "copywriting.2", "from": "todo", "to": "skipped"},
    ]
    assert {k: after[k] for k in ("made", "answers", "track", "score")} == \
        {k: made[k] for k in ("made", "answers", "track", "score")}
    shown = result.json()
    validate(shown, "progress")
    total = len(states(made))
    assert shown["exercises"] == {"todo": total - 3, "doing": 0, "done": 2, "skipped": 1, "total": total}
    assert shown["percent"] == 100 * 2 // (total - 1)
    assert shown["score"] == {"when_made": best["score"], "now": best["score"], "change": 0.0}

    # 3. raise a level: the answers now state it, and the score moves
    result = run("progress", str(path), "--level", "content-planning=1", "--json", env=day("2026-12-20"))
    assert result.code == 0, result.stderr
    raised = load(path)
    assert raised["answers"]["skills"] == {"content-planning": 1, "copywriting": 2}
    entry = raised["history"][-1]
    assert {k: entry[k] for k in ("date", "change", "skill", "from", "to")} == \
        {"date": "2026-12-20", "change": "level", "skill": "content-planning", "from": 0, "to": 1}
    # 4. progress: levels then and now, the score when made and now
    shown = result.json()
    validate(shown, "progress")
    rows = {s["skill"]: s for s in shown["skills"]}
    assert (rows["content-planning"]["level_then"], rows["content-planning"]["level_now"]) == (0, 1)
    assert rows["content-planning"]["level_now_is"] == "stated"
    assert rows["user-thinking"]["level_now_is"] == "assumed"
    fresh = run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2", "--skill", "content-planning=1",
                "--interest", "writing", "--json").json()
    now = next(r["score"] for r in fresh["recommendations"] if r["track"] == "content-operation")
    assert shown["score"]["now"] == now == entry["score"] > made["score"]
    assert shown["score"]["change"] == round(now - made["score"], 4)
    text = run("progress", str(path), env=day("2026-12-21"))
    assert text.code == 0 and f"{made['score']:.2f} when made, {now:.2f} now" in text.stdout
    assert load(path) == raised  # looking changes nothing

    # 5. what if: the ranking and plan as if a level were reached, beside today's; the file unchanged
    before = path.read_bytes()
    result = run("advise", "--answers", str(path), "--what-if", "content-planning=2", "--json")
    assert result.code == 0, result.stderr
    out = result.json()
    validate(out, "advise")
    assert path.read_bytes() == before
    assert out["plan_track"] == "content-operation"  # the plan file's track
    w = out["what_if"]
    assert w["levels"] == {"content-planning": 2}
    today = {r["track"]: r["score"] for r in out["recommendations"]}
    diff = {d["track"]: d for d in w["difference"]}
    assert set(diff) == set(today)
    assert diff["content-operation"]["score_now"] == now
    assert diff["content-operation"]["score_if"] > now
    for track, d in diff.items():
        assert d["change"] == round(d["score_if"] - d["score_now"], 4)
    assert "content-planning" not in [i["skill"] for i in w["practice_plan"]]


def test_progress_text_and_markdown(saved):
    run("progress", str(saved), "--done", "copywriting.1", "--doing", "user-thinking.1", env=day("2026-12-01"))
    text = run("progress", str(saved))
    assert text.code == 0, text.stderr
    assert "Progress: " in text.stdout and "[x] copywriting.1" in text.stdout and "[~] user-thinking.1" in text.stdout
    md = run("progress", str(saved), "--format", "markdown")
    assert md.code == 0 and md.stdout.startswith("# Plan for Content operation")
    assert "- [x] `copywriting.1`" in md.stdout


def test_percent_leaves_skipped_exercises_out():
    from promo_ops.plan import percent

    assert percent({"done": 2, "skipped": 1, "total": 5, "todo": 2, "doing": 0}) == 50
    assert percent({"done": 0, "skipped": 3, "total": 3, "todo": 0, "doing": 0}) == 100
    assert percent({"done": 0, "skipped": 0, "total": 0, "todo": 0, "doing": 0}) == 100
    assert percent({"done": 1, "skipped": 0, "total": 3, "todo": 2, "doing": 0}) == 33


def test_dates_come_from_the_clock_without_the_variable(saved):
    import datetime

    assert run("progress", str(saved), "--done", "copywriting.1", env={"PROMO_OPS_TODAY": None}).code == 0
    assert load(saved)["history"][-1]["date"] == datetime.date.today().isoformat()


# --- every bad change: a clear message, exit 2, the file untouched -----------------------------

@pytest.mark.parametrize("args, message", [
    (["--done", "copywriting"], "--done 'copywriting' is not of the form SKILL.N (exercise N of a skill, e.g. copywriting.1)"),
    (["--done", "copywriting.x"], "--done 'copywriting.x' is not of the form SKILL.N"),
    (["--doing", ".1"], "--doing '.1' is not of the form SKILL.N"),
    (["--skip", "copywriting.0"], "--skip 'copywriting.0' is not of the form SKILL.N"),
    (["--done", "copywritng.1"], "--done 'copywritng.1': unknown skill 'copywritng' (did you mean 'copywriting'?); "
                                 "the plan's skills: content-planning, copywriting, user-thinking"),
    (["--done", "prototyping.1"], "--done 'prototyping.1': prototyping is not in this practice plan; its skills: "
                                  "content-planning, copywriting, user-thinking"),
    (["--done", "copywriting.4"], "--done 'copywriting.4': copywriting has exercises 1 to 3 in this plan"),
    (["--todo", "copywriting.1"], "--todo 'copywriting.1': the exercise is already todo; nothing to record"),
    (["--done", "copywriting.1", "--skip", "copywriting.1"],
     "copywriting.1 is changed twice in one run (--done and --skip); give one change per exercise"),
    (["--level", "copywriting=1"], "--level: copywriting would go down from level 2 to 1; add --force if that is what you mean"),
    (["--level", "copywriting=2"], "--level: copywriting is already at level 2; nothing to record"),
    (["--level", "copywriting"], "--level 'copywriting': 'copywriting' is not of the form SKILL=LEVEL (e.g. copywriting=2)"),
    (["--level", "copywriting=5"], "--level 'copywriting=5': level 5 for skill 'copywriting' is not 0-3"),
    (["--level", "copywritng=3"], "--level 'copywritng=3': unknown skill 'copywritng' (did you mean 'copywriting'?)"),
    (["--level", "copywriting=3", "--level", "copywriting=3"],
     "--level gives copywriting twice (copywriting=3 and copywriting=3); give it once"),
    (["--done", "copywriting.1", "--level", "copywriting=1"], "--level: copywriting would go down"),
])
def test_a_change_that_does_not_apply_changes_nothing(saved, args, message):
    before = saved.read_bytes()
    result = run("progress", str(saved), *args, env=day("2026-12-01"))
    assert result.code == 2, result.stderr
    assert result.stderr.startswith(f"promo-ops: error: {message}") and result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert saved.read_bytes() == before


def test_a_lower_level_with_force_is_recorded(saved):
    result = run("progress", str(saved), "--level", "copywriting=1", "--force", "--json", env=day("2026-12-01"))
    assert result.code == 0, result.stderr
    data = load(saved)
    assert data["answers"]["skills"]["copywriting"] == 1
    assert data["history"][-1]["from"] == 2 and data["history"][-1]["to"] == 1


def test_every_pair_in_one_level_value_is_recorded(saved):
    """`--level a=3,b=1` raises both: no pair in a value is silently dropped."""
    result = run("progress", str(saved), "--level", "copywriting=3,content-planning=1", env=day("2026-12-01"))
    assert result.code == 0, result.stderr
    data = load(saved)
    assert data["answers"]["skills"]["copywriting"] == 3 and data["answers"]["skills"]["content-planning"] == 1
    assert {(h["skill"], h["to"]) for h in data["history"] if h["change"] == "level"} == \
        {("copywriting", 3), ("content-planning", 1)}


def test_a_bad_date_in_the_environment(saved):
    before = saved.read_bytes()
    for bad in ("2026-13-01", "tomorrow", "2026-1-1"):
        result = run("progress", str(saved), "--done", "copywriting.1", env=day(bad))
        assert result.code == 2
        assert result.stderr == f"promo-ops: error: PROMO_OPS_TODAY='{bad}' is not a date written YYYY-MM-DD\n"
        assert saved.read_bytes() == before


def test_a_failed_write_leaves_the_plan_as_it_was(saved, monkeypatch):
    before = saved.read_bytes()

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run("progress", str(saved), "--done", "copywriting.1")
    assert result.code == 2 and "No space left on device" in result.stderr
    assert saved.read_bytes() == before
    assert sorted(os.listdir(saved.parent)) == ["me.yaml"]


def test_a_plan_on_standard_input_is_shown_but_not_changed(saved):
    text = saved.read_text()
    assert run("progress", "-", "--json", input=text).code == 0
    result = run("progress", "-", "--done", "copywriting.1", input=text)
    assert result.code == 2
    assert result.stderr == "promo-ops: error: a plan read from standard input cannot be changed; name the file\n"


# --- strict reading of the plan file: every field with bad data ---------------------------------

def _edit(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@pytest.mark.parametrize("change, where, message", [
    (lambda d: d.update(extra=1), "extra", "unknown key 'extra'"),
    (lambda d: d.pop("track"), "", "missing key 'track'"),
    (lambda d: d.update(version=2), "version", "version 2 was written by a newer promo-ops; this one reads version 1"),
    (lambda d: d.update(version="one"), "version", "expected a whole number from 1 to 1, got 'one'"),
    (lambda d: d.update(made="27/11/2026"), "made", "expected a date written YYYY-MM-DD, got '27/11/2026'"),
    (lambda d: d.update(made="2026-02-30"), "made", "expected a date written YYYY-MM-DD, got '2026-02-30'"),
    (lambda d: d.update(knowledge_base="built-in"), "knowledge_base", "expected a mapping with title, version, digest"),
    (lambda d: d["knowledge_base"].update(digets="x"), "knowledge_base.digets",
     "unknown key 'digets' (did you mean 'digest'?)"),
    (lambda d: d["knowledge_base"].update(digest=""), "knowledge_base.digest", "expected text, got ''"),
    (lambda d: d["knowledge_base"].update(title=["a"]), "knowledge_base.title", "expected text, got a list"),
    (lambda d: d.update(answers=["sem"]), "answers", "expected a mapping of answers, got a list"),
    (lambda d: d.update(track=3), "track", "expected text, got 3"),
    (lambda d: d.update(score=1.5), "score", "expected a score from 0 to 1, got 1.5"),
    (lambda d: d.update(score=True), "score", "expected a score from 0 to 1, got true (a boolean)"),
    (lambda d: d.update(practice={}), "practice", "expected a list, got a mapping"),
    (lambda d: d["practice"][0].update(notes="x"), "practice[0].notes", "unknown key 'notes'"),
    (lambda d: d["practice"][0].pop("target"), "practice[0]", "missing key 'target'"),
    (lambda d: d["practice"][0].update(skill=None), "practice[0].skill", "expected text, got nothing"),
    (lambda d: d["practice"][0].update(name=""), "practice[0].name", "expected text, got ''"),
    (lambda d: d["practice"][0].update(level=4), "practice[0].level", "expected a whole number from 0 to 3, got 4"),
    (lambda d: d["practice"][0].update(target=0), "practice[0].target", "expected a whole number from 1 to 3, got 0"),
    (lambda d: d["practice"][1].update(skill=d["practice"][0]["skill"]), "practice[1].skill",
     "skill 'content-planning' is already in the plan (practice[0])"),
    (lambda d: d["practice"][0].update(exercises="do it"), "practice[0].exercises", "expected a list, got 'do it'"),
    (lambda d: d["practice"][0]["exercises"][0].update(state="finished"), "practice[0].exercises[0].state",
     "expected one of todo, doing, done, skipped, got 'finished'"),
    (lambda d: d["practice"][0]["exercises"][0].update(text=7), "practice[0].exercises[0].text", "expected text, got 7"),
    (lambda d: d["practice"][0]["exercises"][0].update(when="today"), "practice[0].exercises[0].when",
     "unknown key 'when'"),
    (lambda d: d.update(history="none"), "history", "expected a list, got 'none'"),
    (lambda d: d["history"][0].update(change="started"), "history[0].change",
     "expected one of made, state, level, got 'started'"),
    (lambda d: d["history"][0].pop("change"), "history[0]", "missing key 'change'"),
    (lambda d: d["history"][0].update(date="soon"), "history[0].date", "expected a date written YYYY-MM-DD"),
    (lambda d: d["history"][0].update(skill="x"), "history[0].skill", "unknown key 'skill'"),
    (lambda d: d["history"].append({"date": "2026-12-01", "change": "state", "exercise": "copywriting",
                                    "from": "todo", "to": "done"}), "history[1].exercise",
     "expected SKILL.N (such as prototyping.1), got 'copywriting'"),
    (lambda d: d["history"].append({"date": "2026-12-01", "change": "state", "exercise": "copywriting.1",
                                    "from": "todo", "to": "gone"}), "history[1].to",
     "expected one of todo, doing, done, skipped, got 'gone'"),
    (lambda d: d["history"].append({"date": "2026-12-01", "change": "level", "skill": "copywriting",
                                    "from": 2, "to": 9}), "history[1].to", "expected a whole number from 0 to 3, got 9"),
    (lambda d: d["history"].append({"date": "2026-12-01", "change": "level", "skill": "copywriting",
                                    "from": 2, "to": 3, "score": "high"}), "history[1].score",
     "expected a score from 0 to 1, got 'high'"),
])
def test_a_bad_plan_file_is_an_error_with_its_position(saved, change, where, message):
    _edit(saved, change)
    for argv in (["progress", str(saved)], ["advise", "--answers", str(saved)]):
        result = run(*argv)
        assert result.code == 2, (argv, result.stderr)
        assert result.stdout == ""
        line = result.stderr.splitlines()[0]
        assert line.startswith(f"promo-ops: error: {saved}:"), line
        assert f": {where}: {message}" in line if where else f": {message}" in line, line
        position = line[len(f"promo-ops: error: {saved}:"):].split(":")
        assert position[0].isdigit() and position[1].isdigit(), line


def test_a_bad_answer_in_a_plan_is_placed_in_the_plan_file(saved):
    text = saved.read_text().replace("answers:\n", "answers:\n  years: many\n")
    saved.write_text(text)
    line_number = text.splitlines().index("  years: many") + 1
    for argv in (["progress", str(saved)], ["advise", "--answers", str(saved)]):
        result = run(*argv)
        assert result.code == 2
        assert result.stderr == (f"promo-ops: error: {saved}:{line_number}:3: bad answer to 'years': "
                                 "'many' is not a whole number\n")


def test_a_current_role_the_knowledge_base_lacks(saved):
    """advise cannot work without it (an error); progress still shows the plan, and says why there is no score."""
    saved.write_text(saved.read_text().replace("current_role: sem", "current_role: semm"))
    assert run("advise", "--answers", str(saved)).code == 2
    result = run("progress", str(saved), "--json")
    assert result.code == 0
    assert result.json()["score"]["now"] is None
    assert {"kind": "role", "id": "semm"} in result.json()["knowledge_base"]["missing"]
    bad = run("progress", str(saved), "--level", "copywriting=3")
    assert bad.code == 2 and "the plan's current role 'semm' is not in this knowledge base" in bad.stderr


def test_an_unknown_answer_key_in_a_plan(saved):
    _edit(saved, lambda d: d["answers"].update(role="sem"))
    result = run("progress", str(saved))
    assert result.code == 2 and "unknown key 'role'" in result.stderr and f"{saved}:" in result.stderr


@pytest.mark.parametrize("text, message", [
    ("current_role: sem\n", "is not a plan file (it has no 'promo-ops: plan')"),
    ("[1, 2]\n", "is not a plan file"),
    ("promo-ops: plan\nversion: [\n", "YAML syntax error"),
])
def test_not_a_plan_file(tmp_path, text, message):
    path = tmp_path / "x.yaml"
    path.write_text(text)
    result = run("progress", str(path))
    assert result.code == 2 and message in result.stderr and result.stdout == ""


def test_a_missing_plan_file(tmp_path):
    result = run("progress", str(tmp_path / "nope.yaml"))
    assert result.code == 2 and "plan file not found" in result.stderr


# --- saving --------------------------------------------------------------------------------

def test_a_plan_saves_as_json_too(tmp_path):
    path = tmp_path / "me.json"
    assert run(*SEM, "--save", str(path)).code == 0
    data = json.loads(path.read_text())
    validate(data, "plan")
    assert run("progress", str(path), "--done", "copywriting.1").code == 0
    assert json.loads(path.read_text())["history"][-1]["exercise"] == "copywriting.1"
    assert run(*SEM, "--save", str(path)).code == 2  # progress recorded: not replaced without --force


def test_a_new_plan_does_not_silently_replace_one_with_progress(saved):
    assert run(*SEM, "--save", str(saved)).code == 0  # nothing recorded yet: replaced
    assert run("progress", str(saved), "--done", "copywriting.1", env=day("2026-12-01")).code == 0
    before = saved.read_bytes()
    result = run(*SEM, "--save", str(saved), env=day("2026-12-05"))
    assert result.code == 2
    assert result.stderr == (f"promo-ops: error: {saved} holds a plan with 1 recorded changes since 2026-11-27; a new "
                             "plan would lose them; choose another name, or add --force to replace it\n")
    assert saved.read_bytes() == before
    assert run(*SEM, "--save", str(saved), "--force", env=day("2026-12-05")).code == 0
    assert load(saved)["made"] == "2026-12-05"


def test_plain_answers_files_are_still_read(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("current_role: sem\nskills: {copywriting: 2}\n")
    result = run("advise", "--answers", str(path), "--json")
    assert result.code == 0 and result.json()["profile"]["skills"] == {"copywriting": 2}
    assert run("progress", str(path)).code == 2


def test_the_plan_track_is_advised_unless_track_says_otherwise(tmp_path):
    path = tmp_path / "me.yaml"
    assert run(*SEM, "--track", "user-operation", "--save", str(path)).code == 0
    assert load(path)["track"] == "user-operation"
    assert run("advise", "--answers", str(path), "--json").json()["plan_track"] == "user-operation"
    assert run("advise", "--answers", str(path), "--track", "content-operation", "--json").json()["plan_track"] == \
        "content-operation"


# --- what if -----------------------------------------------------------------------------------

def test_what_if_in_text_and_markdown():
    text = run(*SEM, "--what-if", "content-planning=2")
    assert text.code == 0
    assert "What if: content-planning=2 (a hypothesis; nothing is saved)" in text.stdout
    md = run(*SEM, "--what-if", "content-planning=2", "--format", "markdown")
    assert md.code == 0 and "## What if: content-planning=2" in md.stdout


@pytest.mark.parametrize("values", [["content-planning=2", "content-planning=3"], ["content-planning=2 内容策划=1"]])
def test_what_if_refuses_a_skill_given_twice_at_different_levels(values):
    args = [a for v in values for a in ("--what-if", v)]
    result = run(*SEM, *args)
    assert result.code == 2 and result.stdout == ""
    assert "content-planning" in result.stderr and "twice" in result.stderr
    assert run(*SEM, "--what-if", "content-planning=2", "--what-if", "content-planning=2").code == 0


def test_what_if_matches_advising_with_those_levels():
    out = run(*SEM, "--what-if", "content-planning=2", "--what-if", "user-thinking=1", "--json").json()
    direct = run(*SEM, "--skill", "content-planning=2", "--skill", "user-thinking=1", "--track",
                 out["plan_track"], "--json").json()
    assert out["what_if"]["recommendations"] == direct["recommendations"]
    assert out["what_if"]["practice_plan"] == direct["practice_plan"]


@pytest.mark.parametrize("args, message", [
    (["--what-if", "prototyping"], "--what-if 'prototyping': 'prototyping' is not of the form SKILL=LEVEL"),
    (["--what-if", "prototyping=4"], "--what-if 'prototyping=4': level 4 for skill 'prototyping' is not 0-3"),
    (["--what-if", "prototypin=2"], "--what-if 'prototypin=2': unknown skill 'prototypin' (did you mean 'prototyping'?)"),
    (["--what-if", "prototyping=2", "--save", "x.yaml"], "--what-if shows what would change without saving anything"),
])
def test_bad_what_if(tmp_path, args, message):
    args = [str(tmp_path / a) if a == "x.yaml" else a for a in args]
    result = run(*SEM, *args)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"promo-ops: error: {message}")
    assert not (tmp_path / "x.yaml").exists()


def test_what_if_is_refused_in_cohort_mode(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"current_role": "sem"}\n')
    result = run("advise", "--batch", str(rows), "--what-if", "prototyping=2")
    assert result.code == 2 and "--what-if" in result.stderr


# --- another knowledge base -------------------------------------------------------------------

def _drop_exercise_and_skill(data):
    for skill in data["skills"]:
        if skill["id"] == "copywriting":
            skill["exercises"] = skill["exercises"][:1]
    data.setdefault("meta", {})["version"] = "2027.1"


def test_a_plan_from_another_knowledge_base_version(saved, write_kb):
    run("progress", str(saved), "--done", "copywriting.2", env=day("2026-12-01"))
    kb = write_kb(_drop_exercise_and_skill)
    result = run("--kb", kb, "progress", str(saved), "--json")
    assert result.code == 0, result.stderr
    assert result.stderr.startswith("promo-ops: warning: the plan was made with another knowledge base (sha256:")
    assert "now 2027.1" in result.stderr
    out = result.json()
    validate(out, "progress")
    assert out["knowledge_base"]["changed"] is True
    assert {"kind": "exercise", "id": "copywriting.2"} in out["knowledge_base"]["missing"]
    # the file still has it, and still counts it: the plan is the person's, not the knowledge base's
    assert out["exercises"]["done"] == 1
    ex = {e["ref"]: e for i in out["practice"] for e in i["exercises"]}
    assert ex["copywriting.2"]["knowledge_base"] == "missing"
    text = run("--kb", kb, "progress", str(saved))
    assert "(no longer in the knowledge base)" in text.stdout and "No longer in the knowledge base" in text.stdout


def test_a_skill_and_track_gone_from_the_knowledge_base(tmp_path, saved, kb_data, write_kb):
    def change(data):
        data["skills"] = [s for s in data["skills"] if s["id"] != "content-planning"]
        for s in data["skills"]:
            s["prerequisites"] = [p for p in s.get("prerequisites", []) if p["skill"] != "content-planning"]
        for section in ("roles",):
            for r in data[section]:
                r["skills"] = [n for n in r.get("skills", []) if n["skill"] != "content-planning"]
        for t in data.get("transitions", []):
            for key in ("practise_first", "transfers"):
                if key in t:
                    t[key] = [s for s in t[key] if (s if isinstance(s, str) else s.get("skill")) != "content-planning"]
        for rule in data.get("rules", []):
            for e in rule.get("effects", []):
                if "practise" in e:
                    e["practise"] = [s for s in e["practise"] if s != "content-planning"]

    _edit(saved, lambda d: d["answers"]["skills"].update({"content-planning": 1}))
    kb = write_kb(change)
    check = run("kb", "validate", kb)
    assert check.code == 0, check.stderr
    result = run("--kb", kb, "progress", str(saved), "--json")
    assert result.code == 0, result.stderr
    out = result.json()
    missing = out["knowledge_base"]["missing"]
    assert {"kind": "skill", "id": "content-planning"} in missing
    assert {"kind": "answer-skill", "id": "content-planning"} in missing
    row = next(s for s in out["skills"] if s["skill"] == "content-planning")
    assert row["in_knowledge_base"] is False and row["level_now"] is None
    assert out["score"]["now"] is not None  # the rest still scores

    # a track the knowledge base no longer has (here: renamed in it)
    _edit(saved, lambda d: d.update(track="content-ops"))
    result = run("progress", str(saved), "--json")
    assert result.code == 0, result.stderr
    assert result.json()["score"]["now"] is None
    assert {"kind": "track", "id": "content-ops"} in result.json()["knowledge_base"]["missing"]
    assert "cannot be scored now" in run("progress", str(saved)).stdout
    advised = run("advise", "--answers", str(saved), "--json")
    assert advised.code == 0 and advised.stderr == ("promo-ops: warning: the plan's track 'content-ops' is not in "
                                                    "this knowledge base; advising for the best track\n")


def test_the_same_knowledge_base_gives_no_warning(saved):
    result = run("progress", str(saved))
    assert result.code == 0 and result.stderr == ""


def test_is_ours_knows_plans_and_answers():
    assert planfile.is_ours(planfile.HEADER + "promo-ops: plan\n")
    assert planfile.is_ours("promo-ops: plan\nversion: 1\n")
    assert planfile.is_ours("# promo-ops answers: read them back\ncurrent_role: sem\n")
    assert not planfile.is_ours("my notes\n")
    assert not planfile.is_ours('{"current_role": "sem"}')


def test_progress_output_forms(saved):
    result = run("progress", str(saved), "--format", "dot")
    assert result.code == 2 and result.stdout == ""
    assert result.stderr == "promo-ops: error: --format 'dot' is not one of text, json, markdown\n"
    assert run("progress", str(saved), "--json").stdout == run("progress", str(saved), "--format", "json").stdout
    assert run("progress", str(saved), "--json", "--format", "markdown").code == 2


def test_a_bad_change_asked_for_in_json_is_a_json_error_too(saved):
    before = saved.read_bytes()
    result = run("progress", str(saved), "--done", "copywriting.9", "--json")
    assert result.code == 2 and saved.read_bytes() == before
    out = result.json()
    validate(out, "error")
    assert out["command"] == "progress" and out["error"]["code"] == 2
    assert "copywriting has exercises 1 to 3" in out["error"]["message"]


def test_progress_in_chinese(saved):
    result = run("progress", str(saved), "--lang", "zh")
    assert result.code == 0 and "进度：" in result.stdout and "技能等级" in result.stdout
    bad = run("progress", str(saved), "--done", "copywriting.9", "--lang", "zh")
    assert bad.code == 2 and "这份计划里 copywriting 的练习编号是 1 到 3" in bad.stderr
