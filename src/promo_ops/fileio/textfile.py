"""Reading a text file a user names: size-limited, UTF-8 only, every failure a Problem.

Kept apart from safeyaml so that a run which needs only the bytes (to look a
knowledge base up in the cache, or to read JSON) does not import PyYAML.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Tuple, Union

from promo_ops.errors import Problem

Path = Tuple[Union[str, int], ...]
Mark = Tuple[int, int]

MAX_BYTES = 16 * 1024 * 1024


class DocumentError(Exception):
    """Raised with every problem found; callers wrap it in their own error type."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def read_bytes(path: str, *, what: str) -> bytes:
    """Read a file, refusing what is not a readable regular file or is too big."""
    try:
        if os.path.isdir(path):
            raise DocumentError([Problem(f"{what} is a directory, not a file", file=path)])
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise DocumentError(
                [Problem(f"{what} is {size:,} bytes; the limit is {MAX_BYTES:,}", file=path)]
            )
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DocumentError([Problem(f"{what} not found", file=path)]) from None
    except PermissionError:
        raise DocumentError([Problem(f"{what} cannot be read (permission denied)", file=path)]) from None
    except OSError as exc:
        raise DocumentError([Problem(f"{what} cannot be read: {exc.strerror or exc}", file=path)]) from None


def decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise DocumentError([Problem(f"input is over the {MAX_BYTES:,}-byte limit", file=name)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DocumentError(
            [Problem(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", file=name, line=line, column=col)]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


class Document:
    """Plain values of a file, and the line and column where each key path starts."""

    def __init__(self, data: Any, name: str) -> None:
        self.data = data
        self.name = name
        self.marks: Dict[Path, Mark] = {}

    def mark(self, path: Path) -> Optional[Mark]:
        """Line and column of a path, or of its nearest ancestor that has one."""
        p = tuple(path)
        while True:
            if p in self.marks:
                return self.marks[p]
            if not p:
                return None
            p = p[:-1]

    def problem(self, path: Path, message: str) -> Problem:
        m = self.mark(path)
        return Problem(
            message=message,
            file=self.name,
            line=m[0] if m else None,
            column=m[1] if m else None,
            path=format_path(path),
        )


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
