"""The advise interview: what is asked, in what order, and what each typed line means.

The terminal is injected: a Prompter shows Screens (plain records) and reads
lines; nothing here imports Rich or reads a terminal, so every step of the
interview can be driven by a test that types lines.

Two ways in, as the CLI decides:
- the full interview (bare `promo-ops advise` in a terminal): every question,
  then the skills step (what the role assumes, confirmed or changed, then a
  few skills that matter for the tracks one could move into, each rated on
  its described levels), then a recap where any answer can be changed;
- only what is missing (some answers given as flags or in a file): just the
  required questions nobody answered.

Every answer still goes through questions.coerce, the validator flags and
files go through.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional, Protocol, Set, Tuple

from promo_ops import questions
from promo_ops.messages import N_, _, pick, translate
from promo_ops.model import ARTICLE, KnowledgeBase, Profile, Question, Skill
from promo_ops.record import Record

MAX_SKILL_QUESTIONS = 8
SKIP = "s"

# Short names for the recap; the knowledge base's prompts are whole questions.
SHORT = {
    "current_role": N_("Role"),
    "years": N_("Years in it"),
    "company_type": N_("Company"),
    "target": N_("Move to"),
    "interests": N_("Interests"),
    "motives": N_("Why you move"),
}
NONE_TEXT = ("Have not done this.", "没做过。")


class Option(Record):
    """One numbered line of a menu: what to type (key), a short label, and its text in both languages."""

    __slots__ = ("key", "label", "text", "text_zh", "mark")
    _defaults = {"label": "", "text": "", "text_zh": "", "mark": ""}

    key: str
    label: str
    text: str
    text_zh: str
    mark: str  # "you said", "assumed", ...: shown beside the option


class Screen(Record):
    """What one question shows before its prompt line."""

    __slots__ = ("title", "title_zh", "lines", "options", "footer", "described")
    _defaults = {"title_zh": "", "lines": (), "options": (), "footer": "", "described": False}

    title: str
    title_zh: str
    lines: Tuple[str, ...]
    options: Tuple[Option, ...]
    footer: str
    described: bool  # options carry sentences (text, then text_zh beneath), not names


class Prompter(Protocol):
    def show(self, screen: Screen) -> None:
        """Show a question: its title, lines and numbered options."""

    def read(self, hint: str) -> str:
        """One line typed, stripped. Raises errors.Interrupted on Ctrl-C or end of input."""

    def tell(self, text: str, kind: str = "note") -> None:
        """A line for the person: kind is 'error', 'help' or 'note' ('' prints a blank line)."""


def YOU_SAID() -> str:
    """The mark of an answer the person gave (the prompter styles it)."""
    return _("you said")


def _hint(now: str) -> str:
    return _("({now}; ? for help)").format(now=now)


class _Again(Exception):
    """The line typed means nothing here; say why and read another."""


class Interview:
    def __init__(self, kb: KnowledgeBase, prompter: Prompter, *, full: bool):
        self.kb = kb
        self.p = prompter
        self.full = full
        self.values: Dict[str, Any] = {}
        self.given: Set[str] = set()  # question ids the person answered (not Enter for the default)
        self.asked_skills: List[str] = []  # skills the skills step asked about, in order
        self.asked = False  # whether anything was asked at all
        self.candidates: List[Any] = []  # the tracks the skills step asks for

    # --- the whole session -------------------------------------------------------------

    def resolve(self, flags: Mapping[str, Any], file_answers: Optional[Mapping[str, Any]] = None,
                file_doc: Any = None, file_name: str = "") -> Profile:
        profile = questions.resolve(self.kb, flags, file_answers, self.ask, file_doc=file_doc, file_name=file_name)
        if self.full:
            profile = self.recap(profile)
        return profile

    def ask(self, q: Question, default: Any, error: Optional[str]) -> Any:
        """The `ask` callable questions.resolve() calls for each question not answered otherwise."""
        if not self.full and not q.required:
            return None
        if q.type == "skills":
            stated = self.skills_step()
            if stated:
                self.given.add(q.id)
            return stated or None
        raw = self.question(q, default, error)
        if raw is not None:
            self.given.add(q.id)
            try:
                self.values[q.id] = questions.coerce(q, raw, roles=self.kb.roles, skills=self.kb.skills, families=self.kb.families)
            except questions.AnswerError:
                pass  # resolve() reports it and asks again
        else:
            self.values[q.id] = default
        return raw

    # --- one question of the knowledge base ------------------------------------------

    def question(self, q: Question, default: Any, error: Optional[str]) -> Any:
        shown = self.menu(q)
        options = [o for o in shown if o.key]
        if error:
            self.p.tell(error, "error")
        else:
            self.asked = True
            self.p.show(Screen(q.prompt_en, q.prompt_zh, (), tuple(shown)))
        now = _("required") if q.required and default is None else self.show_value(q, default, short=True)
        hint = _hint(now)
        while True:
            line = self.p.read(hint)
            if line == "?":
                self.p.tell(q.tr("help"), "help")
                self.p.show(Screen(q.prompt_en, q.prompt_zh, (), tuple(shown)))
                continue
            if line == "":
                return None
            try:
                return self.from_menu(q, line, options)
            except _Again as exc:
                self.p.tell(str(exc), "error")

    def menu(self, q: Question) -> List[Option]:
        """A question's numbered options; roles come under a heading (an option without a key) per family."""
        if q.choices_from != "roles":
            return self.options(q)
        out: List[Option] = []
        family = None
        for option in self.options(q):
            role = self.kb.roles[option.label]
            if role.family != family:
                family = role.family
                fam = self.kb.families.get(family)
                out.append(Option("", fam.name if fam else family, "", fam.name_zh if fam else ""))
            out.append(option)
        return out

    def options(self, q: Question) -> List[Option]:
        if q.type not in ("choice", "multi"):
            return []
        if q.choices_from == "roles":
            pairs = [(r.id, r.name, r.name_zh) for r in self.kb.roles.values()]
        elif q.choices_from == "skills":
            pairs = [(s.id, s.name, s.name_zh) for s in self.kb.skills.values()]
        else:
            pairs = [(c.value, c.label_en, c.label_zh) for c in q.choices]
        return [Option(str(i), value, en, zh) for i, (value, en, zh) in enumerate(pairs, 1)]

    def from_menu(self, q: Question, line: str, options: List[Option]) -> Any:
        """Numbers pick from the menu (a number outside it says the range); a label shown is taken
        as its value; anything else goes to the validator as typed."""
        def one(token: str) -> str:
            if token.isdigit():
                if 1 <= int(token) <= len(options):
                    return options[int(token) - 1].label
                if not options:
                    raise _Again(_("'{token}' is not a choice").format(token=token))
                raise _Again(_("choose {first}-{last}").format(first=1, last=len(options)))
            folded = token.casefold()
            for o in options:
                if folded in (o.label.casefold(), o.text.casefold(), o.text_zh.casefold()):
                    return o.label
            return token

        if q.type == "choice":
            return one(line) if options else line
        if q.type == "multi":
            if options and any(o.text.casefold() == line.casefold() or o.text_zh == line for o in options):
                return [one(line)]
            return [one(p) for p in re.split(r"[\s,，、]+", line) if p]
        return line

    def show_value(self, q: Question, value: Any, short: bool = False) -> str:
        if value in (None, (), [], {}):
            return _("not said") if q.type == "choice" else _("none")
        if short:
            return ", ".join(value) if q.type == "multi" else str(value)
        if q.choices_from == "roles":
            role = self.kb.roles.get(value)
            return f"{role.tr('name')} ({value})" if role else str(value)
        if q.type == "choice":
            return next((pick(c.label_en, c.label_zh) for c in q.choices if c.value == value), str(value))
        if q.type == "multi":
            labels = {c.value: pick(c.label_en, c.label_zh) for c in q.choices}
            return ", ".join(labels.get(v, v) for v in value)
        return str(value)

    # --- the skills step --------------------------------------------------------------

    def assumed(self, role_id: str) -> List[Tuple[str, int]]:
        """The skills a role assumes, most important first (then as listed)."""
        role = self.kb.roles.get(role_id)
        if role is None:
            return []
        needs = list(role.skills)
        return [(n.skill, n.level) for n in sorted(needs, key=lambda n: -n.importance)]

    def to_ask(self, role_id: str, target: Optional[str], already: Mapping[str, int]) -> List[str]:
        """Skills that matter for the tracks one could move into and that the role does not cover:
        weighted by importance x level over those tracks, most weight first, at most a handful."""
        from promo_ops import facts
        from promo_ops.advisor import engine_for

        role = self.kb.roles.get(role_id)
        if role is None:
            return []
        family = facts.target_family(self.kb, role.family, target)
        covered = set(role.needs())
        weight: Dict[str, int] = {}
        self.candidates = engine_for(self.kb).candidates(role_id, family)
        for track in self.candidates:
            for need in track.skills:
                if need.skill not in covered and need.skill not in already:
                    weight[need.skill] = weight.get(need.skill, 0) + need.importance * need.level
        order = list(self.kb.skills)
        ranked = sorted(weight, key=lambda sid: (-weight[sid], order.index(sid)))
        return ranked[:MAX_SKILL_QUESTIONS]

    def skills_step(self) -> Dict[str, int]:
        role_id = self.values.get("current_role") or ""
        role = self.kb.roles.get(role_id)
        stated: Dict[str, int] = {}
        assumed = self.assumed(role_id)
        q = self.kb.question("skills")
        if assumed and role is not None:
            self.asked = True
            while True:
                self.p.show(self.assumed_screen(role.name, role.name_zh, assumed, stated, q))
                if self.assumed_answer(assumed, stated, q):
                    break
        queue = self.to_ask(role_id, self.values.get("target") or "auto", stated)
        for i, sid in enumerate(queue, 1):
            if sid in stated:
                continue  # given meanwhile in the skill=level form
            self.asked_skills.append(sid)
            level = self.level_question(sid, 0, progress=(i, len(queue)), stated=stated)
            if level == SKIP:
                break
            if level is not None:
                stated[sid] = level
        return stated

    def assumed_screen(self, name: str, name_zh: str, assumed: List[Tuple[str, int]],
                       stated: Mapping[str, int], q: Question) -> Screen:
        options = []
        for i, (sid, level) in enumerate(assumed, 1):
            skill = self.kb.skills[sid]
            now = stated.get(sid, level)
            options.append(Option(str(i), f"{skill.name}  {skill.name_zh}", self.level_label(now), "",
                                  YOU_SAID() if sid in stated else ""))
        extra = [sid for sid in stated if sid not in dict(assumed)]
        lines = [_("Your role, {name} ({name_zh}), assumes you have:").format(name=name, name_zh=name_zh)]
        footer = _("Enter if that is right; a number to change that skill; or type skill=level.")
        if extra:
            said = ", ".join(f"{self.kb.skills[s].tr('name')} {self.level_label(stated[s])}" for s in extra)
            footer = _("You also said: {skills}.").format(skills=said) + "\n" + footer
        return Screen(q.prompt_en, q.prompt_zh, tuple(lines), tuple(options), footer)

    def assumed_answer(self, assumed: List[Tuple[str, int]], stated: Dict[str, int], q: Question) -> bool:
        """True when the person confirms; False once a change was made (the list is then shown again)."""
        while True:
            try:
                return self._assumed_line(assumed, stated, q)
            except _Again as exc:
                self.p.tell(str(exc), "error")

    def _assumed_line(self, assumed: List[Tuple[str, int]], stated: Dict[str, int], q: Question) -> bool:
        while True:
            line = self.p.read(_hint(_("Enter: that is right")))
            if line == "?":
                self.p.tell(q.tr("help"), "help")
                continue
            if line == "":
                return True
            if line.isdigit():
                n = int(line)
                if not 1 <= n <= len(assumed):
                    raise _Again(_("choose {first}-{last}, or press Enter if that is right")
                                 .format(first=1, last=len(assumed)))
                sid, level = assumed[n - 1]
                got = self.level_question(sid, stated.get(sid, level), stated=stated)
                if got is not None and got != SKIP:
                    stated[sid] = got
                return False
            if "=" in line:
                stated.update(self.old_form(line))
                return False
            raise _Again(_("type a number to change that skill, skill=level, or press Enter if that is right"))

    def level_label(self, level: int) -> str:
        return f"{level} {self.kb.level_name(level)}".strip()

    def level_screen(self, skill: Skill, progress: Optional[Tuple[int, int]], skip: bool) -> Screen:
        title = (_("Skill {n} of {total}: {name}").format(n=progress[0], total=progress[1], name=skill.name)
                 if progress else skill.name)
        options = [Option("0", self.kb.level_name(0) or "none", *NONE_TEXT)]
        for level in (1, 2, 3):
            text = skill.levels.get(level)
            options.append(Option(str(level), self.kb.level_name(level) or str(level),
                                  text.en if text else "", text.zh if text else ""))
        if skip:
            options.append(Option(SKIP, _("skip"), _("Skip the rest of the skill questions (their levels stay assumed).")))
        # A description that is promo-ops' reading says so, as everywhere else it is shown.
        text = skill.tr("description")
        described = text if skill.basis == ARTICLE else _("promo-ops' reading: {text}").format(text=text)
        return Screen(title, skill.name_zh, (described,), tuple(options), described=True)

    def level_question(self, sid: str, current: int, *, progress: Optional[Tuple[int, int]] = None,
                       stated: Optional[Dict[str, int]] = None) -> Any:
        """A level 0-3 for one skill; None keeps `current`; SKIP ends the skills step."""
        skill = self.kb.skills[sid]
        skip = progress is not None
        screen = self.level_screen(skill, progress, skip)
        self.asked = True
        self.p.show(screen)
        hint = _hint(self.level_label(current))
        top = max(self.kb.levels) if self.kb.levels else questions.MAX_LEVEL
        while True:
            line = self.p.read(hint)
            if line == "?":
                self.p.tell(self.skill_help(skill, current, skip), "help")
                self.p.show(screen)
                continue
            if line == "":
                return None
            if skip and line.casefold() in (SKIP, "skip", "跳过"):
                return SKIP
            if line.isdigit():
                if int(line) <= top:
                    return int(line)
                self.p.tell(self.level_range(top, skip), "error")
                continue
            if line.casefold() in questions.LEVEL_NAMES:
                return questions.LEVEL_NAMES[line.casefold()]
            if "=" in line:
                try:
                    pairs = self.old_form(line)
                except _Again as exc:
                    self.p.tell(str(exc), "error")
                    continue
                if stated is not None:
                    stated.update({k: v for k, v in pairs.items() if k != sid})
                if sid in pairs:
                    return pairs[sid]
                noted = ", ".join(f"{self.kb.skills[k].tr('name')} {self.level_label(v)}" for k, v in pairs.items())
                self.p.tell(_("noted: {noted}; and {name}?").format(noted=noted, name=skill.tr("name")), "note")
                continue
            self.p.tell(self.level_range(top, skip) + _("; ? explains"), "error")

    def skill_help(self, skill: Skill, current: int, skip: bool) -> str:
        tracks = self.candidates or [r for r in self.kb.roles.values() if r.kind != "post"]
        needs = sorted(((n.importance, n.level, r.name) for r in tracks for n in r.skills if n.skill == skill.id),
                       key=lambda x: (-x[0], -x[1]))
        needed = [_("{name} needs level {level}").format(name=name, level=level) for _i, level, name in needs]
        lines = [_("Type the number of the level closest to what you have done; Enter keeps {level}.")
                 .format(level=self.level_label(current))]
        if skip:
            lines.append(_("{key} skips the rest of the skill questions (their levels stay as assumed).")
                         .format(key=SKIP))
        if needed:
            lines.append((_("In the tracks you could move into: ") if self.candidates else _("Needed: "))
                         + "; ".join(needed) + ".")
        lines.append(_("Any skill can also be typed as skill=level, e.g. copywriting=2 "
                       "(`promo-ops skills` lists them)."))
        lines.append(_("The level descriptions are promo-ops' own reading, not the article's words."))
        if skill.levels_why:
            lines.append(skill.tr("levels_why"))
        return "\n".join(lines)

    def level_range(self, top: int, skip: bool) -> str:
        if skip:
            return _("choose 0-{top}, or {key} to skip the rest").format(top=top, key=SKIP)
        return _("choose 0-{top}").format(top=top)

    def old_form(self, line: str) -> Dict[str, int]:
        """`id=level ...`, the form --skill takes; a unique part of an id or a skill's name is taken as it."""
        pairs: Dict[str, str] = {}
        listed = questions.knows_skill(self.kb.skills)
        known = lambda name: listed(name) or self.skill_id(name) in self.kb.skills  # noqa: E731
        for token in questions.split_skills(line.strip(), known):  # a name may have spaces: campaign planning=2
            if "=" not in token:
                raise _Again(_("'{token}' is not of the form skill=level (e.g. copywriting=2)").format(token=token))
            key, _sep, level = token.partition("=")
            pairs[self.skill_id(key.strip())] = level.strip()
        try:
            return questions.coerce(self.kb.question("skills"), pairs, roles=self.kb.roles, skills=self.kb.skills, families=self.kb.families)
        except questions.AnswerError as exc:
            raise _Again(str(exc)) from None

    def skill_id(self, key: str) -> str:
        if key in self.kb.skills:
            return key
        folded = key.casefold()
        for test in (lambda s: s.id.startswith(folded), lambda s: folded in s.id,
                     lambda s: folded in (s.name.casefold(), s.name_zh.casefold())):
            found = [s.id for s in self.kb.skills.values() if test(s)]
            if len(found) == 1:
                return found[0]
        return key

    # --- the recap ----------------------------------------------------------------------

    def recap_rows(self, profile: Profile) -> List[Tuple[str, str]]:
        """(kind, id) for each line of the recap: the questions asked, then the skills."""
        rows = [("question", q.id) for q in self.kb.questions if q.type != "skills" and q.id in SHORT]
        skills = [sid for sid, _ in self.assumed(profile.current_role)]
        skills += [sid for sid in self.asked_skills if sid not in skills]
        skills += [sid for sid in profile.skills if sid not in skills]
        return rows + [("skill", sid) for sid in skills]

    def recap_screen(self, profile: Profile, rows: List[Tuple[str, str]]) -> Screen:
        assumed = dict(self.assumed(profile.current_role))
        options = []
        for i, (kind, ident) in enumerate(rows, 1):
            if kind == "question":
                q = self.kb.question(ident)
                value = getattr(profile, ident)
                mark = YOU_SAID() if ident in self.given else _("default")
                options.append(Option(str(i), translate(SHORT[ident]), self.show_value(q, value), "", mark))
            else:
                if rows[i - 2][0] != "skill":
                    options.append(Option("", "Skills", "", "技能"))  # both languages, as question titles
                skill = self.kb.skills[ident]
                if ident in profile.skills:
                    level, mark = profile.skills[ident], YOU_SAID()
                elif ident in assumed:
                    level, mark = assumed[ident], _("assumed from your role")
                else:
                    level, mark = 0, _("assumed")
                options.append(Option(str(i), skill.tr("name"), self.level_label(level), "", mark))
        return Screen("Your answers", "你的回答", (), tuple(options),
                      _("Enter to see the advice, or a number to change that answer."))

    def recap(self, profile: Profile) -> Profile:
        while True:
            rows = self.recap_rows(profile)
            self.p.show(self.recap_screen(profile, rows))
            while True:
                line = self.p.read(_hint(_("Enter: see the advice")))
                if line == "?":
                    self.p.tell(_("“you said” marks your answers; “assumed” and “default” mark what promo-ops "
                                 "took for you. Type a line's number to change it."), "help")
                    continue
                if line == "":
                    return profile
                if line.isdigit() and 1 <= int(line) <= len(rows):
                    break
                self.p.tell(_("choose {first}-{last}, or press Enter to see the advice").format(first=1, last=len(rows)),
                           "error")
            kind, ident = rows[int(line) - 1]
            if kind == "skill":
                current = profile.skills.get(ident, dict(self.assumed(profile.current_role)).get(ident, 0))
                level = self.level_question(ident, current)
                if level is not None:
                    # A level changed at the recap is said at a prompt, and --save keeps it.
                    profile = profile.replace(skills=dict(sorted({**profile.skills, ident: level}.items())),
                                              sources={**profile.sources, "skills": "prompt"})
                continue
            profile = self.change(profile, self.kb.question(ident))

    def change(self, profile: Profile, q: Question) -> Profile:
        current = getattr(profile, q.id)
        error: Optional[str] = None
        while True:
            raw = self.question(q, current, error)
            if raw is None:
                return profile
            try:
                value = questions.coerce(q, raw, roles=self.kb.roles, skills=self.kb.skills, families=self.kb.families)
            except questions.AnswerError as exc:
                error = str(exc)
                continue
            self.given.add(q.id)
            self.values[q.id] = value
            return profile.replace(**{q.id: value}, sources={**profile.sources, q.id: "prompt"})

    # --- the offer to save ---------------------------------------------------------------

    def offer_save(self, default_name: str) -> Optional[str]:
        """A file name to save the answers to, or None. Asked once the advice has been shown."""
        self.p.tell("")
        while True:
            line = self.p.read(_("Save your answers to use again with --answers? (y/N) "))
            folded = line.casefold()
            if folded in ("", "n", "no", "否", "不"):
                return None
            if folded in ("y", "yes", "是", "好"):
                name = self.p.read(_("File name ({name}): ").format(name=default_name))
                return name or default_name
            if "." in line or "/" in line:
                return line  # a file name typed straight away
            self.p.tell(_("type y to save, or press Enter not to"), "error")
