"""compare A B: two families, two roles, or a role beside a family. Pure: returns a CompareResult,
which results.compare turns into JSON-ready data."""

from __future__ import annotations

from typing import Any, List, Tuple

from promo_ops import scoring
from promo_ops.errors import InputError
from promo_ops.model import ARTICLE, READING, Cited, Family, KnowledgeBase, Role, Similarity, Transition
from promo_ops.messages import N_, translate
from promo_ops.record import Record
from promo_ops.scoring import NeedCredit


class Side(Record):
    """One column's heading: a family, or a role, track or post."""

    __slots__ = ("id", "name", "name_zh", "family", "kind")

    id: str
    name: str
    name_zh: str
    family: str
    kind: str

    def to_dict(self) -> dict:
        return {n: getattr(self, n) for n in self.__slots__}


class Row(Record):
    """One aspect side by side: each cell with its own basis."""

    __slots__ = ("aspect", "name", "left", "right")

    aspect: str
    name: str
    left: Cited
    right: Cited

    def to_dict(self) -> dict:
        quotes = dict.fromkeys(c.source for c in (self.left, self.right) if c.basis == ARTICLE and c.source)
        return {"aspect": self.aspect, "name": translate(self.name), "left": self.left.tr("text"),
                "right": self.right.tr("text"),
                # the article's words behind the row (both cells' quotes); a reading cell has none
                "source": " / ".join(quotes),
                "left_basis": self.left.provenance(), "right_basis": self.right.provenance()}


FAMILY_WHY = N_("Which family a role belongs to is promo-ops' arrangement of the article's roles and posts.")
SUMMARY_WHY = N_("promo-ops' own summary of the role; the article does not describe it.")
LIST_WHY = N_("The roles promo-ops counts in this family, from the article's lists of kinds and posts.")


def _cell(text: str, source: str, why: str, text_zh: str = "") -> Cited:
    """A cell from the knowledge base's own text: the article's where it has a quote, else a reading."""
    if source:
        return Cited(text, source, ARTICLE, "", text_zh)
    return Cited(text, "", READING, why, text_zh, translate(why))


class CompareResult(Record):
    """kind family: aspects, similarities and the article's advice each way; role: also the skills,
    scores and gaps each way (pairs: left to right, right to left); mixed: also the family's best
    matches for the role, and the advice for the role's side moving into the family."""

    __slots__ = ("kind", "left", "right", "aspects", "similarities", "shared_skills", "only_left", "only_right",
                 "transition", "practise", "advice", "best_matches", "scope")
    _defaults = {"shared_skills": (), "only_left": (), "only_right": (), "transition": (0.0, 0.0),
                 "practise": ((), ()), "advice": ((), ()), "best_matches": (), "scope": None}

    kind: str  # family | role | mixed
    left: Side
    right: Side
    aspects: Tuple[Row, ...]
    similarities: Tuple[Similarity, ...]
    shared_skills: Tuple[Tuple[str, int, int], ...]  # skill, left level, right level
    only_left: Tuple[Tuple[str, int], ...]
    only_right: Tuple[Tuple[str, int], ...]
    transition: Tuple[float, float]
    practise: Tuple[Tuple[NeedCredit, ...], Tuple[NeedCredit, ...]]
    advice: Tuple[Tuple[Transition, ...], Tuple[Transition, ...]]
    best_matches: Tuple[Tuple[str, float], ...]  # role, score; best first
    scope: Any  # Cited: the article's caveat on how far comparing the two families reaches


def _side(kb: KnowledgeBase, entry_id: str) -> Side:
    if entry_id in kb.families:
        f = kb.families[entry_id]
        return Side(f.id, f.name, f.name_zh, f.id, "family")
    r = kb.roles[entry_id]
    return Side(r.id, r.name, r.name_zh, r.family, r.kind)


def compare(kb: KnowledgeBase, left: str, right: str) -> CompareResult:
    left, right = kb.resolve(left), kb.resolve(right)
    for entry in (left, right):
        kind = kb.lookup(entry)
        if kind not in ("family", "role"):
            raise InputError("compare-kind", id=entry, kind=kind)
    if left == right:
        raise InputError("compare-self", id=left)
    a_family, b_family = left in kb.families, right in kb.families
    sides = (_side(kb, left), _side(kb, right))
    if a_family and b_family:
        return _families(kb, kb.families[left], kb.families[right], *sides)
    if not a_family and not b_family:
        return _roles(kb, kb.roles[left], kb.roles[right], *sides)
    role = kb.roles[right] if a_family else kb.roles[left]
    family = kb.families[left] if a_family else kb.families[right]
    return _mixed(kb, role, family, not a_family, *sides)


def _similarities(kb: KnowledgeBase) -> Tuple[Similarity, ...]:
    return tuple(kb.comparison.similarities) if kb.comparison is not None else ()


