"""The Markdown report reads the same in the renderers people use: python-markdown, pandoc's
default Markdown and CommonMark with GitHub's tables (markdown-it, as markdownlint ships it), and
passes markdownlint with tools/report.markdownlint.jsonc. Every quote of the article must come out
as a block quote and every exercise nested under its plan item, in each renderer."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, run
from promo_ops import knowledge

KB = knowledge.load(None)

PROFILES = [
    ["--role", "sem", "--years", "1", "--skill", "copywriting=2", "--interest", "people"],
    ["--role", "content-operation", "--company", "small", "--target", "promotion", "--years", "4"],
    ["--role", "seo", "--skill", "prototyping=2", "--skill", "mind-mapping=1"],
]
NODE_TOOLS = Path(os.environ.get("PROMO_OPS_MARKDOWNLINT_DIR", "")) / "node_modules" / ".bin"


class Tree(HTMLParser):
    """Just enough of an HTML tree: each text run with the tags it sits in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list = []
        self.runs: list = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "hr", "img", "input", "col"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if data.strip():
            self.runs.append((tuple(self.stack), data))


def _plain(text):
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("…", "...")
    return " ".join(text.replace("\\", "").split())


def _blocks(html, inside):
    """The text of each outermost `inside` element, in order (nested tags joined in)."""
    tree = Tree()
    tree.feed(html)
    out, current, depth_of = [], [], None
    for stack, data in tree.runs:
        if inside in stack:
            at = stack.index(inside)
            if depth_of is None or at != depth_of or not current:
                pass
            current.append(data)
            depth_of = at
        elif current:
            out.append(_plain(" ".join(current)))
            current, depth_of = [], None
    if current:
        out.append(_plain(" ".join(current)))
    return out


def _nested_items(html):
    """(plan item text, [texts of the items nested in it]) for each item of each ordered list."""
    tree = Tree()
    tree.feed(html)
    items: dict = {}
    order: list = []
    for stack, data in tree.runs:
        if "ol" not in stack:
            continue
        ol = stack.index("ol")
        if len(stack) <= ol + 1 or stack[ol + 1] != "li":
            continue
        # the plan item is the li right under the ol; text in a deeper ul/li is nested in it
        rest = stack[ol + 2:]
        nested = "ul" in rest and "li" in rest[rest.index("ul"):]
        if not nested:
            if not order or items[order[-1]]["closed"]:
                order.append(len(order))
                items[order[-1]] = {"head": [], "nested": [], "closed": False}
            items[order[-1]]["head"].append(data)
        else:
            items[order[-1]]["nested"].append(data)
            items[order[-1]]["closed"] = True
    return [(_plain(" ".join(v["head"])), _plain(" ".join(v["nested"]))) for v in items.values()]


