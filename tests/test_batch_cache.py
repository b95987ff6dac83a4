"""Cohort mode, the model cache, and what --json runs import."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import run, validate
from promo_ops import cache, knowledge


def lines(out):
    return [json.loads(line) for line in out.splitlines()]


def test_batch_jsonl_in_order_with_line_numbers(tmp_path):
    rows = [{"current_role": "sem", "skills": {"copywriting": 2}},
            {"current_role": "seo", "interests": ["people"]},
            {"current_role": "content-operation", "company_type": "small", "target": "promotion"}]
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n\n" + json.dumps(rows[2]) + "\n")
    result = run("advise", "--batch", str(path))
    assert result.code == 0, result.stderr
    out = lines(result.stdout)
    assert [o["line"] for o in out] == [1, 2, 4]
    for row, o in zip(rows, out):
        validate(o, "advise")
        single = run("advise", "--answers", "-", "--json", input=json.dumps(row)).json()
        assert {k: v for k, v in o.items() if k != "line"} == single  # the same result as one at a time
    assert [o["plan_track"] for o in out] == ["content-operation", "user-operation", "new-media-promotion"]


def test_batch_bad_rows_become_error_objects(tmp_path):
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join([
        json.dumps({"current_role": "sem"}),
        json.dumps({"current_role": "semm"}),
        "{not json",
        json.dumps({"current_role": "seo", "skils": {}}),
        json.dumps(["sem"]),
        json.dumps({"current_role": "seo", "years": 2}),
    ]) + "\n")
    result = run("advise", "--batch", str(path))
    assert result.code == 2
    out = lines(result.stdout)
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6]
    errors = {o["line"]: o["error"]["message"] for o in out if "error" in o}
    assert set(errors) == {2, 3, 4, 5}
    assert errors[2].startswith(f"{path}:2: bad answer to 'current_role': 'semm'") and "did you mean 'sem'" in errors[2]
    assert errors[3].startswith(f"{path}:3: not valid JSON")
    assert "unknown key 'skils' (did you mean 'skills'?)" in errors[4]
    assert "must be a JSON object" in errors[5]
    assert out[5]["profile"]["years"] == 2  # processing went on
    assert "4 of 6 rows failed" in result.stderr


def test_batch_csv_as_a_survey_exports_it(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("current_role,years,company_type,interests,skills\n"
                    "sem,3,,writing;people,copywriting=2 prototyping=1\n"
                    "seo,x,,,\n"
                    ",,,,\n"
                    "\"content-operation\",1,small,,\n")
    result = run("advise", "--batch", str(path))
    assert result.code == 2
    out = lines(result.stdout)
    assert [o["line"] for o in out] == [2, 3, 5]
    assert out[0]["profile"]["interests"] == ["writing", "people"]
    assert out[0]["profile"]["skills"] == {"copywriting": 2, "prototyping": 1}
    assert out[0]["profile"]["company_type"] is None  # empty cell: the default
    assert out[1]["error"]["message"] == f"{path}:3: bad answer to 'years': 'x' is not a whole number"
    assert out[2]["profile"]["company_type"] == "small"


def test_batch_csv_unknown_column_is_one_warning_or_with_strict_an_error(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("current_role,yeras,Timestamp\nsem,3,2024-05-01\nseo,1,2024-05-02\n")
    result = run("advise", "--batch", str(path))
    assert result.code == 0 and len(lines(result.stdout)) == 2
    assert result.stderr == (f"promo-ops: warning: {path}:1: ignoring columns that name no question: "
                             "'yeras' (did you mean 'years'?), 'Timestamp'; map one with --columns QUESTION=COLUMN, "
                             "or --strict to make this an error\n")
    result = run("advise", "--batch", str(path), "--strict")
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"promo-ops: error: {path}:1: unknown CSV columns: "
                                    "'yeras' (did you mean 'years'?), 'Timestamp';")


def test_batch_from_stdin_and_bad_combinations():
    result = run("advise", "--batch", "-", input=json.dumps({"current_role": "editor"}) + "\n")
    assert result.code == 0 and lines(result.stdout)[0]["profile"]["current_role"] == "editor"
    result = run("advise", "--batch", "-", "--role", "sem", input="")
    assert result.code == 2 and "--batch takes every answer from its file; drop --role" in result.stderr
    result = run("advise", "--batch", "/nonexistent/cohort.jsonl")
    assert result.code == 2 and "batch file not found" in result.stderr


# --- the cache ----------------------------------------------------------------------------------

@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROMO_OPS_CACHE_DIR", str(folder))
    return folder


def _forbid_validation(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed and validated again: the cache was not used")

    monkeypatch.setattr(knowledge, "parse_and_check", refuse)


def test_cache_is_used_and_equals_a_fresh_load(fresh_cache, monkeypatch, write_kb):
    path = write_kb()
    first = knowledge.load(path)
    assert len(list(fresh_cache.glob("*.model"))) == 1
    _forbid_validation(monkeypatch)
    again = knowledge.load(path)
    assert again == first and again is not first
    assert again.path == path


def test_cache_follows_the_content(fresh_cache, monkeypatch, write_kb):
    path = write_kb()
    knowledge.load(path)
    def rename(data):
        data["roles"][0]["name"] = "Search specialist"
    write_kb(rename)  # same path, new content
    assert knowledge.load(path).roles["seo"].name == "Search specialist"
    assert len(list(fresh_cache.glob("*.model"))) == 2


def test_a_broken_cache_entry_is_a_miss(fresh_cache, write_kb):
    path = write_kb()
    kb = knowledge.load(path)
    entry = next(fresh_cache.glob("*.model"))
    entry.write_bytes(b"\x00garbage")
    assert knowledge.load(path) == kb
    assert entry.read_bytes() != b"\x00garbage"  # rewritten


def test_a_cache_others_can_write_is_not_trusted(fresh_cache, monkeypatch, write_kb):
    path = write_kb()
    knowledge.load(path)
    os.chmod(fresh_cache, 0o777)
    calls = []
    real = knowledge.parse_and_check
    monkeypatch.setattr(knowledge, "parse_and_check", lambda *a: calls.append(1) or real(*a))
    knowledge.load(path)
    assert calls == [1]


def test_cache_can_be_turned_off(fresh_cache, monkeypatch, write_kb):
    monkeypatch.setenv("PROMO_OPS_NO_CACHE", "1")
    knowledge.load(write_kb())
    assert not fresh_cache.exists()


def test_cache_keeps_a_bounded_number_of_entries(fresh_cache, write_kb):
    for i in range(cache.KEEP + 3):
        def rename(data, i=i):
            data["roles"][0]["name"] = f"SEO {i}"
        knowledge.load(write_kb(rename))
    assert len(list(fresh_cache.glob("*.model"))) == cache.KEEP


# --- import discipline -------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["compare", "promotion", "operation", "--json"],
    ["advise", "--role", "sem", "--json"],
    ["paths", "seo", "user-operation", "--json"],
    ["roles", "--json"],
    ["show", "money-calendar", "--json"],
])
def test_json_runs_do_not_import_rich(argv, tmp_path):
    code = ("import sys, runpy\n"
            f"sys.argv = ['promo-ops', *{argv!r}]\n"
            "from promo_ops.entry import main\n"
            "rc = main()\n"
            "loaded = sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.'))\n"
            "sys.stderr.write('RICH=' + ','.join(loaded) + '\\n')\n"
            "sys.exit(rc)\n")
    env = dict(os.environ, PROMO_OPS_CACHE_DIR=str(tmp_path / "cache"))
    for attempt in ("cold", "warm"):  # without and with the cache
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stderr
        json.loads(proc.stdout)
        assert "RICH=\n" in proc.stderr, (attempt, proc.stderr)


def test_a_warm_json_run_does_not_import_yaml(tmp_path):
    code = ("import sys\n"
            "from promo_ops.entry import main\n"
            "main(['compare', 'promotion', 'operation', '--json'])\n"
            "main(['compare', 'promotion', 'operation', '--json'])\n")
    env = dict(os.environ, PROMO_OPS_CACHE_DIR=str(tmp_path / "cache"))
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
    probe = ("import sys\nfrom promo_ops.entry import main\nmain(['compare', 'promotion', 'operation', '--json'])\n"
             "sys.stderr.write('YAML=%s' % ('yaml' in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert "YAML=False" in proc.stderr


def test_batch_reused_parts_give_the_same_results_as_one_at_a_time(tmp_path):
    # Rows that share tracks, levels and fired rules reuse encoded parts; each line must still be
    # exactly what advise --json says for that row alone.
    rows = [{"current_role": "sem", "skills": {"copywriting": 2}},
            {"current_role": "sem", "skills": {"copywriting": 2}, "years": 5},
            {"current_role": "sem", "skills": {"copywriting": 2, "prototyping": 1}, "company_type": "product"},
            {"current_role": "seo", "interests": ["people"]},
            {"current_role": "seo", "interests": ["people", "writing"]}]
    path = tmp_path / "cohort.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows * 2))
    result = run("advise", "--batch", str(path))
    assert result.code == 0
    out = lines(result.stdout)
    assert len(out) == 10
    for i, o in enumerate(out):
        single = run("advise", "--answers", "-", "--json", input=json.dumps(rows[i % 5])).json()
        assert o.pop("line") == i + 1
        assert o == single
