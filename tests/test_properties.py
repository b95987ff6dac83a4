"""Property-based tests (hypothesis): whatever comes in, a value or one of our own errors comes out."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promo_ops import advisor, facts, knowledge, questions, results, rules
from promo_ops.fileio import answerfile
from promo_ops.model import Profile
from promo_ops.errors import InputError, KnowledgeBaseError, PromoOpsError

KB = knowledge.load(knowledge.builtin_path(), use_cache=False)
ROLES = sorted(KB.roles)
SKILLS = sorted(KB.skills)
INTERESTS = ["writing", "people", "data", "product", "events", "selling"]
EXAMPLES = 300
CI = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])

profiles = st.builds(
    Profile,
    current_role=st.sampled_from(ROLES),
    years=st.integers(0, 60),
    company_type=st.sampled_from([None, "product", "marketing", "small"]),
    target=st.sampled_from(["auto", "operation", "promotion", "any"]),
    interests=st.lists(st.sampled_from(INTERESTS), unique=True).map(tuple),
    skills=st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 3)),
)


@CI
@given(profiles)
def test_scores_in_range_ordered_and_deterministic(profile):
    first = advisor.advise(KB, profile)
    recs = first.recommendations
    assert all(0.0 <= r.score <= 1.0 and 0.0 <= r.coverage <= 1.0 for r in recs)
    assert [(-r.score, r.role.id) for r in recs] == sorted((-r.score, r.role.id) for r in recs)
    assert all(r.role.id != profile.current_role and r.role.kind != "post" for r in recs)
    again = advisor.advise(KB, profile)
    assert json.dumps(results.advise(KB, first, True)) == json.dumps(results.advise(KB, again, True))


def _brute_force_help(profile):
    """What --skill would show: run advise again with each skill one level up."""
    levels = facts.effective_skills(KB, profile)
    before = advisor.advise(KB, profile).recommendations[0].score
    best = None
    for sid in SKILLS:
        if levels[sid] >= 3:
            continue
        trial = Profile(profile.current_role, profile.years, profile.company_type, profile.target,
                        profile.interests, {**profile.skills, sid: levels[sid] + 1})
        top = advisor.advise(KB, trial).recommendations[0]
        gain = round(top.score - before, 4)
        if gain > 0 and (best is None or gain > best[0]):
            best = (gain, sid, top.role.id, top.score)
    return best


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(profiles)
def test_help_most_equals_re_running_with_each_skill_raised(profile):
    fast = advisor.advise(KB, profile).help_most
    slow = _brute_force_help(profile)
    if slow is None:
        assert fast is None
    else:
        assert fast is not None
        assert (fast["gain"], fast["skill"], fast["best_track"], fast["score_after"]) == slow


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 100) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(ROLES + SKILLS + INTERESTS + ["auto", "small", "copywriting=2"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10) | st.sampled_from(SKILLS),
                                                              inner, max_size=4),
    max_leaves=12,
)
answer_files = st.dictionaries(
    st.sampled_from(list(questions.ANSWER_KEYS) + ["role", "yeras", "skils"]), json_values, max_size=7)


@CI
@given(answer_files)
def test_answers_parser_gives_a_profile_or_an_input_error(data):
    text = json.dumps(data)
    try:
        raw, doc = answerfile.read_answers(text, "<stdin>")
        profile = questions.resolve(KB, {}, raw, file_doc=doc)
    except InputError as exc:
        assert exc.exit_code == 2 and exc.lines() and all(line.strip() for line in exc.lines())
        return
    assert profile.current_role in KB.roles
    assert set(profile.skills) <= set(SKILLS) and all(0 <= v <= 3 for v in profile.skills.values())


@CI
@given(st.text(max_size=300))
def test_loader_on_any_text_gives_a_model_or_a_knowledge_base_error(text):
    try:
        knowledge.parse_and_check(text.encode("utf-8", "surrogatepass"), "fuzz.yaml")
    except KnowledgeBaseError as exc:
        assert exc.exit_code == 3 and exc.problems and all(p.file == "fuzz.yaml" for p in exc.problems)


@CI
@given(json_values)
def test_loader_on_any_structure_gives_a_model_or_a_knowledge_base_error(value):
    text = json.dumps({"schema_version": 1, "fit_thresholds": [{"label": "x", "min": 0}], "families": [],
                       "skills": [], "roles": value, "questions": value})
    try:
        knowledge.parse_and_check(text.encode(), "fuzz.yaml")
    except KnowledgeBaseError as exc:
        assert exc.problems


facts_strategy = st.fixed_dictionaries({
    "current_role": st.sampled_from(ROLES),
    "current_family": st.sampled_from(["promotion", "operation"]),
    "years": st.integers(0, 60),
    "company_type": st.sampled_from([None, "product", "marketing", "small"]),
    "interests": st.lists(st.sampled_from(INTERESTS), unique=True).map(tuple),
    "skill.copywriting": st.integers(0, 3),
})
FACTS = {
    "current_role": rules.FactSpec("str", frozenset(ROLES)),
    "current_family": rules.FactSpec("str", frozenset(["promotion", "operation"])),
    "years": rules.FactSpec("int"),
    "company_type": rules.FactSpec("str", frozenset(["product", "marketing", "small"])),
    "interests": rules.FactSpec("list", frozenset(INTERESTS)),
    "skill.copywriting": rules.FactSpec("int"),
}
raw_tests = st.fixed_dictionaries({
    "fact": st.sampled_from(list(FACTS) + ["yeras", 3]),
    "op": st.sampled_from(list(rules.OPERATORS) + ["greater", None]),
    "value": st.integers(-1, 5) | st.sampled_from(INTERESTS + ROLES[:3] + ["small", "operation"])
    | st.lists(st.sampled_from(INTERESTS + ["small", "product"]), max_size=3),
})
raw_conditions = st.recursive(
    raw_tests,
    lambda inner: st.builds(lambda k, xs: {k: xs if k != "not" else (xs[0] if xs else {})},
                            st.sampled_from(["all", "any", "not"]), st.lists(inner, max_size=3)),
    max_leaves=8,
)


@CI
@given(raw_conditions, facts_strategy)
def test_rule_evaluator_checks_then_agrees_with_its_trace(raw, fact_values):
    problems = []
    cond = rules.parse_condition(raw, ("when",), FACTS, lambda path, msg: problems.append(msg))
    if cond is None:
        assert problems  # refused, and said why
        return
    result, trace = rules.evaluate(cond, fact_values)
    assert isinstance(result, bool) and trace["result"] is result
    assert rules.holds(cond, fact_values) is result


@CI
@given(st.binary(max_size=200))
def test_any_bytes_as_a_knowledge_base(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "kb.yaml"
    path.write_bytes(data)
    try:
        knowledge.load(str(path), use_cache=False)
    except PromoOpsError as exc:
        assert exc.exit_code == 3


# --- the plain-YAML reader agrees with PyYAML, or declines -------------------------------------

_tokens = st.sampled_from(
    ["sem", "copywriting", "copywriting=2", "0", "1", "2", "3", "-1", "07", "1_0", "2.5", "yes", "No", "on", "null",
     "~", "Null", "y", "x:y", "'sem'", '"sem"', "&a", "*a", "!!str", "[]", "{}", "#", "a b", "-", "", " ", "sem ",
     "current_role", "skills", "interests", "1e3", "0x1f", "true", "OFF", "é"])
_values = st.one_of(
    _tokens,
    st.lists(_tokens, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.lists(st.tuples(_tokens, _tokens), max_size=3).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
)
_lines = st.one_of(
    st.tuples(_tokens, _values).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.tuples(_tokens, st.sampled_from(["", " ", "  "])).map(lambda kv: f"{kv[0]}:{kv[1]}"),
    st.tuples(st.sampled_from(["", "  ", "   ", "\t"]), _tokens).map(lambda kv: f"{kv[0]}- {kv[1]}"),
    st.tuples(st.sampled_from(["  ", "    ", " "]), _tokens, _tokens).map(lambda kv: f"{kv[0]}{kv[1]}: {kv[2]}"),
    st.sampled_from(["# comment", "  # indented comment", "---", "...", "", "sem"]),
)


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(st.lists(_lines, max_size=8).map("\n".join))
def test_plain_yaml_reader_agrees_with_pyyaml_or_declines(text):
    import yaml

    from promo_ops.fileio import plainyaml

    fast = plainyaml.parse(text)
    if fast is None:
        return
    assert fast == yaml.safe_load(text), text


@CI
@given(answer_files)
def test_saved_answers_are_read_without_pyyaml(data):
    from promo_ops.fileio import plainyaml

    try:
        raw, doc = answerfile.read_answers(json.dumps(data), "<stdin>")
        profile = questions.resolve(KB, {}, raw, file_doc=doc)
    except InputError:
        return
    text, _ = answerfile.dump(profile, "me.yaml")
    assert plainyaml.parse(text) == answerfile.parse_answers(text, "me.yaml").data
    import yaml

    assert plainyaml.parse(text) == yaml.safe_load(text)


def _builtin_data():
    import yaml

    with open(knowledge.builtin_path(), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


BUILTIN_DATA = _builtin_data()


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_one_change_to_the_real_knowledge_base_loads_or_is_reported(data):
    """Replace one value anywhere in data/roles.yaml with anything: a model or a KnowledgeBaseError."""
    import copy

    kb_data = copy.deepcopy(BUILTIN_DATA)
    node, path = kb_data, []
    while isinstance(node, (dict, list)) and node:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = data.draw(st.sampled_from(keys))
        path.append(key)
        if not isinstance(node[key], (dict, list)) or data.draw(st.booleans()):
            break
        node = node[key]
    if not path:
        return
    parent = kb_data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(json_values)
    text = json.dumps(kb_data, ensure_ascii=False)
    try:
        knowledge.parse_and_check(text.encode("utf-8", "surrogatepass"), "changed.json")
    except KnowledgeBaseError as exc:
        assert exc.problems
