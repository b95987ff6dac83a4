"""Cohort mode: advise over many answer sets, one JSON result per line, in input order.

Input is JSON Lines (one answers object per line, exactly as --answers reads
one) or CSV as survey tools and spreadsheets export it:

- the bytes are UTF-8 (with or without a byte-order mark) unless --encoding
  names another encoding; bytes that are not UTF-8 are an error that names
  `--encoding gb18030`, the encoding Excel on Chinese Windows saves CSV in
  (no guessing: a wrong guess would turn every cell into other characters);
  a UTF-16 byte-order mark (Excel's "Unicode text") is read as UTF-16;
- the delimiter is a comma, or a tab or semicolon when the header has those
  and no comma (Excel in some locales, tab-separated "Unicode text");
- a column is a question by its id, its flag (`role`), its prompt in English
  or Chinese (the knowledge base's `questions`), or by a mapping given with
  --columns; a column `PROMPT [SKILL]` (a Google Forms grid) gives one skill's
  level; any other column (a timestamp, a name, an e-mail) is ignored with one
  warning naming it, or is an error with --strict;
- a cell holds an id (any case), a choice label or name in English or
  Chinese; `interests` cells hold several, separated by `;`, `,` or `、`
  (Google Forms joins checkboxes with ", "), `skills` cells hold
  `SKILL=LEVEL` pairs.

Each row goes through the same validator as --answers, every problem in a row
is reported, and a bad row becomes an error object for the line its record
starts on; the run goes on.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import unicodedata
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from promo_ops import advisor, names, questions, results
from promo_ops.fileio import answerfile, textfile
from promo_ops.errors import InputError, PromoOpsError, did_you_mean
from promo_ops.messages import _, language, say
from promo_ops.model import KnowledgeBase, Profile, Question
from promo_ops import clean

Row = Tuple[int, Optional[Dict[str, Any]], List[str]]  # line, answers, and the problems found reading it
Warn = Callable[[str], None]

# Encodings people name for Chinese Windows exports; GB18030 is the superset of them all.
GB_ALIASES = {"gbk", "gb2312", "cp936", "ms936", "euc-cn", "euc_cn", "gb18030"}
KNOWN_ENCODINGS = ("utf-8", "gb18030", "big5", "cp1252", "latin-1", "utf-16", "shift_jis")
LIST_SEPARATORS = re.compile(r"[;,，；、\n]+")
SKILL_PAIR = re.compile(r"\s*([^=:：;,，；、\n]+?)\s*[=:：]\s*([^\s;,，；、=]+)")
GRID = re.compile(r"^(.*?)\s*[\[［](.+?)[\]］]\s*$")


# --- bytes to text -----------------------------------------------------------------------

def decode(raw: bytes, name: str, encoding: Optional[str] = None) -> str:
    """A cohort file's text: UTF-8 (a BOM allowed) unless `encoding` names another."""
    import codecs

    if encoding is None:
        utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        codec = "utf-16" if utf16 else "utf-8-sig"
    else:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            info = None
        if info is None or not getattr(info, "_is_text_encoding", True):
            raise InputError("encoding-unknown", encoding=encoding,
                             hint=did_you_mean(encoding.lower(), KNOWN_ENCODINGS)) from None
        codec = "gb18030" if info.name in GB_ALIASES else "utf-8-sig" if info.name == "utf-8" else info.name
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        where = dict(name=name, line=line, column=column, byte=f"0x{raw[exc.start]:02x}")
        if codec == "utf-8-sig":
            raise InputError("batch-not-utf8", **where) from None
        raise InputError("batch-bad-bytes", encoding=encoding, **where) from None
    return text[1:] if text.startswith("\ufeff") else text


def detect(name: str, text: str) -> str:
    lowered = name.lower()
    if lowered.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "jsonl" if text.lstrip().startswith("{") else "csv"


# --- JSON Lines ----------------------------------------------------------------------------

def jsonl_rows(text: str) -> Iterator[Row]:
    for number, line in jsonl_lines(text):
        yield jsonl_row(number, line)


