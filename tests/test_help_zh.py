"""Every command's help, options included, in Chinese, within 80 columns measured by display width."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from conftest import run
from promo_ops.render import helpfit

COMMANDS = [[], ["roles"], ["skills"], ["show"], ["advise"], ["compare"], ["paths"], ["progress"], ["kb"],
            ["kb", "validate"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_help_in_chinese_fits_80_columns(command):
    result = run("--lang", "zh", *command, "--help")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].startswith("  示例：promo-ops")  # still leads with an example
    assert all(cell_len(line) <= 80 for line in lines), [line for line in lines if cell_len(line) > 80]


@pytest.mark.parametrize("command, english, chinese", [
    (["advise"], "Never ask; fail if a required answer is missing.", "从不提问；缺少必答项就报错。"),
    (["paths"], "How many routes (1-50); the direct move is always listed.", "显示几条路线（1-50）"),
    ([], "Knowledge base to use instead of the built-in one", "改用这个知识库，不用内置的"),
    (["roles"], "Output form: text, json (default text).", "输出格式：text, json（默认 text）。"),
])
def test_option_help_follows_the_language(command, english, chinese):
    zh = run("--lang", "zh", *command, "--help").stdout
    en = run(*command, "--help").stdout
    assert chinese in zh.replace("\n", "").replace(" " * 26, "") and english not in zh
    assert english in en.replace("\n" + " " * 20, " ") or english.split(";")[0] in en


def test_fit_leaves_english_alone_and_wraps_wide_text_by_columns():
    english = "  --role ID   " + "word " * 30
    assert helpfit.fit(english) == english  # Click already wrapped it; nothing wide to measure
    wide = "  --motive NAME           想转的原因（如有），可重复：no-growth（推广学不到东西或没有成长空间）、tiring（累）。"
    lines = helpfit.fit(wide).splitlines()
    assert len(lines) == 2 and all(cell_len(line) <= 80 for line in lines)
    assert lines[1].startswith(" " * 26) and not lines[1].strip().startswith("、")  # hangs; no orphan comma
