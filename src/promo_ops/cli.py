"""The command line: parse arguments, call the core, hand the result to a renderer.

Each command is a short adapter: it parses its options, calls one core
function and passes the result to `emit`, which picks the renderer from the
registry in render/. No domain logic lives here. Errors a user can cause
become one line on stderr and an exit code (see errors.py); anything else is
reported as an internal error with a request to report it, never as a bare
traceback.

Commands are plain functions registered on a Typer app by `build`, through
Typer's public decorator API; a run that names its command builds only that
one (building every command's parameters costs milliseconds of each run).
"""

import os
import sys
from types import SimpleNamespace
from typing import Any, Callable, Dict, List, Optional, Tuple

import typer
import typer.core

from promo_ops import __version__, knowledge
from promo_ops.errors import (
    EXIT_KB,
    EXIT_OK,
    EXIT_USAGE,
    KnowledgeBaseError,
)
from promo_ops.messages import N_, say
from promo_ops.model import KnowledgeBase

# Typer 0.27 vendors click and re-exports only BadParameter; its bases are click's own
# UsageError and ClickException, which is how usage errors are told apart without private imports.
click_exc = SimpleNamespace(**{c.__name__: c for c in typer.BadParameter.__mro__
                               if c.__name__ in ("UsageError", "ClickException")})

PROG = "promo-ops"

HELP = N_("""Example: promo-ops advise --role sem --skill copywriting=2

Career-transition advice between promotion (推广: SEO, paid search, feed ads,
new-media and offline promotion) and operation (运营: content, user, activity
and product operation), in either direction.

More examples:

  promo-ops advise                       (asks its questions in a terminal)

  promo-ops compare promotion operation

  promo-ops paths seo product-operation

  promo-ops roles --family operation

  promo-ops show money-calendar --json

Exit codes: 0 ok, 1 internal error, 2 bad usage or input,
3 invalid knowledge base, 130 interrupted.
""")
KB_HELP = N_("Example: promo-ops kb validate my-roles.yaml\n\nWork with knowledge-base files.")
SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 80}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit(0)


