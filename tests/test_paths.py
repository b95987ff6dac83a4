"""paths: the route model on a hand-made knowledge base, the seed's own pairs, every output form, bad input."""

from __future__ import annotations

import copy
import json
import re

import pytest
import yaml

from conftest import SEED, run, validate
from diagrams import check_dot, check_mermaid


def tiny_kb(kb_data):
    """Six roles over four skills, where the best routes are known by hand.

    Job change costs 2; a move is viable from 50% coverage. a (promotion) has
    x 3. The goal d needs x, y, z at 3 (importance 3 each), so a covers 3/9 of
    it: the direct move is not viable and costs 9 + 9 + 2 = 20.
    b needs x, y at 3 (importance 1): a covers half of it (viable), learns y
    0→3 for 3 + 2 = 5, and then covers 6/9 of d, learning z for 9 + 2 = 11:
    a → b → d costs 16, every move viable. c needs z at 3 (importance 3): a
    covers none of it, learns z for 9 + 2 = 11, then y at d for 9 + 2: a → c →
    d costs 22, not viable. a → b → c → d costs 5 + 11 + 2 and a → c → b → d
    11 + 5 + 2, both 18 (the last move learns nothing new), not viable; equal on
    cost, viability, hardest step and moves, they go by id. e needs only w,
    which d does not need: never on a route. f needs x 1 and w: it shares a
    skill with d but teaches nothing d needs, so it is no detour.
    Best first, by cost: a-b-d 16 (viable), a-b-c-d 18, a-c-b-d 18, a-d 20, a-c-d 22.
    """
    def role(rid, family, kind, needs):
        return {"id": rid, "family": family, "kind": kind, "name": f"Role {rid.upper()}",
                "name_zh": f"角色{rid}", "summary": "s", "summary_zh": "概述",
                "skills": [{"skill": s, "importance": imp, "level": lvl, "why": "w", "why_zh": "因为"}
                           for s, imp, lvl in needs]}

    return {
        "schema_version": 1,
        "fit_thresholds": [{"label": "any", "label_zh": "都行", "min": 0}],
        "routes": {"job_change_cost": 2, "viable_coverage": 0.5},
        "families": [
            {"id": fid, "name": fid.title(), "name_zh": zh,
             **{k: {"text": "t", "text_zh": "文", "source": "s"} for k in ("definition", "goal", "focus")},
             "classifications": []}
            for fid, zh in (("promotion", "推广"), ("operation", "运营"))
        ],
        "skills": [{"id": s, "name": s.upper(), "name_zh": f"技能{s}", "description": "d", "description_zh": "描述",
                    "why": "w", "why_zh": "因为",
                    "exercises": [{"text": "practise", "text_zh": "练习", "why": "w", "why_zh": "因为"}],
                    "levels": {"why": "w", "why_zh": "因为", **{n: {"en": "e", "zh": "中"} for n in (1, 2, 3)}}}
                   for s in ("x", "y", "z", "w")],
        "roles": [
            role("a", "promotion", "role", [("x", 3, 3)]),
            role("b", "operation", "post", [("x", 1, 3), ("y", 1, 3)]),
            role("c", "operation", "track", [("z", 3, 3)]),
            role("d", "operation", "track", [("x", 3, 3), ("y", 3, 3), ("z", 3, 3)]),
            role("e", "operation", "track", [("w", 3, 3)]),
            role("f", "promotion", "role", [("x", 1, 1), ("w", 1, 1)]),
        ],
        "transitions": [{
            "id": "promotion-to-d", "from": "promotion", "to": "d", "verdict": "yes", "verdict_zh": "可以",
            "summary": "s", "summary_zh": "概述", "why": "w", "why_zh": "因为",
            "advice": [{"text": "You can move to d.", "text_zh": "可以转到 d。", "source": "Quote about d."}],
            "same_work": [{"role": "b", "text": "B's work is d's work.", "text_zh": "B 的工作就是 d 的工作。",
                           "source": "Quote about b."}],
        }],
        # Every interest asked must change something: one, with a rule that uses it.
        "questions": [dict(q, choices=q["choices"][:1]) if q["id"] == "interests" else q
                      for q in copy.deepcopy(kb_data["questions"]) if q["id"] != "motives"],
        "rules": [{"id": "r", "when": {"fact": "interests", "op": "contains", "value": "writing"},
                   "effects": [{"note": "n", "note_zh": "注", "why": "w", "why_zh": "因为"}],
                   "because": {"text": "t", "text_zh": "文", "why": "w", "why_zh": "因为"}}],
    }


