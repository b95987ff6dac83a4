"""advise: from a knowledge base and a profile to ranked tracks, reasons and a practice plan.

Pure: no printing, no exits. Every number in the result can be traced back
through `trace` to the rules that fired and the skills that counted.
"""

from __future__ import annotations

import heapq
from operator import itemgetter
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from promo_ops import scoring
from promo_ops.facts import SKILL_PREFIX, STATED_PREFIX, effective_skills, skill_of
from promo_ops.facts import values as facts
from promo_ops.model import Profile
from promo_ops.errors import InputError, did_you_mean
from promo_ops.model import ARTICLE, READING, KnowledgeBase, Role, Rule
from promo_ops.messages import N_, _, language, translate
from promo_ops.record import Record
from promo_ops.rules import compile_all, facts_used, holds



class RuleOutcome(Record):
    """Whether a rule fired. Its condition's trace is built only for --explain (Advice.trace)."""

    __slots__ = ("rule", "fired")

    rule: Rule
    fired: bool


class Recommendation(Record):
    __slots__ = ("role", "coverage", "adjustments", "score", "fit", "credits", "reasons", "matched", "to_learn",
                 "deltas", "parts", "whys", "said")
    _defaults = {"whys": {}, "said": frozenset()}

    role: Role
    coverage: float
    adjustments: List[Tuple[str, float]]
    score: float
    fit: str
    credits: List[scoring.NeedCredit]
    reasons: List[Dict[str, str]]

    matched: List[str]  # skills already at the level needed
    to_learn: List[scoring.NeedCredit]
    deltas: Dict[int, float]  # score change by rule position, as help_most needs them
    parts: Tuple[int, int]  # coverage as an exact fraction (scoring.coverage_parts)
    whys: Dict[str, str]  # rule id -> why its adjustment is that large (always a reading)
    said: frozenset  # the skills whose level the person stated (the rest are assumed from their role)


class PlanItem:
    """One skill in the practice plan; its target and reasons grow as sources add to it."""

    __slots__ = ("skill", "current_level", "target_level", "priority", "reasons", "first")

    def __init__(self, skill: str, current_level: int, target_level: int, priority: int) -> None:
        self.skill = skill
        self.current_level = current_level
        self.target_level = target_level
        self.priority = priority
        self.reasons: List[Dict[str, str]] = []
        self.first: Optional[int] = None  # its place among the skills the article says to practise first


class Advice(Record):
    """What advise found for one profile; results.advise turns it into JSON-ready data."""

    __slots__ = ("profile", "levels", "facts", "outcomes", "recommendations", "plan", "notes",
                 "help_most", "advice", "plan_track", "plan_reason")
    _defaults = {"plan_track": None, "plan_reason": None}

    profile: Profile
    levels: Dict[str, int]
    facts: Dict[str, Any]
    outcomes: List[RuleOutcome]
    recommendations: List[Recommendation]
    plan: List[PlanItem]
    notes: List[Dict[str, str]]
    help_most: Optional[Dict[str, Any]]
    advice: List[Dict[str, str]]
    plan_track: Optional[str]
    plan_reason: Optional[Dict[str, str]]  # the rule that chose the plan's track, when not the best-scored one


_MISSING = object()


# --- the engine ----------------------------------------------------------------------------

