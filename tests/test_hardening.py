"""Faults, races and hostile values beyond the corpus: the cache, files that are not files, huge values,
closed streams, signals, and what reaches the terminal. One section per class of fault."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from conftest import run

PY = [sys.executable, "-m", "promo_ops"]
HEADER = "# promo-ops answers: read them back with `promo-ops advise --answers FILE`\n"


def proc(argv, *, env=None, tmp_path=None, timeout=20, shell=False, **kwargs):
    """Run promo-ops as a fresh process; a hang is a test failure, not a stuck suite."""
    base = dict(os.environ, NO_COLOR="1", COLUMNS="80")
    base.pop("PROMO_OPS_KB", None)
    if tmp_path is not None:
        base["PROMO_OPS_CACHE_DIR"] = str(tmp_path / "cache")
    base.update(env or {})
    cmd = argv if shell else PY + list(argv)
    try:
        return subprocess.run(cmd, capture_output=True, env=base, timeout=timeout, shell=shell,
                              executable="/bin/bash" if shell else None, **kwargs)
    except subprocess.TimeoutExpired:
        pytest.fail(f"promo-ops hung: {argv}")


def no_traceback(p):
    err = p.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return err


@pytest.fixture
def custom_kb(tmp_path, kb_data):
    import yaml

    path = tmp_path / "my-roles.yaml"
    path.write_text(yaml.safe_dump(kb_data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def cache_entries(folder):
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


# --- 1. cache housekeeping touches only its own files, never through a symlink --------------------

def test_1_cache_prunes_only_its_own_entries_and_never_follows_a_symlinked_folder(tmp_path, custom_kb):
    folder = tmp_path / "m"
    folder.mkdir(mode=0o700)
    theirs = []
    for i in range(1, 21):
        f = folder / f"c{i:02d}.model"
        f.write_text("w\n")
        os.utime(f, (1704067200 + i * 86400,) * 2)  # January 2024
        theirs.append(f)
    p = proc(["--kb", custom_kb, "roles", "--json"], env={"PROMO_OPS_CACHE_DIR": str(folder)})
    assert p.returncode == 0, no_traceback(p)
    assert all(f.exists() for f in theirs), "the cache deleted files it did not write"

    victim = tmp_path / "victim"
    victim.mkdir(mode=0o700)
    shared = tmp_path / "shared"
    shared.mkdir()
    os.symlink(victim, shared / "promo-ops")
    env = {"XDG_CACHE_HOME": str(shared), "PROMO_OPS_CACHE_DIR": ""}
    for _ in range(2):
        p = proc(["--kb", custom_kb, "roles", "--json"], env=env)
        assert p.returncode == 0, no_traceback(p)
    assert list(victim.iterdir()) == [], "the cache wrote through a symlinked folder"


# --- 2. cache entries are checked before use, and a bad one is replaced ----------------------------

def _spoil_flip(entry):
    data = bytearray(entry.read_bytes())
    for i in range(len(data) // 3, len(data), max(1, len(data) // 7)):
        data[i] ^= 0x5A
    entry.write_bytes(bytes(data))


def _spoil_bomb(entry):
    entry.write_bytes(b"[\xff\xff\xff\x7f")  # marshal: a list of 2**31 - 1 items


def _spoil_huge(entry):
    with open(entry, "r+b") as fh:
        fh.truncate(4 * 1024 ** 3)  # sparse: 4 GiB that cost no disk


def _spoil_fifo(entry):
    entry.unlink()
    os.mkfifo(entry)


def _spoil_symlink(entry):
    target = entry.with_name("elsewhere")
    entry.rename(target)
    os.symlink(target, entry)


@pytest.mark.parametrize("spoil", [_spoil_flip, _spoil_bomb, _spoil_huge, _spoil_fifo, _spoil_symlink],
                         ids=["flipped-bytes", "marshal-bomb", "padded-4GiB", "fifo", "symlink"])
def test_2_bad_cache_entries_are_misses_and_are_replaced(tmp_path, custom_kb, spoil):
    folder = tmp_path / "cache"
    good = proc(["--kb", custom_kb, "compare", "sem", "content-operation", "--json"], tmp_path=tmp_path)
    assert good.returncode == 0
    [entry] = cache_entries(folder)
    spoil(entry)
    limits = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))"
    cmd = [sys.executable, "-c", f"{limits}\nimport runpy, sys\nsys.argv = ['promo-ops', '--kb', {custom_kb!r}, "
           "'compare', 'sem', 'content-operation', '--json']\nrunpy.run_module('promo_ops', run_name='__main__')"]
    env = dict(os.environ, PROMO_OPS_CACHE_DIR=str(folder), NO_COLOR="1")
    try:
        p = subprocess.run(cmd, capture_output=True, env=env, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("a bad cache entry hung the run")
    no_traceback(p)
    assert p.returncode == 0 and p.stdout == good.stdout
    st = os.lstat(entry)
    assert stat.S_ISREG(st.st_mode) and st.st_size < 64 * 1024 ** 2, "the bad entry was not replaced"
    again = proc(["--kb", custom_kb, "compare", "sem", "content-operation", "--json"], tmp_path=tmp_path)
    assert again.stdout == good.stdout


def test_2_stale_temporary_files_of_the_cache_are_removed(tmp_path, custom_kb):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    stale = folder / ".promo-ops-cache-x1y2z3.tmp"
    stale.write_bytes(b"half an entry, then kill -9")
    os.utime(stale, (time.time() - 7200,) * 2)
    fresh = folder / ".promo-ops-cache-a1b2c3.tmp"
    fresh.write_bytes(b"another run is writing this one")
    p = proc(["--kb", custom_kb, "roles", "--json"], tmp_path=tmp_path)
    assert p.returncode == 0
    assert not stale.exists() and fresh.exists()


def test_2_the_builtin_knowledge_base_reads_no_cache(tmp_path):
    folder = tmp_path / "cache"
    for argv in (["roles", "--json"], ["advise", "--role", "sem", "--json"], ["compare", "promotion", "operation"]):
        p = proc(argv, tmp_path=tmp_path)
        assert p.returncode == 0, no_traceback(p)
    assert not folder.exists() or list(folder.iterdir()) == []


# --- 3. --force replaces only regular files ---------------------------------------------------------

@pytest.mark.parametrize("flag", ["--save", "--report"])
@pytest.mark.parametrize("kind", ["fifo", "device", "symlink-to-fifo"])
def test_3_force_never_replaces_what_is_not_a_regular_file(tmp_path, flag, kind):
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null, in tmp
    else:
        os.mkfifo(tmp_path / "fifo")
        os.symlink(tmp_path / "fifo", target)
    before = os.lstat(target)
    p = proc(["advise", "--no-input", "--role", "sem", flag, str(target), "--force"], tmp_path=tmp_path)
    err = no_traceback(p)
    assert p.returncode == 2, err
    assert str(target) in err and "--force" not in err.split("error:", 1)[-1].replace(flag, "")
    assert len(err.splitlines()) == 1
    after = os.lstat(target)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)


def test_3_a_symlink_to_our_own_file_is_kept(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text(HEADER + "current_role: seo\n")
    link = tmp_path / "me.yaml"
    os.symlink(real, link)
    assert run("advise", "--no-input", "--role", "sem", "--save", str(link)).code == 0
    assert link.is_symlink() and "current_role: sem" in real.read_text()


# --- 4. "ours" means promo-ops' own marker ----------------------------------------------------------

@pytest.mark.parametrize("text", ['{"target":"prod-eu-1","years":"keep"}\n', "{}\n",
                                  '{"current_role": "sem", "years": 3}\n'])
def test_4_a_json_file_without_our_marker_is_not_overwritten(tmp_path, text):
    path = tmp_path / "deploy.json"
    path.write_text(text)
    result = run("advise", "--no-input", "--role", "sem", "--save", str(path))
    assert result.code == 2 and "was not written by promo-ops" in result.stderr
    assert path.read_text() == text


def test_4_saved_json_carries_the_marker_and_reads_back(tmp_path):
    path = tmp_path / "me.json"
    first = run("advise", "--no-input", "--role", "seo", "--skill", "copywriting=2", "--save", str(path), "--json")
    assert first.code == 0
    data = json.loads(path.read_text())
    assert data.get("promo-ops") == "plan"  # --save writes a plan file, marked as ours
    again = json.loads(run("advise", "--no-input", "--answers", str(path), "--json").stdout)
    said = json.loads(first.stdout)
    # The same advice; only where the answers came from differs (flags, then the file).
    assert {k for k, v in again["profile"]["sources"].items() if v == "file"} == {"current_role", "skills"}
    for result in (again, said):
        del result["profile"]["sources"]
    assert again == said
    assert run("advise", "--no-input", "--role", "sem", "--save", str(path)).code == 0  # ours: replaced


# --- 5. nothing blocks on a FIFO, and output paths are never read -----------------------------------

@pytest.mark.parametrize("argv,code", [
    (["--kb", "{fifo}", "roles"], 3),
    (["kb", "validate", "{fifo}"], 3),
    (["advise", "--no-input", "--answers", "{fifo}"], 2),
    (["advise", "--batch", "{fifo}"], 2),
    (["roles"], 3),  # through PROMO_OPS_KB
])
def test_5_a_fifo_with_no_writer_is_refused_not_waited_on(tmp_path, argv, code):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    env = {"PROMO_OPS_KB": str(fifo)} if argv == ["roles"] else {}
    p = proc([a.replace("{fifo}", str(fifo)) for a in argv], env=env, tmp_path=tmp_path, timeout=15)
    err = no_traceback(p)
    assert p.returncode == code, err
    assert "not a regular file" in err and str(fifo) in err


def test_5_report_to_our_own_output_pipe_does_not_hang(tmp_path):
    link = tmp_path / "out.md"
    os.symlink("/proc/self/fd/1", link)  # what /dev/stdout is
    p = proc(f"{' '.join(PY)} advise --no-input --role sem --report {link} | cat", shell=True, tmp_path=tmp_path,
             timeout=15)
    err = no_traceback(p)
    assert "FIFO" in err and "regular file" in err
    assert link.is_symlink()


# --- 6. ordinary input never ends as an internal error ----------------------------------------------

BIG = "9" * 5000


@pytest.mark.parametrize("argv", [["--years", BIG], ["--skill", f"copywriting={BIG}"]])
def test_6_huge_integers_in_flags(argv):
    result = run("advise", "--no-input", "--role", "sem", *argv)
    assert result.code == 2, result.stderr
    assert "digits" in result.stderr and len(result.stderr) < 600


@pytest.mark.parametrize("name,text", [("a.yaml", f"current_role: sem\nyears: {BIG}\n"),
                                       ("a.json", f'{{"current_role": "sem", "years": {BIG}}}'),
                                       ("b.yaml", f"current_role: sem\nskills: {{copywriting: {BIG}}}\n")])
def test_6_huge_integers_in_answers_files(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    result = run("advise", "--no-input", "--answers", str(path))
    assert result.code == 2, result.stderr
    assert "digits" in result.stderr and len(result.stderr) < 600


@pytest.mark.parametrize("name", ["c.jsonl", "c.csv"])
def test_6_a_huge_integer_fails_only_its_cohort_row(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text(f"current_role,years\nsem,1\nsem,{BIG}\nseo,2\n")
    else:
        path.write_text(json.dumps({"current_role": "sem"}) + "\n" + f'{{"current_role": "sem", "years": {BIG}}}\n'
                        + json.dumps({"current_role": "seo"}) + "\n")
    result = run("advise", "--batch", str(path))
    assert result.code == 2, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("error" in o) for o in out] == [False, True, False]
    assert "digits" in out[1]["error"]["message"]


@pytest.mark.parametrize("how", ["answers", "batch"])
def test_6_deep_json_is_refused_by_the_nesting_limit(tmp_path, how):
    deep = '{"current_role": "sem", "skills": ' + "[" * 1000 + "]" * 1000 + "}"
    path = tmp_path / ("a.json" if how == "answers" else "c.jsonl")
    path.write_text(deep + "\n")
    result = run("advise", "--no-input", f"--{how}", str(path))
    assert result.code == 2, result.stderr
    assert "nesting is deeper than 64 levels" in result.stdout + result.stderr


@pytest.mark.parametrize("flag", ["--answers", "--batch"])
def test_6_closed_stdin(tmp_path, flag):
    p = proc(f"{' '.join(PY)} advise --no-input {flag} - <&-", shell=True, tmp_path=tmp_path)
    err = no_traceback(p)
    assert p.returncode == 2 and "standard input" in err, err


def test_6_stdout_on_a_full_disk(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    p = proc(f"{' '.join(PY)} roles > /dev/full", shell=True, tmp_path=tmp_path)
    err = no_traceback(p)
    assert p.returncode == 2 and len(err.splitlines()) == 1 and "No space left" in err, err


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_6_a_non_utf8_output_encoding(tmp_path, encoding):
    env = {"PYTHONIOENCODING": encoding}
    for argv in (["roles"], ["show", "sem"], ["advise", "--role", "semm"]):
        p = proc(argv, env=env, tmp_path=tmp_path)
        no_traceback(p)
        assert p.returncode in (0, 2) and p.stdout + p.stderr
    p = proc(["roles", "--json"], env=env, tmp_path=tmp_path)
    assert p.returncode == 0
    assert json.loads(p.stdout.decode(encoding)) == json.loads(proc(["roles", "--json"], tmp_path=tmp_path).stdout)


def test_6_out_of_memory_names_the_file_and_its_size(monkeypatch, custom_kb):
    from promo_ops import knowledge

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(knowledge, "parse_and_check", exhausted)
    result = run("--kb", custom_kb, "kb", "validate", env={"PROMO_OPS_NO_CACHE": "1"})
    size = os.path.getsize(custom_kb)
    assert result.code == 3, result.stderr
    assert f"{size:,} bytes" in result.stderr and "report" not in result.stderr


# --- 7. no traceback from closed stdout, Ctrl-C during start-up, or a closed pipe under --help ----------

def test_7_closed_stdout(tmp_path):
    for argv in ("--version", "roles", "roles --json"):
        p = proc(f"{' '.join(PY)} {argv} >&-", shell=True, tmp_path=tmp_path)
        err = no_traceback(p)
        assert p.returncode == 2 and len(err.splitlines()) == 1 and "standard output" in err, err


@pytest.mark.parametrize("argv", [["advise", "--help"], ["--help"], ["paths", "--help"], ["kb", "validate", "--help"]])
def test_7_help_into_a_closed_pipe_is_quiet(tmp_path, argv):
    p = proc(f"{' '.join(PY)} {' '.join(argv)} | head -c 1; exit ${{PIPESTATUS[0]}}", shell=True,
             tmp_path=tmp_path)
    assert p.returncode == 0 and p.stderr == b"", p.stderr


def test_7_ctrl_c_at_any_moment_of_start_up(tmp_path):
    env = dict(os.environ, PROMO_OPS_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    script = PY + ["compare", "promotion", "operation"]
    # Until the interpreter has started and imported promo_ops.entry, no code of ours runs (a Ctrl-C
    # then is Python's own business). Measure that here, under this machine's load, and start after it.
    ready = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import promo_ops.entry"], check=True, env=env)
        ready.append(time.perf_counter() - started)
    # The slowest of the three, doubled: under a loaded machine (the suite's other work) a start-up
    # can take well over the median, and a signal before promo_ops.entry runs is not ours to catch.
    first = 2 * max(ready)
    seen = set()
    for i in range(16):
        child = subprocess.Popen(script, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        time.sleep(first + 0.004 * i)  # across promo-ops' own imports and the command
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=20)
        text = err.decode("utf-8", "replace")
        assert "Traceback" not in text, (i, text)
        # 130, or killed by SIGINT after saying so (Python's way to exit "interrupted"; a shell shows 130)
        assert child.returncode in (0, 130, -signal.SIGINT), (i, child.returncode, text)
        if child.returncode != 0 and not (text == "" and out.endswith(b"\n") and len(out) > 1000):
            # (killed silently only once the whole result was out: Python had already finished)
            assert text.strip() == "promo-ops: interrupted", (i, child.returncode, text, len(out))
        seen.add(child.returncode)
    assert seen - {0}, "no run was interrupted"


# --- 8. bounds apply before work ------------------------------------------------------------------

def test_8_did_you_mean_is_bounded(monkeypatch):
    import difflib

    from promo_ops import errors

    calls = []
    real = difflib.SequenceMatcher

    class Counting(real):
        def __init__(self, *args, **kwargs):
            calls.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(difflib, "SequenceMatcher", Counting)
    assert errors.did_you_mean("s" + "e" * 1_000_000, ["sem", "seo"]) == ""
    assert calls == []
    pool = [f"role-{i:05d}" for i in range(10_000)] + ["sem"]
    assert "'sem'" in errors.did_you_mean("semm", pool)
    assert len(calls) <= 1000


def test_8_yaml_limits_apply_while_parsing(monkeypatch):
    # The limits stop the reader as the parser's events arrive: a file over them costs the events up to
    # the limit, not a node graph of the whole file. (With a limit of 2,000,000 values, such a file took
    # 24 s and 3 GB before: PyYAML composed every node first.)
    from promo_ops.fileio import safeyaml, textfile

    pulled = _events_read(monkeypatch)
    small = textfile.ANSWERS._replace(values=1000)
    with pytest.raises(safeyaml.DocumentError, match="more than 1,000 values: that is the most an answers file"):
        safeyaml.parse("meta: [" + "a," * 100_000 + "a]\n", "many.yaml", limits=small)
    assert len(pulled) < 1100
    pulled.clear()
    with pytest.raises(safeyaml.DocumentError, match="nesting is deeper than 64 levels"):
        safeyaml.parse("a: " + "[" * 500 + "]" * 500 + "\n", "deep.yaml")
    assert len(pulled) < 100


@pytest.mark.parametrize("how", ["answers", "batch"])
def test_8_json_over_the_value_limit_is_refused_before_parsing(tmp_path, monkeypatch, how):
    import json as json_module

    path = tmp_path / ("a.json" if how == "answers" else "c.jsonl")
    path.write_text('{"current_role": "sem", "interests": [' + "1," * 5_100 + "1]}\n")

    def refuse(*args, **kwargs):
        raise AssertionError("parsed a file over the limit")

    monkeypatch.setattr(json_module, "loads", refuse)
    result = run("advise", "--no-input", f"--{how}", str(path))
    assert result.code == 2
    assert "more than 5,000 values" in result.stdout + result.stderr
    if how == "batch":
        assert "that is the most one row may hold" in result.stdout
    else:
        assert result.stderr.startswith(f"promo-ops: error: {path}: more than 5,000 values: that is the most an "
                                        "answers file may hold")


def test_8_a_value_limit_is_told_in_chinese_too(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(_hostile(5_000), encoding="utf-8")
    result = run("advise", "--no-input", "--answers", str(path), env={"PROMO_OPS_LANG": "zh"})
    assert result.code == 2
    assert f"{path}:2:" in result.stderr and "值超过 5,000 个：这是答案文件所能容纳的上限" in result.stderr


def _events_read(monkeypatch):
    """Count the YAML events every reader pulls (the work a file costs before it is refused)."""
    import yaml

    from promo_ops.fileio import safeyaml

    pulled = []
    real = yaml.parse

    def counting(*args, **kwargs):
        for event in real(*args, **kwargs):
            pulled.append(1)
            yield event

    monkeypatch.setattr(safeyaml.yaml, "parse", counting)
    return pulled


def _hostile(values: int) -> str:
    return "# twice as many values as the kind of file allows\nmeta: [" + "a," * (2 * values) + "a]\n"


@pytest.mark.parametrize("kind,argv,code,limit,advice", [
    ("answers file", ["advise", "--no-input", "--answers", "{path}"], 2, 5_000, "an answers file may hold"),
    ("plan file", ["progress", "{path}"], 2, 100_000, "a plan file may hold"),
    ("columns file", ["advise", "--columns-file", "{path}", "--batch", "{rows}"], 2, 1_000,
     "a columns file may hold"),
    ("knowledge base", ["kb", "validate", "{path}"], 3, 2_500_000, "a knowledge base may hold"),
])
def test_8_each_kind_of_file_is_refused_at_its_own_value_limit(tmp_path, monkeypatch, kind, argv, code, limit,
                                                                advice):
    # A YAML file of `meta: [a, a, ...]`: each kind stops reading one value past its own limit (an answers
    # file after 5,000 values, not the 2,000,000 every file was allowed before), names the file, the limit
    # and what to do, and exits 2 (input) or 3 (knowledge base).
    from promo_ops.fileio import textfile

    if kind == "knowledge base":  # a smaller copy of the real limit: the same code path, a faster test
        monkeypatch.setattr(textfile, "KNOWLEDGE_BASE", textfile.KNOWLEDGE_BASE._replace(values=limit // 100))
        limit //= 100
    path = tmp_path / "hostile.yaml"
    text = _hostile(limit)
    path.write_text(text if kind != "plan file" else text.replace("meta:", "promo-ops: plan\nmeta:"), encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text("current_role\nsem\n", encoding="utf-8")
    assert len(path.read_bytes()) < textfile.limits(kind).bytes  # within the byte limit: the value limit decides
    pulled = _events_read(monkeypatch)
    result = run(*[str(path) if a == "{path}" else str(rows) if a == "{rows}" else a for a in argv])
    assert result.code == code, result.stderr
    assert str(path) in result.stderr and f"more than {limit:,} values: that is the most {advice}" in result.stderr
    assert "Traceback" not in result.stderr
    assert limit < len(pulled) <= limit + 10  # stream start, document start, mapping start, key, list start


def test_8_a_json_knowledge_base_over_the_value_limit_is_refused_by_a_scan(tmp_path, monkeypatch):
    # A JSON knowledge base over its value limit is refused after a scan of its bytes, before json or
    # YAML reads a value (YAML took 14 s to read 2,500,000 values of a 64 MiB file before refusing it).
    import yaml

    from promo_ops.fileio import textfile

    monkeypatch.setattr(textfile, "KNOWLEDGE_BASE", textfile.KNOWLEDGE_BASE._replace(values=10_000))
    monkeypatch.setattr(yaml, "parse", lambda *a, **k: pytest.fail("YAML read a file over the limit"))
    path = tmp_path / "kb.json"
    path.write_text('{"schema_version": 1, "meta": [' + "{}, " * 20_000 + "{}]}", encoding="utf-8")
    result = run("kb", "validate", str(path))
    assert result.code == 3
    assert result.stderr.startswith(f"promo-ops: error: {path}: more than 10,000 values: that is the most a "
                                    "knowledge base may hold")


def test_8_a_saved_plan_given_as_answers_is_read_within_a_plan_files_limits(tmp_path, monkeypatch):
    from promo_ops.fileio import answerfile, planfile, textfile

    assert answerfile.limits_of(planfile.HEADER + "promo-ops: plan\nversion: 1\n") is textfile.PLAN
    assert answerfile.limits_of('{\n  "promo-ops": "plan",\n  "version": 1}') is textfile.PLAN
    assert answerfile.limits_of("current_role: sem\npromo-ops: plan\n") is textfile.ANSWERS
    assert answerfile.limits_of("# promo-ops answers\ncurrent_role: sem\n") is textfile.ANSWERS


@pytest.mark.parametrize("kind", ["answers file", "plan file", "columns file", "cohort row", "knowledge base"])
def test_8_a_hostile_json_file_of_each_kind_is_refused_before_json_reads_it(kind, monkeypatch):
    import json as json_module

    from promo_ops.fileio import textfile

    limits = textfile.limits(kind) if kind != "cohort row" else textfile.ROW
    text = '{"meta": [' + "{}," * limits.values + "{}]}"
    monkeypatch.setattr(json_module, "loads", lambda *a, **k: pytest.fail("parsed a file over the limit"))
    problem = textfile.json_bounds(text, limits)
    assert problem is not None and f"more than {limits.values:,} values" in problem
    assert textfile.json_as_yaml(text, None, limits) is None
    with pytest.raises(textfile.DocumentError, match=f"more than {limits.values:,} values"):
        textfile.parse_json(text, "x.json", None, limits)


def test_8_the_limits_of_each_kind(monkeypatch):
    # What the README's Security section states; a knowledge base holds the 1000x synthetic base
    # (1.65 million values, 28 MiB); an answers file one person's answers.
    from promo_ops.fileio import textfile

    got = {k.what: (k.bytes, k.values, k.depth, k.aliases) for k in
           (textfile.KNOWLEDGE_BASE, textfile.PLAN, textfile.ANSWERS, textfile.COLUMNS, textfile.ROW)}
    assert got == {"knowledge base": (64 * 2**20, 2_500_000, 64, 1000), "plan file": (4 * 2**20, 100_000, 64, 1000),
                   "answers file": (2**20, 5_000, 64, 1000), "columns file": (64 * 1024, 1_000, 64, 1000),
                   "cohort row": (2**20, 5_000, 64, 1000)}
    assert textfile.limits("batch file") is textfile.OTHER and textfile.OTHER.bytes == 16 * 2**20


# --- 9. what reaches the terminal -------------------------------------------------------------------

def test_9_a_newline_in_a_value_cannot_forge_a_line():
    result = run("advise", "--no-input", "--role", "sem\npromo-ops: OK: saved")
    assert result.code == 2
    assert len(result.stderr.splitlines()) == 1 and "\\n" in result.stderr


UNSAFE = ["\u202e", "\u2066", "\u200b", "\u200d", "\u2028", "\u2029", "\ufeff", "\u0085", "\u009b"]


def test_9_bidi_and_zero_width_characters_are_shown_not_obeyed(tmp_path, kb_data):
    import copy

    import yaml

    data = copy.deepcopy(kb_data)
    data["roles"][0]["name"] = "SEO \u202eevil\u202c \u200bx\u2028y\u2066z"
    data["skills"][0]["description"] = "copy \u200d\u2029 \ufeff"
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = tmp_path / "r.md"
    runs = [["roles"], ["roles", "--json"], ["skills"], ["skills", "--json"], ["show", "seo"],
            ["show", "seo", "--json"], ["advise", "--role", "seo", "--report", str(report)]]
    for argv in runs:
        result = run("--kb", str(path), *argv)
        assert result.code == 0, (argv, result.stderr)
        for ch in UNSAFE:
            assert ch not in result.stdout + result.stderr, (argv, hex(ord(ch)))
    assert "\\u202e" in run("--kb", str(path), "roles").stdout
    for ch in UNSAFE:
        assert ch not in report.read_text(encoding="utf-8")
    result = run("advise", "--role", "s\u202eem\u200b")
    assert result.code == 2 and "\u202e" not in result.stderr and "\\u202e" in result.stderr


def test_9_an_id_with_a_trailing_newline_is_not_an_id(write_kb):
    def newline(data):
        data["roles"][0]["id"] = data["roles"][0]["id"] + "\n"
    result = run("kb", "validate", write_kb(newline))
    assert result.code == 3 and "expected an id in lower case with hyphens" in result.stderr


def test_9_json_is_valid_utf8_for_an_undecodable_file_name(tmp_path):
    bad = os.fsencode(str(tmp_path)) + b"/\xff.yaml"
    with open(bad, "wb") as fh:
        fh.write(b"schema_version: 1\n")
    p = subprocess.run(PY + ["kb", "validate", "--json", os.fsdecode(bad)], capture_output=True, timeout=20,
                       env=dict(os.environ, PROMO_OPS_CACHE_DIR=str(tmp_path / "cache")))
    assert p.returncode == 3
    data = json.loads(p.stdout.decode("utf-8"))  # strict: raises on bytes that are not UTF-8
    assert data["problems"]
    assert b"\xff" not in p.stderr


@pytest.mark.parametrize("value,ok", [("３", 3), ("𝟑", 3), ("٣", None), ("३", None), ("3", 3)])
def test_9_only_ascii_digits_are_numbers(value, ok):
    years = run("advise", "--no-input", "--role", "sem", "--years", value, "--json")
    level = run("advise", "--no-input", "--role", "sem", "--skill", f"copywriting={value}", "--json")
    if ok is None:
        assert years.code == 2 and "not a whole number" in years.stderr
        assert level.code == 2 and "is not 0-3" in level.stderr
    else:
        assert years.code == 0 and years.json()["profile"]["years"] == ok
        assert level.code == 0 and level.json()["profile"]["skills"]["copywriting"] == ok


# --- 10. permissions hold for root and for everyone else ------------------------------------------------

def test_10_root_keeps_the_owner_and_mode_of_a_file_it_replaces(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("only root can replace another user's file; this run is not root")
    path = tmp_path / "me.yaml"
    path.write_text(HEADER + "current_role: seo\n")
    os.chown(path, 54321, 54321)
    os.chmod(path, 0o600)
    assert run("advise", "--no-input", "--role", "sem", "--save", str(path)).code == 0
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (54321, 54321, 0o600)
    assert "current_role: sem" in path.read_text()


UID = 54321


@pytest.fixture
def other_user():
    """A folder and a runner for a throwaway non-root user (setpriv), or a skip that says why not."""
    import shutil
    import tempfile
    from pathlib import Path

    if os.geteuid() != 0:
        pytest.skip("this run is not root, so it cannot act as a second, ordinary user")
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("root, but no setpriv to drop to an ordinary user")
    drop = [setpriv, f"--reuid={UID}", f"--regid={UID}", "--clear-groups"]
    probe = subprocess.run(drop + [sys.executable, "-c", "import promo_ops"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"an ordinary user cannot import promo_ops here: {probe.stderr.decode()[-200:]}")
    folder = Path(tempfile.mkdtemp(prefix="promo-ops-other-user-"))  # pytest's own tmp is root-only
    os.chmod(folder, 0o755)
    os.chown(folder, UID, UID)

    def run_as(argv):
        env = dict(os.environ, HOME=str(folder), PROMO_OPS_CACHE_DIR=str(folder / "cache"))
        return subprocess.run(drop + PY + argv, capture_output=True, timeout=30, env=env)

    yield folder, run_as
    shutil.rmtree(folder, ignore_errors=True)


def test_10_an_ordinary_user_cannot_replace_a_read_only_file(other_user):
    folder, run_as = other_user
    path = folder / "me.yaml"
    path.write_text(HEADER + "current_role: seo\n")
    os.chown(path, UID, UID)
    os.chmod(path, 0o444)
    for force in ([], ["--force"]):
        p = run_as(["advise", "--no-input", "--role", "sem", "--save", str(path), *force])
        err = no_traceback(p)
        assert p.returncode == 2 and "read-only" in err, err
        assert path.read_text() == HEADER + "current_role: seo\n"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o444


# --- signals, and the cache's own promises (issue: cache key, debug) -----------------------------------

def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path, monkeypatch):
    from promo_ops import entry
    from promo_ops.fileio import files

    path = tmp_path / "me.yaml"
    path.write_text(HEADER + "current_role: seo\n")

    def killed(fd):
        raise entry.Terminated(signal.SIGTERM)

    monkeypatch.setattr(files.os, "fsync", killed)
    result = run("advise", "--no-input", "--role", "sem", "--save", str(path))
    assert result.code == 128 + signal.SIGTERM and result.stderr == "promo-ops: terminated\n"
    assert [p.name for p in tmp_path.iterdir()] == ["me.yaml"]
    assert path.read_text() == HEADER + "current_role: seo\n"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_end_a_run_with_one_line(tmp_path, signum):
    rows = tmp_path / "rows.jsonl"
    rows.write_text((json.dumps({"current_role": "sem"}) + "\n") * 200_000)
    env = dict(os.environ, PROMO_OPS_CACHE_DIR=str(tmp_path / "cache"))
    child = subprocess.Popen(PY + ["advise", "--batch", str(rows)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env)
    time.sleep(0.5)  # started, and in the middle of the cohort
    child.send_signal(signum)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 128 + signum, err
    assert err.decode() == "promo-ops: terminated\n"


def test_the_cache_key_covers_every_module_of_the_package():
    from pathlib import Path

    import promo_ops
    from promo_ops import cache

    root = Path(promo_ops.__file__).parent
    stamp = cache._code_stamp().decode()
    modules = {"/" + p.relative_to(root).as_posix() for p in root.rglob("*.py") if "__pycache__" not in p.parts}
    stamped = {part.split(":")[0] for part in stamp.split("|") if part.startswith("/")}
    assert modules == stamped


def test_a_cache_miss_for_a_reason_is_said_with_promo_ops_debug(tmp_path, custom_kb):
    folder = tmp_path / "cache"
    assert proc(["--kb", custom_kb, "roles", "--json"], tmp_path=tmp_path).returncode == 0
    [entry] = cache_entries(folder)
    _spoil_flip(entry)
    quiet = proc(["--kb", custom_kb, "roles", "--json"], tmp_path=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == b""
    _spoil_flip(entry)
    loud = proc(["--kb", custom_kb, "roles", "--json"], tmp_path=tmp_path, env={"PROMO_OPS_DEBUG": "1"})
    err = loud.stderr.decode()
    assert loud.returncode == 0 and "debug: cache entry" in err and "not used" in err, err
    fresh = proc(["--kb", custom_kb, "roles", "--json"], tmp_path=tmp_path, env={"PROMO_OPS_DEBUG": "1"})
    assert fresh.stderr == b""  # replaced, and a good entry is not worth a word
