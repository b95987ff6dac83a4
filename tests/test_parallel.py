"""Cohort mode on several processes (--jobs) and the result cache for repeated profiles.

Every way a parallel run can end is checked for stray processes: the workers
are forks of the command, so they carry its command line, and a unique file
name in it finds them in /proc.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run
from promo_ops import batch, knowledge, messages

PY = [sys.executable, "-m", "promo_ops"]
ROLES = ["sem", "seo", "feed-ads", "offline-promotion", "content-operation", "user-operation", "editor",
         "community-operation", "app-promotion", "product-operation"]
SKILLS = ["copywriting", "prototyping", "user-research", "event-planning", "data-analysis"]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self/cmdline").exists(),
                                reason="needs fork() and /proc")


def cohort(n: int, seed: int = 3, bad: bool = True) -> str:
    """n rows of varied profiles, with bad rows of every kind among them when `bad`."""
    rnd = random.Random(seed)
    lines = []
    for i in range(n):
        if bad and i % 97 == 5:
            lines.append('{"current_role": "nobody", "years": -1}')
        elif bad and i % 131 == 7:
            lines.append("not json")
        elif bad and i % 151 == 9:
            lines.append('["a list"]')
        else:
            lines.append(json.dumps({
                "current_role": rnd.choice(ROLES), "years": rnd.randint(0, 12),
                "company_type": rnd.choice(["product", "marketing", "small"]),
                "interests": rnd.sample(["writing", "people", "product", "events", "selling"], rnd.randint(0, 3)),
                "target": rnd.choice(["auto", "any", "operation", "promotion"]),
                "skills": {s: rnd.randint(0, 3) for s in rnd.sample(SKILLS, rnd.randint(0, 3))}},
                ensure_ascii=False))
    return "\n".join(lines) + "\n"


def env_for(tmp_path):
    return dict(os.environ, PROMO_OPS_CACHE_DIR=str(tmp_path / "cache"), PROMO_OPS_LANG="en", LANG="C.UTF-8")


def processes_naming(marker: str):
    """Pids of live processes whose command line names `marker` (zombies have none, so are not counted)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(int(entry.name))
    return found


