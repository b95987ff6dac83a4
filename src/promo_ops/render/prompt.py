"""Interactive questions in a terminal, with Rich: numbered choices, defaults, `?` for help.

This is the `ask` callable the CLI hands to questions.resolve(); the core never
reads a terminal itself. It returns the raw text (or None for "take the
default"), and the resolver validates it like any other answer.
"""

from __future__ import annotations

import sys
from typing import Any, List, Optional, Tuple

from rich.console import Console

from promo_ops.errors import Interrupted
from promo_ops.model import KnowledgeBase, Question
from promo_ops import clean
from promo_ops.render.text import t


class Prompter:
    def __init__(self, kb: KnowledgeBase, console: Optional[Console] = None):
        self.kb = kb
        # Prompts and menus go to stderr, so stdout stays the result alone.
        self.out = console or Console(file=sys.stderr, highlight=False, emoji=False)
        self.shown: set = set()

    def options(self, q: Question) -> List[Tuple[str, str]]:
        if q.choices_from == "roles":
            return [(r.id, f"{r.name}  {r.name_zh}") for r in self.kb.roles.values()]
        if q.choices_from == "skills":
            return [(s.id, f"{s.name}  {s.name_zh}") for s in self.kb.skills.values()]
        return [(c.value, f"{c.label_en}  {c.label_zh}") for c in q.choices]

    def __call__(self, q: Question, default: Any, error: Optional[str]) -> Any:
        if error:
            self.out.print(t(f"  {error}", "red"))
        options = self.options(q)
        if q.id not in self.shown:
            self.shown.add(q.id)
            self.out.print()
            self.out.print(t(f"{q.prompt_en}  {q.prompt_zh}", "bold"))
            self._menu(q, options)
        while True:
            answer = self._read(self._hint(q, default))
            if answer == "?":
                self.out.print(t(q.help, "dim"))
                self._menu(q, options, force=True)
                continue
            if answer == "":
                return None
            return self._from_numbers(q, answer, options)

    def _menu(self, q: Question, options: List[Tuple[str, str]], force: bool = False) -> None:
        if q.type in ("choice", "multi"):
            width = len(str(len(options)))
            for i, (value, label) in enumerate(options, 1):
                self.out.print(t(f"  {i:>{width}}) {value:<22} {label}"))
        elif q.type == "skills" and force:
            self.out.print(t(f"  skills: {', '.join(self.kb.skills)}", "dim"))

    def _hint(self, q: Question, default: Any) -> str:
        if q.type == "choice":
            shown = default if default is not None else ("required" if q.required else "none")
        elif q.type == "multi":
            shown = ", ".join(default) if default else "none"
        elif q.type == "skills":
            shown = " ".join(f"{k}={v}" for k, v in default.items()) if default else "none"
        else:
            shown = str(default)
        return f"> ({shown}; ? for help) "

    def _read(self, hint: str) -> str:
        try:
            return self.out.input(t(hint, "cyan")).strip()
        except (KeyboardInterrupt, EOFError):
            self.out.print()
            raise Interrupted("interrupted") from None

    def _from_numbers(self, q: Question, answer: str, options: List[Tuple[str, str]]) -> Any:
        """Numbers pick from the menu; anything else is passed on as typed."""
        if q.type == "choice" and answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1][0]
        if q.type == "multi":
            parts = [p for p in answer.replace(",", " ").split() if p]
            return [options[int(p) - 1][0] if p.isdigit() and 1 <= int(p) <= len(options) else p
                    for p in parts]
        return clean.text(answer)