@pytest.fixture
def tiny(tmp_path, kb_data):
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(tiny_kb(kb_data), allow_unicode=True))
    return str(path)


def paths_json(*argv):
    result = run(*argv, "--json")
    assert result.code == 0, result.stderr
    data = result.json()
    validate(data, "paths")
    return data


def summary(data):
    return [(p["rank"], "-".join(p["steps"]), p["cost"], p["viable"]) for p in data["paths"]]


# --- the model, on a knowledge base worked out by hand -----------------------------------------

def test_tiny_known_best_routes_json(tiny):
    data = paths_json("--kb", tiny, "paths", "a", "d", "--max", "50")
    assert summary(data) == [(1, "a-b-d", 16, True), (2, "a-b-c-d", 18, False), (3, "a-c-b-d", 18, False),
                             (4, "a-d", 20, False), (5, "a-c-d", 22, False)]
    best = data["paths"][0]
    assert best["legs"] == [
        {"from": "a", "to": "b", "coverage": 0.5, "viable": True, "learning_cost": 3, "cost": 5,
         "learn": [{"skill": "y", "from": 0, "to": 3, "importance": 1}]},
        {"from": "b", "to": "d", "coverage": 0.6667, "viable": True, "learning_cost": 9, "cost": 11,
         "learn": [{"skill": "z", "from": 0, "to": 3, "importance": 3}]},
    ]
    assert best["learning"] == [{"skill": "y", "from": 0, "to": 3}, {"skill": "z", "from": 0, "to": 3}]
    assert (best["levels_learned"], best["hardest_step"], best["moves"]) == (6, 11, 2)
    assert best["learn"] == [["y"], ["z"]]
    # b is d's work, says the knowledge base's (made-up) article: that quote is the route's basis
    assert {"basis": "article", "role": "b", "transition": "promotion-to-d",
            "text": "B's work is d's work.", "source": "Quote about b."} in best["basis"]
    direct = data["paths"][3]
    assert direct["direct"] and direct["article_move"] and not best["article_move"]
    assert direct["basis"][0] == {"basis": "article", "step": 1, "transition": "promotion-to-d",
                                  "text": "You can move to d.", "source": "Quote about d."}
    assert direct["basis"][-1]["basis"] == "reading" and "starts from 33%" in direct["basis"][-1]["text"]
    # the last move of a-b-c-d learns nothing new, and says so
    assert data["paths"][1]["legs"][-1]["learn"] == [] and data["paths"][1]["legs"][-1]["cost"] == 2
    assert data["model"] == {"job_change_cost": 2, "viable_coverage": 0.5, "max_steps": 3,
                             "objective": ["the lowest cost first", "then routes whose every move is viable",
                                           "then the smallest hardest step", "then the fewest moves",
                                           "then the role ids"], "basis": "reading"}
    # e and f never appear: neither teaches anything d needs
    assert not {"e", "f"} & {s for p in data["paths"] for s in p["steps"]}


def test_tiny_direct_move_is_listed_beyond_max(tiny):
    data = paths_json("--kb", tiny, "paths", "a", "d", "--max", "2")
    assert summary(data) == [(1, "a-b-d", 16, True), (2, "a-b-c-d", 18, False), (4, "a-d", 20, False)]


def test_tiny_skills_change_the_best_route(tiny):
    # with y at 3 already, the direct move is viable; b teaches nothing more, so it is no detour now
    data = paths_json("--kb", tiny, "paths", "a", "d", "--skill", "y=3", "--max", "50")
    assert summary(data) == [(1, "a-d", 11, True), (2, "a-c-d", 13, False)]
    assert data["profile"] == {"current_role": "a", "skills": {"y": 3}, "skill_levels": {"x": 3, "y": 3}}
    assert data["paths"][0]["learning"] == [{"skill": "z", "from": 0, "to": 3}]


