"""Cohort mode on several cores: worker processes share the rows, the parent writes in input order.

The parent reads every row first; then it forks `jobs` workers, which share
those rows and the loaded knowledge base without copying them. The rows are
cut into chunks, and each row is given to one worker (`assign`: rows with the
same current role to the same worker, as evenly as that allows, so that each
worker's kept pieces of advice serve the rows that share them). Each worker
sends its part of every chunk through its own pipe; the parent reads every
worker's part of chunk 0, puts the lines in input order and writes them, then
chunk 1, and so on, so the output is byte-identical to one process's. A worker
is at most about one chunk ahead (the pipe holds it back), so memory stays
bounded however long the cohort.

How it ends, always with no worker left behind:
- a worker's error (a bug in promo-ops: anything but a row's own problem, which
  is that row's error object as in one process) is a clear failure, exit 1;
- a worker that dies (killed, out of memory) is a clear failure, exit 1;
- a reader that closes early, Ctrl-C (the workers ignore it; the parent ends
  them, exit 130), SIGTERM: the parent kills and reaps every worker on its
  way out (the `finally` in `run`);
- a parent killed outright (SIGKILL) leaves its workers nobody to write to:
  each holds only its own pipe's writing end, so its next write fails and it
  exits, within a chunk's time.

Imported only when cohort mode runs with more than one process.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
from typing import Any, Callable, List, Optional, Tuple

from promo_ops.errors import PromoOpsError
from promo_ops.messages import _

HEADER = struct.Struct("!cII")  # kind, failed rows (a chunk) or line number (an error), payload bytes
RESULT, ERROR, STATS = b"R", b"X", b"S"
CAUGHT = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]


def why_one_process(chunks: int, min_chunks: int) -> Optional[str]:
    """Why the cohort runs in one process although more were asked for; None when it need not."""
    if not hasattr(os, "fork"):
        return _("this system cannot fork processes")
    if chunks < min_chunks:
        return _("too few rows to share")
    return None


def run(work: Any, chunks: List[List[Any]], jobs: int, write: Callable[[str], None],
        start_bar: Callable[[int], Any], total: int, stats: Any,
        write_bytes: Optional[Callable[[bytes], None]] = None,
        key: Optional[Callable[[Any], Any]] = None) -> Tuple[int, int]:
    """Every chunk's lines written in order, as UTF-8 by `write_bytes` if given, else as text by
    `write`; returns (rows, failed rows) of the chunks. `stats` gets the caches' reports. `key`
    gives what a row's pieces of advice depend on most (its current role): rows with the same key
    go to the same worker where the shares stay even (see `assign`)."""
    for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    shares = assign([[key(item) if key is not None else None for item in chunk] for chunk in chunks], jobs)
    pids: List[int] = []
    reads: List[int] = []
    try:
        pipes = [os.pipe() for _k in range(jobs)]
        reads = [r for r, _w in pipes]
        for r in reads:
            _widen(r)
        for k in range(jobs):
            # A signal between fork() and noting the child would leave it unknown to the cleanup.
            old = signal.pthread_sigmask(signal.SIG_BLOCK, CAUGHT)
            try:
                pid = os.fork()
                if pid == 0:
                    _worker(work, chunks, shares, pipes, k, old)  # never returns
                pids.append(pid)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)
        for _r, w in pipes:
            os.close(w)
        done = failed = 0
        buffers = [bytearray() for _k in range(jobs)]
        with start_bar(total) as moved:
            for j, chunk in enumerate(chunks):
                # Every worker's part of the chunk is here before any of it is written: a worker
                # that dies while sending leaves no part of a line.
                share = shares[j]
                lines: List[List[Any]] = []
                for k in range(jobs):
                    kind, count, payload = _receive_into(reads[k], buffers, k)
                    if kind != RESULT:
                        _failed(kind, count, bytes(payload), pids[k], work.name)
                    failed += count
                    lines.append(_split(payload, share.count(k)))
                if jobs > 1 and any(lines[k] for k in range(1, jobs)) and lines[0]:
                    at = [0] * jobs
                    ordered = []
                    for k in share:
                        ordered.append(lines[k][at[k]])
                        at[k] += 1
                else:  # one worker had the whole chunk
                    ordered = [line for part in lines for line in part]
                data = b"".join(ordered)
                if write_bytes is not None:
                    write_bytes(data)
                else:
                    write(data.decode("utf-8"))
                done += len(chunk)
                if moved is not None:
                    moved(chunk[-1][0], total)
        stats.caches = []
        for k in range(jobs):
            kind, count, payload = _receive(reads[k])
            if kind != STATS:
                _failed(kind, count, payload, pids[k], work.name)
            import marshal

            stats.caches.append(marshal.loads(payload))
        stats.processes = jobs
        return done, failed
    finally:
        _end(pids)
        for fd in reads:
            try:
                os.close(fd)
            except OSError:
                pass


def assign(keys: List[List[Any]], jobs: int) -> List[List[int]]:
    """Which worker takes each row (by chunk): each key's rows to one worker, so that what a worker
    keeps for one row (advisor.Engine.kept: by the current role, the levels, ...) serves the next
    rows with the same key (a worker that saw only every other row would miss where one process
    hits); the largest keys first, each to the least loaded worker. A key too big for that to stay
    even, or whose worker is loaded past 5% over an even share, has its rows dealt out in turn."""
    counts: dict = {}
    for chunk in keys:
        for key in chunk:
            counts[key] = counts.get(key, 0) + 1
    target = sum(counts.values()) / jobs
    loads = [0.0] * jobs
    home: dict = {}
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], repr(kv[0]))):
        if n > target / 2:
            home[key] = None
            loads = [load + n / jobs for load in loads]
        else:
            k = loads.index(min(loads))
            home[key], loads[k] = k, loads[k] + n
    while max(loads) > 1.05 * target:
        heavy = loads.index(max(loads))
        kept = [(counts[key], repr(key), key) for key, k in home.items() if k == heavy]
        if not kept:
            break
        n, _shown, key = max(kept)
        home[key] = None
        loads[heavy] -= n
        loads = [load + n / jobs for load in loads]
    dealt = 0
    out = []
    for chunk in keys:
        share = []
        for key in chunk:
            k = home[key]
            if k is None:
                k, dealt = dealt % jobs, dealt + 1
            share.append(k)
        out.append(share)
    return out


def _split(payload: memoryview, count: int) -> List[memoryview]:
    """A part's lines (each with its newline), from the line lengths in front of them."""
    if not count:
        return []
    sizes = struct.unpack_from(f"!{count}I", payload)
    at = 4 * count
    out = []
    for size in sizes:
        out.append(payload[at:at + size])
        at += size
    return out