class Engine:
    """Indexes over one knowledge base, built once, so each profile costs time linear in what it touches."""

    LIMIT = 50_000  # recommendations kept for reuse before starting afresh, to bound memory
    MEMO_LIMIT = 20_000  # entries of each other kind of piece kept (Engine.kept)
    COMPILE_AFTER = 100  # profiles evaluated before the rules are compiled (a single run never is)

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.movable = [r for r in kb.roles.values() if r.kind != "post"]
        self.posts: Dict[str, List[str]] = {}
        for r in kb.roles.values():
            if r.kind == "post":
                for track in r.related:
                    self.posts.setdefault(track, []).append(r.id)
        self.needers: Dict[str, List[str]] = {}
        for r in self.movable:
            for n in r.skills:
                self.needers.setdefault(n.skill, []).append(r.id)
        self.needs = {r.id: {n.skill: n for n in r.skills} for r in self.movable}
        self.skills_of = {r.id: tuple(n.skill for n in r.skills) for r in self.movable}
        # Each role's levels, in the order of its skills, as a tuple (made when first asked for).
        self.levels_of: Dict[str, Callable[[Mapping[str, int]], Tuple[int, ...]]] = {}
        # Recommendations made so far, by everything one depends on (rank); cleared when full.
        self.recommendations: Dict[Tuple[Any, ...], Recommendation] = {}
        # Each rule as a reason, made once per language (read-only by convention).
        self._reasons: Dict[str, List[Dict[str, str]]] = {}
        # Outcomes are immutable, so each rule's two possible ones are made once and shared.
        self.outcomes = [(RuleOutcome(rule, False), RuleOutcome(rule, True)) for rule in kb.rules]
        self.rules_by_skill: Dict[str, List[int]] = {}
        # What each piece of advice reads, for the pieces kept for reuse (`memo`): the facts the rules
        # that test a skill read (help_most), and the rules with each kind of effect.
        help_facts: set = set()
        self.effect_rules: Dict[str, Any] = {"score": set(), "practise": set(), "plan": set()}
        for i, rule in enumerate(kb.rules):
            # A rule may test a skill's level (said or assumed) or only a stated level; raising a skill
            # is saying it, so both kinds of fact change.
            used = facts_used(rule.when)
            tested = sorted({skill_of(f) for f in used} - {None})
            for sid in tested:
                self.rules_by_skill.setdefault(sid, []).append(i)
            if tested:
                help_facts |= used
            for e in rule.effects:
                if e.kind in self.effect_rules:
                    self.effect_rules[e.kind].add(i)
        self.tested_skills = tuple(sorted(self.rules_by_skill))
        self.help_facts = tuple(sorted(help_facts))
        self.skill_count = len(kb.skills)
        self._every: Optional[Callable[[Mapping[str, Any]], Any]] = None
        self._evaluated = 0
        # Pieces of advice made so far, by everything each depends on (see advise); each table is
        # cleared when it holds MEMO_LIMIT entries, to bound memory. What they hold is read-only by
        # convention: people with the same inputs share one object.
        self.memo: Dict[str, Dict[Any, Any]] = {kind: {} for kind in (
            "rank", "help", "plan", "preferred", "notes", "moves", "deltas", "flips")}
        # For each recommendation help_most has seen (by id, held beside): the sum of its deltas and,
        # for each skill it lacks, its score with that skill one level up (no rule flipping).
        self.raised: Dict[int, Tuple[Recommendation, float, Dict[str, float]]] = {}

    def evaluate(self, fact_values: Mapping[str, Any]) -> Tuple[List[RuleOutcome], Tuple[int, ...]]:
        """Every rule's outcome, and the positions of those that fired. After COMPILE_AFTER profiles
        (a cohort) the conditions are compiled into one function (rules.compile_all)."""
        every = self._every
        if every is not None:
            flags = every(fact_values)
        else:
            self._evaluated += 1
            if self._evaluated >= self.COMPILE_AFTER:
                self._every = compile_all([rule.when for rule in self.kb.rules])
            flags = [holds(pair[0].rule.when, fact_values) for pair in self.outcomes]
        return ([pair[fired] for pair, fired in zip(self.outcomes, flags)],
                tuple([i for i, fired in enumerate(flags) if fired]))

    def kept(self, kind: str, key: Any, make: Callable[[], Any]) -> Any:
        """The piece of advice of this kind for this key: made once, then shared."""
        table = self.memo[kind]
        held = table.get(key, _MISSING)
        if held is _MISSING:
            if len(table) >= self.MEMO_LIMIT:
                table.clear()
            held = table[key] = make()
        return held

    def raises(self, rec: Recommendation) -> Tuple[float, Dict[str, float]]:
        """Each skill the recommendation lacks -> its score with that skill one level up, its rules
        as they are (help_most); and the highest of those scores (-1 for none)."""
        held = self.raised.get(id(rec))
        if held is not None and held[0] is rec:
            return held[1]
        adjustment = sum(rec.deltas.values())
        num, total = rec.parts
        out = {}
        for c in rec.to_learn:
            gained = (scoring.need_sixths(c.importance, c.needed, c.have + 1)
                      - scoring.need_sixths(c.importance, c.needed, c.have))
            out[c.skill] = _clamp(scoring.ratio(num + gained, total), adjustment)
        if len(self.raised) >= self.LIMIT:
            self.raised.clear()
        made = (max(out.values(), default=-1.0), out)
        self.raised[id(rec)] = (rec, made)
        return made

    def all_flips(self, levels: Mapping[str, int], fact_values: Mapping[str, Any],
                  outcomes: List[RuleOutcome]) -> Dict[str, List[Tuple[int, bool]]]:
        """For each skill a rule tests and that can go one level up: the rules whose outcome changes
        when it does (and is said), with their new outcome. Kept by the levels of those skills and
        the facts the rules read (which decide how they fired)."""
        tested = self.tested_skills
        return self.kept("flips", (tuple([levels[sid] for sid in tested]),
                                   tuple([fact_values.get(f) for f in self.help_facts])),
                         lambda: {sid: self.flips(sid, levels[sid], fact_values, outcomes)
                                  for sid in tested if levels[sid] < 3})

    def flips(self, sid: str, level: int, fact_values: Mapping[str, Any],
              outcomes: List[RuleOutcome]) -> List[Tuple[int, bool]]:
        """The rules testing skill `sid` whose outcome changes when it goes from `level` one up."""
        return self._flips(sid, level, fact_values, outcomes)

    def _flips(self, sid: str, level: int, fact_values: Mapping[str, Any],
               outcomes: List[RuleOutcome]) -> List[Tuple[int, bool]]:
        trial = _Raised(fact_values, SKILL_PREFIX + sid, STATED_PREFIX + sid, level + 1)
        out = []
        for i in self.rules_by_skill[sid]:
            now = holds(outcomes[i].rule.when, trial)
            if now != outcomes[i].fired:
                out.append((i, now))
        return out

    def reasons(self) -> List[Dict[str, str]]:
        """Each rule as a reason in the run's language."""
        lang = language()
        held = self._reasons.get(lang)
        if held is None:
            held = self._reasons[lang] = [reason(rule) for rule in self.kb.rules]
        return held

    def candidates(self, current_role: str, target_family: str) -> List[Role]:
        """Roles and tracks to move into. Posts are job titles within a track, listed with it."""
        return [r for r in self.movable
                if r.id != current_role and (target_family == "any" or r.family == target_family)]


