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


def envelope(command, required, optional=None, defs=None, branches=None):
    """A command's output: exactly the keys this version prints (later versions may add keys, so readers
    should ignore unknown ones). `branches`: a oneOf of complete alternatives, one per kind of result."""
    head = {"schema_version": {"const": 1}, "command": {"const": command}, "lang": LANG}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + f"{command.replace(' ', '-')}.schema.json",
        "title": f"promo-ops {command} --json",
        "description": "Exactly the keys this version prints; later versions may add keys, so readers "
                       "should ignore unknown ones.",
    }
    if branches:
        schema["type"] = "object"
        schema["oneOf"] = [obj({**head, **req}, opt) for req, opt in branches]
    else:
        schema.update(obj({**head, **required}, optional))
    if defs:
        schema["$defs"] = defs
    return schema


def loose(required, optional=None):
    """Kept for the older call sites: every output object is strict now."""
    return obj(required, optional)


BASIS = {"enum": ["article", "reading"]}
# Output items say what they stand on: the article (with the quote, `source`) or promo-ops' reading
# (with `why`), and carry only the one that applies.
ONE_BASIS = [
    {"properties": {"basis": {"const": "article"}}, "required": ["source"], "not": {"required": ["why"]}},
    {"properties": {"basis": {"const": "reading"}}, "required": ["why"], "not": {"required": ["source"]}},
]


def cited_out(required, optional=None):
    """An object with its basis: `basis` and either `source` (the article) or `why` (a reading)."""
    out = obj({**required, "basis": BASIS}, {**(optional or {}), "source": TEXT, "why": TEXT})
    out["oneOf"] = ONE_BASIS
    return out


PROVENANCE = cited_out({})


def plan_exercise(required, optional=None):
    """An exercise of a saved plan: with its basis (`source` or `why`) while the knowledge base still
    has it as the plan holds it; without one when the knowledge base no longer does (`knowledge_base`
    says so), for the plan keeps only the text."""
    out = obj(required, {**(optional or {}), "basis": BASIS, "source": TEXT, "why": TEXT})
    gone = [{"required": [k]} for k in ("knowledge_base",) if k in out["properties"]]
    out["oneOf"] = [
        {"properties": {"basis": {"const": "article"}}, "required": ["basis", "source"],
         "not": {"anyOf": [{"required": ["why"]}] + gone}},
        {"properties": {"basis": {"const": "reading"}}, "required": ["basis", "why"],
         "not": {"anyOf": [{"required": ["source"]}] + gone}},
        {"required": [k for k in ("knowledge_base",) if gone],
         "not": {"anyOf": [{"required": ["basis"]}, {"required": ["source"]}, {"required": ["why"]}]}},
    ]
    return out


ROLE_KIND = {"enum": ["role", "track", "post"]}
ROLE_SUMMARY = obj({"id": ID, "family": ID, "kind": ROLE_KIND, "name": TEXT,
                    "name_zh": TEXT, "summary": TEXT,
                    "skills": {"type": "array", "items": obj(NEED_NUMBERS)}})
NULLABLE_ID = {"anyOf": [ID, {"type": "null"}]}
EXERCISE = cited_out({"text": TEXT})
PREREQUISITES = {"type": "array", "items": cited_out({"skill": ID}),
                 "description": "Skills to learn first, each with the basis for ordering them so."}
REASON = cited_out({"rule": ID, "text": TEXT})
SOURCE = {"enum": ["flag", "file", "prompt", "default"]}
SCORE = {"type": "number", "minimum": 0, "maximum": 1}
COUNT = {"type": "integer", "minimum": 0}
IMPORTANCE = {"type": "integer", "minimum": 1, "maximum": 3}
SIDE = obj({"id": ID, "name": TEXT, "name_zh": TEXT, "family": ID, "kind": {"enum": ["family", "role", "track", "post"]}})
SKILL_LEVELS = {"type": "array", "items": obj({"skill": ID, "level": LEVEL})}
GAPS = {"type": "array", "items": obj({"skill": ID, "current_level": LEVEL, "target_level": LEVEL,
                                       "importance": IMPORTANCE})}
