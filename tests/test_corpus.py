"""The hostile-input corpus (tests/corpus): every case gives its exit code and its message, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import run
from promo_ops.fileio import textfile

CORPUS = Path(__file__).resolve().parent / "corpus"
sys.path.insert(0, str(CORPUS))
import make_corpus  # noqa: E402


def _cases():
    rows = []
    for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        path, code, fragment = line.split("\t")
        rows.append((path, int(code), fragment))
    return rows


CASES = _cases()


def test_corpus_is_large_enough_and_current():
    suites = [path.split("/")[0] for path, _, _ in CASES]
    assert suites.count("kb") >= 40 and suites.count("answers") >= 25 and suites.count("batch") >= 5
    for path, data in make_corpus.render().items():
        assert (CORPUS / path).read_bytes() == data, f"{path} is stale; run python tests/corpus/make_corpus.py"
    listed = {path for path, _, _ in CASES} | {"MANIFEST.tsv"}
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".py"
               and "__pycache__" not in p.parts}
    assert on_disk == listed


@pytest.mark.parametrize("path,code,fragment", CASES, ids=[c[0] for c in CASES])
def test_corpus_case(path, code, fragment):
    file = str(CORPUS / path)
    suite = path.split("/")[0]
    if suite == "kb":
        result = run("kb", "validate", file)
    elif suite == "answers":
        result = run("advise", "--no-input", "--answers", file, "--json")
    else:
        result = run("advise", "--batch", file)
    assert result.code == code, (result.stdout[-500:], result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert "\x1b" not in result.stderr + result.stdout  # nothing from a file may drive the terminal
    if suite == "batch":
        assert fragment in result.stdout + result.stderr
        return
    if code == 0:
        assert fragment in result.stdout and result.stderr == ""
    else:
        assert fragment in result.stderr
        if suite == "answers":  # asked for --json: the error is also one JSON object on stdout
            from conftest import validate

            error = result.json()
            validate(error, "error")
            assert error["error"]["code"] == code
            assert error["error"]["message"] in result.stderr
        else:
            assert result.stdout == ""
        assert all(line.startswith("promo-ops: ") for line in result.stderr.splitlines())


def test_batch_mixed_rows_say_which_lines_failed():
    import json

    out = [json.loads(line) for line in run("advise", "--batch", str(CORPUS / "batch/mixed-rows.jsonl")).stdout.splitlines()]
    failed = [o["line"] for o in out if "error" in o]
    assert failed == [2, 3, 4, 5, 6, 7, 8, 9]
    assert out[-1]["profile"]["current_role"] == "editor"


@pytest.mark.parametrize("argv,size,code,fragment", [
    # Each kind of file has its own byte limit (textfile.Limits), checked before a byte is read.
    (["kb", "validate"], 64 * 2**20 + 1, 3, "knowledge base is 67,108,865 bytes; the limit is 67,108,864"),
    (["advise", "--answers"], 2**20 + 1, 2, "answers file is 1,048,577 bytes; the limit is 1,048,576"),
    (["progress"], 4 * 2**20 + 1, 2, "plan file is 4,194,305 bytes; the limit is 4,194,304"),
    (["advise", "--batch"], 16 * 2**20 + 1, 2, "batch file is 16,777,217 bytes; the limit is 16,777,216"),
    (["advise", "--columns-file", "{path}", "--batch"], 64 * 1024 + 1, 2,
     "columns file is 65,537 bytes; the limit is 65,536"),
])
def test_files_over_the_size_limit(tmp_path, argv, size, code, fragment):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as fh:
        fh.truncate(size)
    if "{path}" in argv:  # the columns file is the one over its limit; the cohort file is fine
        rows = tmp_path / "rows.csv"
        rows.write_text("current_role\nsem\n", encoding="utf-8")
        argv = [str(path) if a == "{path}" else a for a in argv] + [str(rows)]
        result = run(*argv)
    else:
        result = run(*argv, str(path))
    assert result.code == code and fragment in result.stderr and result.stdout == "", result.stderr


@pytest.mark.parametrize("argv,code,fragment", [
    (["kb", "validate", "{dir}"], 3, "knowledge base is a directory, not a file"),
    (["kb", "validate", "{dir}/missing.yaml"], 3, "knowledge base not found"),
    (["--kb", "{dir}", "roles"], 3, "knowledge base is a directory, not a file"),
    (["advise", "--answers", "{dir}"], 2, "answers file is a directory, not a file"),
    (["advise", "--answers", "{dir}/missing.yaml"], 2, "answers file not found"),
    (["advise", "--batch", "{dir}"], 2, "batch file is a directory, not a file"),
])
def test_directories_and_missing_files(tmp_path, argv, code, fragment):
    result = run(*[a.replace("{dir}", str(tmp_path)) for a in argv])
    assert result.code == code and fragment in result.stderr and result.stdout == ""
