"""A reader for the plain shape of YAML that answers files have, so that reading one needs no PyYAML.

Importing PyYAML costs a run more than all of promo-ops' own start-up. An
answers file (what `--save` writes, what people type) is a mapping of a few
keys to plain words, whole numbers, and short lists or mappings of them. This
reads exactly that and nothing else: any line or value outside the shape
(quotes, anchors, tags, booleans, floats, comments after values, multi-line
text, tabs, repeated keys...) makes it return None, and the caller hands the
file to the real YAML reader instead, which also gives the positions for
error messages. So a file means the same here as in PyYAML, or is not read
here at all; tests check that against PyYAML on generated files.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_INT = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_=-]*\Z")
# Words YAML 1.1 (PyYAML) reads as booleans or null: never plain text here.
_SPECIAL = {w for base in ("yes", "no", "true", "false", "on", "off", "null", "y", "n")
            for w in (base, base.capitalize(), base.upper())}
_MISS = object()
MAX_CHARS = 64 * 1024  # an answers file --save writes is well under 1 KiB


def _key(text: str) -> bool:
    return bool(_KEY.match(text)) and text not in _SPECIAL


def _scalar(text: str) -> Any:
    text = text.strip()
    if text in ("null", "~"):
        return None
    if _INT.match(text):
        return int(text) if len(text) <= 20 else _MISS  # the full reader says why a number is too long
    if _WORD.match(text) and text not in _SPECIAL:
        return text
    return _MISS


def _sequence(entries: List[str]) -> Any:
    items = [_scalar(e) for e in entries]
    return _MISS if any(i is _MISS for i in items) else items


def _mapping(entries: List[str]) -> Any:
    out: Dict[str, Any] = {}
    for entry in entries:
        key, sep, value = entry.partition(": ")
        key = key.strip()
        if not sep or not _key(key) or key in out:
            return _MISS
        out[key] = _scalar(value)
        if out[key] is _MISS:
            return _MISS
    return out


def _flow(text: str) -> Any:
    text = text.strip()
    inner = text[1:-1].strip()
    entries = inner.split(",") if inner else []
    if text.startswith("[") and text.endswith("]"):
        return _sequence(entries)
    if text.startswith("{") and text.endswith("}"):
        return _mapping(entries)
    return _scalar(text)


def parse(text: str) -> Optional[Dict[str, Any]]:
    """The mapping the text holds, or None if it is not of the plain shape."""
    if len(text) > MAX_CHARS:
        return None  # not what --save writes; the full reader applies its limits as it goes
    if "\t" in text or "#" in ("\n" + text).replace("\n#", "\n") or "\r" in text:
        return None
    lines: List[Tuple[int, str]] = []
    for raw in text.split("\n"):
        line = raw.rstrip(" ")
        if not line.strip():
            continue
        if line.startswith("#"):
            continue
        if line.strip().startswith("#"):
            return None
        lines.append((len(line) - len(line.lstrip(" ")), line.strip()))
    out: Dict[str, Any] = {}
    i = 0
    while i < len(lines):
        indent, line = lines[i]
        key, sep, value = line.partition(":")
        if indent or not sep or not _key(key) or key in out or (value and not value.startswith(" ")):
            return None
        i += 1
        if value.strip():
            parsed = _flow(value)
            if parsed is _MISS:
                return None
            out[key] = parsed
            continue
        block = []
        while i < len(lines) and (lines[i][0] > 0 or lines[i][1].startswith("- ") or lines[i][1] == "-"):
            block.append(lines[i])
            i += 1
        if not block:
            out[key] = None
            continue
        parsed = _block(block)
        if parsed is _MISS:
            return None
        out[key] = parsed
    return out or None


def _block(block: List[Tuple[int, str]]) -> Any:
    indents = {indent for indent, _ in block}
    if len(indents) != 1:
        return _MISS
    if all(line.startswith("- ") for _, line in block):
        return _sequence([line[2:] for _, line in block])
    if next(iter(indents)) == 0:
        return _MISS
    return _mapping([line for _, line in block])
