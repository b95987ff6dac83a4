"""With --json (or --format json), a failing run also prints one JSON object on stdout
(schemas/error.schema.json); the message is on stderr as before and the exit code is the same."""

from __future__ import annotations

import pytest

from conftest import run, validate

CASES = [
    (["show", "seoo"], "show", 2, "unknown id 'seoo'"),
    (["roles", "--family", "operations"], "roles", 2, "unknown family 'operations'"),
    (["compare", "sem", "sem"], "compare", 2, "cannot compare 'sem' with itself"),
    (["compare", "sem"], "compare", 2, "Missing argument 'B'"),
    (["paths", "seo", "user-operation", "--max", "0"], "paths", 2, "--max must be from 1 to 50"),
    (["advise", "--role", "semm", "--no-input"], "advise", 2, "bad answer to 'current_role'"),
    (["advise", "--no-input"], "advise", 2, "missing answer: current_role"),
    (["advise", "--role", "sem", "--no-input", "--company", "huge"], "advise", 2, "bad answer to 'company_type'"),
    (["skills", "--bogus"], "skills", 2, "No such option: --bogus"),
]


@pytest.mark.parametrize("argv,command,code,fragment", CASES, ids=lambda c: c if isinstance(c, str) else None)
@pytest.mark.parametrize("form", [["--json"], ["--format", "json"], ["--format=json"]])
def test_an_error_is_also_json_on_stdout(argv, command, code, fragment, form):
    plain = run(*argv)
    asked = run(*argv, *form)
    assert plain.code == asked.code == code
    assert plain.stdout == ""
    assert asked.stderr == plain.stderr and fragment in asked.stderr  # stderr unchanged
    data = asked.json()  # exactly one JSON object
    validate(data, "error")
    assert data["command"] == command and data["error"]["code"] == code
    assert fragment in data["error"]["message"]
    assert data["error"]["message"] in asked.stderr


def test_an_invalid_knowledge_base_lists_its_problems(write_kb):
    path = write_kb(lambda d: d["roles"][0].update(kind="boss"))
    asked = run("--kb", path, "show", "seo", "--json")
    assert asked.code == 3
    data = asked.json()
    validate(data, "error")
    assert data["command"] == "show" and data["error"]["code"] == 3
    assert data["error"]["problems"] and all(p["file"] == path for p in data["error"]["problems"])
    assert data["error"]["problems"][0]["message"] in asked.stderr


def test_a_cohort_header_error_is_json_too(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("years\n2\n", encoding="utf-8")
    asked = run("advise", "--batch", str(path), "--json")
    assert asked.code == 2
    assert asked.json()["error"]["message"].startswith(f"{path}:1: no column gives current_role")


@pytest.mark.parametrize("argv", [["show", "seoo", "--format", "jsn"], ["shwo", "seo", "--json"],
                                  ["show", "seoo", "--", "--json"]])
def test_no_json_unless_a_known_command_asked_for_it(argv):
    result = run(*argv)
    assert result.code == 2 and result.stdout == "" and result.stderr.startswith("promo-ops: error: ")


def test_a_successful_run_prints_no_error_object():
    data = run("show", "seo", "--json").json()
    assert "error" not in data and data["command"] == "show"
