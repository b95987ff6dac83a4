"""The knowledge base as frozen records: what the rest of the program trusts."""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from promo_ops.errors import InputError, did_you_mean, shorten
from promo_ops.messages import pick
from promo_ops.record import Record
from promo_ops.rules import Condition

ROLE_KINDS = ("role", "track", "post")


ARTICLE = "article"
READING = "reading"


class Based(Record):
    """Content with a basis: the article's (with the verbatim `source` quote) or promo-ops' reading (`why`)."""

    __slots__: Tuple[str, ...] = ()

    def provenance(self) -> Dict[str, str]:
        """The basis as output carries it: a source for the article, a why for a reading."""
        if self.basis == ARTICLE:  # type: ignore[attr-defined]
            return {"basis": ARTICLE, "source": self.source}  # type: ignore[attr-defined]
        return {"basis": READING, "why": self.tr("why")}


class Cited(Based):
    """A claim and its basis: the article (with the verbatim quote that supports it)
    or promo-ops' own reading (with why the project reads it so)."""

    __slots__ = ("text", "source", "basis", "why", "text_zh", "why_zh")
    _defaults = {"source": "", "basis": ARTICLE, "why": "", "text_zh": "", "why_zh": ""}

    text: str
    source: str  # the article's words, in the language they were taken in (never translated)
    basis: str  # article | reading
    why: str
    text_zh: str  # each text's Chinese beside its English: tr("text") gives the run's language
    why_zh: str


class SkillRef(Based):
    """A skill named in a list (what transfers, what to practise first), with the basis for naming it."""

    __slots__ = ("skill", "basis", "source", "why", "why_zh")
    _defaults = {"why_zh": ""}

    skill: str
    basis: str
    source: str
    why: str
    why_zh: str


class RoleRef(Based):
    """A role named in a list (which roles a kind of promotion or operation covers), with the basis for naming it."""

    __slots__ = ("role", "basis", "source", "why", "why_zh")
    _defaults = {"why_zh": ""}

    role: str
    basis: str
    source: str
    why: str
    why_zh: str


class Exercise(Based):
    """An exercise: the article's (with the quote it follows) or one promo-ops suggests (with why)."""

    __slots__ = ("text", "source", "basis", "why", "text_zh", "why_zh")
    _defaults = {"source": "", "basis": ARTICLE, "why": "", "text_zh": "", "why_zh": ""}

    text: str
    source: str
    basis: str
    why: str
    text_zh: str
    why_zh: str


class LevelText(Record):
    """What a person at one level of a skill has done, in English and Chinese (the project's reading)."""

    __slots__ = ("en", "zh")

    en: str
    zh: str


class Skill(Based):
    __slots__ = ("id", "name", "name_zh", "description", "exercises", "prerequisites", "source", "levels",
                 "levels_why", "basis", "why", "description_zh", "levels_why_zh", "why_zh", "aliases")
    _defaults = {"prerequisites": (), "source": "", "levels": {}, "levels_why": "", "basis": ARTICLE, "why": "",
                 "description_zh": "", "levels_why_zh": "", "why_zh": "", "aliases": ()}

    id: str
    name: str
    name_zh: str
    description: str
    exercises: Tuple[Exercise, ...]
    prerequisites: Tuple[SkillRef, ...]  # each with the basis for learning it first
    source: str
    levels: Dict[int, LevelText]  # 1, 2 and 3 described; 0 is "none"
    levels_why: str  # the described levels are always promo-ops' reading; this says what they rest on
    basis: str  # of the description: the article's words (source) or promo-ops' reading (why)
    why: str
    description_zh: str
    levels_why_zh: str
    why_zh: str
    aliases: Tuple[str, ...]  # other names a person may type for it

    def requires(self) -> Tuple[str, ...]:
        """The ids of the skills to learn first."""
        return tuple(p.skill for p in self.prerequisites)


class SkillNeed(Based):
    __slots__ = ("skill", "importance", "level", "basis", "source", "why", "why_zh")
    _defaults = {"basis": "reading", "source": "", "why": "", "why_zh": ""}

    skill: str
    importance: int
    level: int
    basis: str  # that the role needs the skill; the numbers are always promo-ops' reading
    source: str
    why: str
    why_zh: str


