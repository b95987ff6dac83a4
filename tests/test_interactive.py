"""The interview in a real pseudo-terminal (pexpect), as a person would use it.

Runs that check the advice send stdout to a file (`> out.json`), as a person
might, so the terminal shows only the interview (on stderr) and the file holds
the JSON alone.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys

import pexpect
import pytest

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "LANG": "C.UTF-8", "PAGER": "cat"}
for _name in ("PROMO_OPS_KB", "PROMO_OPS_LANG", "LC_ALL", "LC_MESSAGES"):
    ENV.pop(_name, None)


def spawn(*args, cwd=None, stdout=None):
    """promo-ops in a terminal of 40 x 100; with `stdout`, the result goes to that file instead."""
    if stdout is None:
        return pexpect.spawn(sys.executable, ["-m", "promo_ops", *args], env=ENV, encoding="utf-8", timeout=20,
                             dimensions=(40, 100), cwd=cwd)
    command = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "promo_ops", *args))
    return pexpect.spawn("/bin/bash", ["-c", f"{command} > {shlex.quote(str(stdout))}"], env=ENV,
                         encoding="utf-8", timeout=20, dimensions=(40, 100), cwd=cwd)


def finish(child):
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def plain_json(*args):
    proc = subprocess.run([sys.executable, "-m", "promo_ops", *args, "--json"], env=ENV, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def answer_role_and_defaults(child, role="1"):
    """The six first questions: a role by number, then Enter for years, company, target, interests, motives."""
    child.expect("What is your current role\\?  你现在的岗位是？")
    child.expect("\\(required; \\? for help\\)")
    child.sendline(role)
    for question in ("How many years", "What kind of company", "Which side", "What do you enjoy",
                     "why you want to move"):
        child.expect(question)
        child.expect("for help\\)")
        child.sendline("")


def without_sources(result):
    """An advise result without where each answer came from (a prompt here, a flag or a file there)."""
    result = json.loads(json.dumps(result))
    del result["profile"]["sources"]
    return result


def plain(text):
    """The text without the styles (bold, dim) NO_COLOR leaves in."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def recap_number(text, label):
    found = re.findall(rf"(\d+)\) {re.escape(label)}\s", text)
    assert found, text
    return found[-1]


