"""Results as JSON-ready data: the one place that turns advise's and compare's records into the
objects `--json` prints and every renderer draws.

The engine (advisor, compare) returns records and knows nothing of JSON; the
browse commands' views (views.py) are JSON-ready already. Cohort mode encodes
many advise results in a row and reuses the encoded JSON of recommendations
and plan items it has seen (CohortEncoder): people in a cohort share tracks,
levels and fired rules, so the same pieces recur.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Tuple

from promo_ops.envelope import SCHEMA_VERSION, envelope
from promo_ops.messages import _, language, translate
from promo_ops.model import ARTICLE, READING, KnowledgeBase
from promo_ops.rules import evaluate

if TYPE_CHECKING:  # each result's engine module is imported where it is turned into JSON, not by every command
    from promo_ops.advisor import Advice, PlanItem, Recommendation

# --- advise ------------------------------------------------------------------------------

_EXERCISES: Dict[Tuple[int, str], Tuple[KnowledgeBase, Dict[str, List[Dict[str, str]]]]] = {}


def _exercises(kb: KnowledgeBase, skill: str) -> List[Dict[str, str]]:
    """A skill's exercises as output in the run's language, built once per knowledge base and
    language (read-only by convention)."""
    held = _EXERCISES.get((id(kb), language()))
    if held is None or held[0] is not kb:
        table = {s.id: [{"text": e.tr("text"), **e.provenance()} for e in s.exercises] for s in kb.skills.values()}
        held = _EXERCISES[(id(kb), language())] = (kb, table)
    return held[1][skill]


READING_MARK = "promo-ops' reading: "


def marked(item: Dict[str, str]) -> str:
    """A reason's text as a sentence a person reads: a reading says it is one."""
    return item["text"] if item["basis"] == ARTICLE else READING_MARK + item["text"]


def advise(kb: KnowledgeBase, advice: Advice, explain: bool = False, what_if: Any = None) -> Dict[str, Any]:
    out = envelope("advise", **_advise_body(kb, advice, explain, lists=True))
    if what_if is not None:
        out["what_if"] = _what_if(kb, advice, what_if)
    return out


def _what_if(kb: KnowledgeBase, today: Advice, what_if: Any) -> Dict[str, Any]:
    """The ranking and plan as if some levels were reached, and each track's score today and then."""
    then = what_if.advice
    scores = {r.role.id: r.score for r in then.recommendations}
    return {
        "levels": what_if.levels,
        "recommendations": [recommendation(kb, r) for r in then.recommendations],
        "plan_track": then.plan_track,
        "practice_plan": [plan_item(kb, item) for item in then.plan],
        "help_most": then.help_most,
        "difference": [{"track": r.role.id, "score_now": r.score, "score_if": scores[r.role.id],
                        "change": round(scores[r.role.id] - r.score, 4)} for r in today.recommendations],
    }


def _advise_body(kb: KnowledgeBase, advice: Advice, explain: bool, lists: bool) -> Dict[str, Any]:
    """The advise object's members in order; with lists=False the two long lists are left as None
    for CohortEncoder to fill from the JSON it has already encoded."""
    out: Dict[str, Any] = {
        "profile": _profile(kb, advice),
        "recommendations": [recommendation(kb, r) for r in advice.recommendations] if lists else None,
        "plan_track": advice.plan_track,
        # The rule (a stated interest) that chose the plan's track when no --track was given; null when
        # the plan is for the best-scored track or the one the person chose.
        "plan_track_reason": advice.plan_reason,
        "practice_plan": [plan_item(kb, item) for item in advice.plan] if lists else None,
        "help_most": advice.help_most,
        "advice": advice.advice,
        "notes": advice.notes,
        "next": next_commands(advice),
    }
    if explain:
        out["trace"] = trace(advice)
    return out


def _profile(kb: KnowledgeBase, advice: Advice) -> Dict[str, Any]:
    profile = advice.profile
    said = profile.skills
    return {
        **profile.to_answers(),
        "current_family": advice.facts["current_family"],
        "target_family": advice.facts["target_family"],
        # Where each answer came from (flag, file, prompt or default): a default was not said.
        "sources": {q.id: profile.source(q.id) for q in kb.questions},
        # Each level, and whether the person stated it or it is assumed from their role's needs.
        "skill_levels": {k: {"level": v, "stated": k in said} for k, v in advice.levels.items()
                         if v or k in said},
    }


