"""The knowledge base in two languages: each text a person reads has its English in KEY and its
Chinese in KEY_zh, `aliases` name one entry each, and output picks the run's language without
changing any id, key or number."""

from __future__ import annotations

import re

import pytest

from conftest import run
from test_knowledge import _delete, _set


def _steps(*changes):
    def change(data):
        for c in changes:
            c(data)
    return change


CLASS = ("families", 0, "classifications", 0, "classes", 0)

BROKEN = [
    ("a text without its Chinese", _delete(("roles", 0, "summary_zh")),
     "roles[0].summary", "role has 'summary' but no 'summary_zh'"),
    ("a cited text without its Chinese", _delete(("families", 0, "definition", "text_zh")),
     "families[0].definition.text", "cited text has 'text' but no 'text_zh'"),
    ("a reading's why without its Chinese", _delete(("skills", 0, "exercises", 1, "why_zh")),
     "skills[0].exercises[1].why", "exercise has 'why' but no 'why_zh'"),
    ("a list without its Chinese", _delete(CLASS + ("examples_zh",)),
     "families[0].classifications[0].classes[0].examples", "class has 'examples' but no 'examples_zh'"),
    ("described levels' why without its Chinese", _delete(("skills", 0, "levels", "why_zh")),
     "skills[0].levels.why", "levels has 'why' but no 'why_zh'"),
    ("level names without their Chinese", _delete(("levels_zh",)),
     "levels", "knowledge base has 'levels' but no 'levels_zh'"),
    ("a fit label without its Chinese", _delete(("fit_thresholds", 0, "label_zh")),
     "fit_thresholds[0].label", "fit threshold has 'label' but no 'label_zh'"),
    ("a question's help without its Chinese", _delete(("questions", 0, "help_zh")),
     "questions[0].help", "question has 'help' but no 'help_zh'"),
    ("a note without its Chinese", _delete(("rules", 8, "effects", 0, "note_zh")),
     "rules[8].effects[0].note", "note effect has 'note' but no 'note_zh'"),
    ("Chinese without its English", _set(("skills", 0, "exercises", 0, "why_zh"), "原文没有这个练习。"),
     "skills[0].exercises[0].why_zh", "exercise has 'why_zh' but no 'why'"),
    ("Chinese of the wrong type", _set(("roles", 0, "summary_zh"), 3),
     "roles[0].summary_zh", "expected non-empty text, got 3 (int)"),
    ("Chinese that is empty", _set(("roles", 0, "summary_zh"), ""),
     "roles[0].summary_zh", "expected non-empty text, got empty text"),
    ("Chinese with no Chinese in it", _set(("roles", 0, "summary_zh"), "Gets the site found."),
     "roles[0].summary_zh", "'summary_zh' has no Chinese text"),
    ("a list's Chinese with fewer items", _set(CLASS + ("examples_zh",), ["发传单"]),
     "families[0].classifications[0].classes[0].examples_zh", "'examples_zh' has 1 items but 'examples' has 3"),
    ("a list's Chinese that is not a list", _set(CLASS + ("examples_zh",), "发传单"),
     "families[0].classifications[0].classes[0].examples_zh", "expected a list, got '发传单'"),
    ("a misspelt Chinese key", _set(("roles", 0, "sumary_zh"), "免费推广。"),
     "roles[0].sumary_zh", "unknown key 'sumary_zh' in role (did you mean 'summary_zh'?)"),
    ("described levels' why in Chinese without English",
     _steps(_delete(("skills", 0, "levels", "why")), _set(("skills", 0, "levels", "why_zh"), "解读。")),
     "skills[0].levels.why_zh", "levels has 'why_zh' but no 'why'"),
    ("level names in Chinese incomplete", _set(("levels_zh",), {0: "无", 1: "入门"}),
     "levels_zh", "levels must map each of 0..3 to a name"),
    ("fit label's Chinese of the wrong type", _set(("fit_thresholds", 0, "label_zh"), ["很合适"]),
     "fit_thresholds[0].label_zh", "expected non-empty text, got a list"),
    ("a note's Chinese with no Chinese", _set(("rules", 8, "effects", 0, "note_zh"), "Promotion alone is not enough."),
     "rules[8].effects[0].note_zh", "'note_zh' has no Chinese text"),
    # text that is nothing once its control characters are removed
    ("Chinese made only of control characters", _set(("roles", 0, "summary_zh"), "\x1b\x07"),
     "roles[0].summary_zh", "expected non-empty text, got only control characters"),
    ("English that is only a terminal escape", _set(("roles", 0, "summary"), "\x1b[2J"),
     "roles[0].summary", "expected non-empty text, got only control characters"),
    ("a Chinese name made only of a control character", _set(("roles", 0, "name_zh"), "\x1b"),
     "roles[0].name_zh", "expected non-empty text, got only control characters"),
    ("an alias made only of a control character", _set(("roles", 0, "aliases"), ["\x1b"]),
     "roles[0].aliases[0]", "expected non-empty text, got only control characters"),
    # a line break in a text shown on one line would forge a line of output
    ("a Chinese name with a line break", _set(("roles", 1, "name_zh"), "SEM竞价专员\n文章（英译）：“伪造”"),
     "roles[1].name_zh", "a line break is not allowed here: a name or label is always shown on one line"),
    ("an English name with a line break", _set(("skills", 0, "name"), "Copy\nwriting"),
     "skills[0].name", "a line break is not allowed here"),
    ("an alias with a line break", _set(("roles", 0, "aliases"), ["优化\n推广"]),
     "roles[0].aliases[0]", "a line break is not allowed here"),
    ("a choice's label with a line break", _set(("questions", 2, "choices", 0, "label", "zh"), "一\n二"),
     "questions[2].choices[0].label.zh", "a line break is not allowed here"),
    ("a fit label with a line break", _set(("fit_thresholds", 0, "label_zh"), "很\n合适"),
     "fit_thresholds[0].label_zh", "a line break is not allowed here"),
    ("a level's name with a line break", _set(("levels_zh", 2), "熟\n练"),
     "levels_zh[2]", "a line break is not allowed here"),
    ("a described level with a line break", _set(("skills", 0, "levels", 1, "en"), "Wrote\nads"),
     "skills[0].levels[1].en", "a line break is not allowed here"),
    # names, level names and labels that would make what a person types ambiguous or unreachable
    ("two roles with one Chinese name", _set(("roles", 1, "name_zh"), "SEO专员"),
     "roles[1].name_zh", "the name 'SEO专员' is given to both role 'seo' and role 'sem'"),
    ("a skill and a role with one name in any case", _set(("roles", 0, "name"), "SEARCH ENGINE OPTIMIZATION"),
     "roles[0].name", "the name 'SEARCH ENGINE OPTIMIZATION' is given to both skill 'search-optimization' "
                      "and role 'seo'"),
    ("a name that is another entry's id", _set(("roles", 0, "name_zh"), "Copywriting"),
     "roles[0].name_zh", "the name 'Copywriting' is the id of skill 'copywriting', which is found first"),
    ("two levels with one Chinese name", _steps(_set(("levels_zh", 1), "中等"), _set(("levels_zh", 2), "中等")),
     "levels_zh[2]", "levels 1 and 2 are both named '中等': a level's name names one level"),
    ("a level named with another level's Chinese word", _set(("levels_zh", 1), "熟练"),
     "levels_zh[1]", "level 1 is named '熟练', which promo-ops reads as level 2 when typed"),
    ("a level named with a number", _set(("levels_zh", 1), "2"),
     "levels_zh[1]", "level 1 is named '2', a number"),
    ("a level named with another level's word", _set(("levels", 3), "basic"),
     "levels[3]", "level 3 is named 'basic', which promo-ops reads as level 1 when typed"),
    ("two choices with one Chinese label", _set(("questions", 2, "choices", 1, "label", "zh"), "小公司"),
     "questions[2].choices[2].label.zh", "the label '小公司' of choice 'small' already names choice 'marketing'"),
    ("a choice label that is another choice's value", _set(("questions", 2, "choices", 0, "label", "en"), "Small"),
     "questions[2].choices[0].label.en", "the label 'Small' of choice 'product' already names choice 'small'"),
    # Chinese that is English alone, wherever a Chinese run shows it
    ("a list item's Chinese with no Chinese", _set(CLASS + ("examples_zh",), ["发传单", "Flyers", "地推"]),
     "families[0].classifications[0].classes[0].examples_zh[1]", "'examples_zh' has no Chinese text"),
    ("a choice label's Chinese with no Chinese", _set(("questions", 2, "choices", 1, "label", "zh"), "Marketing company"),
     "questions[2].choices[1].label.zh", "'zh' has no Chinese text"),
    ("a prompt's Chinese with no Chinese", _set(("questions", 2, "prompt", "zh"), "What company?"),
     "questions[2].prompt.zh", "'zh' has no Chinese text"),
    # aliases
    ("an alias that is another entry's id", _set(("roles", 0, "aliases"), ["SEM"]),
     "roles[0].aliases[0]", "alias 'SEM' of role 'seo' is already the id of role 'sem'"),
    ("an alias that is another entry's name", _set(("roles", 0, "aliases"), ["文案"]),
     "roles[0].aliases[0]", "alias '文案' of role 'seo' is already a name of skill 'copywriting'"),
    ("an alias that is another entry's name in full width", _set(("skills", 0, "aliases"), ["ＳＥＯ专员"]),
     "skills[0].aliases[0]", "alias 'ＳＥＯ专员' of skill 'copywriting' is already a name of role 'seo'"),
    ("an alias given to two entries",
     _steps(_set(("roles", 0, "aliases"), ["优化"]), _set(("skills", 1, "aliases"), ["优化"])),
     "roles[0].aliases[0]", "alias '优化' is listed for both skill 'search-optimization' and role 'seo'"),
    ("an alias whose bracketed part is another entry's name", _set(("roles", 1, "aliases"), ["xyz (内容运营)"]),
     "roles[1].aliases[0]", "alias 'xyz (内容运营)' of role 'sem' also answers to '内容运营', which is already "
                            "a name of role 'content-operation'"),
    ("an alias whose part is another entry's alias",
     _steps(_set(("roles", 0, "aliases"), ["优化"]), _set(("skills", 0, "aliases"), ["写 (优化)"])),
     "roles[0].aliases[0]", "alias '优化' is listed for both skill 'copywriting' and role 'seo'"),
    ("an alias with '=' that --skill would split", _set(("skills", 0, "aliases"), ["ab=cd"]),
     "skills[0].aliases[0]", "alias 'ab=cd' contains '=', where --skill ID=LEVEL and lists split"),
    ("an alias with a comma that lists would split", _set(("skills", 0, "aliases"), ["x,y"]),
     "skills[0].aliases[0]", "alias 'x,y' contains ',', where --skill ID=LEVEL and lists split"),
    ("an alias with a full-width comma", _set(("roles", 0, "aliases"), ["优化，推广"]),
     "roles[0].aliases[0]", "alias '优化，推广' contains ','"),
    ("an alias too long to be looked up", _set(("roles", 0, "aliases"), ["竞" * 201]),
     "roles[0].aliases[0]", "an alias of 201 characters is never looked up (names longer than 200 characters"),
    ("an alias listed twice", _set(("roles", 0, "aliases"), ["优化", "优化"]),
     "roles[0].aliases[1]", "'优化' is listed twice"),
    ("aliases that are not a list", _set(("roles", 0, "aliases"), "优化"),
     "roles[0].aliases", "expected a list, got '优化'"),
    ("an alias that is not text", _set(("roles", 0, "aliases"), [3]),
     "roles[0].aliases[0]", "expected non-empty text, got 3 (int)"),
]


