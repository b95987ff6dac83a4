"""A saved practice plan over time: making one, recording practice, and measuring progress.

Pure: dates come in as `today` (the CLI reads the clock), files are read and
written by fileio.planfile; nothing here prints. The plan file's format is
described in fileio/planfile.py.

Progress, as promo-ops defines it: the share of the practice plan's exercises
that are done, leaving out the ones the person skipped:

    percent = 100 x done / (exercises - skipped), rounded down

so skipping an exercise takes it out of the plan rather than counting it as
done, and a plan with nothing left to do is 100%. Levels and the score are
reported beside it, not mixed into it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from promo_ops import advisor, names, questions
from promo_ops.errors import InputError, did_you_mean
from promo_ops.facts import effective_skills
from promo_ops.facts import values as fact_values
from promo_ops.fileio.planfile import (
    PLAN_VERSION, Change, Exercise, Item, KbStamp, Plan, split_ref,
)
from promo_ops.model import KnowledgeBase, Profile
from promo_ops.record import Record

# --flag -> the state it records
STATE_FLAGS = {"--done": "done", "--doing": "doing", "--skip": "skipped", "--todo": "todo"}


def stamp(kb: KnowledgeBase, digest: str) -> KbStamp:
    """What identifies a knowledge base in a plan: its title and version (meta) and its content digest."""
    title = kb.meta.get("title")
    version = kb.meta.get("version")
    return KbStamp(title if isinstance(title, str) and title.strip() else None,
                   str(version) if isinstance(version, (str, int, float)) and not isinstance(version, bool)
                   and str(version).strip() else None,
                   digest)


def kb_differs(plan: Plan, kb: KnowledgeBase, digest: str) -> bool:
    now = stamp(kb, digest)
    return (plan.kb.version, plan.kb.digest) != (now.version, now.digest)


def answers_of(profile: Profile) -> Dict[str, Any]:
    """The answers a plan keeps: only what the person stated (never a default), as --save always has."""
    return profile.stated_answers()


def make(kb: KnowledgeBase, advice: advisor.Advice, today: str, digest: str) -> Plan:
    """A new plan from one advise run: the stated answers, the planned track, every exercise to do."""
    track = advice.plan_track
    rec = next((r for r in advice.recommendations if r.role.id == track), None)
    if rec is None:
        raise InputError("plan-no-track")
    items = tuple(Item(i.skill, kb.skills[i.skill].name, i.current_level, i.target_level,
                       tuple(Exercise(e.text, "todo") for e in kb.skills[i.skill].exercises))
                  for i in advice.plan)
    return Plan(PLAN_VERSION, today, stamp(kb, digest), answers_of(advice.profile), rec.role.id, rec.score, items,
                (Change(today, "made", track=rec.role.id, score=rec.score),))


# --- the person behind a plan ---------------------------------------------------------

class Missing(Record):
    """Something a plan names that the knowledge base in use no longer has."""

    __slots__ = ("kind", "id")

    kind: str  # skill | exercise | answer-skill | role | track
    id: str


def profile_of(kb: KnowledgeBase, plan: Plan, doc: Any = None) -> Tuple[Optional[Profile], List[Missing]]:
    """The plan's answers as a profile, through the one answers validator. A skill the knowledge
    base no longer has is left out and reported; a current role it no longer has leaves no
    profile (nothing can be scored), reported too."""
    answers = dict(plan.answers)
    missing: List[Missing] = []
    skills = answers.get("skills")
    if isinstance(skills, dict):
        gone = [s for s in skills if isinstance(s, str) and not _known(s, kb.skills.values())]
        if gone:
            answers["skills"] = {k: v for k, v in skills.items() if k not in gone}
            missing += [Missing("answer-skill", s) for s in gone]
    role = answers.get("current_role")
    if isinstance(role, str) and not _known(role, kb.roles.values()):
        return None, missing + [Missing("role", role)]
    return questions.resolve(kb, {}, answers, None, file_doc=doc), missing


def _known(name: str, entries: Any) -> bool:
    """Whether a knowledge base still has what a plan names (an ambiguous name is left to the validator)."""
    try:
        return names.find(name, names.entries(entries)) is not None
    except names.Ambiguous:
        return True


def track_result(kb: KnowledgeBase, profile: Profile, track: str) -> Optional[advisor.Recommendation]:
    """The plan's track scored for a profile, as advise scores it (None if the track is gone)."""
    role = kb.roles.get(track)
    if role is None or role.kind == "post":
        return None
    levels = effective_skills(kb, profile)
    outcomes = advisor.run_rules(kb, fact_values(kb, profile, levels))
    return advisor.rank(kb, [role], levels, outcomes)[0]


