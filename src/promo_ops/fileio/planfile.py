"""The plan file: what `advise --save` writes and `progress` reads and updates.

A plan file is a file a person can read, edit and keep in git (YAML, or JSON
when its name ends in .json). It holds, in this order:

    promo-ops: plan            # the marker: this file is a promo-ops plan
    version: 1                 # the format's version (PLAN_VERSION)
    made: '2026-11-27'         # the day the plan was made
    knowledge_base:            # what the plan was made with
      title: ...               #   meta.title of the knowledge base, or null
      version: ...             #   meta.version, when the knowledge base names one, or null
      digest: sha256:...       #   SHA-256 of the knowledge-base file
    answers: {...}             # the answers as the person stated them (an answers file's keys)
    track: content-operation   # the track the plan is for
    score: 0.53                # that track's score when the plan was made
    practice:                  # the practice plan, in order
    - skill: content-planning
      name: Content planning
      level: 0                 # the level when the plan was made
      target: 2                # the level the track needs
      exercises:               # exercise N of a skill is the Nth here (SKILL.N)
      - text: Plan a month of content ...
        state: todo            # todo | doing | done | skipped
    history:                   # every change, oldest first
    - {date: '2026-11-27', change: made, track: content-operation, score: 0.53}
    - {date: '2026-12-02', change: state, exercise: content-planning.1, from: todo, to: done}
    - {date: '2026-12-20', change: level, skill: content-planning, from: 0, to: 1, score: 0.7}

Reading is strict, like the answers files and the knowledge base: an unknown
or missing key, a wrong type or an impossible value is an error naming the
file, line and column. The answers are checked later, against the knowledge
base, by the same validator as every other source of answers.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from promo_ops.errors import InputError, Problem
from promo_ops.messages import _, say
from promo_ops.fileio import textfile
from promo_ops.fileio.answerfile import MARKER_KEY, MARKER_VALUE, PLAN_MARKER, parse_answers
from promo_ops.record import Record

MARKER = PLAN_MARKER  # the value of MARKER_KEY in a plan file (answers files written as JSON carry MARKER_VALUE)
PLAN_VERSION = 1
STATES = ("todo", "doing", "done", "skipped")
CHANGES = ("made", "state", "level")
HEADER = ("# promo-ops plan: `promo-ops progress FILE` shows how far you have come and records practice;\n"
          "# `promo-ops advise --answers FILE` reads the answers back. Format: see promo_ops/schemas/plan.schema.json\n")
ANSWERS_HEADER = "# promo-ops answers:"  # what answers files written by earlier versions start with
DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


class Exercise(Record):
    __slots__ = ("text", "state")

    text: str
    state: str  # one of STATES


class Item(Record):
    """One skill of the practice plan, as it was when the plan was made, and its exercises now."""

    __slots__ = ("skill", "name", "level", "target", "exercises")

    skill: str
    name: str
    level: int
    target: int
    exercises: Tuple[Exercise, ...]


class Change(Record):
    """One dated entry of the history. `before`/`after` are states (state) or levels (level)."""

    __slots__ = ("date", "change", "track", "exercise", "skill", "before", "after", "score")
    _defaults = {"track": None, "exercise": None, "skill": None, "before": None, "after": None, "score": None}

    date: str
    change: str  # one of CHANGES
    track: Optional[str]
    exercise: Optional[str]  # SKILL.N
    skill: Optional[str]
    before: Any
    after: Any
    score: Optional[float]


class KbStamp(Record):
    """Which knowledge base a plan was made with."""

    __slots__ = ("title", "version", "digest")

    title: Optional[str]
    version: Optional[str]
    digest: str


class Plan(Record):
    __slots__ = ("version", "made", "kb", "answers", "track", "score", "items", "history")

    version: int
    made: str
    kb: KbStamp
    answers: Dict[str, Any]
    track: str
    score: float
    items: Tuple[Item, ...]
    history: Tuple[Change, ...]


# --- writing --------------------------------------------------------------------------

def to_data(plan: Plan) -> Dict[str, Any]:
    """The plan as plain data, keys in the documented order."""
    return {
        MARKER_KEY: MARKER,
        "version": plan.version,
        "made": plan.made,
        "knowledge_base": {"title": plan.kb.title, "version": plan.kb.version, "digest": plan.kb.digest},
        "answers": plan.answers,
        "track": plan.track,
        "score": plan.score,
        "practice": [{"skill": i.skill, "name": i.name, "level": i.level, "target": i.target,
                      "exercises": [{"text": e.text, "state": e.state} for e in i.exercises]}
                     for i in plan.items],
        "history": [change_data(c) for c in plan.history],
    }


def change_data(c: Change) -> Dict[str, Any]:
    out: Dict[str, Any] = {"date": c.date, "change": c.change}
    if c.change == "made":
        out.update(track=c.track, score=c.score)
    elif c.change == "state":
        out.update({"exercise": c.exercise, "from": c.before, "to": c.after})
    else:
        out.update({"skill": c.skill, "from": c.before, "to": c.after})
        if c.score is not None:
            out["score"] = c.score
    return out


def dump(plan: Plan, path: str) -> str:
    """The file's text: JSON for a *.json path, else YAML with a header saying what it is."""
    data = to_data(plan)
    if path.lower().endswith(".json"):
        import json

        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    from promo_ops.fileio import safeyaml

    return HEADER + safeyaml.dump(data)


