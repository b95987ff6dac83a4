"""Write the message template (locale/promo-ops.pot) that translators' tools read.

It holds every message id promo-ops shows: each error template in
messages.MESSAGES and every literal passed to `_()` or `N_()` in the package,
with the places it comes from. A test fails when the file is stale:

    python tools/make_messages.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "promo_ops"
POT = PACKAGE / "locale" / "promo-ops.pot"
CALLS = {"_", "N_"}


def extract() -> Dict[str, List[str]]:
    """message id -> the places (file:line) it is written, in source order."""
    found: Dict[str, List[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CALLS:
                arg = node.args[0] if node.args else None
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    raise SystemExit(f"{where}: {node.func.id}() needs a literal string, or it cannot be translated")
                found.setdefault(arg.value, []).append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render(found: Dict[str, List[str]]) -> str:
    lines = [
        "# Messages of promo-ops. Written by tools/make_messages.py; do not edit.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        "",
    ]
    def first_place(msgid: str):
        file, _, line = found[msgid][0].rpartition(":")
        return file, int(line), msgid

    for msgid in sorted(found, key=first_place):
        lines.append("#: " + " ".join(found[msgid]))
        if "{" in msgid:
            lines.append("#, python-brace-format")
        lines += [f"msgid {_quote(msgid)}", 'msgstr ""', ""]
    return "\n".join(lines)


def write_mo(catalog: Dict[str, str], path: Path) -> None:
    """A compiled catalog (GNU .mo, the format Python's gettext reads) from message id -> translation."""
    import struct

    # The empty id carries the header; its charset tells gettext how to decode the rest.
    entries = sorted({"": "Content-Type: text/plain; charset=UTF-8\n", **catalog}.items())
    ids = [k.encode("utf-8") for k, _ in entries]
    strs = [v.encode("utf-8") for _, v in entries]
    header_size, n = 28, len(entries)
    ids_start = header_size + 16 * n
    ids_table, strs_table, blob = [], [], b""
    offset = ids_start
    for data in ids:
        ids_table.append((len(data), offset))
        blob += data + b"\0"
        offset += len(data) + 1
    for data in strs:
        strs_table.append((len(data), offset))
        blob += data + b"\0"
        offset += len(data) + 1
    out = struct.pack("<7I", 0x950412DE, 0, n, header_size, header_size + 8 * n, 0, 0)
    out += b"".join(struct.pack("<2I", *e) for e in ids_table)
    out += b"".join(struct.pack("<2I", *e) for e in strs_table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out + blob)


def main() -> int:
    POT.parent.mkdir(parents=True, exist_ok=True)
    found = extract()
    POT.write_text(render(found), encoding="utf-8")
    print(f"wrote {len(found)} messages to {POT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