class _Raised:
    """The facts with one skill's two facts (its level, and its level as said) raised, for rules to
    read (`rules.holds` reads facts with `.get` only): a copy of every fact for each skill tried
    cost time in the number of skills times the number of facts, both of which grow with the
    knowledge base."""

    __slots__ = ("base", "level_fact", "stated_fact", "level")

    def __init__(self, base: Mapping[str, Any], level_fact: str, stated_fact: str, level: int) -> None:
        self.base, self.level_fact, self.stated_fact, self.level = base, level_fact, stated_fact, level

    def get(self, name: str, default: Any = None) -> Any:
        if name == self.level_fact or name == self.stated_fact:
            return self.level
        return self.base.get(name, default)


_ENGINES: Dict[int, Tuple[KnowledgeBase, Engine]] = {}


def engine_for(kb: KnowledgeBase) -> Engine:
    held = _ENGINES.get(id(kb))
    if held is None or held[0] is not kb:
        held = _ENGINES[id(kb)] = (kb, Engine(kb))
    return held[1]


def posts_for(kb: KnowledgeBase, track: Role) -> List[str]:
    return list(engine_for(kb).posts.get(track.id, ()))


def run_rules(kb: KnowledgeBase, fact_values: Mapping[str, Any]) -> List[RuleOutcome]:
    return [pair[holds(pair[0].rule.when, fact_values)] for pair in engine_for(kb).outcomes]


