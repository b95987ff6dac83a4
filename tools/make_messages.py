"""Write the message template (locale/promo-ops.pot), bring each language's catalog
(locale/<lang>/LC_MESSAGES/promo-ops.po) up to date with it, and compile each
catalog to the .mo file the package ships and Python's gettext reads.

The template holds every message id promo-ops shows: each error template in
messages.MESSAGES and every literal passed to `_()` or `N_()` in the package,
with the places it comes from. A catalog keeps its translations; new ids are
added untranslated (tests fail until someone translates them) and ids no longer
used are dropped. Translators edit the .po files (any PO editor works), then:

    python tools/make_messages.py

A test fails when the template, a catalog or a compiled catalog is stale.
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
    def files(msgid: str) -> List[str]:
        return list(dict.fromkeys(place.rpartition(":")[0] for place in found[msgid]))

    # Files, not line numbers: an edit elsewhere in a file then changes nothing here, so parallel
    # changes to the catalogs merge cleanly.
    for msgid in sorted(found, key=lambda m: (files(m)[0], m)):
        lines.append("#: " + " ".join(files(msgid)))
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


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def read_po(path: Path) -> Dict[str, str]:
    """msgid -> msgstr of a PO file (the subset this project writes: no plurals, no contexts)."""
    catalog: Dict[str, str] = {}
    key = None
    current: Dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if line.startswith("msgid "):
            current = {"msgid": _unquote(line[6:])}
            key = "msgid"
        elif line.startswith("msgstr "):
            current["msgstr"] = _unquote(line[7:])
            key = "msgstr"
        elif line.startswith('"') and key:
            current[key] += _unquote(line)
        elif not line and "msgstr" in current:
            if current["msgid"]:
                catalog[current["msgid"]] = current["msgstr"]
            current, key = {}, None
    return catalog


def render_po(found: Dict[str, List[str]], translations: Dict[str, str], lang: str) -> str:
    head = render(found).split("\n")
    head[0] = f"# Messages of promo-ops in '{lang}'. Translate the msgstr lines; keep every {{name}} as it is."
    head[4] = f'"Language: {lang}\\n"\n' + head[4]
    text = "\n".join(head)
    for msgid in found:
        text = text.replace(f"msgid {_quote(msgid)}\nmsgstr \"\"",
                            f"msgid {_quote(msgid)}\nmsgstr {_quote(translations.get(msgid, ''))}", 1)
    return text


def catalogs() -> List[Path]:
    return sorted(POT.parent.glob("*/LC_MESSAGES/promo-ops.po"))


def main() -> int:
    POT.parent.mkdir(parents=True, exist_ok=True)
    found = extract()
    POT.write_text(render(found), encoding="utf-8")
    print(f"wrote {len(found)} messages to {POT.relative_to(ROOT)}")
    for po in catalogs():
        lang = po.parent.parent.name
        translations = read_po(po)
        po.write_text(render_po(found, translations, lang), encoding="utf-8")
        done = {k: v for k, v in translations.items() if k in found and v}
        write_mo(done, po.with_suffix(".mo"))
        missing = len(found) - len(done)
        print(f"{lang}: {len(done)} translated, {missing} to translate ({po.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