def _widen(fd: int) -> None:
    """A pipe of 1 MiB where Linux allows it: a chunk's lines then cross in a few writes, not one
    per 64 KiB, each of which waits for the other process to be scheduled on a busy machine."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):  # not Linux, or over the system's pipe-max-size: the default works too
        pass


def _end(pids: List[int]) -> None:
    """Every worker ended and reaped: those still running are killed (they hold nothing to clean up)."""
    for pid in pids:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        except OSError:  # pragma: no cover - already gone
            pass


def _failed(kind: Optional[bytes], count: int, payload: bytes, pid: int, name: str) -> None:
    """A worker's error, or its death, as an internal error (PromoOpsError: exit 1)."""
    if kind == ERROR:
        what, _sep, detail = payload.decode("utf-8", "replace").partition("\0")
        raise PromoOpsError("cohort-worker-failed", name=name, line=count, kind=what, detail=detail)
    how = _("ended before its rows were done")
    try:
        got, status = os.waitpid(pid, 0)
        if got and os.WIFSIGNALED(status):
            how = _("was killed by signal {signal}").format(signal=os.WTERMSIG(status))
        elif got and os.WIFEXITED(status):
            how = _("exited with status {status} before its rows were done").format(status=os.WEXITSTATUS(status))
    except ChildProcessError:  # pragma: no cover
        pass
    raise PromoOpsError("cohort-worker-died", how=how)


