"""The questions advise asks, and the one validator every source of answers goes through.

ANSWERS is the one table of questions: each answer's id, its flag and its
type. The knowledge base declares the wording, choices and defaults of the
same questions; the validator (kbcheck), the answers-file reader, the batch
reader and the prompter all read their ids and types from here.

Precedence, as copier does it for its questions: flags > answers file >
interactive prompt > the question's default. The prompt is a callable handed
in by the CLI, so nothing here reads a terminal.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from promo_ops import facts as fact_table
from promo_ops import names
from promo_ops.errors import InputError, did_you_mean
from promo_ops.messages import _, say
from promo_ops.model import KnowledgeBase, Profile, Question, Role, Skill
from promo_ops.record import Record
from promo_ops.rules import holds


class AnswerSpec(Record):
    """One question advise asks: its answer id, the flag that gives it, and its answer type."""

    __slots__ = ("id", "flag", "type")

    id: str
    flag: str
    type: str  # choice | integer | multi | skills


ANSWERS: Tuple[AnswerSpec, ...] = (
    AnswerSpec("current_role", "--role", "choice"),
    AnswerSpec("years", "--years", "integer"),
    AnswerSpec("company_type", "--company", "choice"),
    AnswerSpec("target", "--target", "choice"),
    AnswerSpec("interests", "--interest", "multi"),
    AnswerSpec("motives", "--motive", "multi"),
    AnswerSpec("skills", "--skill", "skills"),
)
ANSWER_KEYS: Tuple[str, ...] = tuple(a.id for a in ANSWERS)
FLAGS: Dict[str, str] = {a.id: a.flag for a in ANSWERS}
TYPES: Dict[str, str] = {a.id: a.type for a in ANSWERS}
LEVEL_NAMES = {"none": 0, "basic": 1, "working": 2, "strong": 3, "不会": 0, "入门": 1, "熟练": 2, "精通": 3}
MAX_LEVEL = 3


class AnswerError(ValueError):
    """A bad answer: a message code and its parameters (messages.MESSAGES words it)."""

    def __init__(self, code: str, key: Any = None, **params: Any):
        super().__init__(say(code, **params))
        self.code = code
        self.params = params
        self.key = key  # the part of the answer at fault (a skill id), for its position


def _choices(q: Question, roles: Mapping[str, Role], skills: Mapping[str, Skill]) -> List[str]:
    if q.choices_from == "roles":
        return list(roles)
    if q.choices_from == "skills":
        return list(skills)
    return [c.value for c in q.choices]


def _named(q: Question, value: Any, roles: Mapping[str, Role], skills: Mapping[str, Skill],
           families: Optional[Mapping[str, Any]] = None) -> Any:
    """The choice a person meant by a name, label, alias or differently written id; else `value`.
    A family's name (运营, Promotion) where a role is wanted is an error listing its roles."""
    if not isinstance(value, str):
        return value
    if q.choices_from == "roles":
        table = names.entries(roles.values())
        if families:
            try:
                return _find(value, table, elsewhere=names.entries(families.values()))
            except names.Elsewhere as exc:
                raise AnswerError("answer-family", value=_show(value),
                                  **family_roles(families[exc.ident], roles)) from None
    elif q.choices_from == "skills":
        table = names.entries(skills.values())
    else:
        return _find(value, [(c.value, (c.label_en, c.label_zh)) for c in q.choices], short_forms=False)
    return _find(value, table)


def family_roles(family: Any, roles: Mapping[str, Role]) -> Dict[str, str]:
    """A family's name and its roles, tracks and posts, as an error shows them: Chinese names in a
    Chinese run, ids in an English one."""
    from promo_ops.messages import pick

    return {"family": pick(family.name, family.name_zh),
            "roles": _allowed([pick(r.id, r.name_zh) for r in roles.values() if r.family == family.id])}


def _table(q: Question, roles: Mapping[str, Role], skills: Mapping[str, Skill]) -> Tuple[Any, Dict[str, str]]:
    """A question's choices as names.Entry rows, and how each is shown in the run's language (its
    Chinese name or label in a Chinese run, its id in an English one)."""
    from promo_ops.messages import language

    if q.choices_from in ("roles", "skills"):
        records = (roles if q.choices_from == "roles" else skills).values()
        table = names.entries(records)
        shown = _shown_names(records)
    else:
        table = [(c.value, (c.label_en, c.label_zh)) for c in q.choices]
        shown = {c.value: c.label_zh for c in q.choices if c.label_zh} if language() == "zh" else {}
    return table, shown


