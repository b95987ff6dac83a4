"""Cohort mode's shortcuts give what the plain computation gives.

The engine keeps pieces of advice by what they depend on (advisor.Engine.kept), the encoder keeps
encoded parts (results.CohortEncoder), and rows whose answers are exact skip the validator
(batch.Answers). Each is checked here against the computation it stands for, and each table's
bound against a cohort with no repeats.
"""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promo_ops import advisor, batch, knowledge, messages, questions, results, rules
from promo_ops.model import Profile

KB = knowledge.load(knowledge.builtin_path(), use_cache=False)
ROLES = sorted(KB.roles)
SKILLS = sorted(KB.skills)
INTERESTS = ["writing", "people", "data", "product", "events", "selling"]
CI = settings(max_examples=150, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])

profiles = st.builds(
    Profile,
    current_role=st.sampled_from(ROLES),
    years=st.integers(0, 60),
    company_type=st.sampled_from([None, "product", "marketing", "small", "big"]),
    target=st.sampled_from(["auto", "operation", "promotion", "any"]),
    interests=st.lists(st.sampled_from(INTERESTS), unique=True).map(tuple),
    skills=st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 3)),
    motives=st.lists(st.sampled_from(["no-growth", "tiring"]), unique=True).map(tuple),
)


def fresh(profile, track=None):
    """advise on an engine that has kept nothing yet (the plain computation)."""
    held = advisor._ENGINES.pop(id(KB), None)
    try:
        return advisor.advise(KB, profile, track)
    finally:
        if held is not None:
            advisor._ENGINES[id(KB)] = held


_WARM = set()


def warm_up(seed=1, n=400):
    """Fill the engine's tables with many profiles, as a cohort does (once per engine and language;
    the examples then add their own)."""
    key = (id(advisor.engine_for(KB)), messages.language())
    if key in _WARM:
        return
    _WARM.add(key)
    rnd = random.Random(seed)
    for _ in range(n):
        advisor.advise(KB, Profile(rnd.choice(ROLES), rnd.randint(0, 12), rnd.choice([None, "small", "product"]),
                                   "auto", tuple(rnd.sample(INTERESTS, 2)),
                                   {s: rnd.randint(0, 3) for s in rnd.sample(SKILLS, 2)}))


@CI
@given(profiles, st.sampled_from(["en", "zh"]))
def test_advice_from_kept_pieces_is_the_plain_computation(profile, lang):
    messages.set_language(lang)
    try:
        warm_up()
        kept = advisor.advise(KB, profile)
        again = advisor.advise(KB, profile)  # now every piece is found in the tables
        plain = fresh(profile)
        expected = json.dumps(results.advise(KB, plain, True), ensure_ascii=False)
        assert json.dumps(results.advise(KB, kept, True), ensure_ascii=False) == expected
        assert json.dumps(results.advise(KB, again, True), ensure_ascii=False) == expected
    finally:
        messages.set_language("en")


def test_a_chosen_track_is_planned_for_with_kept_pieces():
    warm_up()
    for role in ("content-operation", "user-operation", "sem"):
        profile = Profile("seo", 3, None, "any", ("writing",), {"copywriting": 2})
        kept = advisor.advise(KB, profile, role)
        assert kept.plan_track == role
        assert results.advise(KB, kept) == results.advise(KB, fresh(profile, role))


def _help_most_in_full(profile):
    """help_most as it was written before the kept scores: every affected candidate re-scored."""
    from promo_ops import scoring
    from promo_ops.facts import STATED_PREFIX
    from promo_ops.rules import holds

    advice = fresh(profile)
    recs, levels, outcomes, engine = advice.recommendations, advice.levels, advice.outcomes, advisor.engine_for(KB)
    before = recs[0].score
    by_id = {r.role.id: r for r in recs}
    order = [r.role.id for r in recs]
    short = {}
    for r in recs:
        for c in r.to_learn:
            short.setdefault(c.skill, []).append(r.role.id)
    best = None
    for sid in sorted(set(short) | set(engine.rules_by_skill)):
        level = levels[sid]
        if level >= 3:
            continue
        affected = set(short.get(sid, ()))
        trial = dict(advice.facts, **{f"skill.{sid}": level + 1, STATED_PREFIX + sid: level + 1})
        flips = [(i, not outcomes[i].fired) for i in engine.rules_by_skill.get(sid, ())
                 if holds(outcomes[i].rule.when, trial) != outcomes[i].fired]
        for i, _now in flips:
            for e in outcomes[i].rule.effects:
                if e.kind == "score":
                    affected.update(t for t in e.tracks if t in by_id)
                    affected.update(r.role.id for r in recs if r.role.family == e.family)
        if not affected:
            continue
        new = {}
        for rid in affected:
            rec = by_id[rid]
            deltas = dict(rec.deltas)
            for i, now in flips:
                change = sum(e.delta for e in outcomes[i].rule.effects if e.kind == "score"
                             and (rid in e.tracks or e.family == rec.role.family))
                deltas[i] = deltas.get(i, 0.0) + (change if now else -change)
            num, total = rec.parts
            need = engine.needs[rid].get(sid)
            if need is not None and need.level > level:
                num += (scoring.need_sixths(need.importance, need.level, level + 1)
                        - scoring.need_sixths(need.importance, need.level, level))
            new[rid] = advisor._clamp(scoring.ratio(num, total), sum(deltas.values()))
        top_id, top = next(((rid, by_id[rid].score) for rid in order if rid not in affected), (None, -1.0))
        for rid in sorted(new):
            if new[rid] > top or (new[rid] == top and top_id is not None and rid < top_id):
                top_id, top = rid, new[rid]
        gain = round(top - before, 4)
        if gain > 0 and (best is None or gain > best[0]):
            best = (gain, sid, top_id, top)
    return best


