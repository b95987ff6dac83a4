"""Shared helpers: run the CLI in-process with separate stdout and stderr."""

from __future__ import annotations

import copy
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

import pytest
import yaml
from typer.testing import CliRunner

# Tests never touch the user's own cache; each test session gets a fresh one.
import tempfile as _tempfile

os.environ["PROMO_OPS_CACHE_DIR"] = _tempfile.mkdtemp(prefix="promo-ops-test-cache-")
os.environ.pop("PROMO_OPS_NO_CACHE", None)

from promo_ops import knowledge
from promo_ops.entry import main

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parent / "seed" / "promotion-vs-operation.txt"
SCHEMAS = ROOT / "src" / "promo_ops" / "schemas"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run(*args: str, input: Optional[str] = None, env: Optional[Mapping[str, str]] = None) -> Run:
    """Call promo_ops.entry.main as the console script would, capturing both streams."""
    runner = CliRunner()
    # English unless a test asks otherwise, whatever the locale of the machine running the tests.
    base_env = {"PROMO_OPS_KB": None, "NO_COLOR": "1", "COLUMNS": "80",
                "PROMO_OPS_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}
    base_env.update(env or {})
    with runner.isolation(input=input, env=base_env) as (out, err, _):
        code = main(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8")
        stderr = err.getvalue().decode("utf-8")
    return Run(code, stdout, stderr)


@pytest.fixture(autouse=True)
def _english_first():
    """Each test starts in English: a run in Chinese sets the process's language, and a core
    function called directly afterwards would otherwise answer in it."""
    from promo_ops import messages

    messages.set_language("en")
    yield


@pytest.fixture(scope="session")
def kb():
    return knowledge.load(knowledge.builtin_path())


@pytest.fixture(scope="session")
def kb_data():
    with open(knowledge.builtin_path(), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture
def write_kb(tmp_path, kb_data):
    """Write a (changed) copy of the built-in knowledge base; returns its path."""

    def write(change=None, text: Optional[str] = None, name: str = "kb.yaml") -> str:
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
            return str(path)
        data = copy.deepcopy(kb_data)
        if change is not None:
            change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return str(path)

    return write


def schema(name: str) -> dict:
    with open(SCHEMAS / f"{name}.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


def validate(instance: Any, name: str) -> None:
    import jsonschema

    jsonschema.Draft202012Validator(schema(name)).validate(instance)


def modules_after(args: list, watched: tuple, cache_dir: Path) -> list:
    """Run promo-ops with `args` in a fresh interpreter (stdin a pipe: no terminal, nothing asked,
    the built-in knowledge base, its own cache folder); returns which of `watched` it imported.
    The run must succeed."""
    import subprocess

    probe = ("import sys\nfrom promo_ops.entry import main\nrc = main(sys.argv[1:])\n"
             f"sys.stderr.write('\\nLOADED=%r' % sorted(m for m in {watched!r} if m in sys.modules))\n"
             "sys.exit(rc)\n")
    env = dict(os.environ, PROMO_OPS_CACHE_DIR=str(cache_dir))
    env.pop("PROMO_OPS_KB", None)
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr
    import ast

    return ast.literal_eval(proc.stderr.rsplit("LOADED=", 1)[1])  # the list the probe wrote
