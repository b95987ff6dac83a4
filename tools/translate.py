"""Fill translations into a language's catalog from a Python file that sets TRANSLATIONS = {msgid: translation}, then
rebuild every catalog (tools/make_messages.py). For bulk work; a PO editor does the same.

    python tools/translate.py zh translations.py
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_messages  # noqa: E402


def main(lang: str, source: str) -> int:
    table = runpy.run_path(source)["TRANSLATIONS"]
    po = make_messages.POT.parent / lang / "LC_MESSAGES" / "promo-ops.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    known = make_messages.read_po(po) if po.exists() else {}
    known.update(table)
    po.write_text(make_messages.render_po(make_messages.extract(), known, lang), encoding="utf-8")
    return make_messages.main()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
