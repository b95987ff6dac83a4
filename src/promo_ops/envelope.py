"""The envelope every JSON result wears: `schema_version` and `command` first, then the body.

The bottom of the result layer: results.py, views.py, batch.py and the JSON
renderer all build their objects through `envelope`, so a key every result
carries (such as the language, later) is added here once.
"""

from __future__ import annotations

from typing import Any, Dict

from promo_ops.messages import language

SCHEMA_VERSION = 1


def envelope(command: str, **body: Any) -> Dict[str, Any]:
    """The head every result wears: the format's version, the command, and the run's language
    (`lang`: en or zh), which is the language of every text field; ids, keys and numbers are the
    same in both."""
    return {"schema_version": SCHEMA_VERSION, "command": command, "lang": language(), **body}
