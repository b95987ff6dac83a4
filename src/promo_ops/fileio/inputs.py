"""Reading what a user names on the command line: a file, or `-` for standard input."""

from __future__ import annotations

import sys
from typing import Tuple

from promo_ops.errors import InputError
from promo_ops.fileio import textfile
from promo_ops.messages import say


def read_input(source: str, what: str) -> Tuple[str, str]:
    """The text of a file a user named (`-` for standard input) and the name to report it by."""
    data, name = read_input_bytes(source, what)
    try:
        return textfile.decode(data, name, textfile.limits(what).bytes), name
    except textfile.DocumentError as exc:
        raise InputError("input-unreadable", exc.problems, what=what, name=source) from None


def read_input_bytes(source: str, what: str) -> Tuple[bytes, str]:
    """The bytes of a file a user named (`-` for standard input), undecoded, and its name."""
    try:
        if source == "-":
            limit = textfile.limits(what).bytes
            data = _read_stdin(what, limit)
            if len(data) > limit:
                raise textfile.DocumentError([textfile.Problem(
                    say("input-over-limit", limit=f"{limit:,}"), file="<stdin>")])
            return data, "<stdin>"
        return textfile.read_bytes(source, what=what), source
    except textfile.DocumentError as exc:
        raise InputError("input-unreadable", exc.problems, what=what, name=source) from None


def _read_stdin(what: str, limit: int) -> bytes:
    if sys.stdin is None:  # started with standard input closed (`<&-`)
        raise InputError("stdin-closed", what=what)
    try:
        stdin = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
        return stdin.read(limit + 1) if stdin else sys.stdin.read().encode()
    except (OSError, ValueError) as exc:
        raise InputError("stdin-unreadable", what=what, problem=getattr(exc, "strerror", None) or exc) from None