def test_tiny_answers_file_is_read_as_advise_reads_it(tiny, tmp_path):
    answers = tmp_path / "me.yaml"
    answers.write_text("current_role: a\nyears: 4\nskills: {y: 3}\n")
    from_file = paths_json("--kb", tiny, "paths", "a", "d", "--answers", str(answers))
    from_flag = paths_json("--kb", tiny, "paths", "a", "d", "--skill", "y=3")
    assert from_file == from_flag
    # a flag beats the file, as in advise
    both = paths_json("--kb", tiny, "paths", "a", "d", "--answers", str(answers), "--skill", "y=0")
    assert both["profile"]["skills"] == {"y": 0} and both["paths"][0]["steps"] == ["a", "b", "d"]
    piped = run("--kb", tiny, "paths", "a", "d", "--answers", "-", "--json",
                input=json.dumps({"current_role": "a", "skills": {"y": 3}}))
    assert piped.code == 0 and piped.json() == from_flag


def test_tiny_text(tiny):
    result = run("--kb", tiny, "paths", "a", "d", "--max", "2")
    assert result.code == 0 and result.stderr == ""
    out = result.stdout
    assert out.startswith("Routes from Role A (a) to Role D (d), best first\n")
    assert "Your skills: what Role A needs (assumed)" in out
    assert "1. Role A → Role B → Role D   cost 16 (12 learning + 2 moves × 2)   viable\n" in out
    assert "   Role A → Role B: learn Y 0→3  (you start with 50% of its needs)\n" in out
    assert "   Role B → Role D: learn Z 0→3  (you start with 66% of its needs)\n" in out
    assert "   In all: 6 levels of 2 skills\n" in out
    assert "   The article: “Quote about b.”\n" in out
    assert "4. Role A → Role D   cost 20 (18 learning + 1 move × 2)   the article's move,\n   not viable\n" in out
    assert "   The article: “Quote about d.”\n" in out
    assert out.index("1. Role A → Role B → Role D") < out.index("2. Role A → Role B → Role C → Role D") < out.index("4. Role A → Role D")
    said = run("--kb", tiny, "paths", "a", "d", "--skill", "y=3").stdout
    assert "Your skills: you said Y 3; the rest are what Role A needs (assumed)" in said


def test_tiny_mermaid(tiny):
    out = run("--kb", tiny, "paths", "a", "d", "--max", "2", "--format", "mermaid").stdout
    assert check_mermaid(out).startswith("flowchart")
    lines = out.splitlines()
    assert lines[1] == "flowchart TB"
    assert '  n_a(["start: Role A"])' in lines and '  n_d[["goal: Role D"]]' in lines
    assert '  n_b["Role B"]' in lines
    # the best route thick, with its rank and cost; levels on every edge
    # skills by name, as the text output names them (Y, not the id y)
    assert '  n_a ==>|"route 1 · cost 16 · best, viable<br>Y 0→3"| n_b' in lines
    assert '  n_b ==>|"route 1, move 2<br>Z 0→3"| n_d' in lines
    assert '  n_c -->|"route 2, move 3<br>nothing new to learn"| n_d' in lines
    assert '  n_a -->|"route 4 · cost 20 · the article\'s move<br>Y 0→3<br>Z 0→3"| n_d' in lines
    assert any(line.startswith("  q1>") and "Quote about b." in line for line in lines)
    assert "  q1 -.- n_b" in lines
    assert "  class n_a start" in lines and "  class n_d goal" in lines


