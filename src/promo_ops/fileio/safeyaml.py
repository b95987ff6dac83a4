"""Read YAML (and JSON) from untrusted files, keeping where each value stood.

PyYAML's safe loader still expands aliases without limit, silently keeps the
last of two duplicate keys and forgets positions once it has built Python
objects; even its composer builds every node before anyone can count them. So
we only let it parse (the C parser where available) and build plain values
ourselves from its events: standard tags only, duplicate keys refused, alias
expansion, nesting and the number of values bounded as the events arrive, and
a map from every key path to its line and column so that later checks can say
where a problem is. This is the only module that imports PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # the C composer is several times faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from promo_ops.errors import Problem
from promo_ops.messages import say
from promo_ops.fileio.textfile import (  # noqa: F401 - re-exported
    MAX_ALIAS_USES, MAX_BYTES, MAX_DEPTH, MAX_NODES, OTHER, Document, DocumentError, Limits, Mark, Path, decode,
    format_path, over_values, read_bytes, too_long_number,
)


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


def parse(text: str, name: str, *, marks: bool = True, limits: Limits = OTHER) -> Document:
    """Read one YAML document from the parser's events, building plain values with positions.

    Values are built as the parser produces events, never from a composed node
    graph, so the value, depth and alias limits stop a hostile file after the
    work the limit allows (milliseconds), not after PyYAML has built all of it.
    With marks=False the positions of values are not kept (the parser's own
    problems still have theirs): a big file that turns out valid never needs
    them, and they cost as much memory as the values.
    """
    if not text.strip():
        raise DocumentError([Problem(say("yaml-empty"), file=name)])
    doc = Document(data=None, name=name)
    if not marks:
        doc.marks = None
    builder = _Builder(doc, limits)
    try:
        found = builder.run(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise DocumentError(
            [Problem(say("yaml-syntax", problem=msg), file=name,
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
        raise DocumentError([Problem(say("yaml-bad-character", char=f"{char:04x}", reason=exc.reason),
                                     file=name, line=line, column=column)]) from None
    except yaml.YAMLError as exc:
        raise DocumentError([Problem(say("yaml-error", problem=exc), file=name)]) from None
    except RecursionError:  # pragma: no cover - the depth limit stops far earlier
        raise DocumentError([Problem(say("too-deep", limit=limits.depth), file=name)]) from None
    if builder.problems:
        raise DocumentError(builder.problems)
    if not found:
        raise DocumentError([Problem(say("yaml-no-document"), file=name)])
    return doc


class _Fatal(Exception):
    pass


_resolver = yaml.resolver.Resolver()
_SCALAR_TAGS: dict = {}  # (text, implicit) -> tag, for short scalars
_SLOW = object()  # _Builder._quick: this event goes the full way
E = yaml.events


class _Builder:
    def __init__(self, doc: Document, limits: Limits = OTHER):
        self.doc = doc
        self.limits = limits
        self.max_values = limits.values
        self.problems: list[Problem] = []
        self.anchors: dict = {}  # name -> (value, values it holds, is a scalar, where it was defined)
        self.alias_uses = 0
        self.nodes = 0
        self.marks = doc.marks  # None: positions not kept

    def run(self, events: Any) -> bool:
        """Build the stream's one document into doc.data; False if it holds none."""
        self.events = events
        found = False
        first = None
        for event in events:
            if isinstance(event, E.DocumentStartEvent):
                if found:
                    raise yaml.composer.ComposerError("expected a single document in the stream", first,
                                                      "but found another document", event.start_mark)
                found, first = True, event.start_mark
                try:
                    self.doc.data = self.node(next(events), (), 0)
                except _Fatal:
                    self.doc.data = None
                    return True
        return found

    def _problem(self, mark: Any, path: Path, message: str) -> Problem:
        return Problem(message, file=self.doc.name, line=mark.line + 1,
                       column=mark.column + 1, path=format_path(path))

    def _fatal(self, event: Any, path: Path, message: str) -> None:
        self.problems.append(self._problem(event.start_mark, path, message))
        raise _Fatal

    def node(self, event: Any, path: Path, depth: int) -> Any:
        """The value whose first event is `event`, reading events up to its end."""
        if isinstance(event, E.AliasEvent):
            return self._alias(event, path)
        self.nodes += 1
        if self.nodes > self.max_values:
            self._fatal(event, path, over_values(self.limits))
        if depth > self.limits.depth:
            self._fatal(event, path, say("too-deep", limit=self.limits.depth))
        marks = self.marks
        if marks is not None and path not in marks:
            marks[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise yaml.composer.ComposerError(f"found duplicate anchor {anchor!r}; first occurrence",
                                              self.anchors[anchor][3], "second occurrence", event.start_mark)
        before = self.nodes
        if isinstance(event, E.ScalarEvent):
            value = self._scalar(event, path)
        elif isinstance(event, E.SequenceStartEvent):
            value = self._sequence(event, path, depth)
        elif isinstance(event, E.MappingStartEvent):
            value = self._mapping(event, path, depth)
        else:  # pragma: no cover - the parser gives no other event here
            raise yaml.composer.ComposerError(None, None, f"unexpected {type(event).__name__}", event.start_mark)
        if anchor is not None:
            self.anchors[anchor] = (value, self.nodes - before + 1, isinstance(event, E.ScalarEvent),
                                    event.start_mark)
        return value

    def _alias(self, event: Any, path: Path) -> Any:
        if event.anchor not in self.anchors:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                              event.start_mark)
        value, size, scalar, _ = self.anchors[event.anchor]
        marks = self.marks
        if marks is not None and path not in marks:
            marks[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        self.nodes += size
        if scalar:
            if self.nodes > self.max_values:
                self._fatal(event, path, over_values(self.limits))
            return value
        # Each use of an alias to a list or mapping expands it once more.
        self.alias_uses += 1
        if self.alias_uses > self.limits.aliases or self.nodes > self.max_values:
            self._fatal(event, path, say("yaml-alias-bomb", limit=self.limits.aliases))
        return value  # the same plain values again: nothing downstream changes what it reads

    def _tag(self, event: Any, kind: Any, value: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            if kind is not yaml.ScalarNode:
                return _resolver.resolve(kind, value, event.implicit)
            # What a scalar's text resolves to depends on the text alone: short ones (keys, levels,
            # words) repeat, and resolving runs a regular expression or more each time.
            key = (value, event.implicit)
            tag = _SCALAR_TAGS.get(key)
            if tag is None:
                tag = _resolver.resolve(kind, value, event.implicit)
                if len(value) <= 32 and len(_SCALAR_TAGS) < 4096:
                    _SCALAR_TAGS[key] = tag
        return tag

    def _quick(self, event: Any, depth: int) -> Any:
        """A scalar that is plain text, read without node()'s bookkeeping when none is needed (no
        positions kept, no anchor, within the limits), or _SLOW. Most values are text: this halves
        the time of reading a big file without positions."""
        if type(event) is not E.ScalarEvent or event.anchor is not None or event.tag is not None \
                or self.marks is not None or depth > self.limits.depth or self.nodes >= self.max_values:
            return _SLOW
        value = event.value
        if event.implicit[0] and self._tag(event, yaml.ScalarNode, value) != _STR:
            return _SLOW  # a plain scalar: text only if it resolves to text (not a number, true, null...)
        self.nodes += 1
        return value

    def _sequence(self, start: Any, path: Path, depth: int) -> Any:
        out = []
        quick = self._quick
        for event in self.events:
            value = quick(event, depth + 1)
            if value is not _SLOW:
                out.append(value)
                continue
            if isinstance(event, E.SequenceEndEvent):
                break
            out.append(self.node(event, path + (len(out),), depth + 1))
        if self._tag(start, yaml.SequenceNode, None) != _SEQ:
            return self._bad_tag(start, path, self._tag(start, yaml.SequenceNode, None))
        return out

    def _mapping(self, start: Any, path: Path, depth: int) -> Any:
        out: dict = {}
        for key_event in self.events:
            if isinstance(key_event, E.MappingEndEvent):
                break
            key: Any = None
            problem = None
            if isinstance(key_event, E.ScalarEvent):
                tag = self._tag(key_event, yaml.ScalarNode, key_event.value)
                if tag == _MERGE:
                    problem = say("yaml-merge-key")
                else:
                    key = self._scalar(key_event, path)
                    if isinstance(key, float) or key is None or isinstance(key, bool):
                        key = key_event.value
            elif isinstance(key_event, E.AliasEvent) and self.anchors.get(key_event.anchor, (0, 0, False))[2]:
                key = self._alias(key_event, path)
            else:
                self.node(key_event, path + ("?",), depth + 1)  # read past it
                problem = say("yaml-complex-key")
            if problem is None and key in out:
                problem = say("yaml-duplicate-key", key=key)
                self.problems.append(self._problem(key_event.start_mark, path + (key,), problem))
                self.node(next(self.events), path + (key, "?"), depth + 1)  # read past the value
                continue
            if problem is not None:
                self.problems.append(self._problem(key_event.start_mark, path, problem))
                self.node(next(self.events), path + ("?",), depth + 1)
                continue
            if self.marks is not None:
                self.marks[path + (key,)] = (key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            event = next(self.events)
            value = self._quick(event, depth + 1)
            out[key] = value if value is not _SLOW else self.node(event, path + (key,), depth + 1)
        tag = self._tag(start, yaml.MappingNode, None)
        if tag != _MAP:
            return self._bad_tag(start, path, tag)
        return out

    def _bad_tag(self, event: Any, path: Path, tag: str) -> None:
        self.problems.append(self._problem(
            event.start_mark, path, say("yaml-tag", tag=tag)))
        return None

    def _scalar(self, event: Any, path: Path) -> Any:
        tag = self._tag(event, yaml.ScalarNode, event.value)
        if tag == _STR:
            return event.value
        if tag == _TIMESTAMP:  # a date is just text to us
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            if tag == _INT:
                problem = too_long_number(event.value)
                if problem:
                    self.problems.append(self._problem(event.start_mark, path, problem))
                    return None
                return _constructor.construct_yaml_int(node)
            if tag == _FLOAT:
                return _constructor.construct_yaml_float(node)
            if tag == _BOOL:
                return _constructor.construct_yaml_bool(node)
            if tag == _NULL:
                return None
        except (ValueError, yaml.YAMLError):
            self.problems.append(self._problem(event.start_mark, path, say("yaml-bad-value", value=event.value, tag=tag)))
            return None
        return self._bad_tag(event, path, tag)