# --- recording practice ---------------------------------------------------------------

def _skill_in_plan(kb: KnowledgeBase, plan: Plan, flag: str, value: str, skill: str) -> Item:
    by_id = {i.skill: i for i in plan.items}
    if skill in by_id:
        return by_id[skill]
    try:
        sid = names.find(skill, names.entries(kb.skills.values()), short_forms=True)
    except names.Ambiguous as exc:
        raise InputError("change-ambiguous", flag=flag, value=value, candidates=", ".join(exc.candidates)) from None
    if sid in by_id:
        return by_id[sid]
    plan_skills = ", ".join(by_id) or "-"
    if sid is not None:
        raise InputError("change-not-in-plan", flag=flag, value=value, skill=sid, skills=plan_skills)
    raise InputError("change-unknown-skill", flag=flag, value=value, skill=skill,
                     hint=did_you_mean(skill, list(by_id)), skills=plan_skills)


def apply(kb: KnowledgeBase, plan: Plan, states: Sequence[Tuple[str, str]], levels: Sequence[str],
          today: str, force: bool = False, doc: Any = None) -> Plan:
    """The plan with these changes recorded, each dated `today`; any change that does not apply
    is an InputError and nothing is changed.

    states: (flag, SKILL.N) pairs, flag one of STATE_FLAGS; levels: SKILL=LEVEL texts. State
    changes are recorded first, in the order given, then level changes.
    """
    items = {i.skill: list(i.exercises) for i in plan.items}
    history = list(plan.history)
    touched: Dict[Tuple[str, int], str] = {}
    for flag, value in states:
        parsed = split_ref(value)
        if parsed is None:
            raise InputError("change-form", flag=flag, value=value)
        item = _skill_in_plan(kb, plan, flag, value, parsed[0])
        n = parsed[1]
        exercises = items[item.skill]
        if not 1 <= n <= len(exercises):
            raise InputError("change-exercise-range", flag=flag, value=value, skill=item.skill,
                             count=len(exercises))
        key = (item.skill, n)
        if key in touched:
            raise InputError("change-twice", ref=f"{item.skill}.{n}", first=touched[key], second=flag)
        touched[key] = flag
        state = STATE_FLAGS[flag]
        before = exercises[n - 1].state
        if before == state:
            raise InputError("change-same-state", flag=flag, value=value, state=state)
        exercises[n - 1] = exercises[n - 1].replace(state=state)
        history.append(Change(today, "state", exercise=f"{item.skill}.{n}", before=before, after=state))
    answers = dict(plan.answers)
    if levels:
        profile, missing = profile_of(kb, plan, doc)
        if profile is None:
            raise InputError("level-no-role", role=missing[-1].id)
        seen: Dict[str, str] = {}
        try:
            pairs = _skill_levels(kb, levels)
        except _BadLevel as bad:
            raise InputError("level-bad", value=bad.value, problem=bad.problem) from None
        for sid, level, value in pairs:
            if sid in seen:
                raise InputError("level-twice", skill=sid, first=seen[sid], second=value)
            seen[sid] = value
            now = effective_skills(kb, profile)[sid]
            if level == now:
                raise InputError("level-same", skill=sid, level=level)
            if level < now and not force:
                raise InputError("level-down", skill=sid, level=level, now=now)
            skills = dict(answers.get("skills") or {})
            skills[sid] = level
            answers["skills"] = dict(sorted(skills.items()))
            profile = profile.replace(skills={**profile.skills, sid: level})
            rec = track_result(kb, profile, plan.track)
            history.append(Change(today, "level", skill=sid, before=now, after=level,
                                  score=rec.score if rec is not None else None))
    new_items = tuple(i.replace(exercises=tuple(items[i.skill])) for i in plan.items)
    return plan.replace(answers=answers, items=new_items, history=tuple(history))


# --- progress -------------------------------------------------------------------------

class SkillProgress(Record):
    __slots__ = ("skill", "name", "then", "now", "stated", "target", "in_plan", "in_kb")

    skill: str
    name: str
    then: int
    now: Optional[int]  # None: the knowledge base no longer has the skill
    stated: bool  # whether the level now is one the person stated (else assumed from the role)
    target: Optional[int]
    in_plan: bool
    in_kb: bool