def jsonl_lines(text: str) -> Iterator[Tuple[int, str]]:
    """The lines that hold a row, with their numbers (parsing each is left to whoever takes it)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield number, line


_DECODER: List[Any] = []


def _exact_json(line: str) -> Any:
    """The row's value when it is plainly within the limits (few brackets, no run of digits longer
    than an integer may be) and parses: the value `textfile.parse_json` gives, with the integers
    read by the json module's own parser, not one call each; None for anything else, which goes
    the full way."""
    opens = line.count("[") + line.count("{")
    if opens > textfile.ROW.depth or line.count(",") + opens >= textfile.ROW.values:
        return None
    if not _DECODER:
        import json

        _DECODER.append(json.JSONDecoder(object_pairs_hook=answerfile.no_duplicate_keys).decode)
    if _LONG_DIGITS.search(line):  # perhaps an integer over the limit (or only a long string of digits)
        return None
    try:
        return _DECODER[0](line)
    except Exception:  # noqa: BLE001 - the full way says what is wrong
        return None


# An integer's digits are one run in the text: none longer than the limit, no integer over it.
_LONG_DIGITS = re.compile("[0-9]{%d}" % (textfile.MAX_INT_DIGITS + 1))


def jsonl_row(number: int, line: str) -> Row:
    data = _exact_json(line)
    if type(data) is dict:
        return number, data, []
    return _full_row(number, line)


def _full_row(number: int, line: str) -> Row:
    """A row read the way an answers file is, with every limit and every message."""
    try:
        data = textfile.parse_json(line, f"line {number}", answerfile.no_duplicate_keys, textfile.ROW)
    except ValueError as exc:
        return number, None, [say("row-not-json", problem=exc)]
    except textfile.DocumentError as exc:  # over a limit: too deep, too many values, too long a number
        return number, None, [exc.problems[0].message]
    if not isinstance(data, dict):
        return number, None, [say("row-not-object")]
    return number, data, []


# --- columns -------------------------------------------------------------------------------

def norm(text: str) -> str:
    """How headers and cells are compared: NFKC (full-width to plain), case-folded, spaces collapsed,
    without the punctuation forms put at the end of a question."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = " ".join(text.split())
    return text.rstrip(" ?:*.!")


def parse_columns(specs: Sequence[str]) -> Dict[str, str]:
    """`--columns role=岗位,years=年限` (repeatable) as {question or flag name: column header}."""
    out: Dict[str, str] = {}
    for spec in specs:
        for part in spec.split(","):
            if not part.strip():
                continue
            key, sep, header = part.partition("=")
            if not sep or not key.strip() or not header.strip():
                raise InputError("columns-form", part=part.strip())
            out[key.strip()] = header.strip()
    return out


def read_column_map(text: str, name: str) -> Dict[str, str]:
    """A mapping file (YAML or JSON): question id or flag name -> column header."""
    from promo_ops.fileio import textfile

    try:
        data = answerfile.parse_answers(text, name, textfile.COLUMNS).data
    except textfile.DocumentError as exc:
        raise InputError("input-unreadable", exc.problems, what="columns file", name=name) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                             for k, v in data.items()):
        raise InputError("columns-file-form", name=name)
    return {k.strip(): v.strip() for k, v in data.items()}


def _question_names(kb: KnowledgeBase) -> Dict[str, str]:
    """Every way a header may name a question -> its id."""
    known: Dict[str, str] = {}
    for q in kb.questions:
        flag = questions.FLAGS.get(q.id, "").lstrip("-")
        for name in (q.id, q.id.replace("_", " "), q.id.replace("_", "-"), flag, q.prompt_en, q.prompt_zh):
            if name:
                known.setdefault(norm(name), q.id)
    return known


# Words a survey's own header uses for each question (问卷星, 腾讯问卷, a spreadsheet typed by
# hand): a header that is one of them, or a Chinese header that holds one of one question only.
HEADER_WORDS: Dict[str, Tuple[str, ...]] = {
    "current_role": ("岗位", "职位", "当前岗位", "现在的岗位", "岗位名称"),
    "years": ("年限", "工作年限", "从业年限", "几年", "工龄"),
    "company_type": ("公司类型", "公司"),
    "target": ("目标", "想转", "转向", "方向"),
    "interests": ("兴趣", "喜欢", "爱好"),
    "motives": ("原因", "动机"),
    "skills": ("技能",),
}
# A question number in front of a header: `1、`, `1.`, `Q1.`, `第1题`, `(1)`.
QUESTION_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*题|q\s*\d+|[(（]\s*\d+\s*[)）]|\d+)\s*[、.．:：)）]?\s*", re.IGNORECASE)


def _unnumbered(header: str) -> str:
    """A header without the question number survey tools put in front of it."""
    stripped = QUESTION_NUMBER.sub("", header, count=1)
    return stripped if stripped.strip() else header


def _header_word(key: str, taken: Any) -> Optional[str]:
    """The one question a Chinese header names by a word of HEADER_WORDS, or None (none, or several)."""
    hits = {qid for qid, words in HEADER_WORDS.items() if key in words}
    if not hits and re.search("[\u3400-\u9fff]", key):
        hits = {qid for qid, words in HEADER_WORDS.items() if any(w in key for w in words)}
    hits -= set(taken)
    return hits.pop() if len(hits) == 1 else None