def next_commands(advice: Advice) -> List[str]:
    if not advice.recommendations:
        return ["promo-ops roles"]
    best = advice.plan_track or advice.recommendations[0].role.id
    here = advice.profile.current_role
    return [f"promo-ops compare {here} {best}", f"promo-ops paths {here} {best}", f"promo-ops show {best}"]


def trace(advice: Advice) -> Dict[str, Any]:
    return {
        "facts": {k: (list(v) if isinstance(v, tuple) else v) for k, v in advice.facts.items()},
        "rules": [
            {"rule": o.rule.id, "fired": o.fired, "condition": evaluate(o.rule.when, advice.facts)[1],
             "effects": [_effect(e) for e in o.rule.effects] if o.fired else []}
            for o in advice.outcomes
        ],
        "scores": [
            {
                "track": r.role.id,
                "needs": [{"skill": c.skill, "importance": c.importance, "needed": c.needed,
                           "have": c.have, "credit": round(c.credit, 4)} for c in r.credits],
                "coverage": r.coverage,
                "adjustments": [{"rule": rid, "delta": d} for rid, d in r.adjustments],
                "stated": [c.skill for c in r.credits if c.skill in r.said],
                "score": r.score,
            }
            for r in advice.recommendations
        ],
    }


def _effect(effect: Any) -> Dict[str, Any]:
    if effect.kind == "score":
        return {"score": effect.delta, **({"tracks": list(effect.tracks)} if effect.tracks else {"family": effect.family})}
    if effect.kind == "practise":
        scope = {"tracks": list(effect.tracks)} if effect.tracks else ({"family": effect.family} if effect.family else {})
        return {"practise": list(effect.skills), **scope}
    if effect.kind == "plan":
        return {"plan": list(effect.tracks)}
    return {"note": effect.tr("text")}


def _posts_for(kb: KnowledgeBase, role: str) -> Any:
    from promo_ops.advisor import posts_for

    return posts_for(kb, role)


def recommendation(kb: KnowledgeBase, r: Recommendation) -> Dict[str, Any]:
    return {
        "track": r.role.id,
        "family": r.role.family,
        "kind": r.role.kind,
        "name": r.role.name,
        "name_zh": r.role.name_zh,
        "score": r.score,
        "coverage": r.coverage,
        "adjustment": round(sum(d for _, d in r.adjustments), 4),
        # score = clamp(coverage + the sum of these deltas, 0, 1); each with its rule, and why it is that
        # large (a size is always promo-ops' reading).
        "adjustments": [{"rule": rid, "delta": d, "basis": READING, "why": r.whys.get(rid, "")}
                        for rid, d in r.adjustments],
        "fit": r.fit,  # the knowledge base's English label in either language, like an id
        "fit_name": kb.fit_name(r.fit),  # the label as a person reads it, in the run's language
        "skills_matched": r.matched,
        "skills_to_learn": [{"skill": c.skill, "current_level": c.have, "target_level": c.needed,
                             "importance": c.importance} for c in r.to_learn],
        "matched_count": len(r.matched),
        "skills_total": len(r.credits),
        # Every needed skill the person has at all; `full` marks the ones at the level needed, which are
        # what matched_count counts; `stated` says whether the person gave the level or it is assumed.
        "transfers": [{"skill": c.skill, "level": c.have, "needed": c.needed, "full": not c.gap,
                       "stated": c.skill in r.said} for c in r.credits if c.have],
        "reasons": r.reasons,
        "posts": _posts_for(kb, r.role),
    }


def plan_item(kb: KnowledgeBase, item: PlanItem) -> Dict[str, Any]:
    # The item stands on the article when one of its reasons does (citing the first such);
    # otherwise it is promo-ops' reading, and each reason says why.
    cited = next((r for r in item.reasons if r["basis"] == ARTICLE), None)
    return {
        "skill": item.skill,
        "name": kb.skills[item.skill].tr("name"),
        "current_level": item.current_level,
        "target_level": item.target_level,
        "why": " ".join(marked(r) for r in item.reasons),
        "basis": ARTICLE if cited else READING,
        **({"source": cited["source"]} if cited else {}),
        "reasons": item.reasons,
        "exercises": _exercises(kb, item.skill),
    }


