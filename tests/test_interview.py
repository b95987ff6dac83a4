"""The interview's core (interview.py) driven by a scripted prompter: no terminal, no Rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

from promo_ops import interview, session
from promo_ops.errors import Interrupted

from conftest import modules_after


class Script:
    """A prompter that types the given lines and records what it was shown and told."""

    def __init__(self, *lines):
        self.lines = list(lines)
        self.screens = []
        self.said = []
        self.hints = []

    def show(self, screen):
        self.screens.append(screen)

    def read(self, hint):
        self.hints.append(hint)
        if not self.lines:
            raise Interrupted("interrupted")  # as Ctrl-C would
        line = self.lines.pop(0)
        if line is KeyboardInterrupt:
            raise Interrupted("interrupted")
        return line

    def tell(self, text, kind="note"):
        self.said.append((kind, text))

    def errors(self):
        return [text for kind, text in self.said if kind == "error"]

    def titles(self):
        return [s.title for s in self.screens]


def run_session(kb, script, tmp_path, *, flags=None, full=True, save=None, report=None):
    emitted = []
    req = session.Request(flags or {}, save=save, report=report)
    result = session.session(kb, req, script, full=full, emit=emitted.append,
                               report_text=lambda r: "# report\n", report_is_ours=lambda text: True)
    return result, emitted


FIRST_SIX = ("1", "", "", "", "", "")  # seo, then Enter for years, company, target, interests, motives


def test_the_old_form_takes_natural_short_names(kb):
    script = Script(*FIRST_SIX, "writing=3 data=3", "", "s", "")
    profile = interview.Interview(kb, script, full=True).resolve({})
    assert profile.skills == {"copywriting": 3, "data-analysis": 3}
    # The assumed list was shown again with the change marked.
    marked = [o for s in script.screens if s.title == "Your skills" for o in s.options if o.mark == "you said"]
    assert {o.label.split("  ")[0] for o in marked} == {"Copywriting", "Data analysis"}


def test_a_word_without_a_level_in_the_old_form_is_explained_and_asked_again(kb):
    # A word with no "=level" after a good pair (and alone) is a typing slip, said and asked again;
    # it used to end the run with an internal error (the pair before it had taken the name of the
    # translation function).
    script = Script(*FIRST_SIX, "writing=3 data", "data writing=3", "writing=3", "", "s", "")
    profile = interview.Interview(kb, script, full=True).resolve({})
    assert profile.skills == {"copywriting": 3}
    assert script.errors()[:2] == ["'data' is not of the form skill=level (e.g. copywriting=2)"] * 2


def test_a_misspelt_skill_in_the_old_form_is_explained_and_asked_again(kb):
    script = Script(*FIRST_SIX, "copywritting=2", "copywriting=9", "copywriting=2", "", "s", "")
    profile = interview.Interview(kb, script, full=True).resolve({})
    errors = script.errors()
    assert "did you mean 'copywriting'" in errors[0]
    assert "level 9 for skill 'copywriting' is not 0-3" in errors[1]
    assert profile.skills == {"copywriting": 2}


def test_labels_shown_are_accepted_as_answers_in_either_language(kb):
    script = Script("SEO专员", "2", "小公司", "Operation", "写作 活动", "推广太累，运营轻松", "", "s", "")
    profile = interview.Interview(kb, script, full=True).resolve({})
    assert (profile.current_role, profile.years, profile.company_type, profile.target) == ("seo", 2, "small",
                                                                                          "operation")
    assert profile.interests == ("writing", "events")
    assert profile.motives == ("tiring",)


def test_the_skills_asked_are_the_ones_that_matter_where_one_could_move(kb):
    script = Script(*FIRST_SIX, "", *[""] * 8, "")
    iv = interview.Interview(kb, script, full=True)
    iv.resolve({})
    asked = iv.asked_skills
    assert 0 < len(asked) <= interview.MAX_SKILL_QUESTIONS
    assert not set(asked) & set(kb.roles["seo"].needs())  # the role covers those: they were confirmed
    tracks = [r for r in kb.roles.values() if r.family == "operation" and r.kind != "post"]
    weight = {sid: sum(n.importance * n.level for r in tracks for n in r.skills if n.skill == sid) for sid in asked}
    assert [weight[s] for s in asked] == sorted(weight.values(), reverse=True)  # most important first
    assert asked[0] == "product-understanding"  # seo assumes user thinking (promotion needs it to choose channels)
    titles = [t for t in script.titles() if t.startswith("Skill ")]
    assert titles[0] == f"Skill 1 of {len(asked)}: Product understanding"


def test_from_operation_the_skills_asked_are_promotions(kb):
    role = list(kb.roles).index("content-operation") + 1
    script = Script(str(role), "", "", "", "", "", "", "s", "")
    iv = interview.Interview(kb, script, full=True)
    iv.resolve({})
    # Equal weights keep the knowledge base's order.
    assert iv.to_ask("content-operation", "auto", {})[:3] == ["channel-selection", "budget-management",
                                                             "paid-search-bidding"]


def test_every_skill_question_shows_four_described_levels_and_skip(kb):
    script = Script(*FIRST_SIX, "", "?", "strong", "s", "")
    iv = interview.Interview(kb, script, full=True)
    profile = iv.resolve({})
    screen = next(s for s in script.screens if s.title.startswith("Skill 1 of"))
    assert [o.key for o in screen.options] == ["0", "1", "2", "3", "s"]
    skill = kb.skills["product-understanding"]
    assert screen.lines == (skill.description,)
    for option, level in zip(screen.options[1:4], (1, 2, 3)):
        assert (option.text, option.text_zh) == (skill.levels[level].en, skill.levels[level].zh)
    helps = [text for kind, text in script.said if kind == "help"]
    assert "Enter keeps 0 none" in helps[0] and "Product operation needs level 3" in helps[0]
    assert "promo-ops' own reading, not the article's" in helps[0]
    assert skill.levels_why in helps[0]  # and what that reading rests on
    assert profile.skills == {"product-understanding": 3}  # a level's name works as well as its number


def test_out_of_range_numbers_say_the_range(kb):
    script = Script("0", "20", "1", "", "5", "", "", "6 1", "1", "3", "", "9", "", "5", "s", "40", "")
    profile = interview.Interview(kb, script, full=True).resolve({})
    assert script.errors() == ["choose 1-19", "choose 1-19", "choose 1-4", "choose 1-5", "choose 1-2",
                               "choose 1-5, or press Enter if that is right",
                               "choose 0-3, or s to skip the rest",
                               "choose 1-12, or press Enter to see the advice"]
    assert profile.interests == ("writing",)
    # A wrong number is answered with the range, not with the whole list again.
    assert script.titles().count("Your skills") == 1


def test_the_recap_marks_given_and_assumed_and_changes_by_number(kb):
    script = Script(*FIRST_SIX, "", "2", "s")
    iv = interview.Interview(kb, script, full=True)
    script.lines += ["3", "3", "", ""]  # recap: change the company (line 3) to small, then go on
    profile = iv.resolve({})
    recaps = [s for s in script.screens if s.title == "Your answers"]
    first = {o.label: (o.text, o.mark) for o in recaps[0].options}
    assert first["Role"] == ("SEO specialist (seo)", "you said")
    assert first["Company"] == ("not said", "default")
    assert first["Search engine optimization"] == ("3 strong", "assumed from your role")
    assert first["Product understanding"] == ("2 working", "you said")
    last = {o.label: (o.text, o.mark) for o in recaps[-1].options}
    assert last["Company"] == ("Small company", "you said")
    assert profile.company_type == "small" and profile.skills == {"product-understanding": 2}
    # What was said at the recap is said: --save would keep it.
    assert profile.sources["company_type"] == "prompt" and profile.stated_answers()["company_type"] == "small"


def test_changing_the_role_in_the_recap_changes_what_is_assumed(kb):
    script = Script(*FIRST_SIX, "", "s", "1", "2", "")
    profile = interview.Interview(kb, script, full=True).resolve({})
    recap = [s for s in script.screens if s.title == "Your answers"][-1]
    labels = [o.label for o in recap.options]
    assert profile.current_role == "sem" and "Paid search bidding" in labels
    assert "Search engine optimization" in labels  # sem assumes it too, at level 1
    assert {o.label: o.text for o in recap.options}["Search engine optimization"] == "1 basic"


def test_with_answers_given_only_a_missing_required_answer_is_asked(kb):
    script = Script("2")
    profile = interview.Interview(kb, script, full=False).resolve({"years": "3"})
    assert script.titles() == ["What is your current role?"]
    assert (profile.current_role, profile.years, profile.skills) == ("sem", 3, {})


def test_interrupted_anywhere_writes_nothing(kb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for cut in range(1, 12):  # the twelfth line would end the run
        script = Script(*(["1", "", "", "", "", "", "", "2", "s", "", "y", ""][:cut]))
        with pytest.raises(Interrupted):
            run_session(kb, script, tmp_path, report=str(tmp_path / "r.md"))
        assert list(tmp_path.iterdir()) == [], cut


def test_the_offer_to_save(kb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script = Script(*FIRST_SIX, "", "3", "s", "", "y", "")
    result, emitted = run_session(kb, script, tmp_path, report="r.md")
    assert emitted == [result]
    saved = (tmp_path / session.SAVE_NAME).read_text()
    assert "product-understanding: 3" in saved and (tmp_path / "r.md").exists()
    assert ("note", f"Saved. Next time: promo-ops advise --answers {session.SAVE_NAME}; record practice with "
                    f"promo-ops progress {session.SAVE_NAME}") in script.said
    # what the interview saves is a plan file: the answers, the planned track and its practice plan
    from promo_ops.fileio import planfile

    plan, _ = planfile.read(saved, session.SAVE_NAME)
    assert plan.track == result["plan_track"] and plan.answers["skills"]["product-understanding"] == 3
    assert [i.skill for i in plan.items] == [i["skill"] for i in result["practice_plan"]]
    assert [c.change for c in plan.history] == ["made"]


def test_declining_the_offer_or_giving_save_writes_only_what_was_asked_for(kb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_session(kb, Script(*FIRST_SIX, "", "s", "", "n"), tmp_path)
    assert list(tmp_path.iterdir()) == []
    script = Script(*FIRST_SIX, "", "s", "")
    run_session(kb, script, tmp_path, save="mine.yaml")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]
    assert not any("y/N" in h for h in script.hints)  # --save given: no offer


def test_a_nonsense_answer_to_the_offer_is_asked_again(kb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script = Script(*FIRST_SIX, "", "s", "", "maybe", "")
    run_session(kb, script, tmp_path)
    assert "type y to save, or press Enter not to" in script.errors()
    assert list(tmp_path.iterdir()) == []


def test_the_interview_core_imports_no_rich():
    code = "import sys, promo_ops.interview; assert not [m for m in sys.modules if m.startswith('rich')]"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_help_on_a_question_explains_and_shows_the_menu_again(kb):
    script = Script("1", "", "?", "3", "", "", "", "", "s", "")
    profile = interview.Interview(kb, script, full=True).resolve({})
    company = [s for s in script.screens if s.title == kb.question("company_type").prompt_en]
    assert len(company) == 2 and company[0] == company[1]
    assert [o.label for o in company[1].options] == ["product", "marketing", "small", "big"]
    assert ("help", kb.question("company_type").help) in script.said
    assert profile.company_type == "small"


def test_the_role_menu_has_a_heading_per_family_and_numbers_only_roles(kb):
    script = Script("9", "", "", "", "", "", "", "s", "")
    profile = interview.Interview(kb, script, full=True).resolve({})
    menu = script.screens[0].options
    headings = [o.label for o in menu if not o.key]
    assert headings == ["Promotion", "Operation"]
    numbered = [o for o in menu if o.key]
    assert [o.key for o in numbered] == [str(n) for n in range(1, len(kb.roles) + 1)]
    assert profile.current_role == numbered[8].label == "content-operation"


def test_skills_said_beyond_the_role_are_listed_by_name_and_not_asked_again(kb):
    role = list(kb.roles).index("content-operation") + 1
    script = Script(str(role), "", "", "", "", "", "budget=2", "", "s", "")
    iv = interview.Interview(kb, script, full=True)
    profile = iv.resolve({})
    again = [s for s in script.screens if s.title == "Your skills"][-1]
    assert again.footer.startswith("You also said: Budget management 2 working.")
    assert profile.skills == {"budget-management": 2}
    assert "budget-management" not in iv.asked_skills


def test_a_track_that_does_not_exist_is_said_before_any_question(kb, tmp_path):
    from promo_ops.errors import InputError

    script = Script()
    with pytest.raises(InputError, match="unknown id 'produkt-operation' \\(did you mean 'product-operation'\\?\\)"):
        session.session(kb, session.Request({}, track="produkt-operation"), script, full=True,
                          emit=lambda r: None, report_text=str, report_is_ours=bool)
    assert script.hints == [] and script.screens == []


def test_a_run_that_cannot_ask_never_imports_the_interview(tmp_path):
    # No terminal (stdin is a pipe): the session resolves the answers without the interview's code.
    args = ["advise", "--role", "sem", "--skill", "copywriting=2", "--json"]
    assert modules_after(args, ("promo_ops.interview",), tmp_path / "cache") == []