def _mapped_question(kb: KnowledgeBase, key: str) -> str:
    """A --columns key (question id or flag name) as a question id."""
    ids = [q.id for q in kb.questions]
    flags = {questions.FLAGS.get(i, "").lstrip("-"): i for i in ids}
    if key in ids:
        return key
    if key in flags:
        return flags[key]
    raise InputError("columns-unknown-question", key=key, hint=did_you_mean(key, ids + list(flags)),
                     keys=", ".join(ids))


def _skills_table(kb: KnowledgeBase) -> List[names.Entry]:
    return names.entries(kb.skills.values())


def _find(text: str, table: Sequence[names.Entry]) -> Optional[str]:
    """The id a cell names, or None (the validator then says what is wrong, ambiguity included)."""
    try:
        return names.find(text.strip(), table, short_forms=True)
    except names.Ambiguous:
        return None


class Column:
    """What one column of the header gives: an answer, one skill's level, or nothing."""

    __slots__ = ("index", "header", "question", "skill")

    def __init__(self, index: int, header: str, question: Optional[str] = None, skill: Optional[str] = None):
        self.index = index
        self.header = header
        self.question = question
        self.skill = skill

    def label(self) -> str:
        return f"'{self.header}'" if self.header else _("column {n} (no name)").format(n=self.index + 1)


def map_header(kb: KnowledgeBase, header: List[str], name: str, columns: Mapping[str, str],
               strict: bool, warn: Optional[Warn]) -> List[Column]:
    """Each column's meaning; unknown columns are warned about once (or are an error with strict)."""
    by_header = {norm(h): _mapped_question(kb, k) for k, h in columns.items()}
    present = {norm(h) for h in header}
    missing = [h for k, h in columns.items() if norm(h) not in present]
    if missing:
        raise InputError("columns-not-in-header", name=name, columns=", ".join(f"'{h}'" for h in missing),
                         header=", ".join(f"'{h}'" for h in header if h))
    known = _question_names(kb)
    skills_names = {n for n, qid in known.items() if qid == "skills"}
    skill_table = _skills_table(kb)  # for a grid column's [SKILL]
    out: List[Column] = []
    for i, h in enumerate(header):
        key = norm(h)
        column = Column(i, h)
        if key in by_header:
            column.question = by_header[key]
        elif key in known or norm(_unnumbered(h)) in known:
            column.question = known.get(key) or known[norm(_unnumbered(h))]
        else:
            grid = GRID.match(_unnumbered(h))
            if grid and norm(grid.group(1)) in skills_names:
                column.skill = _find(grid.group(2), skill_table)
        out.append(column)
    # Then the survey's own words (1、你现在的岗位是？, 技能), for questions no header named exactly;
    # a question two such headers name is left to --columns.
    taken = {c.question for c in out if c.question}
    guessed = {c.index: _header_word(norm(_unnumbered(c.header)), taken)
               for c in out if c.question is None and c.skill is None and c.index not in
               {i for i, h in enumerate(header) if norm(h) in by_header}}
    counts: Dict[str, int] = {}
    for qid in guessed.values():
        if qid:
            counts[qid] = counts.get(qid, 0) + 1
    for c in out:
        qid = guessed.get(c.index)
        if qid and counts[qid] == 1:
            c.question = qid
    seen: Dict[Any, Column] = {}
    for c in out:
        target = c.question or (("skill", c.skill) if c.skill else None)
        if target is None:
            continue
        if target in seen:
            raise InputError("csv-column-twice", name=name, first=seen[target].label(), second=c.label(),
                             question=c.question or c.skill)
        seen[target] = c
    if not any(c.question == "current_role" for c in out):
        raise InputError("csv-no-role-column", name=name)
    unknown = [c for c in out if c.question is None and c.skill is None]
    if unknown:
        listed = ", ".join(c.label() + did_you_mean(c.header, [q.id for q in kb.questions]) for c in unknown)
        if strict:
            raise InputError("csv-unknown-columns", name=name, columns=listed)
        if warn is not None:
            warn(say("csv-ignored-columns", name=name, columns=listed))
    return out


# --- cells ---------------------------------------------------------------------------------