@pytest.mark.parametrize("name,change,where,fragment", BROKEN, ids=[b[0] for b in BROKEN])
def test_bad_bilingual_data_is_a_problem_with_its_position(write_kb, name, change, where, fragment):
    path = write_kb(change)
    result = run("kb", "validate", path)
    assert result.code == 3, result.stderr
    assert result.stdout == ""
    line = next(line for line in result.stderr.splitlines() if fragment in line)
    assert re.match(rf"promo-ops: error: {re.escape(path)}:\d+:\d+: {re.escape(where)}: ", line), line
    assert "Traceback" not in result.stderr


def test_bad_bilingual_data_is_reported_in_json_too(write_kb):
    path = write_kb(_set(("roles", 0, "summary_zh"), "Gets the site found."))
    result = run("kb", "validate", path, "--json")
    assert result.code == 3
    problems = result.json()["problems"]
    assert [p["path"] for p in problems] == ["roles[0].summary_zh"]
    assert problems[0]["line"] > 1 and problems[0]["column"] >= 1


def test_an_alias_finds_its_entry_in_any_case_and_width(write_kb):
    path = write_kb(_steps(_set(("roles", 1, "aliases"), ["竞价", "PPC"]),
                           _set(("skills", 0, "aliases"), ["写文案"])))
    for typed in ("竞价", "ppc", "ＰＰＣ"):
        result = run("--kb", path, "show", typed, "--json")
        assert result.code == 0, result.stderr
        assert result.json()["id"] == "sem"
    result = run("--kb", path, "advise", "--role", "竞价", "--skill", "写文案=3", "--json")
    assert result.code == 0, result.stderr
    data = result.json()
    assert data["profile"]["current_role"] == "sem"
    assert data["profile"]["skills"] == {"copywriting": 3}