def _root(
    ctx: typer.Context,
    kb: Optional[str] = typer.Option(
        None, "--kb", metavar="PATH",
        help=N_("Knowledge base to use instead of the built-in one (also $PROMO_OPS_KB)."),
    ),
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help=N_("Print the version and exit.")),
    no_color: bool = typer.Option(False, "--no-color", help=N_("No colours or styles in text output (also $NO_COLOR).")),
    no_pager: bool = typer.Option(False, "--no-pager",
                                  help=N_("Print long text output instead of showing it in $PAGER (less).")),
    lang: Optional[str] = typer.Option(
        None, "--lang", metavar="LANG",
        help=N_("en or zh. Default: $PROMO_OPS_LANG, then the locale (LANG=zh_CN.UTF-8 picks zh), then en."),
    ),
) -> None:
    from promo_ops import messages

    from promo_ops import render

    messages.set_language(messages.choose(lang, os.environ))  # strict: an unknown --lang is an error
    render.TERMINAL.update(color=not no_color, pager=not no_pager)
    ctx.obj = {"kb": kb}
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def _kb_root(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def _load(ctx: typer.Context) -> KnowledgeBase:
    from promo_ops import render

    root = ctx.find_root()
    kb = knowledge.load((root.obj or {}).get("kb"))
    render.use_names(kb)  # text and Markdown name what they show; JSON keeps the ids
    from promo_ops.entry import long_lived

    long_lived()
    return kb


class _PipeClosed(Exception):
    """The reader of our output went away (`| head`): not an error, just the end."""


def write(text: str) -> None:
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        raise _PipeClosed from None
    except OSError as exc:  # a full disk, say
        from promo_ops.errors import InputError

        raise InputError("output-failed", problem=exc.strerror or exc) from None


def write_utf8(data: bytes) -> None:
    """UTF-8 text as it is, when stdout is UTF-8 (cohort lines from worker processes); otherwise
    decoded and written as `write` would, so the output encoding's escapes apply the same."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    buffer = getattr(stream, "buffer", None)
    if encoding not in ("utf-8", "utf8") or buffer is None:
        write(data.decode("utf-8"))
        return
    try:
        stream.flush()  # anything already written as text goes first
        buffer.write(data)
    except BrokenPipeError:
        raise _PipeClosed from None
    except OSError as exc:  # a full disk, say
        from promo_ops.errors import InputError

        raise InputError("output-failed", problem=exc.strerror or exc) from None


def emit(command: str, result: Any, fmt: Optional[str], as_json: bool) -> None:
    """Print a result in the form asked for (render.choose checks it is one the command offers)."""
    from promo_ops import render

    form = render.choose(command, fmt, as_json)
    show(render.render(result, form), form)


def show(text: str, form: str) -> None:
    """Print a rendered result; long text for a terminal goes through the pager."""
    if form == "text":
        from promo_ops import render

        if render.TERMINAL["pager"]:
            from promo_ops.render import pager

            command = pager.wanted(text)
            if command is not None and pager.page(text, command):
                return
    write(text)


# --- shell completion (`--show-completion`, `--install-completion`) --------------------------
# Each returns (value, help) pairs for what is being typed; they run only when a shell asks,
# never in an ordinary run.

def _complete_kb(ctx: typer.Context) -> KnowledgeBase:
    return knowledge.load((ctx.find_root().params or {}).get("kb"))


def _completer(kind: str) -> Callable[..., List[Tuple[str, str]]]:
    def complete(ctx: typer.Context, incomplete: str) -> List[Tuple[str, str]]:
        try:
            kb = _complete_kb(ctx)
        except Exception:  # noqa: BLE001 - a shell asking for completions is never shown an error
            return []
        pairs: List[Tuple[str, str]] = []
        if kind in ("roles", "entries", "moves"):
            if kind != "roles":
                pairs += [(f.id, f.name) for f in kb.families.values()]
            pairs += [(r.id, r.name) for r in kb.roles.values()]
            if kind == "entries":
                pairs += [(s.id, s.name) for s in kb.skills.values()]
                pairs += [(c.id, c.name) for c in kb.cases.values()]
        elif kind == "families":
            pairs = [(f.id, f.name) for f in kb.families.values()]
        elif kind == "tracks":
            pairs = [(r.id, r.name) for r in kb.roles.values() if r.family == "operation" or r.kind != "role"]
        elif kind == "skills":
            pairs = [(f"{s.id}=", s.name) for s in kb.skills.values()]
        else:  # a question's choices
            question = next((q for q in kb.questions if q.id == kind), None)
            pairs = [(c.value, c.label_en) for c in question.choices] if question else []
        return [(value, name) for value, name in pairs if value.startswith(incomplete)]

    return complete


def _complete_formats(command: str) -> Callable[..., List[str]]:
    def complete(incomplete: str) -> List[str]:
        from promo_ops.render import formats_for

        return [f for f in formats_for(command) if f.startswith(incomplete)]

    return complete


def _format_option(command: str) -> Any:
    from promo_ops.render import formats_for  # the registry module imports no renderer

    forms = formats_for(command)
    english = N_("Output form: {forms} (default text).")
    values = {"forms": ", ".join(forms)}
    option = typer.Option(None, "--format", metavar="FORMAT", autocompletion=_complete_formats(command),
                          help=english.format(**values))
    option.__dict__.update(promo_ops_english=english, promo_ops_values=values)  # for _localised
    return option


ROLES_HELP = N_("""Example: promo-ops roles --family operation

List the promotion roles, operation tracks and operation posts.
""")
SKILLS_HELP = N_("""Example: promo-ops skills --json

List the skills, and which roles need each.
""")
SHOW_HELP = N_("""Example: promo-ops show money-calendar

Show one entry of the knowledge base in full: a family (with its
classifications), a role or track, a skill (with exercises) or a case.
""")
VALIDATE_HELP = N_("""Example: promo-ops kb validate my-roles.yaml

Check a knowledge base: 0 and a one-line summary when valid; 3 and every
problem (file:line:column) when not.
""")
COMPARE_HELP = N_("""Example: promo-ops compare promotion operation

Side by side: two families (the article's differences and similarities),
two roles (shared and missing skills, the transition score each way, what
to practise), or a role beside a family. The order sets the columns.

More examples:

  promo-ops compare sem content-operation

  promo-ops compare content-operation promotion --json
""")


JSON_OPT = typer.Option(False, "--json", help=N_("Same as --format json: one JSON object (schema in promo_ops/schemas)."))


def roles_cmd(
    ctx: typer.Context,
    family: Optional[str] = typer.Option(None, "--family", metavar="FAMILY", autocompletion=_completer("families"), help=N_("Only this family: promotion or operation.")),
    fmt: Optional[str] = _format_option("roles"),
    as_json: bool = JSON_OPT,
) -> None:
    from promo_ops import views

    emit("roles", views.roles(_load(ctx), family), fmt, as_json)


def skills_cmd(ctx: typer.Context, fmt: Optional[str] = _format_option("skills"), as_json: bool = JSON_OPT) -> None:
    from promo_ops import views

    emit("skills", views.skills(_load(ctx)), fmt, as_json)


def show_cmd(
    ctx: typer.Context,
    entry_id: str = typer.Argument(..., metavar="ID", autocompletion=_completer("entries"), help=N_("A family, role, track, post, skill or case id.")),
    fmt: Optional[str] = _format_option("show"),
    as_json: bool = JSON_OPT,
) -> None:
    from promo_ops import views

    emit("show", views.show(_load(ctx), entry_id), fmt, as_json)


def validate_cmd(
    ctx: typer.Context,
    path: Optional[str] = typer.Argument(None, metavar="[PATH]", help=N_("File to check; default: the one in use.")),
    fmt: Optional[str] = _format_option("kb validate"),
    as_json: bool = JSON_OPT,
) -> None:
    from promo_ops import render, views

    form = render.choose("kb validate", fmt, as_json)
    target = knowledge.resolve_path(path or (ctx.find_root().obj or {}).get("kb"))
    try:
        kb = knowledge.load(target)
    except KnowledgeBaseError as exc:
        if form != "json":
            raise
        emit("kb validate", views.validate_failure(target, list(exc.problems)), form, False)
        raise typer.Exit(EXIT_KB) from None
    emit("kb validate", views.validate_summary(kb), form, False)


ADVISE_HELP = N_("""Example: promo-ops advise --role sem --skill copywriting=2 --interest writing

Which track to move into, why, what transfers, and what to practise, in order.

In a terminal with no answer given, advise interviews you: your role and
a few questions, the skills your role assumes (confirm or change them),
then the skills that matter where you could move, one at a time on
described levels, a recap you can correct, the advice, and an offer to save
your answers. Ctrl-C at any point stops without writing anything.

Answers come from flags, then --answers FILE, then questions, then each
question's default. With any answer given as a flag or in a file, only a
missing --role is asked. Without a terminal (or with --no-input) nothing is
asked: a missing --role is an error.

More examples:

  promo-ops advise                          (the interview, in a terminal)

  promo-ops advise --answers me.yaml --json

  promo-ops advise --role content-operation --company small --target promotion

  promo-ops advise --role seo --interest people --explain

  promo-ops advise --role sem --save me.yaml --report advice.md
""")


def advise_cmd(
    ctx: typer.Context,
    role: Optional[str] = typer.Option(None, "--role", metavar="ID", autocompletion=_completer("roles"), help=N_("Your current role or track id (`promo-ops roles`).")),
    years: Optional[str] = typer.Option(None, "--years", metavar="N", help=N_("Years in it (whole number).")),
    company: Optional[str] = typer.Option(None, "--company", metavar="TYPE", autocompletion=_completer("company_type"), help=N_("product, marketing or small.")),
    target: Optional[str] = typer.Option(None, "--target", metavar="SIDE", autocompletion=_completer("target"), help=N_("auto (the other side), operation, promotion or any.")),
    interest: Optional[List[str]] = typer.Option(None, "--interest", metavar="NAME", autocompletion=_completer("interests"), help=N_("What you enjoy; repeat: writing, people, product, events, selling.")),
    motive: Optional[List[str]] = typer.Option(None, "--motive", metavar="NAME", autocompletion=_completer("motives"), help=N_("Why you want to move, if one fits; repeat: no-growth (promotion has nothing to learn or no room to grow), tiring.")),
    skill: Optional[List[str]] = typer.Option(None, "--skill", metavar="ID=LEVEL", autocompletion=_completer("skills"), help=N_("A skill level 0-3; repeat. Overrides what your role assumes.")),
    track: Optional[str] = typer.Option(None, "--track", metavar="ID", autocompletion=_completer("tracks"), help=N_("Plan for this track instead of the best one.")),
    answers_file: Optional[str] = typer.Option(None, "--answers", metavar="FILE", help=N_("Answers in YAML or JSON; - reads standard input.")),
    no_input: bool = typer.Option(False, "--no-input", help=N_("Never ask; fail if a required answer is missing.")),
    save: Optional[str] = typer.Option(None, "--save", metavar="FILE", help=N_("Write the answers you gave (never a default), in the form --answers reads (an interview then does not offer to).")),
    report: Optional[str] = typer.Option(None, "--report", metavar="FILE.md", help=N_("Write the advice as a Markdown document.")),
    force: bool = typer.Option(False, "--force", help=N_("Let --save and --report overwrite a file promo-ops did not write.")),
    explain: bool = typer.Option(False, "--explain", help=N_("Show every rule, fired or not, and how each score was built.")),
    batch: Optional[str] = typer.Option(None, "--batch", metavar="FILE", help=N_("Cohort mode: JSON Lines or CSV of many answer sets (- for standard input); one JSON result per line.")),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="NAME", help=N_("With --batch: the file's encoding (default UTF-8, with or without BOM); gb18030 for Excel on Chinese Windows.")),
    columns: Optional[List[str]] = typer.Option(None, "--columns", metavar="Q=COLUMN,...", help=N_("With --batch: which CSV column holds which question, e.g. role=岗位,years=年限.")),
    columns_file: Optional[str] = typer.Option(None, "--columns-file", metavar="FILE", help=N_("With --batch: the same mapping in a YAML or JSON file (question: column).")),
    strict: bool = typer.Option(False, "--strict", help=N_("With --batch: a CSV column that names no question is an error, not a warning.")),
    jobs: Optional[int] = typer.Option(None, "--jobs", metavar="N", help=N_("With --batch: processes to share the rows (default: the usable cores); the output is the same for any N.")),
    stats: bool = typer.Option(False, "--stats", help=N_("With --batch: one line on stderr at the end: rows, processes, and the result cache's hits and memory.")),
    what_if: Optional[List[str]] = typer.Option(None, "--what-if", metavar="SKILL=LEVEL", help=N_("Also show the ranking and plan as if you had reached this level; repeat. Changes no file.")),
    fmt: Optional[str] = _format_option("advise"),
    as_json: bool = JSON_OPT,
) -> None:
    from promo_ops import render, session
    from promo_ops.fileio import answerfile

    form = render.choose("advise", fmt, as_json)
    kb = _load(ctx)
    if batch is not None:
        given = [name for name, value in (("--role", role), ("--years", years), ("--company", company),
                                          ("--target", target), ("--interest", interest), ("--motive", motive),
                                          ("--skill", skill), ("--track", track), ("--answers", answers_file), ("--save", save),
                                          ("--report", report), ("--explain", explain),
                                          ("--what-if", what_if)) if value]
        if given:
            from promo_ops.errors import InputError

            raise InputError("batch-with-answers", flags=", ".join(given))
        raise typer.Exit(_batch(kb, batch, encoding, columns or [], columns_file, strict, jobs, stats))
    cohort_only = [name for name, value in (("--encoding", encoding), ("--columns", columns),
                                            ("--columns-file", columns_file), ("--strict", strict),
                                            ("--jobs", jobs is not None), ("--stats", stats)) if value]
    if cohort_only:
        from promo_ops.errors import InputError

        raise InputError("batch-only", flags=", ".join(cohort_only))
    flags = {"current_role": role, "years": years, "company_type": company, "target": target,
             "interests": list(interest) if interest else None, "motives": list(motive) if motive else None,
             "skills": list(skill) if skill else None}
    if what_if and save:
        from promo_ops.errors import InputError

        raise InputError("what-if-with-save")
    file_answers, file_doc = None, None
    if answers_file is not None:
        file_answers, file_doc = answerfile.read_answers(*_read_input(answers_file, "answers file"))
        saved_plan = getattr(file_doc, "plan", None)
        if saved_plan is not None:  # a plan file: its answers, and its track unless --track says otherwise
            _warn_kb(saved_plan, kb, knowledge.content_digest(kb))
            if track is None:
                track = _plan_track(kb, saved_plan)
    levels_if = None
    if what_if:
        from promo_ops import plan

        levels_if = plan.parse_what_if(kb, what_if)  # checked before any question is asked
    prompter = None
    if not no_input and answers_file != "-" and _stdin_is_terminal():
        from promo_ops.render.prompt import Prompter

        prompter = Prompter()
    # The bare command interviews; with any answer given, only a missing required one is asked.
    full = answers_file is None and all(v is None for v in flags.values())
    request = session.Request(flags, file_answers, file_doc, "", track, explain, save, report, force, levels_if,
                                _today)
    session.session(kb, request, prompter, full=full, emit=lambda result: show(render.render(result, form), form),
                      report_text=_markdown_report, report_is_ours=_markdown_is_ours)


def _markdown_report(result: Any) -> str:
    from promo_ops.render import markdown

    return markdown.advise(result)


def _markdown_is_ours(existing: str) -> bool:
    from promo_ops.render import markdown

    return markdown.is_ours(existing)


PROGRESS_HELP = N_("""Example: promo-ops progress me.yaml --done content-planning.1

How far a saved plan (`promo-ops advise ... --save me.yaml`) has come: each
skill's level then and now, each exercise's state, progress as a percentage,
the track's score when the plan was made and now, and what would help most
next. With a change, it is recorded in the file first, dated, and the old
file is replaced in one step; a change that does not apply changes nothing.

Progress is done / (exercises - skipped): skipping an exercise takes it out
of the plan. Dates are today's, or $PROMO_OPS_TODAY (YYYY-MM-DD) if set.

More examples:

  promo-ops progress me.yaml --done copywriting.1 --skip copywriting.2

  promo-ops progress me.yaml --level content-planning=1

  promo-ops progress me.yaml --format markdown > progress.md
""")


def progress_cmd(
    ctx: typer.Context,
    path: str = typer.Argument(..., metavar="FILE", help=N_("A plan file written by advise --save.")),
    done: Optional[List[str]] = typer.Option(None, "--done", metavar="SKILL.N", help=N_("Mark exercise N of a skill done; repeat.")),
    doing: Optional[List[str]] = typer.Option(None, "--doing", metavar="SKILL.N", help=N_("Mark it in progress; repeat.")),
    skip: Optional[List[str]] = typer.Option(None, "--skip", metavar="SKILL.N", help=N_("Skip it (it leaves the percentage); repeat.")),
    todo: Optional[List[str]] = typer.Option(None, "--todo", metavar="SKILL.N", help=N_("Mark it to do again; repeat.")),
    level: Optional[List[str]] = typer.Option(None, "--level", metavar="SKILL=LEVEL", help=N_("A level you judge you have reached, 0-3; repeat.")),
    force: bool = typer.Option(False, "--force", help=N_("Let --level lower a level.")),
    fmt: Optional[str] = _format_option("progress"),
    as_json: bool = JSON_OPT,
) -> None:
    from promo_ops import plan, render, results
    from promo_ops.fileio import files, planfile

    form = render.choose("progress", fmt, as_json)
    kb = _load(ctx)
    the_plan, doc = planfile.read(*_read_input(path, "plan file"))
    view = planfile.AnswersView(doc, the_plan)
    digest = knowledge.content_digest(kb)
    states = [(flag, value) for flag, values in (("--done", done), ("--doing", doing), ("--skip", skip),
                                                 ("--todo", todo)) for value in values or ()]
    if states or level:
        if path == "-":
            from promo_ops.errors import InputError

            raise InputError("progress-stdin")
        the_plan = plan.apply(kb, the_plan, states, list(level or ()), _today(), force=force, doc=view)
        files.write_atomic(path, planfile.dump(the_plan, path), is_ours=planfile.is_ours)
    _warn_kb(the_plan, kb, digest)
    emit("progress", results.progress(plan.progress(kb, the_plan, digest, view), path), form, False)


def _today() -> str:
    """Today's date, or $PROMO_OPS_TODAY (YYYY-MM-DD) for scripts and tests."""
    value = os.environ.get(TODAY_VAR, "").strip()
    if not value:
        import datetime

        return datetime.date.today().isoformat()
    from promo_ops.fileio import planfile

    if not planfile.valid_date(value):
        from promo_ops.errors import InputError

        raise InputError("today-bad", var=TODAY_VAR, value=value)
    return value


TODAY_VAR = "PROMO_OPS_TODAY"


def _warn_kb(the_plan: Any, kb: KnowledgeBase, digest: str) -> None:
    from promo_ops import plan
    from promo_ops.messages import _

    if plan.kb_differs(the_plan, kb, digest):
        made = the_plan.kb.version or the_plan.kb.digest[:19] or "?"
        now = plan.stamp(kb, digest)
        _err(_("warning: the plan was made with another knowledge base ({made}; now {now}); what it no longer "
               "has is reported, and scores may differ").format(made=made, now=now.version or now.digest[:19] or "?"))


def _plan_track(kb: KnowledgeBase, saved_plan: Any) -> Optional[str]:
    """The track a plan file is for, if the knowledge base still has it; else a warning and None."""
    role = kb.roles.get(saved_plan.track)
    if role is None or role.kind == "post":
        from promo_ops.messages import _

        _err(_("warning: the plan's track '{track}' is not in this knowledge base; advising for the best track")
             .format(track=saved_plan.track))
        return None
    return role.id


def compare_cmd(
    ctx: typer.Context,
    left: str = typer.Argument(..., metavar="A", autocompletion=_completer("moves"), help=N_("A family, role, track or post id.")),
    right: str = typer.Argument(..., metavar="B", autocompletion=_completer("moves"), help=N_("Another one.")),
    fmt: Optional[str] = _format_option("compare"),
    as_json: bool = JSON_OPT,
) -> None:
    from promo_ops import compare, results

    emit("compare", results.compare(compare.compare(_load(ctx), left, right)), fmt, as_json)


PATHS_HELP = N_("""Example: promo-ops paths seo user-operation

Routes of jobs from one role to another, best first, with what to learn at
each step (skill and levels). Your skills start from your profile (--skill,
--answers, else what FROM needs) and grow along a route, so nothing is
learned twice. A step costs the levels the next job needs that you lack, each
weighted by its importance there, plus a fixed cost for the change of job
(from the knowledge base). The lowest cost comes first, then routes whose
every move is viable (you already cover enough of the next job), then the
smallest hardest step, then the fewest moves.

More examples:

  promo-ops paths sem product-operation --skill prototyping=2 --max 5

  promo-ops paths seo user-operation --answers me.yaml --json

  promo-ops paths seo user-operation --format mermaid > route.md

  promo-ops paths seo user-operation --format dot | dot -Tpng > route.png
""")


def paths_cmd(
    ctx: typer.Context,
    start: str = typer.Argument(..., metavar="FROM", autocompletion=_completer("roles"), help=N_("Where you are: a role, track or post id.")),
    end: str = typer.Argument(..., metavar="TO", autocompletion=_completer("roles"), help=N_("Where you want to be.")),
    skill: Optional[List[str]] = typer.Option(None, "--skill", metavar="ID=LEVEL", autocompletion=_completer("skills"), help=N_("A skill level 0-3; repeat. Overrides what FROM assumes.")),
    answers_file: Optional[str] = typer.Option(None, "--answers", metavar="FILE", help=N_("Answers in YAML or JSON (as advise reads them; FROM replaces current_role); - reads standard input.")),
    limit: int = typer.Option(3, "--max", metavar="N", help=N_("How many routes (1-50); the direct move is always listed.")),
    fmt: Optional[str] = _format_option("paths"),
    as_json: bool = JSON_OPT,
) -> None:
    from promo_ops import paths, render, results

    form = render.choose("paths", fmt, as_json)
    file_answers, file_doc = None, None
    if answers_file is not None:
        from promo_ops.fileio import answerfile

        file_answers, file_doc = answerfile.read_answers(*_read_input(answers_file, "answers file"))
    kb = _load(ctx)
    result = results.paths_result(kb, paths.find(kb, start, end, limit, skills=skill, file_answers=file_answers,
                                                 file_doc=file_doc))
    if not result["paths"]:
        _err(result["message"])
    show(render.render(result, form), form)


def _batch(kb: KnowledgeBase, source: str, encoding: Optional[str], columns: List[str],
           columns_file: Optional[str], strict: bool, jobs: Optional[int], show_stats: bool) -> int:
    from promo_ops import batch
    from promo_ops.fileio import inputs
    from promo_ops.render import progress

    if jobs is not None and not 1 <= jobs <= batch.MAX_JOBS:
        from promo_ops.errors import InputError

        raise InputError("jobs-range", jobs=jobs, max=batch.MAX_JOBS)
    mapping = {}
    if columns_file is not None:
        mapping.update(batch.read_column_map(*_read_input(columns_file, "columns file")))
    mapping.update(batch.parse_columns(columns))
    raw, name = inputs.read_input_bytes(source, "batch file")
    text = batch.decode(raw, name, encoding)
    stats = batch.Stats()
    import time

    started = time.perf_counter()
    if jobs is None:
        jobs, stats.why_one = batch.default_jobs()
    rows, failed = batch.run(kb, name, text, write, columns=mapping, strict=strict, warn=lambda line: _err(line),
                             jobs=jobs, bar=progress.bar, stats=stats, write_bytes=write_utf8)
    if show_stats:
        _err(batch.describe(stats, time.perf_counter() - started))
    if failed:
        _err(say("cohort-failed", name=name, failed=failed, rows=rows))
        return EXIT_USAGE
    return EXIT_OK


# --- the app -----------------------------------------------------------------------------

# name -> (function, short help, help); the order is the order of --help. Help texts are English
# message ids, translated when the app is built (the run's language is settled before that).
COMMANDS: Dict[str, Tuple[Callable[..., None], str, Optional[str]]] = {
    "roles": (roles_cmd, N_("List roles, tracks and posts."), ROLES_HELP),
    "skills": (skills_cmd, N_("List skills and which roles need them."), SKILLS_HELP),
    "show": (show_cmd, N_("Show a family, role, skill or case in full."), SHOW_HELP),
    "advise": (advise_cmd, N_("Which track to move into, why, and what to practise."), ADVISE_HELP),
    "compare": (compare_cmd, N_("Two families or roles side by side."), COMPARE_HELP),
    "paths": (paths_cmd, N_("Routes of jobs from one role to another, best first."), PATHS_HELP),
    "progress": (progress_cmd, N_("How far a saved plan has come; record practice."), PROGRESS_HELP),
}
KB_COMMANDS = {"validate": (validate_cmd, N_("Check a knowledge-base file."), VALIDATE_HELP)}


def build(only: Optional[str] = None) -> typer.Typer:
    """The app with every command, or with just the one named (the `kb` group counts as one).

    The whole app (a run without a command, --help at the top, a shell asking for
    completions) carries --install-completion and --show-completion; a run of one
    command does not pay for them.
    """
    from promo_ops.messages import translate

    _localise_all()
    app = typer.Typer(help=translate(HELP), add_completion=only is None, pretty_exceptions_enable=False,
                      invoke_without_command=True, rich_markup_mode=None, context_settings=SETTINGS,
                      cls=_FittedGroup)
    app.callback()(_root)
    for name, (function, short, long) in COMMANDS.items():
        if only in (None, name):
            app.command(name, short_help=translate(short), help=translate(long),
                        cls=_FittedCommand)(function)
    if only in (None, "kb"):
        kb_app = typer.Typer(short_help=translate(N_("Work with knowledge-base files.")), help=translate(KB_HELP),
                             add_completion=False, rich_markup_mode=None, invoke_without_command=True,
                             cls=_FittedGroup)
        kb_app.callback()(_kb_root)
        for name, (function, short, long) in KB_COMMANDS.items():
            kb_app.command(name, short_help=translate(short), help=translate(long),
                           cls=_FittedCommand)(function)
        app.add_typer(kb_app, name="kb")
    return app


class _FittedCommand(typer.core.TyperCommand):
    """Help re-wrapped by display width (render.helpfit): Chinese help fits 80 columns too."""

    def get_help(self, ctx: Any) -> str:
        from promo_ops.render.helpfit import fit

        return fit(super().get_help(ctx))


class _FittedGroup(typer.core.TyperGroup):
    def get_help(self, ctx: Any) -> str:
        from promo_ops.render.helpfit import fit

        return fit(super().get_help(ctx))


def _localised(function: Callable[..., None]) -> Callable[..., None]:
    """The function, its options' and arguments' help put in the run's language. Typer reads help
    from the parameters' defaults when a command is built, so each build translates the English
    kept on them (with any values _format_option gave it)."""
    import inspect

    from promo_ops.messages import translate

    for parameter in inspect.signature(function).parameters.values():
        info = parameter.default
        english = getattr(info, "help", None)
        if not english:
            continue
        english = info.__dict__.setdefault("promo_ops_english", english)
        info.help = translate(english).format(**info.__dict__.get("promo_ops_values", {}))
    return function


_HELP_LANGUAGE = ["en"]  # the language the parameters' help is in now (options are shared by commands)


def _localise_all() -> None:
    """Put every command's parameter help in the run's language, when it is not in it already.
    An English run (help is written in English) pays nothing."""
    from promo_ops.messages import language

    if language() == _HELP_LANGUAGE[0]:
        return
    for function, _, _ in (*COMMANDS.values(), *KB_COMMANDS.values()):
        _localised(function)
    _localised(_root)
    _HELP_LANGUAGE[0] = language()


def _plain_metavars(command: Any) -> Any:
    """Arguments read `ID`, `A B`, `FROM TO` in usage lines, as options' metavars do (Typer would
    write `{ID}`), on every command and group alike."""
    for param in getattr(command, "params", ()):
        if param.param_type_name == "argument" and param.metavar:
            param.make_metavar = (lambda metavar: lambda *args, **kwargs: metavar)(param.metavar)
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)
    return command


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _read_input(source: str, what: str) -> Tuple[str, str]:
    from promo_ops.fileio import inputs

    return inputs.read_input(source, what)


# --- entry point (promo_ops.entry runs the command this builds) ---------------------------

def _err(line: str) -> None:
    from promo_ops.entry import err

    err(line)


GLOBAL_FLAGS = ("--no-color", "--no-pager")
COMPLETE_VAR = "_PROMO_OPS_COMPLETE"  # set by the script --show-completion prints, when the shell asks


def _lang_first(argv: List[str]) -> None:
    """Move --lang, --no-color and --no-pager to the front, in place, so they work after a command
    too (`advise --lang zh`, `skills --no-pager`)."""
    if "--" in argv:
        return
    flags = [token for token in argv[1:] if token in GLOBAL_FLAGS]
    for token in flags:
        argv.remove(token)
    argv[:0] = flags
    # Every --lang comes out; the last one goes to the front, as the last of any option wins; an
    # unknown one anywhere goes instead, so that it is always an error and never passed over.
    from promo_ops.messages import normalise

    given: List[List[str]] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--lang" and i + 1 < len(argv) or token.startswith("--lang="):
            taken = argv[i:i + (1 if "=" in token else 2)]
            del argv[i:i + len(taken)]
            given.append(taken)
        else:
            i += 1
    if given:
        values = [t[0][len("--lang="):] if len(t) == 1 else t[1] for t in given]
        bad = [t for t, v in zip(given, values) if normalise(v) is None]
        argv[:0] = bad[0] if bad else given[-1]


def json_command(argv: List[str]) -> Optional[str]:
    """The command a run names if it asks for JSON (--json, --format json), else None: with JSON
    asked for, an error is also one JSON object on stdout, for the script reading it."""
    words = argv[:argv.index("--")] if "--" in argv else argv
    wants = "--json" in words or "--format=json" in words or any(
        a == "--format" and b == "json" for a, b in zip(words, words[1:]))
    if not wants:
        return None
    names: List[str] = []
    tokens = iter(words)
    for token in tokens:
        if token in ("--kb", "--lang"):
            next(tokens, None)
        elif not token.startswith("-"):
            names.append(token)
            if names[0] != "kb" or len(names) == 2:
                break
    command = " ".join(names)
    return command if command in COMMANDS or command in (f"kb {k}" for k in KB_COMMANDS) else None


def _command_for(argv: List[str]) -> Any:
    """The click command for this run (only the named subcommand, when there is one), in the
    run's language.

    Anything else (no command, a typo, --help or --version at the top) gets the whole app.
    """
    from promo_ops import messages

    _lang_first(argv)
    name, lang = None, None
    tokens = iter(argv)
    for token in tokens:
        if token == "--kb":
            next(tokens, None)
        elif token == "--lang":
            lang = next(tokens, None)
        elif token.startswith("--lang="):
            lang = token[len("--lang="):]
        elif token.startswith("-"):
            if token in ("-h", "--help", "--version", "-V"):
                break
        else:
            name = token
            break
    # The language is settled before any help text is built; _root checks it strictly.
    messages.set_language(messages.choose(lang, os.environ, strict=False))
    known = name in COMMANDS or name == "kb"
    if os.environ.get(COMPLETE_VAR):
        known = False  # a shell asking for completions: every command
    return _plain_metavars(typer.main.get_command(build(name if known else None)))
