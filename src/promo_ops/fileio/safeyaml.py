"""Read YAML (and JSON) from untrusted files, keeping where each value stood.

PyYAML's safe loader still expands aliases without limit, silently keeps the
last of two duplicate keys and forgets positions once it has built Python
objects. So we only let it compose the node graph (the C composer where
available) and build plain values ourselves: standard tags only, duplicate keys
refused, alias expansion and nesting bounded, and a map from every key path to
its line and column so that later checks can say where a problem is.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # the C composer is several times faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from promo_ops.errors import Problem
from promo_ops.fileio.textfile import (  # noqa: F401 - re-exported
    MAX_BYTES, Document, DocumentError, Mark, Path, decode, format_path, read_bytes,
)

MAX_ALIAS_USES = 1000
MAX_DEPTH = 64
MAX_NODES = 2_000_000


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"

_constructor = yaml.constructor.SafeConstructor()


def dump(data: Any) -> str:
    """Plain values as block-style YAML, in the order given (what --save writes)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def parse(text: str, name: str) -> Document:
    """Compose one YAML document and build plain values with positions."""
    if not text.strip():
        raise DocumentError([Problem("the file is empty", file=name)])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise DocumentError(
            [Problem(f"YAML syntax error: {msg}", file=name,
                     line=mark.line + 1 if mark else None,
                     column=mark.column + 1 if mark else None)]
        ) from None
    except yaml.reader.ReaderError as exc:
        at = exc.position
        if _Loader.__name__.startswith("C"):  # libyaml counts bytes of UTF-8, not characters
            at = len(text.encode("utf-8")[:at].decode("utf-8", "ignore"))
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise DocumentError([Problem(f"unacceptable character #x{char:04x} in YAML: {exc.reason}",
                                     file=name, line=line, column=column)]) from None
    except yaml.YAMLError as exc:
        raise DocumentError([Problem(f"YAML error: {exc}", file=name)]) from None
    except RecursionError:
        raise DocumentError([Problem(f"nesting is deeper than {MAX_DEPTH} levels", file=name)]) from None
    if node is None:
        raise DocumentError([Problem("the file holds no document", file=name)])
    doc = Document(data=None, name=name)
    builder = _Builder(doc)
    doc.data = builder.build(node, (), 0)
    if builder.problems:
        raise DocumentError(builder.problems)
    return doc


class _Fatal(Exception):
    pass


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.alias_uses = 0
        self.nodes = 0

    def _problem(self, node: yaml.Node, path: Path, message: str) -> Problem:
        return Problem(message, file=self.doc.name, line=node.start_mark.line + 1,
                       column=node.start_mark.column + 1, path=format_path(path))

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        try:
            return self._build(node, path, depth)
        except _Fatal:
            return None

    def _build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            # The same node again means an alias: each use expands it once more.
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIAS_USES or self.nodes > MAX_NODES:
                self.problems.append(self._problem(
                    node, path, f"too many alias expansions (limit {MAX_ALIAS_USES}); "
                    "the file may be an alias bomb"))
                raise _Fatal
        self.seen.add(id(node))
        if self.nodes > MAX_NODES:
            self.problems.append(self._problem(node, path, f"more than {MAX_NODES:,} values"))
            raise _Fatal
        if depth > MAX_DEPTH:
            self.problems.append(self._problem(node, path, f"nesting is deeper than {MAX_DEPTH} levels"))
            raise _Fatal
        if path not in self.doc.marks:
            self.doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self._bad_tag(node, path)
            return [self._build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                return self._bad_tag(node, path)
            out: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    self.problems.append(self._problem(
                        key_node, path, "merge keys ('<<') are not supported; write the keys out"))
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(self._problem(key_node, path, "a key must be a plain value, not a list or mapping"))
                    continue
                key = self._scalar(key_node, path)
                if isinstance(key, float) or key is None or isinstance(key, bool):
                    key = key_node.value
                if key in out:
                    self.problems.append(self._problem(
                        key_node, path + (key,), f"duplicate key '{key}' (an earlier one would be silently lost)"))
                    continue
                self.doc.marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self._build(value_node, path + (key,), depth + 1)
            return out
        return self._bad_tag(node, path)  # pragma: no cover - no other node kinds

    def _bad_tag(self, node: yaml.Node, path: Path) -> None:
        self.problems.append(self._problem(
            node, path, f"tag '{node.tag}' is not allowed; only plain YAML values are read"))
        return None

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _TIMESTAMP:  # a date is just text to us
            return node.value
        try:
            if tag == _INT:
                return _constructor.construct_yaml_int(node)
            if tag == _FLOAT:
                return _constructor.construct_yaml_float(node)
            if tag == _BOOL:
                return _constructor.construct_yaml_bool(node)
            if tag == _NULL:
                return None
        except (ValueError, yaml.YAMLError):
            self.problems.append(self._problem(node, path, f"'{node.value}' is not a valid value for {tag}"))
            return None
        return self._bad_tag(node, path)