def is_ours(existing: str) -> bool:
    """Whether a file promo-ops may replace holds a plan (or answers) that promo-ops wrote: it
    starts with one of our headers, or it reads as a plan or answers file with our marker."""
    if existing.startswith(HEADER.split("\n")[0]) or existing.startswith(ANSWERS_HEADER):
        return True
    try:
        data = parse_answers(existing, "<existing>", textfile.PLAN).data
    except textfile.DocumentError:
        return False
    return isinstance(data, dict) and data.get(MARKER_KEY) in (MARKER, MARKER_VALUE)


def refuse_losing_progress(path: str) -> None:
    """A new plan over a plan with recorded practice would lose it: an error (the caller's --force skips this)."""
    try:
        text = textfile.decode(textfile.read_bytes(path, what="plan file"), path)
        plan, _ = read(text, path)
    except (textfile.DocumentError, InputError):
        return  # not there, or not a readable plan: write_atomic decides
    changes = sum(1 for c in plan.history if c.change != "made")
    if changes:
        raise InputError("plan-has-progress", path=path, count=changes, since=plan.made)


# --- reading --------------------------------------------------------------------------

def is_plan(data: Any) -> bool:
    """Whether parsed data claims to be a plan file (it carries the marker)."""
    return isinstance(data, dict) and data.get(MARKER_KEY) == MARKER


def read(text: str, name: str) -> Tuple[Plan, Any]:
    """A plan file's text as a Plan and the document (for positions); every problem at once."""
    try:
        doc = parse_answers(text, name, textfile.PLAN)
    except textfile.DocumentError as exc:
        raise InputError("plan-unreadable", exc.problems, name=name) from None
    if not is_plan(doc.data):
        raise InputError("plan-not-a-plan", name=name)
    return from_document(doc), doc


def from_document(doc: Any) -> Plan:
    reader = _Reader(doc)
    plan = reader.plan(doc.data)
    if reader.problems:
        raise InputError("plan-invalid", reader.problems, name=doc.name)
    assert plan is not None
    return plan


class AnswersView:
    """The `answers` part of a plan's document, for the answers validator: its paths are the
    answer ids, its positions those in the plan file."""

    def __init__(self, doc: Any, plan: Plan) -> None:
        self.doc = doc
        self.name = doc.name
        self.data = plan.answers
        self.plan = plan

    def mark(self, path: tuple) -> Any:
        return self.doc.mark(("answers",) + tuple(path))

    def problem(self, path: tuple, message: str) -> Problem:
        return self.doc.problem(("answers",) + tuple(path), message)


_TOP = ("promo-ops", "version", "made", "knowledge_base", "answers", "track", "score", "practice", "history")
_KB = ("title", "version", "digest")
_ITEM = ("skill", "name", "level", "target", "exercises")
_EXERCISE = ("text", "state")
_CHANGE_KEYS = {
    "made": (("date", "change", "track", "score"), ()),
    "state": (("date", "change", "exercise", "from", "to"), ()),
    "level": (("date", "change", "skill", "from", "to"), ("score",)),
}
_MISSING = object()


