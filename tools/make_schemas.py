"""Write the JSON Schema files shipped in src/promo_ops/schemas/.

The schemas are data, but writing them as Python keeps the shared pieces
(ids, cited text, skill needs) in one place. Run after changing a format:

    python tools/make_schemas.py

tests/test_schemas.py fails if a checked-in schema differs from what this writes.
"""

from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "promo_ops", "schemas")
BASE = "https://promo-ops.invalid/schemas/"

ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
TEXT = {"type": "string", "minLength": 1}
IDS = {"type": "array", "items": ID, "uniqueItems": True}


def obj(required, optional=None, extra=False):
    props = dict(required)
    props.update(optional or {})
    out = {"type": "object", "properties": props, "required": sorted(required)}
    if not extra:
        out["additionalProperties"] = False
    return out


LEVEL = {"type": "integer", "minimum": 0, "maximum": 3}
LANG = {"enum": ["en", "zh"], "description": "The run's language: every text field is in it; ids, keys and "
                                             "numbers are the same in both."}
NEED_NUMBERS = {"skill": ID, "importance": {"type": "integer", "minimum": 1, "maximum": 3},
                "level": {"type": "integer", "minimum": 1, "maximum": 3}}


def kb_schema():
    """The knowledge-base format, from the tables the validator itself reads (promo_ops.kbformat)."""
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    from promo_ops import kbformat

    return kbformat.json_schema(BASE)


def envelope(command, required, optional=None, defs=None):
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + f"{command.replace(' ', '-')}.schema.json",
        "title": f"promo-ops {command} --json",
        "description": "Keys are stable; new keys may be added, so readers must ignore unknown ones.",
        **obj({"schema_version": {"const": 1}, "command": {"const": command}, "lang": LANG, **required},
              optional, extra=True),
    }
    if defs:
        schema["$defs"] = defs
    return schema


def loose(required, optional=None):
    return obj(required, optional, extra=True)


# In output, each item says what it stands on: the article (with the quote) or promo-ops' reading (with why).
PROVENANCE = {"oneOf": [
    {"properties": {"basis": {"const": "article"}, "source": TEXT}, "required": ["basis", "source"]},
    {"properties": {"basis": {"const": "reading"}, "why": TEXT}, "required": ["basis", "why"]},
]}


def cited_out(required, optional=None):
    return {**loose(required, optional), **PROVENANCE}


ROLE_SUMMARY = loose({"id": ID, "family": ID, "kind": {"enum": ["role", "track", "post"]}, "name": TEXT,
                      "name_zh": TEXT, "summary": TEXT,
                      "skills": {"type": "array", "items": loose(NEED_NUMBERS)}})
NULLABLE_ID = {"anyOf": [ID, {"type": "null"}]}
EXERCISE = cited_out({"text": TEXT})
PREREQUISITES = {"type": "array", "items": cited_out({"skill": ID}),
                 "description": "Skills to learn first, each with the basis for ordering them so."}
REASON = cited_out({"rule": ID, "text": TEXT})
SOURCE = {"enum": ["flag", "file", "prompt", "default"]}
SCORE = {"type": "number", "minimum": 0, "maximum": 1}
COUNT = {"type": "integer", "minimum": 0}
SIDE = loose({"id": ID, "name": TEXT, "name_zh": TEXT, "family": ID, "kind": {"enum": ["family", "role", "track", "post"]}})
SKILL_LEVELS = {"type": "array", "items": loose({"skill": ID, "level": LEVEL})}


