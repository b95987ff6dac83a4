"""Where a person reads (text and Markdown), families, roles and skills are called by their names, in
the run's language; ids stay where a person types them (listings, --skill ID=LEVEL, "Next:" commands)
and in JSON. Rule ids appear beside what a rule says only with --explain, which lists the rules by id."""

from __future__ import annotations

import re

import pytest

from conftest import run
from promo_ops import knowledge, render

KB = knowledge.load(None)
RULES = [r.id for r in KB.rules]


def _block(text: str, start: str, end: str = "\n\n") -> str:
    i = text.index(start)
    j = text.find(end, i)
    return " ".join(text[i:j if j >= 0 else None].split())


def test_posts_to_look_for_are_named():
    text = run("advise", "--role", "sem", "--interest", "people", "--no-input").stdout
    line = _block(text, "Posts to look for:", "\n\n")
    assert line == "Posts to look for: Community operator, App promotion operator, Traffic operator"
    # JSON keeps the ids.
    data = run("advise", "--role", "sem", "--interest", "people", "--no-input", "--json").json()
    best = next(r for r in data["recommendations"] if r["track"] == data["plan_track"])
    assert best["posts"] == ["community-operation", "app-promotion-operation", "traffic-operation"]


def test_posts_are_named_in_chinese_in_a_chinese_run():
    text = run("--lang", "zh", "advise", "--role", "sem", "--interest", "people", "--no-input").stdout
    line = _block(text, "可以找的职位：", "\n\n")
    assert line == "可以找的职位：社群运营，APP推广运营，流量运营"


@pytest.mark.parametrize("argv", [
    ["advise", "--role", "sem", "--interest", "people", "--no-input", "--company", "small"],
    ["advise", "--role", "sem", "--skill", "copywriting=2", "--no-input"],
    ["advise", "--role", "content-operation", "--company", "product", "--target", "promotion", "--no-input"],
])
def test_rule_ids_only_with_explain(argv):
    plain = run(*argv).stdout
    tags = [rule for rule in RULES if f"[{rule}]" in plain or rule in plain]
    assert not tags, tags
    explained = run(*argv, "--explain").stdout
    notes = explained[explained.index("Notes"):explained.index("Explain: facts")]
    assert re.search(r"\[[a-z0-9-]+\]", notes), "with --explain a note names its rule, as the trace does"
    # The JSON still names the rule of every reason and note.
    data = run(*argv, "--json").json()
    assert all(n["rule"] in RULES for n in data["notes"])


def test_the_report_names_no_rule():
    report = run("advise", "--role", "sem", "--interest", "people", "--skill", "copywriting=2", "--no-input",
                 "--format", "markdown").stdout
    assert "(rule `" not in report
    assert not [rule for rule in RULES if rule in report]
    # The answers it was made from: the role by name (with the id typed), the side by name.
    assert "| Current role | Paid search (SEM) specialist (`sem`), Promotion |" in report
    assert "| Moving to | Operation (the other side, by default) |" in report
    assert "Copywriting (level 2, needs 1; you said)" in report


def test_advise_names_what_it_speaks_of():
    text = run("advise", "--role", "sem", "--interest", "people", "--no-input").stdout
    you = _block(text, "You: ", "Assumed")
    assert you.startswith("You: Paid search (SEM) specialist (Promotion) ·") and "moving to: Operation" in you
    assert "Practice plan for User operation\n" in text
    assert "1. Product understanding (product-understanding)  level 0 → 2" in text
    assert "The article says to practise it first for Promotion → User operation." in text
    transfers = _block(text, "What transfers", "Posts")
    assert "Copywriting (level 1, needs 1; assumed from your role)" in transfers
    assert "copywriting" not in transfers
    # Levels and the ranking by name too (--skill takes names); ids stay where they are typed: the
    # next commands, and beside the chosen track's and each plan skill's name.
    assert "Assumed from your role: Copywriting 1," in text
    ranking = _block(text, "Tracks, best first", "\n\n")
    assert "User operation" in ranking and "user-operation" not in ranking
    assert "Next: promo-ops compare sem" in " ".join(text.split())


def test_the_reasons_in_json_name_the_move_too():
    """A reason is a sentence a person reads, in JSON as in text; which move it is stays in `rule`."""
    data = run("advise", "--role", "sem", "--interest", "people", "--no-input", "--json").json()
    reasons = [r for item in data["practice_plan"] for r in item["reasons"] if r["rule"] == "promotion-to-user-operation"]
    assert reasons and all("Promotion → User operation" in r["text"] for r in reasons)


def test_compare_names_its_sides():
    text = run("compare", "sem", "content-operation").stdout
    assert "What the article says about Paid search (SEM) specialist → Content operation" in text
    assert "To move Paid search (SEM) specialist → Content operation, practise:" in text
    practise = _block(text, "To move Paid search (SEM) specialist → Content operation", "To move Content")
    assert "Copywriting 1→3" in practise and "copywriting" not in practise
    mixed = run("compare", "operation", "sem").stdout
    assert "What the article says about Paid search (SEM) specialist → Operation" in mixed
    assert "0.50  Activity operation (activity-operation)" in mixed
    zh = run("--lang", "zh", "compare", "operation", "sem").stdout
    assert "SEM竞价专员 → 运营" in zh


def test_compare_roles_row_names_the_roles():
    data = run("compare", "operation", "sem", "--json").json()
    roles = next(a for a in data["aspects"] if a["aspect"] == "roles")
    assert roles["right"] == "Paid search (SEM) specialist"
    assert "Content operation" in roles["left"] and "content-operation" not in roles["left"]


