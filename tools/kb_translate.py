"""Give each English text of a knowledge base its Chinese: insert KEY_zh beside every KEY that the
format (promo_ops.kbformat) marks as a text a person reads, from a Python file that sets
TRANSLATIONS = {english: chinese}.

    python tools/kb_translate.py data/roles.yaml translations.py [--replace] [--partial]

The file is edited as text, never re-dumped: comments, order, quoting and layout stay as they
are. A KEY_zh goes on its own line under KEY in a block mapping, and after KEY in a flow mapping
(`{skill: x, why: "...", why_zh: "..."}`). Where the file already has a KEY_zh it is kept, or with
--replace rewritten from the table. The same English can mean different things under different
keys (`strong` is a level and a fit label): an entry "KEY:english" wins over "english" for KEY.
Without --partial, any text the table lacks is listed and nothing is written (exit 1).
Run again after adding texts: it fills in only what is missing.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from typing import Any, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))

import yaml  # noqa: E402

from promo_ops import kbformat  # noqa: E402

ZH = kbformat.ZH


def _flow(value: Any) -> str:
    """A value as YAML flow text: double-quoted strings (JSON's escapes are YAML's)."""
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


class Translator:
    def __init__(self, text: str, table: Dict[str, str], replace: bool = False):
        self.text = text
        self.table = table
        self.replace = replace
        self.schema = kbformat.json_schema("")
        self.edits: List[Tuple[int, int, str]] = []  # (start, end, new text)
        self.missing: List[Tuple[int, str]] = []  # (line, english)

    @staticmethod
    def at(mark: Any) -> int:
        """A mark's index in the text, in characters (both parsers' node marks count characters)."""
        return mark.index

    # --- what the schema says a node is ---------------------------------------------------

    def resolve(self, schema: Dict[str, Any], node: yaml.Node) -> Dict[str, Any]:
        while "$ref" in schema:
            schema = self.schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        if "oneOf" in schema and "properties" not in schema and isinstance(node, yaml.MappingNode):
            keys = {k.value for k, _ in node.value}
            for alt in schema["oneOf"]:
                alt = self.resolve(alt, node)
                if set(alt.get("required", ())) <= keys and "properties" in alt:
                    return alt
        return schema

    def walk(self, node: yaml.Node, schema: Dict[str, Any]) -> None:
        schema = self.resolve(schema, node)
        if isinstance(node, yaml.SequenceNode) and isinstance(schema.get("items"), dict):
            for item in node.value:
                self.walk(item, schema["items"])
        elif isinstance(node, yaml.MappingNode):
            props = schema.get("properties", {})
            present = {k.value: (k, v) for k, v in node.value}
            for key, value in node.value:
                name = key.value
                if name + ZH in props and not name.endswith(ZH):
                    self.translate(node, key, value, present.get(name + ZH))
                if name in props:
                    self.walk(value, props[name])

    # --- one text --------------------------------------------------------------------------

    def chinese(self, key: str, english: str, line: int) -> Optional[str]:
        found = self.table.get(f"{key}:{english}", self.table.get(english))
        if found is None:
            self.missing.append((line, english))
        return found

    def value_of(self, key: str, node: yaml.Node) -> Any:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return self.chinese(key, node.value, line)
        if isinstance(node, yaml.SequenceNode):
            out = [self.chinese(key, item.value, item.start_mark.line + 1) for item in node.value]
            return None if None in out else out
        if isinstance(node, yaml.MappingNode):  # level names: {0: none, ...}
            out = {k.value: self.chinese(key, v.value, v.start_mark.line + 1) for k, v in node.value}
            return None if None in out.values() else out
        return None

    def translate(self, parent: yaml.MappingNode, key: yaml.Node, value: yaml.Node,
                  existing: Optional[Tuple[yaml.Node, yaml.Node]]) -> None:
        if isinstance(value, yaml.SequenceNode) and not value.value:
            return  # an empty list has nothing to translate
        if existing is not None and not self.replace:
            return
        chinese = self.value_of(key.value, value)
        if chinese is None:
            return
        if existing is not None:
            old = existing[1]
            self.edits.append((self.at(old.start_mark), self._end(old), _flow(chinese)))
        elif parent.flow_style:
            at = self.at(value.end_mark)
            self.edits.append((at, at, f", {key.value}{ZH}: {_flow(chinese)}"))
        else:
            at = self._end(value)
            at = self.text.find("\n", at)
            at = len(self.text) if at < 0 else at
            indent = " " * key.start_mark.column
            self.edits.append((at, at, f"\n{indent}{key.value}{ZH}: {_flow(chinese)}"))

    def _end(self, node: yaml.Node) -> int:
        """Where a value's own text ends: a block collection ends with its last member (not at the
        comments after it), a block scalar before the blank lines after it."""
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            return self._end(last[1] if isinstance(last, tuple) else last)
        end, start = self.at(node.end_mark), self.at(node.start_mark)
        while end > start and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def run(self) -> str:
        try:
            root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:  # PyYAML's own parser refuses some flow text (`{en: Role?}`) that libyaml reads
            root = yaml.compose(self.text, Loader=yaml.CSafeLoader)
        self.walk(root, self.schema)
        out = self.text
        for start, end, new in sorted(self.edits, reverse=True):
            out = out[:start] + new + out[end:]
        return out


def main(argv: List[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path, source = args
    table = runpy.run_path(source)["TRANSLATIONS"]
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    tr = Translator(text, table, replace="--replace" in argv)
    out = tr.run()
    for line, english in tr.missing:
        print(f"{path}:{line}: no translation for {english!r}", file=sys.stderr)
    if tr.missing and "--partial" not in argv:
        print(f"{len(tr.missing)} texts have no translation; nothing written (--partial writes the rest)",
              file=sys.stderr)
        return 1
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(out)
    print(f"{path}: {len(tr.edits)} Chinese texts written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
