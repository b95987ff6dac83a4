"""The knowledge-base format, described once: every record's keys, which are required, and what
each holds. kbcheck validates a file against these tables (and then checks what a table cannot
say: references, cycles, rules); tools/make_schemas.py writes kb.schema.json from the same
tables (json_schema), so the validator and the schema editors use cannot disagree.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from promo_ops.model import ROLE_KINDS
from promo_ops.questions import TYPES

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_LEVEL = 3


def _def_name(record: str) -> str:
    return record.replace(" ", "-").replace("'", "")


class Spec:
    """What one value holds. `schema` gives its JSON Schema; `note` documents it there."""

    note = ""

    def schema(self) -> Dict[str, Any]:
        raise NotImplementedError

    def described(self) -> Dict[str, Any]:
        out = self.schema()
        return {**out, "description": self.note} if self.note else out


class Text(Spec):
    def __init__(self, optional: bool = False, enum: Optional[Tuple[str, ...]] = None, note: str = ""):
        self.optional, self.enum, self.note = optional, enum, note

    def schema(self) -> Dict[str, Any]:
        return {"enum": list(self.enum)} if self.enum else {"type": "string", "minLength": 1}


class Ident(Spec):
    def schema(self) -> Dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN}


class Int(Spec):
    def __init__(self, lo: int, hi: int):
        self.lo, self.hi = lo, hi

    def schema(self) -> Dict[str, Any]:
        return {"type": "integer", "minimum": self.lo, "maximum": self.hi}


class Num(Spec):
    def __init__(self, lo: float, hi: float):
        self.lo, self.hi = lo, hi

    def schema(self) -> Dict[str, Any]:
        return {"type": "number", "minimum": self.lo, "maximum": self.hi}


class Ref(Ident):
    """An id of a family, role, skill or case (`entry`: a family or a role), checked once all are known."""

    def __init__(self, namespace: str):
        self.namespace = namespace


class Track(Ident):
    """A role or track a rule scores or plans for (never a post)."""


class Choice(Spec):
    def __init__(self, values: Tuple[str, ...]):
        self.values = values

    def schema(self) -> Dict[str, Any]:
        return {"enum": list(self.values)}


class Seq(Spec):
    def __init__(self, item: Spec, unique: bool = False, min_items: int = 0, note: str = ""):
        self.item, self.unique, self.min_items, self.note = item, unique, min_items, note

    def schema(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "array", "items": self.item.described()}
        if self.unique:
            out["uniqueItems"] = True
        if self.min_items:
            out["minItems"] = self.min_items
        return out


class Rec(Spec):
    """A mapping whose keys are RECORDS[name]."""

    def __init__(self, name: str, note: str = ""):
        self.name, self.note = name, note

    def schema(self) -> Dict[str, Any]:
        return {"$ref": f"#/$defs/{_def_name(self.name)}"}


class Cited(Rec):
    """Text with its basis; `what` names it in messages (a comparison cell, a lesson)."""

    def __init__(self, what: str = "cited text"):
        super().__init__("cited text")
        self.what = what


class Table(Seq):
    """A list of records with unique ids, built by the checker's method of the same name as the record."""

    def __init__(self, what: str, record: str, min_items: int = 0):
        super().__init__(Rec(record), min_items=min_items)
        self.what, self.record = what, record


class Custom(Spec):
    """A value the checker's method `method` reads, for shapes a table cannot say; `shape` is its schema."""

    def __init__(self, method: str, shape: Dict[str, Any], note: str = ""):
        self.method, self.shape, self.note = method, shape, note

    def schema(self) -> Dict[str, Any]:
        return dict(self.shape)


class Anything(Custom):
    def __init__(self, shape: Optional[Dict[str, Any]] = None, note: str = ""):
        super().__init__("", shape or {}, note)


Fields = Dict[str, Tuple[bool, Spec]]

# Every piece of content carries its basis: the article's, with the verbatim quote (`source`), or
# promo-ops' own reading, with `why`. These keys go on any mapping that holds content.
BASIS: Fields = {"source": (False, Text()), "basis": (False, Anything({"enum": ["article", "reading"]})),
                 "why": (False, Text())}
