"""What a person types for an id: the id in any case, its English or Chinese name, a short form
the knowledge base lists (`aliases`), the start of a Chinese name (新媒体), or a choice's label,
in half- or full-width characters.

Exact ids are looked up first and cost nothing; the index of names is built
only when one misses, once per table. A name that fits several entries is
Ambiguous, with the candidates, so the caller can list them.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

Entry = Tuple[str, Sequence[str]]  # an id and the names it answers to


class Elsewhere(Exception):
    """The text is the whole name of an entry of another kind (a family's name where a role is
    wanted: 运营, Operation), so it is not taken as a short form of anything."""

    def __init__(self, text: str, ident: str):
        super().__init__(text)
        self.text = text
        self.ident = ident


class Ambiguous(Exception):
    def __init__(self, text: str, candidates: List[str]):
        super().__init__(text)
        self.text = text
        self.candidates = candidates


class WholeWord(Ambiguous):
    """The text is the start of a name but a word of its own that people mean otherwise, so it is
    not taken as that name's short form: the caller lists the names it starts (`candidates`)."""


# Words that are the start of a role's name but, typed alone, name something promo-ops does not
# cover: 产品 is the product side (产品经理, the product manager), which the article sets against
# operation (产品生孩子，运营养孩子: the product gives birth, operation raises), not product operation
# (产品运营). Typed alone they are an error that lists the names they start.
WHOLE_WORDS = frozenset({"产品"})


def key(text: str) -> str:
    """The form names are compared in: NFKC (full-width to half-width), case folded, one space."""
    import unicodedata

    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def variants(name: str) -> Set[str]:
    """A name and, for `搜索引擎优化（SEO）` or `Paid search (SEM)`, each part on its own."""
    whole = key(name)
    out = {whole}
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", whole)
    if match:
        out |= {match.group(1).strip(), match.group(2).strip()}
    return {v for v in out if v}


_INDEXES: Dict[Tuple[str, ...], Tuple[Dict[str, List[str]], Dict[str, List[str]]]] = {}


def _indexes(entries: Sequence[Entry]) -> Tuple[Dict[str, List[str]], Dict[str, List[str]]]:
    """Two indexes of one table: ids written another way, and names (an id written another way wins)."""
    signature = tuple(i for i, _ in entries) + tuple(n for _, names in entries for n in names)
    held = _INDEXES.get(signature)
    if held is None:
        by_id: Dict[str, List[str]] = {}
        by_name: Dict[str, List[str]] = {}
        for ident, names in entries:
            by_id.setdefault(key(ident), []).append(ident)
            for form in {v for n in names if n for v in variants(n)}:
                if ident not in by_name.setdefault(form, []):
                    by_name[form].append(ident)
        if len(_INDEXES) > 64:
            _INDEXES.clear()
        held = _INDEXES[signature] = (by_id, by_name)
    return held


def find(text: str, entries: Sequence[Entry], short_forms: bool = False,
         elsewhere: Sequence[Entry] = ()) -> Optional[str]:
    """The id `text` names among `entries`, or None; Ambiguous when it names more than one. With
    short_forms (roles, skills and the like, not a question's choices), also the start of a
    Chinese name. `elsewhere` are entries of another kind (families where a role is wanted):
    text that names one of them in full is Elsewhere, never a short form of an entry here."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    for ident, _ in entries:
        if ident == text:
            return ident
    wanted = key(text)
    indexes = _indexes(entries)
    for index in indexes:
        hits = index.get(wanted, [])
        if len(hits) > 1:
            raise Ambiguous(text, hits)
        if hits:
            return hits[0]
    if elsewhere:
        for index in _indexes(elsewhere):
            hits = index.get(wanted, [])
            if hits:
                raise Elsewhere(text, hits[0])
    return _short_form(text, wanted, indexes[1]) if short_forms else None


def _cjk(ch: str) -> bool:
    """A Chinese character (the unified ideographs, their compatibility forms and Extension B on).
    A comparison, not a pattern: compiling a character class this wide costs 3 ms every run."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003ffff"