def test_tiny_dot(tiny):
    out = run("--kb", tiny, "paths", "a", "d", "--max", "2", "--format", "dot").stdout
    width, height = check_dot(out)
    assert max(width / height, height / width) <= 4
    assert "1. Role A → Role B → Role D: cost 16 (best, viable)\\l" in out
    assert "4. Role A → Role D: cost 20 (the article's move, not viable)\\l" in out
    assert '  "a" [label="start\\nRole A", style="rounded,filled,bold"' in out
    assert '  "d" [label="goal\\nRole D", style="rounded,filled,bold"' in out and "peripheries=2" in out
    assert re.search(r'"a" -> "b" \[label="route 1 · cost 16 · best, viable\\nY 0→3", [^]]*penwidth=3', out)
    assert re.search(r'"a" -> "d" \[label="route 4 · cost 20 · the article\'s move\\nY 0→3\\nZ 0→3", '
                     r'color="#15803d"', out)
    assert '"note 1" -> "b"' in out and "Quote about b." in out


def _dot_text(value):
    return value.replace("\\", "\\\\").replace('"', '\\"')


NASTY = ['Quote "q" and \\back\\slash', "Hash #35; & <b>tag</b> `tick`", "Pipe | ] } ) ; %% -->", "注释 end"]


def test_names_that_look_like_syntax_stay_text_in_both_diagrams(tmp_path, kb_data):
    data = tiny_kb(kb_data)
    for role, name in zip(data["roles"], NASTY):
        role["name"] = name
    for skill, name in zip(data["skills"], reversed(NASTY)):  # edge labels name the skills
        skill["name"] = f"Skill ({name})"
    data["transitions"][0]["same_work"][0]["source"] = 'A "quoted" #1 <i>note</i> \\n'
    path = tmp_path / "nasty.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    mermaid = run("--kb", str(path), "paths", "a", "d", "--format", "mermaid")
    assert mermaid.code == 0, mermaid.stderr
    check_mermaid(mermaid.stdout)
    assert "#quot;q#quot; and \\back\\slash" in mermaid.stdout
    assert "Hash #35;35; & #lt;b#gt;tag#lt;/b#gt; #96;tick#96;" in mermaid.stdout
    dot = run("--kb", str(path), "paths", "a", "d", "--format", "dot")
    assert dot.code == 0, dot.stderr
    check_dot(dot.stdout)
    assert 'label="start\\nQuote \\"q\\" and \\\\back\\\\slash"' in dot.stdout
    skills = {s["id"]: s["name"] for s in data["skills"]}
    learned = paths_json("--kb", str(path), "paths", "a", "d")["paths"][0]["legs"][0]["learn"][0]
    assert f'{_dot_text(skills[learned["skill"]])} {learned["from"]}→{learned["to"]}' in dot.stdout



def test_chinese_names_and_words_with_lang_zh(tiny):
    mermaid = run("--kb", tiny, "paths", "a", "d", "--format", "mermaid", "--lang", "zh")
    assert mermaid.code == 0, mermaid.stderr
    check_mermaid(mermaid.stdout)
    assert '  n_a(["起点：角色a"])' in mermaid.stdout and '  n_d[["目标：角色d"]]' in mermaid.stdout
    assert '"路线 1 · 代价 16 · 最佳，可行<br>技能y 0→3"' in mermaid.stdout
    dot = run("--kb", tiny, "paths", "a", "d", "--format", "dot", "--lang", "zh")
    check_dot(dot.stdout)
    assert '路线 1 · 代价 16 · 最佳，可行\\n技能y 0→3' in dot.stdout
    assert '"a" [label="起点\\n角色a"' in dot.stdout and "1. 角色a → 角色b → 角色d：代价 16（最佳，可行）" in dot.stdout
    text = run("--kb", tiny, "paths", "a", "d", "--lang", "zh").stdout
    assert text.startswith("从 角色a（a）到 角色d（d）的路线，最佳的在前")
    # the same routes in both languages
    en = paths_json("--kb", tiny, "paths", "a", "d")
    zh = paths_json("--kb", tiny, "paths", "a", "d", "--lang", "zh")
    assert summary(en) == summary(zh)


# --- the seed's own pairs, as a careful reader of the article would expect -------------------

def seed_quotes():
    return " ".join(SEED.read_text(encoding="utf-8").split())


def assert_quotes_verbatim(data):
    text = seed_quotes()
    for route in data["paths"]:
        for item in route["basis"]:
            if item["basis"] == "article":
                assert " ".join(item["source"].split()) in text, item