def _report(argv, tmp_path):
    path = tmp_path / "advice.md"
    result = run("advise", *argv, "--no-input", "--report", str(path), "--json",
                 env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01
    assert result.code == 0, result.stderr
    return path, path.read_text(encoding="utf-8"), result.json()


def _check(html, data):
    quotes = _blocks(html, "blockquote")
    wanted = [a["source"] for a in data["advice"] if a.get("source")]
    wanted += [n["source"] for n in data["notes"] if n.get("basis") == "article" and n.get("source")]
    assert wanted and [_plain(q) for q in wanted] == quotes, (wanted, quotes)
    plan = [(head, nested) for head, nested in _nested_items(html) if "level" in head and "→" in head]
    assert len(plan) == len(data["practice_plan"])
    for (head, nested), item in zip(plan, data["practice_plan"]):
        assert _plain(item["name"]) in head
        for exercise in item["exercises"]:
            assert _plain(exercise["text"]) in nested, (exercise["text"], nested)


@pytest.mark.parametrize("argv", PROFILES, ids=lambda a: a[1])
def test_python_markdown_keeps_quotes_and_nested_exercises(argv, tmp_path):
    import markdown

    _, text, data = _report(argv, tmp_path)
    _check(markdown.markdown(text, extensions=["tables"]), data)


@pytest.mark.parametrize("argv", PROFILES, ids=lambda a: a[1])
def test_pandoc_keeps_quotes_and_nested_exercises(argv, tmp_path):
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (apt-get install pandoc; .ci/run installs it)")
    path, _, data = _report(argv, tmp_path)
    html = subprocess.run(["pandoc", "-f", "markdown", "-t", "html", str(path)], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    _check(html, data)


def _node_tool(name):
    """The Node.js tool, from .ci/run's folder or the PATH. Python's markdown-it-py (which Rich
    installs) also has a `markdown-it` command, a CommonMark one without tables: that one is not it."""
    found = NODE_TOOLS / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path and name == "markdown-it":
        version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
        if "markdown-it-py" in version:
            return None
    return path


@pytest.mark.parametrize("argv", PROFILES, ids=lambda a: a[1])
def test_commonmark_with_tables_keeps_quotes_and_nested_exercises(argv, tmp_path):
    tool = _node_tool("markdown-it")
    if tool is None:
        pytest.skip("markdown-it (Node.js) is not installed (it comes with markdownlint-cli2; .ci/run installs "
                    "it into $PROMO_OPS_MARKDOWNLINT_DIR)")
    path, _, data = _report(argv, tmp_path)
    html = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True, timeout=60).stdout
    _check(html, data)
    assert html.count("<table>") == 2


@pytest.mark.parametrize("argv", PROFILES, ids=lambda a: a[1])
def test_markdownlint_passes_with_the_documented_config(argv, tmp_path):
    tool = _node_tool("markdownlint-cli2")
    if tool is None:
        pytest.skip("markdownlint-cli2 is not installed (.ci/run installs it into $PROMO_OPS_MARKDOWNLINT_DIR)")
    path, _, _ = _report(argv, tmp_path)
    done = subprocess.run([tool, "--config", str(ROOT / "tools" / "report.markdownlint.jsonc"), str(path)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_report_carries_its_date_and_the_answers_it_was_made_from(tmp_path):
    _, text, data = _report(PROFILES[0], tmp_path)
    assert "Written on 2026-01-01 by promo-ops " in text
    rows = {line.split(" | ")[0].strip("| "): line for line in text.splitlines() if line.startswith("| ")}
    assert rows["Years in it"] == "| Years in it | 1 year | you said (on the command line) |"  # not "1 years"
    assert rows["Company type"] == "| Company type | (none) | not given |"
    assert rows["Moving to"] == "| Moving to | Operation (the other side, by default) | not given |"
    assert rows["Skill levels you gave"].startswith("| Skill levels you gave | Copywriting 2 | you said")
    kb = knowledge.load(None)
    assumed = [kb.skills[k].name for k, v in data["profile"]["skill_levels"].items() if not v["stated"] and v["level"]]
    assert assumed and all(k in rows["Skill levels assumed"] for k in assumed)  # by name, as the text shows them
    assert "not said by you" in rows["Skill levels assumed"]
    # the transfers read as the terminal reads them
    terminal = " ".join(run("advise", *PROFILES[0], "--no-input").stdout.split())
    best = next(r for r in data["recommendations"] if r["track"] == data["plan_track"])
    assert best["transfers"]
    for x in best["transfers"]:
        said = (f"{KB.skills[x['skill']].name} (level {x['level']}, needs {x['needed']}; "
                f"{'you said' if x['stated'] else 'assumed from your role'})")
        assert said in terminal and said in text
    assert re.search(r"\(level \d, needs \d; (you said|assumed from your role)\)", text)
    assert "(2 of 1)" not in text


def test_the_date_is_today_without_source_date_epoch(tmp_path, monkeypatch):
    import datetime

    from promo_ops.render import markdown as md

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert md.today() == datetime.date.today().isoformat()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert md.today() == "1970-01-01"