def _shown_names(records: Any) -> Dict[str, str]:
    """How entries are shown in a message: by their Chinese names in a Chinese run (ids otherwise)."""
    from promo_ops.messages import language

    return {r.id: r.name_zh for r in records} if language() == "zh" else {}


def _not_allowed(q: Question, value: Any, allowed: List[str], roles: Mapping[str, Role],
                 skills: Mapping[str, Skill]) -> "AnswerError":
    table, shown = _table(q, roles, skills)
    hint = names.suggest(value, table, shown) if isinstance(value, str) else ""
    return AnswerError("answer-not-allowed", value=_show(value), allowed=_allowed([shown.get(a, a) for a in allowed]),
                       hint=hint)


def _find(value: str, table: Any, short_forms: bool = True, elsewhere: Any = ()) -> Any:
    try:
        found = names.find(value, table, short_forms, elsewhere)
    except names.WholeWord as exc:
        raise AnswerError("answer-whole-word", value=_show(value),
                          candidates=names.listed(exc.candidates, table)) from None
    except names.Ambiguous as exc:
        raise AnswerError("answer-ambiguous", value=_show(value), candidates=", ".join(exc.candidates)) from None
    return value if found is None else found


def coerce(q: Question, value: Any, *, roles: Mapping[str, Role], skills: Mapping[str, Skill],
           families: Optional[Mapping[str, Any]] = None) -> Any:
    """Turn a raw answer (text from a flag or prompt, or a YAML/JSON value) into its typed form.
    With `families`, a family's name given for a role is an error, not a short form."""
    if q.type == "choice":
        allowed = _choices(q, roles, skills)
        if value is None and not q.required:
            return None
        if isinstance(value, str) and value not in allowed:
            value = _named(q, value, roles, skills, families)
        if not isinstance(value, str) or value not in allowed:
            raise _not_allowed(q, value, allowed, roles, skills)
        return value
    if q.type == "integer":
        if isinstance(value, str):
            value = _number(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError("answer-not-whole", value=_show(value))
        lo = q.min if q.min is not None else 0
        hi = q.max if q.max is not None else 10**6
        if not lo <= value <= hi:
            raise AnswerError("answer-out-of-range", value=value, low=lo, high=hi)
        return value
    if q.type == "multi":
        allowed = _choices(q, roles, skills)
        value = _split(value, whole=lambda v: _whole(q, v, allowed, roles, skills))
        if value is None:
            value = []
        if not isinstance(value, list):
            raise AnswerError("answer-not-list", value=_show(value), allowed=_allowed(allowed))
        out: List[str] = []
        for item in value:
            if isinstance(item, str) and item not in allowed:
                item = _named(q, item, roles, skills, families)
            if not isinstance(item, str) or item not in allowed:
                raise _not_allowed(q, item, allowed, roles, skills)
            if item not in out:
                out.append(item)
        return tuple(sorted(out, key=allowed.index))
    if q.type == "skills":
        return _coerce_skills(value, skills)
    raise ValueError(f"question type '{q.type}' is not supported")  # pragma: no cover - checked at load


def _coerce_skills(value: Any, skills: Mapping[str, Skill]) -> Dict[str, int]:
    if value is None:
        return {}
    value = split_skills(value, knows_skill(skills))
    if isinstance(value, list):
        pairs = []
        for item in value:
            if not isinstance(item, str) or "=" not in item:
                raise AnswerError("skill-form", value=_show(item))
            sid, _, level = item.partition("=")
            pairs.append((sid.strip(), level.strip()))
    elif isinstance(value, dict):
        pairs = list(value.items())
    else:
        raise AnswerError("skills-not-mapping", value=_show(value))
    out: Dict[str, int] = {}
    for sid, level in pairs:
        if isinstance(sid, str) and sid not in skills:
            sid = _find(sid, names.entries(skills.values()))
        if not isinstance(sid, str) or sid not in skills:
            raise AnswerError("skill-unknown", key=sid, skill=_show(sid),
                              hint=names.suggest(sid, names.entries(skills.values()), _shown_names(skills.values()))
                              if isinstance(sid, str) else "")
        try:
            number = _level(sid, level)
        except AnswerError as exc:
            raise AnswerError(exc.code, key=sid, **exc.params) from None
        if out.get(sid, number) != number:  # `copywriting=3 文案=1`: which one was meant cannot be known
            raise AnswerError("skill-twice", key=sid, skill=sid, first=out[sid], second=number)
        out[sid] = number
    return dict(sorted(out.items()))


def coerce_skills(value: Any, skills: Mapping[str, Skill]) -> Dict[str, int]:
    """Skill levels from any source (["id=level"], "id=level", {id: level}), as --skill reads them."""
    return _coerce_skills(value, skills)


def width(text: str) -> str:
    """Full-width forms as half-width (NFKC: ＝ ， ； ２ ｃｏｐｙ), as people type them with a
    Chinese input method; plain ASCII as it is, at no cost."""
    if text.isascii():
        return text
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def _whole(q: Question, text: str, allowed: List[str], roles: Mapping[str, Role], skills: Mapping[str, Skill]) -> bool:
    """Whether text is one choice as it stands (a label with a comma in it: 推广太累，运营轻松)."""
    try:
        return _named(q, text.strip(), roles, skills) in allowed
    except (AnswerError, names.Ambiguous):
        return False


def _split(value: Any, whole: Optional[Callable[[str], bool]] = None) -> Any:
    """'a,b c' and ['a,b', 'c'] both mean ['a', 'b', 'c'] (flags repeat or take lists); so do
    the separators of Chinese text: '写作，产品', '写作、产品', '写作；产品'. A text that `whole`
    takes as one choice is kept whole."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [part for v in value
                for part in ([v.strip()] if whole is not None and not v.isascii() and whole(v)
                             else re.split(r"[\s,;、]+", width(v))) if part]
    return value


_SKILL_PAIR = r"([^=]*?)\s*=\s*([^\s=]*)"  # compiled on first use (re caches it): only runs given skills as text pay


def split_skills(value: Any, known: Optional[Callable[[str], bool]] = None) -> Any:
    """`SKILL=LEVEL` items as _split reads them, except that a skill's name may have spaces in it
    (campaign planning=2, PPC bidding=1): words before a `=` belong to the name it ends, so
    'campaign planning=2 copywriting=1' is two items. Commas and their Chinese forms still separate.
    With `known` (whether a text names a skill): when the words before a `=` are no name but their
    last ones are, the words before those had no level ('data copywriting=3': 'data' alone)."""
    if isinstance(value, str):
        value = [value]
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    out: List[str] = []
    for v in value:
        for chunk in re.split(r"[,;、]+", width(v)):
            end = 0
            for match in re.finditer(_SKILL_PAIR, chunk):
                words = match.group(1).split()
                cut = 0
                if known is not None and len(words) > 1 and not known(" ".join(words)):
                    cut = next((i for i in range(1, len(words)) if known(" ".join(words[i:]))), 0)
                out += words[:cut]  # words with no level: each an item of the wrong form, said as such
                out.append(f"{' '.join(words[cut:])}={match.group(2)}")
                end = match.end()
            out += chunk[end:].split()
    return [item for item in out if item]


def knows_skill(skills: Mapping[str, Skill]) -> Callable[[str], bool]:
    """Whether a text names one of the skills (id, name, alias or short form), for split_skills."""
    def known(text: str) -> bool:  # asked only of a name with spaces that is not a skill's id
        try:
            return text in skills or names.find(text, names.entries(skills.values()), True) is not None
        except names.Ambiguous:
            return True
    return known


def _level(sid: str, level: Any) -> int:
    if isinstance(level, str):
        text = level.strip().lower()
        if text in LEVEL_NAMES:
            return LEVEL_NAMES[text]
        level = _number(text)
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= MAX_LEVEL:
        raise AnswerError("skill-level", level=_show(level), skill=sid)
    return level


def _number(text: str) -> Any:
    """Typed text as a whole number if it is one (ASCII digits, after NFKC: a full-width ３ is 3), else the text."""
    text = width(text)
    digits = text.strip()
    if not re.fullmatch(r"-?[0-9]+", digits):
        return text
    from promo_ops.fileio.textfile import MAX_INT_DIGITS

    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        shown = digits if len(digits) <= 24 else digits[:12] + "…" + digits[-4:]
        raise AnswerError("number-too-long", number=shown, digits=f"{len(digits.lstrip('-')):,}", limit=MAX_INT_DIGITS)
    return int(digits)


def check_value(q: Question, value: Any, *, roles: Mapping[str, Role], skills: Mapping[str, Skill]) -> Optional[str]:
    try:
        coerce(q, value, roles=roles, skills=skills)
    except AnswerError as exc:
        return str(exc)
    return None


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 80 else f"'{value[:60]}…' ({len(value):,} characters)"
    if value is None:
        return _("nothing")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, int) and abs(value) >= 10 ** 12:
        return _("a number of {digits} digits").format(digits=f"{len(str(abs(value))):,}")
    return repr(value)


def _allowed(values: List[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (_(", … ({count} in all)").format(count=len(values)) if len(values) > limit else "")


# --- resolution ------------------------------------------------------------------------

def check_answers_keys(data: Mapping[str, Any], doc: Any) -> None:
    problems = []
    for key in data:
        if key not in ANSWER_KEYS:
            params = dict(key=key, hint=did_you_mean(str(key), ANSWER_KEYS), keys=", ".join(ANSWER_KEYS))
            if not doc:
                raise InputError("answers-unknown-key", **params)
            problems.append(doc.problem((key,), say("answers-unknown-key", **params)))
    if problems:
        raise InputError("answers-invalid", problems)



Ask = Callable[[Question, Any, Optional[str]], Any]


def resolve(
    kb: KnowledgeBase,
    flags: Mapping[str, Any],
    file_answers: Optional[Mapping[str, Any]] = None,
    ask: Optional[Ask] = None,
    *,
    file_doc: Any = None,
    file_name: str = "",
) -> Profile:
    """Apply flags > file > prompt > default to every question, with one validator."""
    file_answers = file_answers or {}
    check_answers_keys(file_answers, file_doc)
    values: Dict[str, Any] = {}
    sources: Dict[str, str] = {}  # where each answer came from; a default is not something said
    missing: List[Question] = []
    for q in kb.questions:
        if q.when is not None and not _when_holds(kb, q, values):
            values[q.id], sources[q.id] = _default(q, kb), "default"
            continue
        if q.id in flags and flags[q.id] is not None:
            values[q.id] = _coerce_from(q, flags[q.id], kb, f"{FLAGS[q.id]}")
            sources[q.id] = "flag"
        elif q.id in file_answers:
            values[q.id] = _coerce_from(q, file_answers[q.id], kb, file_name or "the answers file", file_doc)
            sources[q.id] = "file"
        elif ask is not None:
            values[q.id], sources[q.id] = _ask_until_valid(q, kb, ask)
        elif q.required:
            missing.append(q)
        else:
            values[q.id], sources[q.id] = _default(q, kb), "default"
    if missing:
        from promo_ops.messages import pick

        names = _(", ").join(pick(f"{q.id} ({FLAGS[q.id]})", f"{question_shown(q)}（{FLAGS[q.id]}）") for q in missing)
        raise InputError("answers-missing-many" if len(missing) > 1 else "answers-missing", names=names)
    return Profile(
        current_role=values["current_role"],
        years=values.get("years"),
        company_type=values.get("company_type"),
        target=values.get("target") or "auto",
        interests=tuple(values.get("interests") or ()),
        skills=dict(values.get("skills") or {}),
        motives=tuple(values.get("motives") or ()),
        sources=sources,
    )


def _coerce_from(q: Question, raw: Any, kb: KnowledgeBase, where: str,
                 doc: Any = None) -> Any:
    try:
        return coerce(q, raw, roles=kb.roles, skills=kb.skills, families=kb.families)
    except AnswerError as exc:
        if doc is not None:
            mark = doc.mark((q.id, exc.key) if exc.key is not None else (q.id,))
            where = f"{doc.name}:{mark[0]}:{mark[1]}" if mark else doc.name
        raise InputError("answers-bad", where=where, question=question_shown(q), problem=exc) from None


def question_shown(q: Question) -> str:
    """How an error names a question: its key in English (the answers file's key), its prompt in
    Chinese (a Chinese reader knows the question, not the key)."""
    from promo_ops.messages import pick

    return pick(q.id, q.prompt_zh.rstrip("？?：: "))


def _ask_until_valid(q: Question, kb: KnowledgeBase, ask: Ask) -> Tuple[Any, str]:
    """The answer to a prompt and where it came from: Enter alone takes the default, which the
    person did not say."""
    error: Optional[str] = None
    default = _default(q, kb)
    while True:
        raw = ask(q, default, error)
        if raw is None:
            if q.required and default is None:
                error = say("answer-required")
                continue
            return default, "default"
        try:
            return coerce(q, raw, roles=kb.roles, skills=kb.skills, families=kb.families), "prompt"
        except AnswerError as exc:
            error = str(exc)


def _default(q: Question, kb: KnowledgeBase) -> Any:
    if q.default is None:
        return {"multi": (), "skills": {}}.get(q.type)
    return coerce(q, q.default, roles=kb.roles, skills=kb.skills)


def _when_holds(kb: KnowledgeBase, q: Question, values: Mapping[str, Any]) -> bool:
    return holds(q.when, fact_table.values(kb, values))  # type: ignore[arg-type]
