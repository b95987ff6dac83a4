"""Cohort mode: advise over many answer sets, one JSON result per line, in input order.

Input is JSON Lines (one answers object per line) or CSV with one column per
question, as survey tools export them (`interests` and `skills` cells hold
lists: `writing;people`, `copywriting=2 prototyping=1`). Each row goes through
the same validator as --answers; a bad row becomes an error object for its
line and the run goes on.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Dict, Iterator, Optional, Tuple

from promo_ops import advisor, questions, results
from promo_ops.fileio import answerfile
from promo_ops.errors import InputError, PromoOpsError
from promo_ops.model import KnowledgeBase
from promo_ops import clean

Row = Tuple[int, Optional[Dict[str, Any]], Optional[str]]  # line, answers, or why it could not be read


def detect(name: str, text: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "jsonl" if text.lstrip().startswith("{") else "csv"


def jsonl_rows(text: str) -> Iterator[Row]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, object_pairs_hook=answerfile.no_duplicate_keys)
        except ValueError as exc:
            yield number, None, f"not valid JSON: {exc}"
            continue
        if not isinstance(data, dict):
            yield number, None, "a row must be a JSON object of question ids to answers"
            continue
        yield number, data, None


def csv_rows(text: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InputError("csv-header-unreadable", problem=exc) from None
    header = [h.strip() for h in header]
    from promo_ops.errors import did_you_mean

    for h in header:
        if h not in questions.ANSWER_KEYS:
            raise InputError("csv-unknown-column", column=h, hint=did_you_mean(h, questions.ANSWER_KEYS),
                             columns=", ".join(questions.ANSWER_KEYS))
    if len(set(header)) != len(header):
        raise InputError("csv-column-twice")
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, None, f"the CSV row cannot be read: {exc}"
            continue
        number = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield number, None, f"the row has {len(cells)} cells; the header has {len(header)}"
            continue
        row = {}
        for name, cell in zip(header, cells):
            cell = cell.strip()
            if cell == "":
                continue  # an empty cell is an unanswered question: the default applies
            row[name] = cell.replace(";", ",") if name in ("interests", "skills") else cell
        yield number, row, None


def run(kb: KnowledgeBase, name: str, text: str, write: Callable[[str], None],
        progress: Optional[Callable[[int, int], None]] = None) -> Tuple[int, int]:
    """Advise on every row; returns (rows, failed rows)."""
    rows = jsonl_rows(text) if detect(name, text) == "jsonl" else csv_rows(text)
    total = text.count("\n") or 1
    done = failed = 0
    encoder = results.CohortEncoder(kb)
    for number, data, problem in rows:
        if problem is None:
            try:
                profile = questions.resolve(kb, {}, data, file_name=f"line {number}")
                line = encoder.advice(number, advisor.advise(kb, profile))
            except PromoOpsError as exc:
                problem = "; ".join(exc.lines())
        if problem is not None:
            failed += 1
            line = encoder.error(number, clean.text(problem))
        write(line + "\n")
        done += 1
        if progress is not None:
            progress(number, total)
    return done, failed
