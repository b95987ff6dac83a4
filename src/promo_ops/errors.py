"""The project's error types. Each carries the exit code the CLI maps it to."""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence

from promo_ops.record import Record

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_KB = 3
EXIT_INTERRUPTED = 130


MAX_GUESS_INPUT = 100  # "did you mean" is for typos, not for pasted documents
MAX_GUESS_POOL = 500  # candidates compared in full, after a cheap filter by length


def closest(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Near-miss candidates for a "did you mean" hint, best first.

    Bounded: nothing for an input longer than MAX_GUESS_INPUT characters, and
    at most MAX_GUESS_POOL candidates (those closest in length) are compared.
    """
    if not word or len(word) > MAX_GUESS_INPUT:
        return []
    import difflib  # only errors need it; keep it out of start-up
    pool = sorted({c for c in candidates if isinstance(c, str)})
    if len(pool) > MAX_GUESS_POOL:
        pool = sorted(sorted(pool, key=lambda c: (abs(len(c) - len(word)), c))[:MAX_GUESS_POOL])
    matcher = difflib.SequenceMatcher(None, "", word)
    scored = []
    for c in pool:
        matcher.set_seq1(c)
        scored.append((matcher.ratio(), c))
    scored.sort(key=lambda x: (-x[0], x[1]))
    # Offer the best match and only those nearly as close, not every word above the bar.
    hits = [c for r, c in scored[:n] if r >= cutoff and r >= scored[0][0] - 0.08] if scored else []
    if not hits:
        lowered = word.lower()
        hits = [c for c in pool if lowered and (lowered in c or c in lowered)][:n]
    return hits


def shorten(text: str, limit: int = 80) -> str:
    """Text a person typed, as an error echoes it: whole when short, else its start and its length."""
    text = str(text)
    return text if len(text) <= limit else f"{text[:60]}… ({len(text):,} characters)"


def shorten_path(text: str, limit: int = 200) -> str:
    """A path as an error names it: whole unless absurdly long, else its start and end (the
    file's name), with how long it was."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:40]}…{text[-40:]} ({len(text):,} characters)"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    from promo_ops.messages import _

    hits = closest(str(word), candidates)
    if not hits:
        return ""
    return _(" (did you mean {candidates}?)").format(candidates=_(" or ").join(f"'{h}'" for h in hits))


class Problem(Record):
    """One thing wrong in a file, with where it is."""

    __slots__ = ("message", "file", "line", "column", "path")
    _defaults = {"file": "", "line": None, "column": None, "path": ""}

    message: str
    file: str
    line: Optional[int]
    column: Optional[int]
    path: str

    def __str__(self) -> str:
        where = shorten_path(self.file) if self.file else "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        at = f" {self.path}:" if self.path else ""
        return f"{where}:{at} {self.message}"

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class PromoOpsError(Exception):
    """Base of every error a user can cause; never shown as a traceback.

    It carries a code and its parameters; the words are messages.MESSAGES[code],
    in the run's language.
    """

    exit_code = EXIT_INTERNAL

    def __init__(self, code: str, problems: Sequence[Problem] = (), **params: Any):
        from promo_ops.messages import say

        message = say(code, **params)
        super().__init__(message)
        self.code = code
        self.params = params
        self.message = message
        self.problems = tuple(problems)

    def lines(self) -> list[str]:
        if self.problems:
            return [str(p) for p in self.problems]
        return [self.message]


class InputError(PromoOpsError):
    """Bad usage or bad input: unknown id, bad answer, unreadable file."""

    exit_code = EXIT_USAGE


class KnowledgeBaseError(PromoOpsError):
    """The knowledge base is invalid; carries every problem found."""

    exit_code = EXIT_KB


class Interrupted(PromoOpsError):
    """Ctrl-C or end of input at a prompt."""

    exit_code = EXIT_INTERRUPTED
