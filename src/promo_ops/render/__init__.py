"""Output forms, one module each, behind one registry.

Only render.text (and render.prompt / render.progress, for the terminal)
import Rich; JSON, Markdown and the diagrams use the standard library. A
renderer is imported only when its form is chosen, so `--json` runs never pay
for Rich. To add a form: write its module with a function from a result
object to text, add a row to FORMATS, and name the commands it serves in
COMMANDS.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Dict, List, Optional, Tuple

from promo_ops.errors import InputError, did_you_mean
from promo_ops.messages import language, pick

# This run's terminal settings, from the global options (--no-color, --no-pager).
TERMINAL: Dict[str, bool] = {"color": True, "pager": True}

# The knowledge base of this run, for the names the text and Markdown forms print where a person reads
# (results carry ids; JSON prints them as they are). The command line sets it when it loads one.
_KB: List[Any] = [None]


def use_names(kb: Any) -> None:
    _KB[0] = kb


def name(entry_id: str) -> str:
    """What a family, role, skill or case is called, in the run's language; the id itself when the
    knowledge base has no such entry (or none was loaded)."""
    kb = _KB[0]
    if kb is not None:
        for table in (kb.roles, kb.skills, kb.families, kb.cases):
            entry = table.get(entry_id)
            if entry is not None:
                return pick(entry.name, entry.name_zh)
    return entry_id


def label(question_id: str, value: str) -> str:
    """A choice answer as a Chinese run shows it: the question's Chinese label (小公司 for small);
    the value itself in English, or when the knowledge base has no such choice."""
    kb = _KB[0]
    if kb is None or language() != "zh":
        return value
    for q in kb.questions:
        if q.id == question_id:
            for c in q.choices:
                if c.value == value and c.label_zh:
                    return c.label_zh
    return value


def names(ids: Any) -> List[str]:
    return [name(i) for i in ids]


class Footnotes:
    """Where listed items come from, each quote or why once: an item gets a short mark ([1]) and
    the list after it says "the article: “...”" or "promo-ops' reading: why" under that number.
    Two items with the same quote or why share a number."""

    def __init__(self) -> None:
        self.items: List[Tuple[str, str]] = []  # (basis, the quote or the why)
        self.listed = 0  # how many of them a list has shown already (a document lists them section by section)

    def number(self, item: Dict[str, Any]) -> int:
        """The item's footnote number (from 1), or 0 when it carries neither a quote nor a why."""
        basis = "reading" if item.get("basis") == "reading" else "article"
        text = item.get("why" if basis == "reading" else "source") or ""
        if not text:
            return 0
        if (basis, text) not in self.items:
            self.items.append((basis, text))
        return self.items.index((basis, text)) + 1

# form -> (module, function): the function takes a result object and returns the text to print.
FORMATS: Dict[str, Tuple[str, str]] = {
    "text": ("promo_ops.render.text", "render"),
    "json": ("promo_ops.render.jsonout", "dumps"),
    "markdown": ("promo_ops.render.markdown", "render"),
    "mermaid": ("promo_ops.render.graph", "mermaid"),
    "dot": ("promo_ops.render.graph", "dot"),
}
# The forms each command offers; every command has text and json.
COMMON = ("text", "json")
COMMANDS: Dict[str, Tuple[str, ...]] = {
    "advise": COMMON + ("markdown",),
    "paths": COMMON + ("mermaid", "dot"),
    "progress": COMMON + ("markdown",),
}


def formats_for(command: str) -> Tuple[str, ...]:
    return COMMANDS.get(command, COMMON)


def choose(command: str, fmt: Optional[str], as_json: bool) -> str:
    """The form to print in: --json is an alias of --format json; text by default."""
    allowed = formats_for(command)
    if as_json:
        if fmt not in (None, "json"):
            raise InputError("format-conflict", format=fmt)
        return "json"
    if fmt is None:
        return "text"
    if fmt not in allowed:
        raise InputError("format-unknown", format=fmt, formats=", ".join(allowed), hint=did_you_mean(fmt, allowed))
    return fmt


def render(result: Any, fmt: str) -> str:
    module, function = FORMATS[fmt]
    return getattr(import_module(module), function)(result)