OPS = ["eq", "ne", "in", "not_in", "contains", "gt", "gte", "lt", "lte"]
SCALAR_OR_LIST = {"type": ["string", "integer", "number", "boolean", "array", "null"]}


# advise --explain: every rule with its condition as evaluated (each node with its result), and
# how each track's score was built.
TRACED = {"oneOf": [
    obj({"all": {"type": "array", "items": {"$ref": "#/$defs/traced"}}, "result": {"type": "boolean"}}),
    obj({"any": {"type": "array", "items": {"$ref": "#/$defs/traced"}}, "result": {"type": "boolean"}}),
    obj({"not": {"$ref": "#/$defs/traced"}, "result": {"type": "boolean"}}),
    obj({"fact": TEXT, "op": {"enum": OPS}, "value": SCALAR_OR_LIST, "actual": SCALAR_OR_LIST,
         "result": {"type": "boolean"}}),
]}
EFFECT = {"oneOf": [
    obj({"score": {"type": "number", "minimum": -1, "maximum": 1}, "tracks": IDS}),
    obj({"score": {"type": "number", "minimum": -1, "maximum": 1}, "family": ID}),
    obj({"practise": IDS}, {"tracks": IDS, "family": ID}),
    obj({"plan": IDS}),
    obj({"note": TEXT}),
]}


def facts_schema():
    """The facts the rules test, from the table advise computes them by (promo_ops.facts.FACTS): each
    named fact typed, and one integer per skill (`skill.<id>`, and `stated.skill.<id>`: null when not stated)."""
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    from promo_ops import facts

    kinds = {"str": {"type": ["string", "null"]}, "int": {"type": ["integer", "null"]},
             "list": {"type": "array", "items": {"type": "string"}}}
    out = obj({f.name: kinds[f.type] for f in facts.FACTS})
    out["patternProperties"] = {
        "^" + facts.SKILL_PREFIX.replace(".", "\\.") + "[a-z0-9-]+$": LEVEL,
        "^" + facts.STATED_PREFIX.replace(".", "\\.") + "[a-z0-9-]+$": {"anyOf": [LEVEL, {"type": "null"}]},
    }
    return out


def trace_schema():
    return obj({
        "facts": facts_schema(),
        "rules": {"type": "array", "items": obj({
            "rule": ID, "fired": {"type": "boolean"}, "condition": {"$ref": "#/$defs/traced"},
            "effects": {"type": "array", "items": EFFECT}})},
        "scores": {"type": "array", "items": obj({
            "track": ID,
            "needs": {"type": "array", "items": obj({
                "skill": ID, "importance": IMPORTANCE, "needed": LEVEL,
                "have": LEVEL, "credit": {"type": "number", "minimum": 0, "maximum": 1}})},
            "coverage": SCORE,
            "adjustments": {"type": "array", "items": obj({"rule": ID, "delta": {"type": "number"}})},
            "stated": IDS,
            "score": SCORE})},
    })


# --- show: one schema per kind of entry, from the knowledge model's own records ------------------

# Keys whose text is an id, and keys that hold a closed set, wherever a record has them.
ID_KEYS = {"id", "skill", "role", "family", "from", "to"}
ID_LISTS = {"related", "functions"}
ENUM_KEYS = {"basis": BASIS, "kind": ROLE_KIND}
NUMBERS = {"importance": IMPORTANCE, "level": {"type": "integer", "minimum": 1, "maximum": 3}}


def _model():
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    from promo_ops import model

    return model


