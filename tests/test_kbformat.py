"""The knowledge-base format is described once (promo_ops.kbformat): the validator and the shipped
JSON Schema are made from the same tables, so they refuse the same shapes."""

from __future__ import annotations

import copy
import json

import pytest

from conftest import run, schema
from promo_ops import kbformat

# Where the built-in knowledge base has an instance of each record, to change it there.
INSTANCES = {
    "family": ("families", 0),
    "cited text": ("families", 0, "definition"),
    "classification": ("families", 0, "classifications", 0),
    "class": ("families", 0, "classifications", 0, "classes", 0),
    "skill": ("skills", 0),
    "exercise": ("skills", 0, "exercises", 0),
    "role": ("roles", 0),
    "skill need": ("roles", 0, "skills", 0),
    "comparison": ("comparison",),
    "difference": ("comparison", "differences", 0),
    "similarity": ("comparison", "similarities", 0),
    "transition": ("transitions", 0),
    "skill in a list": ("transitions", 0, "transfers", 0),
    "role in a list": ("families", 0, "classifications", 0, "classes", 0, "roles", 0),
    "case": ("cases", 0),
    "case step": ("cases", 0, "steps", 0),
    "question": ("questions", 0),
    "prompt": ("questions", 0, "prompt"),
    "choice": ("questions", 2, "choices", 0),
    "rule": ("rules", 0),
    "score effect": ("rules", 0, "effects", 0),
    "route settings": ("routes",),
}


def _at(data, path):
    for key in path:
        data = data[key]
    return data


def _schema_accepts(data) -> bool:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema("kb"))
    return validator.is_valid(json.loads(json.dumps(data)))


def test_every_record_of_the_format_is_exercised_here():
    records = set(kbformat.RECORDS) - {"knowledge base", "label", "fit threshold", "practise effect",
                                       "plan effect", "note effect", "same work"}
    assert records <= set(INSTANCES), sorted(records - set(INSTANCES))


def test_the_built_in_knowledge_base_fits_both(kb_data):
    assert _schema_accepts(kb_data)


@pytest.mark.parametrize("record", sorted(INSTANCES))
def test_an_unknown_key_is_refused_by_both(record, kb_data, write_kb):
    data = copy.deepcopy(kb_data)
    _at(data, INSTANCES[record])["no-such-key"] = "x"
    assert not _schema_accepts(data)
    result = run("--kb", write_kb(lambda d: d.update(data)), "kb", "validate")
    assert result.code == 3
    assert "unknown key 'no-such-key'" in result.stderr


@pytest.mark.parametrize("record, key", [(r, k) for r in sorted(INSTANCES)
                                         for k, (required, _) in kbformat.RECORDS[r][0].items() if required])
def test_a_missing_required_key_is_refused_by_both(record, key, kb_data, write_kb):
    data = copy.deepcopy(kb_data)
    del _at(data, INSTANCES[record])[key]
    assert not _schema_accepts(data)
    result = run("--kb", write_kb(lambda d: d.update(data)), "kb", "validate")
    assert result.code == 3, (record, key)
    if record.endswith(" effect") and key == record.split()[0]:
        # The key that says which kind of effect it is: without it, no kind fits.
        assert "an effect needs exactly one of" in result.stderr
    else:
        assert f"missing required key '{key}'" in result.stderr


def test_the_schema_names_every_record_and_its_keys():
    defs = schema("kb")["$defs"]
    for name, (fields, _) in kbformat.RECORDS.items():
        target = schema("kb") if name == "knowledge base" else defs[name.replace(" ", "-").replace("'", "")]
        assert set(target["properties"]) == set(fields) | set(kbformat.zh_keys(fields)), name
        assert set(k for k, (required, _) in fields.items() if required) <= set(target["required"]), name