def test_every_text_of_the_built_in_knowledge_base_is_in_both_languages(kb):
    """Walk the built-in model: every text that has a Chinese twin has both, and the Chinese is Chinese."""
    from promo_ops.record import Record

    cjk = re.compile("[\u3400-\u9fff]")
    missing = []

    def walk(value, where):
        if isinstance(value, Record):
            slots = value.__slots__
            for name in slots:
                if name + "_zh" in slots:
                    en, zh = getattr(value, name), getattr(value, name + "_zh")
                    if bool(en) != bool(zh):
                        missing.append(f"{where}.{name}")
                    elif isinstance(zh, str) and zh and not cjk.search(zh) and name != "name":
                        missing.append(f"{where}.{name}_zh has no Chinese")
                walk(getattr(value, name), f"{where}.{name}")
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}[{k}]")
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")

    walk(kb, "kb")
    assert kb.levels_zh.keys() == kb.levels.keys()
    assert all(t.label_zh for t in kb.fit_thresholds)
    assert not missing, missing


# --- the same result in both languages -------------------------------------------------------

# Keys whose values are text a person reads: the only values allowed to differ between languages.
TEXT_KEYS = {"text", "why", "summary", "description", "verdict", "name", "fit_name", "message", "stage",
             "levels_why", "left", "right", "objective", "examples", "lesson", "title", "help", "note"}


