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
ONE_LINE = "^[^\\n]*$"  # a text shown on one line has no line break
MAX_LEVEL = 3


def _def_name(record: str) -> str:
    return record.replace(" ", "-").replace("'", "")


class Spec:
    """What one value holds. `schema` gives its JSON Schema; `note` documents it there. A spec with
    `zh` is a text a person reads: the key holds its English and KEY_zh beside it its Chinese."""

    note = ""
    zh = False

    def schema(self) -> Dict[str, Any]:
        raise NotImplementedError

    def described(self) -> Dict[str, Any]:
        out = self.schema()
        return {**out, "description": self.note} if self.note else out


class Text(Spec):
    """`line`: a text always shown on one line (a name, a label, an alias): a line break in it would
    forge a line of output, so it is refused."""

    def __init__(self, optional: bool = False, enum: Optional[Tuple[str, ...]] = None, note: str = "",
                 zh: bool = False, line: bool = False):
        self.optional, self.enum, self.note, self.zh, self.line = optional, enum, note, zh, line

    def schema(self) -> Dict[str, Any]:
        if self.enum:
            return {"enum": list(self.enum)}
        return {"type": "string", "minLength": 1, **({"pattern": ONE_LINE} if self.line else {})}


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
    def __init__(self, item: Spec, unique: bool = False, min_items: int = 0, note: str = "", zh: bool = False):
        self.item, self.unique, self.min_items, self.note, self.zh = item, unique, min_items, note, zh

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

    def __init__(self, method: str, shape: Dict[str, Any], note: str = "", zh: bool = False):
        self.method, self.shape, self.note, self.zh = method, shape, note, zh

    def schema(self) -> Dict[str, Any]:
        return dict(self.shape)


class Anything(Custom):
    def __init__(self, shape: Optional[Dict[str, Any]] = None, note: str = ""):
        super().__init__("", shape or {}, note)


Fields = Dict[str, Tuple[bool, Spec]]

# Every text a person reads is written in both languages: KEY in English and KEY_zh in Chinese,
# as `name` and `name_zh` always were. With BILINGUAL, a text missing either is a problem
# (`kb validate` exits 3), in the built-in knowledge base and in one of your own alike. The
# article's quotes (`source`) stay in the language they were taken in and have no KEY_zh.
ZH = "_zh"
BILINGUAL = True


def prose(optional: bool = False, note: str = "", line: bool = False) -> Text:
    """A text a person reads, with its Chinese in KEY_zh beside it."""
    return Text(optional=optional, note=note, zh=True, line=line)


LINE = Text(line=True)  # a name or label: one line


def zh_keys(fields: Fields) -> Dict[str, str]:
    """KEY_zh -> KEY for each text of a record that has its Chinese beside it."""
    return {key + ZH: key for key, (_, spec) in fields.items() if spec.zh}


ALIASES = Seq(LINE, unique=True, note="Other names a person may type for this entry (short forms, "
                                          "common Chinese or English terms): each names one entry only.")

# Every piece of content carries its basis: the article's, with the verbatim quote (`source`), or
# promo-ops' own reading, with `why`. These keys go on any mapping that holds content.
BASIS: Fields = {"source": (False, Text()), "basis": (False, Anything({"enum": ["article", "reading"]})),
                 "why": (False, prose())}
BASIS_RULE = {"oneOf": [
    {"required": ["source"], "properties": {"basis": {"const": "article"}}, "not": {"required": ["why"]}},
    {"required": ["why"], "properties": {"basis": {"const": "reading"}}, "not": {"required": ["source"]}},
]}
NAMED: Fields = {"id": (True, Ident()), "name": (True, LINE), "name_zh": (True, LINE)}
EN_ZH: Fields = {"en": (True, Text()), "zh": (True, Text())}
LABEL: Fields = {"en": (True, LINE), "zh": (True, LINE)}
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
                   "why_zh": {"type": "string", "minLength": 1},
                   **{str(level): {"$ref": "#/$defs/label"} for level in range(1, MAX_LEVEL + 1)}},
    "required": ["why"] + (["why_zh"] if BILINGUAL else []) + [str(level) for level in range(1, MAX_LEVEL + 1)],
    "dependentRequired": {"why_zh": ["why"]},
    "additionalProperties": False,
}

