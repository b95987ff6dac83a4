"""Loading a knowledge base cheaply without changing what is said about it.

A JSON knowledge base is read by the json module when YAML would read the same values from it
(textfile.json_as_yaml), and any file is validated first without positions; only a file with a
problem is read again as YAML with positions. These tests pin that the shortcut never changes a
value or a message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from conftest import run
from promo_ops import knowledge
from promo_ops.errors import KnowledgeBaseError
from promo_ops.fileio import safeyaml, textfile

CORPUS = Path(__file__).resolve().parent / "corpus"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import synth  # noqa: E402 - the benchmark's synthetic knowledge bases, valid JSON


@pytest.fixture(scope="module")
def synthetic():
    return synth.make(2)

# JSON texts that YAML reads differently from JSON, or refuses: each must be left to YAML.
DIFFERENT = [
    '{"a"\n: 1}',  # a key's colon on the next line is no key to libyaml
    '{"a": 1.5e3}', '{"a": 1E+2}', '{"a": 1e3}',  # YAML 1.1 reads these as text
    '{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}',
    '{"a": "\\ud83d\\ude00"}',  # an escaped surrogate pair
    '\t{"a": 1}', '{"a": 1}\n\t\n',  # tabs outside the mapping
    '{"' + "k" * 1100 + '": 1}', '{"a"' + " " * 1100 + ": 1}",  # a key over 1024 characters from its colon
    '{"a": "\x7f"}', '{"a": "\x85"}', '{"a": "x\u2028y"}', '{"a": "\ufeff"}', '{"a": "\x9b"}',
    '{"a": 1, "a": 2}',
    '{"a": ' + "1" * 30 + "}",  # over the digit limit: YAML's reader says where
    '[1, 2]', '"text"', "",
]
SAME = [
    '{"a": 1}', '{\n\t"a": 1}', '{"a": [\n\t1]}', '{"a":-1}', '{"a":[-1,-0.5, 0.25, 0]}', '{"a": -0.0}',
    '{"a":true,"b":false,"c":null}', '{"a": "\\u2028x\\u00e9\\/"}', '{"a": "\u00a0中文"}', '{"a": "#x"}',
    '{"a": " lead trail "}', '{"a": "a\\\\"}', '{"a": "q\\"q"}', '{"a": {}}', '{"a": []}', '{ }', '{"":1}',
    '{"a": "x: y", "b": "- x", "c": "[{,}]"}', '{"a":1}   \n', '{"a" :1}', '{"a": "\\b\\f\\t\\n\\r\\u0000"}',
    '{"a":\n\n  [\n1\n,\n2]}',
]


def _yaml_value(text: str):
    return safeyaml.parse(text, "x.json").data


@pytest.mark.parametrize("text", DIFFERENT)
def test_json_that_yaml_reads_differently_is_left_to_yaml(text):
    assert textfile.json_as_yaml(text) is None


@pytest.mark.parametrize("text", SAME)
def test_json_read_directly_is_what_yaml_reads(text):
    got = textfile.json_as_yaml(text)
    assert got is not None
    assert repr(got) == repr(_yaml_value(text))  # repr: 0 and 0.0, -0.0 and 0.0 differ


def test_the_builtin_knowledge_base_as_json_reads_the_same(kb_data):
    for indent in (None, 2, "\t"):
        text = json.dumps(kb_data, ensure_ascii=False, indent=indent)
        got = textfile.json_as_yaml(text)
        assert got is not None and got == _yaml_value(text) == json.loads(text)


def _corpus_kbs():
    """The corpus' knowledge bases that are JSON-shaped once read (any YAML file's plain values)."""
    out = []
    for path in sorted((CORPUS / "kb").iterdir()):
        try:  # the hardened reader: the corpus holds alias bombs
            data = safeyaml.parse(path.read_bytes().decode("utf-8"), path.name).data
        except (UnicodeDecodeError, textfile.DocumentError):
            continue  # not readable as YAML: nothing to convert
        if isinstance(data, dict):
            try:
                out.append((path.name, json.dumps(data, ensure_ascii=False, indent=2, default=str)))
            except (TypeError, ValueError):
                continue
    return out


KBS = _corpus_kbs()


def _outcome(text: str, tmp_path: Path) -> str:
    path = tmp_path / "kb.json"
    path.write_text(text, encoding="utf-8")
    try:
        kb = knowledge.parse_and_check(path.read_bytes(), str(path))
    except KnowledgeBaseError as exc:
        return "\n".join(str(p) for p in exc.problems)
    return f"valid: {len(kb.roles)} roles, {len(kb.skills)} skills, {len(kb.rules)} rules"


def test_corpus_knowledge_bases_as_json_say_the_same_with_and_without_the_shortcut(tmp_path, monkeypatch):
    assert len(KBS) >= 30
    invalid = 0
    for name, text in KBS:
        fast = _outcome(text, tmp_path)
        with monkeypatch.context() as m:  # every file through YAML with positions, as before the shortcut
            m.setattr(textfile, "json_as_yaml", lambda *a, **k: None)
            m.setattr(safeyaml, "parse", lambda t, n, marks=True, limits=textfile.OTHER, _p=safeyaml.parse:
                      _p(t, n, limits=limits))
            slow = _outcome(text, tmp_path)
        assert fast == slow, name
        invalid += not fast.startswith("valid:")
    assert invalid >= 20  # problems with positions, found again through YAML


def test_a_problem_in_a_json_knowledge_base_has_its_position(tmp_path, kb_data):
    data = json.loads(json.dumps(kb_data))
    data["skills"][1]["name"] = ""
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip() == '"name": "",')
    result = run("kb", "validate", str(path))
    assert result.code == 3
    assert f"{path}:{line}:" in result.stderr and "skills[1].name" in result.stderr


def test_a_valid_file_is_read_once_and_without_positions(tmp_path, synthetic, monkeypatch):
    calls = []
    real = safeyaml.parse

    def counting(text, name, **kwargs):
        calls.append(kwargs.get("marks", True))
        return real(text, name, **kwargs)

    monkeypatch.setattr(safeyaml, "parse", counting)
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(synthetic, allow_unicode=True), encoding="utf-8")
    knowledge.parse_and_check(path.read_bytes(), str(path))
    assert calls == [False]
    calls.clear()
    path.write_text(json.dumps(synthetic, ensure_ascii=False), encoding="utf-8")
    knowledge.parse_and_check(path.read_bytes(), str(path))
    assert calls == []  # JSON that YAML reads alike: no YAML at all


def test_the_values_are_dropped_once_the_model_is_built(tmp_path, synthetic, monkeypatch):
    import gc
    import weakref

    refs = []
    real = textfile.Document.__init__

    def keep(self, data, name):
        real(self, data, name)
        refs.append(weakref.ref(self))

    path = tmp_path / "kb.json"
    path.write_text(json.dumps(synthetic, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(textfile.Document, "__init__", keep)
    kb = knowledge.parse_and_check(path.read_bytes(), str(path))
    gc.collect()
    assert len(kb.roles) == 38 and len(refs) == 1 and refs[0]() is None


def _read(text: str, marks: bool):
    try:
        return repr(safeyaml.parse(text, "x.yaml", marks=marks).data)
    except textfile.DocumentError as exc:
        return "\n".join(str(p) for p in exc.problems)


def test_yaml_without_positions_reads_the_same_values_and_problems():
    # Without positions, plain text values skip the reader's bookkeeping (safeyaml._Builder._quick):
    # the values, and the reader's own problems, must be the same as with them.
    texts = [path.read_bytes().decode("utf-8", "replace") for path in sorted((CORPUS / "kb").iterdir())]
    texts += [Path(knowledge.builtin_path()).read_text(encoding="utf-8"),
              "a: [x, 1, 1.5, true, null, ~, 2024-01-01, '1', \"yes\", yes, &t text, *t, !!str 3]\n",
              "a: " + "[" * 70 + "]" * 70 + "\n", "a: [" + "x, " * 50 + "]\nb: {c: d, e: [f, {g: h}]}\n"]
    assert len(texts) >= 40
    for text in texts:
        assert _read(text, False) == _read(text, True)
