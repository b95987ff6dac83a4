"""The program's entry point: signals, streams and exit codes, set up before anything heavy is imported.

Ctrl-C is handled from the first statement of this module (through the C
module _signal: the signal module imports enum, which alone is milliseconds),
so an interrupt during start-up (importing Typer, say) is "interrupted" and
exit 130, never a traceback. SIGTERM and SIGHUP unwind the same way, so
temporary files are removed. Output that cannot be written (a closed or full
stdout, an encoding that cannot show a character) is one line on stderr and
an exit code. This is the only place that maps the project's errors to exit
codes.
"""

import _signal
import gc
import os


def _interrupted_early(signum, frame):  # pragma: no cover - timing-dependent
    # Before main() is running nothing needs cleaning up: say so and stop.
    try:
        os.write(2, b"promo-ops: interrupted\n")
    finally:
        os._exit(130)


try:
    _signal.signal(_signal.SIGINT, _interrupted_early)
except (ValueError, OSError):  # pragma: no cover - not the main thread (embedded use)
    pass

import sys  # noqa: E402 - after the handler, on purpose


def _unraisable(info):  # pragma: no cover - timing-dependent
    # An interrupt that lands in a callback (an import lock's weakref, say) would be printed as
    # "Exception ignored" and lost; deliver it again, to whichever handler is current.
    if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt):
        import _thread

        _thread.interrupt_main()
        return
    sys.__unraisablehook__(info)


sys.unraisablehook = _unraisable

import signal  # noqa: E402
from typing import Any, List, Optional  # noqa: E402

PROG = "promo-ops"


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwind (removing temporary files) and exit 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _(text: str) -> str:
    from promo_ops.messages import translate

    return translate(text)


