"""Schemas strict enough to catch a wrong type or a missing key: real outputs of every command are
mutated (each key deleted, each value given another JSON type) and the command's schema must reject
every mutation that makes the output wrong. A mutation the schema accepts is listed in the failure.

A few mutations do not make an output wrong, and are named here with the reason (ALLOWED): keys the
format leaves out when they do not apply, entries of mappings keyed by ids (any id may be missing),
and values the format leaves open (a condition's value is whatever the fact holds)."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from conftest import run, schema

# A path glob (keys joined by "/", any list index written "#", "*" for any one key or part of one,
# "/**" for anything below) and why
# deleting or retyping what it names leaves the output right.
ALLOWED_DELETIONS = {
    # Keys printed only when they apply.
    "trace": "advise prints its trace only with --explain",
    "what_if": "advise prints what_if only with --what-if",
    "line": "only cohort mode (advise --batch) numbers its results",
    "profile/motives": "motives are printed only when the knowledge base asks for them",
    "scope": "a family comparison has the article's caveat only when the knowledge base has one",
    "entry/scope": "a family has the article's caveat only when the knowledge base has one",
    "practice/#/exercises/#/knowledge_base": "said only of an exercise the knowledge base lost or changed",
    "history/#/score": "a level change carries the score it led to only when the track was still known",
    "error/problems": "an error lists problems only when they come from a file (a knowledge base, a plan)",
    # Entries of mappings keyed by ids: which ids a mapping has is the data, not the format.
    "profile/skills/*": "the levels the person stated: any skill may be missing",
    "profile/sources/*": "one entry per question of the knowledge base",
    "profile/skill_levels/*": "one entry per skill with a level",
    "what_if/levels/*": "the levels asked for",
    "roles/*": "paths: one entry per role the routes pass through",
    "skills/*": "paths: one entry per skill the routes shown teach",
    "entry/levels/*": "a skill's described levels, keyed by level",
    "trace/facts/skill.*": "one fact per skill of the knowledge base",
    "trace/facts/stated.skill.*": "one fact per skill of the knowledge base",
}
ALLOWED_RETYPES = {
    # A condition compares a fact with a value of the fact's own type, and a fact holds a string, a
    # number, a list or null: the schema types them as any of those, so another of those is no mistake.
    "trace/rules/#/condition/**/value/**": "a condition's value has the type of the fact it tests",
    "trace/rules/#/condition/**/actual/**": "a fact's value: a string, number, list or null",
    # Unset answers are null; a number in their place is an answer, not a mistake of format.
    "trace/facts/years": "null (not given) or a number of years",
    "profile/years": "null (not given) or a number of years",
}


# A practise effect without tracks or family joins any plan, so its scope may be missing; a score
# effect's may not (its schema requires one), so these are allowed only in a practise effect.
PRACTISE_SCOPE = ("trace/rules/#/effects/#/tracks", "trace/rules/#/effects/#/family")


def _pattern(glob: str) -> "re.Pattern[str]":
    """A path glob as a regular expression: "*" is one key (or part of one), "/**" any keys below."""
    text = re.escape(glob).replace("/\\*\\*", "(/.*)?").replace("\\*", "(?!#/|#$)[^/]*")
    return re.compile("^" + text + "$")


DELETION_RULES = [(_pattern(k), why) for k, why in ALLOWED_DELETIONS.items()]
RETYPE_RULES = [(_pattern(k), why) for k, why in ALLOWED_RETYPES.items()]


def _other_type(value):
    """A value of another JSON type."""
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, (int, float)):
        return "lots"
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return ["a", "mapping"]
    return {"retyped": True}  # null


def _shape(value):
    """What a value looks like, without its data: two list items of one shape test the schema alike."""
    if isinstance(value, dict):
        return tuple((k, _shape(v)) for k, v in value.items())
    if isinstance(value, list):
        return ("list", tuple(sorted({_shape(v) for v in value}, key=repr)))
    if isinstance(value, bool):
        return ("bool", value)  # a const true and a const false are different branches
    return type(value).__name__ if value is not None else "null"


def _places(value, path=()):
    """Every (container, key, path) below `value`; of a list's items, one of each shape."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield value, key, path + (key,)
            yield from _places(item, path + (key,))
    elif isinstance(value, list):
        seen = set()
        for i, item in enumerate(value):
            shape = _shape(item)
            if shape in seen:
                continue
            seen.add(shape)
            yield value, i, path + (i,)
            yield from _places(item, path + (i,))


def _name(path):
    return "/".join("#" if isinstance(p, int) else p for p in path)


def _allowed(rules, path):
    name = _name(path)
    return any(pattern.match(name) for pattern, _ in rules)