def test_seo_to_user_operation():
    """The article: to move to user operation, understand the product, investigate users and add user
    thinking: the direct move first. Community operation is user operation under another name, so the
    route through a community operator's job comes next, with that quote; nothing on the way to user
    operation teaches paid-search bidding."""
    data = paths_json("paths", "seo", "user-operation", "--max", "20")
    assert_quotes_verbatim(data)
    first = data["paths"][0]
    second = next(p for p in data["paths"] if p["steps"] == ["seo", "community-operation", "user-operation"])
    assert first["steps"] == ["seo", "user-operation"] and first["article_move"] and first["rank"] == 1
    # every detour costs more than the move the article describes: a change of job has its price
    assert all(p["cost"] > first["cost"] for p in data["paths"][1:])
    assert [x["skill"] for x in first["learning"]] == ["user-research", "product-understanding",
                                                      "user-thinking", "community-management"]
    assert "you must understand the product, investigate users" in first["basis"][0]["source"]
    assert any(b.get("role") == "community-operation" and b["source"] == (
        "These are actually user operations, and you can also understand them as community operations.")
        for b in second["basis"])
    # the SEO specialist's data analysis (level 2) is never taught again
    assert all(x["skill"] != "data-analysis" for p in data["paths"] for x in p["learning"])
    assert all(x["skill"] != "paid-search-bidding" for p in (first, second) for x in p["learning"])
    text = run("paths", "seo", "user-operation", "--max", "20").stdout
    assert "stepping stone" not in text
    assert "The article: “These are actually user operations" in text


def test_seo_to_user_operation_for_someone_who_runs_a_group():
    """The author's paid group, with its holiday topics and red packets, is user operation: someone who
    already runs one (community management 3, user thinking 2) can move straight across, a viable move,
    learning only what the article names besides: the product and the users."""
    data = paths_json("paths", "seo", "user-operation", "--skill", "community-management=3",
                      "--skill", "user-thinking=2")
    first = data["paths"][0]
    assert first["steps"] == ["seo", "user-operation"] and first["viable"] and first["article_move"]
    assert first["learning"] == [{"skill": "user-research", "from": 0, "to": 2},
                                 {"skill": "product-understanding", "from": 0, "to": 2},
                                 {"skill": "user-thinking", "from": 2, "to": 3}]
    # a community operator's job would teach them nothing user operation needs: no such detour
    assert all("community-operation" not in p["steps"] for p in data["paths"])


def test_seo_with_user_thinking_still_moves_straight_with_the_community_route_next():
    """With user thinking but no community of their own, the straight move to user operation is still the
    cheapest and the article's; a community operator's job is one they could take now, and the article
    counts it as user operation: it is listed among the next routes, every move of it viable, with that quote."""
    data = paths_json("paths", "seo", "user-operation", "--skill", "user-thinking=2")
    first = data["paths"][0]
    assert first["steps"] == ["seo", "user-operation"] and first["article_move"]
    community = next(p for p in data["paths"] if p["steps"] == ["seo", "community-operation", "user-operation"])
    assert community["viable"] and community["cost"] > first["cost"]
    assert any(b.get("role") == "community-operation" for b in community["basis"])


def test_from_replaces_the_answers_files_role(tmp_path):
    answers = tmp_path / "me.yaml"
    answers.write_text("current_role: sem\nskills: {user-thinking: 2}\n")
    data = paths_json("paths", "seo", "user-operation", "--answers", str(answers))
    assert data["profile"]["current_role"] == "seo"
    assert data["profile"]["skill_levels"]["search-optimization"] == 3  # seo's needs, not sem's
    assert data == paths_json("paths", "seo", "user-operation", "--skill", "user-thinking=2")


