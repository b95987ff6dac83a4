"""clean: nothing that drives a terminal or hides itself gets through, and the shortcut for
ordinary text changes nothing."""

import re

from promo_ops import clean


def _slow(value: str) -> str:
    """clean.text without its shortcut: the two patterns, always applied."""
    value = re.sub(clean._CONTROL, "", value)
    return re.sub(clean._INVISIBLE, clean._visible, value)


def test_the_shortcut_agrees_with_the_patterns_for_every_code_point():
    wrong = [hex(code) for code in range(0x110000)
             if clean.text(f"a{chr(code)}内") != _slow(f"a{chr(code)}内")]
    assert wrong == []


def test_controls_are_removed_and_invisible_characters_shown():
    assert clean.text("red\x1b[31m\x07 text") == "red[31m text"
    assert clean.text("abc\u202edef") == "abc\\u202edef"
    assert clean.text("\u3164") == "\\u3164"  # printable to str.isprintable(), invisible to a reader
    assert clean.text("name\udcff") == "name\\xff"
    assert clean.text("内容运营 SEO") == "内容运营 SEO"


def test_a_line_shows_its_breaks():
    assert clean.line("one\ntwo\tthree\r") == "one\\ntwo three\\r"
    assert clean.deep({"k\x1b": ["v\u200b", 1]}) == {"k": ["v\\u200b", 1]}