def _same_help(profile):
    fast = advisor.advise(KB, profile).help_most
    slow = _help_most_in_full(profile)
    if slow is None:
        assert fast is None
    else:
        assert (fast["gain"], fast["skill"], fast["best_track"], fast["score_after"]) == slow
    return slow


@CI
@given(profiles)
def test_help_most_from_kept_scores_is_the_full_re_scoring(profile):
    warm_up()
    _same_help(profile)


def test_help_most_from_kept_scores_on_a_cohort_with_ties_and_flips():
    """Many profiles in a row (as a cohort: kept scores reused), including skills whose raising ties
    two candidates and skills whose raising flips a rule."""
    warm_up()
    rnd = random.Random(12)
    found = set()
    for _ in range(1500):
        profile = Profile(rnd.choice(ROLES), rnd.randint(0, 12), None, rnd.choice(["auto", "any", "operation"]),
                          tuple(rnd.sample(INTERESTS, rnd.randint(0, 3))),
                          {s: rnd.randint(0, 3) for s in rnd.sample(SKILLS, rnd.randint(0, 5))})
        slow = _same_help(profile)
        if slow is not None:
            engine = advisor.engine_for(KB)
            advice = advisor.advise(KB, profile)
            raised = [engine.raises(r)[1].get(slow[1]) for r in advice.recommendations]
            if raised.count(slow[3]) > 1:
                found.add("tie")
            if engine.all_flips(advice.levels, advice.facts, advice.outcomes).get(slow[1]):
                found.add("flip")
    assert found == {"tie", "flip"}


@CI
@given(profiles, st.sampled_from(["en", "zh"]), st.integers(1, 10**6))
def test_a_cohort_line_is_the_advise_object_with_its_line_number(profile, lang, number):
    messages.set_language(lang)
    try:
        encoder = results.CohortEncoder(KB)
        warm_up()
        advice = advisor.advise(KB, profile)
        expected = results.advise(KB, fresh(profile))
        expected = {**{k: expected[k] for k in ("schema_version", "command", "lang")}, "line": number,
                    **{k: v for k, v in expected.items() if k not in ("schema_version", "command", "lang")}}
        text = json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        assert encoder.head_bytes(number) + encoder.rest(advice) == text
        assert encoder.head_bytes(number) + encoder.rest(advisor.advise(KB, profile)) == text  # parts found
    finally:
        messages.set_language("en")


values = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 70), st.floats(0, 4), st.text(max_size=6),
    st.sampled_from(ROLES + SKILLS + INTERESTS + ["auto", "any", "small", "big", "SEM", "文案", "运营", "写作",
                                                  "no-growth", "writing,people", "copywriting=2", "3"]),
    st.lists(st.sampled_from(INTERESTS + ["no-growth", "tiring", "写作", "Writing", "a b", ""]) | st.integers(0, 3),
             max_size=4),
    st.dictionaries(st.sampled_from(SKILLS + ["文案", "Copywriting", "nope"]),
                    st.integers(-1, 5) | st.sampled_from(["2", "working", True, 2.0]), max_size=3),
)
rows = st.dictionaries(st.sampled_from(list(questions.ANSWER_KEYS) + ["role", "skils"]), values, max_size=7)


