"""Long text output in a pager, as git and gh do: only when stdout is a terminal and the text is
taller than it, never when the output is piped or redirected.

The pager is $PAGER (run by the shell, as git runs it), else `less`; `less`
gets LESS=FRX unless LESS is set (quit if one screen, keep colours, leave the
text on the screen). PAGER set to nothing or `cat`, or --no-pager, turns it
off. A pager that cannot be started is not an error: the text is printed.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Mapping, Optional


def wanted(text: str, env: Mapping[str, str] = os.environ) -> Optional[str]:
    """The pager command to show `text` in, or None to print it."""
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    command = env.get("PAGER")
    if command is not None and command.strip() in ("", "cat"):
        return None
    height = shutil.get_terminal_size((80, 24)).lines
    if text.count("\n") < height:
        return None
    return command if command is not None else "less"


def page(text: str, command: str) -> bool:
    """Show text in the pager; False if it could not be started (the caller prints instead)."""
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        sys.stdout.flush()
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(getattr(sys.stdout, "encoding", None) or "utf-8", "replace"))
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit early (q in less): not an error
    while True:
        try:
            code = proc.wait()
            break
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs
            continue
    return code != 127  # the shell could not find the command: print instead
