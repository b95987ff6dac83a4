"""The facts rules test: one table says each fact's name, type, allowed values and how it is computed.

The validator reads the table to check every rule's and question's condition
when a knowledge base loads; advise reads it to compute a profile's facts;
`--explain` prints the computed values. Adding a fact is one row here (and,
if it comes from a new question, one row in questions.ANSWERS).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional

from promo_ops.model import ROLE_KINDS, KnowledgeBase, Profile, Role
from promo_ops.record import Record
from promo_ops.rules import FactSpec

SKILL_PREFIX = "skill."


class Tables(Record):
    """What a fact's allowed values come from while a knowledge base is being checked."""

    __slots__ = ("families", "roles", "skills", "choices")

    families: Any  # ids
    roles: Any
    skills: Any
    choices: Callable[[str], Optional[frozenset]]  # a question id -> its choice values


class Context(Record):
    """What a fact's value is computed from: the answers so far, the current role, the skill levels."""

    __slots__ = ("kb", "answers", "role", "levels")

    kb: KnowledgeBase
    answers: Mapping[str, Any]
    role: Optional[Role]
    levels: Mapping[str, int]


class Fact(Record):
    __slots__ = ("name", "type", "answer", "allowed", "compute")

    name: str
    type: str  # int | str | list (of str)
    answer: str  # the question whose answer it derives from: a `when` may use only earlier ones
    allowed: Callable[[Tables], Optional[frozenset]]
    compute: Callable[[Context], Any]


def target_family(kb: KnowledgeBase, current_family: Optional[str], target: Optional[str]) -> str:
    if target in kb.families:
        return target  # type: ignore[return-value]
    if target == "auto" and current_family:
        others = [f for f in kb.families if f != current_family]
        return others[0] if len(others) == 1 else "any"
    return "any"


def _family(c: Context) -> Optional[str]:
    return c.role.family if c.role else None


FACTS = (
    Fact("current_role", "str", "current_role", lambda t: frozenset(t.roles),
         lambda c: c.answers.get("current_role")),
    Fact("current_family", "str", "current_role", lambda t: frozenset(t.families), _family),
    Fact("current_kind", "str", "current_role", lambda t: frozenset(ROLE_KINDS),
         lambda c: c.role.kind if c.role else None),
    Fact("years", "int", "years", lambda t: None, lambda c: c.answers.get("years")),
    Fact("company_type", "str", "company_type", lambda t: t.choices("company_type"),
         lambda c: c.answers.get("company_type")),
    Fact("target", "str", "target", lambda t: t.choices("target"), lambda c: c.answers.get("target")),
    Fact("target_family", "str", "target", lambda t: frozenset(t.families) | {"any"},
         lambda c: target_family(c.kb, _family(c), c.answers.get("target"))),
    Fact("interests", "list", "interests", lambda t: t.choices("interests"),
         lambda c: tuple(c.answers.get("interests") or ())),
    Fact("motives", "list", "motives", lambda t: t.choices("motives"),
         lambda c: tuple(c.answers.get("motives") or ())),
)
# One more fact per skill, `skill.<id>`: the person's level (0-3), stated or assumed from their role.
SKILL_FACT = Fact(SKILL_PREFIX + "*", "int", "skills", lambda t: None, lambda c: None)
# And `stated.skill.<id>`: the level only if the person said it (unset otherwise, so no comparison
# holds). Rules whose reason speaks of what the person does test these, never an assumed level.
STATED_PREFIX = "stated." + SKILL_PREFIX
STATED_FACT = Fact(STATED_PREFIX + "*", "int", "skills", lambda t: None, lambda c: None)
BY_NAME = {f.name: f for f in FACTS}


def specs(tables: Tables) -> Dict[str, FactSpec]:
    """Every fact a condition may test in this knowledge base, with its type and allowed values."""
    out = {f.name: FactSpec(f.type, f.allowed(tables)) for f in FACTS}
    for sid in tables.skills:
        out[SKILL_PREFIX + sid] = FactSpec(SKILL_FACT.type, SKILL_FACT.allowed(tables))
        out[STATED_PREFIX + sid] = FactSpec(STATED_FACT.type, STATED_FACT.allowed(tables))
    return out


def answer_of(fact: str) -> str:
    """Which question's answer a fact is derived from."""
    if fact.startswith(SKILL_PREFIX):
        return SKILL_FACT.answer
    if fact.startswith(STATED_PREFIX):
        return STATED_FACT.answer
    return BY_NAME[fact].answer


def skill_of(fact: str) -> Optional[str]:
    """The skill a skill fact (stated or not) is about, or None."""
    for prefix in (SKILL_PREFIX, STATED_PREFIX):
        if fact.startswith(prefix):
            return fact[len(prefix):]
    return None


def effective_skills(kb: KnowledgeBase, profile: Profile) -> Dict[str, int]:
    """The person's levels: their current role's needs, corrected by what they said."""
    levels = {sid: 0 for sid in kb.skills}
    role = kb.roles.get(profile.current_role)
    if role:
        for need in role.skills:
            levels[need.skill] = need.level
    levels.update(profile.skills)
    return levels


def values(kb: KnowledgeBase, answers: Any, levels: Optional[Mapping[str, int]] = None) -> Dict[str, Any]:
    """Every fact's value, from a Profile (with its effective skill levels, if already known)
    or from the answers known so far (a mapping, while questions are still being asked)."""
    if isinstance(answers, Profile):
        given = answers.to_answers()
        skills = levels if levels is not None else effective_skills(kb, answers)
    else:
        given = dict(answers)
        skills = effective_skills(kb, Profile(current_role=given.get("current_role") or "",
                                              skills=dict(given.get("skills") or {})))
    ctx = Context(kb, given, kb.roles.get(given.get("current_role") or ""), skills)
    out = {f.name: f.compute(ctx) for f in FACTS}
    for sid, level in skills.items():
        out[SKILL_PREFIX + sid] = level
    said = given.get("skills") or {}
    for sid in skills:
        out[STATED_PREFIX + sid] = said.get(sid)
    return out
