"""People the article speaks to, advised as a careful reader of the article would advise them.

Each person's advice is checked for its track (the best-scored one and the one the plan is
for), the first items of the practice plan, the basis of every reason (the article, or
promo-ops' reading), and that the score shown is coverage plus the adjustments listed,
clamped to 0..1.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import pytest

from conftest import run, validate


def advise(*args: str) -> Dict[str, Any]:
    result = run("advise", "--no-input", *args, "--json")
    assert result.code == 0, result.stderr
    data = result.json()
    validate(data, "advise")
    return data


class Person:
    def __init__(self, name: str, args: List[str], *, best: str, plan_track: str, first: List[str],
                 reasons: Dict[str, str], chosen_by: Optional[str] = None, notes: Tuple[str, ...] = ()):
        self.name = name
        self.args = args
        self.best = best  # the best-scored track
        self.plan_track = plan_track  # the track the plan is for
        self.first = first  # the plan's first items, in order
        self.reasons = reasons  # rule -> basis, for every reason of the plan's track
        self.chosen_by = chosen_by  # the rule that chose the plan's track over the best-scored one
        self.notes = notes  # notes that must be there


PEOPLE = [
    # "launching Baidu SEM and writing their own ideas, so it should still be possible to do content operation"
    Person("SEM specialist who writes their own creatives", ["--role", "sem", "--skill", "copywriting=2"],
           best="content-operation", plan_track="content-operation",
           first=["content-planning", "copywriting"],
           reasons={"own-ad-copy-to-content": "article"}),
    # "drawing product prototype drawings, using brain maps and writing product documents ... practiced in advance"
    Person("feed-ads optimiser who likes the product and has practised nothing",
           ["--role", "feed-ads", "--interest", "product"],
           best="activity-operation", plan_track="product-operation",
           first=["prototyping", "mind-mapping", "product-documentation"],
           reasons={"product-interest": "reading"}, chosen_by="product-interest",
           notes=("product-skills-first",)),
    Person("feed-ads optimiser who likes the product and has practised prototypes, mind maps and documents",
           ["--role", "feed-ads", "--interest", "product", "--skill", "prototyping=2", "--skill", "mind-mapping=2",
            "--skill", "product-documentation=2"],
           best="product-operation", plan_track="product-operation",
           first=["product-understanding", "user-research"],
           reasons={"product-skills-practised": "article", "product-interest": "reading"}),
    # "you must understand the product, investigate users, and add user thinking"
    Person("SEO specialist who likes people", ["--role", "seo", "--interest", "people"],
           best="activity-operation", plan_track="user-operation",
           first=["product-understanding", "user-research", "user-thinking", "community-management"],
           reasons={"people-to-user-operation": "article"}, chosen_by="people-to-user-operation",
           notes=("user-operation-needs-product-and-users",)),
    # "small companies, operation and promotion are integrated" ... "sell yourself first"
    Person("content operator in a small company moving to promotion",
           ["--role", "content-operation", "--company", "small", "--target", "promotion"],
           best="new-media-promotion", plan_track="new-media-promotion",
           first=["personal-branding"],
           reasons={"personal-brand-combines-both": "article", "user-thinking-transfers-to-promotion": "article"},
           notes=("small-company-merges-both", "operation-can-move-to-promotion")),
    # "You should try to sell yourself first. Creating personal IP is actually the best combination"
    Person("user operator drawn to selling, moving to promotion", ["--role", "user-operation", "--interest", "selling"],
           best="new-media-promotion", plan_track="new-media-promotion",
           first=["personal-branding"],
           reasons={"personal-brand-combines-both": "article", "user-thinking-transfers-to-promotion": "article",
                    "acquisition-is-promotion": "article"},
           notes=("personal-brand-combines-both",)),
    Person("operation editor open to either side", ["--role", "editor", "--target", "any"],
           best="new-media-promotion", plan_track="new-media-promotion",
           first=["personal-branding"],
           reasons={"personal-brand-combines-both": "article", "user-thinking-transfers-to-promotion": "article"}),
    # "the tens of billions of subsidies ... are activities and operations"; exhibitions and meetings
    Person("offline promoter who enjoys events", ["--role", "offline-promotion", "--interest", "events"],
           best="activity-operation", plan_track="activity-operation",
           first=["event-planning"],
           reasons={"events-interest": "article"}),
    # "promotion has nothing to learn, no value and no room for growth ... you didn't do it to the extreme"
    Person("SEM specialist who finds promotion tiring and without growth",
           ["--role", "sem", "--motive", "no-growth", "--motive", "tiring"],
           best="activity-operation", plan_track="activity-operation",
           first=["event-planning"], reasons={},
           notes=("promotion-is-not-a-dead-end", "operation-is-not-easier")),
    Person("user operator who thinks promotion is worthless", ["--role", "user-operation", "--motive", "no-growth"],
           best="new-media-promotion", plan_track="new-media-promotion",
           first=["personal-branding"],
           reasons={"personal-brand-combines-both": "article", "user-thinking-transfers-to-promotion": "article",
                    "acquisition-is-promotion": "article"},
           notes=("promotion-is-not-a-dead-end",)),
    # "the new link of operation is actually the same as promotion"
    Person("traffic operator moving to promotion", ["--role", "traffic-operation"],
           best="app-promotion", plan_track="app-promotion",
           first=["copywriting", "personal-branding"],
           reasons={"user-thinking-transfers-to-promotion": "article", "acquisition-is-promotion": "article"}),
    Person("new-media promoter of four years who enjoys writing",
           ["--role", "new-media-promotion", "--interest", "writing", "--years", "4"],
           best="content-operation", plan_track="content-operation",
           first=["content-planning", "copywriting"],
           reasons={"writing-interest": "reading"}, notes=("senior-operation-may-earn-more",)),
]


@pytest.fixture(scope="module")
def advice():
    return {p.name: advise(*p.args) for p in PEOPLE}


@pytest.mark.parametrize("person", PEOPLE, ids=[p.name for p in PEOPLE])
def test_person(advice, person):
    data = advice[person.name]
    recs = data["recommendations"]
    assert recs[0]["track"] == person.best
    assert data["plan_track"] == person.plan_track
    plan = [item["skill"] for item in data["practice_plan"]]
    assert plan[:len(person.first)] == person.first, plan
    chosen = next(r for r in recs if r["track"] == person.plan_track)
    assert {r["rule"]: r["basis"] for r in chosen["reasons"]} == person.reasons
    reason = data["plan_track_reason"]
    assert (reason["rule"] if reason else None) == person.chosen_by
    notes = [n["rule"] for n in data["notes"]]
    for rule in person.notes:
        assert rule in notes, rule


@pytest.mark.parametrize("person", PEOPLE, ids=[p.name for p in PEOPLE])
def test_score_is_coverage_plus_the_listed_adjustments(advice, person):
    for rec in advice[person.name]["recommendations"]:
        total = rec["coverage"] + sum(a["delta"] for a in rec["adjustments"])
        assert rec["score"] == pytest.approx(min(1.0, max(0.0, total)), abs=1e-4), rec["track"]
        assert rec["adjustment"] == pytest.approx(sum(a["delta"] for a in rec["adjustments"]), abs=1e-4)
        assert [a["rule"] for a in rec["adjustments"]] == [r["rule"] for r in rec["reasons"]]
        for a in rec["adjustments"]:
            assert a["basis"] == "reading" and a["why"], (rec["track"], a)
        # "x of y match" counts the same skills "what transfers" lists in full
        assert rec["matched_count"] == len([t for t in rec["transfers"] if t["full"]]) == len(rec["skills_matched"])


def test_the_plan_follows_the_article_not_the_score_only_when_the_person_said_so(advice):
    # Without an interest, the plan is for the best-scored track and no rule chose it.
    plain = advise("--role", "feed-ads")
    assert plain["plan_track"] == plain["recommendations"][0]["track"] and plain["plan_track_reason"] is None
    # --track always wins over an interest.
    chosen = advise("--role", "seo", "--interest", "people", "--track", "content-operation")
    assert chosen["plan_track"] == "content-operation" and chosen["plan_track_reason"] is None


def test_reasons_about_what_the_person_does_need_what_they_said():
    # Feed-ads roles are assumed to write copy at level 2, but nobody said so: no "you write your own copy".
    feed = advise("--role", "feed-ads")
    reasons = [r["rule"] for rec in feed["recommendations"] for r in rec["reasons"]]
    assert "own-ad-copy-to-content" not in reasons
    said = advise("--role", "feed-ads", "--skill", "copywriting=2")
    content = next(r for r in said["recommendations"] if r["track"] == "content-operation")
    assert "own-ad-copy-to-content" in [r["rule"] for r in content["reasons"]]
