"""Strip what could drive a terminal from text that came from a file or a user."""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls and DEL, except tab and newline: ANSI escapes, carriage
# returns and bells are how a data file would take over a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text(value: str) -> str:
    return _CONTROL.sub("", value)


def deep(value: Any) -> Any:
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {text(k) if isinstance(k, str) else k: deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [deep(v) for v in value]
    return value
