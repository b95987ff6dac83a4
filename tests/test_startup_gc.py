"""The cyclic garbage collector during start-up (promo_ops.entry.run).

The console script turns the collector off while Typer and promo-ops are
imported and the command is built, then freezes what start-up made and turns
it back on for the run's own work. main() called as a function (these tests,
embedding) must leave the caller's collector exactly as it was.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

from conftest import ROOT, run

# Runs promo_ops.entry.run() as the console script does, and reports the collector's state
# as the command saw it (from inside the core, through a wrapped knowledge.load) and after.
PROBE = r"""
import gc, json, sys
from promo_ops import knowledge
from promo_ops import entry

seen = {}
original = knowledge.load

def load(*args, **kwargs):
    seen["during_run"] = gc.isenabled()
    seen["frozen_during_run"] = gc.get_freeze_count()
    return original(*args, **kwargs)

knowledge.load = load
sys.argv = ["promo-ops"] + sys.argv[1:]
if sys.argv[1:] == ["CLOSED"]:
    import os
    sys.argv[1:] = ["roles"]
    os.close(1)  # stdout closed: main() returns before anything is imported or built
seen["before"] = gc.isenabled()
code = entry.run()
seen["after"] = gc.isenabled()
seen["oldest_threshold_after"] = gc.get_threshold()[2]
seen["frozen_after"] = gc.get_freeze_count()
seen["code"] = code
sys.stderr.write(json.dumps(seen) + "\n")
"""


def _probe(*args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROMO_OPS_")}
    env.update(NO_COLOR="1", PROMO_OPS_CACHE_DIR=os.environ["PROMO_OPS_CACHE_DIR"])
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_the_console_script_freezes_start_up_and_runs_the_command_with_the_collector_on():
    seen = _probe("advise", "--role", "sem", "--json")
    assert seen["code"] == 0
    assert seen["before"] is True
    # The command's own work (which may be a cohort or a big knowledge base) runs collected...
    assert seen["during_run"] is True
    # ...and start-up's objects were frozen, where the collector never walks them again.
    assert seen["frozen_during_run"] > 10_000
    assert seen["after"] is True
    # The loaded knowledge base lives as long as the process: frozen too, and no full collection
    # walks what is left again and again while the command works (young objects are still collected).
    assert seen["frozen_after"] > seen["frozen_during_run"]
    assert seen["oldest_threshold_after"] >= 1 << 30


def test_a_run_that_ends_before_the_command_is_built_turns_the_collector_back_on():
    seen = _probe("CLOSED")
    assert seen["code"] == 2
    assert "during_run" not in seen  # it never got as far as the command
    assert seen["after"] is True


def test_a_usage_error_ends_with_the_collector_on():
    seen = _probe("no-such-command")
    assert seen["code"] == 2
    assert seen["after"] is True


def test_main_called_as_a_function_leaves_the_collector_as_it_was():
    frozen, threshold = gc.get_freeze_count(), gc.get_threshold()
    assert gc.isenabled()
    assert run("compare", "promotion", "operation", "--json").code == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # nothing of the caller's was frozen
    assert gc.get_threshold() == threshold
    gc.disable()
    try:
        assert run("roles", "--json").code == 0
        assert not gc.isenabled()  # a caller that had it off gets it back off
    finally:
        gc.enable()


def test_python_dash_m_goes_through_the_same_start_up():
    main_py = (ROOT / "src" / "promo_ops" / "__main__.py").read_text()
    assert "run()" in main_py
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'promo-ops = "promo_ops.entry:run"' in pyproject