def test_sem_to_product_operation():
    """The article: product operation wants prototypes, mind maps and product documents, practised in
    advance: the direct move first, not a detour through a Taobao ads job that teaches a little product
    understanding at a lower price."""
    data = paths_json("paths", "sem", "product-operation")
    assert_quotes_verbatim(data)
    first = data["paths"][0]
    assert first["steps"] == ["sem", "product-operation"] and first["article_move"]
    assert {"prototyping", "mind-mapping", "product-documentation"} <= {x["skill"] for x in first["learning"]}
    assert "drawing product prototype drawings" in first["basis"][0]["source"]
    detour = next(p for p in data["paths"] if p["steps"] == ["sem", "ecommerce-ads", "product-operation"])
    assert detour["rank"] > first["rank"] and detour["learning_cost"] < first["learning_cost"]
    # product understanding is learned once on every route, however many jobs teach it
    for route in data["paths"]:
        taught = [x["skill"] for leg in route["legs"] for x in leg["learn"] if x["skill"] == "product-understanding"]
        levels = [(x["from"], x["to"]) for leg in route["legs"] for x in leg["learn"]
                  if x["skill"] == "product-understanding"]
        assert sum(b - a for a, b in levels) == 3 and len(taught) == len(levels)


def test_sem_to_product_operation_after_practising_in_advance():
    """Having practised prototypes, mind maps and product documents in advance, as the article says to,
    the direct move is viable and what is left is the product and its users."""
    data = paths_json("paths", "sem", "product-operation", "--skill", "prototyping=2",
                      "--skill", "mind-mapping=2", "--skill", "product-documentation=2")
    first = data["paths"][0]
    assert first["steps"] == ["sem", "product-operation"] and first["viable"]
    assert first["learning"] == [{"skill": "user-research", "from": 0, "to": 2},
                                 {"skill": "product-understanding", "from": 0, "to": 3}]
    assert first["cost"] == 13 + 3


@pytest.mark.parametrize("argv", [
    ["seo", "user-operation"],
    ["sem", "product-operation", "--max", "5"],
    ["seo", "user-operation", "--skill", "user-thinking=2"],
    ["content-operation", "sem"],
])
def test_builtin_diagrams_parse_and_stay_readable(argv):
    dot = run("paths", *argv, "--format", "dot")
    assert dot.code == 0, dot.stderr
    width, height = check_dot(dot.stdout)
    assert max(width / height, height / width) <= 4, (width, height)
    mermaid = run("paths", *argv, "--format", "mermaid")
    assert mermaid.code == 0 and check_mermaid(mermaid.stdout).startswith("flowchart")
    data = paths_json("paths", *argv)
    for route in data["paths"]:  # every role on a route is drawn by its name
        for step in route["steps"]:
            name = data["roles"][step]["name"]
            assert name in dot.stdout and name in mermaid.stdout


# --- edge cases -----------------------------------------------------------------------------------

def test_from_equals_to_says_no_route_in_every_form():
    text = run("paths", "sem", "sem")
    assert text.code == 0
    assert text.stderr == "promo-ops: no route: 'sem' is where you are already\n"
    assert "no route: 'sem' is where you are already" in text.stdout
    data = run("paths", "sem", "sem", "--json")
    assert data.code == 0 and data.json()["paths"] == [] and data.json()["message"].startswith("no route")
    validate(data.json(), "paths")
    mermaid = run("paths", "sem", "sem", "--format", "mermaid")
    assert mermaid.code == 0 and "no route" in mermaid.stderr
    check_mermaid(mermaid.stdout)
    assert '  none>"no route: \'sem\' is where you are already"]' in mermaid.stdout
    dot = run("paths", "sem", "sem", "--format", "dot")
    assert dot.code == 0 and "no route" in dot.stderr
    check_dot(dot.stdout)
    assert '"no route" [shape=note, label="no route: \'sem\' is where you are already"]' in dot.stdout


def test_roles_can_be_named_as_people_type_them():
    named = paths_json("paths", "SEO", "用户运营")
    assert (named["from"], named["to"]) == ("seo", "user-operation")
    assert named == paths_json("paths", "seo", "user-operation")