def _adjustments(outcomes: List[RuleOutcome]) -> Tuple[Dict[str, Dict[int, float]], Dict[str, Dict[int, float]]]:
    """Score deltas of the fired rules, by track and by family, each keyed by rule position."""
    by_track: Dict[str, Dict[int, float]] = {}
    by_family: Dict[str, Dict[int, float]] = {}
    for i, o in enumerate(outcomes):
        if not o.fired:
            continue
        for e in o.rule.effects:
            if e.kind != "score":
                continue
            if e.family:
                slot = by_family.setdefault(e.family, {})
                slot[i] = slot.get(i, 0.0) + e.delta
            for track in e.tracks:
                slot = by_track.setdefault(track, {})
                slot[i] = slot.get(i, 0.0) + e.delta
    return by_track, by_family


def _role_deltas(role: Role, by_track: Mapping[str, Dict[int, float]],
                 by_family: Mapping[str, Dict[int, float]]) -> Dict[int, float]:
    deltas = dict(by_track.get(role.id, {}))
    for i, d in by_family.get(role.family, {}).items():
        deltas[i] = deltas.get(i, 0.0) + d
    return deltas


def _score(coverage: float, deltas: Mapping[int, float]) -> float:
    return _clamp(coverage, sum(deltas.values()))


def _clamp(coverage: float, adjustment: float) -> float:
    return round(min(1.0, max(0.0, coverage + adjustment)), 4)


def reason(rule: Rule) -> Dict[str, str]:
    """A fired rule as a reason: its text and its basis (the article's quote, or the reading's why)."""
    return {"rule": rule.id, "text": rule.because.tr("text"), **rule.because.provenance()}


def _why_size(rule: Rule, role: Role) -> str:
    """Why the rule's adjustment of this role is as large as it is (a reading, from its score effects)."""
    return " ".join(dict.fromkeys(e.tr("why") for e in rule.effects if e.kind == "score" and e.why
                                  and (role.id in e.tracks or e.family == role.family)))


_SIZES: Dict[Tuple[int, str, str], str] = {}  # (id of rule, role id, language) -> why; rules are frozen, so kept once


def _deltas_by_role(engine: Engine, outcomes: List[RuleOutcome]) -> Dict[str, Tuple[Dict[int, float], Tuple[Any, ...]]]:
    """Each movable role's score deltas by rule position (and as a tuple of its items, for keys)."""
    by_track, by_family = _adjustments(outcomes)
    out = {}
    for role in engine.movable:
        deltas = _role_deltas(role, by_track, by_family)
        out[role.id] = (deltas, tuple(deltas.items()))
    return out


def rank(kb: KnowledgeBase, roles: List[Role], levels: Mapping[str, int],
         outcomes: List[RuleOutcome], said: frozenset = frozenset()) -> List[Recommendation]:
    engine = engine_for(kb)
    scored = engine.effect_rules["score"]
    # The deltas depend only on which rules with a score effect fired: made once for each such set.
    by_role = engine.kept("deltas", tuple([i for i, o in enumerate(outcomes) if o.fired and i in scored]),
                          lambda: _deltas_by_role(engine, outcomes))
    reasons_of = engine.reasons()  # read-only by convention: shared by every profile
    lang = language()
    held = engine.recommendations
    skills_of, levels_of = engine.skills_of, engine.levels_of
    recs = []
    for role in roles:
        deltas, items = by_role[role.id]
        needed = skills_of[role.id]
        getter = levels_of.get(role.id)
        if getter is None:  # one C call for two or more skills
            getter = levels_of[role.id] = (itemgetter(*needed) if len(needed) > 1 else
                                           (lambda levels, needed=needed: tuple([levels[sid] for sid in needed])))
        try:
            have = getter(levels)
        except KeyError:  # levels that leave a skill out (0)
            have = tuple([levels.get(sid, 0) for sid in needed])
        stated = tuple([sid in said for sid in needed])
        # Everything the recommendation depends on: the same key gives the same record, which is
        # immutable by convention, so people who share a track, its skills' levels and its fired
        # rules share one (deltas in their order: the score sums them in that order).
        key = (role.id, have, stated, items, lang)
        rec = held.get(key)
        if rec is None:
            if len(held) >= engine.LIMIT:
                held.clear()
            rec = held[key] = _recommendation(kb, role, levels, deltas, outcomes, reasons_of, lang,
                                              frozenset(sid for sid, s in zip(needed, stated) if s))
        recs.append(rec)
    recs.sort(key=lambda r: (-r.score, r.role.id))
    return recs


