"""The interview in a terminal, with Rich: the Prompter interview.py is handed.

It draws the Screens the interview builds (titles, numbered options with
their text in both languages) and reads lines; what a line means is decided
by the interview, not here. Everything goes to stderr, so stdout stays the
result alone.
"""

from __future__ import annotations

import sys
from typing import Optional

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from promo_ops import clean
from promo_ops.errors import Interrupted
from promo_ops.interview import YOU_SAID, Screen
from promo_ops.render.text import join, t

STYLES = {"error": "red", "help": "dim", "note": "green"}


class Prompter:
    def __init__(self, console: Optional[Console] = None):
        self.out = console or Console(file=sys.stderr, highlight=False, emoji=False)

    def show(self, screen: Screen) -> None:
        self.out.print()
        self.out.print(t(f"{screen.title}  {screen.title_zh}" if screen.title_zh else screen.title, "bold"))
        for line in screen.lines:
            self.out.print(t(line))
        if screen.options:
            self.out.print(Padding(self._options(screen), (0, 0, 0, 2), expand=False))
        if screen.footer:
            self.out.print(t(screen.footer, "dim"))

    def _options(self, screen: Screen) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, overflow="fold")
        described = screen.described
        grid.add_column(no_wrap=not described, overflow="fold")
        grid.add_column(overflow="fold")  # Chinese has no spaces to wrap at
        for o in screen.options:
            if not o.key:  # a heading within the menu
                grid.add_row(Text(), t(f"{o.label}  {o.text_zh}".strip(), "underline"), Text())
                continue
            text = t(o.text)
            if o.text_zh:
                text.append_text(t(f"{chr(10) if described else '  '}{o.text_zh}"))
            if o.mark:
                text.append_text(t(f"  ({o.mark})", "cyan" if o.mark == YOU_SAID() else "dim"))
            grid.add_row(t(f"{o.key})"), t(o.label), text)
        return grid

    def read(self, hint: str) -> str:
        try:
            # A hint such as "(1; ? for help)" follows a "> "; a question that ends in a space is asked as it is.
            asked = hint.endswith(" ")
            line = self.out.input(join(Text() if asked else t("> ", "cyan"), t(hint, "cyan"),
                                       Text() if asked else Text(" ")))
        except (KeyboardInterrupt, EOFError):
            self.out.print()
            raise Interrupted("interrupted") from None
        return clean.text(line).strip()

    def tell(self, text: str, kind: str = "note") -> None:
        if not text:
            self.out.print()
            return
        prefix = "  " if kind == "error" else ""
        for line in text.split("\n"):
            self.out.print(t(prefix + line, STYLES.get(kind, "")))