# advise --explain: every rule with its condition as evaluated (each node with its result), and
# how each track's score was built.
TRACED = {"oneOf": [
    loose({"all": {"type": "array", "items": {"$ref": "#/$defs/traced"}}, "result": {"type": "boolean"}}),
    loose({"any": {"type": "array", "items": {"$ref": "#/$defs/traced"}}, "result": {"type": "boolean"}}),
    loose({"not": {"$ref": "#/$defs/traced"}, "result": {"type": "boolean"}}),
    loose({"fact": TEXT, "op": {"enum": ["eq", "ne", "in", "not_in", "contains", "gt", "gte", "lt", "lte"]},
           "value": {}, "actual": {}, "result": {"type": "boolean"}}),
]}
TRACE = loose({
    "facts": {"type": "object", "additionalProperties": {"type": ["string", "integer", "number", "boolean",
                                                                  "array", "null"]}},
    "rules": {"type": "array", "items": loose({
        "rule": ID, "fired": {"type": "boolean"}, "condition": {"$ref": "#/$defs/traced"},
        "effects": {"type": "array", "items": {"type": "object", "minProperties": 1}}})},
    "scores": {"type": "array", "items": loose({
        "track": ID,
        "needs": {"type": "array", "items": loose({
            "skill": ID, "importance": {"type": "integer", "minimum": 1, "maximum": 3}, "needed": LEVEL,
            "have": LEVEL, "credit": {"type": "number", "minimum": 0, "maximum": 1}})},
        "coverage": {"type": "number", "minimum": 0, "maximum": 1},
        "adjustments": {"type": "array", "items": {"type": "object"}},
        "stated": {"type": "array"},
        "score": {"type": "number", "minimum": 0, "maximum": 1}})},
})


