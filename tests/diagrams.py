"""Check diagrams with the tools that draw them: Graphviz's `dot` and Mermaid's own parser.

`.ci/run` installs both (Graphviz from the system packages, Mermaid and jsdom
from npm into a cache folder outside the repository). Where a tool cannot be
had, the test that needs it is skipped with a message that says which tool is
missing and how to get it; it never passes without the check.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Optional, Tuple

import pytest

HERE = Path(__file__).resolve().parent
MERMAID_SCRIPT = HERE / "tools" / "mermaid_parse.mjs"
MERMAID_HINT = ("run .ci/run, or: npm install --prefix ~/.cache/promo-ops-ci/mermaid "
                "mermaid@11.17.2 jsdom@26.1.0 (or set PROMO_OPS_MERMAID_DIR to such a folder)")


def mermaid_dir() -> Path:
    explicit = os.environ.get("PROMO_OPS_MERMAID_DIR", "").strip()
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "promo-ops-ci" / "mermaid"


def check_dot(text: str) -> Tuple[float, float]:
    """Parse a DOT text with Graphviz and lay it out; returns the picture's (width, height) in inches."""
    exe = shutil.which("dot")
    if exe is None:
        pytest.skip("Graphviz's `dot` is not installed, so DOT output cannot be checked: "
                    "apt-get install graphviz (.ci/run does it)")
    done = subprocess.run([exe, "-Tplain"], input=text, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr.strip(), f"dot rejects the output: {done.stderr}\n{text}"
    first = done.stdout.splitlines()[0].split()
    assert first[0] == "graph", done.stdout[:200]
    return float(first[2]), float(first[3])


class _Mermaid:
    def __init__(self) -> None:
        self.proc: Optional[subprocess.Popen] = None
        self.why_not: Optional[str] = None
        self.version = ""

    def start(self) -> None:
        if self.proc is not None or self.why_not is not None:
            return
        node = shutil.which("node")
        folder = mermaid_dir()
        if node is None:
            self.why_not = f"Node.js is not installed, so Mermaid output cannot be checked: {MERMAID_HINT}"
            return
        if not (folder / "node_modules" / "mermaid").is_dir() or not (folder / "node_modules" / "jsdom").is_dir():
            self.why_not = f"Mermaid's parser is not installed in {folder}: {MERMAID_HINT}"
            return
        self.proc = subprocess.Popen([node, str(MERMAID_SCRIPT), str(folder)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        atexit.register(self.stop)
        ready = self.proc.stdout.readline()
        if not ready:
            err = self.proc.stderr.read()
            self.proc = None
            self.why_not = f"Mermaid's parser did not start ({err.strip()[-300:]}): {MERMAID_HINT}"
            return
        self.version = json.loads(ready)["version"]

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
            self.proc = None

    def parse(self, text: str) -> dict:
        self.start()
        if self.why_not is not None:
            pytest.skip(self.why_not)
        assert self.proc is not None
        self.proc.stdin.write(json.dumps(text) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "Mermaid's parser stopped: " + self.proc.stderr.read()[-500:]
        return json.loads(line)


_MERMAID = _Mermaid()


def check_mermaid(text: str) -> str:
    """Parse a Mermaid text with Mermaid's own parser; returns the diagram type it found."""
    answer = _MERMAID.parse(text)
    assert answer["ok"], f"Mermaid {_MERMAID.version} rejects the output: {answer.get('error')}\n{text}"
    return answer["type"]