BASIS_RULE = {"oneOf": [
    {"required": ["source"], "properties": {"basis": {"const": "article"}}, "not": {"required": ["why"]}},
    {"required": ["why"], "properties": {"basis": {"const": "reading"}}, "not": {"required": ["source"]}},
]}
NAMED: Fields = {"id": (True, Ident()), "name": (True, Text()), "name_zh": (True, Text())}
EN_ZH: Fields = {"en": (True, Text()), "zh": (True, Text())}
CONDITION = {"$ref": "#/$defs/condition"}
CONDITION_DEF = {"oneOf": [
    {"type": "object", "properties": {"all": {"type": "array", "minItems": 1, "items": CONDITION}},
     "required": ["all"], "additionalProperties": False},
    {"type": "object", "properties": {"any": {"type": "array", "minItems": 1, "items": CONDITION}},
     "required": ["any"], "additionalProperties": False},
    {"type": "object", "properties": {"not": CONDITION}, "required": ["not"], "additionalProperties": False},
    {"type": "object", "properties": {"fact": {"type": "string", "minLength": 1},
                                      "op": {"enum": ["eq", "ne", "in", "not_in", "contains",
                                                      "gt", "gte", "lt", "lte"]},
                                      "value": {}},
     "required": ["fact", "op", "value"], "additionalProperties": False},
]}
DESCRIBED_LEVELS = {
    "type": "object",
    "properties": {"basis": {"const": "reading"}, "why": {"type": "string", "minLength": 1},
                   **{str(level): {"$ref": "#/$defs/label"} for level in range(1, MAX_LEVEL + 1)}},
    "required": ["why"] + [str(level) for level in range(1, MAX_LEVEL + 1)],
    "additionalProperties": False,
}

