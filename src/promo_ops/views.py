"""Pure views of the knowledge base for the browse commands (roles, skills, show, kb validate).

Each returns the JSON-ready result envelope; the text renderer draws the same
object, so text and JSON can never tell different stories.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from promo_ops.envelope import envelope
from promo_ops.errors import InputError, did_you_mean
from promo_ops.model import Case, Family, KnowledgeBase, Role, Skill
from promo_ops.record import Record



def role_summary(kb: KnowledgeBase, role: Role) -> Dict[str, Any]:
    return {
        "id": role.id,
        "family": role.family,
        "kind": role.kind,
        "name": role.name,
        "name_zh": role.name_zh,
        "summary": role.tr("summary"),
        "skills": [{"skill": n.skill, "importance": n.importance, "level": n.level} for n in role.skills],
    }


def roles(kb: KnowledgeBase, family: Optional[str] = None) -> Dict[str, Any]:
    if family is not None:
        family = kb.resolve(family, ("families",))
    if family is not None and family not in kb.families:
        raise InputError("unknown-family", family=family, hint=did_you_mean(family, kb.families),
                         families=", ".join(kb.families))
    items = [role_summary(kb, r) for r in kb.roles.values() if family is None or r.family == family]
    return envelope("roles", family=family, roles=items)


def skill_summary(kb: KnowledgeBase, skill: Skill) -> Dict[str, Any]:
    return {
        "id": skill.id,
        "name": skill.name,
        "name_zh": skill.name_zh,
        "description": skill.tr("description"),
        **skill.provenance(),  # the description's basis
        "prerequisites": [p.skill for p in skill.prerequisites],
        "prerequisites_basis": prerequisites(skill),
        "needed_by": [r.id for r in kb.roles.values() if skill.id in r.needs()],
    }


def prerequisites(skill: Skill) -> List[Dict[str, str]]:
    """The skills to learn first, each with what says so: the article's quote or promo-ops' why."""
    return [{"skill": p.skill, **p.provenance()} for p in skill.prerequisites]


def skills(kb: KnowledgeBase) -> Dict[str, Any]:
    return envelope("skills", skills=[skill_summary(kb, s) for s in kb.skills.values()])


def _plain(obj: Any) -> Any:
    """A record to JSON-ready data in the run's language: each text (`summary`, `text`, `why`...) in
    the run's language under its own key, without its `_zh` twin (names keep both `name` and
    `name_zh`, as everywhere); `from_` is spelt `from` as in the YAML."""
    if isinstance(obj, Record):
        slots = obj.__slots__
        return {("from" if n == "from_" else n): _plain(obj.tr(n) if n + "_zh" in slots and n != "name"
                                                       else getattr(obj, n))
                for n in slots if not (n.endswith("_zh") and n[:-3] in slots and n != "name_zh")}
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def show(kb: KnowledgeBase, entry_id: str) -> Dict[str, Any]:
    entry_id = kb.resolve(entry_id)
    kind = kb.lookup(entry_id)
    if kind == "family":
        entry: Dict[str, Any] = family_entry(kb, kb.families[entry_id])
    elif kind == "role":
        entry = role_entry(kb, kb.roles[entry_id])
    elif kind == "skill":
        entry = skill_entry(kb, kb.skills[entry_id])
    else:
        entry = case_entry(kb, kb.cases[entry_id])
    return envelope("show", kind=kind, id=entry_id, entry=entry)


def family_entry(kb: KnowledgeBase, fam: Family) -> Dict[str, Any]:
    entry = _plain(fam)
    for c_out, c in zip(entry["classifications"], fam.classifications):
        for item_out, item in zip(c_out["classes"], c.classes):
            # Which of promo-ops' roles each kind covers, each with what says so.
            # `roles` stays a list of ids, as it always was; the basis of each is beside it.
            item_out["roles"] = [r.role for r in item.roles]
            item_out["roles_basis"] = [{"role": r.role, **r.provenance()} for r in item.roles]
    if kb.scope is not None:
        entry["scope"] = _plain(kb.scope)  # the article's caveat on how far its two big words reach
    entry["roles"] = {kind: [r.id for r in kb.roles_in(fam.id) if r.kind == kind]
                      for kind in ("role", "track", "post")}
    return entry


def role_entry(kb: KnowledgeBase, role: Role) -> Dict[str, Any]:
    entry = _plain(role)
    entry["transitions"] = [
        {"id": t.id, "from": t.from_, "to": t.to, "verdict": t.tr("verdict"), "summary": t.tr("summary"),
         **t.provenance()}
        for t in kb.transitions if role.id in (t.from_, t.to) or role.family in (t.from_, t.to)
    ]
    return entry


def skill_entry(kb: KnowledgeBase, skill: Skill) -> Dict[str, Any]:
    entry = {k: v for k, v in _plain(skill).items() if k not in ("source", "basis", "why")}
    entry.update(skill.provenance())  # the description's basis
    entry["prerequisites"] = [p.skill for p in skill.prerequisites]
    entry["prerequisites_basis"] = prerequisites(skill)
    entry["exercises"] = [{"text": e.tr("text"), **e.provenance()} for e in skill.exercises]
    entry["needed_by"] = [
        {"role": r.id, "importance": r.needs()[skill.id].importance, "level": r.needs()[skill.id].level}
        for r in kb.roles.values() if skill.id in r.needs()
    ]
    return entry


def case_entry(kb: KnowledgeBase, case: Case) -> Dict[str, Any]:
    return _plain(case)


def validate_summary(kb: KnowledgeBase) -> Dict[str, Any]:
    return envelope("kb validate", valid=True, path=kb.path, counts=counts(kb), problems=[])


def counts(kb: KnowledgeBase) -> Dict[str, int]:
    return {
        "families": len(kb.families),
        "roles": len(kb.roles),
        "skills": len(kb.skills),
        "transitions": len(kb.transitions),
        "cases": len(kb.cases),
        "questions": len(kb.questions),
        "rules": len(kb.rules),
    }


def validate_failure(path: str, problems: List[Any]) -> Dict[str, Any]:
    return envelope("kb validate", valid=False, path=path, counts=None,
                    problems=[p.to_dict() for p in problems])