def _differences(en, zh, path="$"):
    """Where two results differ other than in text values: keys, ids, numbers, list lengths."""
    if isinstance(en, dict) and isinstance(zh, dict):
        if list(en) != list(zh):
            return [f"{path}: keys {list(en)} != {list(zh)}"]
        out = []
        for k in en:
            if k == "lang":
                continue
            if k in TEXT_KEYS and isinstance(en[k], str) and isinstance(zh[k], str):
                continue
            if k in TEXT_KEYS and isinstance(en[k], list) and all(isinstance(x, str) for x in en[k] + zh[k]) \
                    and len(en[k]) == len(zh[k]):
                continue
            out += _differences(en[k], zh[k], f"{path}.{k}")
        return out
    if isinstance(en, list) and isinstance(zh, list):
        if len(en) != len(zh):
            return [f"{path}: {len(en)} items != {len(zh)}"]
        return [d for i, (a, b) in enumerate(zip(en, zh)) for d in _differences(a, b, f"{path}[{i}]")]
    return [] if en == zh else [f"{path}: {en!r} != {zh!r}"]


SAME = [
    ("advise", "--role", "sem", "--interest", "writing", "--company", "small", "--explain"),
    ("advise", "--role", "content-operation", "--target", "promotion", "--what-if", "personal-branding=2"),
    ("compare", "promotion", "operation"),
    ("compare", "sem", "content-operation"),
    ("compare", "seo", "operation"),
    ("paths", "seo", "user-operation"),
    ("roles",),
    ("skills",),
    ("show", "promotion"),
    ("show", "sem"),
    ("show", "prototyping"),
    ("show", "money-calendar"),
]


@pytest.mark.parametrize("argv", SAME, ids=[" ".join(a) for a in SAME])
def test_json_in_both_languages_differs_only_in_text(argv):
    en = run("--lang", "en", *argv, "--json")
    zh = run("--lang", "zh", *argv, "--json")
    assert en.code == zh.code == 0, (en.stderr, zh.stderr)
    en_data, zh_data = en.json(), zh.json()
    assert (en_data["lang"], zh_data["lang"]) == ("en", "zh")
    assert _differences(en_data, zh_data) == []


def test_json_errors_say_their_language():
    result = run("--lang", "zh", "show", "no-such-thing", "--json")
    assert result.code == 2
    assert result.json()["lang"] == "zh"


def test_the_report_is_written_in_the_runs_language(tmp_path):
    path = tmp_path / "report.md"
    result = run("--lang", "zh", "advise", "--role", "sem", "--company", "小公司", "--interest", "写作",
                 "--no-input", "--report", str(path), "--json", env={"SOURCE_DATE_EPOCH": "0"})
    assert result.code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    data = result.json()
    for heading in ("# 转岗建议", "## 建议依据的回答", "## 推荐方向（从最合适的开始）", "## 练习计划", "## 备注"):
        assert heading in text.splitlines(), heading
    for english in ("The answers it was made from", "Written on", "Current role", "Why:", "Exercise:", "| fit |"):
        assert english not in text, english
    # Every text in Chinese; every quote of the article as it was read, and labelled so.
    for note in data["notes"]:
        assert note["text"] in text
        if note["basis"] == "article":
            assert f"> 文章（英译）：{note['source']}" in text.replace("\\", "")
    assert data["recommendations"][0]["fit_name"] in ("高", "较高", "一般", "偏低")
    english = run("advise", "--role", "sem", "--no-input", "--format", "markdown").stdout
    assert "## The answers it was made from" in english and "文章（英译）" not in english


def test_chinese_beyond_the_basic_plane_counts_as_chinese(write_kb):
    """CJK Extension B and later (U+20000 on) are Chinese characters too: 𠀀 is not 'no Chinese'."""
    result = run("kb", "validate", write_kb(_set(("roles", 0, "summary_zh"), "\U00020000\U0002a700")))
    assert result.code == 0, result.stderr