class Role(Record):
    __slots__ = ("id", "family", "kind", "name", "name_zh", "summary", "skills", "source", "related",
                 "summary_zh", "aliases")
    _defaults = {"source": "", "related": (), "summary_zh": "", "aliases": ()}

    id: str
    family: str
    kind: str  # role (promotion), track (operation function) or post (job title)
    name: str
    name_zh: str
    summary: str
    skills: Tuple[SkillNeed, ...]
    source: str
    related: Tuple[str, ...]
    summary_zh: str
    aliases: Tuple[str, ...]  # other names a person may type for it

    def needs(self) -> Dict[str, SkillNeed]:
        return {n.skill: n for n in self.skills}


class ClassItem(Record):
    __slots__ = ("id", "name", "name_zh", "examples", "roles", "examples_zh")
    _defaults = {"examples_zh": ()}

    id: str
    name: str
    name_zh: str
    examples: Tuple[str, ...]
    roles: Tuple[RoleRef, ...]  # which of promo-ops' roles this kind covers, each with its basis
    examples_zh: Tuple[str, ...]


class Classification(Record):
    __slots__ = ("id", "name", "name_zh", "source", "classes", "note")
    _defaults = {"note": None}

    id: str
    name: str
    name_zh: str
    source: str
    classes: Tuple[ClassItem, ...]
    note: Optional[Cited]


class Family(Record):
    __slots__ = ("id", "name", "name_zh", "definition", "goal", "focus", "classifications")

    id: str
    name: str
    name_zh: str
    definition: Cited
    goal: Cited
    focus: Cited
    classifications: Tuple[Classification, ...]


class Aspect(Record):
    __slots__ = ("aspect", "name", "left", "right", "name_zh")
    _defaults = {"name_zh": ""}

    aspect: str
    name: str
    left: Cited
    right: Cited
    name_zh: str


class Similarity(Record):
    __slots__ = ("id", "text", "source", "basis", "why", "text_zh", "why_zh")
    _defaults = {"basis": ARTICLE, "why": "", "text_zh": "", "why_zh": ""}

    id: str
    text: str
    source: str
    basis: str
    why: str
    text_zh: str
    why_zh: str


class Comparison(Record):
    __slots__ = ("left", "right", "differences", "similarities")

    left: str
    right: str
    differences: Tuple[Aspect, ...]
    similarities: Tuple[Similarity, ...]


class SameWork(Record):
    """A post whose work the article counts as a move's destination, with the quote that says so."""

    __slots__ = ("role", "text", "source", "text_zh")
    _defaults = {"text_zh": ""}

    role: str
    text: str
    source: str
    text_zh: str


class Transition(Based):
    __slots__ = ("id", "from_", "to", "verdict", "summary", "advice", "transfers", "practise_first", "same_work",
                 "basis", "source", "why", "verdict_zh", "summary_zh", "why_zh")
    _defaults = {"transfers": (), "practise_first": (), "same_work": (), "basis": ARTICLE, "source": "", "why": "",
                 "verdict_zh": "", "summary_zh": "", "why_zh": ""}

    id: str
    from_: str
    to: str
    verdict: str
    summary: str
    advice: Tuple[Cited, ...]
    transfers: Tuple[SkillRef, ...]
    practise_first: Tuple[SkillRef, ...]
    same_work: Tuple[SameWork, ...]
    basis: str  # of the verdict and summary: the article's words (source) or promo-ops' reading (why)
    source: str
    why: str
    verdict_zh: str
    summary_zh: str
    why_zh: str


class CaseStep(Record):
    __slots__ = ("stage", "functions", "text", "source", "basis", "why", "stage_zh", "text_zh", "why_zh")
    _defaults = {"basis": ARTICLE, "why": "", "stage_zh": "", "text_zh": "", "why_zh": ""}

    stage: str
    functions: Tuple[str, ...]
    text: str
    source: str
    basis: str
    why: str
    stage_zh: str
    text_zh: str
    why_zh: str


class Case(Record):
    __slots__ = ("id", "name", "name_zh", "summary", "source", "steps", "aims", "lesson", "summary_zh")
    _defaults = {"summary_zh": ""}

    id: str
    name: str
    name_zh: str
    summary: str
    source: str
    steps: Tuple[CaseStep, ...]
    aims: Tuple[Cited, ...]
    lesson: Cited
    summary_zh: str


