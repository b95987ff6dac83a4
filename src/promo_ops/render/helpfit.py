"""Help text that fits the terminal in any language.

Click wraps help by counting characters, so a Chinese line (each character two
columns wide) runs far past 80 columns, and a Chinese run has no spaces to
break at. `fit` re-wraps each line that is too wide by display columns, with
its continuation lines hanging under the line's text (under the help column for
an option). Standard library only: it runs on every --help.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List

WIDTH = 80


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _indent(line: str) -> int:
    """Where a line's text starts: an option's help column, else its own first character."""
    match = re.match(r"(\s+\S.*?\s{2,})(?=\S)", line)
    if match and line.lstrip().startswith("-"):
        return cells(match.group(1))
    return len(line) - len(line.lstrip(" "))


CLOSERS = "、，。；：）」』！？》"


def _wrap(line: str, width: int) -> List[str]:
    hang = " " * _indent(line)
    out, current = [], ""
    # A break may come at a space, or between two wide characters, never inside an ASCII word and
    # never before closing punctuation (it stays with what it closes).
    tokens = re.findall(r"\s+|[A-Za-z0-9_$./=`'\"()\-\[\],:;<>|{}*+%@#!?]+[" + CLOSERS + "]*|.[" + CLOSERS + "]*",
                        line)
    for token in tokens:
        candidate = current + token
        if cells(candidate) > width and current.strip():
            out.append(current.rstrip())
            current = hang + token.lstrip()
        else:
            current = candidate
    if current.strip():
        out.append(current.rstrip())
    return out


def _join_options(lines: List[str]) -> List[str]:
    """An option's help as one line again (Click wrapped it by characters), to be re-wrapped by columns."""
    out: List[str] = []
    column = None
    for line in lines:
        stripped = line.lstrip(" ")
        if column is not None and stripped and len(line) - len(stripped) == column:
            before = out[-1]
            wide = cells(before[-1:]) == 2 and cells(stripped[:1]) == 2
            out[-1] = before + ("" if wide else " ") + stripped
            continue
        column = _indent(line) if stripped.startswith("-") else None
        out.append(line)
    return out


def fit(text: str, width: int = WIDTH) -> str:
    source = text.split("\n")
    if all(cells(line) == len(line) for line in source):
        return text  # no wide characters: Click's wrapping is already right
    lines: List[str] = []
    for line in _join_options(source):
        lines.extend(_wrap(line, width) if cells(line) > width else [line])
    return "\n".join(lines)
