"""The built-in knowledge base ships validated inside the package (tools/make_builtin.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from promo_ops import knowledge

from conftest import modules_after

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_builtin  # noqa: E402


def test_the_shipped_model_is_current():
    current = (ROOT / "src" / "promo_ops" / "builtin_kb.py").read_text(encoding="utf-8")
    assert current == make_builtin.render(), "src/promo_ops/builtin_kb.py is stale; run python tools/make_builtin.py"


def test_the_shipped_model_equals_a_fresh_validation():
    shipped = knowledge.load(knowledge.builtin_path())
    fresh = knowledge.load(knowledge.builtin_path(), use_cache=False)
    # `digest` is the cache's key for a validated file; the shipped model never goes through the cache.
    assert fresh.digest and shipped.digest == ""
    assert shipped == fresh.replace(digest="") and shipped is not fresh
    assert shipped.path == knowledge.builtin_path()


def test_an_ordinary_run_imports_neither_pyyaml_nor_the_validator(tmp_path):
    watched = ("yaml", "promo_ops.kbcheck", "promo_ops.fileio.safeyaml")
    assert modules_after(["advise", "--role", "sem", "--json"], watched, tmp_path / "cache") == []
    assert not (tmp_path / "cache").exists()  # and no cache was read or written
