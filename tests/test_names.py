"""What a person types for an id: names in either language, labels, any case, full-width forms."""

from __future__ import annotations

import pytest

from conftest import run
from promo_ops import names


@pytest.mark.parametrize("typed, meant", [
    ("推广", "promotion"), ("运营", "operation"), ("Promotion", "promotion"),
    ("SEO", "seo"), ("ＳＥＯ", "seo"), ("Seo", "seo"),  # an id written another way beats a name
    ("文案", "copywriting"), ("Copywriting", "copywriting"),
    ("搜索引擎优化", "search-optimization"), ("搜索引擎优化（SEO）", "search-optimization"),
    ("内容运营", "content-operation"),
])
def test_show_takes_names_and_ids_written_any_way(typed, meant):
    result = run("show", typed, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["id"] == meant


def test_a_short_form_two_entries_share_lists_the_candidates():
    # 新媒体 is how people say either new-media post: the start of two Chinese names.
    result = run("show", "新媒体")
    assert result.code == 2
    assert result.stderr == ("promo-ops: error: '新媒体' could mean any of: new-media-promotion, "
                             "new-media-operation; give the id\n")
    result = run("--lang", "zh", "advise", "--role", "新媒体", "--no-input")
    assert result.code == 2
    assert "new-media-promotion, new-media-operation" in result.stderr


@pytest.mark.parametrize("typed, meant", [
    ("竞价", "sem"), ("信息流", "feed-ads"), ("地推", "offline-promotion"), ("社群", "community-operation"),
    ("社群运营", "community-operation"), ("社群管理", "community-management"), ("文案", "copywriting"),
    ("PPC", "sem"), ("ppc", "sem"), ("ＰＰＣ", "sem"), ("直通车", "ecommerce-ads"), ("产品原型", "prototyping"),
    ("个人IP", "personal-branding"), ("公众号运营", "new-media-operation"), ("数据分析", "data-analysis"),
    ("活动策划", "event-planning"),
])
def test_each_alias_and_short_form_finds_its_entry(typed, meant):
    result = run("show", typed, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["id"] == meant


def test_every_alias_of_the_knowledge_base_resolves_to_its_own_entry(kb):
    for table in ("roles", "skills"):
        for entry in getattr(kb, table).values():
            for alias in entry.aliases:
                assert kb.resolve(alias) == entry.id, (alias, entry.id)


def test_advise_takes_chinese_names_labels_and_skill_names():
    result = run("advise", "--role", "内容运营", "--company", "小公司", "--interest", "写作", "--skill", "文案=精通",
                 "--target", "推广", "--no-input", "--json")
    assert result.code == 0, result.stderr
    p = result.json()["profile"]
    assert (p["current_role"], p["company_type"], p["interests"], p["skills"]) == \
        ("content-operation", "small", ["writing"], {"copywriting": 3})
    assert p["target"] == "promotion"


def test_answers_files_and_cohort_rows_take_the_same_names(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("current_role: SEM竞价专员\ncompany_type: 产品型公司\nskills: {产品原型: 1}\n", encoding="utf-8")
    result = run("advise", "--answers", str(answers), "--json")
    assert result.code == 0, result.stderr
    p = result.json()["profile"]
    assert p["current_role"] == "sem" and p["company_type"] == "product"
    rows = tmp_path / "rows.csv"
    rows.write_text("current_role,interests\n信息流优化师,产品\n", encoding="utf-8")
    result = run("advise", "--batch", str(rows))
    assert result.code == 0, result.stderr
    assert '"current_role":"feed-ads"' in result.stdout and '"interests":["product"]' in result.stdout


def test_compare_and_track_take_names():
    result = run("compare", "推广", "运营", "--json")
    assert (result.json()["left"]["id"], result.json()["right"]["id"]) == ("promotion", "operation")
    result = run("advise", "--role", "sem", "--track", "产品运营", "--no-input", "--json")
    assert result.code == 0, result.stderr
    assert result.json()["plan_track"] == "product-operation"


@pytest.mark.parametrize("argv, message", [
    (["show", "推广部"], "unknown id '推广部'"),
    (["advise", "--role", "运营专员", "--no-input"], "--role: bad answer to 'current_role': '运营专员' is not one of"),
    (["advise", "--role", "sem", "--company", "巨型公司", "--no-input"],
     "--company: bad answer to 'company_type': '巨型公司' is not one of the allowed values"),
])
def test_names_that_fit_nothing_are_still_errors(argv, message):
    result = run(*argv)
    assert result.code == 2
    assert message in result.stderr


def test_the_key_folds_width_case_and_spaces():
    assert names.key("  ＳＥＭ　竞价专员 ") == "sem 竞价专员"
    assert names.find("content OPERATION", [("content-operation", ("Content operation", "内容运营"))]) == \
        "content-operation"
    assert names.find("x" * 201, [("x", ("x" * 201,))]) is None  # no index work for absurd input


@pytest.mark.parametrize("argv, family", [
    (["advise", "--role", "运营", "--no-input"], "Operation"),
    (["advise", "--role", "Operation", "--no-input"], "Operation"),
    (["advise", "--role", "推广", "--no-input"], "Promotion"),
    (["advise", "--role", "sem", "--track", "运营", "--no-input"], "Operation"),
    (["advise", "--role", "sem", "--track", "Promotion", "--no-input"], "Promotion"),
])
def test_a_family_name_where_a_role_is_wanted_is_an_error_not_a_short_form(argv, family):
    # 运营 starts 运营编辑 (editor): taken as its short form, it gave an editor's advice with exit 0.
    result = run(*argv)
    assert result.code == 2, result.stdout
    assert result.stderr.count("\n") == 1
    assert f"is the family {family}, not a role" in result.stderr
    assert ("content-operation" if family == "Operation" else "seo") in result.stderr
    assert "editor'" not in result.stderr


def test_a_family_name_in_chinese_lists_its_roles_by_chinese_name():
    result = run("--lang", "zh", "advise", "--role", "运营", "--no-input", "--json")
    assert result.code == 2
    assert "内容运营" in result.json()["error"]["message"] and "content-operation" not in result.json()["error"]["message"]
    result = run("--lang", "zh", "advise", "--role", "sem", "--track", "推广", "--no-input")
    assert result.code == 2 and "SEM竞价专员" in result.stderr and "推广" in result.stderr


def test_a_family_name_in_answers_files_and_cohort_rows_is_an_error(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("current_role: 运营\n", encoding="utf-8")
    result = run("advise", "--answers", str(answers), "--no-input")
    assert result.code == 2 and "is the family Operation" in result.stderr
    rows = tmp_path / "rows.csv"
    rows.write_text("current_role\n运营\n运营编辑\n", encoding="utf-8")
    result = run("advise", "--batch", str(rows))
    assert result.code == 2
    assert "is the family Operation" in result.stdout + result.stderr
    assert '"current_role":"editor"' in result.stdout  # the full name still finds its role


@pytest.mark.parametrize("argv, expected", [
    (["show", "竟价"], "（是不是想输入 'SEM竞价专员'？）"),
    (["advise", "--no-input", "--role", "内容运迎"], "（是不是想输入 '内容运营'？）"),
    (["advise", "--no-input", "--role", "sem", "--skill", "文按=3"], "（是不是想输入 '文案'？）"),
    (["advise", "--no-input", "--role", "sem", "--interest", "写字"], "（是不是想输入 '写作'？）"),
])
def test_chinese_near_misses_get_a_did_you_mean_by_chinese_name(argv, expected):
    result = run("--lang", "zh", *argv, "--no-pager") if argv[0] == "show" else run("--lang", "zh", *argv)
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert expected in result.stderr


def test_chinese_errors_list_choices_by_label_and_name_questions_by_prompt():
    result = run("--lang", "zh", "advise", "--no-input", "--role", "sem", "--company", "巨型公司")
    assert result.code == 2
    assert "产品型公司, 营销型公司, 小公司, 大公司（如BAT）" in result.stderr
    assert "company_type" not in result.stderr and "product," not in result.stderr
    result = run("--lang", "zh", "advise", "--no-input", "--role", "内容运迎")
    assert "current_role" not in result.stderr and "SEM竞价专员" in result.stderr


def test_english_near_misses_of_names_suggest_the_id():
    result = run("advise", "--no-input", "--role", "Content operatoin")
    assert result.code == 2 and "(did you mean 'content-operation'?)" in result.stderr


@pytest.mark.parametrize("flag, typed, field, expected", [
    ("--skill", "ｃｏｐｙ＝２", "skills", {"copywriting": 2}),
    ("--skill", "文案＝２；产品原型＝１", "skills", {"copywriting": 2, "prototyping": 1}),
    ("--interest", "写作，产品", "interests", ["writing", "product"]),
    ("--interest", "写作、产品", "interests", ["writing", "product"]),
])
def test_full_width_separators_read_as_half_width(flag, typed, field, expected):
    result = run("advise", "--role", "sem", flag, typed, "--no-input", "--json")
    assert result.code == 0, result.stderr
    assert result.json()["profile"][field] == expected


def test_full_width_separators_in_answers_files_and_cohort_cells(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text('current_role: sem\ninterests: "写作、产品"\nskills: "文案＝２，产品原型＝１"\n', encoding="utf-8")
    result = run("advise", "--answers", str(answers), "--json")
    assert result.code == 0, result.stderr
    assert result.json()["profile"]["interests"] == ["writing", "product"]
    assert result.json()["profile"]["skills"] == {"copywriting": 2, "prototyping": 1}
    rows = tmp_path / "rows.csv"
    rows.write_text("current_role,skills\nsem,文案＝２\n", encoding="utf-8")
    result = run("advise", "--batch", str(rows))
    assert result.code == 0, result.stderr
    assert '"skills":{"copywriting":2}' in result.stdout


def test_a_full_width_pair_that_is_still_wrong_is_a_clear_error():
    result = run("advise", "--role", "sem", "--skill", "文案＝９", "--no-input")
    assert result.code == 2 and result.stderr.count("\n") == 1 and "0-3" in result.stderr


def test_a_missing_answer_in_chinese_names_the_question_not_its_key():
    result = run("--lang", "zh", "advise", input="\n")
    assert result.code == 2
    assert "你现在的岗位是（--role）" in result.stderr and "current_role" not in result.stderr
    result = run("advise", input="\n")
    assert result.code == 2 and "current_role (--role)" in result.stderr


def test_chinese_is_told_by_character_including_extension_b():
    from promo_ops import names

    assert all(names._cjk(c) for c in "内容运营豈\U00020000")
    assert not any(names._cjk(c) for c in "SEOａ３、，")


# --- names with spaces, slips in short forms, and words that are not short forms -------------

@pytest.mark.parametrize("typed, skills", [
    (["campaign planning=2"], {"event-planning": 2}),
    (["PPC bidding = 1"], {"paid-search-bidding": 1}),
    (["campaign planning=2 copywriting=1"], {"event-planning": 2, "copywriting": 1}),
    (["copywriting=1, personal IP=2"], {"copywriting": 1, "personal-branding": 2}),
    (["campaign planning＝２，文案=3"], {"event-planning": 2, "copywriting": 3}),
])
def test_skill_names_with_spaces_work_in_skill_flags(typed, skills):
    argv = [arg for value in typed for arg in ("--skill", value)]
    result = run("advise", "--no-input", "--role", "sem", *argv, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["profile"]["skills"] == skills


@pytest.mark.parametrize("typed, message", [
    ("campaign planning", "'campaign' is not of the form SKILL=LEVEL"),
    ("copywriting=2 planning", "'planning' is not of the form SKILL=LEVEL"),
    ("campaign plan=2", "unknown skill 'campaign plan'"),
    ("data copywriting=3", "'data' is not of the form SKILL=LEVEL"),  # a stray word before a name
])
def test_skill_pairs_with_spaces_that_are_still_wrong_are_clear_errors(typed, message):
    result = run("advise", "--no-input", "--role", "sem", "--skill", typed)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_the_interview_takes_skill_names_with_spaces(kb):
    from promo_ops import interview
    from test_interview import FIRST_SIX, Script

    script = Script(*FIRST_SIX, "campaign planning=2 copywriting=1", "", "s", "")
    profile = interview.Interview(kb, script, full=True).resolve({})
    assert profile.skills == {"event-planning": 2, "copywriting": 1}
    assert not script.errors()


@pytest.mark.parametrize("lang, expected", [("zh", "（是不是想输入 '竞价推广（SEM）'？）"),
                                            ("en", " (did you mean 'paid-search-bidding'?)")])
def test_a_slip_in_a_chinese_short_form_of_a_skill_gets_a_did_you_mean(kb, lang, expected):
    """竞价 is the start of 竞价推广（SEM）, so it names paid-search-bidding; 竟价 is that with a slip."""
    assert kb.resolve("竞价", ("skills",)) == "paid-search-bidding"
    flag = run("--lang", lang, "advise", "--no-input", "--role", "sem", "--skill", "竟价=2")
    assert flag.code == 2 and flag.stderr.count("\n") == 1 and expected in flag.stderr, flag.stderr
    # The interview's skills step says the same, then asks again.
    from promo_ops import interview
    from promo_ops.messages import set_language
    from test_interview import FIRST_SIX, Script

    set_language(lang)
    try:
        script = Script(*FIRST_SIX, "竟价=2", "竞价=2", "", "s", "")
        profile = interview.Interview(kb, script, full=True).resolve({})
    finally:
        set_language("en")
    assert expected in script.errors()[0], script.errors()
    assert profile.skills == {"paid-search-bidding": 2}


@pytest.mark.parametrize("argv", [["advise", "--no-input", "--role", "产品"],
                                  ["advise", "--no-input", "--role", "sem", "--track", "产品"],
                                  ["paths", "sem", "产品"]])
def test_chanpin_alone_is_not_taken_for_product_operation(argv):
    """产品 alone names the product side (产品经理), which the article sets against operation; promo-ops
    has no such role, so it is an error that lists what it starts, not product operation unasked."""
    result = run("--lang", "zh", *argv)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "'产品' 是一个独立的词，不作为以下名称的简称：产品运营（product-operation）" in result.stderr, result.stderr
    en = run(*argv)
    assert en.code == 2 and "'产品' alone is a word of its own, not short for any of: product-operation" in en.stderr


def test_product_operation_and_the_product_interest_are_still_found():
    result = run("advise", "--no-input", "--role", "产品运营", "--interest", "产品", "--json")
    assert result.code == 0, result.stderr
    p = result.json()["profile"]
    assert p["current_role"] == "product-operation" and p["interests"] == ["product"]
    assert run("show", "产品运营", "--json").json()["id"] == "product-operation"
