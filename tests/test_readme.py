"""Every command example in the README runs, so the documentation cannot drift from the program."""

from __future__ import annotations

import json
import re
import shlex
import shutil

import pytest

from conftest import ROOT, run
from promo_ops import knowledge

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _examples():
    out = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if not line.startswith("promo-ops"):
                continue
            if line == "promo-ops advise":
                continue  # the interview; tests/test_interactive.py runs it in a terminal
            out.append(re.split(r"\s[|>]\s", line)[0])
    return out


EXAMPLES = _examples()


def test_the_readme_has_examples_of_every_command():
    commands = {shlex.split(e)[1] for e in EXAMPLES}
    assert {"advise", "compare", "paths", "roles", "skills", "show", "kb"} <= commands


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_example_runs(example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "me.yaml").write_text("# promo-ops answers: read them back with `promo-ops advise --answers FILE`\n"
                                      "current_role: sem\n")
    (tmp_path / "cohort.jsonl").write_text(json.dumps({"current_role": "seo"}) + "\n")
    (tmp_path / "survey.csv").write_text("current_role,interests\nsem,writing;people\n")
    shutil.copy(knowledge.builtin_path(), tmp_path / "my-roles.yaml")
    argv = shlex.split(example)[1:]
    argv = ["-" if a == "-" else a for a in argv]
    result = run(*argv, input=json.dumps({"current_role": "editor"}) + "\n")
    assert result.code == 0, (example, result.stderr)
    assert result.stdout


def test_readme_answers_example_is_a_valid_answers_file(tmp_path):
    block = re.search(r"An answers file, as you would write one by hand.*?:\n\n```yaml\n(.*?)```", README, re.S).group(1)
    path = tmp_path / "a.yaml"
    path.write_text(block)
    result = run("advise", "--answers", str(path), "--json")
    assert result.code == 0, result.stderr
    assert result.json()["profile"]["skills"] == {"copywriting": 2}


def test_readme_interview_transcript_is_a_real_run(tmp_path):
    """The transcript in the README is what the interview shows at 80 columns for the inputs it names."""
    import io
    import os
    import sys

    import pexpect

    match = re.search(r"<!-- interview-transcript inputs: (.*?) -->\n```text\n(.*?)```", README, re.S)
    inputs = [part.strip() for part in match.group(1).split("|")]
    shown = [line for line in match.group(2).splitlines()
             if line.strip() not in ("", "…") and not line.startswith("$ ")]
    env = {**os.environ, "NO_COLOR": "1", "PAGER": "cat"}
    env.pop("PROMO_OPS_KB", None)
    env.pop("COLUMNS", None)
    child = pexpect.spawn(sys.executable, ["-m", "promo_ops", "advise"], env=env, encoding="utf-8",
                          timeout=20, dimensions=(50, 80), cwd=str(tmp_path))
    child.logfile_read = io.StringIO()
    for typed in inputs:
        child.expect(r"for help\) |\(y/N\) ")
        child.sendline(typed)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = re.sub(r"\x1b\[[0-9;]*m", "", child.logfile_read.getvalue())
    lines = {line.rstrip() for line in screen.replace("\r\n", "\n").split("\n")}
    missing = [line for line in shown if line.rstrip() not in lines]
    assert not missing, missing


def _journey():
    block = re.search(r"<!-- journey -->\n```console\n(.*?)```", README, re.S).group(1)
    steps = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def _shown(expected, actual):
    """Whether the README's lines are the output's, with "…" standing for any lines left out."""
    at = 0
    for i, line in enumerate(expected):
        if line == "…":
            continue
        if i and expected[i - 1] == "…":
            while at < len(actual) and actual[at] != line:
                at += 1
        if at >= len(actual) or actual[at] != line:
            return False
        at += 1
    return expected[-1:] == ["…"] or at == len(actual)


def test_the_readme_journey_is_what_promo_ops_prints(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command, expected in _journey():
        words = shlex.split(command.replace(" > /dev/null", ""))
        env = {}
        while re.fullmatch(r"[A-Z_]+=.*", words[0]):  # NAME=VALUE before the command: its environment
            name, value = words.pop(0).split("=", 1)
            env[name] = value
        assert words[0] == "promo-ops", command
        argv = words[1:]
        result = run(*argv, env=env)
        assert result.code == 0 and result.stderr == "", (command, result.stderr)
        if expected:
            assert _shown(expected, result.stdout.splitlines()), (command, result.stdout)
    block = re.search(r"holds the day it was made and the four changes since:\n\n```yaml\n(.*?)```", README, re.S)
    import yaml

    assert yaml.safe_load((tmp_path / "me.yaml").read_text())["history"] == yaml.safe_load(block.group(1))["history"]


def test_the_journey_matcher_tells_a_different_output_apart():
    assert _shown(["a", "…", "d"], ["a", "b", "c", "d"])
    assert not _shown(["a", "…", "d"], ["a", "b", "c"])
    assert not _shown(["a", "b"], ["a", "c"])
    assert not _shown(["a"], ["a", "b"])
    assert _shown(["a", "…"], ["a", "b"])
