"""One --format option, with a registry of renderers; --json is its alias."""

from __future__ import annotations

import json

import pytest

from conftest import run
from promo_ops import render

EVERY = {
    "roles": ["roles"], "skills": ["skills"], "show": ["show", "sem"], "kb validate": ["kb", "validate"],
    "advise": ["advise", "--role", "sem", "--no-input"], "compare": ["compare", "promotion", "operation"],
    "paths": ["paths", "seo", "user-operation"],
}


@pytest.mark.parametrize("command", sorted(EVERY))
def test_format_json_is_the_same_as_json(command):
    argv = EVERY[command]
    a, b = run(*argv, "--json"), run(*argv, "--format", "json")
    assert a.code == b.code == 0, (a.stderr, b.stderr)
    assert a.stdout == b.stdout
    assert json.loads(a.stdout)["command"] == command


@pytest.mark.parametrize("command", sorted(EVERY))
def test_format_text_is_the_default(command):
    argv = EVERY[command]
    assert run(*argv).stdout == run(*argv, "--format", "text").stdout


@pytest.mark.parametrize("command", sorted(EVERY))
def test_a_form_the_command_does_not_offer_is_a_usage_error(command):
    offered = render.formats_for(command)
    missing = next(f for f in ("dot", "markdown", "mermaid") if f not in offered)
    result = run(*EVERY[command], "--format", missing)
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == f"promo-ops: error: --format '{missing}' is not one of {', '.join(offered)}\n"


def test_a_misspelt_form_gets_did_you_mean():
    result = run("compare", "promotion", "operation", "--format", "jsn")
    assert result.code == 2
    assert "(did you mean 'json'?)" in result.stderr


def test_json_and_another_format_together_are_refused():
    result = run("paths", "seo", "user-operation", "--json", "--format", "dot")
    assert result.code == 2
    assert result.stderr == "promo-ops: error: --json and --format dot disagree; give one of them\n"


def test_advise_prints_markdown_as_report_writes_it(tmp_path):
    report = tmp_path / "a.md"
    shown = run("advise", "--role", "sem", "--no-input", "--format", "markdown", "--report", str(report))
    assert shown.code == 0, shown.stderr
    assert shown.stdout == report.read_text(encoding="utf-8")
    assert shown.stdout.startswith("<!-- promo-ops report -->")


def test_every_registered_form_has_a_renderer():
    from importlib import import_module

    for form, (module, function) in render.FORMATS.items():
        assert callable(getattr(import_module(module), function)), form
    for command, forms in render.COMMANDS.items():
        assert set(forms) <= set(render.FORMATS), command