def _recommendation(kb: KnowledgeBase, role: Role, levels: Mapping[str, int], deltas: Dict[int, float],
                    outcomes: List[RuleOutcome], reasons_of: List[Dict[str, str]], lang: str,
                    said: frozenset) -> Recommendation:
    adjustments: List[Tuple[str, float]] = []
    reasons: List[Dict[str, str]] = []
    whys: Dict[str, str] = {}
    for i, d in sorted(deltas.items()):
        if d:
            rule = outcomes[i].rule
            adjustments.append((rule.id, round(d, 4)))
            reasons.append(reasons_of[i])
            why = _SIZES.get((id(rule), role.id, lang))
            if why is None:
                why = _SIZES[(id(rule), role.id, lang)] = _why_size(rule, role)
            whys[rule.id] = why
    credits = scoring.credits(role, levels)
    parts = scoring.parts_of(credits)
    cov = scoring.ratio(*parts)
    score = _score(cov, deltas)
    return Recommendation(role, cov, adjustments, score, kb.fit_label(score), credits, reasons,
                          [c.skill for c in credits if not c.gap], [c for c in credits if c.gap],
                          deltas, parts, whys, said)


def advise(kb: KnowledgeBase, profile: Profile, track: Optional[str] = None) -> Advice:
    """Rank the tracks; plan for the best one, or for `track` when the person has chosen.

    Each piece (the ranking, what would help most, the practice plan, the track to plan for, the
    notes, the article's advice for the move) is kept by everything it depends on and shared by
    the people who have the same (Engine.kept): in a cohort the same pieces recur. A test checks
    that a run with warm tables gives what a fresh engine gives.
    """
    engine = engine_for(kb)
    levels = effective_skills(kb, profile)
    fact_values = facts(kb, profile, levels)
    outcomes, fired_at = engine.evaluate(fact_values)
    lang = language()
    # The levels in the knowledge base's order of skills (effective_skills makes them so); a profile
    # naming a skill the knowledge base lacks (only a caller of this function could) keys by name.
    levels_key = tuple(levels.values()) if len(levels) == engine.skill_count else tuple(levels.items())
    said = frozenset(profile.skills)
    here, target_family = profile.current_role, fact_values["target_family"]
    by_kind = engine.effect_rules
    recs = engine.kept("rank", (here, target_family, levels_key, said,
                                tuple([i for i in fired_at if i in by_kind["score"]]), lang),
                       lambda: rank(kb, engine.candidates(here, target_family), levels, outcomes, said))
    fired = [outcomes[i] for i in fired_at]
    notes = engine.kept("notes", (fired_at, lang), lambda: [
        {"rule": o.rule.id, "text": e.tr("text"), **e.provenance()}
        for o in fired for e in o.rule.effects if e.kind == "note"])
    best = recs[0] if recs else None
    plan_reason = None
    if track is None and recs:
        best, plan_reason = engine.kept("preferred", (id(recs), tuple([i for i in fired_at if i in by_kind["plan"]])),
                                        lambda: (recs,) + preferred_track(fired, recs))[1:]
    if track is not None:
        track = kb.resolve(track, ("roles",))
        chosen = [r for r in recs if r.role.id == track]
        if not chosen:
            ids = [r.role.id for r in recs]
            raise InputError("track-not-reachable", track=track, hint=did_you_mean(track, ids), tracks=", ".join(ids))
        best = chosen[0]
    plan: List[PlanItem] = []
    advice: List[Dict[str, str]] = []
    if best is not None:
        # The plan reads the track's needs (its id and the levels give them), the levels of the
        # skills it names, the moves from here and the fired rules with a practise effect.
        plan = engine.kept("plan", (best.role.id, here, levels_key,
                                    tuple([i for i in fired_at if i in by_kind["practise"]]), lang),
                           lambda: practice_plan(kb, profile, levels, best, fired))
        advice = engine.kept("moves", (here, best.role.id, lang), lambda: move_advice(kb, profile, best))
    # help_most reads the ranking (held beside the result, so its id stays its own), the levels
    # (with the ranking's key), and the facts that the rules testing a skill read.
    helped = engine.kept("help", (id(recs), tuple([fact_values.get(f) for f in engine.help_facts])),
                         lambda: (recs, help_most(kb, fact_values, levels, outcomes, recs)))[1]
    # In the order of Advice's fields (positional: Record's quick way).
    return Advice(profile, levels, fact_values, outcomes, recs, plan, notes, helped, advice,
                  best.role.id if best else None, plan_reason)