# record name -> (keys, extra schema). The record name is also how messages name it ("skill need").
RECORDS: Dict[str, Tuple[Fields, Dict[str, Any]]] = {
    "knowledge base": ({
        "schema_version": (True, Anything({"const": 1})),
        "meta": (False, Anything({"type": "object", "properties": {"scope": {"$ref": "#/$defs/cited-text"}}},
                                 note="Free-form facts about the file; `scope` is the article's caveat.")),
        "levels": (False, Custom("levels", {"type": "object", "propertyNames": {"enum": ["0", "1", "2", "3"]},
                                            "additionalProperties": {"type": "string", "minLength": 1,
                                                                     "pattern": ONE_LINE}},
                                 note="Each level's name, 0 to 3.", zh=True)),
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
    "cited text": ({"text": (True, prose()), **BASIS}, BASIS_RULE),
    "label": (LABEL, {}),
    "prompt": (EN_ZH, {}),
    "fit threshold": ({"label": (True, prose(line=True, note="The fit label: `fit` in JSON is this English label in "
                                                  "either language; label_zh is what a Chinese run shows.")),
                       "min": (True, Num(0.0, 1.0))}, {}),
    "family": ({**NAMED, "definition": (True, Cited()), "goal": (True, Cited()), "focus": (True, Cited()),
                "classifications": (True, Seq(Rec("classification")))}, {}),
    "classification": ({**NAMED, "source": (True, Text()), "note": (False, Cited()),
                        "classes": (True, Seq(Rec("class")))}, {}),
    "class": ({**NAMED, "examples": (False, Seq(Text(), zh=True)),
               "roles": (False, Seq(Custom("role_ref", {"$ref": "#/$defs/role-in-a-list"}),
                                    note="Which of promo-ops' roles this kind covers, each with its basis."))}, {}),
    "role in a list": ({"role": (True, Ref("role")), **BASIS}, BASIS_RULE),
    "skill": ({**NAMED, "aliases": (False, ALIASES),
               "description": (True, prose(note="What the skill is; its basis is the skill's own "
                                                "'source' or 'why'.")),
               "levels": (False, Custom("described_levels", DESCRIBED_LEVELS,
                                        note="What a person at levels 1, 2 and 3 has done, in English and "
                                             "Chinese (0 is none); always promo-ops' reading, with why.")),
               **BASIS,
               "prerequisites": (False, Seq(Custom("skill_ref", {"$ref": "#/$defs/skill-in-a-list"}),
                                            note="Skills to learn first, each with the basis for ordering them so.")),
               "exercises": (True, Seq(Rec("exercise"), min_items=1))}, BASIS_RULE),
    "exercise": ({"text": (True, prose()), **BASIS}, BASIS_RULE),
    "role": ({"id": (True, Ident()), "family": (True, Ref("family")), "kind": (True, Choice(ROLE_KINDS)),
              "name": (True, LINE), "name_zh": (True, LINE), "aliases": (False, ALIASES),
              "summary": (True, prose()),
              "source": (False, Text(optional=True)), "related": (False, Seq(Ref("role"), unique=True)),
              "skills": (True, Seq(Custom("skill_need", {"$ref": "#/$defs/skill-need"}), min_items=1))}, {}),
    "skill need": ({"skill": (True, Ref("skill")), "importance": (True, Int(1, 3)),
                    "level": (True, Int(1, MAX_LEVEL)), **BASIS}, BASIS_RULE),
    "comparison": ({"left": (True, Ref("family")), "right": (True, Ref("family")),
                    "differences": (True, Seq(Rec("difference"))),
                    "similarities": (True, Seq(Custom("similarity", {"$ref": "#/$defs/similarity"})))}, {}),
    "difference": ({"aspect": (True, Ident()), "name": (True, prose(line=True)),
                    "left": (True, Cited("comparison cell")), "right": (True, Cited("comparison cell"))}, {}),
    "similarity": ({"id": (True, Ident()), "text": (True, prose()), **BASIS}, BASIS_RULE),
    "transition": ({"id": (True, Ident()), "from": (True, Ref("entry")), "to": (True, Ref("entry")),
                    "verdict": (True, prose()), "summary": (True, prose()),
                    "advice": (True, Seq(Cited())),
                    "transfers": (False, Seq(Custom("skill_ref", {"$ref": "#/$defs/skill-in-a-list"}))),
                    "practise_first": (False, Seq(Custom("skill_ref", {"$ref": "#/$defs/skill-in-a-list"}))),
                    "same_work": (False, Seq(Rec("same work"))), **BASIS}, BASIS_RULE),
    "skill in a list": ({"skill": (True, Ref("skill")), **BASIS}, BASIS_RULE),
    "same work": ({"role": (True, Ref("role")), "text": (True, prose()), "source": (True, Text())}, {}),
    "route settings": ({"job_change_cost": (True, Int(0, 100)), "viable_coverage": (True, Num(0.0, 1.0))}, {}),
    "case": ({**NAMED, "summary": (True, prose()), "source": (True, Text()), "lesson": (True, Cited("lesson")),
              "steps": (True, Seq(Rec("case step"))), "aims": (False, Seq(Cited()))}, {}),
    "case step": ({"stage": (True, prose()), "text": (True, prose()),
                   "functions": (False, Seq(Ref("role"), unique=True)), **BASIS}, BASIS_RULE),
    "question": ({"id": (True, Text(enum=tuple(TYPES))),
                  "type": (True, Text(enum=tuple(dict.fromkeys(TYPES.values())))),
                  "prompt": (True, Rec("prompt")), "help": (True, prose()),
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
                      "why": (False, prose(note="Why the adjustment is this large: always promo-ops' reading."))},
                     {"required": ["score", "why"], "oneOf": [{"required": ["tracks"]}, {"required": ["family"]}]}),
    "practise effect": ({"practise": (True, Seq(Ref("skill"), unique=True, min_items=1)),
                         "tracks": (False, Seq(Track(), unique=True, min_items=1)),
                         "family": (False, Ref("family"))}, {"not": {"required": ["tracks", "family"]}}),
    "plan effect": ({"plan": (True, Seq(Track(), unique=True, min_items=1,
                                        note="Tracks the plan is for when the person gives no --track: "
                                             "the first that can be moved into."))}, {}),
    "note effect": ({"note": (True, prose()), **BASIS}, BASIS_RULE),
}


def record_schema(name: str) -> Dict[str, Any]:
    fields, extra = RECORDS[name]
    properties: Dict[str, Any] = {}
    required = {key for key, (req, _) in fields.items() if req}
    pairs: Dict[str, list] = {}
    lists: list = []
    for key, (req, spec) in fields.items():
        properties[key] = spec.described()
        if spec.zh:
            properties[key + ZH] = {**spec.schema(), "description": f"The Chinese of `{key}`."}
            pairs[key + ZH] = [key]  # no Chinese without its English
            if not BILINGUAL:
                continue
            if isinstance(spec, Seq):  # a list with items needs their Chinese; an empty one needs none
                lists.append({"if": {"properties": {key: {"minItems": 1}}, "required": [key]},
                              "then": {"required": [key + ZH]}})
            elif req:
                required.add(key + ZH)
            else:
                pairs[key] = [key + ZH]
    out: Dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": sorted(required),
        "additionalProperties": False,
    }
    if pairs:
        out["dependentRequired"] = dict(sorted(pairs.items()))
    if lists:
        out["allOf"] = lists
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