def test_a_whole_interview_as_an_seo_specialist(tmp_path):
    out = tmp_path / "out.json"
    child = spawn("advise", "--json", cwd=tmp_path, stdout=out)
    child.expect("What is your current role")
    child.expect("1\\) seo\\s+SEO specialist  SEO专员")  # numbered choices, in both languages
    child.expect("\\(required; \\? for help\\)")
    child.sendline("")  # required: Enter alone is not an answer
    child.expect("an answer is required")
    child.sendline("1")
    child.expect("How many years")
    child.expect("\\(none; \\? for help\\)")  # no default: Enter leaves it unsaid
    child.sendline("three")
    child.expect("'three' is not a whole number")
    child.sendline("4")
    child.expect("What kind of company")
    child.sendline("")
    child.expect("Which side do you want to move to")
    child.sendline("")
    child.expect("What do you enjoy")
    child.sendline("1")
    child.expect("why you want to move")
    child.expect("for help\\)")
    child.sendline("")

    # What the role assumes, confirmed as it is.
    child.expect("Your skills  你的技能")
    child.expect("Your role, SEO specialist \\(SEO专员\\), assumes you have:")
    child.expect("Search engine optimization  搜索引擎优化（SEO）\\s+3 strong")
    child.expect("Copywriting  文案\\s+1 basic")
    child.expect("\\(Enter: that is right; \\? for help\\)")
    child.sendline("")

    # Skills the role does not cover, one at a time, on described levels, rated by menu number.
    child.expect("Skill 1 of 8: Product understanding  产品理解")
    child.expect("1\\) basic\\s+Can explain what the product does and who it is for.")
    child.expect("说得清产品是做什么的、给谁用的。")
    child.expect("s\\) skip")
    child.expect("\\(0 none; \\? for help\\)")
    child.sendline("1")
    child.expect("Skill 2 of 8: User research")
    child.expect("for help\\)")
    child.sendline("3")
    child.expect("Skill 3 of 8")
    child.expect("for help\\)")
    child.sendline("s")  # skip the rest

    # The recap: given and assumed told apart; one answer changed by its number.
    child.expect("Your answers  你的回答")
    child.expect("\\(Enter: see the advice; \\? for help\\)")
    recap = plain(child.before)
    assert re.search(r"Role\s+SEO specialist \(seo\)\s+\(you said\)", recap)
    assert re.search(r"Company\s+not said\s+\(default\)", recap)
    assert re.search(r"Search engine optimization\s+3 strong\s+\(assumed from your role\)", recap)
    assert re.search(r"User thinking\s+1 basic\s+\(assumed from your role\)", recap)
    assert re.search(r"User research\s+3 strong\s+\(you said\)", recap)
    child.sendline(recap_number(recap, "Product understanding"))
    child.expect("Product understanding  产品理解")
    child.expect("\\(1 basic; \\? for help\\)")  # the answer given is now the default
    child.sendline("2")
    child.expect("Your answers")
    child.expect("\\(Enter: see the advice; \\? for help\\)")
    assert re.search(r"Product understanding\s+2 working\s+\(you said\)", plain(child.before))
    child.sendline("")

    child.expect("Save your answers to use again with --answers\\? \\(y/N\\)")
    child.sendline("n")  # declined
    assert finish(child) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # nothing saved

    result = json.loads(out.read_text())
    profile = result["profile"]
    assert profile["skills"] == {"product-understanding": 2, "user-research": 3}
    assert profile["current_role"] == "seo" and profile["years"] == 4 and profile["interests"] == ["writing"]
    assert profile["skill_levels"]["search-optimization"] == {"level": 3, "stated": False}  # assumed, not said
    assert "search-optimization" not in profile["skills"]
    assert profile["sources"]["years"] == "prompt" and profile["sources"]["company_type"] == "default"
    # The same advice as the same answers given as flags.
    flags = plain_json("advise", "--no-input", "--role", "seo", "--years", "4", "--interest", "writing",
                       "--skill", "product-understanding=2", "--skill", "user-research=3")
    assert without_sources(result) == without_sources(flags)


def test_enter_keeps_every_default(tmp_path):
    out = tmp_path / "out.json"
    child = spawn("advise", "--json", cwd=tmp_path, stdout=out)
    answer_role_and_defaults(child)
    child.expect("Enter: that is right")
    child.sendline("")
    for n in range(1, 9):
        child.expect(f"Skill {n} of 8")
        child.expect("\\(0 none; \\? for help\\)")
        child.sendline("")
    child.expect("Your answers")
    child.expect("Enter: see the advice")
    recap = plain(child.before.split("Your answers")[-1])
    assert recap.count("(you said)") == 1 and re.search(r"Role\s+SEO specialist \(seo\)\s+\(you said\)", recap)
    assert re.search(r"Product understanding\s+0 none\s+\(assumed\)", recap)  # Enter said nothing
    child.sendline("")
    child.expect("\\(y/N\\)")
    child.sendline("")
    assert finish(child) == 0
    interviewed = json.loads(out.read_text())
    assert set(interviewed["profile"]["sources"].values()) == {"prompt", "default"}
    assert without_sources(interviewed) == without_sources(plain_json("advise", "--no-input", "--role", "seo"))


def test_an_out_of_range_number_says_the_range():
    child = spawn("advise")
    child.expect("\\(required; \\? for help\\)")
    child.sendline("20")
    child.expect("choose 1-19")
    child.sendline("2")  # sem
    child.expect("How many years")
    child.expect("for help\\)")
    child.sendline("")
    child.expect("What kind of company")
    child.expect("for help\\)")
    child.sendline("9")
    child.expect("choose 1-4")
    child.sendline("")
    child.expect("Which side")
    child.expect("for help\\)")
    child.sendline("")
    child.expect("What do you enjoy")
    child.expect("for help\\)")
    child.sendline("1 9")
    child.expect("choose 1-5")
    child.sendline("1")
    child.expect("why you want to move")
    child.expect("for help\\)")
    child.sendline("3")
    child.expect("choose 1-2")
    child.sendline("")
    child.expect("Enter: that is right")
    child.sendline("9")
    child.expect("choose 1-6, or press Enter if that is right")
    child.sendline("")
    child.expect("Skill 1 of")
    child.expect("for help\\)")
    child.sendline("7")
    child.expect("choose 0-3, or s to skip the rest")
    child.sendline("s")
    child.expect("Enter: see the advice")
    child.sendline("99")
    child.expect("choose 1-\\d+, or press Enter to see the advice")
    child.sendintr()
    child.expect("promo-ops: interrupted")
    assert finish(child) == 130


