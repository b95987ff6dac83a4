"""The cohort progress bar, on stderr, drawn with Rich (so it lives with the renderers)."""

from __future__ import annotations

import os
import sys
from typing import Callable, Iterator, Optional
from contextlib import contextmanager


def _shares_a_terminal_with_stdout() -> bool:
    """Whether stdout is the very terminal the bar would be drawn on: then results and bar would
    share its lines, and the bar would overwrite a result, so it is not drawn."""
    try:
        if not sys.stdout.isatty():
            return False
        return os.path.samestat(os.fstat(sys.stdout.fileno()), os.fstat(sys.stderr.fileno()))
    except (AttributeError, OSError, ValueError):
        return True


def wanted() -> bool:
    try:
        return sys.stderr.isatty() and not _shares_a_terminal_with_stdout()
    except (AttributeError, ValueError):
        return False


@contextmanager
def bar(total: int, label: str = "advising") -> Iterator[Optional[Callable[[int, int], None]]]:
    """A callable (line, total) that moves the bar, or None when no bar is wanted."""
    if not wanted():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    # Rich's live display would otherwise capture stdout, and the results with it.
    progress = Progress(transient=True, console=Console(file=sys.stderr), redirect_stdout=False,
                        redirect_stderr=False)
    task = progress.add_task(label, total=total or 1)
    progress.start()
    try:
        yield lambda line, _total: progress.update(task, completed=line)
    finally:
        progress.stop()
