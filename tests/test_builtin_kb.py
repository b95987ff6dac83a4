"""The built-in knowledge base ships validated inside the package (tools/make_builtin.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from promo_ops import knowledge

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
    probe = ("import sys\nfrom promo_ops.entry import main\nrc = main(['advise', '--role', 'sem', '--json'])\n"
             "sys.stderr.write('LOADED=%s' % sorted(m for m in ('yaml', 'promo_ops.kbcheck', "
             "'promo_ops.fileio.safeyaml') if m in sys.modules))\nsys.exit(rc)\n")
    env = dict(os.environ, PROMO_OPS_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("PROMO_OPS_KB", None)
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "LOADED=[]" in proc.stderr
    assert not (tmp_path / "cache").exists()  # and no cache was read or written