class Progress(Record):
    """How far a plan has come: counts, percent, levels then and now, the score then and now, what next."""

    __slots__ = ("plan", "counts", "percent", "skills", "score_now", "track_name", "next", "missing", "kb_changed",
                 "exercise_notes", "texts", "bases")
    _defaults = {"texts": {}, "bases": {}}

    plan: Plan
    counts: Dict[str, int]  # state -> how many, and "total"
    percent: int
    skills: List[SkillProgress]
    score_now: Optional[float]
    track_name: Optional[str]
    next: Optional[Dict[str, Any]]
    missing: List[Missing]
    kb_changed: bool
    exercise_notes: Dict[str, str]  # SKILL.N -> "missing" | "changed" (against the knowledge base in use)
    texts: Dict[str, str]  # SKILL.N -> the exercise in the run's language, while the knowledge base still has it
    bases: Dict[str, Dict[str, str]]  # SKILL.N -> its basis and quote or why, while the knowledge base still has it


def kb_exercise(kb: KnowledgeBase, sid: str, n: int, stored: str) -> Any:
    """The knowledge base's exercise SKILL.N while it is still the one the plan holds; else None."""
    skill = kb.skills.get(sid)
    if skill is not None and 1 <= n <= len(skill.exercises) and skill.exercises[n - 1].text == stored:
        return skill.exercises[n - 1]
    return None


def shown_text(kb: KnowledgeBase, sid: str, n: int, stored: str) -> str:
    """An exercise as a run shows it: the knowledge base's, in the run's language, while it is still
    the one the plan holds (plans keep the English); else the plan's own words."""
    exercise = kb_exercise(kb, sid, n, stored)
    return stored if exercise is None else exercise.tr("text")


def percent(counts: Mapping[str, int]) -> int:
    left = counts["total"] - counts["skipped"]
    return 100 if left <= 0 else (100 * counts["done"]) // left


def progress(kb: KnowledgeBase, plan: Plan, digest: str, doc: Any = None) -> Progress:
    counts = {s: 0 for s in ("todo", "doing", "done", "skipped")}
    for item in plan.items:
        for e in item.exercises:
            counts[e.state] += 1
    counts["total"] = sum(counts.values())
    profile, missing = profile_of(kb, plan, doc)
    levels = effective_skills(kb, profile) if profile is not None else {}
    stated = set(profile.skills) if profile is not None else set()
    notes: Dict[str, str] = {}
    texts: Dict[str, str] = {}
    bases: Dict[str, Dict[str, str]] = {}
    for item in plan.items:
        skill = kb.skills.get(item.skill)
        if skill is None:
            missing.append(Missing("skill", item.skill))
            continue
        for n, e in enumerate(item.exercises, 1):
            if n > len(skill.exercises):
                notes[f"{item.skill}.{n}"] = "missing"
                missing.append(Missing("exercise", f"{item.skill}.{n}"))
            elif skill.exercises[n - 1].text != e.text:
                notes[f"{item.skill}.{n}"] = "changed"
            else:
                texts[f"{item.skill}.{n}"] = skill.exercises[n - 1].tr("text")
                bases[f"{item.skill}.{n}"] = skill.exercises[n - 1].provenance()
    rows: List[SkillProgress] = []
    plan_skills = {i.skill for i in plan.items}
    for item in plan.items:
        name = kb.skills[item.skill].tr("name") if item.skill in kb.skills else item.name
        rows.append(_skill_row(kb, item.skill, name, item.level, item.target, levels, stated, True))
    first_level: Dict[str, int] = {}
    for c in plan.history:
        if c.change == "level" and c.skill not in plan_skills and c.skill not in first_level:
            first_level[c.skill] = c.before
    for sid, then in first_level.items():
        name = kb.skills[sid].tr("name") if sid in kb.skills else sid
        rows.append(_skill_row(kb, sid, name, then, None, levels, stated, False))
    rec = track_result(kb, profile, plan.track) if profile is not None else None
    if profile is not None and rec is None:
        missing.append(Missing("track", plan.track))
    role = kb.roles.get(plan.track)
    nxt = what_next(kb, plan, profile, rec, levels, notes) if profile is not None else None
    return Progress(plan, counts, percent(counts), rows, rec.score if rec else None,
                    role.tr("name") if role is not None else None, nxt, missing, kb_differs(plan, kb, digest), notes,
                    texts, bases)


def _skill_row(kb: KnowledgeBase, sid: str, name: str, then: int, target: Optional[int],
               levels: Mapping[str, int], stated: set, in_plan: bool) -> SkillProgress:
    in_kb = sid in kb.skills
    return SkillProgress(sid, name, then, levels.get(sid) if in_kb and levels else None, sid in stated, target,
                         in_plan, in_kb)