# record name -> (keys, extra schema). The record name is also how messages name it ("skill need").
RECORDS: Dict[str, Tuple[Fields, Dict[str, Any]]] = {
    "knowledge base": ({
        "schema_version": (True, Anything({"const": 1})),
        "meta": (False, Anything({"type": "object", "properties": {"scope": {"$ref": "#/$defs/cited-text"}}},
                                 note="Free-form facts about the file; `scope` is the article's caveat.")),
        "levels": (False, Custom("levels", {"type": "object", "propertyNames": {"enum": ["0", "1", "2", "3"]},
                                            "additionalProperties": {"type": "string", "minLength": 1}})),
        "fit_thresholds": (True, Custom("fit_thresholds", Seq(Rec("fit threshold"), min_items=1).schema(),
                                        note="Fit labels, from the highest minimum score down to 0.")),
        "families": (True, Table("families", "family")),
        "skills": (True, Table("skills", "skill")),
        "roles": (True, Table("roles", "role")),
        "comparison": (False, Rec("comparison")),
        "transitions": (False, Table("transitions", "transition")),
        "cases": (False, Table("cases", "case")),
        "routes": (False, Rec("route settings")),
        "questions": (True, Anything(Seq(Rec("question")).schema())),
        "rules": (False, Anything(Seq(Rec("rule")).schema())),
    }, {}),
    "cited text": ({"text": (True, Text()), **BASIS}, BASIS_RULE),
    "label": (EN_ZH, {}),
    "prompt": (EN_ZH, {}),
    "fit threshold": ({"label": (True, Text()), "min": (True, Num(0.0, 1.0))}, {}),
    "family": ({**NAMED, "definition": (True, Cited()), "goal": (True, Cited()), "focus": (True, Cited()),
                "classifications": (True, Seq(Rec("classification")))}, {}),
    "classification": ({**NAMED, "source": (True, Text()), "note": (False, Cited()),
                        "classes": (True, Seq(Rec("class")))}, {}),
    "class": ({**NAMED, "examples": (False, Seq(Text())),
               "roles": (False, Seq(Custom("role_ref", {"$ref": "#/$defs/role-in-a-list"}),
                                    note="Which of promo-ops' roles this kind covers, each with its basis."))}, {}),
    "role in a list": ({"role": (True, Ref("role")), **BASIS}, BASIS_RULE),
    "skill": ({**NAMED, "description": (True, Text(note="What the skill is; its basis is the skill's own "
                                                        "'source' or 'why'.")),
               "levels": (False, Custom("described_levels", DESCRIBED_LEVELS,
                                        note="What a person at levels 1, 2 and 3 has done, in English and "
                                             "Chinese (0 is none); always promo-ops' reading, with why.")),
               **BASIS,
               "prerequisites": (False, Seq(Custom("skill_ref", {"$ref": "#/$defs/skill-in-a-list"}),
                                            note="Skills to learn first, each with the basis for ordering them so.")),
               "exercises": (True, Seq(Rec("exercise"), min_items=1))}, BASIS_RULE),
    "exercise": ({"text": (True, Text()), **BASIS}, BASIS_RULE),
    "role": ({"id": (True, Ident()), "family": (True, Ref("family")), "kind": (True, Choice(ROLE_KINDS)),
              "name": (True, Text()), "name_zh": (True, Text()), "summary": (True, Text()),
              "source": (False, Text(optional=True)), "related": (False, Seq(Ref("role"), unique=True)),
              "skills": (True, Seq(Custom("skill_need", {"$ref": "#/$defs/skill-need"}), min_items=1))}, {}),
    "skill need": ({"skill": (True, Ref("skill")), "importance": (True, Int(1, 3)),
                    "level": (True, Int(1, MAX_LEVEL)), **BASIS}, BASIS_RULE),
    "comparison": ({"left": (True, Ref("family")), "right": (True, Ref("family")),
                    "differences": (True, Seq(Rec("difference"))),
                    "similarities": (True, Seq(Custom("similarity", {"$ref": "#/$defs/similarity"})))}, {}),
    "difference": ({"aspect": (True, Ident()), "name": (True, Text()),
                    "left": (True, Cited("comparison cell")), "right": (True, Cited("comparison cell"))}, {}),
    "similarity": ({"id": (True, Ident()), "text": (True, Text()), **BASIS}, BASIS_RULE),
    "transition": ({"id": (True, Ident()), "from": (True, Ref("entry")), "to": (True, Ref("entry")),
                    "verdict": (True, Text()), "summary": (True, Text()),
                    "advice": (True, Seq(Cited())),
                    "transfers": (False, Seq(Custom("skill_ref", {"$ref": "#/$defs/skill-in-a-list"}))),
                    "practise_first": (False, Seq(Custom("skill_ref", {"$ref": "#/$defs/skill-in-a-list"}))),
                    "same_work": (False, Seq(Rec("same work"))), **BASIS}, BASIS_RULE),
    "skill in a list": ({"skill": (True, Ref("skill")), **BASIS}, BASIS_RULE),
    "same work": ({"role": (True, Ref("role")), "text": (True, Text()), "source": (True, Text())}, {}),
    "route settings": ({"job_change_cost": (True, Int(0, 100)), "viable_coverage": (True, Num(0.0, 1.0))}, {}),
    "case": ({**NAMED, "summary": (True, Text()), "source": (True, Text()), "lesson": (True, Cited("lesson")),
              "steps": (True, Seq(Rec("case step"))), "aims": (False, Seq(Cited()))}, {}),
    "case step": ({"stage": (True, Text()), "text": (True, Text()),
                   "functions": (False, Seq(Ref("role"), unique=True)), **BASIS}, BASIS_RULE),
    "question": ({"id": (True, Text(enum=tuple(TYPES))),
                  "type": (True, Text(enum=tuple(dict.fromkeys(TYPES.values())))),
                  "prompt": (True, Rec("prompt")), "help": (True, Text()),
                  "choices": (False, Seq(Rec("choice"))),
                  "choices_from": (False, Choice(("roles", "skills"))),
                  "default": (False, Anything()), "required": (False, Anything({"type": "boolean"})),
                  "min": (False, Int(0, 1000)), "max": (False, Int(0, 1000)),
                  "when": (False, Anything(CONDITION))}, {}),
    "choice": ({"value": (True, Text()), "label": (True, Rec("label"))}, {}),
    "rule": ({"id": (True, Ident()), "when": (True, Anything(CONDITION)),
              "effects": (True, Seq(Custom("effect", {"oneOf": [
                  {"$ref": "#/$defs/score-effect"}, {"$ref": "#/$defs/practise-effect"},
                  {"$ref": "#/$defs/plan-effect"}, {"$ref": "#/$defs/note-effect"}]}), min_items=1)),
              "because": (True, Cited("a rule's 'because'"))}, {}),
    "score effect": ({"score": (True, Num(-1.0, 1.0)), "tracks": (False, Seq(Track(), unique=True, min_items=1)),
                      "family": (False, Ref("family")), "basis": (False, Anything({"const": "reading"})),
                      "why": (False, Text(note="Why the adjustment is this large: always promo-ops' reading."))},
                     {"required": ["score", "why"], "oneOf": [{"required": ["tracks"]}, {"required": ["family"]}]}),
    "practise effect": ({"practise": (True, Seq(Ref("skill"), unique=True, min_items=1)),
                         "tracks": (False, Seq(Track(), unique=True, min_items=1)),
                         "family": (False, Ref("family"))}, {"not": {"required": ["tracks", "family"]}}),
    "plan effect": ({"plan": (True, Seq(Track(), unique=True, min_items=1,
                                        note="Tracks the plan is for when the person gives no --track: "
                                             "the first that can be moved into."))}, {}),
    "note effect": ({"note": (True, Text()), **BASIS}, BASIS_RULE),
}


def record_schema(name: str) -> Dict[str, Any]:
    fields, extra = RECORDS[name]
    out: Dict[str, Any] = {
        "type": "object",
        "properties": {key: spec.described() for key, (_, spec) in fields.items()},
        "required": sorted(key for key, (required, _) in fields.items() if required),
        "additionalProperties": False,
    }
    for key, value in extra.items():
        out[key] = sorted(set(out[key]) | set(value)) if key == "required" else value
    return out


def json_schema(base: str) -> Dict[str, Any]:
    """kb.schema.json: the top record, every other record under $defs."""
    top = record_schema("knowledge base")
    defs = {_def_name(name): record_schema(name) for name in RECORDS if name != "knowledge base"}
    defs["condition"] = CONDITION_DEF
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": base + "kb.schema.json",
        "title": "promo-ops knowledge base",
        "description": "Roles, skills, transitions, questions and rules for promo-ops (data/roles.yaml). "
                       "Written from promo_ops.kbformat, the tables the validator reads.",
        **top,
        "$defs": dict(sorted(defs.items())),
    }