def _recommendation_key(r: Recommendation) -> Tuple[Any, ...]:
    """Everything a recommendation's output depends on: the track, the levels it counted, the rules."""
    return ("r", r.role.id, tuple(c.have for c in r.credits), tuple(r.adjustments),
            tuple(c.skill in r.said for c in r.credits if c.have))


def _plan_key(item: PlanItem) -> Tuple[Any, ...]:
    """Everything a practice-plan item's output depends on."""
    return ("p", item.skill, item.current_level, item.target_level,
            tuple((r["rule"], r["text"], r["basis"]) for r in item.reasons))


class CohortEncoder:
    """One compact JSON line per advise result (with its input line number), byte-identical to
    encoding `advise()` with `"line"` after the envelope, but reusing the JSON of each distinct
    recommendation and plan item, and of each piece of advice the engine shares between people
    (advisor.Engine.kept). Lines are made as UTF-8 bytes: joining bytes copies them, while joining
    text of mixed scripts would widen every character, and the bytes are what is written."""

    LIMIT = 200_000  # distinct parts kept before starting afresh, to bound memory
    SHARED_LIMIT = 50_000  # shared pieces kept by identity before starting afresh

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.parts: Dict[Tuple[Any, ...], bytes] = {}
        self.by_id: Dict[int, Tuple[Any, bytes]] = {}  # id of a shared piece -> (it, its JSON)
        # Results are trees of fresh dicts and lists, never cyclic, so the encoder's cycle check is only cost.
        import json

        self.encode_value = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                             check_circular=False).encode
        # The same encoding without making json's C encoder anew for every value (encode does).
        from json import encoder as c

        if c.c_make_encoder is not None and c.c_encode_basestring is not None:
            once = c.c_make_encoder(None, json.JSONEncoder().default, c.c_encode_basestring, None, ":", ",",
                                    False, False, True)
            self.encode_value = lambda value: "".join(once(value, 0))
        self._head = self.encode_value(SCHEMA_VERSION)
        self._heads: Dict[str, bytes] = {}
        self._texts: Dict[Any, bytes] = {}  # an id, or a list of commands as a tuple -> its JSON
        self._keys = {key: (self.encode_value(key) + ":").encode("utf-8")
                      for key in ("profile", "recommendations", "plan_track", "plan_track_reason",
                                  "practice_plan", "help_most", "advice", "notes", "next")}

    def _part(self, key: Tuple[Any, ...], build: Callable[[], Any]) -> bytes:
        part = self.parts.get(key)
        if part is None:
            if len(self.parts) > self.LIMIT:
                self.parts.clear()
            part = self.parts[key] = self.encode_value(build()).encode("utf-8")
        return part

    def _shared(self, piece: Any, build: Callable[[], bytes]) -> bytes:
        """The JSON of a piece the engine shares (the same object for the same inputs); the piece is
        held beside its JSON, so its id cannot be reused while kept."""
        held = self.by_id.get(id(piece))
        if held is not None and held[0] is piece:
            return held[1]
        part = build()
        if len(self.by_id) > self.SHARED_LIMIT:
            self.by_id.clear()
        self.by_id[id(piece)] = (piece, part)
        return part

    def _recommendation(self, r: Recommendation) -> bytes:
        # The engine hands out the same record for the same inputs (advisor.rank), so most are found
        # by identity.
        return self._shared(r, lambda: self._part(_recommendation_key(r), lambda: recommendation(self.kb, r)))

    def _text(self, value: Any) -> bytes:
        """The JSON of an id (or None), or of a tuple of texts (a list), kept: they recur on every line."""
        held = self._texts.get(value)
        if held is None:
            if len(self._texts) > self.LIMIT:
                self._texts.clear()
            held = self._texts[value] = self.encode_value(value).encode("utf-8")
        return held

    def _recommendations(self, advice: Advice) -> bytes:
        by_id = self.by_id
        parts = []
        for r in advice.recommendations:
            held = by_id.get(id(r))
            parts.append(held[1] if held is not None and held[0] is r else self._recommendation(r))
        return b"[" + b",".join(parts) + b"]"

    def _value(self, piece: Any) -> bytes:
        return self._shared(piece, lambda: self.encode_value(piece).encode("utf-8"))

    def advice(self, number: int, advice: Advice) -> str:
        return (self.head_bytes(number) + self.rest(advice)).decode("utf-8")

    def head(self, number: int) -> str:
        """A line's members up to its line number (the envelope, then `"line"`), without the closing brace."""
        return self.head_bytes(number).decode("utf-8")

    def head_bytes(self, number: int) -> bytes:
        lang = language()
        start = self._heads.get(lang)
        if start is None:
            start = self._heads[lang] = (f'{{"schema_version":{self._head},"command":"advise",'
                                         f'"lang":{self.encode_value(lang)},"line":').encode("utf-8")
        return start + str(number).encode("ascii")

    def rest(self, advice: Advice) -> bytes:
        """The members after the line number, and the closing brace, as UTF-8: the same for the same
        answers, so a cohort can keep it for a profile that comes again (batch.ResultCache). The
        members are those of `_advise_body`, in its order (a test compares the two)."""
        kb, keys, enc, shared = self.kb, self._keys, self.encode_value, self._value
        # (Joined anew for each line: kept for every ranking, the joined lists would hold about
        # 11 KiB each, for a join that costs a microsecond.)
        recommendations = self._recommendations(advice)
        plan = self._shared(advice.plan, lambda: b"[" + b",".join(
            [self._part(_plan_key(i), lambda i=i: plan_item(kb, i)) for i in advice.plan]) + b"]")
        listed = self._text(tuple(next_commands(advice)))
        return b"".join([
            b",", keys["profile"], self._profile(advice),
            b",", keys["recommendations"], recommendations,
            b",", keys["plan_track"], self._text(advice.plan_track),
            b",", keys["plan_track_reason"], shared(advice.plan_reason),
            b",", keys["practice_plan"], plan,
            b",", keys["help_most"], shared(advice.help_most),
            b",", keys["advice"], shared(advice.advice),
            b",", keys["notes"], shared(advice.notes),
            b",", keys["next"], listed,
            b"}",
        ])

    def _profile(self, advice: Advice) -> bytes:
        """`_profile` as JSON: the answers encoded, the rest (where each answer came from, the levels)
        kept by what they depend on."""
        kb, enc, profile, levels = self.kb, self.encode_value, advice.profile, advice.levels
        answers = enc(profile.to_answers())
        sources = self.parts.get(("s", tuple(profile.sources.items())))
        if sources is None:
            sources = self._part(("s", tuple(profile.sources.items())),
                                 lambda: {q.id: profile.source(q.id) for q in kb.questions})
        said = profile.skills
        # effective_skills lists every skill of the knowledge base, in its order, and then any other
        # the profile names: by their number the values alone say which level is whose.
        key = ("l", tuple(levels.values()) if len(levels) == len(kb.skills) else tuple(levels.items()),
               frozenset(said))
        skill_levels = self.parts.get(key)
        if skill_levels is None:
            skill_levels = self._part(key, lambda: {k: {"level": v, "stated": k in said}
                                                    for k, v in levels.items() if v or k in said})
        return b"".join([answers[:-1].encode("utf-8"), b',"current_family":',
                         self._text(advice.facts["current_family"]), b',"target_family":',
                         self._text(advice.facts["target_family"]), b',"sources":', sources,
                         b',"skill_levels":', skill_levels, b"}"])

    def error(self, number: int, message: str) -> str:
        return self.encode_value(envelope("advise", line=number, error={"code": 2, "message": message}))


