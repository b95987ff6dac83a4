"""One advise run as a session: the answers (asked for by the interview when a terminal may ask),
the advice handed to the caller's `emit`, then the --save and --report writes, and after a full
interview the offer to save. Every file is written after the last question, so Ctrl-C at any
prompt leaves nothing behind.

Kept apart from interview.py: a run that cannot ask (flags, an answers file, --json in a
script) never imports the interview's code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional

from promo_ops import questions
from promo_ops.errors import InputError, did_you_mean
from promo_ops.messages import _
from promo_ops.model import KnowledgeBase
from promo_ops.record import Record

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from promo_ops.interview import Prompter


class Request(Record):
    """What advise was asked for, apart from the answers the interview may add."""

    __slots__ = ("flags", "file_answers", "file_doc", "file_name", "track", "explain", "save", "report", "force",
                 "what_if", "today")
    _defaults = {"file_answers": None, "file_doc": None, "file_name": "", "track": None, "explain": False,
                 "save": None, "report": None, "force": False, "what_if": None, "today": None}

    flags: Mapping[str, Any]
    file_answers: Optional[Mapping[str, Any]]
    file_doc: Any
    file_name: str
    track: Optional[str]
    explain: bool
    save: Optional[str]
    report: Optional[str]
    force: bool
    what_if: Optional[Mapping[str, int]]  # levels to show the advice as if reached (--what-if)
    today: Optional[Callable[[], str]]  # the clock that dates a saved plan (YYYY-MM-DD); None: the system's


SAVE_NAME = "promo-ops-plan.yaml"


def session(kb: KnowledgeBase, req: Request, prompter: Optional[Prompter], *, full: bool,
            emit: Callable[[Dict[str, Any]], None], report_text: Callable[[Dict[str, Any]], str],
            report_is_ours: Callable[[str], bool]) -> Dict[str, Any]:
    """One advise run: answers (asking what the prompter may ask), the advice handed to `emit`,
    then --save and --report. After a full interview without --save, the answers are offered
    for saving once the advice is shown; every file is written after the last question, so
    Ctrl-C at any prompt leaves nothing behind."""
    from promo_ops import advisor, results

    interview = None
    if prompter is not None:
        from promo_ops.interview import Interview  # only a run that may ask pays for the interview's code

        interview = Interview(kb, prompter, full=full)
    if interview is not None and req.track is not None and kb.resolve(req.track, ("roles",)) not in kb.roles:
        # Known only after the answers is whether the track can be reached; an id that does not exist
        # at all is said before a single question, not after all of them.
        raise InputError("unknown-id", id=req.track, hint=did_you_mean(req.track, kb.roles))
    if interview is None:
        profile = questions.resolve(kb, req.flags, req.file_answers, None, file_doc=req.file_doc,
                                    file_name=req.file_name)
    else:
        profile = interview.resolve(req.flags, req.file_answers, req.file_doc, req.file_name)
        if interview.asked:
            interview.p.tell("")  # a blank line between the last question and the advice
    advice = advisor.advise(kb, profile, req.track)
    hypothesis = None
    if req.what_if:
        from promo_ops import plan

        hypothesis = plan.what_if(kb, advice, req.what_if, req.track)
    result = results.advise(kb, advice, req.explain, hypothesis)

    def write_save(path: str, force: bool) -> None:
        """The plan file: the answers as stated, the track, the practice plan, dated today."""
        from promo_ops import knowledge, plan  # only a run that saves pays for the plan file's code
        from promo_ops.fileio import files, planfile

        made = plan.make(kb, advice, req.today() if req.today else _system_today(), knowledge.content_digest(kb))
        if not force:
            planfile.refuse_losing_progress(path)
        files.write_atomic(path, planfile.dump(made, path), is_ours=planfile.is_ours, force=force)

    def write_report() -> None:
        if req.report:
            from promo_ops.fileio import files  # only a run that writes pays for the writer

            files.write_atomic(req.report, report_text(result), is_ours=report_is_ours, force=req.force)

    if interview is None or not full or not interview.asked or req.save:
        if req.save:
            write_save(req.save, req.force)
        write_report()
        emit(result)
        return result
    emit(result)
    while True:
        name = interview.offer_save(SAVE_NAME)
        if name is None:
            break
        try:
            write_save(name, False)
        except InputError as exc:
            interview.p.tell(str(exc), "error")
            continue
        interview.p.tell(_("Saved. Next time: promo-ops advise --answers {name}; record practice with "
                           "promo-ops progress {name}").format(name=name), "note")
        break
    write_report()
    return result


def _system_today() -> str:
    import datetime

    return datetime.date.today().isoformat()
