"""The terminal around the output: -V, --no-color, the pager (only for a terminal, never for a
pipe), one help layout for every command, and shell completion (bash)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pexpect
import pytest

from conftest import run

BIN = os.path.dirname(sys.executable)
ENV = {**os.environ, "COLUMNS": "80", "LANG": "C.UTF-8", "TERM": "xterm-256color",
       "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}
ENV.pop("NO_COLOR", None)
ENV.pop("PAGER", None)
ESC = re.compile(r"\x1b\[[0-9;]*m")


def terminal(*args, env=None, rows=24):
    """Run promo-ops on a pseudo-terminal of `rows` lines; everything it showed there."""
    child = pexpect.spawn(sys.executable, ["-m", "promo_ops", *args], env={**ENV, **(env or {})},
                          encoding="utf-8", timeout=30, dimensions=(rows, 80))
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def test_dash_capital_v_is_version():
    assert run("-V").stdout == run("--version").stdout != ""
    assert run("-V").stdout.startswith("promo-ops ")


@pytest.mark.parametrize("args", [["--no-color", "skills"], ["skills", "--no-color"]])
def test_no_color_on_a_terminal(args):
    code, coloured = terminal("skills", "--no-pager")
    assert code == 0 and "\x1b[36m" in coloured  # the ids are cyan on a terminal...
    code, plain = terminal(*args, "--no-pager")
    assert code == 0 and "\x1b[36m" not in plain  # ...and --no-color drops the colour, as NO_COLOR does
    assert ESC.sub("", plain) == ESC.sub("", coloured)


def test_long_output_goes_to_the_pager_on_a_terminal_only(tmp_path):
    paged = tmp_path / "paged.txt"
    pager = {"PAGER": f"cat > {paged}"}
    code, shown = terminal("skills", env=pager)
    assert code == 0 and paged.exists()
    assert "copywriting" in paged.read_text(encoding="utf-8") and "copywriting" not in shown
    paged.unlink()
    code, shown = terminal("skills", "--no-pager", env=pager)
    assert code == 0 and not paged.exists() and "copywriting" in shown
    code, shown = terminal("skills", env=pager, rows=200)  # it fits: no pager
    assert code == 0 and not paged.exists() and "copywriting" in shown
    code, shown = terminal("skills", "--json", env=pager)  # JSON is for programs: never paged
    assert code == 0 and not paged.exists() and '"command": "skills"' in shown
    piped = subprocess.run([sys.executable, "-m", "promo_ops", "skills"], env={**ENV, **pager},
                           capture_output=True, text=True, timeout=30)
    assert piped.returncode == 0 and not paged.exists() and "copywriting" in piped.stdout


def test_a_pager_that_cannot_start_prints_instead():
    code, shown = terminal("skills", env={"PAGER": "no-such-pager-anywhere"})
    assert code == 0 and "copywriting" in shown


HELP_COMMANDS = [[], ["roles"], ["skills"], ["show"], ["advise"], ["compare"], ["paths"], ["progress"], ["kb"],
                 ["kb", "validate"]]


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_one_help_layout_for_every_command(command):
    result = run(*command, "--help")
    assert result.code == 0
    text = result.stdout
    lines = text.splitlines()
    assert lines[0].startswith(f"Usage: promo-ops {' '.join(command)}".rstrip() + " [OPTIONS]")
    assert lines[2].startswith("  Example: promo-ops ")  # every help starts with an example
    assert "\nOptions:\n" in text and "  -h, --help" in text
    assert not re.search(r"[{}<>]", lines[0]), lines[0]  # ID, not {ID} or <str>
    assert not re.search(r"[╭╮╰╯│─]", text)  # no boxes: the same plain layout everywhere
    assert all(len(line) <= 80 for line in lines)


def _bash_complete(words, cword):
    script = subprocess.run([os.path.join(BIN, "promo-ops"), "--show-completion", "bash"], capture_output=True,
                            text=True, timeout=30, env={**ENV, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}).stdout
    assert "complete -o default -F _promo_ops_completion promo-ops" in script
    program = (f"{script}\nCOMP_WORDS=({words}); COMP_CWORD={cword}; _promo_ops_completion promo-ops; "
               'printf "%s\\n" "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], env=ENV, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("words,cword,expected", [
    ("promo-ops ''", 1, ["roles", "skills", "show", "advise", "compare", "paths", "progress", "kb"]),
    ("promo-ops co", 1, ["compare"]),
    ("promo-ops show money", 2, ["money-calendar"]),
    ("promo-ops compare pro", 2, ["promotion", "product-operation"]),
    ("promo-ops paths seo user", 3, ["user-operation"]),
    ("promo-ops advise --company ''", 3, ["product", "marketing", "small", "big"]),
    ("promo-ops advise --target a", 3, ["auto", "any"]),
    ("promo-ops advise --interest w", 3, ["writing"]),
    ("promo-ops advise --skill proto", 3, ["prototyping="]),
    ("promo-ops paths seo sem --format m", 5, ["mermaid"]),
    ("promo-ops roles --family o", 3, ["operation"]),
])
def test_bash_completion_of_commands_ids_and_choices(words, cword, expected):
    assert sorted(_bash_complete(words, cword)) == sorted(expected)
