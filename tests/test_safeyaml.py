"""Hostile and malformed files: refused quickly, with a clear message and exit 3."""

from __future__ import annotations

import time

import pytest

from conftest import run
from promo_ops.fileio import safeyaml, textfile


def _kb_run(tmp_path, content, name="kb.yaml"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return run("--kb", str(path), "roles"), str(path)


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)

CASES = [
    ("python object tag", "x: !!python/object/apply:os.system [echo pwned]\n", "is not allowed"),
    ("custom tag", "roles: !include other.yaml\n", "tag '!include' is not allowed"),
    ("binary tag", "x: !!binary aGVsbG8=\n", "is not allowed"),
    ("duplicate key", "schema_version: 1\nschema_version: 1\n", "duplicate key 'schema_version'"),
    ("syntax error", "roles: [seo\n", "YAML syntax error"),
    ("tab indentation", "roles:\n\t- id: seo\n", "YAML syntax error"),
    ("merge key", "a: {x: 1}\nb:\n  <<: {y: 2}\n", "merge keys ('<<') are not supported"),
    ("empty file", "", "the file is empty"),
    ("whitespace only", "   \n\n", "the file is empty"),
    ("only a comment", "# nothing\n", "the file holds no document"),
    ("scalar document", "just text\n", "expected a mapping (knowledge base), got 'just text'"),
    ("list document", "- a\n- b\n", "expected a mapping (knowledge base), got a list"),
    ("mapping as key", "? {a: 1}\n: 2\n", "a key must be a plain value"),
    ("deep nesting", "a: " + "[" * 200 + "]" * 200 + "\n", "nesting is deeper than 64 levels"),
    ("alias bomb", BILLION_LAUGHS, "too many alias expansions"),
]


@pytest.mark.parametrize("name,content,fragment", CASES, ids=[c[0] for c in CASES])
def test_hostile_yaml_refused(tmp_path, name, content, fragment):
    started = time.perf_counter()
    result, path = _kb_run(tmp_path, content)
    assert result.code == 3, result.stderr
    assert fragment in result.stderr
    assert result.stderr.startswith(f"promo-ops: error: {path}")
    assert "Traceback" not in result.stderr
    assert time.perf_counter() - started < 5  # a bomb must not hang the run (generous bound)


def test_invalid_utf8_has_a_position(tmp_path):
    result, path = _kb_run(tmp_path, b"schema_version: 1\nname: caf\xe9\n")
    assert result.code == 3
    assert f"{path}:2:10: not valid UTF-8" in result.stderr


def test_binary_junk(tmp_path):
    result, _ = _kb_run(tmp_path, bytes(range(256)) * 4)
    assert result.code == 3
    assert "not valid UTF-8" in result.stderr or "YAML" in result.stderr


def test_control_characters_in_yaml(tmp_path):
    result, _ = _kb_run(tmp_path, "a: \x07bell\x00\n")
    assert result.code == 3
    assert "YAML" in result.stderr


def test_byte_order_mark_is_accepted(tmp_path):
    from promo_ops import knowledge

    text = open(knowledge.builtin_path(), encoding="utf-8").read()
    result, _ = _kb_run(tmp_path, "\ufeff".encode("utf-8") + text.encode("utf-8"))
    assert result.code == 0, result.stderr
    assert "seo" in result.stdout


def test_directory_and_missing_file(tmp_path):
    result = run("--kb", str(tmp_path), "roles")
    assert result.code == 3 and "is a directory" in result.stderr
    result = run("--kb", str(tmp_path / "nope.yaml"), "roles")
    assert result.code == 3 and "knowledge base not found" in result.stderr


def test_unreadable_file(tmp_path, monkeypatch):
    # Tests run as root in CI, where chmod 0 does not stop a read; make open() refuse instead.
    path = tmp_path / "kb.yaml"
    path.write_text("a: 1\n")

    from promo_ops.fileio import textfile

    real = textfile.os.open

    def refuse(name, *args, **kwargs):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(textfile.os, "open", refuse)
    result = run("--kb", str(path), "roles")
    assert result.code == 3 and "cannot be read (permission denied)" in result.stderr


def test_file_over_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as fh:
        fh.truncate(textfile.KNOWLEDGE_BASE.bytes + 1)
    result = run("--kb", str(path), "roles")
    assert result.code == 3
    assert f"the limit is {textfile.KNOWLEDGE_BASE.bytes:,}" in result.stderr


def test_positions_are_kept():
    doc = safeyaml.parse("a:\n  b: [1, 2]\n  c: x\n", "t")
    assert doc.data == {"a": {"b": [1, 2], "c": "x"}}
    assert doc.marks[("a", "b")] == (2, 3)
    assert doc.marks[("a", "c")] == (3, 3)
    assert doc.mark(("a", "b", 5)) == (2, 3)


def test_aliases_within_the_limit_are_expanded():
    doc = safeyaml.parse("base: &b [1, 2]\nuse: *b\n", "t")
    assert doc.data == {"base": [1, 2], "use": [1, 2]}


def test_only_safeyaml_imports_pyyaml():
    # One module decides how YAML is read and written; everything else goes through it.
    import ast
    from pathlib import Path

    import promo_ops

    root = Path(promo_ops.__file__).parent
    importers = set()
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(n == "yaml" or n.startswith("yaml.") for n in names):
                importers.add(source.relative_to(root).as_posix())
    assert importers == {"fileio/safeyaml.py"}
