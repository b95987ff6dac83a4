"""The browse commands (roles, skills, show, kb validate) and the CLI's conventions."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from conftest import run, validate
from promo_ops import __version__

ANSI = re.compile(r"\x1b\[")


def _help_leads_with_example(result):
    lines = [l.strip() for l in result.stdout.splitlines() if l.strip()]
    assert lines[0].startswith("Usage: promo-ops")
    assert lines[1].startswith("Example: promo-ops"), lines[:3]


def test_no_arguments_prints_help_with_examples():
    result = run()
    assert result.code == 0
    _help_leads_with_example(result)
    for command in ("advise", "compare", "paths", "roles", "skills", "show", "kb"):
        assert re.search(rf"^  {command} ", result.stdout, re.M), command


@pytest.mark.parametrize("argv", [["roles"], ["skills"], ["show"], ["kb"], ["kb", "validate"], ["advise"], ["compare"], ["paths"]])
def test_every_help_leads_with_an_example(argv):
    result = run(*argv, "--help")
    assert result.code == 0
    _help_leads_with_example(result)


def test_version():
    result = run("--version")
    assert result.code == 0 and result.stdout == f"promo-ops {__version__}\n"


def test_roles_text_groups_by_kind():
    result = run("roles")
    assert result.code == 0 and result.stderr == ""
    out = result.stdout
    assert out.index("Promotion roles") < out.index("Operation tracks") < out.index("Operation posts")
    for rid, zh in (("seo", "SEO专员"), ("content-operation", "内容运营"), ("editor", "运营编辑")):
        assert re.search(rf"^{rid}\s+.*{zh}$", out, re.M), rid
    assert not ANSI.search(out)


def test_roles_json_and_family_filter():
    result = run("roles", "--family", "operation", "--json")
    assert result.code == 0
    data = result.json()
    validate(data, "roles")
    ids = [r["id"] for r in data["roles"]]
    assert "seo" not in ids and ids[:4] == ["content-operation", "user-operation", "activity-operation",
                                            "product-operation"]
    assert all(r["family"] == "operation" for r in data["roles"])


def test_roles_unknown_family():
    result = run("roles", "--family", "operations")
    assert result.code == 2
    assert result.stderr == ("promo-ops: error: unknown family 'operations' (did you mean 'operation'?); "
                             "families: promotion, operation\n")


def test_skills_text_and_json():
    text = run("skills")
    assert text.code == 0 and "prototyping" in text.stdout and "原型设计" in text.stdout
    data = run("skills", "--json").json()
    validate(data, "skills")
    by_id = {s["id"]: s for s in data["skills"]}
    assert "product-operation" in by_id["prototyping"]["needed_by"]
    assert by_id["product-documentation"]["prerequisites"] == ["mind-mapping", "prototyping"]  # ids, as always
    assert [p["skill"] for p in by_id["product-documentation"]["prerequisites_basis"]] == ["mind-mapping", "prototyping"]
    # Each prerequisite, and each description, says what it stands on.
    assert all(p["basis"] == "reading" and p["why"] for p in by_id["product-documentation"]["prerequisites_basis"])
    assert by_id["channel-selection"]["prerequisites_basis"] == [
        {"skill": "user-thinking", "basis": "article", "source": "to promote, but also need user operational thinking. "
         "For example, what channel to choose, you need to know what channel the potential users will be in"}]
    assert by_id["data-analysis"]["basis"] == "reading" and "source" not in by_id["data-analysis"]
    assert by_id["prototyping"]["basis"] == "article" and by_id["prototyping"]["source"]


@pytest.mark.parametrize("entry,kind", [("promotion", "family"), ("operation", "family"), ("sem", "role"),
                                        ("content-operation", "role"), ("prototyping", "skill"),
                                        ("money-calendar", "case")])
def test_show_every_kind(entry, kind):
    data = run("show", entry, "--json").json()
    validate(data, "show")
    assert data["kind"] == kind and data["id"] == entry and data["entry"]["id"] == entry
    text = run("show", entry)
    assert text.code == 0
    assert data["entry"]["name"] in text.stdout and data["entry"]["name_zh"] in text.stdout


def test_show_family_has_classifications():
    data = run("show", "promotion", "--json").json()["entry"]
    assert [c["id"] for c in data["classifications"]] == ["online-offline", "free-paid", "traditional-new-media"]
    text = run("show", "promotion").stdout
    for phrase in ("Definition:", "Goal:", "Focus:", "Classified free and paid", "Taobao 直通车 pay-per-click ads",
                   "Source: “Simply understood, promotion is advertising.”"):
        assert phrase in text, phrase


def test_show_money_calendar_tells_the_case():
    text = run("show", "money-calendar").stdout
    for phrase in ("How it unfolded", "Activity and content operation", "User operation", "Promotion",
                   "Its aims", "出圈", "Lesson:"):
        assert phrase in text, phrase


@pytest.mark.parametrize("argv", [["show", "promotion"], ["roles"], ["show", "money-calendar"], ["skills"],
                                  ["show", "sem"], ["show", "operation"]])
def test_reads_well_at_80_columns(argv):
    out = run(*argv, env={"COLUMNS": "80"}).stdout
    widths = [cell_len(line) for line in out.splitlines()]
    assert max(widths) <= 80
    assert all(line == line.rstrip() for line in out.splitlines()), "no trailing padding when piped"


def test_show_unknown_id_suggests():
    result = run("show", "money-calender")
    assert result.code == 2
    assert "unknown id 'money-calender' (did you mean 'money-calendar'?)" in result.stderr
    assert result.stdout == ""


def test_kb_validate_summary(kb):
    result = run("kb", "validate")
    assert result.code == 0
    assert result.stdout.startswith(kb.path + ": valid: 2 families, 19 roles, 17 skills")
    data = run("kb", "validate", "--json").json()
    validate(data, "kb-validate")
    assert data["valid"] is True and data["counts"]["rules"] == len(kb.rules)


def test_kb_flag_and_environment_variable(write_kb):
    def rename(data):
        data["roles"][0]["name"] = "Search engine optimiser"
    path = write_kb(rename)
    assert "Search engine optimiser" in run("--kb", path, "roles").stdout
    assert "Search engine optimiser" in run("roles", env={"PROMO_OPS_KB": path}).stdout
    assert "Search engine optimiser" not in run("roles").stdout


def test_unknown_option_is_usage_error():
    result = run("roles", "--famly", "operation")
    assert result.code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "No such option: --famly" in lines[0] and "promo-ops roles --help" in lines[0]


def test_unknown_command_is_usage_error():
    result = run("rolez")
    assert result.code == 2
    assert "No such command 'rolez'" in result.stderr


def test_strings_from_a_file_cannot_drive_the_terminal(write_kb):
    def hostile(data):
        data["roles"][0]["name"] = "[bold red]Boom[/] \x1b[31mred\x1b[0m\rover\x07"
    path = write_kb(hostile)
    out = run("--kb", path, "roles").stdout
    assert "[bold red]Boom[/] redover" in out  # escape sequences go whole, not leaving "[31m"
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out
    data = run("--kb", path, "show", "seo", "--json").stdout
    assert "\\u001b" not in data and "\x1b" not in data


def test_chinese_runs_put_the_chinese_name_first():
    assert run("--lang", "zh", "show", "copywriting").stdout.startswith("文案  Copywriting  （copywriting，")
    assert run("show", "copywriting").stdout.startswith("Copywriting  文案  (copywriting")
    roles = run("--lang", "zh", "roles").stdout
    assert re.search(r"^sem\s+SEM竞价专员\s+Paid search \(SEM\) specialist$", roles, re.M), roles
    best = run("--lang", "zh", "advise", "--role", "sem", "--no-input").stdout
    assert "最合适：活动运营  Activity operation" in best and "活动运营的练习计划" in best
