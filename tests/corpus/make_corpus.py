"""Write the hostile-input corpus: broken knowledge bases, answers files and cohort files.

Each case is a file in kb/, answers/ or batch/ and a line of MANIFEST.tsv:
file, the exit code it must give, and a fragment of the message it must show.
Knowledge-base cases are a small valid knowledge base (BASE) with one defect,
so each file tests one thing. Run after changing a case:

    python tests/corpus/make_corpus.py

tests/test_corpus.py runs every case, and fails if the files differ from
what this script writes.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Dict, List, Tuple, Union

HERE = os.path.dirname(os.path.abspath(__file__))

BASE = """\
schema_version: 1
fit_thresholds:
  - {label: good, label_zh: "较高", min: 0.5}
  - {label: stretch, label_zh: "偏低", min: 0}
families:
  - id: promotion
    name: Promotion
    name_zh: 推广
    definition: {text: Advertising., text_zh: "打广告。", source: "Simply understood, promotion is advertising."}
    goal: {text: Be known., text_zh: "让人知道。", source: let others know about this website}
    focus: {text: Channels., text_zh: "渠道。", source: There are many kinds of promotion.}
    classifications: []
  - id: operation
    name: Operation
    name_zh: 运营
    definition: {text: Connecting product and users., text_zh: "连接产品和用户。", source: help products and users better establish contact}
    goal: {text: Keep users., text_zh: "留住用户。", source: make users stay}
    focus: {text: Users., text_zh: "用户。", source: products give birth to children}
    classifications: []
skills:
  - id: copywriting
    name: Copywriting
    name_zh: 文案
    description: Writing the words that sell.
    description_zh: "写能卖货的文字。"
    source: writing their own promotion copy
    exercises: [{text: Write your own ad copy., text_zh: "自己写广告文案。", source: writing their own ideas}]
    levels: {why: The article says promotion people write their own copy., why_zh: "文章说推广的人会自己写文案。", 1: {en: Has written a post., zh: 写过推文。}, 2: {en: Writes live ads., zh: 能写在投的广告。}, 3: {en: Copy that converts., zh: 文案转化好。}}
  - id: content-planning
    name: Content planning
    name_zh: 内容策划
    description: Planning content.
    description_zh: "策划内容。"
    why: A skill this test names.
    why_zh: "这个测试用到的技能。"
    prerequisites: [{skill: copywriting, why: Planning needs writing., why_zh: "策划要先会写。"}]
    exercises: [{text: Plan a month of content., text_zh: "规划一个月的内容。", why: A suggestion., why_zh: "一个建议。"}]
    levels: {basis: reading, why: Content operation plans content., why_zh: "内容运营要策划内容。", 1: {en: Followed a plan., zh: 按排期发过内容。}, 2: {en: Plans a month., zh: 能做月度排期。}, 3: {en: Sets direction., zh: 能定内容方向。}}
roles:
  - id: sem
    family: promotion
    kind: role
    name: Paid search specialist
    name_zh: SEM竞价专员
    summary: Runs paid search.
    summary_zh: "投竞价。"
    skills:
      - {skill: copywriting, importance: 2, level: 1, source: writing their own ideas}
  - id: content-operation
    family: operation
    kind: track
    name: Content operation
    name_zh: 内容运营
    summary: Content that keeps users.
    summary_zh: "能留住用户的内容。"
    skills:
      - {skill: copywriting, importance: 3, level: 3, why: Content is written., why_zh: "内容要靠写。"}
      - {skill: content-planning, importance: 3, level: 2, source: make the website more content}
transitions:
  - id: promotion-to-content-operation
    from: promotion
    to: content-operation
    verdict: "yes"
    verdict_zh: "可以"
    summary: Write your own copy.
    summary_zh: "自己写文案。"
    source: writing their own promotion copy
    advice: [{text: Copywriters can do content operation., text_zh: "会写文案的人能做内容运营。", source: writing their own promotion copy}]
cases:
  - id: money-calendar
    name: The money-making calendar
    name_zh: 生财日历
    summary: A calendar sold through a community.
    summary_zh: "通过社群卖的日历。"
    source: making money calendar
    lesson: {text: Both work together., text_zh: "两者一起发挥作用。", why: The case shows both at work., why_zh: "这个案例里两者都在起作用。"}
    steps: [{stage: Product, stage_zh: "产品", text: The calendar., text_zh: "日历。", source: the product is the production calendar}]
questions:
  - {id: current_role, type: choice, choices_from: roles, required: true, prompt: {en: Role?, zh: 岗位？}, help: Your role., help_zh: "你的岗位。"}
  - {id: years, type: integer, min: 0, max: 60, default: 1, prompt: {en: Years?, zh: 几年？}, help: Whole years., help_zh: "整数年。"}
  - id: company_type
    type: choice
    choices: [{value: product, label: {en: Product, zh: 产品型}}, {value: small, label: {en: Small, zh: 小公司}}]
    prompt: {en: Company?, zh: 公司？}
    help: Kind of company.
    help_zh: "公司类型。"
  - id: target
    type: choice
    choices: [{value: auto, label: {en: Other side, zh: 另一边}}, {value: operation, label: {en: Operation, zh: 运营}}]
    default: auto
    prompt: {en: Side?, zh: 方向？}
    help: Where to go.
    help_zh: "想去哪边。"
  - id: interests
    type: multi
    choices: [{value: writing, label: {en: Writing, zh: 写作}}, {value: people, label: {en: People, zh: 人}}]
    prompt: {en: Interests?, zh: 兴趣？}
    help: What you enjoy.
    help_zh: "你喜欢做什么。"
  - {id: skills, type: skills, prompt: {en: Skills?, zh: 技能？}, help: "skill=level", help_zh: "技能=等级"}