class Cells:
    """Turns the cells survey tools write into answers: several choices in one cell split on the
    separators forms use (labels may hold spaces: `People and community`), skill names paired with
    levels. Single names, labels and ids in any case the validator takes itself (names.py)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.skill_ids = _skills_table(kb)
        self.choice: Dict[str, List[names.Entry]] = {
            q.id: [(c.value, (c.label_en, c.label_zh)) for c in q.choices] for q in kb.questions}

    def value(self, q: Question, cell: str) -> Any:
        if q.type == "multi":
            return self._many(q, cell)
        if q.type == "skills":
            return self.skills(cell)
        return cell

    def _many(self, q: Question, cell: str) -> str:
        table = self.choice[q.id]
        whole = _find(cell, table) if LIST_SEPARATORS.search(cell) else None
        if whole is not None:  # one label with a separator in it (推广太累，运营轻松)
            return whole
        out: List[str] = []
        for piece in LIST_SEPARATORS.split(cell):
            piece = piece.strip()
            if piece:  # a label, or ids separated by spaces as on the command line
                out.append(_find(piece, table) or piece)
        return ",".join(out)

    def skills(self, cell: str) -> str:
        """`Copywriting=2; 产品原型=1` as `copywriting=2,prototyping=1`; anything else as it is,
        for the validator to say what is wrong with it."""
        cell = questions.width(cell)  # 文案＝２: full-width = and digits, as half-width
        pairs = SKILL_PAIR.findall(cell)
        rest = SKILL_PAIR.sub("", cell)
        if not pairs or LIST_SEPARATORS.sub("", rest).strip():
            return cell.replace(";", ",")
        return ",".join(f"{_find(sid, self.skill_ids) or sid}={level}" for sid, level in pairs)

    def level(self, cell: str) -> str:
        """A grid cell: `2`, `working`, `2 - working`: the level, as the validator reads levels."""
        match = re.match(r"\s*(\d+)\b", cell)
        return match.group(1) if match else cell.strip()


# --- CSV -----------------------------------------------------------------------------------

def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "," in first:
        return ","
    return "\t" if first.count("\t") >= first.count(";") and "\t" in first else (";" if ";" in first else ",")


class CsvRows:
    """The rows of a CSV cohort file; after the header is read, `columns` says which column
    gives which question (for messages)."""

    def __init__(self, kb: KnowledgeBase, text: str, name: str, columns: Mapping[str, str],
                 strict: bool, warn: Optional[Warn]) -> None:
        self.kb, self.text, self.name = kb, text, name
        self.mapping, self.strict, self.warn = columns, strict, warn
        self.columns: Dict[str, str] = {}

    def __iter__(self) -> Iterator[Row]:
        kb, name = self.kb, self.name
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=_delimiter(self.text))
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError("csv-header-unreadable", name=name, problem=exc) from None
        header = [clean.text(h).strip() for h in header]
        mapped = map_header(kb, header, name, self.mapping, self.strict, self.warn)
        used = [c for c in mapped if c.question or c.skill]
        self.columns = {c.question: c.header for c in used if c.question}
        by_id = {q.id: q for q in kb.questions}
        cells = Cells(kb)
        ended = reader.line_num
        while True:
            start = ended + 1  # a record starts on the line after the one the previous record ended on
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                ended = reader.line_num
                yield start, None, [say("csv-row-unreadable", problem=exc)]
                continue
            ended = reader.line_num
            if not any(c.strip() for c in record):
                continue
            if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
                yield start, None, [say("csv-row-long", cells=len(record), columns=len(header))]
                continue
            row: Dict[str, Any] = {}
            grid: List[str] = []
            for c in used:
                cell = record[c.index].strip() if c.index < len(record) else ""
                if cell == "":
                    continue  # an empty cell is an unanswered question: the default applies
                if c.skill is not None:
                    grid.append(f"{c.skill}={cells.level(cell)}")
                else:
                    row[c.question] = cells.value(by_id[c.question], cell)
            if grid:
                row["skills"] = ",".join(([row["skills"]] if row.get("skills") else []) + grid)
            yield start, row, []


# --- rows to results -------------------------------------------------------------------------

def row_problems(kb: KnowledgeBase, data: Mapping[str, Any], columns: Mapping[str, str]) -> List[str]:
    """Every problem with one row's answers (the validator stops at the first)."""
    problems = []
    for key in data:
        if key not in questions.ANSWER_KEYS:
            problems.append(say("answers-unknown-key", key=key, hint=did_you_mean(str(key), questions.ANSWER_KEYS),
                                keys=", ".join(questions.ANSWER_KEYS)))
    for q in kb.questions:
        column = columns.get(q.id)
        where = _(" (column '{column}')").format(column=column) if column and column != q.id else ""
        if q.id in data:
            try:
                questions.coerce(q, data[q.id], roles=kb.roles, skills=kb.skills, families=kb.families)
            except questions.AnswerError as exc:
                problems.append(say("row-bad-answer", question=questions.question_shown(q), column=where, problem=exc))
        elif q.required and q.when is None:
            problems.append(say("row-missing", question=questions.question_shown(q), column=where))
    return problems


