"""render.jsonout writes exactly what json.dumps(clean.deep(x), ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promo_ops import clean
from promo_ops.render import jsonout


def reference(value):
    return json.dumps(clean.deep(value), ensure_ascii=False, indent=2) + "\n"


class Named(str):
    """A str subclass: json.dumps takes it as text."""


texts = st.text(alphabet=st.characters(blacklist_categories=()), max_size=12) | st.sampled_from(
    ["", "推广", "\x1b[2J", "a\u202eb", "line\nbreak", "tab\there", "\ud800", "\u2028", '"q"', "\\"])
scalars = (st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30)
           | st.floats(allow_nan=True, allow_infinity=True) | texts | texts.map(Named))
keys = texts | st.integers(-5, 5) | st.booleans() | st.none() | st.floats(allow_nan=False, width=16)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@settings(max_examples=1500, deadline=None)
@given(values)
def test_the_same_text_as_json_dumps(value):
    assert jsonout.dumps(value) == reference(value)


def test_the_same_text_for_every_command_output():
    from conftest import run

    for args in (["advise", "--role", "sem", "--skill", "copywriting=2", "--explain"], ["compare", "promotion", "operation"],
                 ["paths", "seo", "user-operation"], ["show", "copywriting"], ["roles"], ["--lang", "zh", "skills"]):
        out = run(*args, "--json").stdout
        assert jsonout.dumps(json.loads(out)) == out == reference(json.loads(out))


def test_keys_that_clean_to_the_same_text_are_one_key_as_before():
    value = {"": None, "\x1f": 1, "a\x1b[2J": 2, "a": 3}
    assert jsonout.dumps(value) == reference(value) == '{\n  "": 1,\n  "a": 3\n}\n'


@pytest.mark.parametrize("value", [{"a": object()}, [1, {2, 3}], {(1, 2): "tuple key"}])
def test_what_json_refuses_is_refused_the_same_way(value):
    with pytest.raises(TypeError) as ours:
        jsonout.dumps(value)
    with pytest.raises(TypeError) as theirs:
        reference(value)
    assert str(ours.value) == str(theirs.value)
