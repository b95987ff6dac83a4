"""JSON output: one object per run, stable key order, byte-identical for the same input.

The text is exactly `json.dumps(clean.deep(result), ensure_ascii=False, indent=2)`
(a test checks it on generated values), made in one walk: Python 3.11's json
module writes indented JSON with its pure-Python encoder, a generator per
level, which took longer than the rest of an ordinary advise run's work; and
clean.deep walked the whole result once more before it. Strings go through
json's own C escaping; anything but plain JSON values is handed to
json.dumps, which says what is wrong with it.
"""

from __future__ import annotations

from typing import Any, List

from promo_ops.clean import text as _clean

try:  # the C function json.encoder itself uses, without importing the json package
    from _json import encode_basestring as _string
except ImportError:  # pragma: no cover - a Python built without the _json accelerator
    from json.encoder import py_encode_basestring as _string  # type: ignore[assignment]

_INFINITY = float("inf")


def dumps(result: Any) -> str:
    out: List[str] = []
    try:
        _value(result, out, "\n")
    except _NotPlain:
        import json

        from promo_ops import clean

        return json.dumps(clean.deep(result), ensure_ascii=False, indent=2) + "\n"
    out.append("\n")
    return "".join(out)


class _NotPlain(Exception):
    """A value json.dumps treats in its own way (or refuses): it is left to json.dumps."""


def _value(value: Any, out: List[str], newline: str) -> None:
    kind = type(value)
    if kind is str:
        out.append(_string(_clean(value)))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        first = True
        for key, item in value.items():
            out.append(("{" if first else ",") + inner)
            first = False
            out.append(_key(key))
            out.append(": ")
            _value(item, out, inner)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        first = True
        for item in value:
            out.append(("[" if first else ",") + inner)
            first = False
            _value(item, out, inner)
        out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        out.append(_float(value))
    else:
        raise _NotPlain


def _key(key: Any) -> str:
    kind = type(key)
    if kind is str:
        shown = _clean(key)
        if shown != key:  # two keys may clean to one; clean.deep keeps one of them, so json.dumps decides
            raise _NotPlain
        return _string(shown)
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if kind is int:
        return '"' + int.__repr__(key) + '"'
    if kind is float:
        return '"' + _float(key) + '"'
    raise _NotPlain


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)
