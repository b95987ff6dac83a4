"""Validate a parsed knowledge-base document and build the model from it.

Every problem is collected (not just the first) with file:line:column, the key
path and a "did you mean" for near-miss ids, and raised as one
KnowledgeBaseError. What comes back is a tree of frozen records in which
every cross-reference is known to resolve.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Optional, Tuple

from promo_ops import clean, kbformat
from promo_ops import facts as fact_table
from promo_ops import model as m
from promo_ops.fileio import safeyaml
from promo_ops.errors import KnowledgeBaseError, did_you_mean
from promo_ops.messages import N_, _, say, translate
from promo_ops.model import ROLE_KINDS
from promo_ops.questions import TYPES, check_value
from promo_ops.rules import FactSpec, facts_used, parse_condition

SCHEMA_VERSION = 1
ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")  # \Z: "$" would let a trailing newline through
QUESTION_TYPES = TYPES
# Han characters: the unified ideographs with Extension A, the compatibility ideographs, and
# Extensions B onwards (U+20000-3FFFF, outside the Basic Multilingual Plane).
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
OPTIONAL_QUESTIONS = ("motives",)  # asked only if a knowledge base declares it
MAX_LEVEL = 3
MAX_NAME = 200  # the longest text names.find looks up

_MISSING = object()
# What messages call each record, table, quoted text and id namespace: the English is the name
# kbformat gives it, marked here so a catalog can translate it (tests/test_messages.py checks
# that every name kbformat uses is listed).
NAMES = (
    N_("knowledge base"), N_("cited text"), N_("label"), N_("prompt"), N_("fit threshold"), N_("family"),
    N_("classification"), N_("class"), N_("skill"), N_("exercise"), N_("role"), N_("skill need"),
    N_("comparison"), N_("difference"), N_("similarity"), N_("transition"), N_("skill in a list"), N_("role in a list"),
    N_("same work"), N_("route settings"), N_("case"), N_("case step"), N_("question"), N_("choice"),
    N_("rule"), N_("score effect"), N_("practise effect"), N_("plan effect"), N_("note effect"),
    N_("families"), N_("skills"), N_("roles"), N_("transitions"), N_("cases"), N_("rules"), N_("questions"),
    N_("comparison cell"), N_("lesson"), N_("a rule's 'because'"), N_("scope caveat"),
    N_("transition (its verdict and summary)"), N_("note"), N_("aspect"), N_("family or role"),
)
# A table's name -> what one of its records is called ("duplicate family id").
SINGULAR = {"families": "family", "skills": "skill", "roles": "role", "transitions": "transition",
            "cases": "case", "rules": "rule", "questions": "question"}

# Records that become model objects, and the _Checker method that builds each.
BUILDERS = {"family": "family", "classification": "classification", "skill": "skill", "role": "role",
            "comparison": "comparison", "similarity": "similarity", "transition": "transition",
            "same work": "same_work", "route settings": "routes", "case": "case", "case step": "case_step",
            "exercise": "exercise"}


def build(doc: safeyaml.Document, digest: str = "") -> m.KnowledgeBase:
    """The model of a parsed document, complete (with the content digest it is cached under)."""
    checker = _Checker(doc, digest)
    kb = checker.run()
    if checker.problems or kb is None:
        ordered = sorted(checker.problems, key=lambda p: (p.line or 0, p.column or 0))
        raise KnowledgeBaseError("kb-invalid", ordered, path=doc.name)
    return kb


# --- field validators -------------------------------------------------------

Validator = Callable[[Any, tuple], Any]


class _Checker:
    def __init__(self, doc: safeyaml.Document, digest: str = ""):
        self.doc = doc
        self.digest = digest
        self.problems: list = []
        # (path, id, namespace) checked once every table is known
        self.refs: List[Tuple[tuple, Any, str]] = []
        # (path, role id) of rule effects, which must not name a post
        self.track_refs: List[Tuple[tuple, str]] = []
        # (path, alias, kind, id) of every alias, checked once every name is known
        self.aliases: List[Tuple[tuple, str, str, str]] = []
        self._index: Dict[str, Dict[str, int]] = {}  # table -> id -> where it is in the file (index_of)

    def err(self, path: tuple, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    # primitives
    def text(self, value: Any, path: tuple) -> Any:
        if not isinstance(value, str) or not value.strip():
            self.err(path, say("kb-not-text", got=_describe(value)))
            return ""
        # Control characters mean nothing in this text and could drive a terminal: drop them here,
        # so no output form ever sees them; what is left must still be text (else a Chinese run
        # would fall back to English, or a name would show as nothing).
        cleaned = clean.text(value)
        if not cleaned.strip():
            self.err(path, say("kb-not-text", got=_("only control characters")))
            return ""
        return cleaned

    def one_line(self, value: str, path: tuple) -> str:
        """A name or label is shown on one line: a line break in it would forge a line of output."""
        if "\n" in value:
            self.err(path, say("kb-line-break"))
        return value

    def opt_text(self, value: Any, path: tuple) -> Any:
        if value is None:
            return ""
        return self.text(value, path)

    def ident(self, value: Any, path: tuple) -> Any:
        if not isinstance(value, str) or not ID_RE.match(value):
            self.err(path, say("kb-not-id", got=_describe(value)))
            return ""
        return value

    def integer(self, lo: int, hi: int) -> Validator:
        def check(value: Any, path: tuple) -> Any:
            if isinstance(value, bool) or not isinstance(value, int):
                self.err(path, say("kb-not-whole", lo=lo, hi=hi, got=_describe(value)))
                return lo
            if not lo <= value <= hi:
                self.err(path, say("kb-out-of-range", value=value, lo=lo, hi=hi))
                return lo
            return value
        return check

    def number(self, lo: float, hi: float) -> Validator:
        def check(value: Any, path: tuple) -> Any:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.err(path, say("kb-not-number", lo=lo, hi=hi, got=_describe(value)))
                return lo
            if not lo <= value <= hi:
                self.err(path, say("kb-out-of-range", value=value, lo=lo, hi=hi))
                return lo
            return float(value)
        return check

    def ref(self, namespace: str) -> Validator:
        def check(value: Any, path: tuple) -> Any:
            value = self.ident(value, path)
            if value:
                self.refs.append((path, value, namespace))
            return value
        return check

    def seq(self, item: Validator, *, unique: bool = False) -> Validator:
        def check(value: Any, path: tuple) -> Any:
            if value is None:
                return ()
            if not isinstance(value, list):
                self.err(path, say("kb-not-list", got=_describe(value)))
                return ()
            out = tuple(item(v, path + (i,)) for i, v in enumerate(value))
            if unique:
                seen: set = set()
                for i, v in enumerate(out):
                    if isinstance(v, str) and v in seen:
                        self.err(path + (i,), say("kb-listed-twice", item=v))
                    seen.add(v if isinstance(v, str) else id(v))
            return out
        return check

    def record(self, value: Any, path: tuple, name: str, label: Optional[str] = None) -> Optional[dict]:
        """Check a mapping against kbformat.RECORDS[name]: each key known, each required one present,
        each value as its spec says. `label` names it in messages when it is not the record's name."""
        fields, zh_keys, known = _record_keys(name)
        what = label or name
        if not isinstance(value, dict):
            self.err(path, say("kb-not-record", what=translate(what), got=_describe(value)))
            return None
        if not known.issuperset(value):
            for key in value:
                if key not in known:
                    self.err(path + (key,), say("kb-unknown-key", key=key, what=translate(what),
                                                hint=did_you_mean(str(key), [*fields, *zh_keys])))
        out: dict = {}
        missing = False
        check = self.check
        for key, (required, spec) in fields.items():
            if key in value:
                out[key] = check(spec, value[key], path + (key,))
            elif required:
                self.err(path, say("kb-missing-key", what=translate(what), key=key))
                missing = True
            else:
                out[key] = None
        if missing:
            for key, (required, spec) in fields.items():
                out.setdefault(key, _MISSING)
        for zkey, key in zh_keys.items():
            out[zkey] = self.chinese(value, path, key, zkey, fields[key][1], out[key], what)
        if missing:
            return None
        return out

    def chinese(self, value: dict, path: tuple, key: str, zkey: str, spec: kbformat.Spec, english: Any,
                what: str) -> Any:
        """KEY_zh, the Chinese of a text a person reads: checked as KEY is, with Chinese in it, never
        without its English, and (kbformat.BILINGUAL) never missing where the English is given."""
        if zkey not in value:
            if key in value and kbformat.BILINGUAL and english != ():  # an empty list needs no Chinese
                self.err(path + (key,), say("kb-no-chinese", key=key, zh=zkey, what=translate(what)))
            return None
        got = self.check(spec, value[zkey], path + (zkey,))
        if key not in value:
            self.err(path + (zkey,), say("kb-no-english", key=key, zh=zkey, what=translate(what)))
        elif isinstance(spec, kbformat.Seq) and isinstance(got, tuple) and isinstance(english, tuple) \
                and len(got) != len(english):
            self.err(path + (zkey,), say("kb-chinese-count", key=key, zh=zkey, count=len(english), got=len(got)))
        elif isinstance(spec, kbformat.Seq) and isinstance(got, tuple):
            # Each item of a list's Chinese is Chinese, or its English item kept as it is (SEO).
            for i, (item, en) in enumerate(zip(got, english)):
                if isinstance(item, str) and item and not _CJK.search(item) and item != en:
                    self.err(path + (zkey, i), say("kb-chinese-none", zh=zkey))
        elif isinstance(spec, kbformat.Text) and isinstance(got, str) and got and not _CJK.search(got):
            self.err(path + (zkey,), say("kb-chinese-none", zh=zkey))
        return got

    @staticmethod
    def zh(r: dict, key: str) -> Any:
        """The Chinese of r's text KEY as checked ("" or () when the file gives none)."""
        got = r.get(key + kbformat.ZH)
        return got if got is not None else ("" if not isinstance(r.get(key), tuple) else ())

    def check(self, spec: kbformat.Spec, value: Any, path: tuple) -> Any:
        """A value as its spec (kbformat) says: checked, and built into the model where a builder exists."""
        f = kbformat
        kind = type(spec)
        if kind is f.Text:  # the commonest specs first, by exact type (subclasses below)
            got = self.opt_text(value, path) if spec.optional else self.text(value, path)
            return self.one_line(got, path) if spec.line else got
        if kind is f.Ident:
            return self.ident(value, path)
        if kind is f.Ref:
            value = self.ident(value, path)
            if value:
                self.refs.append((path, value, spec.namespace))
            return value
        if kind is f.Int:
            if isinstance(value, int) and not isinstance(value, bool) and spec.lo <= value <= spec.hi:
                return value
            return self.integer(spec.lo, spec.hi)(value, path)
        if isinstance(spec, f.Text):
            got = self.opt_text(value, path) if spec.optional else self.text(value, path)
            return self.one_line(got, path) if spec.line else got
        if isinstance(spec, f.Track):
            return self.track_ref(value, path)
        if isinstance(spec, f.Ref):
            return self.ref(spec.namespace)(value, path)
        if isinstance(spec, f.Ident):
            return self.ident(value, path)
        if isinstance(spec, f.Int):
            return self.integer(spec.lo, spec.hi)(value, path)
        if isinstance(spec, f.Num):
            return self.number(spec.lo, spec.hi)(value, path)
        if isinstance(spec, f.Choice):
            return self.choice(spec.values)(value, path)
        if isinstance(spec, f.Table):
            return self.table(value, path, spec.what, getattr(self, BUILDERS[spec.record]))
        if isinstance(spec, f.Seq):
            if value is None or not isinstance(value, list) or spec.unique:
                return self.seq(lambda v, p: self.check(spec.item, v, p), unique=spec.unique)(value, path)
            item, check = spec.item, self.check
            return tuple([check(item, v, path + (i,)) for i, v in enumerate(value)])
        if isinstance(spec, f.Cited):
            return self.cited(value, path, what=spec.what)
        if isinstance(spec, f.Rec):
            builder = BUILDERS.get(spec.name)
            return getattr(self, builder)(value, path) if builder else self.record(value, path, spec.name)
        if isinstance(spec, f.Custom) and spec.method:
            return getattr(self, spec.method)(value, path)
        return value  # Anything: read by the code that needs it (questions, rules, meta)

    def table(self, value: Any, path: tuple, what: str, item: Callable[[Any, tuple], Any]) -> Dict[str, Any]:
        """A list of records with unique ids, as a dict by id (in file order)."""
        out: Dict[str, Any] = {}
        if not isinstance(value, list):
            self.err(path, say("kb-not-table", what=translate(what), got=_describe(value)))
            return out
        for i, raw in enumerate(value):
            obj = item(raw, path + (i,))
            if obj is None:
                continue
            if obj.id in out:
                self.err(path + (i, "id"), say("kb-duplicate-id", what=translate(SINGULAR.get(what, what)), id=obj.id))
                continue
            out[obj.id] = obj
        return out

    def basis(self, r: dict, path: tuple, what: str) -> Tuple[str, str, str, str]:
        """(basis, source, why, why_zh) of a checked mapping; each way to leave it unclear is an error at its key."""
        basis, source, why = self._basis(r, path, what)
        return basis, source, why, self.zh(r, "why") if basis == m.READING else ""

    def _basis(self, r: dict, path: tuple, what: str) -> Tuple[str, str, str]:
        basis, source, why = r.get("basis"), r.get("source") or "", r.get("why") or ""
        if basis is None:
            basis = m.ARTICLE if source else (m.READING if why else None)
        if basis not in (m.ARTICLE, m.READING):
            if basis is None:
                self.err(path, say("kb-no-basis", what=translate(what)))
            else:
                self.err(path + ("basis",), say("kb-bad-basis", got=_describe(basis),
                                                hint=did_you_mean(str(basis), (m.ARTICLE, m.READING))))
            return m.READING, "", why or "?"
        if basis == m.ARTICLE:
            if not source:
                self.err(path, say("kb-article-no-source", what=translate(what)))
            if why:
                self.err(path + ("why",), say("kb-article-why", what=translate(what)))
        else:
            if not why:
                self.err(path, say("kb-reading-no-why", what=translate(what)))
            if source:
                self.err(path + ("source",), say("kb-reading-source", what=translate(what)))
        return basis, source if basis == m.ARTICLE else "", why if basis == m.READING else ""

    def cited(self, value: Any, path: tuple, *, what: str = "cited text") -> Optional[m.Cited]:
        r = self.record(value, path, "cited text", label=what)
        if r is None:
            return None
        basis, source, why, why_zh = self.basis(r, path, what)
        return m.Cited(r["text"], source, basis, why, self.zh(r, "text"), why_zh)

    def skill_ref(self, value: Any, path: tuple) -> Optional[m.SkillRef]:
        """One skill in a list (what transfers, what to practise first, a prerequisite):
        `{skill: ID, source: ...}` or `{skill: ID, basis: reading, why: ...}`."""
        r = self.listed(value, path, "skill", "skill in a list")
        return m.SkillRef(r["skill"], *r["basis"]) if r else None

    def role_ref(self, value: Any, path: tuple) -> Optional[m.RoleRef]:
        """One role a kind of promotion or operation covers: `{role: ID, source: ...}` or
        `{role: ID, basis: reading, why: ...}`."""
        r = self.listed(value, path, "role", "role in a list")
        return m.RoleRef(r["role"], *r["basis"]) if r else None

    def listed(self, value: Any, path: tuple, key: str, record: str) -> Optional[dict]:
        """An id in a list with its basis (r["basis"] = (basis, source, why)); a bare id is an error."""
        if isinstance(value, str):
            self.ref(key)(value, path)
            self.err(path, say("kb-listed-without-basis", key=key, id=value))
            return None
        r = self.record(value, path, record)
        if r is None:
            return None
        r["basis"] = self.basis(r, path, (_("skill '{id}'") if key == "skill" else _("role '{id}'")).format(id=r[key]))
        return r

    # --- sections -------------------------------------------------------------

    def run(self) -> Optional[m.KnowledgeBase]:
        top = self.record(self.doc.data, (), "knowledge base")
        if top is None:
            return None
        if top["schema_version"] != SCHEMA_VERSION:
            self.err(("schema_version",), say("kb-schema-version", version=SCHEMA_VERSION,
                                               got=_describe(top["schema_version"])))
        if top["meta"] is not None and not isinstance(top["meta"], dict):
            self.err(("meta",), say("kb-not-mapping", got=_describe(top["meta"])))
            top["meta"] = {}
        scope = None
        if top["meta"] and "scope" in top["meta"]:
            # The article's own caveat on how far its comparison reaches: shown wherever the families are.
            scope = self.cited(top["meta"]["scope"], ("meta", "scope"), what="scope caveat")
            top["meta"] = {k: v for k, v in top["meta"].items() if k != "scope"}
        families, skills, roles = top["families"], top["skills"], top["roles"]
        self.tables = {"family": families, "skill": skills, "role": roles,
                       "case": top["cases"] or {}, "entry": {}}
        self.check_unique_ids()
        self.check_names()
        self.check_aliases()
        self.check_level_names(top["levels"], top["levels_zh"])
        self.check_prerequisite_cycles(skills)
        facts = self.facts(families, roles, skills, top["questions"])
        questions = self.questions(top["questions"], ("questions",), facts)
        rules = self.rules(top["rules"], ("rules",), facts)
        if not any(p.path.startswith(("rules[", "questions[")) for p in self.problems):
            self.check_choices_used(questions, rules)  # a broken rule would look like an unused choice
        self.check_refs()
        if self.problems:
            return None
        return m.KnowledgeBase(
            digest=self.digest,
            path=self.doc.name,
            meta=top["meta"] or {},
            scope=scope,
            levels=top["levels"] or {0: "none", 1: "basic", 2: "working", 3: "strong"},
            levels_zh=top["levels_zh"] or {},
            fit_thresholds=top["fit_thresholds"],
            families=families,
            skills=skills,
            roles=roles,
            comparison=top["comparison"],
            transitions=tuple((top["transitions"] or {}).values()),
            cases=top["cases"] or {},
            questions=questions,
            rules=rules,
            routes=top["routes"] or m.RouteSettings(),
        )

    def levels(self, value: Any, path: tuple) -> Any:
        if not isinstance(value, dict) or set(value) != set(range(MAX_LEVEL + 1)):
            self.err(path, say("kb-levels", max=MAX_LEVEL))
            return None
        return {k: self.one_line(self.text(v, path + (k,)), path + (k,)) for k, v in sorted(value.items())}

    def fit_thresholds(self, value: Any, path: tuple) -> Any:
        items = self.check(kbformat.Seq(kbformat.Rec("fit threshold")), value, path)
        out = tuple(m.FitThreshold(r["label"], r["min"], self.zh(r, "label")) for r in items if r)
        if len(out) != len(items):
            return out
        if not out:
            self.err(path, say("kb-thresholds-empty"))
        elif any(a.min <= b.min for a, b in zip(out, out[1:])):
            self.err(path, say("kb-thresholds-order"))
        elif out[-1].min != 0:
            self.err(path + (len(out) - 1, "min"), say("kb-thresholds-last"))
        return out

    def family(self, value: Any, path: tuple) -> Optional[m.Family]:
        r = self.record(value, path, "family")
        if r is None or None in (r["definition"], r["goal"], r["focus"]):
            return None
        return m.Family(r["id"], r["name"], r["name_zh"], r["definition"], r["goal"], r["focus"],
                        tuple(c for c in r["classifications"] if c))

    def classification(self, value: Any, path: tuple) -> Optional[m.Classification]:
        r = self.record(value, path, "classification")
        if r is None:
            return None
        classes = tuple(m.ClassItem(c["id"], c["name"], c["name_zh"], c["examples"] or (),
                                    self.unique_refs(c["roles"] or (), path + ("classes", i, "roles"), "role"),
                                    c["examples_zh"] or ())
                        for i, c in enumerate(r["classes"]) if c)
        return m.Classification(r["id"], r["name"], r["name_zh"], r["source"], classes, r["note"])

    def skill(self, value: Any, path: tuple) -> Optional[m.Skill]:
        r = self.record(value, path, "skill")
        if r is None:
            return None
        exercises = tuple(e for e in r["exercises"] if e)
        if not r["exercises"]:
            self.err(path + ("exercises",), say("kb-skill-no-exercise", skill=r["id"]))
        # The basis of the skill as the knowledge base describes it (its description).
        basis, source, why, why_zh = self.basis(r, path, _("skill '{id}' (its description)").format(id=r["id"]))
        prerequisites = self.unique_refs(r["prerequisites"] or (), path + ("prerequisites",), "skill")
        if r["levels"] is None:
            # Not a required key of the record: a skill without levels is still a skill that others refer to.
            self.err(path, say("kb-skill-no-levels", skill=r["id"]))
        if r["id"] in (p.skill for p in prerequisites):
            self.err(path + ("prerequisites",), say("kb-skill-own-prerequisite", skill=r["id"]))
        self.aliases += [(path + ("aliases", j), a, "skill", r["id"]) for j, a in enumerate(r["aliases"] or ()) if a]
        levels, levels_why, levels_why_zh = r["levels"] or ({}, "", "")
        return m.Skill(r["id"], r["name"], r["name_zh"], r["description"], exercises,
                       prerequisites, source, levels, levels_why, basis, why,
                       self.zh(r, "description"), levels_why_zh, why_zh, r["aliases"] or ())

    def exercise(self, value: Any, path: tuple) -> Optional[m.Exercise]:
        r = self.record(value, path, "exercise")
        if r is None:
            return None
        basis, source, why, why_zh = self.basis(r, path, "exercise")
        return m.Exercise(r["text"], source, basis, why, self.zh(r, "text"), why_zh)

    def unique_refs(self, items: Any, path: tuple, key: str) -> tuple:
        """The checked items of an id list with bases, each id once."""
        out, seen = [], set()
        for i, x in enumerate(items):
            if x is None:
                continue
            ident = getattr(x, key)
            if ident in seen:
                self.err(path + (i,), say("kb-listed-twice", item=ident))
                continue
            seen.add(ident)
            out.append(x)
        return tuple(out)

    def described_levels(self, value: Any, path: tuple) -> Tuple[Dict[int, m.LevelText], str, str]:
        """levels: {basis: reading, why: ..., 1: {en, zh}, 2: ..., 3: ...}: what a person at each level
        has done (0 is none), and what that reading rests on. Described levels are never the article's
        words, so their basis is always 'reading'."""
        wanted = tuple(range(1, MAX_LEVEL + 1))
        if not isinstance(value, dict):
            self.err(path, say("kb-levels-not-mapping", levels=", ".join(map(str, wanted)), got=_describe(value)))
            return {}, "", ""
        why = why_zh = ""
        if "basis" in value and value["basis"] != m.READING:
            self.err(path + ("basis",), say("kb-levels-basis", reading=m.READING, got=_describe(value["basis"])))
        if "why" in value:
            why = self.text(value["why"], path + ("why",))
        else:
            self.err(path, say("kb-levels-no-why"))
        if "why_zh" in value:
            why_zh = self.text(value["why_zh"], path + ("why_zh",))
            if "why" not in value:
                self.err(path + ("why_zh",), say("kb-no-english", key="why", zh="why_zh", what=_("levels")))
            elif why_zh and not _CJK.search(why_zh):
                self.err(path + ("why_zh",), say("kb-chinese-none", zh="why_zh"))
        elif "why" in value and kbformat.BILINGUAL:
            self.err(path + ("why",), say("kb-no-chinese", key="why", zh="why_zh", what=_("levels")))
        out: Dict[int, m.LevelText] = {}
        for key, raw in value.items():
            if key in ("basis", "why", "why_zh"):
                continue
            level = int(key) if isinstance(key, str) and key.strip().isdigit() else key
            if isinstance(key, str) and not key.strip().isdigit():
                self.err(path + (key,), say("kb-levels-unknown-key", key=key, hint=did_you_mean(key, ("basis", "why", "why_zh")),
                                            levels=", ".join(map(str, wanted))))
                continue
            if isinstance(level, bool) or level not in wanted:
                shown = key if isinstance(key, int) and not isinstance(key, bool) else _describe(key)
                self.err(path + (key,), say("kb-level-not-described", level=shown, levels=", ".join(map(str, wanted))))
                continue
            r = self.record(raw, path + (key,), "label", label=_("level {level}").format(level=level))
            if r is None:
                continue
            if r["zh"] and not _CJK.search(r["zh"]):
                self.err(path + (key, "zh"), say("kb-level-no-chinese", level=level))
            out[level] = m.LevelText(r["en"], r["zh"])
        missing = [lv for lv in wanted if lv not in out and lv not in value and str(lv) not in value]
        if missing:
            self.err(path, say("kb-level-missing" if len(missing) == 1 else "kb-levels-missing",
                              levels=", ".join(map(str, missing)), wanted=", ".join(map(str, wanted))))
        return dict(sorted(out.items())), why, why_zh

    def role(self, value: Any, path: tuple) -> Optional[m.Role]:
        r = self.record(value, path, "role")
        if r is None:
            return None
        needs = tuple(n for n in r["skills"] if n)
        if not r["skills"]:
            self.err(path + ("skills",), say("kb-role-no-skills", role=r["id"]))
        seen: set = set()
        for i, n in enumerate(needs):
            if n.skill in seen:
                self.err(path + ("skills", i, "skill"), say("kb-role-skill-twice", skill=n.skill, role=r["id"]))
            seen.add(n.skill)
        self.aliases += [(path + ("aliases", j), a, "role", r["id"]) for j, a in enumerate(r["aliases"] or ()) if a]
        return m.Role(r["id"], r["family"], r["kind"], r["name"], r["name_zh"], r["summary"],
                      needs, r["source"] or "", r["related"] or (), self.zh(r, "summary"), r["aliases"] or ())

    def skill_need(self, value: Any, path: tuple) -> Optional[m.SkillNeed]:
        n = self.record(value, path, "skill need")
        if n is None:
            return None
        basis, source, why, why_zh = self.basis(n, path, _("the need for skill '{skill}'").format(skill=n["skill"]))
        return m.SkillNeed(n["skill"], n["importance"], n["level"], basis, source, why, why_zh)

    def choice(self, allowed: Tuple[str, ...]) -> Validator:
        def check(value: Any, path: tuple) -> Any:
            if value not in allowed:
                self.err(path, say("kb-choice", value=value, allowed=", ".join(allowed),
                                  hint=did_you_mean(str(value), allowed)))
                return allowed[0]
            return value
        return check

    def comparison(self, value: Any, path: tuple) -> Optional[m.Comparison]:
        r = self.record(value, path, "comparison")
        if r is None:
            return None
        aspects = tuple(m.Aspect(d["aspect"], d["name"], d["left"], d["right"], self.zh(d, "name"))
                        for d in r["differences"] if d and d["left"] and d["right"])
        sims = tuple(s for s in r["similarities"] if s)
        for label, items, key in (("aspect", aspects, "aspect"), ("similarity", sims, "id")):
            seen: set = set()
            for item in items:
                ident = getattr(item, key)
                if ident in seen:
                    self.err(path, say("kb-duplicate", what=translate(label), id=ident))
                seen.add(ident)
        return m.Comparison(r["left"], r["right"], aspects, sims)

    def similarity(self, value: Any, path: tuple) -> Optional[m.Similarity]:
        r = self.record(value, path, "similarity")
        if r is None:
            return None
        basis, source, why, why_zh = self.basis(r, path, "similarity")
        return m.Similarity(r["id"], r["text"], source, basis, why, self.zh(r, "text"), why_zh)

    def transition(self, value: Any, path: tuple) -> Optional[m.Transition]:
        r = self.record(value, path, "transition")
        if r is None:
            return None
        basis, source, why, why_zh = self.basis(r, path, "transition (its verdict and summary)")
        if r["from"] and r["from"] == r["to"]:
            self.err(path + ("to",), say("kb-transition-loop"))
        lists = {key: self.unique_refs(r[key] or (), path + (key,), "skill")
                 for key in ("transfers", "practise_first")}
        return m.Transition(r["id"], r["from"], r["to"], r["verdict"], r["summary"],
                            tuple(a for a in r["advice"] if a), lists["transfers"],
                            lists["practise_first"], tuple(w for w in r["same_work"] or () if w),
                            basis, source, why, self.zh(r, "verdict"), self.zh(r, "summary"), why_zh)

    def same_work(self, value: Any, path: tuple) -> Optional[m.SameWork]:
        r = self.record(value, path, "same work")
        return m.SameWork(r["role"], r["text"], r["source"], self.zh(r, "text")) if r else None

    def routes(self, value: Any, path: tuple) -> Optional[m.RouteSettings]:
        r = self.record(value, path, "route settings")
        return m.RouteSettings(r["job_change_cost"], r["viable_coverage"]) if r else None

    def case(self, value: Any, path: tuple) -> Optional[m.Case]:
        r = self.record(value, path, "case")
        if r is None or r["lesson"] is None:
            return None
        steps = tuple(s for s in r["steps"] if s)
        return m.Case(r["id"], r["name"], r["name_zh"], r["summary"], r["source"], steps,
                      tuple(a for a in (r["aims"] or ()) if a), r["lesson"], self.zh(r, "summary"))

    def case_step(self, value: Any, path: tuple) -> Optional[m.CaseStep]:
        r = self.record(value, path, "case step")
        if r is None:
            return None
        basis, source, why, why_zh = self.basis(r, path, "case step")
        return m.CaseStep(r["stage"], r["functions"] or (), r["text"], source, basis, why,
                          self.zh(r, "stage"), self.zh(r, "text"), why_zh)

    # --- cross-references --------------------------------------------------------

    def check_unique_ids(self) -> None:
        """`show ID` takes any id, so families, roles, skills and cases share one namespace."""
        owner: Dict[str, str] = {}
        for kind in ("family", "role", "skill", "case"):
            for ident in self.tables[kind]:
                if ident in owner:
                    self.err((), say("kb-id-shared", id=ident, first=translate(owner[ident]), second=translate(kind)))
                owner[ident] = kind
        self.tables["entry"] = {**self.tables["family"], **self.tables["role"]}

    def check_names(self) -> None:
        """What a person types finds one entry: a name (in any case or width) that is another entry's
        name would be ambiguous, one that is another entry's id could never be reached (ids win)."""
        from promo_ops import names

        ids = {names.key(ident): (kind, ident) for kind in ("family", "role", "skill", "case")
               for ident in self.tables[kind]}
        owner: Dict[str, Tuple[str, str]] = {}
        for table, kind in (("families", "family"), ("skills", "skill"), ("roles", "role"), ("cases", "case")):
            for ident, rec in self.tables[kind].items():
                for key in ("name", "name_zh"):
                    name = getattr(rec, key)
                    form = names.key(name)
                    other = ids.get(form)
                    if other is not None and other != (kind, ident):
                        path = (table, self.index_of(table, ident), key)
                        self.err(path, say("kb-name-is-id", name=name, kind=translate(other[0]), id=other[1]))
                        continue
                    first = owner.setdefault(form, (kind, ident))
                    if first != (kind, ident):
                        path = (table, self.index_of(table, ident), key)
                        self.err(path, say("kb-name-twice", name=name, first=f"{translate(first[0])} '{first[1]}'",
                                           second=f"{translate(kind)} '{ident}'"))

    def index_of(self, table: str, ident: str) -> int:
        """Where the record with this id is in the file's table (for the position of a problem)."""
        index = self._index.get(table)
        if index is None:  # built once per table: a file with many problems must not scan it for each
            raw = self.doc.data.get(table) if isinstance(self.doc.data, dict) else None
            index = self._index[table] = {}
            for i, item in enumerate(raw or ()):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    index.setdefault(item["id"], i)
        return index.get(ident, 0)

    def check_level_names(self, levels: Any, levels_zh: Any) -> None:
        """A level's name is shown beside a skill and may be typed for it: two levels with one name,
        a name that is a number, or one of the level words promo-ops reads as another level would
        make '熟练' or '2' mean two things."""
        from promo_ops import names
        from promo_ops.questions import LEVEL_NAMES

        owner: Dict[str, int] = {}
        for key, table in (("levels", levels), ("levels_zh", levels_zh)):
            for level, name in (table or {}).items():
                if not name:
                    continue
                form = names.key(name)
                path = (key, level)
                if form.isdigit():
                    self.err(path, say("kb-level-name-number", name=name, level=level))
                    continue
                word = LEVEL_NAMES.get(form)
                if word is not None and word != level:
                    self.err(path, say("kb-level-name-word", name=name, level=level, other=word))
                    continue
                first = owner.setdefault(form, level)
                if first != level:
                    self.err(path, say("kb-level-name-twice", name=name, first=first, level=level))

    def check_aliases(self) -> None:
        """An alias names one entry: never another entry's id or name (in any case or width), and
        never the alias of another, or what a person types would be ambiguous."""
        from promo_ops import names

        taken: Dict[str, Tuple[str, str, str]] = {}  # form -> (kind, id, what it is of that entry)
        for kind in ("family", "role", "skill", "case"):
            for ident, rec in self.tables[kind].items():
                taken.setdefault(names.key(ident), (kind, ident, "id"))
                for name in (rec.name, rec.name_zh):
                    for form in names.variants(name):
                        taken.setdefault(form, (kind, ident, "name"))
        given: Dict[str, Tuple[str, str]] = {}
        for path, alias, kind, ident in self.aliases:
            if not self.alias_typeable(path, alias):
                continue
            whole = names.key(alias)
            # Every form the resolver indexes (names.variants): `xyz (内容运营)` also answers to 内容运营.
            for form in sorted(names.variants(alias), key=lambda f: (f != whole, f)):
                other = taken.get(form)
                if other is not None and other[:2] != (kind, ident):
                    of = (_("the id of {kind} '{id}'") if other[2] == "id" else _("a name of {kind} '{id}'"))
                    of = of.format(kind=translate(other[0]), id=other[1])
                    if form == whole:
                        self.err(path, say("kb-alias-taken", alias=alias, kind=translate(kind), id=ident, other=of))
                    else:
                        self.err(path, say("kb-alias-part-taken", alias=alias, kind=translate(kind), id=ident,
                                           part=form, other=of))
                    break
                first = given.setdefault(form, (kind, ident))
                if first != (kind, ident):
                    self.err(path, say("kb-alias-twice", alias=alias if form == whole else form,
                                       first=f"{translate(first[0])} '{first[1]}'",
                                       second=f"{translate(kind)} '{ident}'"))
                    break

    def alias_typeable(self, path: tuple, alias: str) -> bool:
        """An alias is for typing: one that a flag's parser would split (`--skill ID=LEVEL`, lists
        split at commas, in either width) or that names.find would not look up (too long) could never
        be typed whole."""
        if len(alias) > MAX_NAME:
            self.err(path, say("kb-alias-long", length=len(alias), limit=MAX_NAME))
            return False
        import unicodedata

        for char in ("=", ","):
            if char in unicodedata.normalize("NFKC", alias):
                self.err(path, say("kb-alias-separator", alias=alias, char=char))
                return False
        return True

    def check_refs(self) -> None:
        for path, ident, ns in self.refs:
            table = self.tables[ns]
            if ident not in table:
                what = "family or role" if ns == "entry" else ns
                self.err(path, say("kb-unknown-ref", what=translate(what), id=ident, hint=did_you_mean(ident, table)))
        for path, ident in self.track_refs:
            role = self.tables["role"].get(ident)
            if role is not None and role.kind == "post":
                if role.related:
                    self.err(path, say("kb-effect-on-post", id=ident, tracks=", ".join(role.related)))
                else:
                    self.err(path, say("kb-effect-on-post-no-track", id=ident))

    def check_choices_used(self, questions: Tuple[m.Question, ...], rules: Tuple[m.Rule, ...]) -> None:
        """A choice of interests or motives that no rule tests changes nothing: asking for it would
        mislead the person into thinking it counts."""
        used: Dict[str, set] = {}

        def walk(cond: Any) -> None:
            if cond.kind == "test":
                values = cond.value if isinstance(cond.value, tuple) else (cond.value,)
                used.setdefault(cond.fact, set()).update(values)
            for child in cond.children:
                walk(child)

        for rule in rules:
            walk(rule.when)
        for qi, q in enumerate(questions):
            if q.id not in ("interests", "motives"):
                continue
            for ci, c in enumerate(q.choices):
                if c.value not in used.get(q.id, ()):
                    self.err(("questions", qi, "choices", ci, "value"),
                             say("kb-choice-unused", question=q.id, value=c.value))

    def check_prerequisite_cycles(self, skills: Dict[str, m.Skill]) -> None:
        state: Dict[str, int] = {}  # 1 visiting, 2 done

        def visit(sid: str, trail: List[str]) -> None:
            state[sid] = 1
            for pre in (p.skill for p in skills[sid].prerequisites):
                if pre not in skills:
                    continue
                if state.get(pre) == 1:
                    cycle = trail[trail.index(pre):] + [pre] if pre in trail else [sid, pre]
                    idx = list(skills).index(sid)
                    self.err(("skills", idx, "prerequisites"),
                             say("kb-prerequisite-cycle", cycle=" -> ".join(cycle)))
                elif state.get(pre) is None:
                    visit(pre, trail + [pre])
            state[sid] = 2

        for sid in skills:
            if sid not in state:
                visit(sid, [sid])

    # --- questions and rules -------------------------------------------------------

    def facts(self, families: dict, roles: dict, skills: dict, raw_questions: Any) -> Dict[str, FactSpec]:
        def choices_of(qid: str) -> Optional[frozenset]:
            if isinstance(raw_questions, list):
                for q in raw_questions:
                    if isinstance(q, dict) and q.get("id") == qid and isinstance(q.get("choices"), list):
                        return frozenset(c.get("value") for c in q["choices"]
                                         if isinstance(c, dict) and isinstance(c.get("value"), str))
            return None

        return fact_table.specs(fact_table.Tables(families, roles, skills, choices_of))

    def questions(self, value: Any, path: tuple, facts: Dict[str, FactSpec]) -> Tuple[m.Question, ...]:
        if not isinstance(value, list):
            self.err(path, say("kb-not-table", what=_("questions"), got=_describe(value)))
            return ()
        out: List[m.Question] = []
        seen: set = set()
        for i, raw in enumerate(value):
            q = self.question(raw, path + (i,), facts, seen)
            if q is not None:
                if q.id in seen:
                    self.err(path + (i, "id"), say("kb-duplicate-id", what=_("question"), id=q.id))
                    continue
                seen.add(q.id)
                out.append(q)
        for qid in QUESTION_TYPES:
            if qid not in seen and qid not in OPTIONAL_QUESTIONS and not any(p.path.startswith("questions[") for p in self.problems):
                self.err(path, say("kb-question-missing", question=qid,
                                   questions=", ".join(q for q in QUESTION_TYPES if q not in OPTIONAL_QUESTIONS)))
        return tuple(out)

    def question(self, value: Any, path: tuple, facts: Dict[str, FactSpec], earlier: set) -> Optional[m.Question]:
        r = self.record(value, path, "question")
        if r is None or r["prompt"] is None:
            return None
        qid = r["id"]
        if qid not in QUESTION_TYPES:
            self.err(path + ("id",), say("kb-question-unknown", question=qid, hint=did_you_mean(str(qid), QUESTION_TYPES),
                                         questions=", ".join(QUESTION_TYPES)))
            return None
        if r["type"] != QUESTION_TYPES[qid]:
            self.err(path + ("type",), say("kb-question-type", question=qid, type=QUESTION_TYPES[qid],
                                           got=_describe(r["type"])))
            return None
        if r["required"] is not None and not isinstance(r["required"], bool):
            self.err(path + ("required",), say("kb-not-bool", got=_describe(r["required"])))
        choices = tuple(m.Choice(c["value"], c["label"]["en"], c["label"]["zh"])
                        for c in (r["choices"] or ()) if c and c["label"])
        values = [c.value for c in choices]
        if len(set(values)) != len(values):
            self.err(path + ("choices",), say("kb-choices-not-unique"))
        else:
            self.check_choice_labels(r["choices"] or (), path + ("choices",))
        if r["type"] in ("choice", "multi") and not choices and not r["choices_from"]:
            self.err(path, say("kb-question-no-choices", question=qid))
        if qid == "target":
            bad = [v for v in values if v not in {"auto", "any"} | set(self.tables["family"])]
            for v in bad:
                self.err(path + ("choices",), say("kb-target-choice", value=v,
                                                  hint=did_you_mean(v, {"auto", "any"} | set(self.tables["family"]))))
        when = None
        if r["when"] is not None:
            def report(p: tuple, msg: str) -> None:
                self.err(p, msg)
            when = parse_condition(r["when"], path + ("when",), facts, report)
            used = facts_used(when) if when else set()
            later = {f for f in used if fact_table.answer_of(f) not in earlier}
            for f in sorted(later):
                self.err(path + ("when",), say("kb-when-later", fact=f, question=qid))
        # The Chinese a Chinese run asks and offers: never English alone.
        if r["prompt"]["zh"] and not _CJK.search(r["prompt"]["zh"]):
            self.err(path + ("prompt", "zh"), say("kb-chinese-none", zh="zh"))
        for i, c in enumerate(r["choices"] or ()):
            if c and c["label"] and c["label"]["zh"] and not _CJK.search(c["label"]["zh"]):
                self.err(path + ("choices", i, "label", "zh"), say("kb-chinese-none", zh="zh"))
        lo, hi = r["min"], r["max"]
        if lo is not None and hi is not None and lo > hi:
            self.err(path + ("min",), say("kb-min-above-max", min=lo, max=hi))
        q = m.Question(qid, r["type"], r["prompt"]["en"], r["prompt"]["zh"], r["help"], choices,
                       r["choices_from"], r["default"], bool(r["required"]), lo, hi, when, self.zh(r, "help"))
        if r["default"] is not None:
            # A default is an answer like any other, so it meets the same validator.
            problem = check_value(q, r["default"], roles=self.tables["role"], skills=self.tables["skill"])
            if problem:
                self.err(path + ("default",), say("kb-bad-default", problem=problem))
        return q

    def check_choice_labels(self, raw: Any, path: tuple) -> None:
        """A choice's label is typed for it (in any case or width, or a bracketed part of it): one label
        that names two choices, or that is another choice's value, would be ambiguous or unreachable."""
        from promo_ops import names

        owner = {names.key(c["value"]): c["value"] for c in raw if c and c["label"]}
        for i, c in enumerate(raw):
            if not c or not c["label"]:
                continue
            for lang in ("en", "zh"):
                label = c["label"][lang]
                for form in sorted(names.variants(label), key=lambda f: (f != names.key(label), f)):
                    other = owner.setdefault(form, c["value"])
                    if other != c["value"]:
                        self.err(path + (i, "label", lang), say("kb-choice-label-twice", label=label,
                                                                value=c["value"], other=other))
                        break

    def rules(self, value: Any, path: tuple, facts: Dict[str, FactSpec]) -> Tuple[m.Rule, ...]:
        if value is None:
            return ()
        return tuple(self.table(value, path, "rules", lambda v, p: self.rule(v, p, facts)).values())

    def rule(self, value: Any, path: tuple, facts: Dict[str, FactSpec]) -> Optional[m.Rule]:
        r = self.record(value, path, "rule")
        if r is None:
            return None
        cond = parse_condition(r["when"], path + ("when",), facts, self.err)
        if not r["effects"]:
            self.err(path + ("effects",), say("kb-rule-no-effects", rule=r["id"]))
        if cond is None or r["because"] is None or any(e is None for e in r["effects"]):
            return None
        return m.Rule(r["id"], cond, tuple(r["effects"]), r["because"])

    def effect(self, value: Any, path: tuple) -> Optional[m.Effect]:
        kinds = ("score", "practise", "note", "plan")
        if not isinstance(value, dict):
            self.err(path, say("kb-effect-not-mapping", got=_describe(value)))
            return None
        present = [k for k in kinds if k in value]
        if len(present) != 1:
            self.err(path, say("kb-effect-kind",
                               hint=did_you_mean(str(next(iter(value), "")), kinds) if not present else ""))
            return None
        kind = present[0]
        if kind == "score":
            # How much a rule moves a score is never the article's number: it is a reading, with why.
            r = self.record(value, path, "score effect")
            if r is None:
                return None
            if r["basis"] not in (None, m.READING):
                self.err(path + ("basis",), say("kb-score-basis"))
            if not r["why"]:
                self.err(path, say("kb-score-no-why"))
            if bool(r["tracks"]) == bool(r["family"]):
                self.err(path, say("kb-score-target"))
                return None
            return m.Effect("score", delta=r["score"], tracks=r["tracks"] or (), family=r["family"],
                            basis=m.READING, why=r["why"] or "", why_zh=self.zh(r, "why"))
        if kind == "practise":
            r = self.record(value, path, "practise effect")
            if r is None:
                return None
            if r["tracks"] and r["family"]:
                self.err(path, say("kb-practise-target"))
                return None
            return m.Effect("practise", skills=r["practise"], tracks=r["tracks"] or (), family=r["family"])
        if kind == "plan":
            r = self.record(value, path, "plan effect")
            if r is None:
                return None
            if not r["plan"]:
                self.err(path + ("plan",), say("kb-plan-empty"))
                return None
            return m.Effect("plan", tracks=r["plan"])
        r = self.record(value, path, "note effect")
        if r is None:
            return None
        basis, source, why, why_zh = self.basis(r, path, "note")
        return m.Effect("note", text=r["note"], basis=basis, source=source, why=why,
                        text_zh=self.zh(r, "note"), why_zh=why_zh)

    def track_ref(self, value: Any, path: tuple) -> Any:
        """A role or track a rule scores or plans for. Posts are job titles listed under their
        track, never ranked themselves, so an effect on a post could never apply: refuse it."""
        value = self.ref("role")(value, path)
        if value:
            self.track_refs.append((path, value))
        return value


_KEYS: Dict[str, Tuple[kbformat.Fields, Dict[str, str], frozenset]] = {}


def _record_keys(name: str) -> Tuple[kbformat.Fields, Dict[str, str], frozenset]:
    """A record's fields, its KEY_zh -> KEY, and every key it may have: worked out once per record."""
    got = _KEYS.get(name)
    if got is None:
        fields = kbformat.RECORDS[name][0]
        zh_keys = kbformat.zh_keys(fields)
        got = _KEYS[name] = (fields, zh_keys, frozenset(fields) | frozenset(zh_keys))
    return got


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("{value} (true/false)").format(value=str(value).lower())
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return f"'{value}'" if value.strip() else _("empty text")
    return f"{value!r} ({type(value).__name__})"