def _short_form(text: str, wanted: str, by_name: Dict[str, List[str]]) -> Optional[str]:
    """Chinese short forms, as people type them: the start of a Chinese name (新媒体 for 新媒体运营
    or 新媒体推广). Two Chinese characters at least; the entries whose names start so, or None."""
    if len(wanted) < 2 or not _cjk(wanted[0]):
        return None
    hits: List[str] = []
    for form, idents in by_name.items():
        if form.startswith(wanted):
            hits += [i for i in idents if i not in hits]
    if hits and wanted in WHOLE_WORDS:
        raise WholeWord(text, hits)
    if len(hits) > 1:
        raise Ambiguous(text, hits)
    return hits[0] if hits else None


def suggest(text: str, entries: Sequence[Entry], shown: Optional[Dict[str, str]] = None) -> str:
    """A "did you mean" over ids, names in both languages and aliases (竟价 finds 竞价, so sem),
    each candidate shown as `shown` has it (a Chinese name in a Chinese run) when the text was
    typed in Chinese, else as its id.
    Two Chinese characters with one wrong are as near as a word is, so Chinese gets a lower bar."""
    from promo_ops.errors import closest
    from promo_ops.messages import _

    if not isinstance(text, str):
        return ""
    ids = {key(ident): ident for ident, _ in entries}
    forms: Dict[str, str] = {}
    for ident, names_ in entries:
        for n in names_:
            for v in (variants(n) if n else ()):
                forms.setdefault(v, ident)
    wanted = key(text)
    # Names are longer than ids and share words (Big company, Small company): a higher bar in
    # Latin letters; in Chinese two characters with one wrong (竟价) are as near as it gets.
    chinese = any(map(_cjk, wanted))
    bar = (0.5 if len(wanted) <= 3 else 0.6) if chinese else 0.8
    hits = [ids[f] for f in closest(wanted, ids)]
    if not hits:  # names only when no id is near: an id typed with a slip means that id
        near = [f for f in closest(wanted, forms, cutoff=bar) if wanted in f or _ratio(wanted, f) >= bar]
        for ident in (forms[f] for f in near):
            if ident not in hits:
                hits.append(ident)
    if not hits and chinese and len(wanted) >= 2:
        # A short form typed with a slip (竟价 for 竞价, the start of 竞价推广): the starts of Chinese names
        # as long as the text, as find() takes short forms.
        starts: Dict[str, List[str]] = {}
        for form, ident in _all_forms(entries):
            if len(form) > len(wanted) and _cjk(form[0]):
                owners = starts.setdefault(form[:len(wanted)], [])
                if ident not in owners:
                    owners.append(ident)
        for start in closest(wanted, starts, cutoff=bar):
            if _ratio(wanted, start) >= bar:
                hits += [i for i in starts[start] if i not in hits]
    if not hits:
        return ""
    shown = (shown or {}) if chinese else {}  # typed in Latin letters: the id, as typed
    return _(" (did you mean {candidates}?)").format(
        candidates=_(" or ").join(f"'{shown.get(h, h)}'" for h in hits))


def listed(idents: Sequence[str], entries: Sequence[Entry]) -> str:
    """Entries for a message: their ids in English; in a Chinese run, each Chinese name with its id
    (产品运营（product-operation）), names being the second of an entry's names."""
    from promo_ops.messages import language

    if language() != "zh":
        return ", ".join(idents)
    zh = {ident: names_[1] for ident, names_ in entries if len(names_) > 1 and names_[1]}
    return "、".join(f"{zh[i]}（{i}）" if i in zh else i for i in idents)


def _all_forms(entries: Sequence[Entry]) -> List[Tuple[str, str]]:
    """(form, id) for every form of every name of every entry."""
    return [(v, ident) for ident, names_ in entries for n in names_ if n for v in variants(n)]


def _ratio(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio()


def entries(records: Iterable[object]) -> List[Entry]:
    """(id, names) of knowledge-base records that have `name`, `name_zh` and maybe `aliases`."""
    return [(r.id, (r.name, r.name_zh, *getattr(r, "aliases", ())))  # type: ignore[attr-defined]
            for r in records]
