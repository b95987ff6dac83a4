"""One message layer: every error is worded in messages.MESSAGES by its code, every UI text goes
through `_`, and a translation catalog changes what a person reads."""

from __future__ import annotations

import ast
import sys

import pytest

from conftest import ROOT, run
from promo_ops import messages

sys.path.insert(0, str(ROOT / "tools"))
import make_messages  # noqa: E402

PACKAGE = ROOT / "src" / "promo_ops"
ERROR_CALLS = {"InputError", "KnowledgeBaseError", "PromoOpsError", "Interrupted", "AnswerError", "say"}


def _codes_used():
    used = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in ERROR_CALLS:
                arg = node.args[0] if node.args else None
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used.setdefault(arg.value, []).append(where)
                elif isinstance(arg, ast.IfExp):
                    for branch in (arg.body, arg.orelse):
                        used.setdefault(branch.value, []).append(where)
                else:
                    used.setdefault(ast.unparse(arg) if arg else "", []).append(where)
    return used


def test_every_error_names_a_code_worded_in_the_catalog():
    used = _codes_used()
    # A variable first argument is allowed only where a code is passed on (exc.code).
    unknown = {code: where for code, where in used.items()
               if code not in messages.MESSAGES and code not in ("exc.code", "code")}
    assert not unknown, f"codes with no wording in messages.MESSAGES: {unknown}"


def test_every_worded_code_is_used():
    used = _codes_used()
    assert sorted(set(messages.MESSAGES) - set(used)) == []


def test_every_template_fills_from_named_parameters_only():
    import string

    for code, template in messages.MESSAGES.items():
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        assert all(f.isidentifier() for f in fields), (code, fields)


def test_the_message_template_is_current():
    assert make_messages.POT.read_text(encoding="utf-8") == make_messages.render(make_messages.extract()), \
        "run `python tools/make_messages.py`"


def test_a_catalog_translates_errors_and_ui_text(tmp_path, monkeypatch):
    template = messages.MESSAGES["unknown-id"]
    make_messages.write_mo({template: "未知的 id「{id}」{hint}", "nothing": "（空）"},
                           tmp_path / "xx" / "LC_MESSAGES" / "promo-ops.mo")
    monkeypatch.setattr(messages, "LOCALE_DIR", str(tmp_path))
    try:
        messages.set_language("xx")
        assert messages.say("unknown-id", id="seoo", hint="") == "未知的 id「seoo」"
        assert messages._("nothing") == "（空）"
        assert messages._("a list") == "a list"  # untranslated: English as written
    finally:
        messages.set_language("en")
    assert messages.say("unknown-id", id="seoo", hint="").startswith("unknown id 'seoo'")


def test_a_language_with_no_catalog_reads_as_english():
    try:
        messages.set_language("no-such-language")
        assert messages.say("compare-self", id="sem") == "cannot compare 'sem' with itself; name two different ids"
    finally:
        messages.set_language("en")


def test_english_runs_read_no_catalog(monkeypatch):
    monkeypatch.setattr(messages, "LOCALE_DIR", "/nonexistent/promo-ops-locale")
    result = run("show", "seoo")
    assert result.code == 2 and "unknown id 'seoo'" in result.stderr
    assert messages._translations is None


@pytest.mark.parametrize("argv, message", [
    (["show", "seoo"], "unknown id 'seoo' (did you mean 'seo'?); `promo-ops roles` and `promo-ops skills` list the ids"),
    (["compare", "sem", "sem"], "cannot compare 'sem' with itself; name two different ids"),
    (["advise", "--role", "sem", "--years", "x", "--no-input"], "--years: bad answer to 'years': 'x' is not a whole number"),
])
def test_coded_errors_read_as_before(argv, message):
    result = run(*argv)
    assert result.code == 2
    assert result.stderr == f"promo-ops: error: {message}\n"


def _zh_catalog():
    return make_messages.read_po(make_messages.POT.parent / "zh" / "LC_MESSAGES" / "promo-ops.po")


def test_every_message_has_a_chinese_translation():
    catalog = _zh_catalog()
    missing = sorted(m for m in make_messages.extract() if not catalog.get(m))
    assert not missing, f"translate these in locale/zh/LC_MESSAGES/promo-ops.po: {missing}"


def test_every_translation_keeps_the_placeholders():
    import string

    def fields(text):
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)

    for msgid, msgstr in _zh_catalog().items():
        assert fields(msgid) == fields(msgstr), msgid