class Choice(Record):
    __slots__ = ("value", "label_en", "label_zh")

    value: str
    label_en: str
    label_zh: str


class Question(Record):
    __slots__ = ("id", "type", "prompt_en", "prompt_zh", "help", "choices", "choices_from", "default", "required", "min", "max", "when",
                 "help_zh")
    _defaults = {"choices": (), "choices_from": None, "default": None, "required": False, "min": None, "max": None, "when": None,
                 "help_zh": ""}

    id: str
    type: str  # choice | multi | integer | skills
    prompt_en: str
    prompt_zh: str
    help: str
    choices: Tuple[Choice, ...]
    choices_from: Optional[str]  # roles | skills
    default: Any
    required: bool
    min: Optional[int]
    max: Optional[int]
    when: Optional[Condition]
    help_zh: str


class Effect(Based):
    __slots__ = ("kind", "delta", "tracks", "family", "skills", "text", "basis", "source", "why", "text_zh", "why_zh")
    _defaults = {"delta": 0.0, "tracks": (), "family": None, "skills": (), "text": "",
                 "basis": READING, "source": "", "why": "", "text_zh": "", "why_zh": ""}

    kind: str  # score | practise | note | plan
    delta: float
    tracks: Tuple[str, ...]  # score: what it adjusts; practise: the plans it joins (with family; neither: any);
    #                          plan: the tracks the plan prefers, first that can be moved into
    family: Optional[str]
    skills: Tuple[str, ...]
    text: str
    basis: str  # a score's size is always a reading (with why); a note has its own basis
    source: str
    why: str
    text_zh: str  # a note's Chinese (`note_zh` in the file)
    why_zh: str


class Rule(Record):
    __slots__ = ("id", "when", "effects", "because")

    id: str
    when: Condition
    effects: Tuple[Effect, ...]
    because: Cited


class FitThreshold(Record):
    __slots__ = ("label", "min", "label_zh")
    _defaults = {"label_zh": ""}

    label: str  # also the `fit` in JSON, in either language
    min: float
    label_zh: str


class RouteSettings(Record):
    """How `paths` prices and judges a route: numbers this project chose, kept in the knowledge base."""

    __slots__ = ("job_change_cost", "viable_coverage")
    _defaults = {"job_change_cost": 3, "viable_coverage": 0.35}

    job_change_cost: int  # added to every step, so a detour must earn its extra move
    viable_coverage: float  # a step is a move one could make when coverage reaches this


