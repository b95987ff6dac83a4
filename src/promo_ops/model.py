"""The knowledge base as frozen dataclasses: what the rest of the program trusts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

from promo_ops.rules import Condition


@dataclass(frozen=True)
class Cited:
    """A claim and the short quote of the seed article it comes from."""

    text: str
    source: str = ""


@dataclass(frozen=True)
class Exercise:
    text: str
    source: str = ""


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    name_zh: str
    description: str
    exercises: Tuple[Exercise, ...]
    prerequisites: Tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class SkillNeed:
    skill: str
    importance: int
    level: int


@dataclass(frozen=True)
class Role:
    id: str
    family: str
    kind: str  # role (promotion), track (operation function) or post (job title)
    name: str
    name_zh: str
    summary: str
    skills: Tuple[SkillNeed, ...]
    source: str = ""
    related: Tuple[str, ...] = ()

    def needs(self) -> Dict[str, SkillNeed]:
        return {n.skill: n for n in self.skills}


@dataclass(frozen=True)
class ClassItem:
    id: str
    name: str
    name_zh: str
    examples: Tuple[str, ...]
    roles: Tuple[str, ...]


@dataclass(frozen=True)
class Classification:
    id: str
    name: str
    name_zh: str
    source: str
    classes: Tuple[ClassItem, ...]
    note: Optional[Cited] = None


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    name_zh: str
    definition: Cited
    goal: Cited
    focus: Cited
    classifications: Tuple[Classification, ...]


@dataclass(frozen=True)
class Aspect:
    aspect: str
    name: str
    left: str
    right: str
    source: str


@dataclass(frozen=True)
class Similarity:
    id: str
    text: str
    source: str


@dataclass(frozen=True)
class Comparison:
    left: str
    right: str
    differences: Tuple[Aspect, ...]
    similarities: Tuple[Similarity, ...]


@dataclass(frozen=True)
class Transition:
    id: str
    from_: str
    to: str
    verdict: str
    summary: str
    advice: Tuple[Cited, ...]
    transfers: Tuple[str, ...] = ()
    practise_first: Tuple[str, ...] = ()
    stepping_stones: Tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseStep:
    stage: str
    functions: Tuple[str, ...]
    text: str
    source: str


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    name_zh: str
    summary: str
    source: str
    steps: Tuple[CaseStep, ...]
    aims: Tuple[Cited, ...]
    lesson: str


@dataclass(frozen=True)
class Choice:
    value: str
    label_en: str
    label_zh: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # choice | multi | integer | skills
    prompt_en: str
    prompt_zh: str
    help: str
    choices: Tuple[Choice, ...] = ()
    choices_from: Optional[str] = None  # roles | skills
    default: Any = None
    required: bool = False
    min: Optional[int] = None
    max: Optional[int] = None
    when: Optional[Condition] = None


@dataclass(frozen=True)
class Effect:
    kind: str  # score | practise | note
    delta: float = 0.0
    tracks: Tuple[str, ...] = ()  # score: what it adjusts; practise: plans it joins (empty: any)
    family: Optional[str] = None
    skills: Tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    effects: Tuple[Effect, ...]
    because: Cited


@dataclass(frozen=True)
class FitThreshold:
    label: str
    min: float


@dataclass(frozen=True)
class KnowledgeBase:
    path: str
    meta: Dict[str, Any]
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
    digest: str = field(default="", compare=False)

    def kind_of(self, entry_id: str) -> Optional[str]:
        for kind, table in (("family", self.families), ("role", self.roles),
                            ("skill", self.skills), ("case", self.cases)):
            if entry_id in table:
                return kind
        return None

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

    def roles_in(self, family: str) -> list:
        return [r for r in self.roles.values() if r.family == family]
