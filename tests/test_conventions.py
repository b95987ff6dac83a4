"""The conventions of DESIGN.md for every command: exit codes, streams, messages, terminal safety, pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from conftest import run
from diagrams import check_dot, check_mermaid

COMMANDS = {
    "advise": ["advise", "--role", "sem"],
    "compare": ["compare", "promotion", "operation"],
    "paths": ["paths", "seo", "user-operation"],
    "roles": ["roles"],
    "skills": ["skills"],
    "show": ["show", "sem"],
    "kb validate": ["kb", "validate"],
}


def one_error_line(result, code):
    assert result.code == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("promo-ops: ") for line in lines)
    assert "Traceback" not in result.stderr
    return lines


@pytest.mark.parametrize("name", COMMANDS)
def test_bad_option_is_exit_2_with_one_line(name):
    lines = one_error_line(run(*COMMANDS[name], "--no-such-option"), 2)
    assert len(lines) == 1 and "No such option: --no-such-option" in lines[0]
    assert "--help" in lines[0]  # says what to do


@pytest.mark.parametrize("argv,fragment", [
    (["advise", "--role", "nope"], "'nope' is not one of the allowed values"),
    (["compare", "promotion", "nope"], "unknown id 'nope'"),
    (["paths", "nope", "sem"], "unknown id 'nope'"),
    (["roles", "--family", "nope"], "unknown family 'nope'"),
    (["show", "nope"], "unknown id 'nope'"),
    (["kb", "validate", "/no/such/kb.yaml"], "knowledge base not found"),
])
def test_bad_value_for_every_command(argv, fragment):
    code = 3 if argv[0] == "kb" else 2
    lines = one_error_line(run(*argv), code)
    assert fragment in lines[0]


@pytest.mark.parametrize("name", COMMANDS)
def test_invalid_knowledge_base_is_exit_3_for_every_command(name, write_kb):
    path = write_kb(text="schema_version: 1\nroles: {}\n")
    lines = one_error_line(run("--kb", path, *COMMANDS[name]), 3)
    assert lines[-1].endswith("fix the file and check it with `promo-ops kb validate PATH`")


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_succeeds_in_text_and_json(name):
    text = run(*COMMANDS[name])
    assert text.code == 0 and text.stdout and text.stderr == ""
    data = run(*COMMANDS[name], "--json")
    assert data.code == 0
    parsed = data.json()
    assert parsed["schema_version"] == 1 and parsed["command"] == name


def test_internal_error_is_exit_1_and_asks_for_a_report(monkeypatch):
    from promo_ops import compare

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(compare, "compare", broken)
    result = run("compare", "promotion", "operation")
    lines = one_error_line(result, 1)
    assert lines == ["promo-ops: internal error: RuntimeError: boom; please report it with the command you ran "
                     "and the output of `promo-ops --version`"]


def test_ctrl_c_during_a_command_is_exit_130(monkeypatch):
    from promo_ops import views

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(views, "roles", interrupted)
    assert one_error_line(run("roles"), 130) == ["promo-ops: interrupted"]


# --- terminal safety through every command and output form -----------------------------------

HOSTILE = "[bold red]BOOM[/] \x1b[2J\x1b[31mred\x1b[0m\rover\x07\x08"


def _hostile_kb(kb_data):
    import copy

    data = copy.deepcopy(kb_data)
    data["roles"][0]["name"] = "SEO " + HOSTILE
    data["roles"][0]["summary"] = HOSTILE
    data["skills"][0]["exercises"][0]["text"] = HOSTILE
    data["families"][0]["definition"]["text"] = HOSTILE
    data["comparison"]["differences"][0]["left"]["text"] = HOSTILE
    data["cases"][0]["lesson"]["text"] = HOSTILE
    data["meta"]["scope"]["text"] = HOSTILE
    data["comparison"]["similarities"][0]["text"] = HOSTILE
    data["cases"][0]["steps"][0]["text"] = HOSTILE
    data["transitions"][0]["advice"][0]["text"] = HOSTILE
    for rule in data["rules"]:
        rule["because"]["text"] = HOSTILE
        for effect in rule["effects"]:
            if "note" in effect:
                effect["note"] = HOSTILE
    return data


def test_hostile_strings_reach_no_terminal(tmp_path, kb_data):
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(_hostile_kb(kb_data), allow_unicode=True))
    kb = str(path)
    report = tmp_path / "report.md"
    runs = [
        ["roles"], ["skills"], ["show", "seo"], ["show", "promotion"], ["show", "copywriting"],
        ["show", "money-calendar"], ["compare", "promotion", "operation"], ["compare", "seo", "content-operation"],
        ["advise", "--role", "seo", "--skill", "copywriting=2", "--explain", "--report", str(report)],
        ["paths", "seo", "content-operation"], ["paths", "seo", "content-operation", "--format", "mermaid"],
        ["paths", "seo", "content-operation", "--format", "dot"],
    ]
    seen_markup = False
    for argv in runs:
        for extra in ([], ["--json"]) if argv[0] != "paths" or len(argv) == 3 else ([],):
            result = run("--kb", kb, *argv, *extra)
            assert result.code == 0, (argv, result.stderr)
            out = result.stdout + result.stderr
            for bad in ("\x1b", "\r", "\x07", "\x08"):
                assert bad not in out, (argv, extra, repr(bad))
            assert "\\u001b" not in out  # not even escaped into JSON
            if "mermaid" in argv:
                check_mermaid(result.stdout)  # hostile names cannot break the diagram's syntax
            elif "dot" in argv:
                check_dot(result.stdout)
            seen_markup = seen_markup or "[bold red]BOOM[/]" in out
    assert seen_markup  # Rich markup printed literally, not interpreted
    text = report.read_text()
    assert "\x1b" not in text and "\\[bold red\\]BOOM\\[/\\]" in text  # escaped for Markdown


def test_hostile_strings_in_answers_and_batch(tmp_path):
    hostile_role = "sem\x1b]0;pwned\x07"
    result = run("advise", "--role", hostile_role)
    assert result.code == 2 and "\x1b" not in result.stderr and "\x07" not in result.stderr
    batch = tmp_path / "rows.jsonl"
    batch.write_text(json.dumps({"current_role": hostile_role}) + "\n")
    result = run("advise", "--batch", str(batch))
    assert result.code == 2
    assert "\x1b" not in result.stdout and "\\u001b" not in result.stdout


# --- real pipes ------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["roles"], ["compare", "promotion", "operation", "--json"],
                                  ["show", "promotion"]])
def test_reader_closing_early_ends_quietly(argv, tmp_path):
    env = dict(os.environ, PROMO_OPS_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run(
        f"{sys.executable} -m promo_ops {' '.join(argv)} | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True, executable="/bin/bash", capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 1


def test_batch_into_a_reader_closing_early(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text((json.dumps({"current_role": "sem"}) + "\n") * 3000)
    env = dict(os.environ, PROMO_OPS_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run(f"{sys.executable} -m promo_ops advise --batch {rows} | head -c 100; exit ${{PIPESTATUS[0]}}",
                          shell=True, executable="/bin/bash", capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and proc.stderr == ""


def test_save_and_report_into_a_directory(tmp_path):
    for flag in ("--save", "--report"):
        result = run("advise", "--role", "sem", flag, str(tmp_path))
        assert result.code == 2
        assert result.stderr == f"promo-ops: error: cannot write {tmp_path}: it is a directory\n"
        assert result.stdout == ""


def test_bad_knowledge_base_from_the_environment(tmp_path):
    result = run("roles", env={"PROMO_OPS_KB": str(tmp_path / "missing.yaml")})
    assert result.code == 3
    assert f"{tmp_path / 'missing.yaml'}: knowledge base not found" in result.stderr


def test_a_cache_folder_that_is_a_file_only_costs_speed(tmp_path):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("")
    for _ in range(2):
        result = run("roles", "--json", env={"PROMO_OPS_CACHE_DIR": str(not_a_folder)})
        assert result.code == 0 and result.stderr == ""