class Answers:
    """A fast path for the common row: every answer already in its exact form (an id for a choice,
    a whole number in range, a list of ids, a mapping of skill ids to levels 0-3). Such a row has
    no problem, and its profile is what `questions.resolve` makes of it; `profile` gives that
    profile, or None for any other row, which goes through the validator (`row_problems`, then
    `resolve`) for its messages and its readings of names. A test checks both paths agree."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.usable = all(q.when is None for q in kb.questions)  # a `when` needs the facts: the validator's
        self.plan: List[Tuple[str, str, bool, Any, Any]] = []  # id, type, required, allowed, default
        for q in kb.questions:
            allowed: Any = None
            if q.type in ("choice", "multi"):
                values = questions._choices(q, kb.roles, kb.skills)
                # An id a multi answer's separators would split is left to the validator.
                allowed = {v: i for i, v in enumerate(values)
                           if q.type == "choice" or (v.isascii() and not re.search(r"[\s,;、]", v))}
            elif q.type == "integer":
                allowed = (q.min if q.min is not None else 0, q.max if q.max is not None else 10**6)
            elif q.type == "skills":
                allowed = frozenset(kb.skills)
            else:  # pragma: no cover - a type the validator knows and this path does not
                self.usable = False
            default = None if q.required else questions._default(q, kb)
            self.plan.append((q.id, q.type, q.required, allowed, default))
        self.ids = frozenset(q.id for q in kb.questions)

    def profile(self, data: Mapping[str, Any]) -> Optional[Profile]:
        if not self.usable:
            return None
        ids = self.ids
        for key in data:
            if key not in ids:
                return None
        values: Dict[str, Any] = {}
        sources: Dict[str, str] = {}
        for qid, kind, required, allowed, default in self.plan:
            if qid not in data:
                if required:
                    return None
                values[qid], sources[qid] = default, "default"
                continue
            value = data[qid]
            if kind == "choice":
                if value is None and not required:
                    pass
                elif type(value) is not str or value not in allowed:
                    return None
            elif kind == "integer":
                if type(value) is not int or not allowed[0] <= value <= allowed[1]:
                    return None
            elif kind == "multi":
                if type(value) is not list:
                    return None
                for item in value:
                    if type(item) is not str or item not in allowed:
                        return None
                value = tuple(sorted(dict.fromkeys(value), key=allowed.__getitem__))
            else:
                if type(value) is not dict:
                    return None
                for sid, level in value.items():
                    if sid not in allowed or type(level) is not int or not 0 <= level <= questions.MAX_LEVEL:
                        return None
                value = dict(sorted(value.items()))
            values[qid], sources[qid] = value, "file"
        return Profile(values["current_role"], values.get("years"), values.get("company_type"),
                       values.get("target") or "auto", tuple(values.get("interests") or ()),
                       dict(values.get("skills") or {}), tuple(values.get("motives") or ()), sources)


class ResultCache:
    """Each distinct profile's result line (after its line number), for the rows that repeat it.

    Cohorts from surveys often repeat a profile, and a repeat then costs a dictionary lookup. The
    cache holds at most `limit` bytes (its entries as Python counts them): when full it keeps what it
    has and stores nothing more. It turns itself off, and frees what it holds, when fewer than
    `MIN_HITS` of the last `WINDOW` rows were repeats, so a cohort of distinct people pays little
    for it. Only rows that gave a result are kept, so a row found here is known to be valid.
    """

    WINDOW = 1000
    MIN_HITS = 0.05  # the share of a window's rows that must be repeats to keep the cache on

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: Dict[Tuple[str, bytes], bytes] = {}  # kept as UTF-8: half the memory of Chinese text
        self.on = limit > 0
        self.bytes = self.peak = 0
        self.lookups = self.hits = 0
        self.off_after: Optional[int] = None  # rows looked up when it turned itself off
        self._window = self._window_hits = 0

    def key(self, data: Mapping[str, Any]) -> Optional[Tuple[str, bytes]]:
        """The key of one row's answers: their exact structure (marshal keeps order and types), and the
        run's language, which every text of the result is in; None when the cache is off."""
        if not self.on:
            return None
        import marshal

        try:
            return (language(), marshal.dumps(data))
        except ValueError:  # pragma: no cover - rows hold only what JSON and CSV give
            return None

    def get(self, key: Tuple[str, bytes]) -> Optional[bytes]:
        found = self.entries.get(key)
        self.lookups += 1
        self._window += 1
        if found is not None:
            self.hits += 1
            self._window_hits += 1
        if self._window >= self.WINDOW:
            if self._window_hits < self.MIN_HITS * self._window:
                self.off()
            self._window = self._window_hits = 0
        return found

    def put(self, key: Tuple[str, bytes], kept: bytes) -> None:
        if not self.on:
            return
        size = sys.getsizeof(kept) + sys.getsizeof(key[1]) + 120  # the two byte strings, the key's tuple, the slot
        if self.bytes + size > self.limit:
            return
        self.entries[key] = kept
        self.bytes += size
        self.peak = max(self.peak, self.bytes)

    def judge(self, looked: int, hits: int) -> None:
        """The rows a probe looked at before any was advised, and how many repeated an earlier one: the
        cache turns off, as it would have after being asked for those rows, when too few repeated."""
        if looked >= self.WINDOW and hits < self.MIN_HITS * looked:
            self.lookups, self.hits = looked, hits
            self.off()

    def share(self, processes: int) -> None:
        """Before forking: each process may keep its share of the bound, and keeps what it inherits
        only if that fits."""
        self.limit //= processes
        if self.bytes > self.limit:
            self.entries = {}
            self.bytes = 0

    def off(self) -> None:
        self.on = False
        self.off_after = self.lookups
        self.entries = {}
        self.bytes = 0

    def report(self) -> Dict[str, Any]:
        return {"lookups": self.lookups, "hits": self.hits, "entries": len(self.entries), "bytes": self.bytes,
                "peak": self.peak, "limit": self.limit, "off_after": self.off_after}


