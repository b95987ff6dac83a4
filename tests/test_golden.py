"""The JSON every README example prints is pinned byte for byte.

A change that alters JSON output on purpose regenerates the stored outputs
with `python tools/make_golden.py` and says so in its commit message; any
other change (a refactor) must leave them untouched.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT, run

sys.path.insert(0, str(ROOT / "tools"))
import make_golden  # noqa: E402

STORED = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(make_golden.GOLDEN.glob("*.json"))}


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    import os

    folder = tmp_path_factory.mktemp("golden")
    here = os.getcwd()
    os.chdir(folder)
    try:
        return make_golden.produce(run, folder)
    finally:
        os.chdir(here)


def test_every_readme_example_has_a_stored_output(produced):
    assert sorted(produced) == sorted(STORED), "run `python tools/make_golden.py`"
    assert len(STORED) >= 15


@pytest.mark.parametrize("name", sorted(STORED))
def test_output_is_byte_identical(name, produced):
    argv, code, stdout = produced[name]
    assert (argv, code) == (STORED[name]["argv"], STORED[name]["exit_code"])
    assert stdout == STORED[name]["stdout"]