def _typed(hint, key, model):
    """A JSON Schema for one annotated field of a record, as record.to_plain writes it."""
    import typing

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and issubclass(hint, model.Record):
        return record_out(hint, model)
    if origin is typing.Union:
        kinds = [a for a in args if a is not type(None)]
        return {"anyOf": [_typed(kinds[0], key, model), {"type": "null"}]}
    if origin is tuple:
        item = _typed(args[0], key, model)
        if key in ID_LISTS:
            item = ID
        return {"type": "array", "items": item}
    if origin is dict:
        # Described levels: keyed by the level, 1 to 3.
        return {"type": "object", "propertyNames": {"pattern": "^[1-3]$"},
                "additionalProperties": _typed(args[1], key, model)}
    if hint is str:
        if key in ID_KEYS:
            return ID
        return ENUM_KEYS.get(key, {"type": "string"})
    if hint is int:
        return NUMBERS.get(key, {"type": "integer"})
    if hint is float:
        return {"type": "number"}
    if hint is bool:
        return {"type": "boolean"}
    raise SystemExit(f"make_schemas: no JSON Schema for {hint!r} ({key})")


def record_out(cls, model, drop=(), add=None, change=None):
    """A record as show prints it (every field, `from_` spelt `from`, each text once in the run's
    language), strict; a record with a basis
    carries a source when it is the article's and a why when it is promo-ops' reading."""
    import typing

    hints = typing.get_type_hints(cls, vars(model))
    props = {}
    for name in cls.__slots__:
        if name in drop or (name.endswith("_zh") and name[:-3] in cls.__slots__ and name != "name_zh"):
            continue  # a text's Chinese twin: show prints each text once, in the run's language
        key = "from" if name == "from_" else name
        props[key] = _typed(hints[name], key, model)
    props.update(change or {})
    out = obj({**props, **(add or {})})
    if {"basis", "source", "why"} <= set(props) and "oneOf" not in out:
        out["allOf"] = [{"if": {"properties": {"basis": {"const": "article"}}},
                         "then": {"properties": {"source": TEXT}},
                         "else": {"properties": {"why": TEXT}}}]
    return out


def show_schema():
    """`show` prints a family, a role, a skill or a case; `kind` says which, and `entry` has that kind's keys."""
    m = _model()
    roles_by_kind = obj({kind: IDS for kind in ("role", "track", "post")})
    class_item = record_out(m.ClassItem, m, change={"roles": IDS},
                            add={"roles_basis": {"type": "array", "items": cited_out({"role": ID})}})
    classification = record_out(m.Classification, m, change={"classes": {"type": "array", "items": class_item}})
    family = record_out(m.Family, m, change={"classifications": {"type": "array", "items": classification}},
                        add={"roles": roles_by_kind})
    family["properties"]["scope"] = record_out(m.Cited, m)  # when the knowledge base has the article's caveat
    transition = cited_out({"id": ID, "from": ID, "to": ID, "verdict": TEXT, "summary": TEXT})
    role = record_out(m.Role, m, add={"transitions": {"type": "array", "items": transition}})
    skill = record_out(m.Skill, m, drop=("source", "basis", "why"), change={
        "prerequisites": IDS, "prerequisites_basis": PREREQUISITES,
        "exercises": {"type": "array", "items": EXERCISE}},
        add={"basis": BASIS, "needed_by": {"type": "array", "items": obj(
            {"role": ID, "importance": IMPORTANCE, "level": {"type": "integer", "minimum": 1, "maximum": 3}})}})
    skill["properties"].update({"source": TEXT, "why": TEXT})  # the description's basis: one of the two
    skill["oneOf"] = ONE_BASIS
    case = record_out(m.Case, m)
    entries = {"family": family, "role": role, "skill": skill, "case": case}
    return envelope("show", None, branches=[
        ({"kind": {"const": kind}, "id": ID, "entry": {"$ref": f"#/$defs/{kind}"}}, None) for kind in entries
    ], defs=entries)


# --- compare: one branch per kind of comparison --------------------------------------------------

COMPARE_ADVICE = {
    "type": "array",
    "description": "The article's advice for moving between the two, each item saying which way it goes "
                   "(left_to_right: from the left side to the right) and the transition it comes from.",
    "items": cited_out({"direction": {"enum": ["left_to_right", "right_to_left"]}, "transition": ID,
                        "from": ID, "to": ID, "text": TEXT}),
}