def accepted_mutations(doc, schema_name, schema_doc=None):
    """The mutations of `doc` (deletions of keys, changes of type) that the schema accepts and that
    ALLOWED does not explain: each one is a hole in the schema."""
    validator = jsonschema.Draft202012Validator(schema_doc or schema(schema_name))
    assert validator.is_valid(doc), [e.message for e in validator.iter_errors(doc)][:5]
    holes = []
    for container, key, path in list(_places(doc)):
        original = container[key]
        optional_scope = _name(path) in PRACTISE_SCOPE and "practise" in container
        if isinstance(container, dict) and not _allowed(DELETION_RULES, path) and not optional_scope:
            del container[key]
            if validator.is_valid(doc):
                holes.append(f"delete {_name(path)}")
            container[key] = original
        if not _allowed(RETYPE_RULES, path):
            container[key] = _other_type(original)
            if validator.is_valid(doc):
                holes.append(f"retype {_name(path)} ({json.dumps(original, ensure_ascii=False)[:40]})")
            container[key] = original
    return holes


def _json(*argv, **kwargs):
    result = run(*argv, "--json", **kwargs)
    assert result.code == 0, result.stderr
    return result.json()


ADVISE = [
    ["advise", "--role", "sem", "--no-input"],
    ["advise", "--role", "seo", "--interest", "people", "--no-input", "--explain"],
    ["advise", "--role", "content-operation", "--company", "small", "--target", "promotion", "--years", "3",
     "--skill", "copywriting=3", "--motive", "no-growth", "--no-input", "--explain"],
    ["advise", "--role", "sem", "--skill", "copywriting=2", "--interest", "writing", "--no-input",
     "--what-if", "content-planning=2"],
    ["advise", "--role", "feed-ads", "--track", "product-operation", "--no-input"],
]
COMPARE = [
    ["compare", "promotion", "operation"],          # two families
    ["compare", "sem", "content-operation"],        # two roles
    ["compare", "operation", "sem"],                # a family and a role
    ["compare", "sem", "operation"],                # a role and a family
    ["compare", "editor", "traffic-operation"],     # two posts of one family
]
SHOW = [
    ["show", "promotion"], ["show", "operation"],   # families
    ["show", "sem"], ["show", "content-operation"], ["show", "community-operation"],  # role, track, post
    ["show", "copywriting"], ["show", "prototyping"], ["show", "personal-branding"],  # skills
    ["show", "money-calendar"], ["show", "author-career"], ["show", "big-to-small-company"],  # cases
]
BROWSE = [["roles"], ["roles", "--family", "operation"], ["skills"], ["kb", "validate"],
          ["kb", "validate", "/nonexistent/kb.yaml"]]
PATHS = [
    ["paths", "seo", "user-operation"],
    ["paths", "sem", "product-operation", "--max", "5", "--skill", "copywriting=2"],
    ["paths", "sem", "sem"],  # no route: already there
]


# Chinese runs: the same keys, texts in Chinese, "lang": "zh".
ZH = [["--lang", "zh", *argv] for argv in (ADVISE[1], COMPARE[0], COMPARE[1], SHOW[0], SHOW[2], SHOW[5],
                                           SHOW[8], PATHS[0])]


@pytest.mark.parametrize("argv", ADVISE + COMPARE + SHOW + BROWSE + PATHS + ZH, ids=" ".join)
def test_every_mutation_of_a_result_is_rejected(argv):
    result = run(*argv, "--json")
    assert result.code in (0, 3), result.stderr  # 3: kb validate of a missing file prints its result
    doc = result.json()
    assert doc["lang"] == ("zh" if "zh" in argv else "en")
    holes = accepted_mutations(doc, doc["command"].replace(" ", "-"))
    assert not holes, holes[:30]


def test_a_failed_validation_is_rejected_when_mutated(write_kb):
    bad = write_kb(lambda data: data["roles"][0].update(kind="boss"))
    result = run("kb", "validate", bad, "--json")
    assert result.code == 3
    holes = accepted_mutations(result.json(), "kb-validate")
    assert not holes, holes


def _progress_outputs(tmp_path, write_kb):
    """progress on a plan with practice and a level recorded; and on a knowledge base that has since
    lost one of the plan's exercises."""
    path = tmp_path / "plan.yaml"
    saved = run("advise", "--no-input", "--role", "sem", "--skill", "copywriting=2", "--interest", "writing",
                "--save", str(path), env={"PROMO_OPS_TODAY": "2026-11-27"})
    assert saved.code == 0, saved.stderr
    assert run("progress", str(path), "--done", "content-planning.1", env={"PROMO_OPS_TODAY": "2026-12-01"}).code == 0
    assert run("progress", str(path), "--level", "content-planning=1", env={"PROMO_OPS_TODAY": "2026-12-02"}).code == 0
    now = _json("progress", str(path), env={"PROMO_OPS_TODAY": "2026-12-03"})

    def drop_exercise(data):
        for skill in data["skills"]:
            if skill["id"] == "copywriting":
                skill["exercises"] = skill["exercises"][:1]

    changed = run("--kb", write_kb(drop_exercise), "progress", str(path), "--json")
    assert changed.code == 0, changed.stderr
    return [now, changed.json()]