def _receive_into(fd: int, buffers: List[bytearray], k: int) -> Tuple[Optional[bytes], int, memoryview]:
    """One message read into `buffers[k]` (replaced by a larger one when needed: the view is valid
    until the next message read into it); (None, 0, empty) when the pipe ends before the message does."""
    head = b"".join(_read(fd, HEADER.size))
    if len(head) < HEADER.size:
        return None, 0, memoryview(b"")
    kind, count, size = HEADER.unpack(head)
    if len(buffers[k]) < size:
        buffers[k] = bytearray(max(size, 2 * len(buffers[k])))
    view = memoryview(buffers[k])[:size]
    got = 0
    while got < size:
        n = os.readv(fd, [view[got:]])
        if not n:
            return None, 0, memoryview(b"")
        got += n
    return kind, count, view


def _receive(fd: int) -> Tuple[Optional[bytes], int, bytes]:
    kind, count, pieces = _receive_pieces(fd)
    return kind, count, b"".join(pieces)


def _receive_pieces(fd: int) -> Tuple[Optional[bytes], int, List[bytes]]:
    """One message: its kind, its count and its payload as the pieces read (not joined: a chunk's
    lines are written as they came); (None, 0, []) when the pipe ends before the message does."""
    head = b"".join(_read(fd, HEADER.size))
    if len(head) < HEADER.size:
        return None, 0, []
    kind, count, size = HEADER.unpack(head)
    pieces = _read(fd, size)
    if sum(map(len, pieces)) < size:
        return None, 0, []
    return kind, count, pieces


def _read(fd: int, size: int) -> List[bytes]:
    parts = []
    while size:
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return parts


def _send(fd: int, kind: bytes, count: int, payload: bytes) -> None:
    _send_parts(fd, kind, count, [payload])


IOV = 512  # buffers given to one writev (the system allows at least 1024)


def _send_parts(fd: int, kind: bytes, count: int, parts: List[bytes]) -> None:
    """A message whose payload is `parts` one after another, written without joining them."""
    views = [memoryview(HEADER.pack(kind, count, sum(map(len, parts))))] + [memoryview(p) for p in parts]
    i = 0
    while i < len(views):
        written = os.writev(fd, views[i:i + IOV])
        while written:
            size = len(views[i])
            if written >= size:
                written -= size
                i += 1
            else:
                views[i] = views[i][written:]
                written = 0
        while i < len(views) and not len(views[i]):
            i += 1


def _worker(work: Any, chunks: List[List[Any]], shares: List[List[int]], pipes: List[Tuple[int, int]], k: int,
            mask: Any) -> None:
    """A worker's whole life: its part of each chunk into its pipe (the lines' lengths, then the
    lines), then its caches' report. Never returns."""
    code = 70
    try:
        # Ctrl-C reaches the whole process group: the parent decides, and ends the workers.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for sig in CAUGHT[1:]:
            signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        out = pipes[k][1]
        for i, (r, w) in enumerate(pipes):  # hold only our own writing end (see the module's doc)
            os.close(r)
            if i != k:
                os.close(w)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)  # nor the parent's input and output: a reader waits for their end, not ours
        os.dup2(null, 1)
        parse = work.parse
        newline = b"\n"
        for chunk, share in zip(chunks, shares):
            lines = [b""]
            sizes = []
            failed = 0
            for item, taker in zip(chunk, share):
                if taker != k:
                    continue
                number = item[0]
                try:
                    line, bad = work.encoded(*(parse(*item) if parse is not None else item))
                except Exception as exc:  # noqa: BLE001 - a bug: told to the parent, which fails clearly
                    _send(out, ERROR, number, f"{type(exc).__name__}\0{exc}".encode("utf-8", "replace"))
                    raise
                lines.append(line)
                lines.append(newline)
                sizes.append(len(line) + 1)
                failed += bad
            lines[0] = struct.pack(f"!{len(sizes)}I", *sizes)
            _send_parts(out, RESULT, failed, lines)
        import marshal

        _send(out, STATS, 0, marshal.dumps(work.cache.report()))
        code = 0
    except BrokenPipeError:
        code = 0  # the parent has gone: nothing to tell anyone
    except BaseException:  # noqa: BLE001 - told above when it could be; the parent sees the pipe end
        code = 70
    finally:
        os._exit(code)