@pytest.mark.parametrize("argv,message", [
    (["sem", "promotion"], "paths goes from one role to another; 'promotion' is a family"),
    (["copywriting", "sem"], "'copywriting' is a skill"),
    (["sem", "edtor"], "unknown id 'edtor' (did you mean 'editor'?)"),
    (["semm", "editor"], "unknown id 'semm' (did you mean 'sem'?)"),
    (["sem", "editor", "--max", "0"], "--max must be from 1 to 50, not 0"),
    (["sem", "editor", "--max", "51"], "--max must be from 1 to 50, not 51"),
    (["sem", "editor", "--max", "-3"], "--max must be from 1 to 50, not -3"),
    (["sem", "editor", "--max", "lots"], "'lots' is not a valid int"),
    (["sem", "editor", "--format", "svg"], "--format 'svg' is not one of text, json, mermaid, dot"),
    (["sem", "editor", "--format", "dott"], "(did you mean 'dot'?)"),
    (["sem", "editor", "--skill", "prototyping"], "'prototyping' is not of the form SKILL=LEVEL"),
    (["sem", "editor", "--skill", "protoyping=2"], "unknown skill 'protoyping' (did you mean 'prototyping'?)"),
    (["sem", "editor", "--skill", "prototyping=7"], "level 7 for skill 'prototyping' is not 0-3"),
    (["sem", "editor", "--answers", "/no/such/answers.yaml"], "/no/such/answers.yaml: answers file not found"),
])
def test_bad_arguments(argv, message):
    result = run("paths", *argv)
    assert result.code == 2, result.stderr
    assert message in result.stderr, result.stderr
    assert result.stdout == "" and len(result.stderr.splitlines()) >= 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("content,message", [
    ("current_role: sem\nskills: {copywritng: 2}\n", "unknown skill 'copywritng' (did you mean 'copywriting'?)"),
    ("current_role: sem\nyears: lots\n", "bad answer to 'years'"),
    ("current_role: sem\nskils: {}\n", "unknown key 'skils' (did you mean 'skills'?)"),
    ("- sem\n", "an answers file must be a mapping"),
])
def test_bad_answers_file(tmp_path, content, message):
    path = tmp_path / "me.yaml"
    path.write_text(content)
    result = run("paths", "sem", "editor", "--answers", str(path))
    assert result.code == 2 and message in result.stderr, result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("routes,message", [
    ({"job_change_cost": -1, "viable_coverage": 0.3}, "routes.job_change_cost: -1 is out of range; expected 0 to 100"),
    ({"job_change_cost": 2.5, "viable_coverage": 0.3}, "routes.job_change_cost: expected a whole number"),
    ({"job_change_cost": 2, "viable_coverage": 1.5}, "routes.viable_coverage: 1.5 is out of range"),
    ({"job_change_cost": 2}, "routes: route settings is missing required key 'viable_coverage'"),
    ({"job_change_cost": 2, "viable_coverage": 0.3, "detours": 1}, "routes.detours: unknown key 'detours' in route settings"),
    ("cheap", "routes: expected a mapping (route settings)"),
])
def test_bad_route_settings_in_the_knowledge_base(write_kb, routes, message):
    path = write_kb(lambda data: data.__setitem__("routes", routes))
    result = run("--kb", path, "paths", "seo", "user-operation")
    assert result.code == 3, result.stderr
    assert message in result.stderr, result.stderr


@pytest.mark.parametrize("same_work,message", [
    ([{"role": "comunity-operation", "text": "t", "source": "s"}], "unknown role 'comunity-operation'"),
    ([{"role": "community-operation", "text": "t"}], "missing required key 'source'"),
    ("community-operation", "expected a list"),
])
def test_bad_same_work_in_the_knowledge_base(write_kb, same_work, message):
    def change(data):
        for t in data["transitions"]:
            if t["id"] == "promotion-to-user-operation":
                t["same_work"] = same_work
    result = run("--kb", write_kb(change), "paths", "seo", "user-operation")
    assert result.code == 3 and message in result.stderr, result.stderr


def test_route_settings_default_when_a_knowledge_base_has_none(write_kb):
    path = write_kb(lambda data: data.pop("routes"))
    data = paths_json("--kb", path, "paths", "seo", "user-operation")
    assert (data["model"]["job_change_cost"], data["model"]["viable_coverage"]) == (3, 0.35)
