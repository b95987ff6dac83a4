"""Reading a text file a user names: size-limited, UTF-8 only, every failure a Problem.

Kept apart from safeyaml so that a run which needs only the bytes (to look a
knowledge base up in the cache, or to read JSON) does not import PyYAML.
"""

from __future__ import annotations

import os
import re
import stat
from itertools import accumulate
from typing import Any, Dict, NamedTuple, Optional, Tuple, Union

from promo_ops.errors import Problem
from promo_ops.messages import N_, say, translate

Path = Tuple[Union[str, int], ...]
Mark = Tuple[int, int]

MiB = 1024 * 1024
MAX_BYTES = 16 * MiB  # a file of no kind below (a cohort file: its rows are bounded one by one)
MAX_ALIAS_USES = 1000
MAX_DEPTH = 64
MAX_NODES = 2_000_000
MAX_INT_DIGITS = 20


class Limits(NamedTuple):
    """What one kind of file may hold: `bytes` checked before it is read, `values`, `depth` and
    `aliases` while it is parsed (as YAML's events arrive; by a scan before json reads a JSON text),
    so a file over them costs the work up to the limit, never a parse of all of it. `advice` says
    what to do about a file over the value limit."""

    what: str
    bytes: int
    values: int
    advice: str
    depth: int = MAX_DEPTH
    aliases: int = MAX_ALIAS_USES


# A knowledge base may be a taxonomy (the 1000x synthetic one, 19,000 roles and 17,000 skills, is
# 28 MiB and 1.65 million values; ESCO's 3,000 occupations and 13,000 skills are smaller); an
# answers file is one person's answers (a few dozen values; a level for each of a thousand skills
# stays far below its limits); a plan file adds the practice plan and its history.
KNOWLEDGE_BASE = Limits("knowledge base", 64 * MiB, 2_500_000,
                        N_("that is the most a knowledge base may hold; remove entries no one uses"))
PLAN = Limits("plan file", 4 * MiB, 100_000,
              N_("that is the most a plan file may hold; check that this is a plan file, or start a new "
                 "plan with `advise --save`"))
ANSWERS = Limits("answers file", 1 * MiB, 5_000,
                 N_("that is the most an answers file may hold (one person's answers); check that this is "
                    "an answers file"))
COLUMNS = Limits("columns file", 64 * 1024, 1_000,
                 N_("that is the most a columns file may hold (a column for each question); check that this "
                    "is a columns file"))
ROW = Limits("cohort row", 1 * MiB, 5_000,
             N_("that is the most one row may hold (one person's answers); check the row"))
OTHER = Limits("file", MAX_BYTES, MAX_NODES, N_("that is the most promo-ops reads from one file"))
KINDS: Dict[str, Limits] = {k.what: k for k in (KNOWLEDGE_BASE, PLAN, ANSWERS, COLUMNS, ROW)}


def limits(what: str) -> Limits:
    """The limits of a kind of file, by the name messages give it ("answers file")."""
    return KINDS.get(what, OTHER)


def over_values(limits: Limits) -> str:
    """The message for a file over its kind's value limit."""
    return say("too-many-values", limit=f"{limits.values:,}", advice=translate(limits.advice))


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


def read_bytes(path: str, *, what: str, limit: Optional[int] = None) -> bytes:
    """Read a file, refusing what is not a readable regular file or is too big (over `limit`, or
    else its kind's byte limit).

    The file is opened without blocking (a FIFO with no writer would otherwise
    wait forever) and checked with fstat on the open descriptor, so what is
    checked is what is read.
    """
    if limit is None:
        limit = limits(what).bytes
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


def decode(raw: bytes, name: str, limit: int = MAX_BYTES) -> str:
    if len(raw) > limit:
        raise DocumentError([Problem(say("input-over-limit", limit=f"{limit:,}"), file=name)])
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


_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_STRUCTURE = bytes(c for c in range(256) if c not in b'"[]{},')


def _skeleton(data: bytes) -> bytes:
    """The brackets, braces and commas of a JSON text outside its strings: exact for valid JSON, and
    for any other up to its first error, which is all json reads. Plain byte operations in C (UTF-8
    never uses an ASCII byte inside a character): escaped quotes and backslashes out, then everything
    but quotes and structure, then each pair of adjacent quotes (an empty string, or nothing between
    two strings: the parity of every other quote stays), and only then the rest of the strings. A
    regular expression over the strings of a 28 MiB file took 1.5 s and hundreds of MiB; this 0.2 s."""
    data = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    return b"".join(data.split(b'"')[::2])


