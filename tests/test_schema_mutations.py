"""Schemas strict enough to catch a wrong type or a missing key: real outputs are mutated (each key
deleted, each value's type changed) and the schema must reject every mutation. Covered so far:
advise --explain's trace, and the error object every command prints with --json."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from conftest import run, schema


def _paths(value, path=()):
    """Every (path, value) below `value`."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,), item
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield path + (i,), item
            yield from _paths(item, path + (i,))


def _other_type(value):
    """A value of another JSON type."""
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, (int, float)):
        return "lots"
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return ["a", "mapping"]
    return 7  # null


def _set(doc, path, value=None, delete=False):
    out = copy.deepcopy(doc)
    node = out
    for part in path[:-1]:
        node = node[part]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


def _mutations(doc, under, free=()):
    """Deletions of every mapping key and type changes of every value below `under`, except values
    the format leaves open (`free`: key names whose values may be anything)."""
    base = doc
    for part in under:
        base = base[part]
    for path, value in _paths(base):
        full = tuple(under) + path
        if any(isinstance(p, str) and p in free for p in path):
            continue
        if isinstance(path[-1], str) and not (len(path) >= 2 and path[-2] == "facts"):
            yield f"delete {full}", _set(doc, full, delete=True)
        yield f"retype {full}", _set(doc, full, _other_type(value))


def _rejected(name, doc):
    return not jsonschema.Draft202012Validator(schema(name)).is_valid(doc)


def test_every_mutation_of_a_trace_is_rejected():
    data = run("advise", "--role", "sem", "--interest", "people", "--no-input", "--explain", "--json").json()
    assert not _rejected("advise", data)
    # "value" and "actual" in a condition are whatever the fact holds; a fact's value may be any scalar or list.
    missed = [what for what, doc in _mutations(data, ["trace"], free=("value", "actual", "effects", "adjustments",
                                                                      "stated"))
              if not _rejected("advise", doc)]
    # A fact's value may be any scalar or list (whatever the fact holds), so retyping one is no mistake.
    missed = [m for m in missed if not m.startswith("retype ('trace', 'facts', ")]
    assert not missed, missed[:20]


@pytest.mark.parametrize("argv", [["show", "seoo", "--json"], ["compare", "sem", "--json"]])
def test_every_mutation_of_an_error_object_is_rejected(argv):
    data = run(*argv).json()
    assert not _rejected("error", data)
    missed = [what for what, doc in _mutations(data, []) if not _rejected("error", doc)]
    assert not missed, missed