@settings(max_examples=800, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_exact_rows_read_without_the_validator_give_the_validators_profile(data):
    answers = batch.Answers(KB)
    fast = answers.profile(data)
    if fast is None:
        return  # the validator's own path, as before
    assert batch.row_problems(KB, data, {}) == []
    assert repr(fast) == repr(questions.resolve(KB, {}, data, file_name="rows.jsonl:1"))  # dicts in order too


def test_exact_rows_of_a_survey_export_take_the_fast_path_and_agree():
    answers = batch.Answers(KB)
    rnd = random.Random(9)
    for _ in range(500):
        data = {"current_role": rnd.choice(ROLES), "years": rnd.randint(0, 60),
                "company_type": rnd.choice(["product", "marketing", "small", "big", None]),
                "target": rnd.choice(["auto", "any", "operation", "promotion"]),
                "interests": rnd.sample(["writing", "people", "product", "events", "selling"], rnd.randint(0, 4)),
                "motives": rnd.sample(["no-growth", "tiring"], rnd.randint(0, 2)),
                "skills": {s: rnd.randint(0, 3) for s in rnd.sample(SKILLS, rnd.randint(0, 4))}}
        data = dict(rnd.sample(list(data.items()), rnd.randint(1, 7)))
        data.setdefault("current_role", "sem")
        fast = answers.profile(data)
        assert fast is not None, data
        assert repr(fast) == repr(questions.resolve(KB, {}, data, file_name="rows.jsonl:1"))


def test_the_fast_path_takes_the_common_row_and_leaves_the_rest():
    answers = batch.Answers(KB)
    common = {"current_role": "sem", "years": 3, "company_type": "small", "interests": ["people", "writing", "people"],
              "skills": {"prototyping": 1, "copywriting": 2}}
    profile = answers.profile(common)
    assert profile == questions.resolve(KB, {}, common)
    assert profile.interests == ("writing", "people") and list(profile.skills) == ["copywriting", "prototyping"]
    for odd in ({"current_role": "SEM"}, {"current_role": "sem", "years": True}, {"current_role": "sem", "years": "3"},
                {"current_role": "sem", "years": 61}, {"current_role": "sem", "interests": "writing"},
                {"current_role": "sem", "skills": {"copywriting": 4}}, {"current_role": "sem", "skils": {}},
                {"years": 2}, {"current_role": "sem", "skills": {"文案": 2}}):
        assert answers.profile(odd) is None, odd


def test_every_table_stays_bounded_on_a_cohort_with_no_repeats(monkeypatch):
    monkeypatch.setattr(advisor.Engine, "LIMIT", 40)
    monkeypatch.setattr(advisor.Engine, "MEMO_LIMIT", 25)
    monkeypatch.setattr(results.CohortEncoder, "LIMIT", 30)
    monkeypatch.setattr(results.CohortEncoder, "SHARED_LIMIT", 30)
    rnd = random.Random(4)
    seen, lines = set(), []
    while len(lines) < 600:
        row = json.dumps({"current_role": rnd.choice(ROLES), "years": rnd.randint(0, 40),
                          "interests": rnd.sample(INTERESTS, 2),
                          "skills": {s: rnd.randint(0, 3) for s in rnd.sample(SKILLS, 3)}})
        if row not in seen:
            seen.add(row)
            lines.append(row)
    kb = knowledge.load(knowledge.builtin_path(), use_cache=False)
    advisor._ENGINES.pop(id(kb), None)  # an engine of its own, with empty tables
    work = batch.Work(kb, "rows.jsonl", dict, 0)
    engine = advisor.engine_for(kb)
    peak = {}
    for number, line in enumerate(lines, 1):
        work.line(*batch.jsonl_row(number, line))
        sizes = {kind: len(table) for kind, table in engine.memo.items()}
        sizes.update(recommendations=len(engine.recommendations), raised=len(engine.raised),
                     parts=len(work.encoder.parts), shared=len(work.encoder.by_id))
        for kind, size in sizes.items():
            peak[kind] = max(peak.get(kind, 0), size)
    assert all(peak[kind] <= 25 for kind in engine.memo), peak
    assert peak["recommendations"] <= 40 and peak["raised"] <= 40, peak
    assert peak["parts"] <= 31 and peak["shared"] <= 31, peak
    assert peak["rank"] == 25 and peak["parts"] == 31  # the bounds were reached: the tables did fill


FACT_NAMES = ["years", "current_family", "interests", "skill.copywriting", "stated.skill.copywriting"]
fact_value = st.none() | st.integers(-2, 5) | st.sampled_from(["promotion", "operation", "any", ""]) | \
    st.lists(st.sampled_from(["writing", "people", "product"]), max_size=3).map(tuple)
tests_ = st.builds(
    lambda fact, op, value: rules.Condition("test", fact=fact, op=op, value=value),
    st.sampled_from(FACT_NAMES), st.sampled_from(sorted(rules.OPERATORS)),
    st.integers(-1, 4) | st.sampled_from(["promotion", "writing", "any"]) |
    st.lists(st.sampled_from(["promotion", "operation", "writing", "people"]), min_size=1, max_size=3).map(tuple))
conditions = st.recursive(tests_, lambda inner: st.one_of(
    st.builds(lambda c: rules.Condition("not", (c,)), inner),
    st.builds(lambda kind, cs: rules.Condition(kind, tuple(cs)), st.sampled_from(["all", "any"]),
              st.lists(inner, min_size=1, max_size=3))), max_leaves=8)


def _holds_or_error(cond, facts):
    try:
        return rules.holds(cond, facts)
    except TypeError:
        return TypeError


@settings(max_examples=600, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(conditions, min_size=1, max_size=4), st.dictionaries(st.sampled_from(FACT_NAMES), fact_value))
def test_compiled_conditions_hold_as_the_walk_says(conds, facts):
    """Including comparisons a checked knowledge base never makes (a number against text): the
    compiled function fails where the walk fails."""
    compiled = rules.compile_all(conds)
    expected = [_holds_or_error(c, facts) for c in conds]
    if TypeError in expected:
        try:
            got = compiled(facts)
        except TypeError:
            return
        assert all(g == e for g, e in zip(got, expected) if e is not TypeError)
        return
    got = compiled(facts)
    assert list(got) == expected and all(type(x) is bool for x in got)


def test_the_knowledge_bases_rules_compiled_fire_as_walked():
    every = rules.compile_all([r.when for r in KB.rules])
    rnd = random.Random(2)
    from promo_ops.facts import effective_skills, values

    for _ in range(300):
        profile = Profile(rnd.choice(ROLES), rnd.randint(0, 12), rnd.choice([None, "small", "big", "product"]),
                          rnd.choice(["auto", "any", "operation", "promotion"]), tuple(rnd.sample(INTERESTS, 2)),
                          {s: rnd.randint(0, 3) for s in rnd.sample(SKILLS, 3)}, tuple(rnd.sample(["tiring", "no-growth"], 1)))
        facts = values(KB, profile, effective_skills(KB, profile))
        assert every(facts) == tuple(rules.holds(r.when, facts) for r in KB.rules)


json_rows = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(10 ** 19, 10 ** 21) | st.floats(allow_nan=True) |
    st.text(max_size=8) | st.sampled_from(ROLES + SKILLS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(list(questions.ANSWER_KEYS) + ["x"]), inner, max_size=4), max_leaves=10)