def test_progress_is_rejected_when_mutated(tmp_path, write_kb):
    docs = _progress_outputs(tmp_path, write_kb)
    assert docs[1]["knowledge_base"]["missing"]
    holes = [hole for doc in docs for hole in accepted_mutations(doc, "progress")]
    assert not holes, holes


ERRORS = [
    ["show", "seoo"], ["roles", "--family", "operations"], ["skills", "--bogus"], ["compare", "sem"],
    ["paths", "seo", "user-operation", "--max", "0"], ["advise", "--role", "semm", "--no-input"],
    ["kb", "validate", "--bogus"], ["progress", "/nonexistent/plan.yaml"],
]


@pytest.mark.parametrize("argv", ERRORS, ids=" ".join)
def test_every_mutation_of_an_error_object_is_rejected(argv):
    result = run(*argv, "--json")
    assert result.code != 0
    holes = accepted_mutations(result.json(), "error")
    assert not holes, holes


def test_an_invalid_knowledge_base_error_is_rejected_when_mutated(write_kb):
    bad = write_kb(lambda data: data["roles"][0].update(kind="boss"))
    result = run("--kb", bad, "roles", "--json")
    assert result.code == 3
    assert result.json()["error"].get("problems")
    holes = accepted_mutations(result.json(), "error")
    assert not holes, holes


def test_the_mutation_test_can_fail():
    """A schema that checks too little lets mutations through, and the test names them."""
    doc = _json("show", "sem")
    holes = accepted_mutations(doc, "show", {"type": "object", "required": ["schema_version", "command"]})
    assert "delete entry/skills" in holes and "delete kind" in holes
    assert any(h.startswith("retype entry/skills ") for h in holes)


def test_every_command_is_covered():
    """Each command has a real output mutated above, and each kind of show and compare result."""
    from promo_ops.cli import COMMANDS, KB_COMMANDS

    covered = {" ".join(a[:2]) if a[0] == "kb" else a[0] for a in ADVISE + COMPARE + SHOW + BROWSE + PATHS}
    covered.add("progress")  # test_progress_is_rejected_when_mutated
    assert covered == set(COMMANDS) | {"kb " + c for c in KB_COMMANDS}
    assert {_json(*argv)["kind"] for argv in COMPARE} == {"family", "role", "mixed"}
    assert {_json(*argv)["kind"] for argv in SHOW} == {"family", "role", "skill", "case"}
    for name, kinds in (("compare", {"family", "role", "mixed"}), ("show", {"family", "role", "skill", "case"})):
        branches = schema(name)["oneOf"]
        assert {b["properties"]["kind"]["const"] for b in branches} == kinds


def test_cohort_lines_are_rejected_when_mutated(tmp_path):
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text('{"current_role": "sem", "interests": ["writing"]}\n{"current_role": "nobody"}\n',
                      encoding="utf-8")
    result = run("advise", "--batch", str(cohort))
    good, bad = (json.loads(line) for line in result.stdout.splitlines())
    assert good["line"] == 1 and bad["line"] == 2
    holes = accepted_mutations(good, "advise") + accepted_mutations(bad, "error")
    assert not holes, holes


def test_every_allowance_is_used(tmp_path, write_kb):
    """Each mutation ALLOWED lets through names a key some real output has: an allowance that matches
    nothing would hide a hole the day a key of that name appears."""
    docs = [_json(*argv) for argv in (ADVISE[2], ADVISE[3], COMPARE[0], SHOW[0], SHOW[5], PATHS[0])]
    docs += _progress_outputs(tmp_path, write_kb)
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text('{"current_role": "sem"}\n', encoding="utf-8")
    docs.append(json.loads(run("advise", "--batch", str(cohort)).stdout))
    bad = write_kb(lambda data: data["roles"][0].update(kind="boss"))
    docs.append(run("--kb", bad, "roles", "--json").json())
    names = {_name(path) for doc in docs for _, _, path in _places(doc)}
    for rules, table in ((DELETION_RULES, ALLOWED_DELETIONS), (RETYPE_RULES, ALLOWED_RETYPES)):
        unused = [glob for (pattern, _), glob in zip(rules, table) if not any(pattern.match(n) for n in names)]
        assert not unused, unused
    # The practise-effect scopes, allowed only inside a practise effect, occur too.
    assert set(PRACTISE_SCOPE) <= names