def preferred_track(fired: List[RuleOutcome],
                    recs: List[Recommendation]) -> Tuple[Recommendation, Optional[Dict[str, str]]]:
    """The track to plan for without --track: the one a stated interest names (its rule's `plan`
    effect, the first of its tracks that can be moved into; of several rules, the best-scored
    track), else the best score. The ranking itself is unchanged."""
    by_id = {r.role.id: r for r in recs}
    named: List[Tuple[Recommendation, Rule]] = []
    for o in fired:
        for e in o.rule.effects:
            if e.kind == "plan":
                first = next((by_id[t] for t in e.tracks if t in by_id), None)
                if first is not None:
                    named.append((first, o.rule))
    if not named:
        return recs[0], None
    order = {r.role.id: i for i, r in enumerate(recs)}
    chosen, rule = min(named, key=lambda pair: order[pair[0].role.id])
    return chosen, (None if chosen is recs[0] else reason(rule))


def help_most(kb: KnowledgeBase, fact_values: Mapping[str, Any], levels: Mapping[str, int],
              outcomes: List[RuleOutcome], recs: List[Recommendation]) -> Optional[Dict[str, Any]]:
    """The one skill whose next level would raise the best score most, rules included.

    Raising one skill changes only the candidates that need it and the rules
    that test it, so each skill is tried by recomputing just those (the same
    numbers a full re-run gives; a test checks this against re-running advise).
    When no rule flips, each candidate's score with the skill one level up is
    its own (kept with the recommendation, `Engine.raised`), and the best
    score after is the best of those: the others' scores are at most the best
    score before.
    """
    if not recs:
        return None
    engine = engine_for(kb)
    before = recs[0].score
    # Without a rule flipping, a skill helps only through a candidate whose score with it one level
    # up beats `before` (the others stay at most `before`): the best such score and track per skill.
    tops: Dict[str, Tuple[float, str]] = {}
    for r in recs:
        highest, raised = engine.raises(r)
        if highest <= before:
            continue
        rid = r.role.id
        for sid, score in raised.items():
            if score > before:
                held = tops.get(sid)
                if held is None or score > held[0] or (score == held[0] and rid < held[1]):
                    tops[sid] = (score, rid)
    flipping = {sid: flips for sid, flips in engine.all_flips(levels, fact_values, outcomes).items() if flips}
    best: Optional[Tuple[float, str, Dict[str, Any]]] = None
    around: Optional[_Around] = None  # made once, when a skill first flips a rule
    for sid in sorted(tops.keys() | flipping.keys()):
        level = levels[sid]
        if sid in flipping:
            if around is None:
                around = _Around(engine, recs, flipping)
            top_id, top = _top_with_flips(engine, recs, around, sid, level, flipping[sid], outcomes)
        else:
            top, top_id = tops[sid]
        gain = round(top - before, 4)
        if gain > 0 and (best is None or gain > best[0]):
            best = (gain, sid, {"skill": sid, "name": kb.skills[sid].tr("name"), "from_level": level,
                                "to_level": level + 1, "best_track": top_id,
                                "score_before": before, "score_after": top, "gain": gain})
    return best[2] if best else None