@settings(max_examples=800, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(json_rows, st.sampled_from(["plain", "compact", "spaced", "duplicate", "cut", "deep", "long"]))
def test_a_row_read_the_quick_way_is_the_row_read_in_full(value, how):
    line = json.dumps(value, separators=(",", ":") if how == "compact" else None, ensure_ascii=how == "plain")
    if how == "spaced":
        line = "  " + line.replace(":", " : ") + "\t"
    elif how == "duplicate" and line.startswith("{") and line != "{}":
        line = line[:-1] + ', "current_role": "sem", "current_role": "seo"}'
    elif how == "cut":
        line = line[:-1]
    elif how == "deep":
        line = "[" * 70 + line + "]" * 70
    elif how == "long":
        line = '{"years": ' + "9" * 25 + ', "current_role": "sem"}'
    assert repr(batch.jsonl_row(7, line)) == repr(batch._full_row(7, line))  # repr: NaN is not equal to itself


def test_rows_with_the_same_role_go_to_one_worker_while_the_shares_stay_even():
    from promo_ops import parallel

    rnd = random.Random(6)
    for jobs in (2, 3):
        keys = [[rnd.choice(ROLES[:10]) for _ in range(200)] for _ in range(60)]
        shares = parallel.assign(keys, jobs)
        assert [len(s) for s in shares] == [len(k) for k in keys]
        takers = {}
        for chunk, share in zip(keys, shares):
            for key, k in zip(chunk, share):
                takers.setdefault(key, set()).add(k)
        whole = [key for key, ks in takers.items() if len(ks) == 1]
        assert len(whole) >= 8, takers  # most roles stay with one worker (one or two may be dealt out)
        loads = [sum(s.count(k) for s in shares) for k in range(jobs)]
        assert max(loads) <= 1.1 * sum(loads) / jobs, loads
    # one role for most rows: its rows are dealt out in turn, and the shares stay even
    keys = [["sem"] * 180 + ["seo"] * 20 for _ in range(50)]
    shares = parallel.assign(keys, 2)
    loads = [sum(s.count(k) for s in shares) for k in range(2)]
    assert abs(loads[0] - loads[1]) <= 0.05 * sum(loads), loads
    assert parallel.assign(keys, 2) == shares  # the same rows, the same shares


def test_a_line_role_is_found_without_parsing_and_anything_else_is_a_key_too():
    assert batch._line_role((1, '{"years": 3, "current_role" : "sem", "skills": {}}')) == '"sem'
    assert batch._line_role((1, '{"current_role":"内容运营"}')) == '"内容运营'
    assert batch._line_role((1, "not json")) is None
    batch._line_role((1, '{"current_role"'))  # any key is correct; none raises
