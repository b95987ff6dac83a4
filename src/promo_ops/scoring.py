"""Transition scoring shared by advise, compare and paths.

A move's score is destination-weighted coverage, as in Nesta's career
causeways: how much of what the destination needs (each skill weighted by its
importance there) the person already has. It is asymmetric by design:
SEM -> content operation asks "how much of content operation does an SEM
specialist cover", which is not the same as the reverse.
"""

from __future__ import annotations

from typing import Dict, List, Mapping, Tuple

from promo_ops.model import Role


class NeedCredit:
    """How far one skill need of a role is met: a hot object, so a plain slotted class."""

    __slots__ = ("skill", "importance", "needed", "have", "gap", "credit")

    def __init__(self, skill: str, importance: int, needed: int, have: int) -> None:
        self.skill = skill
        self.importance = importance
        self.needed = needed
        self.have = have
        self.gap = needed - have if have < needed else 0
        self.credit = (have if have < needed else needed) / needed


def credits(role: Role, levels: Mapping[str, int]) -> List[NeedCredit]:
    return [NeedCredit(n.skill, n.importance, n.level, int(levels.get(n.skill, 0))) for n in role.skills]


def need_sixths(importance: int, needed: int, have: int) -> int:
    """One need's credit in sixths of a level: importance x the share of the needed level reached.

    Levels needed are 1-3, so every partial credit is a whole number of sixths;
    integers make the "what would help most" search, which changes one skill at
    a time, give exactly the numbers a full recomputation gives.
    """
    return importance * (have if have < needed else needed) * (6 // needed)


def coverage_parts(role: Role, levels: Mapping[str, int]) -> Tuple[int, int]:
    """Coverage as an exact fraction, numerator and denominator in sixths (need_sixths)."""
    num = total = 0
    for n in role.skills:
        num += need_sixths(n.importance, n.level, levels.get(n.skill, 0))
        total += n.importance * 6
    return num, total


def parts_of(credits: List[NeedCredit]) -> Tuple[int, int]:
    """coverage_parts from a role's credits, when they are at hand (the same formula: need_sixths)."""
    num = total = 0
    for c in credits:
        num += need_sixths(c.importance, c.needed, c.have)
        total += c.importance * 6
    return num, total


def ratio(num: int, total: int) -> float:
    """Coverage from its parts, in 0..1 rounded to 4 places (0 for a role that needs nothing)."""
    return round(num / total, 4) if total else 0.0


def coverage(role: Role, levels: Mapping[str, int]) -> float:
    """Importance-weighted share of the role's needs met, in 0..1 (rounded to 4 places)."""
    return ratio(*coverage_parts(role, levels))


def role_levels(role: Role) -> Dict[str, int]:
    """What someone doing the role is assumed to have: the levels it needs."""
    return {n.skill: n.level for n in role.skills}


def learn_cost(role: Role, levels: Mapping[str, int]) -> Tuple[int, List[str]]:
    """What must be learned to do the role: missing levels weighted by importance."""
    parts = credits(role, levels)
    missing = [p.skill for p in parts if p.gap]
    return sum(p.gap * p.importance for p in parts), missing


def transition_score(source: Role, destination: Role) -> float:
    return coverage(destination, role_levels(source))
