"""Make text from a file or a user safe to show: nothing in it may drive a terminal or hide itself.

Two kinds of character are handled:
- control characters (C0 and C1, DEL; ANSI escapes, carriage returns, bells)
  are removed, except tab and newline in multi-line text;
- characters that change how surrounding text looks without being seen
  (bidirectional overrides and isolates, zero-width characters, line and
  paragraph separators, a byte-order mark) and the stand-ins Python uses for
  bytes of a file name that are not UTF-8 are made visible as escapes
  (`\\u202e`, `\\xff`), so a reader sees that they are there.
"""

from __future__ import annotations

import re
from typing import Any

# Patterns as strings: re compiles (and caches) one on first use, so a run whose text needs
# none of them never pays for compiling them.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
# A terminal escape sequence whole (CSI `ESC [ ... m`, OSC `ESC ] ... BEL`, two-character `ESC x`):
# removing only its ESC would leave `[2J` behind as if it were text.
_ESCAPE = r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -~]?)"
# Every format character (Unicode category Cf) that shows nothing, tag characters (U+E0000-E007F)
# included; not the prepended concatenation marks (U+0600-0605 and the like), which are drawn.
_INVISIBLE = ("[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f"
              "\ufeff\uffa0\ufff9-\ufffb\ud800-\udfff\U00013430-\U0001343f\U0001bca0-\U0001bca3"
              "\U0001d173-\U0001d17a\U000e0000-\U000e007f]")
_LINE_BREAKS = r"[\n\r\t\x0b\x0c\x1c-\x1e\x85]"


def _visible(match: "re.Match[str]") -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# The invisible characters above that str.isprintable() counts as printable (Hangul fillers,
# variation selectors); every other one, and every control character, is not printable.
_PRINTABLE_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0" + "".join(map(chr, range(0xFE00, 0xFE10))))


def text(value: str) -> str:
    if value.isprintable() and (value.isascii() or _PRINTABLE_INVISIBLE.isdisjoint(value)):
        return value  # nothing to remove or show: most text, without running (or compiling) a pattern
    if "\x1b" in value:
        value = re.sub(_ESCAPE, "", value)
    value = re.sub(_CONTROL, "", value)
    return re.sub(_INVISIBLE, _visible, value) if re.search(_INVISIBLE, value) else value


def line(value: str) -> str:
    """Text for one line of a message: a newline or tab in a value is shown as \\n or \\t, not obeyed."""
    value = re.sub(_LINE_BREAKS, lambda m: {"\n": "\\n", "\r": "\\r", "\t": " "}.get(m.group(), ""),
                   value)
    return text(value)


def deep(value: Any) -> Any:
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {text(k) if isinstance(k, str) else k: deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [deep(v) for v in value]
    return value