class _Around:
    """What every flipping skill of one help_most call looks up, made once for the call (not once
    per skill: with thousands of candidates and of skills, that was quadratic): the candidates by
    id and by family, and for each flipping skill the candidates that lack it."""

    def __init__(self, engine: Engine, recs: List[Recommendation], flipping: Mapping[str, Any]) -> None:
        self.by_id = {r.role.id: r for r in recs}
        self.family_ids: Dict[str, List[str]] = {}
        self.lacking: Dict[str, List[str]] = {sid: [] for sid in flipping}
        for r in recs:
            self.family_ids.setdefault(r.role.family, []).append(r.role.id)
            for sid in engine.raises(r)[1]:
                if sid in self.lacking:
                    self.lacking[sid].append(r.role.id)


def _top_with_flips(engine: Engine, recs: List[Recommendation], around: _Around, sid: str, level: int,
                    flips: List[Tuple[int, bool]], outcomes: List[RuleOutcome]) -> Tuple[Optional[str], float]:
    """The best track and its score with `sid` one level up, when raising it flips rules."""
    by_id, family_ids = around.by_id, around.family_ids
    affected = set(around.lacking[sid])
    for i, _now in flips:
        for e in outcomes[i].rule.effects:
            if e.kind == "score":  # only the candidates the rule names, or its family's
                affected.update(t for t in e.tracks if t in by_id)
                affected.update(family_ids.get(e.family, ()))
    raised = level + 1
    new_scores: Dict[str, float] = {}
    for rid in affected:
        rec = by_id[rid]
        deltas = dict(rec.deltas)
        for i, now in flips:
            change = sum(e.delta for e in outcomes[i].rule.effects if e.kind == "score"
                         and (rid in e.tracks or e.family == rec.role.family))
            deltas[i] = deltas.get(i, 0.0) + (change if now else -change)
        adjustment = sum(deltas.values())
        num, total = rec.parts
        need = engine.needs[rid].get(sid)
        if need is not None and need.level > level:
            num += (scoring.need_sixths(need.importance, need.level, raised)
                    - scoring.need_sixths(need.importance, need.level, level))
        new_scores[rid] = _clamp(scoring.ratio(num, total), adjustment)
    top_id, top = None, -1.0
    for r in recs:  # best first, ties by id: the best of the others is the first unaffected one
        if r.role.id not in affected:
            top_id, top = r.role.id, r.score
            break
    for rid in sorted(new_scores):
        if new_scores[rid] > top or (new_scores[rid] == top and top_id is not None and rid < top_id):
            top_id, top = rid, new_scores[rid]
    return top_id, top


def move_advice(kb: KnowledgeBase, profile: Profile, best: Optional[Recommendation]) -> List[Dict[str, str]]:
    """The article's own advice for this move: transitions from here to the best track or its family."""
    if best is None:
        return []
    moves = kb.moves(kb.roles[profile.current_role], best.role)
    return [{"transition": t.id, "text": a.tr("text"), **a.provenance()} for t in moves for a in t.advice]


LEVELS_WHY = N_("Levels and importances are promo-ops' reading of the article, which gives no numbers.")


