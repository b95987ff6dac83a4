"""paths FROM TO: routes of jobs from where a person stands to where they want to be.

The route model (the README's paths section says the same for users):

* **Skills start from the person.** What they said (`--skill`, or the skills of
  an answers file) and, for every other skill, the level their current role
  (FROM) needs: the same starting point advise uses (facts.effective_skills).
* **Skills grow along a route.** A route is a sequence of jobs, at most
  MAX_STEPS moves. After a move the person has at least the levels that job
  needed, so a skill level is learned once on a route, and no step teaches a
  skill the person already has at the level the job needs.
* **A step's cost** is what must be learned for the job moved into: each
  missing level weighted by the skill's importance *in that job*; plus the
  knowledge base's `routes.job_change_cost` for the move itself, so a detour
  through another job must save more learning than its extra move costs. A
  route's cost is the sum of its steps.
* **Viable.** A step is a move a person could make from where they stand when
  their levels at that point already cover at least `routes.viable_coverage`
  of the next job's needs (coverage as advise computes it: importance-weighted,
  a level at half the need counts half). A route is viable when every step is.
* **Objective**, best first: the lower cost (so a detour ranks above the
  direct move only when the learning it saves is worth more than its extra
  change of job, and the article's direct moves come first on the built-in
  knowledge base); then viable routes before the others (every move one the
  person could make); then the smaller hardest step (the largest single step's
  cost); then fewer moves; then the role ids, so the order is deterministic.
  Ranking viable routes first instead put three-move detours through jobs the
  article never mentions above the move it describes.
* **Search.** A job on the way must teach at least one level the destination
  needs (a detour that teaches nothing for the goal never earns its move), so
  candidates are the roles that need a skill the destination needs, at most the
  STONES closest to it (the least to learn from that role's own levels); the
  direct move is always listed, even when --max leaves no room for it.

Basis: a step the article speaks about carries the article's quote (the first
advice of the most specific transition for it: to that role, else to its
family). Where a route passes through a post the article counts as the
destination's work (community operation is user operation), the quote that
says so is its basis too. Costs, levels, importances and the viability
threshold are promo-ops' reading and are marked as such.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from promo_ops import facts, questions, scoring
from promo_ops.errors import InputError
from promo_ops.messages import N_
from promo_ops.model import KnowledgeBase, Profile, Role, Transition
from promo_ops.record import Record

MAX_STEPS = 3
STONES = 40
MAX_ROUTES = 50
OBJECTIVE = (
    N_("the lowest cost first"),
    N_("then routes whose every move is viable"),
    N_("then the smallest hardest step"),
    N_("then the fewest moves"),
    N_("then the role ids"),
)


class _Leg:
    __slots__ = ("start", "end", "coverage", "viable", "learn", "learning_cost", "cost")

    def __init__(self, kb: KnowledgeBase, start: str, end: str, levels: Dict[str, int]) -> None:
        role = kb.roles[end]
        self.start, self.end = start, end
        self.coverage = scoring.coverage(role, levels)
        self.viable = self.coverage >= kb.routes.viable_coverage - 1e-9
        self.learn: List[Tuple[str, int, int, int]] = []
        for need in role.skills:
            have = levels.get(need.skill, 0)
            if have < need.level:
                self.learn.append((need.skill, have, need.level, need.importance))
        self.learning_cost = sum((to - have) * imp for _, have, to, imp in self.learn)
        self.cost = self.learning_cost + kb.routes.job_change_cost

    def apply(self, levels: Dict[str, int]) -> Dict[str, int]:
        if not self.learn:
            return levels
        grown = dict(levels)
        for skill, _, to, _ in self.learn:
            grown[skill] = to
        return grown


class _Route:
    __slots__ = ("steps", "legs", "viable", "cost", "hardest")

    def __init__(self, steps: Sequence[str], legs: List[_Leg]) -> None:
        self.steps = tuple(steps)
        self.legs = legs
        self.viable = all(leg.viable for leg in legs)
        self.cost = sum(leg.cost for leg in legs)
        self.hardest = max(leg.cost for leg in legs)

    def key(self) -> tuple:
        """The documented objective, as a sort key (smaller is better)."""
        return (self.cost, not self.viable, self.hardest, len(self.legs), self.steps)


class PathsResult(Record):
    """What paths found: the routes shown, each with its rank among all routes."""

    __slots__ = ("start", "end", "profile", "levels", "routes", "found")

    start: str
    end: str
    profile: Profile
    levels: Dict[str, int]
    routes: Tuple[Tuple[int, "_Route"], ...]
    found: bool  # False only when start is the goal: no route is needed


def _check(kb: KnowledgeBase, start: str, end: str, limit: int) -> None:
    for entry in (start, end):
        kind = kb.lookup(entry)
        if kind != "role":
            raise InputError("paths-family-not-a-role" if kind == "family" else "paths-not-a-role",
                             id=entry, kind=kind)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_ROUTES:
        raise InputError("paths-max", max=limit)


def profile_levels(kb: KnowledgeBase, start: str, skills: Optional[Sequence[str]] = None,
                   file_answers: Optional[Mapping[str, Any]] = None, file_doc: Any = None,
                   file_name: str = "") -> Tuple[Profile, Dict[str, int]]:
    """The person's profile through advise's own resolver (FROM is their current role), and their levels."""
    flags = {"current_role": start, "skills": list(skills) if skills else None}
    profile = questions.resolve(kb, flags, file_answers, None, file_doc=file_doc, file_name=file_name)
    return profile, facts.effective_skills(kb, profile)


def candidates(kb: KnowledgeBase, start: str, end: str) -> List[str]:
    """Roles a route may pass through: those needing a skill the destination needs, the closest first."""
    dest = kb.roles[end]
    wanted = set(dest.needs())
    pool = [r for r in kb.roles.values()
            if r.id not in (start, end) and wanted.intersection(n.skill for n in r.skills)]
    pool.sort(key=lambda r: (scoring.learn_cost(dest, scoring.role_levels(r))[0], r.id))
    return sorted(r.id for r in pool[:STONES])


def search(kb: KnowledgeBase, start: str, end: str, levels: Mapping[str, int]) -> List[_Route]:
    """Every route the model allows, best first by the objective."""
    dest_needs = {n.skill: n.level for n in kb.roles[end].skills}
    pool = candidates(kb, start, end)
    routes: List[_Route] = []

    def useful(leg: _Leg) -> bool:
        return any(skill in dest_needs and have < dest_needs[skill] for skill, have, _, _ in leg.learn)

    def grow(steps: List[str], legs: List[_Leg], have: Dict[str, int]) -> None:
        final = _Leg(kb, steps[-1], end, have)
        routes.append(_Route(steps + [end], legs + [final]))
        if len(legs) + 1 >= MAX_STEPS:
            return
        for rid in pool:
            if rid in steps:
                continue
            leg = _Leg(kb, steps[-1], rid, have)
            if useful(leg):
                grow(steps + [rid], legs + [leg], leg.apply(have))

    grow([start], [], dict(levels))
    routes.sort(key=_Route.key)
    return routes


def article_for_step(kb: KnowledgeBase, a: Role, b: Role) -> Optional[Transition]:
    """The most specific transition of the article for a move: to that role, else to its family."""
    best: Optional[Tuple[int, Transition]] = None
    for t in kb.moves(a, b):
        rank = 0 if t.to == b.id else 1 if t.to == b.family else None
        if rank is not None and t.advice and (best is None or rank < best[0]):
            best = (rank, t)
    return best[1] if best else None


def find(kb: KnowledgeBase, start: str, end: str, limit: int = 3, *,
         skills: Optional[Sequence[str]] = None, file_answers: Optional[Mapping[str, Any]] = None,
         file_doc: Any = None, file_name: str = "") -> "PathsResult":
    """The best `limit` routes by the objective, and the direct move (results.paths makes it JSON-ready)."""
    start, end = kb.resolve(start), kb.resolve(end)  # ids, or names as people type them (推广, SEO)
    _check(kb, start, end, limit)
    profile, levels = profile_levels(kb, start, skills, file_answers, file_doc, file_name)
    routes = search(kb, start, end, levels) if start != end else []
    chosen = [(i, r) for i, r in enumerate(routes[:limit], 1)]
    if routes and not any(len(r.legs) == 1 for _, r in chosen):
        chosen += [(i, r) for i, r in enumerate(routes, 1) if len(r.legs) == 1]
    return PathsResult(start, end, profile, levels, tuple(chosen), bool(routes))
