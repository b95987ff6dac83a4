"""Cohort mode on several cores: worker processes share the rows, the parent writes in input order.

The parent reads every row first; then it forks `jobs` workers, which share
those rows and the loaded knowledge base without copying them. The rows are
cut into chunks, and worker k takes chunks k, k + jobs, k + 2 jobs, ... in
turn, sending each chunk's lines through its own pipe; the parent reads chunk
0 from worker 0, chunk 1 from worker 1, and so on, so the output is in input
order and byte-identical to one process's. A worker is at most one chunk ahead
(the pipe holds it back), so memory stays bounded however long the cohort.

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
        write_bytes: Optional[Callable[[bytes], None]] = None) -> Tuple[int, int]:
    """Every chunk's lines written in order, as UTF-8 by `write_bytes` if given, else as text by
    `write`; returns (rows, failed rows) of the chunks. `stats` gets the caches' reports."""
    for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
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
                    _worker(work, chunks[k::jobs], pipes, k, old)  # never returns
                pids.append(pid)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)
        for _r, w in pipes:
            os.close(w)
        done = failed = 0
        with start_bar(total) as moved:
            for j, chunk in enumerate(chunks):
                kind, count, pieces = _receive_pieces(reads[j % jobs])
                if kind != RESULT:
                    _failed(kind, count, b"".join(pieces), pids[j % jobs], work.name)
                # The whole chunk is here before any of it is written: a worker that dies while
                # sending leaves no part of a line.
                if write_bytes is not None:
                    for piece in pieces:
                        write_bytes(piece)
                else:
                    write(b"".join(pieces).decode("utf-8"))
                failed += count
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


def _worker(work: Any, chunks: List[List[Any]], pipes: List[Tuple[int, int]], k: int, mask: Any) -> None:
    """A worker's whole life: its chunks' lines into its pipe, then its caches' report. Never returns."""
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
        for chunk in chunks:
            lines = []
            failed = 0
            parse = work.parse
            for item in chunk:
                number = item[0]
                try:
                    line, bad = work.encoded(*(parse(*item) if parse is not None else item))
                except Exception as exc:  # noqa: BLE001 - a bug: told to the parent, which fails clearly
                    _send(out, ERROR, number, f"{type(exc).__name__}\0{exc}".encode("utf-8", "replace"))
                    raise
                lines.append(line)
                lines.append(b"\n")
                failed += bad
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