# --- compare -----------------------------------------------------------------------------

def compare(result: Any) -> Dict[str, Any]:
    """A compare.CompareResult as the object `compare --json` prints; keys by the kind of comparison."""
    out: Dict[str, Any] = envelope("compare", kind=result.kind, left=result.left.to_dict(),
                                   right=result.right.to_dict())
    if result.kind == "family" and result.scope is not None:
        out["scope"] = cited(result.scope)
    out["aspects"] = [row.to_dict() for row in result.aspects]
    out["similarities"] = [{"id": s.id, "text": s.tr("text"), "source": s.source, "basis": s.basis,
                            **({"why": s.tr("why")} if s.basis == READING else {})} for s in result.similarities]
    if result.kind == "role":
        out["shared_skills"] = [{"skill": s, "level": right, "left_level": left, "right_level": right}
                                for s, left, right in result.shared_skills]
        out["only_left"] = [{"skill": s, "level": level} for s, level in result.only_left]
        out["only_right"] = [{"skill": s, "level": level} for s, level in result.only_right]
        out["transition"] = {"left_to_right": result.transition[0], "right_to_left": result.transition[1]}
        out["practise"] = {"left_to_right": _gaps(result.practise[0]), "right_to_left": _gaps(result.practise[1])}
    elif result.kind == "mixed":
        out["best_matches"] = [{"role": role, "score": score} for role, score in result.best_matches]
    # One shape in every kind of comparison: a list, each item saying which way it goes.
    out["advice"] = (_advice(result.advice[0], "left_to_right") + _advice(result.advice[1], "right_to_left"))
    return out


