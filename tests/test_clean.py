"""clean: nothing that drives a terminal or hides itself gets through, and the shortcut for
ordinary text changes nothing."""

import re

from promo_ops import clean


def _slow(value: str) -> str:
    """clean.text without its shortcut: the patterns, always applied."""
    value = re.sub(clean._ESCAPE, "", value)
    value = re.sub(clean._CONTROL, "", value)
    return re.sub(clean._INVISIBLE, clean._visible, value)


def test_the_shortcut_agrees_with_the_patterns_for_every_code_point():
    wrong = [hex(code) for code in range(0x110000)
             if clean.text(f"a{chr(code)}内") != _slow(f"a{chr(code)}内")]
    assert wrong == []


def test_controls_are_removed_and_invisible_characters_shown():
    assert clean.text("red\x1b[31m\x07 text") == "red text"  # the whole escape sequence, not only its ESC
    assert clean.text("\x1b[2J") == ""
    assert clean.text("a\x1b]8;;https://evil.example\x07b\x1b]8;;\x07c") == "abc"
    assert clean.text("abc\u202edef") == "abc\\u202edef"
    assert clean.text("\u3164") == "\\u3164"  # printable to str.isprintable(), invisible to a reader
    assert clean.text("name\udcff") == "name\\xff"
    assert clean.text("内容运营 SEO") == "内容运营 SEO"


def test_a_line_shows_its_breaks():
    assert clean.line("one\ntwo\tthree\r") == "one\\ntwo three\\r"
    assert clean.deep({"k\x1b": ["v\u200b", 1]}) == {"k": ["v\\u200b", 1]}


def test_every_invisible_format_character_is_shown():
    """Tag characters (U+E0000-E007F) and every other format character (Cf) that draws nothing
    would reach a terminal unseen."""
    import unicodedata

    assert clean.text("投\U000e0041\U000e0042广告") == "投\\U000e0041\\U000e0042广告"
    assert clean.text("soft\u00adhyphen") == "soft\\u00adhyphen"
    drawn = {0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6dd, 0x70f, 0x890, 0x891, 0x8e2, 0x110bd, 0x110cd}
    unseen = [hex(code) for code in range(0x110000)
              if unicodedata.category(chr(code)) == "Cf" and code not in drawn
              and clean.text(chr(code)) == chr(code)]
    assert unseen == []
