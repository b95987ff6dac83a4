"""The built-in knowledge base: complete, faithful to the seed, and loaded strictly."""

from __future__ import annotations

import re

import pytest

from conftest import SEED, run, validate
from promo_ops import knowledge
from promo_ops.errors import KnowledgeBaseError

CJK = re.compile(r"[\u4e00-\u9fff]")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _sources(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                yield path, value
            else:
                yield from _sources(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _sources(value, path + (i,))


def test_required_ids_exist(kb):
    assert set(kb.families) == {"promotion", "operation"}
    promotion = {"seo", "sem", "feed-ads", "offline-promotion", "traditional-media", "new-media-promotion",
                 "app-promotion", "ecommerce-ads"}
    tracks = {"content-operation", "user-operation", "activity-operation", "product-operation"}
    posts = {"community-operation", "new-media-operation", "app-promotion-operation", "traffic-operation",
             "ecommerce-operation", "advertising-operation", "editor"}
    assert {r.id for r in kb.roles.values() if r.kind == "role" and r.family == "promotion"} == promotion
    assert {r.id for r in kb.roles.values() if r.kind == "track"} == tracks
    assert {r.id for r in kb.roles.values() if r.kind == "post"} == posts
    assert all(kb.roles[t].family == "operation" for t in tracks | posts)
    skills = {"copywriting", "search-optimization", "paid-search-bidding", "feed-ad-optimization",
              "channel-selection", "data-analysis", "budget-management", "content-planning", "user-research",
              "product-understanding", "user-thinking", "community-management", "event-planning", "prototyping",
              "mind-mapping", "product-documentation", "personal-branding"}
    assert skills <= set(kb.skills)
    assert "money-calendar" in kb.cases


def test_every_entry_is_named_in_english_and_chinese(kb):
    entries = [*kb.families.values(), *kb.roles.values(), *kb.skills.values(), *kb.cases.values()]
    for entry in entries:
        assert entry.name and not CJK.search(entry.name.replace("'", "")) or entry.id == "money-calendar", entry.id
        assert CJK.search(entry.name_zh), f"{entry.id}: name_zh {entry.name_zh!r} has no Chinese"


def test_every_source_is_a_quote_from_the_seed(kb_data):
    seed = _norm(SEED.read_text(encoding="utf-8"))
    quotes = list(_sources(kb_data))
    assert len(quotes) > 60
    for path, source in quotes:
        for part in source.split(" ... "):
            assert _norm(part) in seed, f"{path}: {part!r} is not in the seed article"


def test_roles_list_scored_skills(kb):
    for role in kb.roles.values():
        assert role.skills, role.id
        for need in role.skills:
            assert 1 <= need.importance <= 3 and 1 <= need.level <= 3


def test_skills_have_exercises_and_the_seeds_own(kb):
    for skill in kb.skills.values():
        assert skill.description and skill.exercises, skill.id
    seeds_own = {
        "copywriting": "Write your own ad copy",
        "prototyping": "Draw product prototypes",
        "mind-mapping": "Use mind maps",
        "product-documentation": "Write product documents",
        "community-management": "Run a paid group",
        "personal-branding": "Sell yourself first",
    }
    for sid, start in seeds_own.items():
        assert any(e.text.startswith(start) and e.source for e in kb.skills[sid].exercises), sid


def test_every_skill_has_described_levels_in_both_languages(kb):
    cjk = re.compile("[\u4e00-\u9fff]")
    for skill in kb.skills.values():
        assert sorted(skill.levels) == [1, 2, 3], skill.id
        texts = [skill.levels[n] for n in (1, 2, 3)]
        for n, text in zip((1, 2, 3), texts):
            assert text.en.strip() and text.en[0].isupper() and text.en.endswith("."), (skill.id, n, text.en)
            assert cjk.search(text.zh) and text.zh.endswith("。"), (skill.id, n, text.zh)
        # Always promo-ops' reading, with what it rests on.
        assert skill.levels_why.startswith("The article"), skill.id
        # Three different steps, not one sentence repeated.
        assert len({t.en for t in texts}) == 3 and len({t.zh for t in texts}) == 3, skill.id


def test_described_levels_speak_the_fields_terms(kb):
    """The Chinese a practitioner would write: the tools and channel names of the glossary."""
    zh = {sid: " ".join(s.levels[n].zh for n in (1, 2, 3)) for sid, s in kb.skills.items()}
    assert "竞价" in zh["paid-search-bidding"] and "直通车" in zh["paid-search-bidding"]
    assert "信息流" in zh["feed-ad-optimization"]
    assert "墨刀" in zh["prototyping"] and "Axure" in zh["prototyping"]
    assert "PRD" in zh["product-documentation"] and "XMind" in zh["mind-mapping"]
    assert "外链" in zh["search-optimization"] and "红包" in zh["community-management"]
    assert "through train" not in " ".join(s.levels[n].en for s in kb.skills.values() for n in (1, 2, 3))


def test_families_and_their_classifications(kb):
    promo, op = kb.families["promotion"], kb.families["operation"]
    assert "advertising" in promo.definition.text
    assert "connection" in op.definition.text
    assert [c.id for c in promo.classifications] == ["online-offline", "free-paid", "traditional-new-media"]
    assert [c.id for c in op.classifications] == ["by-function", "by-post"]
    paid = next(c for c in promo.classifications if c.id == "free-paid").classes[1]
    assert any("SEM" in e for e in paid.examples)
    assert any("直通车" in e for e in paid.examples)
    assert any("splash" in e for e in paid.examples)
    free = next(c for c in promo.classifications if c.id == "free-paid").classes[0]
    assert "SEO" in free.examples
    functions = next(c for c in op.classifications if c.id == "by-function")
    assert [r.role for c in functions.classes for r in c.roles] == [
        "content-operation", "user-operation", "activity-operation", "product-operation"]
    posts = next(c for c in op.classifications if c.id == "by-post")
    assert len(posts.classes) == 7 and posts.note is not None
    by_post = {c.id: [r.role for r in c.roles] for c in posts.classes}
    # The article lists APP推广运营 among operation posts: it maps to an operation post, not a promotion role.
    assert [kb.roles[r].family for r in by_post["app-promotion-operation"]] == ["operation"]
    # Traditional promotion is subway, newspaper and radio advertising, not street promotion (地推).
    old_new = next(c for c in promo.classifications if c.id == "traditional-new-media")
    assert [r.role for r in old_new.classes[0].roles] == ["traditional-media"]
    # Offline promotion is 线下推广; 地推 (street promotion, one part of it) is only what people type for it.
    assert kb.roles["offline-promotion"].name_zh == "线下推广"
    assert "地推" in kb.roles["offline-promotion"].aliases


def test_comparison_holds_every_difference_and_similarity(kb):
    comp = kb.comparison
    aspects = {a.aspect: a for a in comp.differences}
    assert {"definition", "goal", "classification", "work", "pay-by-company", "entry-pay", "senior-pay"} <= set(aspects)
    assert "website" in aspects["goal"].left.text and "website" in aspects["goal"].right.text
    pay = aspects["pay-by-company"]
    assert "marketing company" in pay.left.text and "product-oriented" in pay.right.text
    assert "3,000-5,000" in aspects["entry-pay"].left.text and "3,000-5,000" in aspects["entry-pay"].right.text
    assert "good operation" in aspects["senior-pay"].right.text
    # The pay rows say no more than the article: no "paid well", "valued" or small-company words.
    for aspect in ("pay-by-company", "entry-pay", "senior-pay"):
        for cell in (aspects[aspect].left, aspects[aspect].right):
            assert cell.basis == "article", aspect
            for added in ("paid well", "valued", "small company"):
                assert added not in cell.text, (aspect, added)
    sims = {s.id for s in comp.similarities}
    assert {"same-products", "acquisition-is-promotion", "promotion-needs-user-thinking"} <= sims


def test_transitions_both_ways_with_the_seeds_advice(kb):
    by_id = {t.id: t for t in kb.transitions}
    assert [x.skill for x in by_id["promotion-to-content-operation"].transfers] == ["copywriting"]
    product = by_id["promotion-to-product-operation"].practise_first
    assert [x.skill for x in product] == ["prototyping", "mind-mapping", "product-documentation"]
    assert all(x.basis == "article" for x in product)
    # The article says community operation *is* user operation, not a step on the way to it.
    same = by_id["promotion-to-user-operation"].same_work
    assert [w.role for w in same] == ["community-operation"]
    assert "you can also understand them as community operations" in same[0].source
    back = by_id["operation-to-promotion"]
    advice = " ".join(a.text for a in back.advice)
    for claim in ("small companies", "sell yourself first", "personal brand", "Don't wait for users"):
        assert claim.lower() in advice.lower(), claim


def test_money_calendar_case(kb):
    case = kb.cases["money-calendar"]
    functions = [f for step in case.steps for f in step.functions]
    assert functions.index("activity-operation") < functions.index("user-operation")
    assert "content-operation" in functions and "new-media-promotion" in functions
    assert len(case.aims) == 3


def test_builtin_kb_matches_its_json_schema(kb_data):
    data = dict(kb_data)
    data["levels"] = {str(k): v for k, v in data["levels"].items()}  # JSON object keys are text
    data["levels_zh"] = {str(k): v for k, v in data["levels_zh"].items()}
    data["skills"] = [{**s, "levels": {str(k): v for k, v in s["levels"].items()}} for s in data["skills"]]
    validate(data, "kb")
    broken = [dict(s) for s in data["skills"]]
    broken[0]["levels"] = {k: v for k, v in broken[0]["levels"].items() if k != "3"}
    with pytest.raises(Exception, match="'3' is a required property"):
        validate({**data, "skills": broken}, "kb")


def test_schema_files_are_current():
    import subprocess
    import sys
    from conftest import ROOT

    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "make_schemas.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# --- broken knowledge bases: each gives exit 3 and says what and where ------------------------

def _set(path, value):
    def change(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


def _delete(path):
    def change(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return change


def _append(path, value):
    def change(data):
        node = data
        for key in path:
            node = node[key]
        node.append(value)
    return change


BROKEN = [
    ("unknown skill in role", _set(("roles", 0, "skills", 0, "skill"), "copywritting"),
     "unknown skill 'copywritting' (did you mean 'copywriting'?)"),
    ("unknown family", _set(("roles", 1, "family"), "promotions"), "unknown family 'promotions' (did you mean 'promotion'?)"),
    ("importance out of range", _set(("roles", 0, "skills", 0, "importance"), 4), "4 is out of range; expected 1 to 3"),
    ("level out of range", _set(("roles", 0, "skills", 0, "level"), 0), "0 is out of range; expected 1 to 3"),
    ("level wrong type", _set(("roles", 0, "skills", 0, "level"), "high"), "expected a whole number from 1 to 3, got 'high'"),
    ("missing name_zh", _delete(("skills", 0, "name_zh")), "skill is missing required key 'name_zh'"),
    ("unknown key", _set(("skills", 0, "descripton"), "x"), "unknown key 'descripton' in skill (did you mean 'description'?)"),
    ("duplicate role id", _set(("roles", 1, "id"), "seo"), "duplicate role id 'seo'"),
    ("id shared across tables", _set(("skills", 0, "id"), "seo"), "id 'seo' is used by both a role and a skill"),
    ("bad id form", _set(("roles", 0, "id"), "SEO Specialist"), "expected an id in lower case with hyphens"),
    ("prerequisite cycle", _set(("skills", 0, "prerequisites"), [{"skill": "personal-branding", "why": "A loop."}]),
     "prerequisites form a cycle: copywriting -> personal-branding -> copywriting"),
    ("unknown rule fact", _set(("rules", 0, "when"), {"fact": "yeers", "op": "gte", "value": 2}),
     "unknown fact 'yeers' (did you mean 'years'?)"),
    ("unknown operator", _set(("rules", 0, "when"), {"fact": "years", "op": "greater", "value": 2}),
     "unknown operator 'greater'"),
    ("unknown value in rule", _set(("rules", 1, "when"), {"fact": "interests", "op": "contains", "value": "writting"}),
     "'writting' is not a value 'interests' can take (did you mean 'writing'?)"),
    ("numeric op on text", _set(("rules", 1, "when"), {"fact": "company_type", "op": "gt", "value": 1}),
     "'gt' compares numbers, but 'company_type' is not a number"),
    ("unknown track in effect", _set(("rules", 0, "effects", 0, "tracks"), ["content-operations"]),
     "unknown role 'content-operations' (did you mean 'content-operation'?)"),
    ("effect without kind", _set(("rules", 0, "effects", 0), {"scores": 0.1}),
     "an effect needs exactly one of 'score', 'practise', 'note' or 'plan'"),
    ("score out of range", _set(("rules", 0, "effects", 0, "score"), 5), "5 is out of range; expected -1.0 to 1.0"),
    ("unknown transition end", _set(("transitions", 1, "to"), "content-op"), "unknown family or role 'content-op'"),
    ("thresholds out of order", _set(("fit_thresholds",), [{"label": "a", "min": 0.2}, {"label": "b", "min": 0.5}]),
     "fit_thresholds must be listed from the highest minimum down"),
    ("question missing", _set(("questions",), []), "question 'current_role' is missing"),
    ("unknown question", _append(("questions",), {"id": "salary", "type": "integer", "prompt": {"en": "a", "zh": "b"},
                                                  "help": "h"}), "unknown question 'salary'"),
    ("bad question default", _set(("questions", 1, "default"), 99), "default: 99 is out of range; allowed: 0 to 60"),
    ("when uses a later answer", _set(("questions", 1, "when"), {"fact": "interests", "op": "contains", "value": "events"}),
     "'when' may only use answers to earlier questions"),
    ("wrong schema version", _set(("schema_version",), 2), "schema_version must be 1"),
    ("roles not a list", _set(("roles",), {"seo": {}}), "expected a list of roles, got a mapping"),
    ("need without basis", _delete(("roles", 0, "skills", 0, "source")),
     "the need for skill 'search-optimization' has no basis"),
    ("transfer without basis", _set(("transitions", 0, "transfers", 0), "channel-selection"),
     "skill 'channel-selection' is listed without a basis"),
    ("reading without why", _set(("rules", 1, "because", "why"), None),
     "is promo-ops' reading but has no 'why'"),
    ("article item without source", _set(("comparison", "differences", 0, "left"), {"text": "x", "basis": "article"}),
     "comparison cell has basis 'article' but no 'source'"),
    ("score size without why", _delete(("rules", 0, "effects", 0, "why")), "a score effect needs a 'why'"),
    ("score on a post", _set(("rules", 0, "effects", 0, "tracks"), ["editor"]),
     "'editor' is a post: posts are listed under their track and never ranked"),
    ("unused interest", _append(("questions", 4, "choices"), {"value": "data", "label": {"en": "Data", "zh": "数据"}}),
     "interests choice 'data' is tested by no rule"),
    ("class names unknown role", _set(("families", 0, "classifications", 0, "classes", 0, "roles"),
                                      [{"role": "offline", "why": "A mapping."}]),
     "unknown role 'offline'"),
    ("skill description without basis", _delete(("skills", 0, "source")),
     "skills[0]: skill 'copywriting' (its description) has no basis"),
    ("exercise without basis", _delete(("skills", 0, "exercises", 0, "source")),
     "skills[0].exercises[0]: exercise has no basis"),
    ("prerequisite without basis", _set(("skills", 3, "prerequisites"), ["data-analysis"]),
     "skills[3].prerequisites[0]: skill 'data-analysis' is listed without a basis"),
    ("prerequisite reading without why", _set(("skills", 3, "prerequisites"), [{"skill": "data-analysis", "basis": "reading"}]),
     "skills[3].prerequisites[0]: skill 'data-analysis' is promo-ops' reading but has no 'why'"),
    ("class role without basis", _set(("families", 0, "classifications", 0, "classes", 0, "roles"), ["offline-promotion"]),
     "families[0].classifications[0].classes[0].roles[0]: role 'offline-promotion' is listed without a basis"),
    ("class role article without source", _set(("families", 0, "classifications", 0, "classes", 0, "roles"),
                                               [{"role": "offline-promotion", "basis": "article"}]),
     "role 'offline-promotion' has basis 'article' but no 'source'"),
]


@pytest.mark.parametrize("name,change,fragment", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_knowledge_base_exit_3(write_kb, name, change, fragment):
    path = write_kb(change)
    result = run("--kb", path, "roles")
    assert result.code == 3, result.stderr
    assert result.stdout == ""
    assert fragment in result.stderr
    # every problem line says file:line:column
    first = result.stderr.splitlines()[0]
    assert re.match(rf"promo-ops: error: {re.escape(path)}:\d+:\d+: ", first), first
    assert "Traceback" not in result.stderr


def test_kb_validate_reports_every_problem(write_kb):
    def two(data):
        data["roles"][0]["skills"][0]["skill"] = "nope"
        data["skills"][1]["name"] = ""
    path = write_kb(two)
    result = run("kb", "validate", path)
    assert result.code == 3
    problems = [line for line in result.stderr.splitlines() if line.startswith(f"promo-ops: error: {path}:")]
    assert len(problems) == 2
    assert "2 problems" in result.stderr.splitlines()[-1]


def test_kb_validate_json_on_failure(write_kb):
    path = write_kb(_set(("roles", 0, "family"), "promo"))
    result = run("kb", "validate", path, "--json")
    assert result.code == 3
    data = result.json()
    validate(data, "kb-validate")
    assert data["valid"] is False
    assert data["problems"][0]["path"] == "roles[0].family"
    assert data["problems"][0]["line"] > 1


def test_load_errors_are_knowledge_base_errors(write_kb):
    with pytest.raises(KnowledgeBaseError) as info:
        knowledge.load(write_kb(text="roles: [\n"))
    assert info.value.exit_code == 3
    assert "YAML syntax error" in str(info.value.problems[0])


def test_line_numbers_point_at_the_problem(write_kb):
    text = (knowledge.builtin_path() and open(knowledge.builtin_path(), encoding="utf-8").read())
    bad = text.replace("- {skill: search-optimization, importance: 3, level: 3,",
                       "- {skill: search-optimisation, importance: 3, level: 3,", 1)
    line = next(i for i, l in enumerate(bad.splitlines(), 1) if "search-optimisation" in l)
    path = write_kb(text=bad)
    result = run("--kb", path, "kb", "validate")
    assert result.code == 3
    assert f"{path}:{line}:" in result.stderr
    assert "did you mean 'search-optimization'" in result.stderr