class _Reader:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.problems: List[Problem] = []

    def err(self, path: tuple, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def mapping(self, value: Any, path: tuple, required: Tuple[str, ...],
                optional: Tuple[str, ...] = ()) -> Optional[Dict[str, Any]]:
        from promo_ops.errors import did_you_mean

        if not isinstance(value, dict):
            self.err(path, say("plan-not-mapping", keys=", ".join(required), got=_describe(value)))
            return None
        allowed = required + optional
        ok = True
        for key in value:
            if key not in allowed:
                self.err(path + (key,), say("plan-unknown-key", key=key, hint=did_you_mean(str(key), allowed),
                                                keys=", ".join(allowed)))
                ok = False
        for key in required:
            if key not in value:
                self.err(path, say("plan-missing-key", key=key))
                ok = False
        return value if ok else None

    def text(self, value: Any, path: tuple, nullable: bool = False) -> Any:
        if value is None and nullable:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and nullable:
            return str(value)  # a version written as 1.2 is still a version
        if not isinstance(value, str) or not value.strip():
            self.err(path, say("plan-not-text", got=_describe(value)))
            return _MISSING
        return value

    def integer(self, value: Any, path: tuple, low: int, high: int) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.err(path, say("plan-not-whole", low=low, high=high, got=_describe(value)))
            return _MISSING
        return value

    def score(self, value: Any, path: tuple) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            self.err(path, say("plan-not-score", got=_describe(value)))
            return _MISSING
        return float(value)

    def date(self, value: Any, path: tuple) -> Any:
        if not isinstance(value, str) or not valid_date(value):
            self.err(path, say("plan-not-date", got=_describe(value)))
            return _MISSING
        return value

    def choice(self, value: Any, path: tuple, allowed: Tuple[str, ...]) -> Any:
        if not isinstance(value, str) or value not in allowed:
            self.err(path, say("plan-not-choice", allowed=", ".join(allowed), got=_describe(value)))
            return _MISSING
        return value

    def listing(self, value: Any, path: tuple) -> List[Any]:
        if not isinstance(value, list):
            self.err(path, say("plan-not-list", got=_describe(value)))
            return []
        return value

    def plan(self, data: Any) -> Optional[Plan]:
        top = self.mapping(data, (), _TOP)
        if top is None:
            return None
        version = top["version"]
        if isinstance(version, int) and not isinstance(version, bool) and version > PLAN_VERSION:
            self.err(("version",), say("plan-newer", version=version, reads=PLAN_VERSION))
            return None
        version = self.integer(version, ("version",), 1, PLAN_VERSION)
        made = self.date(top["made"], ("made",))
        kb = self.kb(top["knowledge_base"])
        answers = top["answers"]
        if not isinstance(answers, dict):
            self.err(("answers",), say("plan-answers-not-mapping", got=_describe(answers)))
        track = self.text(top["track"], ("track",))
        score = self.score(top["score"], ("score",))
        items = [self.item(v, ("practice", i)) for i, v in enumerate(self.listing(top["practice"], ("practice",)))]
        seen: Dict[str, int] = {}
        for i, item in enumerate(items):
            if item is not None and item.skill in seen:
                self.err(("practice", i, "skill"), say("plan-skill-twice", skill=item.skill, first=seen[item.skill]))
            elif item is not None:
                seen[item.skill] = i
        history = [self.change(v, ("history", i)) for i, v in enumerate(self.listing(top["history"], ("history",)))]
        if self.problems:
            return None
        return Plan(version, made, kb, dict(answers), track, score, tuple(items), tuple(history))

    def kb(self, value: Any) -> Any:
        m = self.mapping(value, ("knowledge_base",), _KB)
        if m is None:
            return None
        return KbStamp(self.text(m["title"], ("knowledge_base", "title"), nullable=True),
                       self.text(m["version"], ("knowledge_base", "version"), nullable=True),
                       self.text(m["digest"], ("knowledge_base", "digest")))

    def item(self, value: Any, path: tuple) -> Any:
        m = self.mapping(value, path, _ITEM)
        if m is None:
            return None
        exercises = []
        for j, ex in enumerate(self.listing(m["exercises"], path + ("exercises",))):
            e = self.mapping(ex, path + ("exercises", j), _EXERCISE)
            if e is not None:
                exercises.append(Exercise(self.text(e["text"], path + ("exercises", j, "text")),
                                          self.choice(e["state"], path + ("exercises", j, "state"), STATES)))
        return Item(self.text(m["skill"], path + ("skill",)), self.text(m["name"], path + ("name",)),
                    self.integer(m["level"], path + ("level",), 0, 3),
                    self.integer(m["target"], path + ("target",), 1, 3), tuple(exercises))

    def change(self, value: Any, path: tuple) -> Any:
        kind = value.get("change") if isinstance(value, dict) else None
        if kind not in _CHANGE_KEYS:
            if not isinstance(value, dict):
                self.err(path, say("plan-history-not-mapping", got=_describe(value)))
            elif "change" in value:
                self.err(path + ("change",), say("plan-not-choice", allowed=", ".join(CHANGES), got=_describe(kind)))
            else:
                self.err(path, say("plan-change-missing", changes=", ".join(CHANGES)))
            return None
        required, optional = _CHANGE_KEYS[kind]
        m = self.mapping(value, path, required, optional)
        if m is None:
            return None
        date = self.date(m["date"], path + ("date",))
        if kind == "made":
            return Change(date, kind, track=self.text(m["track"], path + ("track",)),
                          score=self.score(m["score"], path + ("score",)))
        if kind == "state":
            ref = m["exercise"]
            if not isinstance(ref, str) or split_ref(ref) is None:
                self.err(path + ("exercise",), say("plan-not-exercise", got=_describe(ref)))
            return Change(date, kind, exercise=ref, before=self.choice(m["from"], path + ("from",), STATES),
                          after=self.choice(m["to"], path + ("to",), STATES))
        score = self.score(m["score"], path + ("score",)) if "score" in m else None
        return Change(date, kind, skill=self.text(m["skill"], path + ("skill",)),
                      before=self.integer(m["from"], path + ("from",), 0, 3),
                      after=self.integer(m["to"], path + ("to",), 0, 3), score=score)


def split_ref(ref: str) -> Optional[Tuple[str, int]]:
    """'prototyping.2' -> ('prototyping', 2); None if it is not SKILL.N with N a whole number from 1."""
    skill, dot, number = ref.strip().rpartition(".")
    if not dot or not skill.strip() or not re.fullmatch(r"[1-9][0-9]{0,5}", number.strip()):
        return None
    return skill.strip(), int(number)


def valid_date(text: str) -> bool:
    if not DATE.match(text):
        return False
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("{value} (a boolean)").format(value=str(value).lower())
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return f"'{value}'"
    return repr(value)