rules:
  - id: copy-to-content
    when: {fact: skill.copywriting, op: gte, value: 2}
    effects: [{score: 0.1, tracks: [content-operation], why: A small nudge., why_zh: "小幅加分。"}]
    because: {text: You write copy., text_zh: "你会写文案。", source: writing their own promotion copy}
  - id: likes-words-or-people
    when: {any: [{fact: interests, op: contains, value: writing}, {fact: interests, op: contains, value: people}]}
    effects: [{plan: [content-operation]}]
    because: {text: You like words or people., text_zh: "你喜欢文字或和人打交道。", basis: reading, why: A liking points to a track., why_zh: "喜好指向一个方向。"}
"""

Content = Union[str, bytes]


def edit(old: str, new: str) -> str:
    if BASE.count(old) != 1:
        raise SystemExit(f"corpus edit does not match exactly once: {old!r}")
    return BASE.replace(old, new)


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))

KB_CASES: List[Tuple[str, Content, int, str]] = [
    ("valid-base.yaml", BASE, 0, "valid: 2 families, 2 roles, 2 skills"),
    ("syntax-unclosed-bracket.yaml", edit("exercises: [{text: Write your own ad copy., text_zh: \"自己写广告文案。\", source: writing their own ideas}]",
                                          "exercises: [{text: Write your own ad copy., text_zh: \"自己写广告文案。\", source: writing their own ideas}"), 3, "YAML syntax error"),
    ("syntax-bad-indent.yaml", edit("    name: Copywriting\n", "   name: Copywriting\n"), 3, "YAML syntax error"),
    ("syntax-tab-indent.yaml", edit("    name: Copywriting\n", "\tname: Copywriting\n"), 3, "YAML syntax error"),
    ("empty.yaml", "", 3, "the file is empty"),
    ("whitespace-only.yaml", "  \n\n\t\n", 3, "the file is empty"),
    ("comment-only.yaml", "# just a comment\n", 3, "the file holds no document"),
    ("scalar-document.yaml", "roles\n", 3, "expected a mapping (knowledge base), got 'roles'"),
    ("list-document.yaml", "- roles\n- skills\n", 3, "expected a mapping (knowledge base), got a list"),
    ("byte-order-mark.yaml", "\ufeff" + BASE, 0, "valid: 2 families"),
    ("invalid-utf8.yaml", BASE.encode().replace("Writing the words".encode(), b"Writing the w\xf6rds"), 3,
     ":24:31: not valid UTF-8 (byte 0xf6)"),
    ("binary-junk.yaml", bytes(range(256)) * 8, 3, "not valid UTF-8"),
    ("nul-bytes.yaml", BASE.encode().replace(b"Writing the", b"Writing\x00the"), 3,
     ":24:25: unacceptable character #x0000 in YAML"),
    ("tag-python-object.yaml", edit("description: Writing the words that sell.",
                                    "description: !!python/object/apply:os.system [echo pwned]"), 3,
     "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("tag-python-name.yaml", edit("summary: Runs paid search.", "summary: !!python/name:os.system"), 3,
     "is not allowed; only plain YAML values are read"),
    ("tag-custom-include.yaml", edit("cases:\n", "cases: !include cases.yaml\n_cases:\n"), 3,
     "tag '!include' is not allowed"),
    ("tag-binary.yaml", edit("description: Planning content.", "description: !!binary aGVsbG8="), 3,
     "tag 'tag:yaml.org,2002:binary' is not allowed"),
    ("alias-bomb.yaml", BOMB, 3, "too many alias expansions (limit 1000); the file may be an alias bomb"),
    ("merge-key.yaml", edit("  - id: content-planning\n", "  - <<: {id: x}\n    id: content-planning\n"), 3,
     "merge keys ('<<') are not supported"),
    ("deep-nesting.yaml", "meta: " + "[" * 100 + "]" * 100 + "\n" + BASE, 3, "nesting is deeper than 64 levels"),
    ("mapping-as-key.yaml", "? {a: 1}\n: x\n" + BASE, 3, "a key must be a plain value, not a list or mapping"),
    ("duplicate-top-key.yaml", BASE + "schema_version: 1\n", 3, "duplicate key 'schema_version'"),
    ("duplicate-nested-key.yaml", edit("    name: Copywriting\n", "    name: Copywriting\n    name: Copy\n"), 3,
     "duplicate key 'name' (an earlier one would be silently lost)"),
    ("duplicate-role-id.yaml", edit("  - id: content-operation\n", "  - id: sem\n"), 3, "duplicate role id 'sem'"),
    ("duplicate-skill-id.yaml", edit("  - id: content-planning\n", "  - id: copywriting\n"), 3,
     "duplicate skill id 'copywriting'"),
    ("id-shared-across-kinds.yaml", edit("  - id: money-calendar\n", "  - id: sem\n"), 3,
     "id 'sem' is used by both a role and a case"),
    ("bad-id-format.yaml", edit("  - id: content-planning\n", "  - id: Content Planning\n"), 3,
     "expected an id in lower case with hyphens"),
    ("unknown-top-key.yaml", BASE.replace("\nskills:\n", "\nskils:\n", 1), 3, "unknown key 'skils' in knowledge base (did you mean 'skills'?)"),
    ("missing-roles.yaml", BASE[:BASE.index("roles:\n")] + BASE[BASE.index("transitions:\n"):], 3,
     "knowledge base is missing required key 'roles'"),
    ("missing-questions.yaml", BASE[:BASE.index("questions:\n")] + BASE[BASE.index("rules:\n"):], 3,
     "knowledge base is missing required key 'questions'"),
    ("wrong-type-classifications.yaml", edit("    classifications: []\n  - id: operation\n",
                                             "    classifications: nothing\n  - id: operation\n"), 3,
     "expected a list, got 'nothing'"),
    ("wrong-type-roles-mapping.yaml", BASE.replace("roles:\n  - id: sem", "roles:\n  sem:\n    id: sem", 1)
     .replace("\n  - id: content-operation", "\n  content-operation:\n    id: content-operation", 1), 3,
     "expected a list of roles, got a mapping"),
    ("wrong-type-name-number.yaml", edit("    name: Copywriting\n", "    name: 42\n"), 3,
     "expected non-empty text, got 42 (int)"),
    ("norway-problem-bool.yaml", edit("    name: Copywriting\n", "    name: yes\n"), 3,
     "expected non-empty text, got true (true/false)"),
    ("importance-out-of-range.yaml", edit("{skill: copywriting, importance: 2, level: 1, source: writing their own ideas}",
                                          "{skill: copywriting, importance: 7, level: 1}"), 3,
     "7 is out of range; expected 1 to 3"),
    ("level-out-of-range.yaml", edit("{skill: content-planning, importance: 3, level: 2, source: make the website more content}",
                                     "{skill: content-planning, importance: 3, level: 4}"), 3,
     "4 is out of range; expected 1 to 3"),
    ("level-fraction.yaml", edit("{skill: copywriting, importance: 2, level: 1, source: writing their own ideas}",
                                 "{skill: copywriting, importance: 2, level: 1.5}"), 3,
     "expected a whole number from 1 to 3, got 1.5 (float)"),
    ("level-as-word.yaml", edit("{skill: copywriting, importance: 2, level: 1, source: writing their own ideas}",
                                "{skill: copywriting, importance: 2, level: high}"), 3,
     "expected a whole number from 1 to 3, got 'high'"),
    ("score-out-of-range.yaml", edit("{score: 0.1, tracks: [content-operation], why: A small nudge., why_zh: \"小幅加分。\"}",
                                     "{score: -2, tracks: [content-operation]}"), 3,
     "-2 is out of range; expected -1.0 to 1.0"),
    ("unknown-skill-near-miss.yaml", edit("{skill: copywriting, importance: 2, level: 1, source: writing their own ideas}",
                                          "{skill: copywritting, importance: 2, level: 1}"), 3,
     "unknown skill 'copywritting' (did you mean 'copywriting'?)"),
    ("unknown-family.yaml", edit("    family: promotion\n", "    family: promotions\n"), 3,
     "unknown family 'promotions' (did you mean 'promotion'?)"),
    ("unknown-role-kind.yaml", edit("    kind: track\n", "    kind: function\n"), 3,
     "'function' is not one of role, track, post"),
    ("prerequisite-cycle.yaml", edit("    exercises: [{text: Write your own ad copy., text_zh: \"自己写广告文案。\", source: writing their own ideas}]",
                                     "    prerequisites: [{skill: content-planning, why: A loop.}]\n    exercises: [{text: Write your own ad copy., text_zh: \"自己写广告文案。\", source: writing their own ideas}]"), 3,
     "prerequisites form a cycle: copywriting -> content-planning -> copywriting"),
    ("prerequisite-self.yaml", edit("prerequisites: [{skill: copywriting, why: Planning needs writing., why_zh: \"策划要先会写。\"}]", "prerequisites: [{skill: content-planning, why: A loop.}]"), 3,
     "skill 'content-planning' cannot be its own prerequisite"),
    ("rule-unknown-fact.yaml", edit("{fact: skill.copywriting, op: gte, value: 2}", "{fact: yeras, op: gte, value: 2}"), 3,
     "unknown fact 'yeras' (did you mean 'years'?)"),
    ("rule-unknown-skill-fact.yaml", edit("{fact: skill.copywriting, op: gte, value: 2}",
                                          "{fact: skill.copywritng, op: gte, value: 2}"), 3,
     "unknown fact 'skill.copywritng' (did you mean 'skill.copywriting'?)"),
    ("rule-unknown-operator.yaml", edit("op: gte", "op: greater_or_equal"), 3, "unknown operator 'greater_or_equal'"),
    ("rule-unknown-value.yaml", edit("{fact: skill.copywriting, op: gte, value: 2}",
                                     "{fact: interests, op: contains, value: writting}"), 3,
     "'writting' is not a value 'interests' can take (did you mean 'writing'?)"),
    ("rule-numeric-op-on-text.yaml", edit("{fact: skill.copywriting, op: gte, value: 2}",
                                          "{fact: company_type, op: gte, value: 2}"), 3,
     "'gte' compares numbers, but 'company_type' is not a number"),
    ("rule-empty-all.yaml", edit("when: {fact: skill.copywriting, op: gte, value: 2}", "when: {all: []}"), 3,
     "'all' takes a non-empty list of conditions"),
    ("rule-effect-unknown-track.yaml", edit("tracks: [content-operation]", "tracks: [content-operations]"), 3,
     "unknown role 'content-operations' (did you mean 'content-operation'?)"),
    ("rule-effect-tracks-and-family.yaml", edit("{score: 0.1, tracks: [content-operation], why: A small nudge., why_zh: \"小幅加分。\"}",
                                                "{score: 0.1, tracks: [content-operation], family: operation}"), 3,
     "a score effect names either 'tracks' or 'family' (one of them)"),
    ("rule-practise-tracks-and-family.yaml", edit("{score: 0.1, tracks: [content-operation], why: A small nudge., why_zh: \"小幅加分。\"}",
                                                  "{practise: [copywriting], tracks: [sem], family: promotion}"), 3,
     "a practise effect names 'tracks' or 'family', not both"),
    ("meta-not-a-mapping.yaml", "meta: [a, b]\n" + BASE, 3, "meta: expected a mapping, got a list"),
    ("levels-incomplete.yaml", "levels: {0: none, 1: basic}\n" + BASE, 3, "levels must map each of 0..3 to a name"),
    ("comparison-unknown-family.yaml", BASE + "comparison:\n  left: promotion\n  right: operations\n"
     "  differences: []\n  similarities: []\n", 3, "unknown family 'operations' (did you mean 'operation'?)"),
    ("comparison-difference-without-source.yaml", BASE + "comparison:\n  left: promotion\n  right: operation\n"
     "  differences: [{aspect: goal, name: Goal, left: {text: a}, right: {text: b, source: make users stay}}]\n"
     "  similarities: []\n", 3,
     ":113:44: comparison.differences[0].left: comparison cell has no basis: give 'source'"),
    ("case-aim-not-cited.yaml", edit("    steps: [{stage: Product,",
                                     "    aims: [just text]\n    steps: [{stage: Product,"), 3,
     "expected a mapping (cited text), got 'just text'"),
    ("classification-bad-note.yaml", edit("    classifications: []\n  - id: operation\n",
                                          "    classifications:\n      - {id: by-x, name: X, name_zh: 某, source: s, classes: [], "
                                          "note: {text: n}}\n  - id: operation\n"), 3,
     "cited text has no basis: give 'source' (the verbatim quote from the article that supports it) or "
     "'basis: reading' with a 'why'"),
    ("question-duplicate-choices.yaml", edit("[{value: product, label: {en: Product, zh: 产品型}}, {value: small,",
                                             "[{value: small, label: {en: Product, zh: 产品型}}, {value: small,"), 3,
     "choice values must be unique"),
    ("question-min-above-max.yaml", edit("min: 0, max: 60,", "min: 61, max: 60,"), 3, "min 61 is above max 60"),
    ("question-required-not-bool.yaml", edit("required: true,", "required: maybe,"), 3,
     "expected true or false, got 'maybe'"),
    ("question-choices-from-unknown.yaml", edit("choices_from: roles", "choices_from: jobs"), 3,
     "'jobs' is not one of roles, skills"),
    ("question-target-choice-unknown.yaml", edit("{value: operation, label: {en: Operation, zh: 运营}}",
                                                 "{value: operations, label: {en: Operation, zh: 运营}}"), 3,
     "target choice 'operations' must be 'auto', 'any' or a family id (did you mean 'operation'?)"),
    ("question-choice-without-choices.yaml", edit("    type: multi\n    choices: [{value: writing, label: {en: Writing, zh: 写作}}, "
                                                  "{value: people, label: {en: People, zh: 人}}]\n",
                                                  "    type: multi\n"), 3,
     "question 'interests' needs 'choices' or 'choices_from'"),
    ("rule-score-without-target.yaml", edit("{score: 0.1, tracks: [content-operation], why: A small nudge., why_zh: \"小幅加分。\"}", "{score: 0.1}"), 3,
     "a score effect names either 'tracks' or 'family' (one of them)"),
    ("rule-no-effects.yaml", edit("effects: [{score: 0.1, tracks: [content-operation], why: A small nudge., why_zh: \"小幅加分。\"}]", "effects: []"), 3,
     "rule 'copy-to-content' has no effects"),
    ("rule-duplicate-id.yaml", BASE + "  - id: copy-to-content\n    when: {fact: years, op: gte, value: 1}\n"
     "    effects: [{note: hi, source: s}]\n    because: {text: t, source: s}\n", 3, "duplicate rule id 'copy-to-content'"),
    ("role-without-skills.yaml", edit("    summary_zh: \"投竞价。\"\n    skills:\n      - {skill: copywriting, importance: 2, level: 1, source: writing their own ideas}\n",
                                      "    summary_zh: \"投竞价。\"\n    skills: []\n"), 3,
     "role 'sem' needs at least one skill, or it cannot be scored"),
    ("skill-without-exercises.yaml", edit("    exercises: [{text: Plan a month of content., text_zh: \"规划一个月的内容。\", why: A suggestion., why_zh: \"一个建议。\"}]", "    exercises: []"), 3,
     "skill 'content-planning' needs at least one exercise"),
    ("skill-levels-missing.yaml", edit("    levels: {basis: reading, why: Content operation plans content., why_zh: \"内容运营要策划内容。\", 1: {en: Followed a plan., zh: 按排期发过内容。}, 2: {en: Plans a month., zh: 能做月度排期。}, 3: {en: Sets direction., zh: 能定内容方向。}}\n", ""), 3,
     ":29:5: skills[1]: skill 'content-planning' has no 'levels': describe what a person at levels 1, 2 and 3 has done"),
    ("skill-levels-list.yaml", edit("    levels: {basis: reading, why: Content operation plans content., why_zh: \"内容运营要策划内容。\", 1: {en: Followed a plan., zh: 按排期发过内容。}, 2: {en: Plans a month., zh: 能做月度排期。}, 3: {en: Sets direction., zh: 能定内容方向。}}", "    levels: [Followed a plan., Plans a month., Sets direction.]"), 3,
     ":38:5: skills[1].levels: expected a mapping of levels 1, 2, 3 to {en, zh}, got a list"),
    ("skill-level-undescribed.yaml", edit(", 3: {en: Sets direction., zh: 能定内容方向。}}", "}"), 3,
     ":38:5: skills[1].levels: level 3 is not described; every skill describes 1, 2, 3"),
    ("skill-levels-without-why.yaml", edit("why: The article says promotion people write their own copy., ", ""), 3,
     ":28:5: skills[0].levels: levels have no 'why': say what in the article (or beyond it) the described levels rest on"),
    ("skill-levels-basis-article.yaml", edit("basis: reading, why: Content", "basis: article, why: Content"), 3,
     ":38:14: skills[1].levels.basis: described levels are always promo-ops' reading: basis must be 'reading', got 'article'"),
    ("skill-levels-unknown-key.yaml", edit("basis: reading, why: Content", "bassis: reading, why: Content"), 3,
     ":38:14: skills[1].levels.bassis: unknown key 'bassis' in levels (did you mean 'basis'?); keys are basis, why and 1, 2, 3"),
    ("skill-level-zero-described.yaml", edit("1: {en: Followed a plan.", "0: {en: Never did it., zh: 没做过。}, 1: {en: Followed a plan."), 3,
     ":38:91: skills[1].levels[0]: level 0 cannot be described; describe 1, 2, 3 (0 is always 'none')"),
    ("skill-level-missing-zh.yaml", edit("2: {en: Plans a month., zh: 能做月度排期。}", "2: {en: Plans a month.}"), 3,
     ":38:132: skills[1].levels[2]: level 2 is missing required key 'zh'"),
    ("skill-level-zh-in-english.yaml", edit("zh: 能定内容方向。", "zh: Sets direction."), 3,
     ":38:195: skills[1].levels[3].zh: level 3: 'zh' has no Chinese text"),
    ("skill-level-empty-text.yaml", edit("en: Plans a month.", "en: ''"), 3,
     ":38:136: skills[1].levels[2].en: expected non-empty text, got empty text"),
    ("question-unknown-id.yaml", edit("{id: years, type: integer", "{id: salary, type: integer"), 3,
     "unknown question 'salary'"),
    ("question-wrong-type.yaml", edit("{id: years, type: integer", "{id: years, type: choice"), 3,
     "question 'years' must have type 'integer', not 'choice'"),
    ("question-bad-default.yaml", edit("max: 60, default: 1,", "max: 60, default: 61,"), 3,
     "default: 61 is out of range; allowed: 0 to 60"),
    ("question-when-later-answer.yaml", edit("{id: years, type: integer, min: 0,",
                                             "{id: years, type: integer, when: {fact: interests, op: contains, value: writing}, min: 0,"), 3,
     "'when' may only use answers to earlier questions"),
    ("thresholds-unsorted.yaml", edit("  - {label: good, label_zh: \"较高\", min: 0.5}\n  - {label: stretch, label_zh: \"偏低\", min: 0}\n",
                                      "  - {label: stretch, label_zh: \"偏低\", min: 0}\n  - {label: good, label_zh: \"较高\", min: 0.5}\n"), 3,
     "fit_thresholds must be listed from the highest minimum down"),
    ("thresholds-last-not-zero.yaml", edit("{label: stretch, label_zh: \"偏低\", min: 0}", "{label: stretch, min: 0.1}"), 3,
     "the last fit threshold must have min 0"),
    ("schema-version-2.yaml", edit("schema_version: 1\n", "schema_version: 2\n"), 3, "schema_version must be 1, got 2"),
    ("transition-unknown-end.yaml", edit("    to: content-operation\n", "    to: content-op\n"), 3,
     "unknown family or role 'content-op' (did you mean 'content-operation'?)"),
    ("transition-self-loop.yaml", edit("    to: content-operation\n", "    to: promotion\n"), 3,
     "a transition must lead somewhere else than where it starts"),
    ("case-missing-lesson.yaml", edit("    lesson: {text: Both work together., text_zh: \"两者一起发挥作用。\", why: The case shows both at work., why_zh: \"这个案例里两者都在起作用。\"}\n", ""), 3, "case is missing required key 'lesson'"),
    # Basis: every piece of content says what it stands on.
    ("basis-need-without-basis.yaml", edit("{skill: copywriting, importance: 3, level: 3, why: Content is written., why_zh: \"内容要靠写。\"}",
                                           "{skill: copywriting, importance: 3, level: 3}"), 3,
     ":57:9: roles[1].skills[0]: the need for skill 'copywriting' has no basis: give 'source'"),
    ("basis-article-without-source.yaml", edit("goal: {text: Keep users., text_zh: \"留住用户。\", source: make users stay}",
                                               "goal: {text: Keep users., basis: article}"), 3,
     ":17:5: families[1].goal: cited text has basis 'article' but no 'source': quote the article text that supports it"),
    ("basis-reading-without-why.yaml", edit("because: {text: You like words or people., text_zh: \"你喜欢文字或和人打交道。\", basis: reading, why: A liking points to a track., why_zh: \"喜好指向一个方向。\"}",
                                            "because: {text: You like words or people., basis: reading}"), 3,
     "a rule's 'because' is promo-ops' reading but has no 'why': say briefly why the project reads it so"),
    ("basis-reading-with-source.yaml", edit("lesson: {text: Both work together., text_zh: \"两者一起发挥作用。\", why: The case shows both at work., why_zh: \"这个案例里两者都在起作用。\"}",
                                            "lesson: {text: Both work together., basis: reading, why: Both., source: making money calendar}"), 3,
     ":76:69: cases[0].lesson.source: lesson is a reading, so it cannot quote the article as its 'source'"),
    ("basis-article-with-why.yaml", edit("definition: {text: Advertising., text_zh: \"打广告。\", source: \"Simply understood, promotion is advertising.\"}",
                                         "definition: {text: Advertising., source: \"Simply understood, promotion is advertising.\", why: Obvious.}"), 3,
     "families[0].definition.why: cited text cites the article; a 'why' belongs to a reading"),
    ("basis-unknown-value.yaml", edit("lesson: {text: Both work together., text_zh: \"两者一起发挥作用。\", why: The case shows both at work., why_zh: \"这个案例里两者都在起作用。\"}",
                                      "lesson: {text: Both work together., basis: readng, why: Both.}"), 3,
     "cases[0].lesson.basis: basis must be 'article' or 'reading', got 'readng' (did you mean 'reading'?)"),
    ("basis-transfer-bare-id.yaml", edit("    advice: [{text: Copywriters can do content operation., text_zh: \"会写文案的人能做内容运营。\", source: writing their own promotion copy}]\n",
                                         "    advice: [{text: Copywriters can do content operation., text_zh: \"会写文案的人能做内容运营。\", source: writing their own promotion copy}]\n"
                                         "    transfers: [copywriting]\n"), 3,
     ":69:17: transitions[0].transfers[0]: skill 'copywriting' is listed without a basis"),
    ("basis-practise-first-without-basis.yaml", edit("    advice: [{text: Copywriters can do content operation., text_zh: \"会写文案的人能做内容运营。\", source: writing their own promotion copy}]\n",
                                                     "    advice: [{text: Copywriters can do content operation., text_zh: \"会写文案的人能做内容运营。\", source: writing their own promotion copy}]\n"
                                                     "    practise_first: [{skill: content-planning}]\n"), 3,
     "transitions[0].practise_first[0]: skill 'content-planning' has no basis"),
    ("basis-transition-summary-without-basis.yaml", edit("    summary_zh: \"自己写文案。\"\n    source: writing their own promotion copy\n",
                                                         "    summary_zh: \"自己写文案。\"\n"), 3,
     "transitions[0]: transition (its verdict and summary) has no basis"),
    ("basis-case-step-without-source.yaml", edit("{stage: Product, stage_zh: \"产品\", text: The calendar., text_zh: \"日历。\", source: the product is the production calendar}",
                                                 "{stage: Product, text: The calendar.}"), 3,
     "cases[0].steps[0]: case step has no basis"),
    ("basis-scope-without-basis.yaml", "meta: {scope: {text: Too big.}}\n" + BASE, 3,
     "meta.scope: scope caveat has no basis"),
    ("basis-lesson-plain-text.yaml", edit("lesson: {text: Both work together., text_zh: \"两者一起发挥作用。\", why: The case shows both at work., why_zh: \"这个案例里两者都在起作用。\"}",
                                          "lesson: Both work together."), 3,
     "cases[0].lesson: expected a mapping (lesson), got 'Both work together.'"),
    ("basis-note-without-basis.yaml", edit("effects: [{plan: [content-operation]}]", "effects: [{note: Words matter.}]"), 3,
     "rules[1].effects[0]: note has no basis"),
    ("basis-skill-description-without-basis.yaml",
     edit("    description_zh: \"写能卖货的文字。\"\n    source: writing their own promotion copy\n",
          "    description_zh: \"写能卖货的文字。\"\n"), 3,
     ":21:5: skills[0]: skill 'copywriting' (its description) has no basis"),
    ("basis-exercise-without-basis.yaml", edit("{text: Write your own ad copy., text_zh: \"自己写广告文案。\", source: writing their own ideas}",
                                               "{text: Write your own ad copy.}"), 3,
     ":27:17: skills[0].exercises[0]: exercise has no basis"),
    ("basis-prerequisite-bare-id.yaml", edit("prerequisites: [{skill: copywriting, why: Planning needs writing., why_zh: \"策划要先会写。\"}]",
                                             "prerequisites: [copywriting]"), 3,
     ":36:21: skills[1].prerequisites[0]: skill 'copywriting' is listed without a basis"),
    ("basis-class-role-bare-id.yaml", edit("    classifications: []\n  - id: operation\n",
                                           "    classifications:\n      - {id: paid, name: Paid, name_zh: 付费, "
                                           "source: paid promotion, classes: [{id: paid, name: Paid, name_zh: 付费, "
                                           "roles: [sem]}]}\n  - id: operation\n"), 3,
     ":13:123: families[0].classifications[0].classes[0].roles[0]: role 'sem' is listed without a basis"),
    ("basis-class-role-reading-without-why.yaml",
     edit("    classifications: []\n  - id: operation\n",
          "    classifications:\n      - {id: paid, name: Paid, name_zh: 付费, source: paid promotion, classes: "
          "[{id: paid, name: Paid, name_zh: 付费, roles: [{role: sem, basis: reading}]}]}\n  - id: operation\n"), 3,
     "role 'sem' is promo-ops' reading but has no 'why'"),
    ("rule-score-without-why.yaml", edit("{score: 0.1, tracks: [content-operation], why: A small nudge., why_zh: \"小幅加分。\"}",
                                         "{score: 0.1, tracks: [content-operation]}"), 3,
     ":104:15: rules[0].effects[0]: a score effect needs a 'why': the size of an adjustment is promo-ops' reading"),
    ("rule-score-basis-article.yaml", edit("{score: 0.1, tracks: [content-operation], why: A small nudge., why_zh: \"小幅加分。\"}",
                                           "{score: 0.1, tracks: [content-operation], why: A small nudge., basis: article}"), 3,
     "rules[0].effects[0].basis: the size of a score effect is promo-ops' reading, never the article's"),
    ("rule-effect-on-post.yaml", edit("    kind: track\n", "    kind: post\n"), 3,
     ":104:37: rules[0].effects[0].tracks[0]: 'content-operation' is a post: posts are listed under their track and never ranked"),
    ("rule-plan-empty.yaml", edit("effects: [{plan: [content-operation]}]", "effects: [{plan: []}]"), 3,
     "rules[1].effects[0].plan: 'plan' takes a non-empty list of tracks"),
    ("rule-plan-unknown-track.yaml", edit("effects: [{plan: [content-operation]}]", "effects: [{plan: [content-ops]}]"), 3,
     "unknown role 'content-ops' (did you mean 'content-operation'?)"),
    ("question-interest-choice-unused.yaml",
     edit("{any: [{fact: interests, op: contains, value: writing}, {fact: interests, op: contains, value: people}]}",
          "{fact: interests, op: contains, value: writing}"), 3,
     ":96:64: questions[4].choices[1].value: interests choice 'people' is tested by no rule"),
    ("rule-stated-skill-fact-unknown.yaml", edit("{fact: skill.copywriting, op: gte, value: 2}",
                                                 "{fact: stated.skill.copywritng, op: gte, value: 2}"), 3,
     "unknown fact 'stated.skill.copywritng' (did you mean 'stated.skill.copywriting'?)"),
    ("control-characters-stripped.yaml", edit("    name: Copywriting\n", "    name: \"Copy\\e[31mwriting\\a\"\n"), 0,
     "valid: 2 families"),
    # Second hardening round: values that hide, forge or overflow.
    ("id-trailing-newline.yaml", edit("  - id: sem\n", '  - id: "sem\\n"\n'), 3,
     "expected an id in lower case with hyphens"),
    ("huge-integer.yaml", edit("{skill: copywriting, importance: 2, level: 1, source: writing their own ideas}",
                               "{skill: copywriting, importance: " + "9" * 5000
                               + ", level: 1, source: writing their own ideas}"), 3,
     "has 5,000 digits; the limit is 20"),
    ("bidi-and-zero-width-text.yaml", edit("name: Paid search specialist", 'name: "Paid \\u202esearch\\u200b specialist"'),
     0, "valid: 2 families, 2 roles, 2 skills"),
]

ANSWER_CASES: List[Tuple[str, Content, int, str]] = [
    ("valid.yaml", "current_role: sem\nyears: 2\nskills: {copywriting: 2}\n", 0, ""),
    ("valid-bom.json", "\ufeff" + json.dumps({"current_role": "sem"}), 0, ""),
    ("unknown-key.yaml", "current_role: sem\nyeras: 3\n", 2, ":2:1: yeras: unknown key 'yeras' (did you mean 'years'?)"),
    ("unknown-key.json", json.dumps({"current_role": "sem", "skils": {}}), 2, "unknown key 'skils' (did you mean 'skills'?)"),
    ("misspelt-skill.yaml", "current_role: sem\nskills: {copywritng: 2}\n", 2,
     ":2:10: bad answer to 'skills': unknown skill 'copywritng' (did you mean 'copywriting'?)"),
    ("level-out-of-range.yaml", "current_role: sem\nskills:\n  copywriting: 5\n", 2,
     ":3:3: bad answer to 'skills': level 5 for skill 'copywriting' is not 0-3"),
    ("level-negative.json", json.dumps({"current_role": "sem", "skills": {"copywriting": -1}}), 2,
     "level -1 for skill 'copywriting' is not 0-3"),
    ("level-word.yaml", "current_role: sem\nskills: {copywriting: expert}\n", 2,
     "level 'expert' for skill 'copywriting' is not 0-3"),
    ("years-text.yaml", "current_role: sem\nyears: three\n", 2, "bad answer to 'years': 'three' is not a whole number"),
    ("years-negative.yaml", "current_role: sem\nyears: -2\n", 2, "-2 is out of range; allowed: 0 to 60"),
    ("years-fraction.yaml", "current_role: sem\nyears: 2.5\n", 2, "bad answer to 'years': 2.5 is not a whole number"),
    ("years-bool.yaml", "current_role: sem\nyears: yes\n", 2, "bad answer to 'years': True is not a whole number"),
    ("role-unknown.yaml", "current_role: sme\n", 2, "'sme' is not one of the allowed values"),
    ("role-list.yaml", "current_role: [sem, seo]\n", 2, "bad answer to 'current_role': a list is not one of"),
    ("role-missing.yaml", "years: 3\n", 2, "missing answer: current_role (--role)"),
    ("company-unknown.yaml", "current_role: sem\ncompany_type: startup\n", 2,
     "'startup' is not one of the allowed values: product, marketing, small"),
    ("target-unknown.yaml", "current_role: sem\ntarget: operations\n", 2, "(did you mean 'operation'?)"),
    ("interests-unknown.yaml", "current_role: sem\ninterests: [writing, cooking]\n", 2,
     "'cooking' is not one of the allowed values"),
    ("interests-mapping.yaml", "current_role: sem\ninterests: {writing: true}\n", 2, "a mapping is not a list"),
    ("skills-bad-form.yaml", "current_role: sem\nskills: [copywriting]\n", 2, "'copywriting' is not of the form SKILL=LEVEL"),
    ("skills-number.yaml", "current_role: sem\nskills: 3\n", 2, "3 is not a mapping of skill ids to levels 0-3"),
    ("list-document.yaml", "- current_role: sem\n", 2, "an answers file must be a mapping of question ids to answers"),
    ("scalar-document.yaml", "sem\n", 2, "an answers file must be a mapping"),
    ("empty.yaml", "", 2, "the file is empty"),
    ("syntax-error.yaml", "current_role: [sem\n", 2, "YAML syntax error"),
    ("syntax-error.json", '{"current_role": "sem" "years": 2}', 2, "YAML syntax error"),
    ("duplicate-key.yaml", "current_role: sem\ncurrent_role: seo\n", 2, "duplicate key 'current_role'"),
    ("duplicate-key.json", '{"current_role": "sem", "current_role": "seo"}', 2, "duplicate key 'current_role'"),
    ("python-tag.yaml", "current_role: !!python/object/apply:os.system [echo pwned]\n", 2, "is not allowed"),
    ("alias-bomb.yaml", BOMB, 2, "too many alias expansions"),
    ("invalid-utf8.yaml", b"current_role: s\xe9m\n", 2, ":1:16: not valid UTF-8 (byte 0xe9)"),
    ("binary-junk.yaml", bytes(range(255, -1, -1)) * 4, 2, "not valid UTF-8"),
    ("deep-nesting.yaml", "current_role: sem\nskills: " + "[" * 80 + "]" * 80 + "\n", 2, "nesting is deeper than 64 levels"),
    ("terminal-escape-in-value.json", json.dumps({"current_role": "\u001b[2J\u001b[31msem"}), 2,
     "is not one of the allowed values"),
    ("huge-integer.yaml", "current_role: sem\nyears: " + "9" * 5000 + "\n", 2, "has 5,000 digits; the limit is 20"),
    ("huge-integer.json", '{"current_role": "sem", "years": ' + "9" * 5000 + "}", 2, "has 5,000 digits; the limit is 20"),
    ("deep-nesting.json", '{"current_role": "sem", "skills": ' + "[" * 1000 + "]" * 1000 + "}", 2,
     "nesting is deeper than 64 levels"),
    ("bidi-override-role.json", json.dumps({"current_role": "s\u202eem"}), 2, "'s\\u202eem' is not one of the allowed values"),
    ("zero-width-role.yaml", "current_role: \"sem\\u200b\"\n", 2, "'sem\\u200b' is not one of the allowed values"),
    ("newline-in-role.json", json.dumps({"current_role": "sem\npromo-ops: OK: saved"}), 2,
     "'sem\\npromo-ops: OK: saved' is not one of the allowed values"),
    ("arabic-indic-digit.yaml", "current_role: sem\nyears: \"\u0663\"\n", 2, "is not a whole number"),
    ("full-width-digit.yaml", "current_role: sem\nyears: \"\uff13\"\n", 0, '"years": 3'),
]

BATCH_CASES: List[Tuple[str, Content, int, str]] = [
    ("mixed-rows.jsonl", "\n".join([
        json.dumps({"current_role": "sem"}),
        json.dumps({"current_role": "semm"}),
        "{\"current_role\": \"sem\"",
        json.dumps({"current_role": "seo", "yeras": 2}),
        json.dumps(["sem"]),
        json.dumps({"current_role": "seo", "skills": {"copywriting": 9}}),
        json.dumps({"current_role": "seo", "current_role ": "x"}),
        '{"current_role": "sem", "current_role": "seo"}',
        json.dumps({"current_role": "\u001b[31mseo"}),
        json.dumps({"current_role": "editor"}),
    ]) + "\n", 2, "8 of 10 rows failed"),
    ("mixed-rows.csv", "current_role,years,interests,skills\nsem,2,writing,copywriting=2\nsemm,2,,\nseo,two,,\n"
     "seo,1,cooking,\nseo,1,,copywriting=7\nseo,1\n\"editor\",0,people;writing,\n", 2, "4 of 7 rows failed"),
    ("bad-header.csv", "current_role,yeras\nsem,2\n", 0,
     "bad-header.csv:1: ignoring columns that name no question: 'yeras' (did you mean 'years'?)"),
    ("duplicate-column.csv", "current_role,current_role\nsem,seo\n", 2,
     "columns 'current_role' and 'current_role' both give 'current_role'"),
    ("no-role-column.csv", "years,interests\n2,writing\n", 2, ":1: no column gives current_role"),
    ("long-row.csv", "current_role,years\nsem,2,extra\nseo,1,,\n", 2, "long-row.csv:2: the record has 3 cells; the header has 2"),
    ("gb18030.csv", "current_role,company_type\nsem,小公司\n".encode("gb18030"), 2,
     "gb18030.csv:2:7: not valid UTF-8 (byte 0xb9); a CSV saved by Excel on Chinese Windows is GB18030: "
     "add --encoding gb18030"),
    ("empty.jsonl", "", 0, ""),
    ("blank-lines-only.jsonl", "\n\n  \n", 0, ""),
    ("invalid-utf8.jsonl", b'{"current_role": "s\xffm"}\n', 2, "not valid UTF-8"),
    ("huge-integer.jsonl", '{"current_role": "sem"}\n{"current_role": "sem", "years": ' + "9" * 5000 + "}\n", 2,
     "has 5,000 digits; the limit is 20"),
    ("deep-nesting.jsonl", '{"current_role": "sem", "skills": ' + "[" * 1000 + "]" * 1000 + "}\n", 2,
     "nesting is deeper than 64 levels"),
]

SUITES: Dict[str, List[Tuple[str, Content, int, str]]] = {
    "kb": KB_CASES, "answers": ANSWER_CASES, "batch": BATCH_CASES,
}


def render() -> Dict[str, bytes]:
    files: Dict[str, bytes] = {}
    manifest = ["# file\texit code\tmessage fragment (written by make_corpus.py)"]
    for suite, cases in SUITES.items():
        for name, content, code, fragment in cases:
            path = f"{suite}/{name}"
            if path in files:
                raise SystemExit(f"two corpus cases are named {path}")
            files[path] = content if isinstance(content, bytes) else content.encode("utf-8")
            manifest.append(f"{path}\t{code}\t{fragment}")
    files["MANIFEST.tsv"] = ("\n".join(manifest) + "\n").encode("utf-8")
    return files


def main() -> int:
    for path, data in render().items():
        target = os.path.join(HERE, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)
    print(f"wrote {sum(len(c) for c in SUITES.values())} cases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
