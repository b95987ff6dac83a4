"""paths FROM TO: the cheapest routes between two roles, through others in the knowledge base.

A step's cost is what the next role needs that the previous one does not:
missing skill levels, each weighted by its importance in the next role
(scoring.learn_cost). A route's cost is the sum of its steps; a direct move is
one route among the others.

Stepping stones are limited to roles that share a skill with the destination
(one that shares none costs at least as much to leave as a direct move), at
most the STONES closest of them, and routes to MAX_STEPS steps, so the search
stays small on a large knowledge base. Routes through a stepping stone the
article names are always shown, marked as such.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from promo_ops import scoring
from promo_ops.envelope import envelope
from promo_ops.errors import InputError
from promo_ops.model import KnowledgeBase, Role

MAX_STEPS = 3
STONES = 40


def _cost(kb: KnowledgeBase, cache: Dict[Tuple[str, str], Tuple[int, List[str]]], a: str, b: str):
    key = (a, b)
    if key not in cache:
        cache[key] = scoring.learn_cost(kb.roles[b], scoring.role_levels(kb.roles[a]))
    return cache[key]


def named_stones(kb: KnowledgeBase, source: Role, dest: Role) -> Dict[str, str]:
    """Stepping stones the knowledge base names for this move, with the transition that names them."""
    out: Dict[str, str] = {}
    for t in kb.moves(source, dest):
        for stone in t.stepping_stones:
            if stone not in (source.id, dest.id):
                out.setdefault(stone, t.id)
    return out


def find(kb: KnowledgeBase, start: str, end: str, limit: int = 3) -> Dict[str, Any]:
    for entry in (start, end):
        kind = kb.lookup(entry)
        if kind != "role":
            raise InputError("paths-family-not-a-role" if kind == "family" else "paths-not-a-role",
                             id=entry, kind=kind)
    if not 1 <= limit <= 50:
        raise InputError("paths-max", max=limit)
    result = envelope("paths", **{"from": start, "to": end}, paths=[], message="")
    if start == end:
        result["message"] = f"'{start}' is where you are already: no route needed"
        return result
    source, dest = kb.roles[start], kb.roles[end]
    dest_skills = set(dest.needs())
    stones = named_stones(kb, source, dest)
    cache: Dict[Tuple[str, str], Tuple[int, List[str]]] = {}
    pool = [r.id for r in kb.roles.values()
            if r.id not in (start, end) and (dest_skills & set(r.needs()) or r.id in stones)]
    pool.sort(key=lambda rid: (_cost(kb, cache, rid, end)[0], rid))
    pool = sorted(set(pool[:STONES]) | set(stones) & set(pool))

    routes: List[List[str]] = [[start, end]]
    frontier = [[start]]
    for _ in range(MAX_STEPS - 1):
        grown = []
        for route in frontier:
            for rid in pool:
                if rid not in route:
                    longer = route + [rid]
                    grown.append(longer)
                    routes.append(longer + [end])
        frontier = grown

    scored = []
    for route in routes:
        steps = [_cost(kb, cache, a, b) for a, b in zip(route, route[1:])]
        via = [stones[r] for r in route[1:-1] if r in stones]
        scored.append((sum(c for c, _ in steps), len(route), route, [learn for _, learn in steps], via))
    scored.sort(key=lambda x: (x[0], x[1], x[2]))
    chosen = scored[:limit]
    for stone in sorted(stones):
        if not any(stone in c[2] for c in chosen):
            best = next((c for c in scored if stone in c[2]), None)
            if best is not None:
                chosen.append(best)
    result["paths"] = [
        {"steps": route, "cost": cost, "learn": learn, "named_by_article": bool(via),
         "transitions": sorted(set(via))}
        for cost, _, route, learn, via in chosen
    ]
    return result
