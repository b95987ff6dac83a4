"""Work that must grow with the knowledge base no faster than its size.

Time is never asserted here (benchmarks/run.py measures it); what is counted
is how often the engine visits a candidate, on a synthetic knowledge base
(benchmarks/synth.py) with thousands of candidates and skills.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT
from promo_ops import advisor, knowledge, questions

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402


@pytest.fixture(scope="module")
def big_kb(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "kb-10x.json"
    path.write_text(json.dumps(synth.make(10), ensure_ascii=False), encoding="utf-8")
    return knowledge.load(str(path), use_cache=False)


@pytest.mark.parametrize("answers", [
    {"current_role": "r00000", "years": 3, "interests": ["writing"], "skills": {"s00001": 2}},
    {"current_role": "r00003", "years": 8, "interests": ["people", "product"], "skills": {"s00002": 1, "s00005": 3}},
])
def test_help_most_visits_each_candidate_a_bounded_number_of_times(big_kb, monkeypatch, answers):
    profile = questions.resolve(big_kb, {}, answers)
    plain = advisor.advise(big_kb, profile)
    engine = advisor.engine_for(big_kb)
    levels = advisor.effective_skills(big_kb, profile)
    fact_values = advisor.facts(big_kb, profile, levels)
    outcomes, _fired = engine.evaluate(fact_values)
    recs = advisor.rank(big_kb, engine.candidates(profile.current_role, fact_values["target_family"]), levels,
                        outcomes, frozenset(profile.skills))
    flipping = [sid for sid, f in engine.all_flips(levels, fact_values, outcomes).items() if f]
    assert len(flipping) > 10 and len(recs) > 50  # a case where per-skill scans of every candidate add up
    visits = []
    real = advisor.Engine.raises

    def counted(self, rec):
        visits.append(rec)
        return real(self, rec)

    monkeypatch.setattr(advisor.Engine, "raises", counted)
    found = advisor.help_most(big_kb, fact_values, levels, outcomes, recs)
    assert found == plain.help_most
    # Once to collect each candidate's one-level-up scores and once to index which lack what;
    # a scan of every candidate for each flipping skill would be len(flipping) times that.
    assert len(visits) <= 2 * len(recs)


def test_a_raised_skill_is_seen_by_the_rules_without_copying_every_fact():
    facts = {"skill.copywriting": 1, "stated.copywriting": 1, "years": 3}
    trial = advisor._Raised(facts, "skill.copywriting", "stated.copywriting", 2)
    assert (trial.get("skill.copywriting"), trial.get("stated.copywriting"), trial.get("years")) == (2, 2, 3)
    assert trial.get("missing") is None and trial.get("missing", 0) == 0
    assert facts["skill.copywriting"] == 1  # the facts themselves are unchanged


def test_a_knowledge_base_file_is_hashed_once_per_load(tmp_path, monkeypatch):
    # Tens of MiB at 1000x the built-in size: the built-in check and the cache key share one hash.
    from promo_ops import cache

    path = tmp_path / "kb.json"
    path.write_text(json.dumps(synth.make(1), ensure_ascii=False), encoding="utf-8")
    raw = path.read_bytes()
    monkeypatch.setenv("PROMO_OPS_CACHE_DIR", str(tmp_path / "cache"))
    first = knowledge.load(str(path))  # validates and writes the cache entry
    entry = cache.key(raw)
    hashed = []
    real = cache.sha256

    def counting(data=b""):
        hashed.append(bytes(data) == raw)
        return real(data)

    monkeypatch.setattr(cache, "sha256", counting)
    again = knowledge.load(str(path))  # from the cache entry
    assert again == first and again.digest == first.digest == entry
    assert hashed.count(True) == 1