def compare_schema():
    common = {
        "left": SIDE, "right": SIDE,
        "aspects": {"type": "array", "items": obj(
            {"aspect": ID, "name": TEXT, "left": TEXT, "right": TEXT, "source": {"type": "string"},
             "left_basis": PROVENANCE, "right_basis": PROVENANCE})},
        "similarities": {"type": "array", "items": cited_out({"id": ID, "text": TEXT})},
        "advice": COMPARE_ADVICE,
    }
    pair = lambda item: obj({"left_to_right": item, "right_to_left": item})  # noqa: E731
    branches = [
        ({"kind": {"const": "family"}, **common}, {"scope": cited_out({"text": TEXT})}),
        ({"kind": {"const": "role"}, **common,
          "shared_skills": {"type": "array", "items": obj({"skill": ID, "level": LEVEL, "left_level": LEVEL,
                                                           "right_level": LEVEL})},
          "only_left": SKILL_LEVELS, "only_right": SKILL_LEVELS,
          "transition": pair(SCORE), "practise": pair(GAPS)}, None),
        ({"kind": {"const": "mixed"}, **common,
          "best_matches": {"type": "array", "items": obj({"role": ID, "score": SCORE})}}, None),
    ]
    return envelope("compare", None, branches=branches)


# Not enums: a knowledge base declares these choices itself (its questions, its fit thresholds), and
# one shipped schema describes the output of any knowledge base given with --kb (the built-in choices
# are in data/roles.yaml's questions). Answers are checked against the choices when they are read.
KB_CHOICES = ("Not an enum here: each knowledge base declares its own choices (a knowledge base given with "
              "--kb may have others), so one schema cannot list them.")
RECOMMENDATION = obj({
    "track": ID, "family": ID, "kind": ROLE_KIND, "name": TEXT,
    "name_zh": TEXT, "score": SCORE, "coverage": SCORE, "adjustment": {"type": "number"},
    "adjustments": {"type": "array", "items": obj(
        {"rule": ID, "delta": {"type": "number"}, "basis": {"const": "reading"}, "why": {"type": "string"}}),
        "description": "score = clamp(coverage + the sum of these deltas, 0, 1)."},
    "fit": {**TEXT, "description": "A label of the knowledge base's fit_thresholds. " + KB_CHOICES},
    "fit_name": TEXT, "skills_matched": IDS,
    "skills_to_learn": GAPS,
    "matched_count": COUNT, "skills_total": COUNT,
    "transfers": {"type": "array", "items": obj(
        {"skill": ID, "level": LEVEL, "needed": LEVEL, "full": {"type": "boolean"},
         "stated": {"type": "boolean"}}),
        "description": "Needed skills the person has at all; 'full' ones (at the level needed) are what matched_count counts."},
    "reasons": {"type": "array", "items": REASON}, "posts": IDS})
PLAN_ITEM = obj({
    "skill": ID, "name": TEXT, "current_level": LEVEL, "target_level": LEVEL, "why": TEXT,
    "basis": BASIS,
    "reasons": {"type": "array", "items": cited_out({"rule": {"type": "string"}, "text": TEXT})},
    "exercises": {"type": "array", "minItems": 1, "items": EXERCISE}}, {"source": TEXT})
PLAN_ITEM["allOf"] = [{"if": {"properties": {"basis": {"const": "article"}}}, "then": {"required": ["source"]},
                       "else": {"not": {"required": ["source"]}}}]
HELP_MOST = {"anyOf": [{"type": "null"}, obj({
    "skill": ID, "name": TEXT, "from_level": LEVEL, "to_level": LEVEL, "best_track": ID,
    "score_before": SCORE, "score_after": SCORE, "gain": {"type": "number", "exclusiveMinimum": 0}})]}


def _question_ids():
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    from promo_ops import questions

    return [a.id for a in questions.ANSWERS]


QUESTION_IDS = _question_ids()


