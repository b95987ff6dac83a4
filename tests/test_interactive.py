"""The interactive flow in a real pseudo-terminal (pexpect), as a person would use it."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "LANG": "C.UTF-8"}
for _name in ("PROMO_OPS_KB", "PROMO_OPS_LANG", "LC_ALL", "LC_MESSAGES"):
    ENV.pop(_name, None)


def spawn(*args):
    child = pexpect.spawn(sys.executable, ["-m", "promo_ops", *args], env=ENV, encoding="utf-8", timeout=20,
                          dimensions=(40, 100))
    return child


def finish(child):
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_a_whole_interview():
    child = spawn("advise")
    child.expect("What is your current role\\?  你现在的岗位是？")
    child.expect("2\\) sem")  # numbered choices
    child.expect("\\(required; \\? for help\\)")
    child.sendline("")  # required: Enter alone is not an answer
    child.expect("an answer is required")
    child.sendline("2")
    child.expect("How many years")
    child.expect("\\(1; \\? for help\\)")  # the default is shown
    child.sendline("three")
    child.expect("'three' is not a whole number")
    child.sendline("3")
    child.expect("What kind of company")
    child.sendline("?")
    child.expect("product-oriented companies favour operation")  # help
    child.sendline("3")
    child.expect("Which side do you want to move to")
    child.sendline("")  # default: auto
    child.expect("What do you enjoy")
    child.sendline("1")
    child.expect("Skills you have beyond your role")
    child.sendline("copywriting=2")
    child.expect("Tracks, best first")
    child.expect("Best: Content operation")
    assert finish(child) == 0


def test_answers_given_as_flags_are_not_asked():
    child = spawn("advise", "--role", "sem", "--years", "2", "--company", "small", "--target", "auto",
                  "--interest", "writing", "--skill", "copywriting=2")
    child.expect("Tracks, best first")
    assert "What is your current role" not in child.before
    assert finish(child) == 0


@pytest.mark.parametrize("how", ["ctrl-c", "eof"])
def test_interrupt_at_a_prompt(how):
    child = spawn("advise")
    child.expect("What is your current role")
    child.expect("for help\\)")
    if how == "ctrl-c":
        child.sendintr()
    else:
        child.sendeof()
    child.expect("promo-ops: interrupted")
    rest = child.read() if child.isalive() else ""
    assert "Traceback" not in child.before + rest
    assert finish(child) == 130


def test_no_input_on_a_terminal_does_not_ask():
    child = spawn("advise", "--no-input")
    child.expect("missing answer: current_role \\(--role\\)")
    assert finish(child) == 2


def test_cohort_progress_bar_on_a_terminal(tmp_path):
    import json

    rows = tmp_path / "rows.jsonl"
    rows.write_text((json.dumps({"current_role": "sem"}) + "\n") * 4000)
    out = tmp_path / "out.jsonl"
    child = pexpect.spawn("/bin/bash", ["-c", f"{sys.executable} -m promo_ops advise --batch {rows} > {out}"],
                          env={**ENV, "NO_COLOR": ""}, encoding="utf-8", timeout=60, dimensions=(24, 100))
    child.expect("advising")  # the bar, drawn on stderr because stderr is the terminal
    child.expect(pexpect.EOF)
    assert '"schema_version"' not in child.before  # results went to the file, not the screen
    child.close()
    assert child.exitstatus == 0
    assert len(out.read_text().splitlines()) == 4000


def test_cohort_progress_bar_is_not_drawn_over_results_on_the_same_terminal(tmp_path):
    import json

    rows = tmp_path / "rows.jsonl"
    rows.write_text((json.dumps({"current_role": "sem"}) + "\n") * 400)
    child = pexpect.spawn(sys.executable, ["-m", "promo_ops", "advise", "--batch", str(rows)],
                          env={**ENV, "NO_COLOR": ""}, encoding="utf-8", timeout=60, dimensions=(24, 100))
    child.expect(pexpect.EOF)
    screen = child.before
    child.close()
    assert child.exitstatus == 0
    assert "advising" not in screen  # stdout is this terminal: a bar would overwrite result lines
    lines = [line for line in screen.splitlines() if line.strip()]
    assert len(lines) == 400 and all(line.startswith('{"schema_version"') for line in lines)