def output_schemas():
    out = {
        "roles": envelope("roles", {"family": NULLABLE_ID, "roles": {"type": "array", "items": ROLE_SUMMARY}}),
        "skills": envelope("skills", {"skills": {"type": "array", "items": {**cited_out(
            {"id": ID, "name": TEXT, "name_zh": TEXT, "description": TEXT, "prerequisites": IDS,
             "prerequisites_basis": PREREQUISITES,
             "needed_by": IDS}), "description": "A skill; its basis, source or why are its description's."}}}),
        "show": envelope("show", {"kind": {"enum": ["family", "role", "skill", "case"]}, "id": ID,
                                  "entry": loose({"id": ID, "name": TEXT, "name_zh": TEXT})}),
        "kb validate": envelope("kb validate", {
            "valid": {"type": "boolean"}, "path": TEXT,
            "counts": {"anyOf": [{"type": "null"}, {"type": "object",
                                                    "additionalProperties": {"type": "integer", "minimum": 0}}]},
            "problems": {"type": "array", "items": loose({
                "file": {"type": "string"}, "line": {"type": ["integer", "null"]},
                "column": {"type": ["integer", "null"]}, "path": {"type": "string"}, "message": TEXT})}}),
        "advise": envelope("advise", {
            "profile": loose({
                "current_role": ID, "years": {"type": ["integer", "null"], "minimum": 0},
                "company_type": {"type": ["string", "null"]}, "target": TEXT,
                "interests": {"type": "array", "items": TEXT},
                "skills": {"type": "object", "additionalProperties": LEVEL,
                           "description": "Only the levels the person stated."},
                "current_family": ID, "target_family": TEXT,
                "sources": {"type": "object", "additionalProperties": SOURCE,
                            "description": "Where each answer came from; 'default' means the person did not give it."},
                "skill_levels": {"type": "object", "additionalProperties": loose(
                    {"level": LEVEL, "stated": {"type": "boolean"}}),
                    "description": "Every level used: stated by the person, or assumed from their role's needs."}},
                {"motives": {"type": "array", "items": TEXT}}),
            "recommendations": {"type": "array", "items": loose({
                "track": ID, "family": ID, "kind": {"enum": ["role", "track", "post"]}, "name": TEXT,
                "name_zh": TEXT, "score": SCORE, "coverage": SCORE, "adjustment": {"type": "number"},
                "adjustments": {"type": "array", "items": loose(
                    {"rule": ID, "delta": {"type": "number"}, "basis": {"const": "reading"}, "why": TEXT}),
                    "description": "score = clamp(coverage + the sum of these deltas, 0, 1)."},
                "fit": TEXT, "fit_name": TEXT, "skills_matched": IDS,
                "skills_to_learn": {"type": "array", "items": loose(
                    {"skill": ID, "current_level": LEVEL, "target_level": LEVEL,
                     "importance": {"type": "integer", "minimum": 1, "maximum": 3}})},
                "matched_count": {"type": "integer", "minimum": 0}, "skills_total": {"type": "integer", "minimum": 0},
                "transfers": {"type": "array", "items": loose(
                    {"skill": ID, "level": LEVEL, "needed": LEVEL, "full": {"type": "boolean"},
                     "stated": {"type": "boolean"}}),
                    "description": "Needed skills the person has at all; 'full' ones (at the level needed) are what matched_count counts."},
                "reasons": {"type": "array", "items": REASON}, "posts": IDS})},
            "plan_track": NULLABLE_ID,
            "plan_track_reason": {"anyOf": [{"type": "null"}, REASON]},
            "practice_plan": {"type": "array", "items": loose({
                "skill": ID, "name": TEXT, "current_level": LEVEL, "target_level": LEVEL, "why": TEXT,
                "basis": {"enum": ["article", "reading"]},
                "reasons": {"type": "array", "items": cited_out({"rule": {"type": "string"}, "text": TEXT})},
                "exercises": {"type": "array", "minItems": 1, "items": EXERCISE}})},
            "help_most": {"anyOf": [{"type": "null"}, loose({
                "skill": ID, "name": TEXT, "from_level": LEVEL, "to_level": LEVEL, "best_track": ID,
                "score_before": SCORE, "score_after": SCORE, "gain": {"type": "number", "exclusiveMinimum": 0}})]},
            "advice": {"type": "array", "items": cited_out({"transition": ID, "text": TEXT})},
            "notes": {"type": "array", "items": cited_out({"rule": ID, "text": TEXT})},
            "next": {"type": "array", "items": TEXT},
        }, {"trace": TRACE}, defs={"traced": TRACED}),
        "compare": envelope("compare", {
            "kind": {"enum": ["family", "role", "mixed"]},
            "left": SIDE, "right": SIDE,
            "aspects": {"type": "array", "items": loose(
                {"aspect": ID, "name": TEXT, "left": TEXT, "right": TEXT, "source": {"type": "string"},
                 "left_basis": {**loose({}), **PROVENANCE}, "right_basis": {**loose({}), **PROVENANCE}})},
            "similarities": {"type": "array", "items": cited_out({"text": TEXT}, {"id": ID})},
        }, {
            "scope": cited_out({"text": TEXT}),
            "shared_skills": {"type": "array", "items": loose({"skill": ID, "level": LEVEL},
                                                              {"left_level": LEVEL, "right_level": LEVEL})},
            "only_left": SKILL_LEVELS, "only_right": SKILL_LEVELS,
            "transition": loose({"left_to_right": SCORE, "right_to_left": SCORE}),
            "practise": loose({"left_to_right": {"type": "array"}, "right_to_left": {"type": "array"}}),
            "best_matches": {"type": "array", "items": loose({"role": ID, "score": SCORE})},
            "advice": {"anyOf": [{"type": "array"}, {"type": "object"}]},
        }),
        "paths": envelope("paths", {
            "from": ID, "to": ID, "message": {"type": "string"},
            "roles": {"type": "object", "additionalProperties": loose(
                {"name": TEXT, "name_zh": TEXT, "family": ID, "kind": {"enum": ["role", "track", "post"]}})},
            "profile": loose({"current_role": ID, "skills": {"type": "object", "additionalProperties": LEVEL},
                              "skill_levels": {"type": "object", "additionalProperties": LEVEL}}),
            "model": loose({"job_change_cost": COUNT, "viable_coverage": SCORE,
                            "max_steps": {"type": "integer", "minimum": 1},
                            "objective": {"type": "array", "items": TEXT}, "basis": {"const": "reading"}}),
            "paths": {"type": "array", "items": loose({
                "rank": {"type": "integer", "minimum": 1},
                "steps": {"type": "array", "items": ID, "minItems": 2},
                "direct": {"type": "boolean"},
                "article_move": {"type": "boolean"},
                "viable": {"type": "boolean"},
                "cost": COUNT, "learning_cost": COUNT, "hardest_step": COUNT,
                "moves": {"type": "integer", "minimum": 1},
                "learn": {"type": "array", "items": IDS},
                "legs": {"type": "array", "minItems": 1, "items": loose({
                    "from": ID, "to": ID, "coverage": SCORE, "viable": {"type": "boolean"},
                    "learning_cost": COUNT, "cost": COUNT,
                    "learn": {"type": "array", "items": loose(
                        {"skill": ID, "from": LEVEL, "to": LEVEL,
                         "importance": {"type": "integer", "minimum": 1, "maximum": 3}})}})},
                "learning": {"type": "array", "items": loose({"skill": ID, "from": LEVEL, "to": LEVEL})},
                "levels_learned": COUNT,
                "transitions": IDS,
                "basis": {"type": "array", "items": {"oneOf": [
                    loose({"basis": {"const": "article"}, "text": TEXT, "source": TEXT, "transition": ID},
                          {"step": {"type": "integer", "minimum": 1}, "role": ID}),
                    loose({"basis": {"const": "reading"}, "text": TEXT, "why": TEXT}),
                ]}}})},
        }),
    }
    out["progress"] = envelope("progress", {
        "file": TEXT, "made": DATE, "track": ID, "track_name": {"type": ["string", "null"]},
        "score": loose({"when_made": SCORE, "now": {"anyOf": [SCORE, {"type": "null"}]},
                        "change": {"type": ["number", "null"]}}),
        "exercises": loose({s: COUNT for s in ("todo", "doing", "done", "skipped", "total")}),
        "percent": {"type": "integer", "minimum": 0, "maximum": 100},
        "skills": {"type": "array", "items": loose({
            "skill": TEXT, "name": TEXT, "level_then": LEVEL, "level_now": {"anyOf": [LEVEL, {"type": "null"}]},
            "level_now_is": {"enum": ["stated", "assumed", None]},
            "target_level": {"anyOf": [LEVEL, {"type": "null"}]},
            "in_plan": {"type": "boolean"}, "in_knowledge_base": {"type": "boolean"}})},
        "practice": {"type": "array", "items": loose({
            "skill": TEXT, "name": TEXT, "level_then": LEVEL, "target_level": LEVEL,
            "exercises": {"type": "array", "items": loose(
                {"ref": REF, "text": TEXT, "state": STATE}, {"knowledge_base": {"enum": ["missing", "changed"]}})}})},
        "next": {"anyOf": [{"type": "null"}, loose({
            "skill": {"anyOf": [{"type": "null"}, loose({
                "skill": ID, "name": TEXT, "from_level": LEVEL, "to_level": LEVEL, "score_before": SCORE,
                "score_after": SCORE, "gain": {"type": "number", "exclusiveMinimum": 0}})]},
            "exercise": {"anyOf": [{"type": "null"}, loose({"ref": REF, "text": TEXT, "state": STATE})]}})]},
        "history": {"type": "array", "items": {"$ref": "#/$defs/change"}},
        "knowledge_base": loose({
            "made_with": KB_STAMP, "changed": {"type": "boolean"},
            "missing": {"type": "array", "items": loose({
                "kind": {"enum": ["skill", "exercise", "answer-skill", "role", "track"]}, "id": TEXT})}}),
    }, defs={"change": CHANGE})
    out["advise"]["properties"]["what_if"] = loose({
        "levels": {"type": "object", "additionalProperties": LEVEL},
        "recommendations": {"type": "array"},
        "plan_track": NULLABLE_ID,
        "practice_plan": {"type": "array"},
        "help_most": {"anyOf": [{"type": "null"}, {"type": "object"}]},
        "difference": {"type": "array", "items": loose({"track": ID, "score_now": SCORE, "score_if": SCORE,
                                                        "change": {"type": "number"}})}})
    return out