def _gaps(credits: Any) -> List[Dict[str, Any]]:
    return [{"skill": c.skill, "current_level": c.have, "target_level": c.needed, "importance": c.importance}
            for c in credits]


def _advice(transitions: Any, direction: str) -> List[Dict[str, str]]:
    return [{"direction": direction, "transition": t.id, "from": t.from_, "to": t.to, "text": a.tr("text"),
             **a.provenance()} for t in transitions for a in t.advice]


def cited(item: Any) -> Dict[str, str]:
    """A Cited text as output: its text and basis, with the quote (article) or the why (reading)."""
    return {"text": item.tr("text"), **item.provenance()}


# --- paths -------------------------------------------------------------------------------

def paths_result(kb: KnowledgeBase, result: Any) -> Dict[str, Any]:
    """A paths.PathsResult as the object `paths --json` prints and the diagrams draw."""
    from promo_ops import paths

    start, end = result.start, result.end
    shown = {start, end} | {s for _, r in result.routes for s in r.steps}
    return envelope(
        "paths", **{"from": start, "to": end},
        roles={rid: {"name": kb.roles[rid].name, "name_zh": kb.roles[rid].name_zh,
                     "family": kb.roles[rid].family, "kind": kb.roles[rid].kind}
               for rid in sorted(shown)},
        # The skills the routes shown teach, by name: the diagrams label their edges with them.
        skills={sid: {"name": kb.skills[sid].name, "name_zh": kb.skills[sid].name_zh}
                for sid in sorted({s for _, r in result.routes for leg in r.legs for s, _, _, _ in leg.learn})},
        profile={"current_role": start, "skills": dict(result.profile.skills),
                 "skill_levels": {sid: lvl for sid, lvl in result.levels.items() if lvl}},
        model={"job_change_cost": kb.routes.job_change_cost, "viable_coverage": kb.routes.viable_coverage,
               "max_steps": paths.MAX_STEPS, "objective": [translate(o) for o in paths.OBJECTIVE],
               "basis": "reading"},
        message="" if result.found else _("no route: '{id}' is where you are already").format(id=start),
        paths=[_route(kb, r, rank, result.levels) for rank, r in result.routes],
    )


def _pct(value: float) -> str:
    """A share as a whole percentage, rounded down: a share below the threshold never prints as reaching it."""
    return f"{int(round(value * 100, 6))}%"


def _route_basis(kb: KnowledgeBase, route: Any) -> Tuple[List[Dict[str, Any]], List[str]]:
    from promo_ops import paths

    items: List[Dict[str, Any]] = []
    used: List[str] = []
    for i, leg in enumerate(route.legs, 1):
        t = paths.article_for_step(kb, kb.roles[leg.start], kb.roles[leg.end])
        if t is not None:
            items.append({"basis": "article", "step": i, "transition": t.id,
                          "text": t.advice[0].tr("text"), "source": t.advice[0].source})
            used.append(t.id)
    dest = kb.roles[route.steps[-1]]
    for t in kb.transitions:
        for same in t.same_work:
            if same.role in route.steps[1:] and (t.to in route.steps or t.to in dest.related):
                items.append({"basis": "article", "role": same.role, "transition": t.id,
                              "text": same.tr("text"), "source": same.source})
                used.append(t.id)
    threshold = _pct(kb.routes.viable_coverage)
    if route.viable:
        text = _("Every move starts from at least {threshold} of the next job's needs, "
                 "so each is a move you could make from where you stand then.").format(threshold=threshold)
    else:
        weak = [_("move {n} ({start} → {end}) starts from {share}").format(
                    n=i, start=kb.roles[leg.start].tr("name"), end=kb.roles[leg.end].tr("name"),
                    share=_pct(leg.coverage))
                for i, leg in enumerate(route.legs, 1) if not leg.viable]
        text = _("Not viable: {moves} of the next job's needs, below {threshold}.").format(
            moves="; ".join(weak), threshold=threshold)
    items.append({"basis": "reading", "text": text,
                  "why": _("promo-ops counts a move as one you could make when you already cover {threshold} "
                           "of the next job's needs (routes.viable_coverage in the knowledge base).").format(
                               threshold=threshold)})
    return items, sorted(set(used))