class KnowledgeBase(Record):
    __slots__ = ("path", "meta", "scope", "levels", "fit_thresholds", "families", "skills", "roles", "comparison", "transitions", "cases", "questions", "rules", "digest", "routes",
                 "levels_zh")
    _defaults = {"digest": "", "scope": None, "routes": RouteSettings(), "levels_zh": {}}

    path: str
    meta: Dict[str, Any]
    scope: Optional[Cited]  # the article's caveat on what its comparison covers
    levels: Dict[int, str]
    fit_thresholds: Tuple[FitThreshold, ...]
    families: Dict[str, Family]
    skills: Dict[str, Skill]
    roles: Dict[str, Role]
    comparison: Optional[Comparison]
    transitions: Tuple[Transition, ...]
    cases: Dict[str, Case]
    questions: Tuple[Question, ...]
    rules: Tuple[Rule, ...]
    digest: str
    routes: RouteSettings
    levels_zh: Dict[int, str]  # each level's name in Chinese

    def level_name(self, level: int) -> str:
        """A level's name (none, basic, working, strong) in the run's language."""
        return pick(self.levels.get(level, ""), self.levels_zh.get(level, ""))

    def fit_name(self, label: str) -> str:
        """A fit label as a person reads it in the run's language (JSON keeps the English label)."""
        for t in self.fit_thresholds:
            if t.label == label:
                return t.tr("label")
        return label

    def kind_of(self, entry_id: str) -> Optional[str]:
        for kind, table in (("family", self.families), ("role", self.roles),
                            ("skill", self.skills), ("case", self.cases)):
            if entry_id in table:
                return kind
        return None

    def lookup(self, entry_id: str) -> str:
        """What kind of entry an id names; an unknown id is an input error with "did you mean"."""
        kind = self.kind_of(entry_id)
        if kind is None:
            from promo_ops import names
            from promo_ops.messages import language

            records = [r for t in (self.families, self.roles, self.skills, self.cases) for r in t.values()]
            shown = {r.id: r.name_zh for r in records} if language() == "zh" else {}
            raise InputError("unknown-id", id=shorten(entry_id), hint=names.suggest(entry_id, names.entries(records), shown))
        return kind

    def resolve(self, text: str, tables: Tuple[str, ...] = ("families", "roles", "skills", "cases")) -> str:
        """The id a person meant: an id as written, else a name, Chinese name, alias or id written
        another way (names.find) in the given tables; as written when nothing matches, so that
        lookup() reports it with "did you mean"."""
        from promo_ops import names

        if any(text in getattr(self, t) for t in tables):
            return text
        table = [e for t in tables for e in names.entries(getattr(self, t).values())]
        # A family's name (运营, Operation) where only roles are wanted is an error, not a short form.
        elsewhere = names.entries(self.families.values()) if "families" not in tables else ()
        try:
            found = names.find(text, table, short_forms=True, elsewhere=elsewhere)
        except names.Elsewhere as exc:
            from promo_ops.messages import pick

            family = self.families[exc.ident]
            shown = [pick(r.id, r.name_zh) for r in self.roles.values() if r.family == family.id]
            raise InputError("id-family", id=shorten(text), family=pick(family.name, family.name_zh),
                             roles=", ".join(shown)) from None
        except names.WholeWord as exc:
            raise InputError("id-whole-word", id=shorten(text), candidates=names.listed(exc.candidates, table)) from None
        except names.Ambiguous as exc:
            raise InputError("id-ambiguous", id=text, candidates=", ".join(exc.candidates)) from None
        return text if found is None else found

    def all_ids(self) -> list:
        return [*self.families, *self.roles, *self.skills, *self.cases]

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def fit_label(self, score: float) -> str:
        for t in self.fit_thresholds:
            if score >= t.min - 1e-9:
                return t.label
        return self.fit_thresholds[-1].label

    def moves(self, source: "Role", dest: "Role") -> list:
        """The transitions the article gives for going from `source` to `dest`: by role or by family,
        and to a track a post belongs to."""
        ends = (dest.id, dest.family) + tuple(dest.related)
        return [t for t in self.transitions if t.from_ in (source.id, source.family) and t.to in ends]

    def roles_in(self, family: str) -> list:
        return [r for r in self.roles.values() if r.family == family]


# --- a person -------------------------------------------------------------------------

SOURCES = ("flag", "file", "prompt", "default")


class Profile(Record):
    """One person's resolved answers (questions.ANSWERS names them), and where each came from."""

    __slots__ = ("current_role", "years", "company_type", "target", "interests", "skills", "motives", "sources")
    _defaults = {"years": None, "company_type": None, "target": "auto", "interests": (), "skills": {},
                 "motives": (), "sources": {}}

    current_role: str
    years: Optional[int]  # None: not given
    company_type: Optional[str]
    target: str
    interests: Tuple[str, ...]
    skills: Dict[str, int]  # what the person said, not what is assumed
    motives: Tuple[str, ...]
    sources: Dict[str, str]  # answer id -> flag | file | prompt | default (an answer not listed: default)

    def source(self, qid: str) -> str:
        return self.sources.get(qid, "default")

    def stated(self, qid: str) -> bool:
        """Whether the person gave this answer (by flag, file or prompt) rather than its default."""
        return self.source(qid) != "default"

    def to_answers(self) -> dict:
        """Every answer, given or defaulted (keys in question order): what the rules see."""
        return {
            "current_role": self.current_role,
            "years": self.years,
            "company_type": self.company_type,
            "target": self.target,
            "interests": list(self.interests),
            "motives": list(self.motives),
            "skills": dict(sorted(self.skills.items())),
        }

    def stated_answers(self) -> dict:
        """Only what the person said: what --save writes. Read back, each answer left out takes the
        same default again, so the result is the same and the file states no more than was said."""
        return {k: v for k, v in self.to_answers().items() if self.stated(k)}
