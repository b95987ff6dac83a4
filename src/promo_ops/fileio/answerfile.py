"""Answers files: reading one (YAML or JSON, with positions for errors) and writing one (--save)."""

from __future__ import annotations

import re
from typing import Any, Callable, Tuple

from promo_ops.fileio import textfile
from promo_ops.errors import InputError
from promo_ops.model import Profile
from promo_ops.questions import ANSWER_KEYS


class _LazyDocument(textfile.Document):
    """An answers file read without PyYAML; positions come from YAML only if an error needs them."""

    def __init__(self, data: Any, name: str, text: str) -> None:
        super().__init__(data, name)
        self._text = text
        self._marked: Any = None

    def mark(self, path: tuple) -> Any:
        if self._marked is None:
            from promo_ops.fileio import safeyaml

            try:
                self._marked = safeyaml.parse(self._text, self.name)
            except safeyaml.DocumentError:
                # Valid JSON that YAML cannot read (surrogate-pair escapes, say): no positions then.
                self._marked = False
        return self._marked.mark(path) if self._marked else None


def no_duplicate_keys(pairs: list) -> dict:
    """object_pairs_hook for json: a repeated key is an error, as in YAML files."""
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key '{key}'")
        out[key] = value
    return out


def parse_answers(text: str, name: str, limits: textfile.Limits = textfile.ANSWERS) -> Any:
    """JSON through the json module, plain YAML through plainyaml (both fast, no PyYAML);
    anything else, and anything odd, through safeyaml, which also says what is wrong and where.
    `limits` are those of the kind of file (an answers file, a plan file, a columns file)."""
    if text.lstrip().startswith("{"):
        try:  # a file over a limit is refused here; only a syntax error goes on to YAML, for its position
            return _LazyDocument(textfile.parse_json(text, name, no_duplicate_keys, limits), name, text)
        except ValueError:
            pass
    else:
        from promo_ops.fileio import plainyaml

        plain = plainyaml.parse(text)
        # (plainyaml reads at most 64 KiB; over the value limit, YAML's reader says where.)
        if plain is not None and _values(plain) <= limits.values:
            return _LazyDocument(plain, name, text)
    from promo_ops.fileio import safeyaml

    return safeyaml.parse(text, name, limits=limits)


def _values(data: Any) -> int:
    """How many values safeyaml counts in plain data: every value and container, not the keys."""
    if isinstance(data, dict):
        return 1 + sum(map(_values, data.values()))
    if isinstance(data, list):
        return 1 + sum(map(_values, data))
    return 1


# A saved plan (what `--save` writes, in YAML after its comment lines, or in JSON) starts with its
# marker; one given as an answers file is read within a plan file's limits. (A string: compiled on
# first use, by a file that names promo-ops at all, not by every run.)
_PLAN_START = r'(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*\{?\s*"?promo-ops"?[ \t]*:[ \t]*"?plan\b'


def limits_of(text: str) -> textfile.Limits:
    """The limits an answers file is read within: a plan file's if it is a saved plan, else an answers file's."""
    return textfile.PLAN if "promo-ops" in text and re.match(_PLAN_START, text) else textfile.ANSWERS


def read_answers(text: str, name: str) -> Tuple[dict, Any]:
    """An answers file's text (YAML or JSON) as a raw mapping, and the document for positions."""
    try:
        doc = parse_answers(text, name, limits_of(text))
    except textfile.DocumentError as exc:
        raise InputError("answers-file-unreadable", exc.problems, name=name) from None
    except MemoryError:
        raise InputError("input-too-big-for-memory", what="answers file", name=name, size=f"{len(text):,}") from None
    if not isinstance(doc.data, dict):
        raise InputError("answers-file-not-mapping", name=doc.name, keys=", ".join(ANSWER_KEYS))
    if doc.data.get(MARKER_KEY) == PLAN_MARKER:  # a saved plan: its answers, read with positions in the plan file
        from promo_ops.fileio import planfile

        view = planfile.AnswersView(doc, planfile.from_document(doc))
        return view.data, view
    if doc.data.get(MARKER_KEY) == MARKER_VALUE:  # the mark --save leaves in JSON, not an answer
        data = dict(doc.data)
        del data[MARKER_KEY]
        return data, doc
    return doc.data, doc


SAVE_HEADER = "# promo-ops answers: read them back with `promo-ops advise --answers FILE`\n"
# What marks a JSON answers file as written by promo-ops (YAML ones start with SAVE_HEADER).
MARKER_KEY, MARKER_VALUE = "promo-ops", "answers"
PLAN_MARKER = "plan"  # MARKER_KEY's value in a plan file (fileio/planfile.py), which --answers reads too


def dump(profile: Profile, path: str) -> Tuple[str, Callable[[str], bool]]:
    """The answers file text for a path (JSON for *.json, else YAML) and how to spot our own."""
    data = profile.stated_answers()  # never a default, as if the person had said it
    if path.lower().endswith(".json"):
        import json

        def ours_json(existing: str) -> bool:
            try:
                old = textfile.parse_json(existing, path)
            except (ValueError, textfile.DocumentError):
                return False
            return isinstance(old, dict) and old.get(MARKER_KEY) == MARKER_VALUE

        marked = {MARKER_KEY: MARKER_VALUE, **data}
        return json.dumps(marked, ensure_ascii=False, indent=2) + "\n", ours_json
    from promo_ops.fileio import safeyaml

    text = SAVE_HEADER + safeyaml.dump(data)
    return text, lambda existing: existing.startswith(SAVE_HEADER)