def test_show_names_related_roles_moves_skills_and_functions():
    role = run("show", "community-operation").stdout
    assert "Related: User operation" in role
    sem = run("show", "sem").stdout
    assert "Promotion → User operation (yes):" in " ".join(sem.split())
    skill = run("show", "paid-search-bidding").stdout
    assert "Data analysis: promo-ops' reading:" in skill
    needed = _block(skill, "Needed by:", "\n\n")
    assert "Paid search (SEM) specialist (level 3)" in needed and "sem (" not in needed
    case = run("show", "money-calendar").stdout
    assert "[Activity operation, Content operation]" in case
    zh = run("--lang", "zh", "show", "community-operation").stdout
    assert "用户运营" in zh


def test_paths_names_the_starting_role():
    text = run("paths", "sem", "product-operation").stdout
    assert "Your skills: what Paid search (SEM) specialist needs (assumed)" in " ".join(text.split())


def test_an_id_without_an_entry_is_shown_as_it_is():
    """A name is looked up in the run's knowledge base; an id it does not have (a plan's skill since
    removed) is printed as the id, never dropped or guessed."""
    saved = render._KB[0]
    try:
        render.use_names(KB)
        assert render.name("sem") == "Paid search (SEM) specialist"
        assert render.name("no-such-skill") == "no-such-skill"
        render.use_names(None)
        assert render.name("sem") == "sem"
    finally:
        render.use_names(saved)


def test_a_chinese_run_shows_the_choices_answered_by_their_chinese_labels(tmp_path):
    argv = ("--lang", "zh", "advise", "--no-input", "--role", "内容运营", "--company", "小公司",
            "--interest", "写作,产品", "--motive", "no-growth")
    result = run(*argv, env={"COLUMNS": "300"})
    assert result.code == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("你："))
    assert "公司类型：小公司" in line and "兴趣：写作，产品" in line and "推广没什么可学" in line
    assert not any(word in line for word in ("small", "writing", "no-growth"))
    report = tmp_path / "r.md"
    assert run(*argv, "--report", str(report)).code == 0
    text = report.read_text(encoding="utf-8")
    assert "| 公司类型 | 小公司 |" in text and "| 兴趣 | 写作，产品 |" in text and "no-growth" not in text


# --- a Chinese reader's pass over advise, compare and paths ----------------------------------

def test_chinese_advise_names_skills_and_tracks_and_sets_chinese_punctuation():
    argv = ("--lang", "zh", "advise", "--no-input", "--role", "offline-promotion", "--interest", "people",
            "--motive", "tiring", "--company", "small", "--years", "2")
    text = run(*argv).stdout
    flat = "".join(text.split())
    data = run(*argv, "--json").json()
    assert "你：线下推广（推广）·2年·公司类型：小公司·" in flat
    assert "按岗位默认：文案1，渠道选择2，用户思维1，活动策划2（用--skill技能=等级修改）" in flat
    ranking = _block(text, "推荐方向", "\n\n")
    for r in data["recommendations"]:
        assert r["name_zh"] in ranking and r["track"] not in ranking
    assert "你的计划：用户运营Useroperation（user-operation，匹配度偏低）" in flat  # spaces taken out
    # A rule's reading explains itself in Chinese brackets, set close up.
    assert "。（文章举的用户运营例子是运营付费群" in flat and " (" not in _block(text, "练习计划", "备注")


def test_chinese_compare_reads_as_chinese():
    text = run("--lang", "zh", "compare", "sem", "content-operation").stdout
    flat = "".join(text.split())
    assert text.startswith("SEM竞价专员 Paid search (SEM) specialist  对比  内容运营 Content operation\n")
    assert "SEM竞价专员（sem）" in flat and "内容运营（content-operation）" in flat
    assert "promo-ops的解读：推广" in flat and "Promotion" not in text.split("\n\n")[0]
    skills = _block(text, "技能及各自要求的等级", "\n\n")
    assert "竞价推广（SEM）" in skills and "paid-search-bidding" not in skills and "content-operation" not in skills
    assert "SEM竞价专员→内容运营：" in flat
    # The article's advice each way carries its quote's number, like the rows and what they share.
    data = run("--lang", "zh", "compare", "sem", "content-operation", "--json").json()
    sources = _block(text, "出处（文章引文，英译）", "\n\n\n")
    for item in data["advice"]:
        marks = re.findall(re.escape("".join(item["text"].split())) + r"\[(\d+)\]", flat)
        assert marks, item["text"]
        assert f"[{marks[0]}] “{' '.join(item['source'].split())}”" in sources


def test_chinese_paths_name_the_roles_on_each_route():
    text = run("--lang", "zh", "paths", "seo", "user-operation").stdout
    flat = "".join(text.split())
    assert "1.SEO专员→用户运营代价25（学习22+换岗1次×3）" in flat
    assert "SEO专员→APP推广运营：要学渠道选择1→2" in flat
    assert "seo→" not in flat


def test_a_chinese_report_lists_with_chinese_commas(tmp_path):
    report = tmp_path / "r.md"
    result = run("--lang", "zh", "advise", "--no-input", "--role", "sem", "--skill", "文案=2", "--report", str(report))
    assert result.code == 0, result.stderr
    md = report.read_text(encoding="utf-8")
    assert "| 按岗位默认的技能等级 | 搜索引擎优化（SEO） 1，竞价推广（SEM） 3，数据分析 2，" in md
    assert "- 部分达到：文案（现为 2 级，需要 3 级；你填的），用户思维" in md