def test_help_on_a_skill_question():
    child = spawn("advise")
    answer_role_and_defaults(child)
    child.expect("Enter: that is right")
    child.sendline("")
    child.expect("Skill 1 of 8: Product understanding")
    child.expect("for help\\)")
    child.sendline("?")
    child.expect("Type the number of the level closest to what you have done")
    child.expect("Enter keeps 0 none")
    child.expect("s skips the rest of the skill questions")
    child.expect("In the tracks you could move into: Product operation needs level 3")
    child.expect("Skill 1 of 8: Product understanding")  # the question again, with its levels
    child.expect("3\\) strong")
    child.expect("for help\\)")
    child.sendline("writing=2 data=3")  # the skill=level form, with the natural short names
    child.expect("noted: Copywriting 2 working, Data analysis 3 strong; and Product understanding\\?")
    child.sendintr()
    assert finish(child) == 130


@pytest.mark.parametrize("how", ["ctrl-c", "eof"])
def test_interrupt_at_a_prompt(how):
    child = spawn("advise")
    child.expect("What is your current role")
    child.expect("for help\\)")
    if how == "ctrl-c":
        child.sendintr()
    else:
        child.sendeof()
    child.expect("promo-ops: interrupted")
    rest = child.read() if child.isalive() else ""
    assert "Traceback" not in child.before + rest
    assert finish(child) == 130


def test_ctrl_c_in_the_skills_step_writes_nothing(tmp_path):
    child = spawn("advise", "--report", "advice.md", cwd=tmp_path)
    answer_role_and_defaults(child)
    child.expect("Enter: that is right")
    child.sendline("")
    child.expect("Skill 1 of 8")
    child.expect("for help\\)")
    child.sendline("3")
    child.expect("Skill 2 of 8")
    child.expect("for help\\)")
    child.sendintr()
    child.expect("promo-ops: interrupted")
    assert finish(child) == 130
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_at_the_offer_to_save_writes_nothing(tmp_path):
    child = spawn("advise", "--report", "advice.md", cwd=tmp_path)
    answer_role_and_defaults(child)
    child.expect("Enter: that is right")
    child.sendline("")
    child.expect("Skill 1 of 8")
    child.expect("for help\\)")
    child.sendline("s")
    child.expect("Enter: see the advice")
    child.sendline("")
    child.expect("\\(y/N\\)")
    child.sendintr()
    assert finish(child) == 130
    assert list(tmp_path.iterdir()) == []


def test_the_offer_to_save_writes_answers_that_read_back_to_the_same_advice(tmp_path):
    out = tmp_path / "out.json"
    child = spawn("advise", "--json", "--report", "advice.md", cwd=tmp_path, stdout=out)
    answer_role_and_defaults(child, role="3")  # feed-ads
    child.expect("Enter: that is right")
    child.sendline("2")  # change the second assumed skill
    child.expect("for help\\)")
    child.sendline("3")
    child.expect("\\(you said\\)")
    child.expect("Enter: that is right")
    child.sendline("")
    child.expect("Skill 1 of")
    child.expect("for help\\)")
    child.sendline("2")
    child.expect("Skill 2 of")
    child.expect("for help\\)")
    child.sendline("s")
    child.expect("Enter: see the advice")
    child.sendline("")
    child.expect("\\(y/N\\)")
    child.sendline("y")
    child.expect("File name \\(promo-ops-plan.yaml\\)")
    child.sendline("")
    child.expect("Saved. Next time: promo-ops advise --answers promo-ops-plan.yaml;")
    assert finish(child) == 0
    saved = tmp_path / "promo-ops-plan.yaml"
    assert (tmp_path / "advice.md").exists()  # --report is written after the offer
    interviewed = json.loads(out.read_text())
    assert len(interviewed["profile"]["skills"]) == 2
    again = plain_json("advise", "--no-input", "--answers", str(saved))
    assert set(again["profile"]["sources"].values()) == {"file", "default"}  # the file states what was said
    assert without_sources(again) == without_sources(interviewed)


