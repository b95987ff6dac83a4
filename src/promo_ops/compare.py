"""compare A B: two families, two roles, or a role beside a family. Pure."""

from __future__ import annotations

from typing import Any, Dict, List

from promo_ops import scoring, views
from promo_ops.errors import InputError
from promo_ops.model import Family, KnowledgeBase, Role


def _side(kb: KnowledgeBase, entry_id: str) -> Dict[str, Any]:
    if entry_id in kb.families:
        f = kb.families[entry_id]
        return {"id": f.id, "name": f.name, "name_zh": f.name_zh, "family": f.id, "kind": "family"}
    r = kb.roles[entry_id]
    return {"id": r.id, "name": r.name, "name_zh": r.name_zh, "family": r.family, "kind": r.kind}


def compare(kb: KnowledgeBase, left: str, right: str) -> Dict[str, Any]:
    for entry in (left, right):
        kind = views.lookup(kb, entry)
        if kind not in ("family", "role"):
            raise InputError(f"cannot compare '{entry}': it is a {kind}; compare takes families "
                             "(promotion, operation) and roles, tracks or posts (`promo-ops roles`)")
    if left == right:
        raise InputError(f"cannot compare '{left}' with itself; name two different ids")
    a_family, b_family = left in kb.families, right in kb.families
    out: Dict[str, Any] = views.envelope(
        "compare",
        kind="family" if a_family and b_family else ("role" if not a_family and not b_family else "mixed"),
        left=_side(kb, left),
        right=_side(kb, right),
    )
    if a_family and b_family:
        out.update(_families(kb, kb.families[left], kb.families[right]))
    elif not a_family and not b_family:
        out.update(_roles(kb, kb.roles[left], kb.roles[right]))
    else:
        role = kb.roles[right] if a_family else kb.roles[left]
        family = kb.families[left] if a_family else kb.families[right]
        out.update(_mixed(kb, role, family, role_on_left=not a_family))
    return out


def _similarities(kb: KnowledgeBase) -> List[Dict[str, str]]:
    if kb.comparison is None:
        return []
    return [{"id": s.id, "text": s.text, "source": s.source} for s in kb.comparison.similarities]


def _family_rows(kb: KnowledgeBase, a: Family, b: Family) -> List[Dict[str, str]]:
    """The knowledge base's comparison rows, columns swapped when asked in the other order."""
    comp = kb.comparison
    if comp is not None and {comp.left, comp.right} == {a.id, b.id}:
        swap = comp.left != a.id
        return [{"aspect": d.aspect, "name": d.name, "left": d.right if swap else d.left,
                 "right": d.left if swap else d.right, "source": d.source} for d in comp.differences]
    rows = []
    for key, name in (("definition", "Definition"), ("goal", "Goal and priorities"), ("focus", "Focus")):
        ca, cb = getattr(a, key), getattr(b, key)
        rows.append({"aspect": key, "name": name, "left": ca.text, "right": cb.text,
                     "source": " / ".join(s for s in (ca.source, cb.source) if s)})
    return rows


def _families(kb: KnowledgeBase, a: Family, b: Family) -> Dict[str, Any]:
    related = kb.comparison is not None and {kb.comparison.left, kb.comparison.right} == {a.id, b.id}
    return {"aspects": _family_rows(kb, a, b), "similarities": _similarities(kb) if related else []}


def _gaps(source: Role, destination: Role) -> List[Dict[str, Any]]:
    have = scoring.role_levels(source)
    return [{"skill": c.skill, "current_level": c.have, "target_level": c.needed, "importance": c.importance}
            for c in scoring.credits(destination, have) if c.gap]


def _advice(transitions: List[Any]) -> List[Dict[str, str]]:
    return [{"transition": t.id, "text": a.text, "source": a.source} for t in transitions for a in t.advice]


def _into_family(kb: KnowledgeBase, role: Role, family: Family) -> List[Any]:
    """Transitions from the role (or its family) into the family or any of its roles."""
    return [t for t in kb.transitions if t.from_ in (role.id, role.family)
            and (t.to == family.id or (t.to in kb.roles and kb.roles[t.to].family == family.id))]


def _roles(kb: KnowledgeBase, a: Role, b: Role) -> Dict[str, Any]:
    la, lb = scoring.role_levels(a), scoring.role_levels(b)
    fa, fb = kb.families[a.family], kb.families[b.family]
    aspects = [
        {"aspect": "family", "name": "Family", "left": f"{fa.name} ({fa.name_zh})", "right": f"{fb.name} ({fb.name_zh})",
         "source": ""},
        {"aspect": "summary", "name": "What it does", "left": a.summary, "right": b.summary,
         "source": " / ".join(s for s in (a.source, b.source) if s)},
        {"aspect": "goal", "name": "Its family's goal", "left": fa.goal.text, "right": fb.goal.text,
         "source": " / ".join(dict.fromkeys(s for s in (fa.goal.source, fb.goal.source) if s))},
    ]
    return {
        "aspects": aspects,
        "similarities": _similarities(kb) if a.family != b.family else [],
        "shared_skills": [{"skill": s, "level": lb[s], "left_level": la[s], "right_level": lb[s]}
                          for s in la if s in lb],
        "only_left": [{"skill": s, "level": la[s]} for s in la if s not in lb],
        "only_right": [{"skill": s, "level": lb[s]} for s in lb if s not in la],
        "transition": {"left_to_right": scoring.transition_score(a, b),
                       "right_to_left": scoring.transition_score(b, a)},
        "practise": {"left_to_right": _gaps(a, b), "right_to_left": _gaps(b, a)},
        "advice": {"left_to_right": _advice(kb.moves(a, b)), "right_to_left": _advice(kb.moves(b, a))},
    }


def _mixed(kb: KnowledgeBase, role: Role, family: Family, role_on_left: bool) -> Dict[str, Any]:
    own = kb.families[role.family]
    rows = [
        ("family", "Family", f"{own.name} ({own.name_zh})", f"{family.name} ({family.name_zh})", ""),
        ("definition", "What it is", role.summary, family.definition.text,
         " / ".join(s for s in (role.source, family.definition.source) if s)),
        ("goal", "Goal", own.goal.text, family.goal.text,
         " / ".join(dict.fromkeys(s for s in (own.goal.source, family.goal.source) if s))),
        ("roles", "Roles", role.id, ", ".join(r.id for r in kb.roles_in(family.id)), ""),
    ]
    aspects = []
    for aspect, name, role_text, fam_text, source in rows:
        left, right = (role_text, fam_text) if role_on_left else (fam_text, role_text)
        aspects.append({"aspect": aspect, "name": name, "left": left, "right": right, "source": source})
    # How well the role covers each of the family's roles and tracks, best first.
    matches = sorted(
        ({"role": r.id, "score": scoring.transition_score(role, r)} for r in kb.roles_in(family.id)
         if r.id != role.id and r.kind != "post"),
        key=lambda m: (-m["score"], m["role"]))
    return {
        "aspects": aspects,
        "similarities": _similarities(kb) if role.family != family.id else [],
        "best_matches": matches,
        "advice": _advice(_into_family(kb, role, family)),
    }