def children_of(pid: int):
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def wait_for(condition, seconds=30.0):
    """Poll until `condition()` is true (a bound on waiting, not a measured time)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    return condition()


def test_jobs_2_is_byte_identical_to_jobs_1_with_bad_rows(tmp_path):
    rows = tmp_path / "mixed-rows.jsonl"
    rows.write_text(cohort(1500))
    env = env_for(tmp_path)
    one = subprocess.run(PY + ["advise", "--batch", str(rows), "--jobs", "1"], capture_output=True, env=env)
    two = subprocess.run(PY + ["advise", "--batch", str(rows), "--jobs", "2", "--stats"], capture_output=True,
                         env=env)
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout
    lines = [json.loads(line) for line in two.stdout.splitlines()]
    assert [item["line"] for item in lines] == list(range(1, 1501))
    failed = [item["line"] for item in lines if "error" in item]
    assert failed and all(n % 97 == 6 or n % 131 == 8 or n % 151 == 10 for n in failed)
    err = two.stderr.decode()
    assert "2 processes" in err and f"{len(failed)} of 1500 rows failed" in err
    # no repeats among the first 1,000 rows: off before the workers start, as one process turns it off
    assert "result cache: turned itself off after 1,000 rows" in err
    assert one.stderr.decode().splitlines()[-1] == err.splitlines()[-1]


def test_jobs_2_is_byte_identical_for_csv_in_chinese(tmp_path):
    rows = tmp_path / "survey.csv"
    rnd = random.Random(8)
    body = ["current_role,years,interests,skills"]
    for i in range(1800):
        role = "nobody" if i % 50 == 3 else rnd.choice(ROLES)
        skills = "; ".join(f"{skill}={rnd.randint(0, 3)}" for skill in rnd.sample(SKILLS, 3))
        body.append(f'{role},{rnd.randint(0, 60)},"writing; people","{skills}"')
    rows.write_text("\n".join(body) + "\n")
    env = dict(env_for(tmp_path), PROMO_OPS_LANG="zh")
    one = subprocess.run(PY + ["advise", "--batch", str(rows), "--jobs", "1"], capture_output=True, env=env)
    two = subprocess.run(PY + ["advise", "--batch", str(rows), "--jobs", "2", "--stats"], capture_output=True,
                         env=env)
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout
    assert "2 个进程" in two.stderr.decode()
    assert one.stderr.decode().splitlines()[-1] == two.stderr.decode().splitlines()[-1]
    assert json.loads(two.stdout.splitlines()[0])["lang"] == "zh"


def test_a_reader_closing_early_ends_every_process_quietly(tmp_path):
    rows = tmp_path / "early-close-rows.jsonl"
    rows.write_text(cohort(6000, bad=False))
    # Well into the workers' lines (each worker takes chunks of 200 rows).
    proc = subprocess.run(f"{' '.join(PY)} advise --batch {rows} --jobs 2 | head -n 1300; exit ${{PIPESTATUS[0]}}",
                          shell=True, executable="/bin/bash", capture_output=True, text=True, env=env_for(tmp_path))
    assert proc.returncode == 0 and proc.stderr == ""
    assert [json.loads(line)["line"] for line in proc.stdout.splitlines()] == list(range(1, 1301))
    assert processes_naming(rows.name) == []  # the parent reaped every worker before it ended


def started(rows, tmp_path, out):
    """A cohort run on 2 processes, its output to a file, once both workers are running."""
    child = subprocess.Popen(PY + ["advise", "--batch", str(rows), "--jobs", "2"], stdout=out,
                             stderr=subprocess.PIPE, env=env_for(tmp_path), start_new_session=True)
    if not wait_for(lambda: len(children_of(child.pid)) == 2 or child.poll() is not None):
        child.kill()
    assert child.poll() is None and len(children_of(child.pid)) == 2
    return child


@pytest.mark.parametrize("to", ["group", "parent"])
def test_ctrl_c_ends_every_process_with_130(tmp_path, to):
    rows = tmp_path / f"ctrl-c-{to}-rows.jsonl"
    rows.write_text(cohort(20000, bad=False))
    with open(tmp_path / "out.jsonl", "wb") as out:
        child = started(rows, tmp_path, out)
        try:
            if to == "group":  # what a terminal does: every process of the foreground group gets it
                os.killpg(child.pid, signal.SIGINT)
            else:
                child.send_signal(signal.SIGINT)
            _, err = child.communicate(timeout=60)
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
    assert child.returncode == 130
    assert err.decode() == "promo-ops: interrupted\n"
    assert processes_naming(rows.name) == []


def test_sigterm_ends_every_process(tmp_path):
    rows = tmp_path / "sigterm-rows.jsonl"
    rows.write_text(cohort(20000, bad=False))
    with open(tmp_path / "out.jsonl", "wb") as out:
        child = started(rows, tmp_path, out)
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=60)
    assert child.returncode == 128 + signal.SIGTERM and err.decode() == "promo-ops: terminated\n"
    assert processes_naming(rows.name) == []


def test_a_worker_that_dies_is_a_clear_failure(tmp_path):
    rows = tmp_path / "worker-dies-rows.jsonl"
    rows.write_text(cohort(20000, bad=False))
    out_path = tmp_path / "out.jsonl"
    with open(out_path, "wb") as out:
        child = started(rows, tmp_path, out)
        try:
            # Once the workers' lines are coming out (the output so far must survive the death).
            assert wait_for(lambda: out_path.read_bytes().count(b"\n") >= 1000 or child.poll() is not None)
            written = out_path.read_bytes().count(b"\n")
            os.kill(children_of(child.pid)[1], signal.SIGKILL)
            _, err = child.communicate(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert child.returncode == 1
    assert err.decode() == ("promo-ops: error: a cohort worker process was killed by signal 9; the output stops "
                            "before its rows (run again, or with --jobs 1)\n")
    numbers = [json.loads(line)["line"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(numbers) >= written >= 1000 and numbers == list(range(1, len(numbers) + 1))  # in order, whole lines
    assert processes_naming(rows.name) == []


def test_a_parent_killed_outright_leaves_no_worker_behind(tmp_path):
    rows = tmp_path / "parent-killed-rows.jsonl"
    rows.write_text(cohort(20000, bad=False))
    with open(tmp_path / "out.jsonl", "wb") as out:
        child = started(rows, tmp_path, out)
        child.kill()  # SIGKILL: no cleanup runs in the parent
        child.wait()
    # Each worker's next write finds no reader and it exits; orphans are reaped by init.
    assert wait_for(lambda: processes_naming(rows.name) == [])


def test_a_bug_in_a_worker_is_an_internal_error_naming_the_row(tmp_path, monkeypatch):
    from promo_ops import advisor

    real = advisor.advise

    def broken(kb, profile, track=None):
        if profile.years == 40:
            raise RuntimeError("boom")
        return real(kb, profile, track)

    monkeypatch.setattr(advisor, "advise", broken)
    text = cohort(2000, bad=False) + json.dumps({"current_role": "sem", "years": 40}) + "\n"  # cohort() stops at 12
    from promo_ops import parallel

    forked = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(parallel.os, "fork", fork)
    out = []
    with pytest.raises(Exception) as caught:
        batch.run(knowledge.load(knowledge.builtin_path()), "rows.jsonl", text, out.append, jobs=2)
    assert caught.value.exit_code == 1
    assert str(caught.value) == ("internal error in a cohort worker process at rows.jsonl:2001: RuntimeError: boom; "
                                 "please report it with the command you ran and the output of `promo-ops --version`")
    assert len("".join(out).splitlines()) == 2000  # every chunk before the failing one was written
    assert len(forked) == 2
    for pid in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: not running, not even a zombie


def test_a_bug_in_one_process_is_the_same_internal_error_as_before(monkeypatch, tmp_path):
    from promo_ops import advisor

    monkeypatch.setattr(advisor, "advise", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"current_role": "sem"}) + "\n")
    result = run("advise", "--batch", str(rows), "--jobs", "2")
    assert result.code == 1 and "internal error: RuntimeError: boom" in result.stderr


@pytest.mark.parametrize("value, message", [
    ("0", "--jobs 0 is not a number of processes from 1 to 64"),
    ("65", "--jobs 65 is not a number of processes from 1 to 64"),
    ("-2", "--jobs -2 is not a number of processes from 1 to 64"),
])
def test_jobs_out_of_range(tmp_path, value, message):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"current_role": "sem"}) + "\n")
    result = run("advise", "--batch", str(rows), "--jobs", value)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr == f"promo-ops: error: {message}\n"


def test_jobs_not_a_number(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"current_role": "sem"}) + "\n")
    result = run("advise", "--batch", str(rows), "--jobs", "two")
    assert result.code == 2 and len(result.stderr.splitlines()) == 1
    assert "Invalid value for '--jobs': 'two' is not a valid int" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("flags", [["--jobs", "2"], ["--stats"]])
def test_jobs_and_stats_only_with_batch(flags):
    result = run("advise", "--role", "sem", *flags)
    assert result.code == 2
    assert result.stderr == f"promo-ops: error: {flags[0]} only apply to a cohort file; add --batch FILE\n"


def test_a_small_cohort_runs_in_one_process_and_says_why(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(cohort(50, bad=False))
    result = run("advise", "--batch", str(rows), "--jobs", "2", "--stats")
    assert result.code == 0
    assert "1 process (too few rows to share)" in result.stderr


def test_the_default_is_the_usable_cores_unless_the_machine_is_busy(monkeypatch, tmp_path):
    asked = []
    real = batch.run
    monkeypatch.setattr(batch, "run", lambda *a, **k: asked.append(k["jobs"]) or real(*a, **k))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"current_role": "sem"}) + "\n")
    monkeypatch.setattr(os, "getloadavg", lambda: (0.5, 0.5, 0.5))
    assert run("advise", "--batch", str(rows)).code == 0
    assert asked == [3]
    monkeypatch.setattr(os, "getloadavg", lambda: (2.5, 0.5, 0.5))  # not a whole core left
    result = run("advise", "--batch", str(rows), "--stats")
    assert asked == [3, 1]
    assert "1 process (the machine is busy: load 2.5 on 3 cores)" in result.stderr
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert batch.default_jobs() == (1, "one usable core")


def test_a_cohort_that_repeats_itself_stays_in_one_process(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(line + "\n" for line in cohort(20, bad=False).splitlines() * 150))
    one = run("advise", "--batch", str(rows), "--jobs", "1")
    two = run("advise", "--batch", str(rows), "--jobs", "2", "--stats")
    assert one.code == two.code == 0 and one.stdout == two.stdout
    assert "1 process (the rows repeat: one process serves repeats faster than several)" in two.stderr


# --- the result cache ----------------------------------------------------------------------

def _kb():
    return knowledge.load(knowledge.builtin_path())


def test_the_result_cache_gives_the_same_lines_and_serves_repeats(tmp_path):
    rnd = random.Random(4)
    distinct = cohort(40, bad=True).splitlines()
    text = "\n".join(rnd.choice(distinct) for _ in range(3000)) + "\n"
    kb = _kb()
    cached, plain = [], []
    stats = batch.Stats()
    batch.run(kb, "rows.jsonl", text, cached.append, stats=stats)
    batch.run(kb, "rows.jsonl", text, plain.append, cache_bytes=0)
    assert cached == plain
    report = stats.caches[0]
    assert report["off_after"] is None and report["hits"] > 2500 and 0 < report["entries"] <= 40
    assert report["bytes"] <= report["limit"]


def distinct(n: int) -> str:
    """n rows, no two alike (up to 9,760)."""
    rows = []
    for i in range(n):
        level = i // 610
        rows.append(json.dumps({"current_role": ROLES[(i // 61) % 10], "years": i % 61,
                                "skills": {"copywriting": level % 4, "prototyping": level // 4 % 4}}))
    return "\n".join(rows) + "\n"


def test_the_result_cache_bound_holds_and_it_turns_off_with_no_repeats():
    text = distinct(3000)
    assert len(set(text.splitlines())) == 3000
    kb = _kb()
    limit = 2 * 1024 * 1024  # room for well under WINDOW results: the bound is what stops it growing
    cache = batch.ResultCache(limit)
    highest = []
    put = cache.put

    def watched(key, rest):
        put(key, rest)
        highest.append(cache.bytes)

    cache.put = watched
    work = batch.Work(kb, "rows.jsonl", dict, limit)
    work.cache = cache
    plain = batch.Work(kb, "rows.jsonl", dict, 0)
    for number, data, problems in batch.jsonl_rows(text):
        assert work.line(number, data, problems) == plain.line(number, data, problems)
    assert max(highest) <= limit and cache.peak <= limit
    assert cache.peak > limit - 64 * 1024  # it did fill up to its bound
    assert cache.off_after == batch.ResultCache.WINDOW and cache.hits == 0
    assert cache.entries == {} and cache.bytes == 0  # off: what it held is freed
    assert cache.lookups == batch.ResultCache.WINDOW  # and it is no longer asked


def test_the_result_cache_is_keyed_by_language():
    kb = _kb()
    work = batch.Work(kb, "rows.jsonl", dict, batch.CACHE_BYTES)
    data = {"current_role": "sem", "interests": ["writing"]}
    english = work.line(1, dict(data), [])[0]
    messages.set_language("zh")
    chinese = work.line(1, dict(data), [])[0]
    messages.set_language("en")
    assert json.loads(english)["lang"] == "en" and json.loads(chinese)["lang"] == "zh"
    assert english != chinese and work.cache.hits == 0
    assert work.line(1, dict(data), [])[0] == english and work.cache.hits == 1


def test_stats_report_the_cache(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text((json.dumps({"current_role": "sem"}) + "\n") * 50)
    result = run("advise", "--batch", str(rows), "--jobs", "1", "--stats")
    assert result.code == 0
    line = result.stderr.splitlines()[0]
    assert line.startswith("promo-ops: cohort: 50 rows in ") and ", 1 process; " in line
    assert "result cache: 49 of 50 rows were repeats served from it; 1 kept in 0.0 MiB" in line
    assert line.endswith("bound 64 MiB)")


def test_the_probe_advises_nothing_and_the_workers_do_every_row(monkeypatch):
    # Whether rows repeat is told from the rows themselves, so with distinct rows this process
    # advises none of them: every row goes to the workers from the start.
    text = distinct(3000)
    kb = knowledge.load(knowledge.builtin_path())
    one = []
    batch.run(kb, "rows.jsonl", text, one.append, jobs=1)
    here = []
    real = batch.Work.encoded

    def counted(self, *args):
        here.append(1)  # only this process's calls land here; a worker's are in its own memory
        return real(self, *args)

    monkeypatch.setattr(batch.Work, "encoded", counted)
    stats = batch.Stats()
    two = []
    assert batch.run(kb, "rows.jsonl", text, two.append, jobs=2, stats=stats) == (3000, 0)
    assert "".join(two) == "".join(one) and stats.processes == 2
    assert here == []
    assert all(c["off_after"] == batch.PROBE for c in stats.caches)  # no repeats among the first rows


def test_the_probe_counts_repeats_in_its_second_half():
    rows = [(n, '{"current_role": "sem"}' if n % 2 else f'{{"current_role": "seo", "years": {n}}}')
            for n in range(1, 9)]
    # rows 1, 3, 5, 7 are alike: 3 repeats in all, 2 of them (5 and 7) in the second half (rows 5-8)
    assert batch._repeats(rows, True) == (8, 3, 4, 2)
    csv_rows = [(n, {"current_role": "sem", "years": n % 2}, []) for n in range(1, 7)]
    assert batch._repeats(csv_rows, False) == (6, 4, 3, 3)