def json_bounds(text: Union[str, bytes], limits: Limits = OTHER, *, depth: bool = True) -> Optional[str]:
    """Why a JSON text is over its kind's value or (unless depth=False) nesting limit, or None; costs a
    scan, not a parse."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    opens = data.count(b"[") + data.count(b"{")
    if (opens <= limits.depth or not depth) and data.count(b",") + opens < limits.values:
        return None  # even counting brackets and commas inside strings, it is within both limits
    skeleton = _skeleton(data)
    # A value is the first of its container or follows a comma; containers are values too.
    opens = skeleton.count(b"[") + skeleton.count(b"{")
    if skeleton.count(b",") + opens + 1 > limits.values:
        return over_values(limits)
    if depth and opens > limits.depth and \
            max(accumulate(map(_STEP.__getitem__, skeleton.replace(b",", b"")))) > limits.depth:
        return say("too-deep", limit=limits.depth)
    return None


def looks_like_json(text: str) -> bool:
    """Whether a text is shaped as a JSON object (YAML reads it too: a flow mapping)."""
    return text.lstrip(" \t\r\n").startswith("{") and text.rstrip(" \t\r\n").endswith("}")


# Patterns as strings: re compiles (and caches) each on first use, so only a run that reads a JSON
# file through this check pays for compiling them (the first, a wide character class, costs
# about 7 ms to compile: on every run's start-up when it was compiled at import).
# Characters YAML refuses, or reads as a line break or a byte-order mark where JSON reads text.
_NOT_AS_IN_YAML = ("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                   "\U00010000-\U0010ffff]")
# A key whose colon is on another line or far after it: YAML (libyaml) no longer reads it as a key.
# (Three patterns, each starting with a literal, which re finds fast: one alternation took 0.5 s.)
_KEY_APART = (rb"\n[ \t\r\n]*:", rb"\r[ \t\r\n]*:", rb'"[ \t]{32,}:')
_SURROGATE = rb"\\u[dD][89a-fA-F]"  # an escaped surrogate: JSON pairs them, YAML refuses them
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


def json_as_yaml(text: str, raw: Optional[bytes] = None, limits: Limits = OTHER) -> Optional[dict]:
    """The mapping a JSON text holds, read by the json module (C, several times faster than YAML's
    events and without a position for every value), if YAML (safeyaml) would read exactly the same
    values from it; None if it might not (then the caller reads it as YAML), or if it is not a JSON
    mapping within the limits. What YAML reads differently is refused here, never guessed at:
    numbers with exponents, NaN and Infinity, escaped surrogates, characters YAML refuses or takes
    for line breaks, repeated keys, keys far from their colon, and tabs outside the mapping.
    `raw`, the text's UTF-8 bytes if the caller has them, makes the scans cheaper."""
    import json

    if not text.lstrip(" \r\n").startswith("{") or not text.rstrip(" \r\n").endswith("}"):
        return None
    data = text.encode("utf-8", "surrogatepass") if raw is None else raw
    if re.search(_NOT_AS_IN_YAML, text) or re.search(_SURROGATE, data) or any(re.search(p, data) for p in _KEY_APART):
        return None
    if json_bounds(data, limits) is not None:
        return None
    del data
    try:
        value = json.loads(text, object_pairs_hook=_object_as_in_yaml, parse_float=_float_as_in_yaml,
                           parse_int=_int_as_in_yaml, parse_constant=_not_as_in_yaml)
    except (ValueError, _NotAsInYaml, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def parse_json(text: str, name: str, hook: Any = None, limits: Limits = OTHER) -> Any:
    """JSON within its kind's limits: ValueError (json's own) for a syntax error, DocumentError for a bound."""
    import json

    problem = json_bounds(text, limits)
    if problem is None:
        try:
            return json.loads(text, object_pairs_hook=hook, parse_int=_bounded_int)
        except _Bound as exc:
            problem = str(exc)
        except RecursionError:  # pragma: no cover - json_bounds keeps nesting far below the interpreter's limit
            problem = say("too-deep", limit=limits.depth)
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