COMMANDS = ["roles", "skills", "show", "advise", "compare", "paths", "progress", "kb validate"]


def error_schema():
    """What any command asked for JSON prints on stdout when it fails (the exit code says the same)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + "error.schema.json",
        "title": "promo-ops COMMAND --json, when it fails",
        "description": "Printed on stdout, with the message on stderr too, when a run asked for JSON "
                       "(--json or --format json) fails. error.code is the exit code. Keys are stable; "
                       "new keys may be added.",
        **obj({"schema_version": {"const": 1}, "command": {"enum": COMMANDS}, "lang": LANG,
               "error": obj({"code": {"enum": [1, 2, 3, 130]}, "message": TEXT},
                            {"problems": {"type": "array", "minItems": 1, "items": obj({
                                "file": {"type": "string"}, "line": {"type": ["integer", "null"], "minimum": 1},
                                "column": {"type": ["integer", "null"], "minimum": 1},
                                "path": {"type": "string"}, "message": TEXT})}})}),
    }


DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
COUNT = {"type": "integer", "minimum": 0}
STATE = {"enum": ["todo", "doing", "done", "skipped"]}
REF = {"type": "string", "pattern": "^.+\\.[1-9][0-9]*$"}
NULL_TEXT = {"anyOf": [TEXT, {"type": "null"}]}
KB_STAMP = obj({"title": NULL_TEXT, "version": NULL_TEXT, "digest": TEXT})
CHANGE = {"oneOf": [
    obj({"date": DATE, "change": {"const": "made"}, "track": TEXT, "score": SCORE}),
    obj({"date": DATE, "change": {"const": "state"}, "exercise": REF, "from": STATE, "to": STATE}),
    obj({"date": DATE, "change": {"const": "level"}, "skill": TEXT, "from": LEVEL, "to": LEVEL}, {"score": SCORE}),
]}


def plan_schema():
    """The plan file (advise --save, progress): read strictly, so no key beyond these."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + "plan.schema.json",
        "title": "promo-ops plan file",
        "description": "A saved practice plan: the answers as stated, the chosen track, each exercise's state "
                       "and a dated history. Written by `promo-ops advise --save`, read and updated by "
                       "`promo-ops progress`; `promo-ops advise --answers` reads its answers.",
        **obj({
            "promo-ops": {"const": "plan"},
            "version": {"const": 1, "description": "The format's version."},
            "made": DATE,
            "knowledge_base": KB_STAMP,
            "answers": {"type": "object", "description": "The answers as stated, with an answers file's keys "
                                                         "(checked against the knowledge base when read)."},
            "track": TEXT,
            "score": SCORE,
            "practice": {"type": "array", "items": obj({
                "skill": TEXT, "name": TEXT,
                "level": {**LEVEL, "description": "The level when the plan was made."},
                "target": {"type": "integer", "minimum": 1, "maximum": 3},
                "exercises": {"type": "array", "items": obj({"text": TEXT, "state": STATE})}})},
            "history": {"type": "array", "items": {"$ref": "#/$defs/change"}},
        }),
        "$defs": {"change": CHANGE},
    }


def main() -> int:
    os.makedirs(OUT, exist_ok=True)
    files = {"kb.schema.json": kb_schema(), "error.schema.json": error_schema(), "plan.schema.json": plan_schema()}
    for command, schema in output_schemas().items():
        files[f"{command.replace(' ', '-')}.schema.json"] = schema
    check = "--check" in sys.argv
    stale = []
    for name, schema in files.items():
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        path = os.path.join(OUT, name)
        if check:
            with open(path, encoding="utf-8") as fh:
                if fh.read() != text:
                    stale.append(name)
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
    if stale:
        print("stale schemas: " + ", ".join(stale) + "; run python tools/make_schemas.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
