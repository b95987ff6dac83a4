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
from promo_ops.record import Record


class NeedCredit(Record):
    __slots__ = ("skill", "importance", "needed", "have")

    skill: str
    importance: int
    needed: int
    have: int

    @property
    def credit(self) -> float:
        return min(self.have, self.needed) / self.needed

    @property
    def gap(self) -> int:
        return max(0, self.needed - self.have)


def credits(role: Role, levels: Mapping[str, int]) -> List[NeedCredit]:
    return [NeedCredit(n.skill, n.importance, n.level, int(levels.get(n.skill, 0))) for n in role.skills]


def coverage(role: Role, levels: Mapping[str, int]) -> float:
    """Importance-weighted share of the role's needs met, in 0..1."""
    parts = credits(role, levels)
    total = sum(p.importance for p in parts)
    if not total:
        return 0.0
    return round(sum(p.importance * p.credit for p in parts) / total, 4)


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