def say(code: str, **params: Any) -> str:
    from promo_ops.messages import say

    return say(code, **params)


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def err(line: str) -> None:
    """One line on stderr: nothing in it can move the cursor, start a new line, or reorder text."""
    from promo_ops import clean

    try:
        sys.stderr.write(f"{PROG}: {clean.line(line)}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # stderr is gone: the exit code is all that is left to say it


def _escape_unencodable(exc: UnicodeError) -> Any:
    """An encoding error handler: what the output encoding cannot show becomes a JSON-style \\u escape."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


def _prepare_streams() -> Optional[str]:
    """Make stdout safe to write to; returns why it cannot be, if it cannot."""
    import codecs

    codecs.register_error("promo-ops-escape", _escape_unencodable)
    if sys.stdout is None:
        return _("standard output is closed")
    import io

    try:
        os.fstat(sys.stdout.fileno())
    except (io.UnsupportedOperation, AttributeError):  # a stream without a descriptor (captured output)
        return None
    except (OSError, ValueError):
        return _("standard output is closed")
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8"):
        try:
            sys.stdout.reconfigure(errors="promo-ops-escape")  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # pragma: no cover - not a TextIOWrapper
            pass
    return None


def run() -> int:
    """The console script and `python -m promo_ops`: main() in a process of its own.

    Start-up (importing Typer and promo-ops, building the command) makes some
    hundred thousand objects that live as long as the process, and no garbage:
    the cyclic collector, left on, walks them again and again while they are
    made (about 4 ms) and once more when the process exits (about 6 ms), for
    nothing. So it is off during start-up; then those objects are frozen (moved
    where the collector never looks) and it is back on, for the run's own work,
    which may be large (a cohort, a big knowledge base). main() called as a
    function (tests, embedding) leaves the collector alone.
    """
    _OWN_PROCESS[0] = True
    gc.disable()
    try:
        return main()
    finally:
        _started()


_OWN_PROCESS = [False]


def _started() -> None:
    """Start-up is over (see run): freeze what it made and turn the collector back on."""
    if _OWN_PROCESS[0] and not gc.isenabled():
        gc.freeze()
        gc.enable()


def long_lived() -> None:
    """What the run has just made lives as long as the process (the loaded knowledge base, which for a
    big one is millions of objects): in a process of its own (see run), it is frozen too, and the
    oldest generation is no longer collected for the rest of this one command (young objects still
    are, where a command's garbage is). Each full collection walked everything the command had made
    so far, and a big knowledge base makes more of them: warm advise on the 1000x synthetic base
    took 3.1 s with them and 2.65 s without, the 100x one 0.27 s either way."""
    if _OWN_PROCESS[0] and gc.isenabled():
        gc.freeze()
        young, middle, _old = gc.get_threshold()
        gc.set_threshold(young, middle, 1 << 30)


def main(argv: Optional[List[str]] = None) -> int:
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), _terminate)
    except (ValueError, OSError):  # pragma: no cover - not the main thread
        pass
    try:
        return _main(argv)
    except (KeyboardInterrupt, Terminated, Exception) as exc:
        # An interrupt can arrive wrapped (Python turns one raised in __set_name__ during an import
        # into a RuntimeError): what the user did decides the ending, not where it landed.
        signalled = _signal_in(exc)
        if signalled is None:
            raise
        err(say("interrupted") if isinstance(signalled, KeyboardInterrupt) else say("terminated"))
        return 130 if isinstance(signalled, KeyboardInterrupt) else 128 + signalled.signum


def _signal_in(exc: BaseException) -> Any:
    """The KeyboardInterrupt or Terminated that caused an exception, if one did."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (KeyboardInterrupt, Terminated)):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _main(argv: Optional[List[str]]) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    closed = _prepare_streams()
    if closed:
        err(say("error", message=say("output-failed", problem=closed)))
        return 2
    from promo_ops import cli
    from promo_ops.errors import (
        EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, KnowledgeBaseError, PromoOpsError,
    )

    click_exc = cli.click_exc
    import typer

    try:
        command = cli._command_for(argv)
        _started()
        rv = command.main(args=argv, prog_name=PROG, standalone_mode=False)
        code = rv if isinstance(rv, int) else EXIT_OK
        if code == EXIT_INTERRUPTED:  # Typer turns Ctrl-C inside a command into this code
            err(say("interrupted"))
    except KnowledgeBaseError as exc:
        for line in exc.lines():
            err(say("error", message=line))
        if exc.problems:
            n = len(exc.problems)
            err(say("kb-problems-one" if n == 1 else "kb-problems", message=exc.message, count=n))
        code = exc.exit_code
        _json_error(argv, code, exc.message, exc.problems)
    except PromoOpsError as exc:
        for line in exc.lines():
            err(say("error", message=line) if exc.exit_code != EXIT_INTERRUPTED else line)
        code = exc.exit_code
        _json_error(argv, code, "; ".join(exc.lines()), exc.problems)
    except click_exc.UsageError as exc:
        hint = ""
        if exc.ctx is not None:
            hint = say("see-help", command=exc.ctx.command_path)
        err(say("error", message=f"{exc.format_message().rstrip('.')}{hint}"))
        code = EXIT_USAGE
        _json_error(argv, code, f"{exc.format_message().rstrip('.')}{hint}")
    except click_exc.ClickException as exc:
        err(say("error", message=exc.format_message()))
        code = exc.exit_code
        _json_error(argv, code, exc.format_message())
    except (KeyboardInterrupt, typer.Abort):
        err(say("interrupted"))
        code = EXIT_INTERRUPTED
        _json_error(argv, code, say("interrupted"))
    except (BrokenPipeError, cli._PipeClosed):
        _silence_stdout()
        return EXIT_OK
    except SystemExit as exc:
        # Click answers a broken pipe (while printing --help, say) with exit 1; for us it is the quiet end.
        cause = exc.__context__
        if isinstance(cause, OSError) and cause.errno == getattr(__import__("errno"), "EPIPE"):
            _silence_stdout()
            return EXIT_OK
        raise
    except MemoryError:
        err(say("out-of-memory"))
        code = EXIT_INTERNAL
    except OSError as exc:
        import errno

        full = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG, errno.EIO)
        if exc.errno in full or _stdout_broken():  # raised by a library writing to our output (Rich)
            _silence_stdout()
            err(say("error", message=say("output-failed", problem=exc.strerror or exc)))
            return EXIT_USAGE
        err(say("internal-error", kind=type(exc).__name__, detail=exc))
        if os.environ.get("PROMO_OPS_DEBUG"):
            raise
        code = EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into a report
        if _signal_in(exc) is not None:
            raise
        err(say("internal-error", kind=type(exc).__name__, detail=exc))
        if os.environ.get("PROMO_OPS_DEBUG"):
            raise
        code = EXIT_INTERNAL
        _json_error(argv, code, say("internal-error", kind=type(exc).__name__, detail=exc))
    return _flush(code)


def _json_error(argv: List[str], code: int, message: str, problems: Any = ()) -> None:
    """With --json (or --format json), an error is also one JSON object on stdout
    (schemas/error.schema.json), so a script reading stdout has something to parse; the
    message is on stderr as well and the exit code is the same."""
    from promo_ops import cli

    command = cli.json_command(argv)
    if command is None:
        return
    from promo_ops import clean
    from promo_ops.envelope import envelope
    from promo_ops.render import jsonout

    error: Any = {"code": code, "message": clean.line(message)}  # as stderr shows it
    if problems:
        error["problems"] = [p.to_dict() for p in problems]
    try:
        sys.stdout.write(jsonout.dumps(envelope(command, error=error)))
    except (OSError, ValueError):
        pass  # stdout is gone; stderr has said it


def _stdout_broken() -> bool:
    try:
        sys.stdout.flush()
    except OSError:
        _silence_stdout()
        return True
    except (ValueError, AttributeError):
        return False
    return False


def _flush(code: int) -> int:
    """Flush stdout here, so a reader that closed early (`| head -1`) ends us quietly and a full disk is said."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        err(say("error", message=say("output-failed", problem=exc.strerror or exc)))
        _silence_stdout()
        return code or 2
    except (ValueError, AttributeError):
        pass
    return code


def _silence_stdout() -> None:
    # Python would complain again when it flushes at exit; point stdout at nothing instead.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
