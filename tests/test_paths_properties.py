"""Property-based tests (hypothesis, derandomized) of the route model over the built-in knowledge base."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promo_ops import facts, knowledge, paths, results
from promo_ops.model import Profile

KB = knowledge.load(knowledge.builtin_path(), use_cache=False)
ROLES = sorted(KB.roles)
SKILLS = sorted(KB.skills)
CI = settings(max_examples=200, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])

cases = st.tuples(
    st.sampled_from(ROLES),
    st.sampled_from(ROLES),
    st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 3), max_size=6),
    st.integers(1, 8),
).filter(lambda c: c[0] != c[1])


def find(start, end, skills, limit):
    flags = [f"{k}={v}" for k, v in sorted(skills.items())]
    return results.paths_result(KB, paths.find(KB, start, end, limit, skills=flags))


def start_levels(start, skills):
    return facts.effective_skills(KB, Profile(current_role=start, skills=dict(skills)))


@CI
@given(cases)
def test_no_level_is_learned_twice_and_nothing_is_taught_that_is_had(case):
    start, end, skills, limit = case
    result = find(*case)
    for route in result["paths"]:
        have = dict(start_levels(start, skills))
        for leg in route["legs"]:
            needs = KB.roles[leg["to"]].needs()
            for item in leg["learn"]:
                # taught from exactly where the person stands, only up to what the job needs
                assert item["from"] == have[item["skill"]] < item["to"] == needs[item["skill"]].level
                have[item["skill"]] = item["to"]
            # and every need not taught was already met
            taught = {item["skill"] for item in leg["learn"]}
            assert all(have[s] >= n.level for s, n in needs.items() if s not in taught)
        per_skill = {}
        for leg in route["legs"]:
            for item in leg["learn"]:
                per_skill.setdefault(item["skill"], []).append((item["from"], item["to"]))
        for skill, spans in per_skill.items():
            # the spans of one skill follow on from each other: no level twice
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), (skill, spans)
        total = {x["skill"]: (x["from"], x["to"]) for x in route["learning"]}
        assert total == {s: (spans[0][0], spans[-1][1]) for s, spans in per_skill.items()}
        assert route["levels_learned"] == sum(b - a for a, b in total.values())


@CI
@given(cases)
def test_direct_move_is_listed_and_no_route_learns_less(case):
    result = find(*case)
    direct = [r for r in result["paths"] if r["steps"] == [case[0], case[1]]]
    assert len(direct) == 1 and direct[0]["direct"]
    floor = {x["skill"]: x["to"] for x in direct[0]["learning"]}
    for route in result["paths"]:
        assert route["levels_learned"] >= direct[0]["levels_learned"]
        reached = {x["skill"]: x["to"] for x in route["learning"]}
        assert all(reached.get(s, 0) >= lvl for s, lvl in floor.items())
    assert len(result["paths"]) <= case[3] + 1


def objective(route):
    return (route["cost"], not route["viable"], route["hardest_step"], route["moves"], tuple(route["steps"]))


@CI
@given(cases)
def test_order_follows_the_documented_objective(case):
    result = find(*case)
    routes = result["paths"]
    assert [objective(r) for r in routes] == sorted(objective(r) for r in routes)
    assert [r["rank"] for r in routes] == sorted(r["rank"] for r in routes)
    assert [r["rank"] for r in routes][:case[3]] == list(range(1, min(case[3], len(routes)) + 1))
    change = KB.routes.job_change_cost
    for route in routes:
        assert route["cost"] == sum(leg["cost"] for leg in route["legs"]) == route["learning_cost"] + change * route["moves"]
        assert route["hardest_step"] == max(leg["cost"] for leg in route["legs"])
        assert route["viable"] == all(leg["coverage"] >= KB.routes.viable_coverage for leg in route["legs"])


def brute_force(start, end, skills):
    """Every route of up to three moves through any roles, scored from scratch."""
    need_end = KB.roles[end].needs()
    others = [r for r in ROLES if r not in (start, end)]
    out = []
    for k in range(paths.MAX_STEPS):
        for middle in itertools.permutations(others, k):
            have = dict(start_levels(start, skills))
            steps = [start, *middle, end]
            legs, ok = [], True
            for b in steps[1:]:
                needs = KB.roles[b].skills
                weight = sum(n.importance for n in needs)
                coverage = sum(n.importance * min(have[n.skill], n.level) / n.level for n in needs) / weight
                learn = [(n.skill, have[n.skill], n.level, n.importance) for n in needs if have[n.skill] < n.level]
                if b != end and not any(s in need_end and h < need_end[s].level for s, h, _, _ in learn):
                    ok = False  # a job on the way that teaches nothing the goal needs
                    break
                cost = sum((to - h) * imp for _, h, to, imp in learn) + KB.routes.job_change_cost
                legs.append((cost, round(coverage, 4) >= KB.routes.viable_coverage - 1e-9))
                for s, _, to, _ in learn:
                    have[s] = to
            if ok:
                costs = [c for c, _ in legs]
                out.append((sum(costs), not all(v for _, v in legs), max(costs), len(legs), tuple(steps)))
    return sorted(out)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(cases)
def test_best_routes_equal_a_brute_force_search(case):
    start, end, skills, limit = case
    assert len(ROLES) - 2 <= paths.STONES  # so the search's candidate limit leaves nothing out here
    expected = brute_force(start, end, skills)[:limit]
    got = [objective(r) for r in find(*case)["paths"]][:limit]
    assert got == expected