class Work:
    """One process's share of a cohort: each row to its output line, with the caches that make
    repeated profiles and shared pieces cheap."""

    def __init__(self, kb: KnowledgeBase, name: str, columns: Callable[[], Mapping[str, str]],
                 cache_bytes: int, parse: Optional[Callable[[int, str], Row]] = None) -> None:
        self.kb, self.name, self.columns = kb, name, columns
        self.parse = parse  # what makes a row of what a worker is handed, if it is not a row already
        self.encoder = results.CohortEncoder(kb)
        self.cache = ResultCache(cache_bytes)
        self.answers = Answers(kb)

    def line(self, number: int, data: Optional[Dict[str, Any]], problems: List[str]) -> Tuple[str, bool]:
        """The row's output line (without its newline), and whether it is an error object."""
        line, bad = self.encoded(number, data, problems)
        return line.decode("utf-8"), bad

    def encoded(self, number: int, data: Optional[Dict[str, Any]], problems: List[str]) -> Tuple[bytes, bool]:
        """The row's output line as UTF-8 (without its newline), and whether it is an error object."""
        kb, encoder = self.kb, self.encoder
        key = profile = None
        if not problems and data is not None:
            key = self.cache.key(data)
            if key is not None:
                kept = self.cache.get(key)
                if kept is not None:
                    return encoder.head_bytes(number) + kept, False
            profile = self.answers.profile(data)
            if profile is None:
                problems = row_problems(kb, data, self.columns())
        message = None
        if problems:
            message = f"{self.name}:{number}: " + "; ".join(problems)
        else:
            try:
                if profile is None:
                    profile = questions.resolve(kb, {}, data, file_name=f"{self.name}:{number}")
                rest = encoder.rest(advisor.advise(kb, profile))
            except PromoOpsError as exc:
                message = "; ".join(exc.lines())
            else:
                if key is not None:
                    self.cache.put(key, rest)
                return encoder.head_bytes(number) + rest, False
        return encoder.error(number, clean.text(message)).encode("utf-8"), True


class Stats:
    """What a cohort run did, for --stats: rows, processes, and each process's result cache."""

    def __init__(self) -> None:
        self.rows = self.failed = 0
        self.processes = 1
        self.why_one = ""  # why one process ran when more were asked for
        self.caches: List[Dict[str, Any]] = []


MAX_JOBS = 64
CACHE_BYTES = 64 * 1024 * 1024  # the result caches' bound, shared among the processes
CHUNK = 200  # rows a worker process takes at a time
MIN_PARALLEL_CHUNKS = 2  # fewer chunks than this run in one process: starting workers would cost more


