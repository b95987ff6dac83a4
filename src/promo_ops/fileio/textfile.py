"""Reading a text file a user names: size-limited, UTF-8 only, every failure a Problem.

Kept apart from safeyaml so that a run which needs only the bytes (to look a
knowledge base up in the cache, or to read JSON) does not import PyYAML.
"""

from __future__ import annotations

import os
import re
import stat
from itertools import accumulate
from typing import Any, Dict, Optional, Tuple, Union

from promo_ops.errors import Problem
from promo_ops.messages import say

Path = Tuple[Union[str, int], ...]
Mark = Tuple[int, int]

MAX_BYTES = 16 * 1024 * 1024
# The same bounds for every reader (YAML and JSON), applied before or while parsing, never after.
MAX_ALIAS_USES = 1000
MAX_DEPTH = 64
MAX_NODES = 2_000_000
MAX_INT_DIGITS = 20


class DocumentError(Exception):
    """Raised with every problem found; callers wrap it in their own error type."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    from promo_ops.messages import N_, translate

    for test, name in ((stat.S_ISDIR, N_("a directory")), (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
                       (stat.S_ISCHR, N_("a character device")), (stat.S_ISBLK, N_("a block device")),
                       (stat.S_ISSOCK, N_("a socket")), (stat.S_ISLNK, N_("a symbolic link"))):
        if test(mode):
            return translate(name)
    return translate(N_("something other than a file"))


def read_bytes(path: str, *, what: str, limit: int = MAX_BYTES) -> bytes:
    """Read a file, refusing what is not a readable regular file or is too big.

    The file is opened without blocking (a FIFO with no writer would otherwise
    wait forever) and checked with fstat on the open descriptor, so what is
    checked is what is read.
    """
    fd = -1
    try:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except IsADirectoryError:
            raise DocumentError([Problem(say("file-is-directory", what=what), file=path)]) from None
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise DocumentError([Problem(say("file-is-directory", what=what), file=path)])
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError([Problem(say("file-not-regular", what=what, kind=kind(st.st_mode)), file=path)])
        if st.st_size > limit:
            raise DocumentError([Problem(say("file-too-big", what=what, size=f"{st.st_size:,}", limit=f"{limit:,}"), file=path)])
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # it grew while we read it
            raise DocumentError([Problem(say("file-over-limit", what=what, limit=f"{limit:,}"), file=path)])
        return data
    except FileNotFoundError:
        raise DocumentError([Problem(say("file-not-found", what=what), file=path)]) from None
    except PermissionError:
        raise DocumentError([Problem(say("file-permission", what=what), file=path)]) from None
    except OSError as exc:
        raise DocumentError([Problem(say("file-unreadable", what=what, problem=exc.strerror or exc), file=path)]) from None
    finally:
        if fd >= 0:
            os.close(fd)


def decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise DocumentError([Problem(say("input-over-limit", limit=f"{MAX_BYTES:,}"), file=name)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DocumentError(
            [Problem(say("file-not-utf8", byte=f"0x{raw[exc.start]:02x}"), file=name, line=line, column=col)]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def too_long_number(text: str) -> Optional[str]:
    """The message for an integer with too many digits, or None if it is short enough."""
    digits = sum(c.isdigit() for c in text) if len(text) <= 4 * MAX_INT_DIGITS else len(text)
    if digits <= MAX_INT_DIGITS:
        return None
    shown = text if len(text) <= 24 else text[:12] + "…" + text[-4:]
    return say("number-too-long", number=shown, digits=f"{digits:,}", limit=MAX_INT_DIGITS)


def _bounded_int(text: str) -> int:
    message = too_long_number(text)
    if message:
        raise _Bound(message)
    return int(text)


class _Bound(Exception):
    pass


_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_BRACKETS = re.compile(r"[^\[\]{}]+")


def _skeleton(text: str) -> str:
    """The text outside its strings (for valid JSON, exactly; for any other, the part before the
    first error, which is all json reads, is exact). Plain string operations in C: a regular
    expression over the strings of a 28 MiB file took a second and a half."""
    parts = text.replace("\\\\", "").replace('\\"', "").split('"')
    return "".join(parts[::2])


def json_bounds(text: str, values: int = MAX_NODES, depth: int = MAX_DEPTH) -> Optional[str]:
    """Why a JSON text is over the value or nesting limit, or None; costs a scan, not a parse."""
    opens = text.count("[") + text.count("{")
    if opens <= depth and text.count(",") + opens < values:
        return None  # even counting brackets and commas inside strings, it is within both limits
    skeleton = _skeleton(text)
    # A value is the first of its container or follows a comma; containers are values too.
    opens = skeleton.count("[") + skeleton.count("{")
    if skeleton.count(",") + opens + 1 > values:
        return say("too-many-values", limit=f"{values:,}")
    if opens <= depth:
        return None
    if max(accumulate(map(_STEP.__getitem__, _BRACKETS.sub("", skeleton)))) > depth:
        return say("too-deep", limit=depth)
    return None


# Characters YAML refuses, or reads as a line break or a byte-order mark where JSON reads text.
_NOT_AS_IN_YAML = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                             "\U00010000-\U0010ffff]")
# A key whose colon is on another line or far after it: YAML (libyaml) no longer reads it as a key.
_KEY_APART = re.compile(r'"[ \t\r\n]*[\r\n][ \t\r\n]*:|"[ \t]{32,}:')
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # an escaped surrogate: JSON pairs them, YAML refuses them
_LONG_KEY = 128  # libyaml reads a key only within 1024 characters of its colon (escapes count 6 each)


class _NotAsInYaml(Exception):
    pass


def _not_as_in_yaml(_text: str) -> Any:
    raise _NotAsInYaml


def _float_as_in_yaml(text: str) -> float:
    if "e" in text or "E" in text:  # YAML 1.1 reads 1e3 (and 1.5e3, with no sign) as text
        raise _NotAsInYaml
    return float(text)


def _int_as_in_yaml(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:  # YAML's reader says what is wrong with it, and where
        raise _NotAsInYaml
    return int(text)


def _object_as_in_yaml(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs) or (out and max(map(len, out)) > _LONG_KEY):  # a repeated key; a long key
        raise _NotAsInYaml
    return out


def json_as_yaml(text: str, values: int = MAX_NODES, depth: int = MAX_DEPTH) -> Optional[dict]:
    """The mapping a JSON text holds, read by the json module (C, several times faster than YAML's
    events and without a position for every value), if YAML (safeyaml) would read exactly the same
    values from it; None if it might not (then the caller reads it as YAML), or if it is not a JSON
    mapping within the limits. What YAML reads differently is refused here, never guessed at:
    numbers with exponents, NaN and Infinity, escaped surrogates, characters YAML refuses or takes
    for line breaks, repeated keys, keys far from their colon, and tabs outside the mapping."""
    import json

    if not text.lstrip(" \r\n").startswith("{") or not text.rstrip(" \r\n").endswith("}"):
        return None
    if _NOT_AS_IN_YAML.search(text) or _SURROGATE.search(text) or _KEY_APART.search(text):
        return None
    if json_bounds(text, values, depth) is not None:
        return None
    try:
        data = json.loads(text, object_pairs_hook=_object_as_in_yaml, parse_float=_float_as_in_yaml,
                          parse_int=_int_as_in_yaml, parse_constant=_not_as_in_yaml)
    except (ValueError, _NotAsInYaml, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def parse_json(text: str, name: str, hook: Any = None) -> Any:
    """JSON within the limits: ValueError (json's own) for a syntax error, DocumentError for a bound."""
    import json

    problem = json_bounds(text)
    if problem is None:
        try:
            return json.loads(text, object_pairs_hook=hook, parse_int=_bounded_int)
        except _Bound as exc:
            problem = str(exc)
        except RecursionError:  # pragma: no cover - json_bounds keeps nesting far below the interpreter's limit
            problem = say("too-deep", limit=MAX_DEPTH)
    raise DocumentError([Problem(problem, file=name)])


class Document:
    """Plain values of a file, and the line and column where each key path starts."""

    def __init__(self, data: Any, name: str) -> None:
        self.data = data
        self.name = name
        self.marks: Optional[Dict[Path, Mark]] = {}  # None: read without positions

    def mark(self, path: Path) -> Optional[Mark]:
        """Line and column of a path, or of its nearest ancestor that has one."""
        if self.marks is None:
            return None
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