def _route(kb: KnowledgeBase, route: Any, rank: int, levels: Mapping[str, int]) -> Dict[str, Any]:
    final = dict(levels)
    for leg in route.legs:
        final = leg.apply(final)
    learning = [{"skill": sid, "from": int(levels.get(sid, 0)), "to": final[sid]}
                for sid in kb.skills if final.get(sid, 0) > levels.get(sid, 0)]
    basis, used = _route_basis(kb, route)
    direct = len(route.legs) == 1
    return {
        "rank": rank,
        "steps": list(route.steps),
        "direct": direct,
        "article_move": direct and any(b.get("step") == 1 for b in basis),
        "viable": route.viable,
        "cost": route.cost,
        "learning_cost": sum(leg.learning_cost for leg in route.legs),
        "moves": len(route.legs),
        "hardest_step": route.hardest,
        "learn": [[s for s, _, _, _ in leg.learn] for leg in route.legs],
        "legs": [{
            "from": leg.start, "to": leg.end, "coverage": leg.coverage, "viable": leg.viable,
            "learning_cost": leg.learning_cost, "cost": leg.cost,
            "learn": [{"skill": s, "from": have, "to": to, "importance": imp} for s, have, to, imp in leg.learn],
        } for leg in route.legs],
        "learning": learning,
        "levels_learned": sum(item["to"] - item["from"] for item in learning),
        "transitions": used,
        "basis": basis,
    }


# --- progress ----------------------------------------------------------------------------

def progress(result: Any, path: str) -> Dict[str, Any]:
    """A plan.Progress as the object `progress --json` prints."""
    from promo_ops.fileio.planfile import change_data  # only progress needs it; keep it out of other runs

    p = result.plan
    notes = result.exercise_notes
    names = {s.skill: s.name for s in result.skills}  # in the run's language, where the knowledge base has it
    return envelope(
        "progress",
        file=path,
        made=p.made,
        track=p.track,
        track_name=result.track_name,
        score={"when_made": p.score, "now": result.score_now,
               "change": round(result.score_now - p.score, 4) if result.score_now is not None else None},
        exercises=dict(result.counts),
        percent=result.percent,
        skills=[{"skill": s.skill, "name": s.name, "level_then": s.then, "level_now": s.now,
                 "level_now_is": ("stated" if s.stated else "assumed") if s.now is not None else None,
                 "target_level": s.target, "in_plan": s.in_plan, "in_knowledge_base": s.in_kb}
                for s in result.skills],
        practice=[{"skill": i.skill, "name": names.get(i.skill, i.name), "level_then": i.level, "target_level": i.target,
                   "exercises": [{"ref": f"{i.skill}.{n}", "text": result.texts.get(f"{i.skill}.{n}", e.text),
                                  "state": e.state, **result.bases.get(f"{i.skill}.{n}", {}),
                                  **({"knowledge_base": notes[f"{i.skill}.{n}"]}
                                     if f"{i.skill}.{n}" in notes else {})}
                                 for n, e in enumerate(i.exercises, 1)]}
                  for i in p.items],
        next=result.next,
        history=[change_data(c) for c in p.history],
        knowledge_base={"made_with": {"title": p.kb.title, "version": p.kb.version, "digest": p.kb.digest},
                        "changed": result.kb_changed,
                        "missing": [{"kind": m.kind, "id": m.id} for m in result.missing]},
    )