def _open_exercise(item: Item, notes: Mapping[str, str]) -> Optional[int]:
    """The exercise to do next in an item: one in progress first, else the first to do."""
    for wanted in ("doing", "todo"):
        for n, e in enumerate(item.exercises, 1):
            if e.state == wanted and notes.get(f"{item.skill}.{n}") != "missing":
                return n
    return None


def what_next(kb: KnowledgeBase, plan: Plan, profile: Profile, rec: Optional[advisor.Recommendation],
              levels: Mapping[str, int], notes: Mapping[str, str]) -> Optional[Dict[str, Any]]:
    """What would help most next: the skill whose next level would raise the plan track's score
    most (rules included, by re-scoring), with its next open exercise; without such a skill, the
    plan's first open exercise."""
    best: Optional[Tuple[float, str]] = None
    if rec is not None:
        engine = advisor.engine_for(kb)
        candidates = {c.skill for c in rec.to_learn} | set(engine.rules_by_skill)
        candidates |= {i.skill for i in plan.items if i.skill in kb.skills}
        for sid in sorted(candidates):
            level = levels[sid]
            if level >= 3:
                continue
            trial = track_result(kb, profile.replace(skills={**profile.skills, sid: level + 1}), plan.track)
            gain = round(trial.score - rec.score, 4) if trial is not None else 0.0
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, sid)
    by_skill = {i.skill: i for i in plan.items}
    out: Dict[str, Any] = {"skill": None, "exercise": None}
    if best is not None:
        gain, sid = best
        out["skill"] = {"skill": sid, "name": kb.skills[sid].tr("name"), "from_level": levels[sid],
                        "to_level": levels[sid] + 1, "score_before": rec.score,  # type: ignore[union-attr]
                        "score_after": round(rec.score + gain, 4), "gain": gain}  # type: ignore[union-attr]
    order = ([by_skill[best[1]]] if best is not None and best[1] in by_skill else []) + list(plan.items)
    for item in order:
        n = _open_exercise(item, notes)
        if n is not None:
            stored = item.exercises[n - 1].text
            exercise = kb_exercise(kb, item.skill, n, stored)
            # Its basis (the article's quote or promo-ops' why) while the knowledge base still has it.
            out["exercise"] = {"ref": f"{item.skill}.{n}", "text": stored if exercise is None else exercise.tr("text"),
                               "state": item.exercises[n - 1].state,
                               **(exercise.provenance() if exercise is not None else {})}
            break
    return out if out["skill"] or out["exercise"] else None


# --- what if --------------------------------------------------------------------------

class WhatIf(Record):
    """advise for the same answers with some levels as if reached, beside today's."""

    __slots__ = ("levels", "advice")

    levels: Dict[str, int]
    advice: advisor.Advice


class _BadLevel(Exception):
    def __init__(self, value: str, problem: Exception):
        super().__init__(value)
        self.value, self.problem = value, problem


def _skill_levels(kb: KnowledgeBase, values: Sequence[str]) -> List[Tuple[str, int, str]]:
    """(skill, level, the value it was given in) for every SKILL=LEVEL pair in the values; a value may
    hold several (`copywriting=3,prototyping=1`), and each counts. A bad value is _BadLevel."""
    out: List[Tuple[str, int, str]] = []
    for value in values:
        try:
            parsed = questions.coerce_skills([value], kb.skills)
        except questions.AnswerError as exc:
            raise _BadLevel(value, exc) from None
        out.extend((sid, level, value) for sid, level in parsed.items())
    return out


def parse_what_if(kb: KnowledgeBase, values: Sequence[str]) -> Dict[str, int]:
    try:
        pairs = _skill_levels(kb, values)
    except _BadLevel as bad:
        raise InputError("what-if-bad", value=bad.value, problem=bad.problem) from None
    out: Dict[str, int] = {}
    for sid, level, _ in pairs:
        if out.get(sid, level) != level:
            raise InputError("what-if-twice", skill=sid, first=out[sid], second=level)
        out[sid] = level
    return out


def what_if(kb: KnowledgeBase, today: advisor.Advice, levels: Mapping[str, int], track: Optional[str]) -> WhatIf:
    """The advice as if these levels were reached (the plan for `track`, or for the best track)."""
    profile = today.profile.replace(skills=dict(sorted({**today.profile.skills, **levels}.items())))
    return WhatIf(dict(levels), advisor.advise(kb, profile, track))