def usable_cores() -> int:
    """The cores this process may run on (its affinity, which containers and `taskset` narrow)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run(kb: KnowledgeBase, name: str, text: str, write: Callable[[str], None],
        progress: Optional[Callable[[int, int], None]] = None, *,
        columns: Optional[Mapping[str, str]] = None, strict: bool = False,
        warn: Optional[Warn] = None, jobs: int = 1, bar: Optional[Callable[[int], Any]] = None,
        stats: Optional[Stats] = None, cache_bytes: int = CACHE_BYTES,
        write_bytes: Optional[Callable[[bytes], None]] = None) -> Tuple[int, int]:
    """Advise on every row; returns (rows, failed rows).

    `columns` maps a question id or flag name to the CSV header that holds it
    (--columns); `warn` receives one-line warnings (the columns ignored).
    `jobs` processes share the rows (parallel.py), writing in input order;
    `bar(total)`, a context manager giving a (line, total) callable or None,
    is started once the workers are (the same as passing `progress`).
    `write_bytes`, when given, takes the workers' lines as UTF-8 (the same
    text as `write` would get, without decoding it on the way).
    """
    import gc

    # The tables of kept pieces (advisor.Engine.kept, the encoder's) grow to tens of thousands of
    # objects, which every full collection would walk for nothing: rows make next to no cycles.
    # Young objects are still collected; the oldest generation waits until the run ends.
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], 1 << 30)
    try:
        return _run(kb, name, text, write, progress, columns=columns, strict=strict, warn=warn, jobs=jobs,
                    bar=bar, stats=stats if stats is not None else Stats(), cache_bytes=cache_bytes,
                    write_bytes=write_bytes)
    except MemoryError:
        raise InputError("input-too-big-for-memory", what="batch file", name=name, size=f"{len(text):,}") from None
    finally:
        gc.set_threshold(*threshold)


def _run(kb: KnowledgeBase, name: str, text: str, write: Callable[[str], None],
         progress: Optional[Callable[[int, int], None]], *, columns: Optional[Mapping[str, str]], strict: bool,
         warn: Optional[Warn], jobs: int, bar: Optional[Callable[[int], Any]], stats: Stats,
         cache_bytes: int, write_bytes: Optional[Callable[[bytes], None]]) -> Tuple[int, int]:
    from contextlib import nullcontext

    csv_rows = CsvRows(kb, text, name, dict(columns or {}), strict, warn) if detect(name, text) == "csv" else None
    rows: Any = csv_rows if csv_rows is not None else jsonl_rows(text)
    total = text.count("\n") or 1
    no_columns: Dict[str, str] = {}
    mapped = (lambda: csv_rows.columns) if csv_rows is not None else (lambda: no_columns)
    start_bar = bar if bar is not None else (lambda total: nullcontext(progress))
    if jobs > 1:
        return _shared(kb, name, text, write, csv_rows, mapped, jobs, start_bar, total, stats, cache_bytes,
                       write_bytes)
    work = Work(kb, name, mapped, cache_bytes)
    emit = _emitter(write, write_bytes)
    done = failed = 0
    with start_bar(total) as moved:
        for number, data, problems in rows:
            line, bad = work.encoded(number, data, problems)
            failed += bad
            emit(line)
            done += 1
            if moved is not None:
                moved(number, total)
    stats.rows, stats.failed = done, failed
    stats.caches = [work.cache.report()]
    return done, failed


def _emitter(write: Callable[[str], None], write_bytes: Optional[Callable[[bytes], None]]) -> Callable[[bytes], None]:
    """What writes one line given as UTF-8: `write_bytes` as it is, else `write` the text."""
    if write_bytes is not None:
        return lambda line: write_bytes(line + b"\n")
    return lambda line: write(line.decode("utf-8") + "\n")


PROBE = 1000  # rows looked at first (not advised), to see whether the cohort repeats itself
REPEATS_FOR_ONE = 0.7  # the share of repeats in the probe's second half that keeps a cohort in one process


def _shared(kb: KnowledgeBase, name: str, text: str, write: Callable[[str], None], csv_rows: Optional[CsvRows],
            mapped: Callable[[], Mapping[str, str]], jobs: int, start_bar: Callable[[int], Any], total: int,
            stats: Stats, cache_bytes: int, write_bytes: Optional[Callable[[bytes], None]]) -> Tuple[int, int]:
    """Cohort mode on `jobs` processes, or on this one when that would be slower.

    Whether the rows repeat is told from the first PROBE rows themselves, before any advice is
    made: a cohort whose rows repeat (most of the probe's second half are rows seen before in it)
    stays here, where the result cache serves repeats faster than moving their lines between
    processes would. Otherwise every row is shared out (parallel.py) from the start; the result
    cache is turned off first when the probe found fewer repeats than it keeps itself on for, as
    one process's cache would turn itself off after those rows.
    """
    from promo_ops import parallel

    # Read before the workers start, which share it: a CSV's rows (a record may span lines, so they
    # are read in order), or the lines of JSON Lines, which each worker parses itself.
    listed: List[Any] = list(csv_rows) if csv_rows is not None else list(jsonl_lines(text))
    parse = None if csv_rows is not None else jsonl_row
    work = Work(kb, name, mapped, cache_bytes, parse=parse)
    extra = max(0, len(listed) - PROBE)  # rows past the probe: too few of them, and one process is faster
    why = parallel.why_one_process(-(-extra // CHUNK), MIN_PARALLEL_CHUNKS)
    if why is None:
        looked, hits, later_looked, later_hits = _repeats(listed[:PROBE], parse is not None)
        if later_looked and later_hits >= REPEATS_FOR_ONE * later_looked:
            why = _("the rows repeat: one process serves repeats faster than several")
    if why is None:
        chunks = [listed[i:i + CHUNK] for i in range(0, len(listed), CHUNK)]
        jobs = min(jobs, len(chunks))
        work.cache.judge(looked, hits)
        work.cache.share(jobs)
        stats.rows, stats.failed = parallel.run(work, chunks, jobs, write, start_bar, total, stats, write_bytes,
                                                key=_line_role if parse is not None else _row_role)
        return stats.rows, stats.failed
    stats.why_one = why
    emit = _emitter(write, write_bytes)
    done = failed = 0
    with start_bar(total) as moved:
        for item in listed:
            number, data, problems = parse(*item) if parse is not None else item
            line, bad = work.encoded(number, data, problems)
            emit(line)
            done += 1
            failed += bad
            if moved is not None:
                moved(number, total)
    stats.rows, stats.failed = done, failed
    stats.caches = [work.cache.report()]
    return done, failed


def _repeats(items: List[Any], lines: bool) -> Tuple[int, int, int, int]:
    """How many of these rows repeat an earlier one: (rows, repeats) over all of them and over their
    second half. A JSON Lines row is its line's text; a CSV row, the answers read from it (marshal
    keeps their order and types, as the result cache's key does). Nothing is advised to tell."""
    import marshal

    seen = set()
    hits = later_hits = 0
    half = len(items) // 2
    for n, item in enumerate(items):
        if lines:
            key: Any = item[1].strip()
        else:
            try:
                key = marshal.dumps(item[1])
            except ValueError:  # pragma: no cover - rows hold only what CSV gives
                key = n
        repeat = key in seen
        seen.add(key)
        hits += repeat
        if n >= half:
            later_hits += repeat
    return len(items), hits, len(items) - half, later_hits


def _line_role(item: Tuple[int, str]) -> Optional[str]:
    """The text of a JSON Lines row's current role, found without parsing it (only to share rows
    out among processes: any answer is correct, a good one keeps like rows together)."""
    line = item[1]
    at = line.find('"current_role"')
    if at < 0:
        return None
    start = line.find('"', line.find(":", at + 14) + 1)
    return line[start:line.find('"', start + 1)] if start > 0 else None


def _row_role(item: Row) -> Any:
    """A CSV row's current role as its cell says it (the same use as _line_role)."""
    data = item[1]
    return data.get("current_role") if data else None


def default_jobs() -> Tuple[int, str]:
    """Processes for a cohort when --jobs is not given: the usable cores, or 1 (and why) when there is
    one, or when the machine is too busy to give a second process a core of its own (there, in
    measurements, parallel was as often slower as faster)."""
    cores = usable_cores()
    if cores == 1:
        return 1, _("one usable core")
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - no load average here
        return cores, ""
    if cores - load < 1:
        return 1, _("the machine is busy: load {load} on {cores} cores").format(load=f"{load:.1f}", cores=cores)
    return cores, ""


def describe(stats: Stats, seconds: float) -> str:
    """--stats: one line on what the run did and what its result cache held."""
    mib = 1024 * 1024
    caches = stats.caches
    total = {k: sum(c[k] or 0 for c in caches) for k in ("lookups", "hits", "entries", "bytes", "peak", "limit")}
    offs = [c["off_after"] for c in caches]  # workers inherit the first rows' count, so the largest is the run's
    size = dict(peak=f"{total['peak'] / mib:.1f}", limit=f"{total['limit'] / mib:.0f}")
    if all(off is not None for off in offs):
        cache = say("cohort-cache-off", after=f"{max(offs):,}", share=f"{ResultCache.MIN_HITS:.0%}", **size)
    else:
        cache = say("cohort-cache", hits=f"{total['hits']:,}", lookups=f"{total['lookups']:,}",
                    entries=f"{total['entries']:,}", size=f"{total['bytes'] / mib:.1f}", **size)
    if stats.processes == 1:
        processes = say("cohort-one-process", why=f" ({stats.why_one})" if stats.why_one else "")
    else:
        processes = say("cohort-processes", n=stats.processes)
    return say("cohort-stats", rows=f"{stats.rows:,}", seconds=f"{seconds:.2f}",
               rate=f"{stats.rows / seconds if seconds > 0 else 0:,.0f}", processes=processes, cache=cache)