def output_schemas():
    out = {
        "roles": envelope("roles", {"family": NULLABLE_ID, "roles": {"type": "array", "items": ROLE_SUMMARY}}),
        "skills": envelope("skills", {"skills": {"type": "array", "items": {**cited_out(
            {"id": ID, "name": TEXT, "name_zh": TEXT, "description": TEXT, "prerequisites": IDS,
             "prerequisites_basis": PREREQUISITES,
             "needed_by": IDS}), "description": "A skill; its basis, source or why are its description's."}}}),
        "show": show_schema(),
        "kb validate": envelope("kb validate", None, branches=[
            ({"valid": {"const": True}, "path": TEXT,
              "counts": obj({k: COUNT for k in ("families", "roles", "skills", "transitions", "cases",
                                                 "questions", "rules")}),
              "problems": {"type": "array", "maxItems": 0}}, None),
            ({"valid": {"const": False}, "path": TEXT, "counts": {"type": "null"},
              "problems": {"type": "array", "minItems": 1, "items": obj({
                  "file": {"type": "string"}, "line": {"type": ["integer", "null"], "minimum": 1},
                  "column": {"type": ["integer", "null"], "minimum": 1}, "path": {"type": "string"},
                  "message": TEXT})}}, None),
        ]),
        "advise": envelope("advise", {
            "profile": obj({
                "current_role": ID, "years": {"type": ["integer", "null"], "minimum": 0},
                "company_type": {"type": ["string", "null"], "minLength": 1,
                                 "description": "One of the knowledge base's company_type choices, or null "
                                                "when not given. " + KB_CHOICES},
                "target": {**TEXT, "description": "auto, or one of the knowledge base's target choices. "
                                                  + KB_CHOICES},
                "interests": {"type": "array", "items": TEXT,
                              "description": "The knowledge base's interests choices. " + KB_CHOICES},
                "skills": {"type": "object", "additionalProperties": LEVEL,
                           "description": "Only the levels the person stated."},
                "current_family": ID, "target_family": TEXT,
                "sources": {"type": "object", "additionalProperties": SOURCE, "propertyNames": {"enum": QUESTION_IDS},
                            "description": "Where each answer came from; 'default' means the person did not give it."},
                "skill_levels": {"type": "object", "additionalProperties": obj(
                    {"level": LEVEL, "stated": {"type": "boolean"}}),
                    "description": "Every level used: stated by the person, or assumed from their role's needs."}},
                {"motives": {"type": "array", "items": TEXT,
                             "description": "The knowledge base's motives choices. " + KB_CHOICES}}),
            "recommendations": {"type": "array", "items": RECOMMENDATION},
            "plan_track": NULLABLE_ID,
            "plan_track_reason": {"anyOf": [{"type": "null"}, REASON]},
            "practice_plan": {"type": "array", "items": PLAN_ITEM},
            "help_most": HELP_MOST,
            "advice": {"type": "array", "items": cited_out({"transition": ID, "text": TEXT})},
            "notes": {"type": "array", "items": cited_out({"rule": ID, "text": TEXT})},
            "next": {"type": "array", "items": TEXT},
        }, {"trace": trace_schema(), "line": LINE}, defs={"traced": TRACED}),
        "compare": compare_schema(),
        "paths": envelope("paths", {
            "from": ID, "to": ID, "message": {"type": "string"},
            "roles": {"type": "object", "additionalProperties": obj(
                {"name": TEXT, "name_zh": TEXT, "family": ID, "kind": ROLE_KIND})},
            "skills": {"type": "object", "additionalProperties": obj({"name": TEXT, "name_zh": TEXT}),
                       "description": "The names of the skills the routes shown teach, by id."},
            "profile": obj({"current_role": ID, "skills": {"type": "object", "additionalProperties": LEVEL},
                            "skill_levels": {"type": "object", "additionalProperties": LEVEL}}),
            "model": obj({"job_change_cost": COUNT, "viable_coverage": SCORE,
                          "max_steps": {"type": "integer", "minimum": 1},
                          "objective": {"type": "array", "items": TEXT}, "basis": {"const": "reading"}}),
            "paths": {"type": "array", "items": obj({
                "rank": {"type": "integer", "minimum": 1},
                "steps": {"type": "array", "items": ID, "minItems": 2},
                "direct": {"type": "boolean"},
                "article_move": {"type": "boolean"},
                "viable": {"type": "boolean"},
                "cost": COUNT, "learning_cost": COUNT, "hardest_step": COUNT,
                "moves": {"type": "integer", "minimum": 1},
                "learn": {"type": "array", "items": IDS},
                "legs": {"type": "array", "minItems": 1, "items": obj({
                    "from": ID, "to": ID, "coverage": SCORE, "viable": {"type": "boolean"},
                    "learning_cost": COUNT, "cost": COUNT,
                    "learn": {"type": "array", "items": obj(
                        {"skill": ID, "from": LEVEL, "to": LEVEL, "importance": IMPORTANCE})}})},
                "learning": {"type": "array", "items": obj({"skill": ID, "from": LEVEL, "to": LEVEL})},
                "levels_learned": COUNT,
                "transitions": IDS,
                "basis": {"type": "array", "items": {"oneOf": [
                    obj({"basis": {"const": "article"}, "text": TEXT, "source": TEXT, "transition": ID,
                         "step": {"type": "integer", "minimum": 1}}),
                    obj({"basis": {"const": "article"}, "text": TEXT, "source": TEXT, "transition": ID,
                         "role": ID}),
                    obj({"basis": {"const": "reading"}, "text": TEXT, "why": TEXT}),
                ]}}})},
        }),
    }
    out["progress"] = envelope("progress", {
        "file": TEXT, "made": DATE, "track": ID, "track_name": {"type": ["string", "null"]},
        "score": obj({"when_made": SCORE, "now": {"anyOf": [SCORE, {"type": "null"}]},
                      "change": {"type": ["number", "null"]}}),
        "exercises": obj({s: COUNT for s in ("todo", "doing", "done", "skipped", "total")}),
        "percent": {"type": "integer", "minimum": 0, "maximum": 100},
        "skills": {"type": "array", "items": obj({
            "skill": TEXT, "name": TEXT, "level_then": LEVEL, "level_now": {"anyOf": [LEVEL, {"type": "null"}]},
            "level_now_is": {"enum": ["stated", "assumed", None]},
            "target_level": {"anyOf": [LEVEL, {"type": "null"}]},
            "in_plan": {"type": "boolean"}, "in_knowledge_base": {"type": "boolean"}})},
        "practice": {"type": "array", "items": obj({
            "skill": TEXT, "name": TEXT, "level_then": LEVEL, "target_level": LEVEL,
            "exercises": {"type": "array", "items": plan_exercise(
                {"ref": REF, "text": TEXT, "state": STATE}, {"knowledge_base": {"enum": ["missing", "changed"]}})}})},
        "next": {"anyOf": [{"type": "null"}, obj({
            "skill": {"anyOf": [{"type": "null"}, obj({
                "skill": ID, "name": TEXT, "from_level": LEVEL, "to_level": LEVEL, "score_before": SCORE,
                "score_after": SCORE, "gain": {"type": "number", "exclusiveMinimum": 0}})]},
            "exercise": {"anyOf": [{"type": "null"}, plan_exercise({"ref": REF, "text": TEXT, "state": STATE})]}})]},
        "history": {"type": "array", "items": {"$ref": "#/$defs/change"}},
        "knowledge_base": obj({
            "made_with": KB_STAMP, "changed": {"type": "boolean"},
            "missing": {"type": "array", "items": obj({
                "kind": {"enum": ["skill", "exercise", "answer-skill", "role", "track"]}, "id": TEXT})}}),
    }, defs={"change": CHANGE})
    out["advise"]["properties"]["what_if"] = obj({
        "levels": {"type": "object", "additionalProperties": LEVEL},
        "recommendations": {"type": "array", "items": RECOMMENDATION},
        "plan_track": NULLABLE_ID,
        "practice_plan": {"type": "array", "items": PLAN_ITEM},
        "help_most": HELP_MOST,
        "difference": {"type": "array", "items": obj({"track": ID, "score_now": SCORE, "score_if": SCORE,
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
                                "path": {"type": "string"}, "message": TEXT})}})},
              {"line": LINE}),
    }


LINE = {"type": "integer", "minimum": 1,
        "description": "Cohort mode (advise --batch): the input line (or CSV record's first line) this result is for."}


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