def _family_rows(kb: KnowledgeBase, a: Family, b: Family) -> List[Row]:
    """The knowledge base's comparison rows, columns swapped when asked in the other order."""
    comp = kb.comparison
    if comp is not None and {comp.left, comp.right} == {a.id, b.id}:
        swap = comp.left != a.id
        return [Row(d.aspect, d.tr("name"), d.right if swap else d.left, d.left if swap else d.right)
                for d in comp.differences]
    rows = []
    for key, name in (("definition", N_("Definition")), ("goal", N_("Goal and priorities")), ("focus", N_("Focus"))):
        rows.append(Row(key, name, getattr(a, key), getattr(b, key)))
    return rows


def _families(kb: KnowledgeBase, a: Family, b: Family, left: Side, right: Side) -> CompareResult:
    related = kb.comparison is not None and {kb.comparison.left, kb.comparison.right} == {a.id, b.id}
    return CompareResult("family", left, right, tuple(_family_rows(kb, a, b)),
                         _similarities(kb) if related else (), scope=kb.scope,
                         advice=(_between(kb, a, b), _between(kb, b, a)))


def _between(kb: KnowledgeBase, source: Family, dest: Family) -> Tuple[Transition, ...]:
    """The article's moves from one family as a whole to the other."""
    return tuple(t for t in kb.transitions if t.from_ == source.id and t.to == dest.id)


def _gaps(source: Role, destination: Role) -> Tuple[NeedCredit, ...]:
    return tuple(c for c in scoring.credits(destination, scoring.role_levels(source)) if c.gap)


def _into_family(kb: KnowledgeBase, role: Role, family: Family) -> List[Any]:
    """Transitions from the role (or its family) into the family or any of its roles."""
    return [t for t in kb.transitions if t.from_ in (role.id, role.family)
            and (t.to == family.id or (t.to in kb.roles and kb.roles[t.to].family == family.id))]


def _roles(kb: KnowledgeBase, a: Role, b: Role, left: Side, right: Side) -> CompareResult:
    la, lb = scoring.role_levels(a), scoring.role_levels(b)
    fa, fb = kb.families[a.family], kb.families[b.family]
    aspects = (
        Row("family", N_("Family"), _cell(f"{fa.name} ({fa.name_zh})", "", FAMILY_WHY, fa.name_zh),
            _cell(f"{fb.name} ({fb.name_zh})", "", FAMILY_WHY, fb.name_zh)),
        Row("summary", N_("What it does"), _cell(a.summary, a.source, SUMMARY_WHY, a.summary_zh),
            _cell(b.summary, b.source, SUMMARY_WHY, b.summary_zh)),
        Row("goal", N_("Its family's goal"), fa.goal, fb.goal),
    )
    return CompareResult(
        "role", left, right, aspects,
        _similarities(kb) if a.family != b.family else (),
        shared_skills=tuple((s, la[s], lb[s]) for s in la if s in lb),
        only_left=tuple((s, la[s]) for s in la if s not in lb),
        only_right=tuple((s, lb[s]) for s in lb if s not in la),
        transition=(scoring.transition_score(a, b), scoring.transition_score(b, a)),
        practise=(_gaps(a, b), _gaps(b, a)),
        advice=(tuple(kb.moves(a, b)), tuple(kb.moves(b, a))),
    )


def _mixed(kb: KnowledgeBase, role: Role, family: Family, role_on_left: bool,
           left: Side, right: Side) -> CompareResult:
    own = kb.families[role.family]
    rows = [
        ("family", N_("Family"), _cell(f"{own.name} ({own.name_zh})", "", FAMILY_WHY, own.name_zh),
         _cell(f"{family.name} ({family.name_zh})", "", FAMILY_WHY, family.name_zh)),
        ("definition", N_("What it is"), _cell(role.summary, role.source, SUMMARY_WHY, role.summary_zh),
         family.definition),
        ("goal", N_("Goal"), own.goal, family.goal),
        ("roles", N_("Roles"), _cell(role.tr("name"), "", LIST_WHY),
         _cell(", ".join(r.tr("name") for r in kb.roles_in(family.id)), "", LIST_WHY)),
    ]
    aspects = tuple(Row(aspect, name, *((role_cell, fam_cell) if role_on_left else (fam_cell, role_cell)))
                    for aspect, name, role_cell, fam_cell in rows)
    # How well the role covers each of the family's roles and tracks, best first.
    moves = tuple(_into_family(kb, role, family))  # from the role's side to the family's
    matches = sorted(((r.id, scoring.transition_score(role, r)) for r in kb.roles_in(family.id)
                      if r.id != role.id and r.kind != "post"), key=lambda m: (-m[1], m[0]))
    return CompareResult("mixed", left, right, aspects, _similarities(kb) if role.family != family.id else (),
                         best_matches=tuple(matches),
                         advice=(moves, ()) if role_on_left else ((), moves))