def test_the_offer_to_save_asks_again_for_a_file_it_must_not_overwrite(tmp_path):
    (tmp_path / "notes.yaml").write_text("my own notes\n")
    child = spawn("advise", cwd=tmp_path)
    answer_role_and_defaults(child)
    child.expect("Enter: that is right")
    child.sendline("")
    child.expect("Skill 1 of")
    child.expect("for help\\)")
    child.sendline("s")
    child.expect("Enter: see the advice")
    child.sendline("")
    child.expect("\\(y/N\\)")
    child.sendline("notes.yaml")  # a file name typed straight away
    child.expect("notes.yaml exists and was not written by promo-ops")
    child.expect("\\(y/N\\)")
    child.sendline("mine.yaml")
    child.expect("Saved")
    assert finish(child) == 0
    assert (tmp_path / "notes.yaml").read_text() == "my own notes\n"
    assert "current_role: seo" in (tmp_path / "mine.yaml").read_text()


def test_answers_given_as_flags_are_not_asked():
    child = spawn("advise", "--role", "sem", "--years", "2", "--company", "small", "--target", "auto",
                  "--interest", "writing", "--skill", "copywriting=2")
    child.expect("Tracks, best first")
    assert "What is your current role" not in child.before
    assert finish(child) == 0


def test_with_some_flags_only_a_missing_required_answer_is_asked(tmp_path):
    out = tmp_path / "out.json"
    child = spawn("advise", "--years", "3", "--interest", "product", "--json", cwd=tmp_path, stdout=out)
    child.expect("What is your current role")
    child.expect("\\(required; \\? for help\\)")
    child.sendline("2")
    child.expect(pexpect.EOF)
    asked = child.before
    child.close()
    assert child.exitstatus == 0
    for optional in ("What kind of company", "Which side", "Your skills", "Your answers", "Save your answers"):
        assert optional not in asked
    assert without_sources(json.loads(out.read_text())) == without_sources(
        plain_json("advise", "--role", "sem", "--years", "3", "--interest", "product"))


def test_role_and_report_in_a_terminal_write_the_report_without_asking(tmp_path):
    child = spawn("advise", "--role", "seo", "--report", "seo.md", cwd=tmp_path)
    child.expect("Tracks, best first")
    child.expect(pexpect.EOF)
    screen = child.before
    child.close()
    assert child.exitstatus == 0
    assert "for help)" not in screen and "(y/N)" not in screen
    assert "# Career-transition advice" in (tmp_path / "seo.md").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seo.md"]


def test_no_input_on_a_terminal_does_not_ask():
    child = spawn("advise", "--no-input")
    child.expect("missing answer: current_role \\(--role\\)")
    assert finish(child) == 2


