"""Cohort files as survey tools and spreadsheets make them (tests/cohort): each file's
`.expected.json` gives the runs to make, their exit codes, the lines on stderr (the
warnings and errors the README documents) and every output line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run, validate

HERE = Path(__file__).resolve().parent / "cohort"
CASES = sorted(HERE.glob("*.expected.json"))
ANSWERS = ("current_role", "years", "company_type", "target", "interests", "skills")


def _runs():
    for expected in CASES:
        data = json.loads(expected.read_text(encoding="utf-8"))
        for i, case in enumerate(data["runs"]):
            yield pytest.param(HERE / data["file"], case, id=f"{data['file']}-{i}")


def test_the_held_in_files_are_what_they_claim_to_be():
    forms = (HERE / "google-forms.csv").read_bytes().decode("utf-8")
    assert forms.startswith('"Timestamp","Email Address","What is your current role?"') and "\r\n" in forms
    excel = (HERE / "excel-utf8.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf\xe5\xa7\x93\xe5\x90\x8d,") and b"\r\n" in excel  # BOM, 姓名, CRLF
    gb = (HERE / "excel-gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gb.decode("utf-8")
    assert gb.decode("gb18030").startswith("岗位,年限,")
    multi = (HERE / "multiline.csv").read_bytes().decode("utf-8")
    assert '"writing\npeople"' in multi


@pytest.mark.parametrize("path,case", list(_runs()))
def test_cohort_file(path, case):
    args = [a.replace("{file}", str(path)).replace("{dir}", str(HERE)) for a in case["args"]]
    result = run("advise", *args)
    assert result.code == case["exit"], result.stderr
    assert result.stderr.splitlines() == [line.replace("{file}", str(path)) for line in case["stderr"]]
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["line"] for o in out] == [row["line"] for row in case["rows"]]
    for o, row in zip(out, case["rows"]):
        if "error" in row:
            assert o["error"] == {"code": 2, "message": row["error"].replace("{file}", str(path))}
            continue
        validate(o, "advise")
        assert {k: o["profile"][k] for k in ANSWERS} == row["answers"]
        # The same result as those answers given one at a time, in the ids they stand for.
        given = {k: v for k, v in row["answers"].items() if o["profile"]["sources"][k] != "default"}
        single = run("advise", "--answers", "-", "--json", input=json.dumps(given)).json()
        assert {k: v for k, v in o.items() if k != "line"} == single


def test_every_problem_in_a_row_is_reported_at_the_line_its_record_starts():
    expected = json.loads((HERE / "google-forms.expected.json").read_text(encoding="utf-8"))
    bad = [row for row in expected["runs"][0]["rows"] if "error" in row]
    assert len(bad) == 1 and bad[0]["error"].count("bad answer to") == 4
    multiline = json.loads((HERE / "multiline.expected.json").read_text(encoding="utf-8"))
    assert [row["line"] for row in multiline["runs"][0]["rows"]] == [2, 5, 7, 9]


@pytest.mark.parametrize("argv,message", [
    (["--encoding", "klingon"], "--encoding 'klingon' is not a text encoding; e.g. utf-8, gb18030, big5, cp1252"),
    (["--encoding", "base64"], "--encoding 'base64' is not a text encoding"),
    (["--encoding", "utf-8"], "{file}:1:1: not valid UTF-8 (byte 0xb8)"),
    (["--encoding", "ascii"], "{file}:1:1: not valid ascii (byte 0xb8); is --encoding ascii right?"),
    (["--encoding", "gb18030", "--columns", "role"], "--columns 'role' is not of the form QUESTION=COLUMN"),
    (["--encoding", "gb18030", "--columns", "rol=岗位"], "--columns: unknown question 'rol' (did you mean 'role'?)"),
    (["--encoding", "gb18030", "--columns", "role=职位"], "{file}:1: --columns names '职位', not in the header"),
    (["--encoding", "gb18030", "--columns", "role=岗位,current_role=年限"],
     "{file}:1: columns '岗位' and '年限' both give 'current_role'"),
    (["--encoding", "gb18030", "--columns-file", "{dir}/missing.yaml"], "columns file not found"),
    (["--encoding", "gb18030", "--columns-file", "{dir}/multiline.csv"], "a columns file maps question ids to column headers"),
])
def test_bad_cohort_options(argv, message):
    path = HERE / "excel-gb18030.csv"
    argv = [a.replace("{dir}", str(HERE)) for a in argv]
    result = run("advise", "--batch", str(path), *argv)
    assert result.code == 2 and result.stdout == ""
    assert message.replace("{file}", str(path)) in result.stderr
    assert len(result.stderr.splitlines()) in (1, 2)


@pytest.mark.parametrize("flag", [["--encoding", "gb18030"], ["--columns", "role=岗位"], ["--columns-file", "x.yaml"],
                                  ["--strict"]])
def test_cohort_options_need_a_cohort_file(flag):
    result = run("advise", "--role", "sem", "--no-input", *flag)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr == f"promo-ops: error: {flag[0]} only apply to a cohort file; add --batch FILE\n"


def test_a_semicolon_or_tab_separated_export_and_utf16(tmp_path):
    rows = "current_role;interests\nsem;writing,people\n"
    (tmp_path / "semi.csv").write_text(rows, encoding="utf-8")
    (tmp_path / "tabs.csv").write_bytes(rows.replace(";", "\t").encode("utf-16"))  # Excel's "Unicode text"
    for name in ("semi.csv", "tabs.csv"):
        result = run("advise", "--batch", str(tmp_path / name))
        assert result.code == 0, result.stderr
        assert json.loads(result.stdout)["profile"]["interests"] == ["writing", "people"]


def test_numbered_headers_and_common_chinese_header_words_name_their_questions(tmp_path):
    # 问卷星 puts the question number in front; people head a column 技能 or 工作年限.
    rows = tmp_path / "wjx.csv"
    rows.write_text("序号,提交答卷时间,1、你现在的岗位是？,2、工作年限,3、公司类型,4、想转向哪边,"
                    "5、你喜欢做什么？（可多选）,6、原因,7、技能\n"
                    "1,2026-01-01,内容运营,3,小公司,推广,写作,推广太累，运营轻松,文案=3 内容策划=2\n", encoding="utf-8")
    result = run("advise", "--batch", str(rows))
    assert result.code == 0, result.stderr
    p = json.loads(result.stdout)["profile"]
    assert (p["current_role"], p["years"], p["company_type"], p["target"]) == ("content-operation", 3, "small", "promotion")
    assert p["interests"] == ["writing"] and p["motives"] == ["tiring"]
    assert p["skills"] == {"content-planning": 2, "copywriting": 3}
    assert "'序号', '提交答卷时间'" in result.stderr and "技能" not in result.stderr


def test_english_numbered_headers_name_their_questions(tmp_path):
    rows = tmp_path / "q.csv"
    rows.write_text("Q1. What is your current role?,Q2. skills\nsem,copywriting=2\n", encoding="utf-8")
    result = run("advise", "--batch", str(rows))
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["profile"]["skills"] == {"copywriting": 2}


def test_two_headers_with_the_same_word_are_left_to_columns(tmp_path):
    rows = tmp_path / "two.csv"
    rows.write_text("岗位,技能,技能备注\nsem,文案=2,x\n", encoding="utf-8")
    result = run("advise", "--batch", str(rows))
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["profile"]["skills"] == {}
    assert "'技能', '技能备注'" in result.stderr  # named in the warning, not guessed


def test_a_file_with_no_role_column_is_refused(tmp_path):
    rows = tmp_path / "norole.csv"
    rows.write_text("姓名,技能\n张三,文案=2\n", encoding="utf-8")
    result = run("advise", "--batch", str(rows))
    assert result.code == 2 and result.stdout == ""
    assert "no column gives current_role, which every row needs" in result.stderr


def test_a_label_with_a_comma_in_it_is_one_choice(tmp_path):
    result = run("advise", "--role", "sem", "--motive", "推广太累，运营轻松", "--no-input", "--json")
    assert result.code == 0, result.stderr
    assert result.json()["profile"]["motives"] == ["tiring"]
    rows = tmp_path / "m.csv"
    rows.write_text("岗位,原因\nsem,推广太累，运营轻松\n", encoding="utf-8")
    result = run("advise", "--batch", str(rows))
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["profile"]["motives"] == ["tiring"]