def practice_plan(kb: KnowledgeBase, profile: Profile, levels: Mapping[str, int],
                  best: Recommendation, fired: List[RuleOutcome]) -> List[PlanItem]:
    items: Dict[str, PlanItem] = {}
    needs = best.role.needs()
    named = [0]  # how many skills the article has named to practise first so far

    def add(sid: str, target: int, priority: int, reason: Dict[str, str]) -> None:
        first = reason.pop("first", None)  # the article says to practise it first
        current = levels[sid]
        if current >= target:
            return
        item = items.get(sid)
        if item is None:
            item = items[sid] = PlanItem(sid, current, target, priority)
        item.target_level = max(item.target_level, target)
        item.priority = max(item.priority, priority)
        if reason not in item.reasons:
            item.reasons.append(reason)
        if first and reason["basis"] == ARTICLE and item.first is None:
            item.first = named[0]
            named[0] += 1

    def add_practice(sid: str, reason: Dict[str, str]) -> None:
        """A skill named by the article or a rule: up to the track's level, or one level up."""
        need = needs.get(sid)
        target = need.level if need else min(3, levels[sid] + 1)
        add(sid, target, (need.importance if need else 1) * max(1, target - levels[sid]), reason)

    for c in best.to_learn:
        need = needs[c.skill]
        add(c.skill, c.needed, c.importance * c.gap,
            {"rule": "", "text": _("{name} needs level {level} (importance {importance} of 3).").format(
                name=best.role.tr("name"), level=c.needed, importance=c.importance),
             "basis": READING, "why": " ".join(w for w in (translate(LEVELS_WHY), need.tr("why")) if w)})
    for t in kb.moves(kb.roles[profile.current_role], best.role):
        for ref in t.practise_first:
            move = f"{_entry_name(kb, t.from_)} → {_entry_name(kb, t.to)}"
            if ref.basis == ARTICLE:
                add_practice(ref.skill, {"rule": t.id, "text": _("The article says to practise it first for {move}.").format(move=move),
                                         "basis": ARTICLE, "source": ref.source, "first": "1"})
            else:
                add_practice(ref.skill, {"rule": t.id, "text": _("Practise it first for {move}.").format(move=move),
                                         "basis": READING, "why": ref.tr("why")})
    for o in fired:
        for e in o.rule.effects:
            if e.kind != "practise" or (e.tracks and best.role.id not in e.tracks) \
                    or (e.family and best.role.family != e.family):
                continue
            for sid in e.skills:
                add_practice(sid, {**reason(o.rule), "first": "1"})
    # Prerequisites the person lacks come first, so add them too.
    pending = list(items)
    while pending:
        sid = pending.pop()
        for ref in kb.skills[sid].prerequisites:
            pre = ref.skill
            if levels[pre] == 0 and pre not in items:
                # The knowledge base says what each prerequisite stands on: the article or its reading.
                then = kb.skills[sid]
                add(pre, 1, 1, {"rule": "", "text": _("Learn it before {skill}.").format(
                                    skill=then.name_zh if language() == "zh" else then.name.lower()),
                                **ref.provenance()})
                pending.append(pre)
    return _order(kb, items)


def _entry_name(kb: KnowledgeBase, entry_id: str) -> str:
    """A family's or role's name in the run's language, for a sentence a person reads."""
    entry = kb.families.get(entry_id) or kb.roles.get(entry_id)
    return entry.tr("name") if entry is not None else entry_id


def _order(kb: KnowledgeBase, items: Dict[str, PlanItem]) -> List[PlanItem]:
    """Prerequisites first; then what the article says to practise first, in its order; then the
    largest importance x gap first; ties by id."""
    # A prerequisite blocks only while it is unknown (level 0); once begun, order by payoff.
    blockers = {sid: {p for p in kb.skills[sid].requires() if p in items and items[p].current_level == 0}
                for sid in items}
    dependants: Dict[str, List[str]] = {sid: [] for sid in items}
    for sid, pres in blockers.items():
        for p in pres:
            dependants[p].append(sid)
    def key(sid: str) -> Tuple[int, int, int, str]:
        first = items[sid].first
        return (0 if first is not None else 1, first or 0, -items[sid].priority, sid)

    ready = [key(sid) for sid, pres in blockers.items() if not pres]
    heapq.heapify(ready)
    out: List[PlanItem] = []
    while ready:
        sid = heapq.heappop(ready)[-1]
        out.append(items[sid])
        for d in dependants[sid]:
            blockers[d].discard(sid)
            if not blockers[d]:
                heapq.heappush(ready, key(d))
    return out
