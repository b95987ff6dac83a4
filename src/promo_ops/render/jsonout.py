"""JSON output: one object per run, stable key order, byte-identical for the same input."""

from __future__ import annotations

import json
from typing import Any

from promo_ops import clean


def dumps(result: Any) -> str:
    return json.dumps(clean.deep(result), ensure_ascii=False, indent=2) + "\n"