def test_cohort_progress_bar_on_a_terminal(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text((json.dumps({"current_role": "sem"}) + "\n") * 4000)
    out = tmp_path / "out.jsonl"
    child = pexpect.spawn("/bin/bash", ["-c", f"{sys.executable} -m promo_ops advise --batch {rows} > {out}"],
                          env={**ENV, "NO_COLOR": ""}, encoding="utf-8", timeout=60, dimensions=(24, 100))
    child.expect("advising")  # the bar, drawn on stderr because stderr is the terminal
    child.expect(pexpect.EOF)
    assert '"schema_version"' not in child.before  # results went to the file, not the screen
    child.close()
    assert child.exitstatus == 0
    assert len(out.read_text().splitlines()) == 4000


def test_cohort_progress_bar_is_not_drawn_over_results_on_the_same_terminal(tmp_path):
    import json

    rows = tmp_path / "rows.jsonl"
    rows.write_text((json.dumps({"current_role": "sem"}) + "\n") * 400)
    child = pexpect.spawn(sys.executable, ["-m", "promo_ops", "advise", "--batch", str(rows)],
                          env={**ENV, "NO_COLOR": ""}, encoding="utf-8", timeout=60, dimensions=(24, 100))
    child.expect(pexpect.EOF)
    screen = child.before
    child.close()
    assert child.exitstatus == 0
    assert "advising" not in screen  # stdout is this terminal: a bar would overwrite result lines
    lines = [line for line in screen.splitlines() if line.strip()]
    assert len(lines) == 400 and all(line.startswith('{"schema_version"') for line in lines)


def test_after_the_interview_long_advice_is_paged_and_the_offer_comes_after(tmp_path):
    paged = tmp_path / "paged.txt"
    env = {**ENV, "PAGER": f"cat > {shlex.quote(str(paged))}"}
    child = pexpect.spawn(sys.executable, ["-m", "promo_ops", "advise"], env=env, encoding="utf-8", timeout=20,
                          dimensions=(24, 80), cwd=str(tmp_path))
    answer_role_and_defaults(child)
    child.expect("Enter: that is right")
    child.sendline("")
    child.expect("Skill 1 of")
    child.expect("for help\\)")
    child.sendline("s")
    child.expect("Enter: see the advice")
    child.sendline("")
    child.expect("\\(y/N\\)")
    assert "Tracks, best first" in paged.read_text(encoding="utf-8")  # the advice went to the pager...
    assert "Tracks, best first" not in child.before  # ...not past the top of the screen
    child.sendline("")
    assert finish(child) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paged.txt"]


def test_a_whole_interview_in_chinese(tmp_path):
    """LANG=zh_CN.UTF-8 and Chinese answers throughout: a role by its Chinese name, 小公司, 写作, a skill
    by its Chinese name; the advice comes back in Chinese, with the article's quotes labelled."""
    env = {**ENV, "LANG": "zh_CN.UTF-8"}
    child = pexpect.spawn(sys.executable, ["-m", "promo_ops", "advise", "--no-pager"], env=env, encoding="utf-8",
                          timeout=20, dimensions=(40, 100), cwd=tmp_path)
    child.expect("你现在的岗位是？")
    child.expect("（必填；输入 \\? 查看说明）")
    child.sendline("内容运营")
    child.expect("做了几年？")
    child.expect("查看说明）")
    child.sendline("")
    child.expect("你所在（或想去）的公司是哪类？")
    child.expect("查看说明）")
    child.sendline("小公司")
    child.expect("想转向哪一边？")
    child.expect("查看说明）")
    child.sendline("")
    child.expect("你喜欢做什么？（可多选）")
    child.expect("查看说明）")
    child.sendline("写作")
    child.expect("以下哪条是你想转的原因？")
    child.expect("查看说明）")
    child.sendline("")
    child.expect("你的技能")
    child.expect("按你的岗位 内容运营（Content operation），默认你具备：")
    child.expect("文案\\s+3 精通")
    child.expect("查看说明）")
    child.sendline("文案=3")
    child.expect("文案\\s+3 精通\\s+\\(你填的\\)")
    child.expect("查看说明）")
    child.sendline("")
    # The skills that matter for where one could move, one at a time, levels described in Chinese.
    child.expect("技能 1/\\d+：")
    child.expect("1\\) 入门")
    child.expect("查看说明）")
    child.sendline("s")  # skip the rest: their levels stay assumed
    child.expect("你的回答")
    child.expect("岗位\\s+内容运营 \\(content-operation\\)\\s+\\(你填的\\)")
    child.expect("公司类型\\s+小公司\\s+\\(你填的\\)")
    child.expect("兴趣\\s+写作\\s+\\(你填的\\)")
    child.expect("查看说明）")
    child.sendline("")
    child.expect("推荐方向（从最合适的开始）")
    child.expect("匹配度")
    child.expect("最合适：")
    child.expect("新媒体推广")
    child.expect("new-media-promotion，匹配度高")
    child.expect("你喜欢写作，而内容运营和新媒体推广的工作大多是写。")
    child.expect("文章对这次转岗怎么说")
    child.expect("在小公司，运营和推广是一体的")
    child.expect("练习计划")
    child.expect("备注")
    child.expect("\\(y/N\\)")
    child.sendline("")
    assert finish(child) == 0
    shown = plain(child.before)
    assert "Tracks, best first" not in shown and "Notes" not in shown
