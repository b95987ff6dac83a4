"""Synthetic knowledge bases for the benchmark: N roles, M skills, R rules, shaped like the real one.

Used only by benchmarks/run.py. Standard library only; the questions are
taken from the installed promo-ops' built-in knowledge base so that the same
answers files work. Output is JSON, which the YAML loader reads as it is.

    python benchmarks/synth.py 100 > kb-100x.json     # 100 times the built-in size
"""

from __future__ import annotations

import json
import random
import sys
from typing import Any, Dict, List

BUILTIN = {"roles": 19, "skills": 17, "rules": 21}
INTERESTS = ["writing", "people", "product", "events", "selling"]
MOTIVES = ["no-growth", "tiring"]


def _questions() -> List[Dict[str, Any]]:
    from promo_ops import knowledge

    kb = knowledge.load(knowledge.builtin_path(), use_cache=False)
    out = []
    for q in kb.questions:
        item: Dict[str, Any] = {"id": q.id, "type": q.type, "prompt": {"en": q.prompt_en, "zh": q.prompt_zh},
                                "help": q.help, "help_zh": q.help_zh}
        if q.choices:
            item["choices"] = [{"value": c.value, "label": {"en": c.label_en, "zh": c.label_zh}} for c in q.choices]
        for key in ("choices_from", "min", "max"):
            if getattr(q, key) is not None:
                item[key] = getattr(q, key)
        if q.required:
            item["required"] = True
        if q.default not in (None, (), {}):
            item["default"] = list(q.default) if isinstance(q.default, tuple) else q.default
        out.append(item)
    return out


def make(scale: int, seed: int = 7) -> Dict[str, Any]:
    rnd = random.Random(seed)
    n_roles, n_skills, n_rules = (BUILTIN[k] * scale for k in ("roles", "skills", "rules"))
    skills = []
    for i in range(n_skills):
        skill: Dict[str, Any] = {"id": f"s{i:05d}", "name": f"Skill {i}", "name_zh": f"技能{i}",
                                 "description": "A synthetic skill.", "description_zh": "合成的技能。",
                                 "why": "A synthetic skill.", "why_zh": "合成的技能。",
                                 "exercises": [{"text": f"Practise skill {i}.", "text_zh": f"练习技能{i}。",
                                                "why": "A synthetic exercise.", "why_zh": "合成的练习。"}],
                                 "levels": {"why": "A synthetic reading.", "why_zh": "合成的解读。",
                                            **{n: {"en": f"Level {n}.", "zh": f"水平{n}。"} for n in (1, 2, 3)}}}
        if i % 5:
            skill["prerequisites"] = [{"skill": f"s{i - 1:05d}", "why": "A synthetic order.", "why_zh": "合成的顺序。"}]
        skills.append(skill)
    roles = []
    for i in range(n_roles):
        family = "promotion" if i % 2 == 0 else "operation"
        kind = "role" if family == "promotion" else ("post" if i % 6 == 5 else "track")
        # Roles cluster around neighbouring skills, as real ones share a field's skills.
        base = (i * n_skills) // n_roles
        picks = sorted({(base + rnd.randrange(0, 12)) % n_skills for _ in range(rnd.randint(3, 6))})
        role: Dict[str, Any] = {
            "id": f"r{i:05d}", "family": family, "kind": kind, "name": f"Role {i}", "name_zh": f"岗位{i}",
            "summary": "A synthetic role.", "summary_zh": "合成的岗位。",
            "skills": [{"skill": f"s{p:05d}", "importance": rnd.randint(1, 3), "level": rnd.randint(1, 3),
                        "why": "Synthetic.", "why_zh": "合成。"} for p in picks],
        }
        if kind == "post":
            role["related"] = [f"r{i - 1:05d}"]
        roles.append(role)
    movable = [r["id"] for r in roles if r["kind"] != "post"]
    rules = []
    for i in range(n_rules):
        kind = i % 3
        if i == 0:  # every motive choice is tested by some rule, as the validator asks
            when: Dict[str, Any] = {"any": [{"fact": "motives", "op": "contains", "value": m} for m in MOTIVES]}
        elif kind == 0:  # and every interest choice, in turn
            when = {"fact": "interests", "op": "contains", "value": INTERESTS[(i // 3) % len(INTERESTS)]}
        elif kind == 1:
            when = {"all": [{"fact": "current_family", "op": "eq", "value": rnd.choice(["promotion", "operation"])},
                            {"fact": f"skill.s{rnd.randrange(n_skills):05d}", "op": "gte", "value": rnd.randint(1, 3)}]}
        else:
            when = {"any": [{"fact": "company_type", "op": "eq", "value": rnd.choice(["product", "marketing", "small"])},
                            {"fact": "years", "op": "gte", "value": rnd.randint(1, 10)}]}
        effects: List[Dict[str, Any]] = [{"score": round(rnd.uniform(0.02, 0.2), 2),
                                          "tracks": sorted(set(rnd.sample(movable, 3))), "why": "Synthetic.",
                                          "why_zh": "合成。"}]
        if i % 4 == 0:
            effects.append({"practise": [f"s{rnd.randrange(n_skills):05d}"]})
        if i % 5 == 0:
            effects.append({"note": f"Synthetic note {i}.", "note_zh": f"合成的备注{i}。",
                            "why": "Synthetic.", "why_zh": "合成。"})
        rules.append({"id": f"rule-{i:05d}", "when": when, "effects": effects,
                      "because": {"text": f"Synthetic reason {i}.", "text_zh": f"合成的理由{i}。", "source": "synthetic"}})
    cited = {"text": "Synthetic.", "text_zh": "合成。", "source": "synthetic"}
    return {
        "schema_version": 1,
        "fit_thresholds": [{"label": "strong", "label_zh": "高", "min": 0.75},
                           {"label": "good", "label_zh": "较高", "min": 0.55},
                           {"label": "possible", "label_zh": "一般", "min": 0.35},
                           {"label": "stretch", "label_zh": "偏低", "min": 0.0}],
        "families": [{"id": f, "name": f.title(), "name_zh": zh, "definition": cited, "goal": cited,
                      "focus": cited, "classifications": []} for f, zh in (("promotion", "推广"), ("operation", "运营"))],
        "skills": skills,
        "roles": roles,
        "transitions": [{"id": "promotion-to-operation", "from": "promotion", "to": "operation", "verdict": "yes",
                         "verdict_zh": "可以", "summary": "Synthetic.", "summary_zh": "合成。", "source": "synthetic",
                         "advice": [cited],
                         "same_work": [{"role": movable[3], "text": "Synthetic.", "text_zh": "合成。",
                                        "source": "synthetic"}]}],
        "questions": _questions(),
        "rules": rules,
    }


def main(argv: List[str]) -> int:
    scale = int(argv[1]) if len(argv) > 1 else 1
    json.dump(make(scale), sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