def test_the_catalogs_and_compiled_catalogs_are_current():
    import gettext

    found = make_messages.extract()
    for po in make_messages.catalogs():
        lang = po.parent.parent.name
        assert po.read_text(encoding="utf-8") == make_messages.render_po(found, make_messages.read_po(po), lang), \
            "run `python tools/make_messages.py`"
        with open(po.with_suffix(".mo"), "rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        for msgid, msgstr in make_messages.read_po(po).items():
            assert compiled.gettext(msgid) == (msgstr or msgid), "run `python tools/make_messages.py`"


@pytest.mark.parametrize("how", [["--lang", "zh"], ["--lang=zh_CN"], "PROMO_OPS_LANG", "LANG", "LC_ALL"])
def test_the_language_comes_from_the_option_the_variable_or_the_locale(how):
    env = {"LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "PROMO_OPS_LANG": ""}
    argv = ["compare", "sem", "sem"]
    if isinstance(how, list):
        argv = how + argv
    else:
        env[how] = "zh" if how == "PROMO_OPS_LANG" else "zh_CN.UTF-8"
    result = run(*argv, env=env)
    assert result.code == 2
    assert result.stderr.endswith("不能拿 'sem' 和它自己对比；请给出两个不同的 id\n")


def test_lang_works_after_the_command_and_the_option_beats_the_locale():
    result = run("show", "seoo", "--lang", "en", env={"LANG": "zh_CN.UTF-8", "PROMO_OPS_LANG": ""})
    assert "unknown id 'seoo' (did you mean 'seo'?)" in result.stderr
    result = run("show", "seoo", "--lang", "zh", env={"LANG": "C.UTF-8", "PROMO_OPS_LANG": ""})
    assert "没有这个 id：'seoo'（是不是想输入 'seo'？）" in result.stderr


def test_the_locale_of_another_language_reads_as_english():
    result = run("compare", "sem", "sem", env={"LANG": "fr_FR.UTF-8", "PROMO_OPS_LANG": "", "LC_ALL": ""})
    assert result.stderr.endswith("cannot compare 'sem' with itself; name two different ids\n")


@pytest.mark.parametrize("argv, env, where", [
    (["--lang", "fr", "roles"], {}, "--lang"),
    (["roles", "--lang", "klingon"], {}, "--lang"),
    (["roles"], {"PROMO_OPS_LANG": "xx"}, "PROMO_OPS_LANG"),
])
def test_an_unknown_language_is_a_usage_error(argv, env, where):
    result = run(*argv, env=env)
    assert result.code == 2 and result.stdout == ""
    value = argv[argv.index("--lang") + 1] if "--lang" in argv else env["PROMO_OPS_LANG"]
    assert result.stderr == f"promo-ops: error: unknown language '{value}' ({where}); choose one of: en, zh\n"


# --- knowledge-base problems in Chinese ----------------------------------------------------------

def _problem_lines(stderr):
    """(position, message) of each problem line; the position is file:line:column and the key path."""
    import re

    lines = [line for line in stderr.splitlines() if line.startswith(("promo-ops: error: ", "promo-ops: 错误："))]
    found = [re.match(r"promo-ops: (?:error: |错误：)(\S+:\d+:\d+: [\w\[\].]+): (.*)\Z", line) for line in lines]
    assert all(found), lines
    return [m.groups() for m in found]


def _broken_roles_and_skills(data):
    data["roles"][0]["skills"][0]["skill"] = "nope"
    data["roles"][1]["colour"] = "red"
    data["skills"][1]["name"] = ""
    del data["skills"][2]["description"]
    data["questions"][0]["required"] = "yes"


def test_knowledge_base_problems_read_in_chinese_at_the_same_positions(write_kb):
    path = write_kb(_broken_roles_and_skills)
    en = run("--lang", "en", "kb", "validate", path)
    zh = run("--lang", "zh", "kb", "validate", path)
    assert en.code == zh.code == 3 and en.stdout == zh.stdout == ""
    en_lines, zh_lines = _problem_lines(en.stderr), _problem_lines(zh.stderr)
    # The same problems, at the same file:line:column and key path, in the other language.
    assert [w for w, _ in zh_lines] == [w for w, _ in en_lines]
    assert not set(m for _, m in en_lines) & set(m for _, m in zh_lines)
    at = {w.rpartition(": ")[2]: m for w, m in zh_lines}
    assert at["roles[0].skills[0].skill"] == "没有这个技能：'nope'"
    assert at["roles[1].colour"] == "岗位里有未知的键 'colour'"
    assert at["skills[1].name"] == "应为非空文本，实际为 空文本"
    assert at["skills[2]"] == "技能缺少必需的键 'description'"
    assert at["questions[0].required"] == "应为 true 或 false，实际为 'yes'"
    assert zh.stderr.splitlines()[-1] == (f"promo-ops: 知识库无效：{path}：{len(zh_lines)} 个问题；"
                                          "请修改文件，并用 `promo-ops kb validate PATH` 检查")
    # English reads exactly as it always has.
    en_at = {w.rpartition(": ")[2]: m for w, m in en_lines}
    assert en_at["roles[1].colour"] == "unknown key 'colour' in role"
    assert en_at["skills[2]"] == "skill is missing required key 'description'"
    assert en_at["questions[0].required"] == "expected true or false, got 'yes'"


@pytest.mark.parametrize("text, expected", [
    ("schema_version: 1\nschema_version: 2\n",
     "{path}:2:1: schema_version: 键 'schema_version' 重复（前面那个会被悄悄丢掉）"),
    ("schema_version: 1\nroles: [\n  a: 1\n",
     "{path}:4:1: YAML 语法错误："),
    ("schema_version: !!python/object:os.system 1\n",
     "{path}:1:17: schema_version: 不允许使用标签 'tag:yaml.org,2002:python/object:os.system'；只读取普通的 YAML 值"),
    ("schema_version: true\nmeta: [1]\n",
     "{path}:1:1: 知识库缺少必需的键 'fit_thresholds'\n"),
])
def test_broken_files_read_in_chinese(write_kb, text, expected):
    path = write_kb(text=text)
    result = run("--lang", "zh", "--kb", path, "roles")
    assert result.code == 3 and result.stdout == ""
    assert result.stderr.startswith(f"promo-ops: 错误：{expected.format(path=path)}"), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"promo-ops: 知识库无效：{path}：")


def test_a_knowledge_base_with_no_mapping_at_the_top_says_so_in_chinese(write_kb):
    path = write_kb(text="- 1\n- 2\n")
    result = run("--lang", "zh", "kb", "validate", path)
    assert result.code == 3
    assert f"promo-ops: 错误：{path}:1:1: 应为映射（知识库），实际为 一个列表\n" in result.stderr


def test_every_name_the_validator_gives_a_record_can_be_translated():
    from promo_ops import kbcheck, kbformat

    names = set(kbformat.RECORDS)
    for fields, _ in kbformat.RECORDS.values():
        for _, spec in fields.values():
            while isinstance(spec, kbformat.Seq) and not isinstance(spec, kbformat.Table):
                spec = spec.item
            if isinstance(spec, kbformat.Table):
                names |= {spec.what, kbcheck.SINGULAR[spec.what]}
            if isinstance(spec, kbformat.Cited):
                names.add(spec.what)
    assert sorted(names - set(kbcheck.NAMES)) == []
    catalog = _zh_catalog()
    assert all(catalog.get(name) for name in kbcheck.NAMES)


@pytest.mark.parametrize("argv, lang", [
    (["--lang", "zh", "--lang", "en", "advise"], "en"),
    (["--lang", "en", "advise", "--lang", "zh"], "zh"),
    (["advise", "--lang", "en", "--lang", "zh"], "zh"),
    (["advise", "--lang=zh", "--lang", "en"], "en"),
])
def test_lang_given_twice_the_last_one_wins(argv, lang):
    result = run(*argv, "--role", "sem", "--no-input", "--json")
    assert result.code == 0, result.stderr
    assert result.json()["lang"] == lang


@pytest.mark.parametrize("argv", [
    ["--lang", "zh", "advise", "--lang", "fr"],
    ["--lang", "fr", "advise", "--lang", "zh"],
    ["advise", "--lang", "en", "--lang=xx"],
])
def test_an_unknown_lang_is_an_error_wherever_it_stands(argv):
    result = run(*argv, "--role", "sem", "--no-input")
    assert result.code == 2
    assert result.stderr.count("\n") == 1 and "unknown language" in result.stderr


def test_a_very_long_lang_is_not_echoed_in_full():
    result = run("--lang", "x" * 5000, "roles")
    assert result.code == 2
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 300 and "5,000 characters" in result.stderr


LONG = "竞" * 5000


@pytest.mark.parametrize("argv", [
    ["show", LONG], ["compare", LONG, "sem"], ["paths", "sem", LONG],
    ["advise", "--role", "sem", "--track", LONG, "--no-input"], ["roles", "--family", LONG],
    ["--kb", "/tmp/" + LONG, "roles"], ["advise", "--answers", "/tmp/" + LONG],
    ["progress", "/tmp/" + LONG], ["advise", "--batch", "/tmp/" + LONG],
])
def test_very_long_input_is_shortened_in_errors(argv):
    result = run(*argv)
    assert result.code in (2, 3)
    assert len(result.stderr) < 800 and LONG[:100] not in result.stderr
    assert "5,0" in result.stderr  # says how long it was
