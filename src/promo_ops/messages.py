"""The one message function: every string a person reads goes through `_` (gettext), and every
error is worded here, in MESSAGES, by its code.

- UI text is written in place as `_("Tracks, best first")`; the English text is
  the gettext message id, so `xgettext`-style tools and tools/make_messages.py
  find it, and a translation catalog (`locale/<lang>/LC_MESSAGES/promo-ops.mo`
  in the package) supplies other languages.
- Errors carry a code and parameters (`InputError("unknown-id", id=..., hint=...)`);
  MESSAGES holds each code's English template, which is also its message id.
  `say(code, **params)` translates the template and fills it in.

English needs no catalog: with no language set, `_` returns its argument and
no catalog is looked for, so an English run pays a function call per message.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Mapping, Optional

DOMAIN = "promo-ops"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
DEFAULT = "en"
LANGUAGES = ("en", "zh")
ENV_VAR = "PROMO_OPS_LANG"
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set decides

_translations: Any = None
_language = DEFAULT


def set_language(lang: str) -> None:
    """Use `lang`'s catalog from now on; a language with no catalog reads as English."""
    global _translations, _language
    _language = lang
    if lang == DEFAULT:
        _translations = None
        return
    import gettext

    _translations = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def language() -> str:
    return _language


def pick(en: Any, zh: Any) -> Any:
    """A knowledge-base text in the run's language: its Chinese in a Chinese run when it has one,
    else its English (the knowledge base holds both, in fields such as `summary` and `summary_zh`)."""
    return zh if _language == "zh" and zh else en


def normalise(value: str) -> Optional[str]:
    """A language name as people write it (zh, ZH, zh_CN, zh-Hans, en_US.UTF-8) -> en or zh; None if neither."""
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


def choose(option: Optional[str], env: Mapping[str, str], strict: bool = True) -> str:
    """The run's language: --lang, then $PROMO_OPS_LANG, then the locale (a value starting
    with zh picks Chinese), then English. With strict, an unknown --lang or $PROMO_OPS_LANG is
    an input error; without, it reads as English (for the early look before arguments are parsed)."""
    for value, where in ((option, "--lang"), (env.get(ENV_VAR), ENV_VAR)):
        if value is None or (where == ENV_VAR and not value.strip()):
            continue
        lang = normalise(value)
        if lang is None:
            if strict:
                from promo_ops.errors import InputError, shorten

                raise InputError("lang-unknown", lang=shorten(value), where=where, languages=", ".join(LANGUAGES))
            return DEFAULT
        return lang
    for var in LOCALE_VARS:
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else DEFAULT
    return DEFAULT


def translate(text: str) -> str:
    """The text in the run's language (gettext); English as written when there is no translation."""
    return text if _translations is None else _translations.gettext(text)


# `_("literal")` is how code marks a message for translation (tools/make_messages.py extracts them).
_ = translate


def N_(text: str) -> str:
    """Marks a message id for extraction where it is defined; translated later, where it is shown."""
    return text


def say(code: str, **params: Any) -> str:
    """The message for an error code, translated, with its parameters filled in."""
    if any(isinstance(params.get(k), str) and len(params[k]) > 200 for k in _ECHOED):
        from promo_ops.errors import shorten_path

        params = {k: shorten_path(v) if k in _ECHOED and isinstance(v, str) else v for k, v in params.items()}
    return translate(MESSAGES[code]).format(**params)


# Parameters that echo what a person typed (an id, a path, a language): a pasted page or an
# absurd path is shortened, never printed whole.
_ECHOED = frozenset({"id", "path", "name", "family", "track", "lang", "where", "file", "skill", "value", "key"})


# code -> English template. Parameters are named; `{hint}` is a "did you mean" (or nothing).
MESSAGES: Dict[str, str] = {
    # ids and lookups
    "unknown-id": N_("unknown id '{id}'{hint}; `promo-ops roles` and `promo-ops skills` list the ids"),
    "id-family": N_("'{id}' is the family {family}, not a role or track; name one of its roles, tracks or posts: {roles}"),
    "id-ambiguous": N_("'{id}' could mean any of: {candidates}; give the id"),
    "id-whole-word": N_("'{id}' alone is a word of its own, not short for any of: {candidates}; give the full name or the id"),
    "unknown-family": N_("unknown family '{family}'{hint}; families: {families}"),
    "compare-kind": N_("cannot compare '{id}': it is a {kind}; compare takes families (promotion, operation) "
                       "and roles, tracks or posts (`promo-ops roles`)"),
    "compare-self": N_("cannot compare '{id}' with itself; name two different ids"),
    # output forms
    "format-unknown": N_("--format '{format}' is not one of {formats}{hint}"),
    "format-conflict": N_("--json and --format {format} disagree; give one of them"),
    "batch-only": N_("{flags} only apply to a cohort file; add --batch FILE"),
    "batch-with-answers": N_("--batch takes every answer from its file; drop {flags}"),
    "paths-not-a-role": N_("paths goes from one role to another; '{id}' is a {kind}"),
    "paths-family-not-a-role": N_("paths goes from one role to another; '{id}' is a family; pick one of its roles from `promo-ops roles --family {id}`"),
    "paths-max": N_("--max must be from 1 to 50, not {max}"),
    "answers-invalid": N_("invalid answers"),
    "answers-unknown-key": N_("unknown key '{key}'{hint}; keys are {keys}"),
    "answers-missing": N_("missing answer: {names}; give them as flags or in a file with --answers FILE (prompts need a terminal)"),
    "answers-missing-many": N_("missing answers: {names}; give them as flags or in a file with --answers FILE (prompts need a terminal)"),
    "answers-bad": N_("{where}: bad answer to '{question}': {problem}"),
    "answers-file-unreadable": N_("cannot read answers file {name}"),
    "answers-file-not-mapping": N_("{name}: an answers file must be a mapping of question ids to answers ({keys})"),
    # cohort files
    "csv-header-unreadable": N_("{name}:1: the CSV header cannot be read: {problem}"),
    "csv-unknown-columns": N_("{name}:1: unknown CSV columns: {columns}; name a question by its id, its flag or "
                              "its prompt, map one with --columns QUESTION=COLUMN, or drop --strict to ignore them"),
    "csv-ignored-columns": N_("warning: {name}:1: ignoring columns that name no question: {columns}; "
                              "map one with --columns QUESTION=COLUMN, or --strict to make this an error"),
    "csv-column-twice": N_("{name}:1: columns {first} and {second} both give '{question}'; keep one, "
                           "or say which with --columns {question}=COLUMN"),
    "csv-no-role-column": N_("{name}:1: no column gives current_role, which every row needs; name the column "
                             "current_role or role, use the question's prompt, or map it with --columns role=COLUMN"),
    "csv-row-unreadable": N_("the CSV record cannot be read: {problem}"),
    "csv-row-long": N_("the record has {cells} cells; the header has {columns}"),
    "columns-form": N_("--columns '{part}' is not of the form QUESTION=COLUMN (e.g. role=岗位,years=年限)"),
    "columns-file-form": N_("{name}: a columns file maps question ids to column headers, e.g. `role: 岗位`"),
    "columns-unknown-question": N_("--columns: unknown question '{key}'{hint}; questions are {keys}"),
    "columns-not-in-header": N_("{name}:1: --columns names {columns}, not in the header ({header})"),
    "row-not-json": N_("not valid JSON: {problem}"),
    "row-not-object": N_("a row must be a JSON object of question ids to answers"),
    "row-bad-answer": N_("bad answer to '{question}'{column}: {problem}"),
    "row-missing": N_("no answer to '{question}'{column}, which is required"),
    "encoding-unknown": N_("--encoding '{encoding}' is not a text encoding{hint}; e.g. utf-8, gb18030, big5, cp1252"),
    "batch-not-utf8": N_("{name}:{line}:{column}: not valid UTF-8 (byte {byte}); a CSV saved by Excel on Chinese "
                         "Windows is GB18030: add --encoding gb18030 (or name the encoding it was saved in)"),
    "batch-bad-bytes": N_("{name}:{line}:{column}: not valid {encoding} (byte {byte}); is --encoding {encoding} right?"),
    "input-unreadable": N_("cannot read {what} {name}"),
    "write-directory": N_("cannot write {path}: it is a directory"),
    "write-not-ours": N_("{path} exists and was not written by promo-ops; choose another name, or add --force to overwrite it"),
    "write-failed": N_("cannot write {path}: {problem}"),
    "write-not-regular": N_("cannot write {path}: it is {kind}, not a regular file; promo-ops writes only regular files"),
    "write-link-not-regular": N_("cannot write {path}: it is a symbolic link to {kind}, not to a regular file; "
                                 "promo-ops writes only regular files"),
    "write-read-only": N_("cannot write {path}: it is read-only (mode {mode}); promo-ops replaces only files you can write"),
    "input-too-big-for-memory": N_("cannot read {what} {name}: at {size} characters it is too big for the memory available"),
    "stdin-closed": N_("cannot read {what} from standard input: it is closed"),
    "stdin-unreadable": N_("cannot read {what} from standard input: {problem}"),
    "output-failed": N_("cannot write the output: {problem}"),
    "track-not-reachable": N_("--track '{track}' is not a track you can move into from here{hint}; choose one of: {tracks}"),
    "kb-invalid": N_("invalid knowledge base {path}"),
    "interrupted": N_("interrupted"),
    # how a failing run ends (entry.py)
    "error": N_("error: {message}"),
    "cohort-failed": N_("{name}: {failed} of {rows} rows failed; each has an error object on its line of the output"),
    "cohort-stats": N_("cohort: {rows} rows in {seconds} s ({rate} a second), {processes}; result cache: {cache}"),
    "cohort-one-process": N_("1 process{why}"),
    "cohort-processes": N_("{n} processes"),
    "cohort-cache": N_("{hits} of {lookups} rows were repeats served from it; {entries} kept in {size} MiB "
                       "(at most {peak} MiB, bound {limit} MiB)"),
    "cohort-cache-off": N_("turned itself off after {after} rows, fewer than {share} of them repeats "
                           "(at most {peak} MiB, bound {limit} MiB)"),
    "jobs-range": N_("--jobs {jobs} is not a number of processes from 1 to {max}"),
    "cohort-worker-failed": N_("internal error in a cohort worker process at {name}:{line}: {kind}: {detail}; please "
                               "report it with the command you ran and the output of `promo-ops --version`"),
    "cohort-worker-died": N_("a cohort worker process {how}; the output stops before its rows (run again, or with "
                             "--jobs 1)"),
    "see-help": N_("; see `{command} --help`"),
    "kb-problems-one": N_("{message}: {count} problem; fix the file and check it with `promo-ops kb validate PATH`"),
    "kb-problems": N_("{message}: {count} problems; fix the file and check it with `promo-ops kb validate PATH`"),
    "out-of-memory": N_("error: out of memory; please report it with the command you ran and the output of "
                        "`promo-ops --version`"),
    "internal-error": N_("internal error: {kind}: {detail}; please report it with the command you ran and the "
                         "output of `promo-ops --version`"),
    "terminated": N_("terminated"),
    "lang-unknown": N_("unknown language '{lang}' ({where}); choose one of: {languages}"),
    # conditions of rules and questions (knowledge-base errors)
    "cond-not-mapping": N_("a condition must be a mapping with 'all', 'any', 'not', or 'fact'/'op'/'value'"),
    "cond-group-alone": N_("'{group}' must stand alone in its condition; found keys {keys}"),
    "cond-group-empty": N_("'{group}' takes a non-empty list of conditions"),
    "cond-unknown-key": N_("unknown key '{key}' in a condition{hint}"),
    "cond-missing": N_("a condition needs {keys}"),
    "cond-unknown-fact": N_("unknown fact '{fact}'{hint}"),
    "cond-op-numeric": N_("'{op}' compares numbers, but '{fact}' is not a number"),
    "cond-op-contains": N_("'contains' needs a list fact, but '{fact}' is not a list"),
    "cond-values-empty": N_("'{op}' takes a non-empty list of values"),
    "cond-value-single": N_("'{op}' takes a single value, not a list or mapping"),
    "cond-value-number": N_("'{fact}' is a number; '{item}' is not"),
    "cond-value-text": N_("'{fact}' holds text; write '{item}' as a string"),
    "cond-value-unknown": N_("'{item}' is not a value '{fact}' can take{hint}"),
    "cond-unknown-op": N_("unknown operator '{op}'{hint}; operators: {operators}"),
    # knowledge-base problems (each one a line under "invalid knowledge base", with its file:line:column and key path)
    "kb-not-text": N_("expected non-empty text, got {got}"),
    "kb-not-id": N_("expected an id in lower case with hyphens (like 'content-operation'), got {got}"),
    "kb-not-whole": N_("expected a whole number from {lo} to {hi}, got {got}"),
    "kb-not-number": N_("expected a number from {lo} to {hi}, got {got}"),
    "kb-out-of-range": N_("{value} is out of range; expected {lo} to {hi}"),
    "kb-not-bool": N_("expected true or false, got {got}"),
    "kb-not-list": N_("expected a list, got {got}"),
    "kb-not-mapping": N_("expected a mapping, got {got}"),
    "kb-not-record": N_("expected a mapping ({what}), got {got}"),
    "kb-not-table": N_("expected a list of {what}, got {got}"),
    "kb-unknown-key": N_("unknown key '{key}' in {what}{hint}"),
    "kb-missing-key": N_("{what} is missing required key '{key}'"),
    "kb-choice": N_("'{value}' is not one of {allowed}{hint}"),
    "kb-listed-twice": N_("'{item}' is listed twice"),
    "kb-duplicate": N_("duplicate {what} '{id}'"),
    "kb-duplicate-id": N_("duplicate {what} id '{id}'"),
    "kb-id-shared": N_("id '{id}' is used by both a {first} and a {second}; ids must be unique"),
    "kb-unknown-ref": N_("unknown {what} '{id}'{hint}"),
    "kb-schema-version": N_("schema_version must be {version}, got {got}"),
    "kb-no-basis": N_("{what} has no basis: give 'source' (the verbatim quote from the article that supports it) "
                      "or 'basis: reading' with a 'why'"),
    "kb-bad-basis": N_("basis must be 'article' or 'reading', got {got}{hint}"),
    "kb-article-no-source": N_("{what} has basis 'article' but no 'source': quote the article text that supports it"),
    "kb-article-why": N_("{what} cites the article; a 'why' belongs to a reading "
                         "(write 'basis: reading' and drop 'source', or drop 'why')"),
    "kb-reading-no-why": N_("{what} is promo-ops' reading but has no 'why': say briefly why the project reads it so"),
    "kb-reading-source": N_("{what} is a reading, so it cannot quote the article as its 'source' "
                            "(drop 'basis: reading' if the quote supports it)"),
    "kb-listed-without-basis": N_("{key} '{id}' is listed without a basis: write {{{key}: {id}, source: QUOTE}} "
                                  "or {{{key}: {id}, basis: reading, why: WHY}}"),
    "kb-levels": N_("levels must map each of 0..{max} to a name"),
    "kb-thresholds-empty": N_("fit_thresholds needs at least one label"),
    "kb-thresholds-order": N_("fit_thresholds must be listed from the highest minimum down"),
    "kb-thresholds-last": N_("the last fit threshold must have min 0, so every score gets a label"),
    "kb-skill-no-exercise": N_("skill '{skill}' needs at least one exercise"),
    "kb-skill-no-levels": N_("skill '{skill}' has no 'levels': describe what a person at levels 1, 2 and 3 "
                             "has done, in 'en' and 'zh'"),
    "kb-skill-own-prerequisite": N_("skill '{skill}' cannot be its own prerequisite"),
    "kb-prerequisite-cycle": N_("prerequisites form a cycle: {cycle}"),
    "kb-levels-not-mapping": N_("expected a mapping of levels {levels} to {{en, zh}}, got {got}"),
    "kb-level-not-described": N_("level {level} cannot be described; describe {levels} (0 is always 'none')"),
    "kb-levels-basis": N_("described levels are always promo-ops' reading: basis must be '{reading}', got {got}"),
    "kb-levels-no-why": N_("levels have no 'why': say what in the article (or beyond it) the described levels rest on"),
    "kb-levels-unknown-key": N_("unknown key '{key}' in levels{hint}; keys are basis, why and {levels}"),
    "kb-level-no-chinese": N_("level {level}: 'zh' has no Chinese text"),
    "kb-no-chinese": N_("{what} has '{key}' but no '{zh}': every text a person reads is written in English "
                        "and Chinese"),
    "kb-no-english": N_("{what} has '{zh}' but no '{key}': every text a person reads is written in English "
                        "and Chinese"),
    "kb-chinese-count": N_("'{zh}' has {got} items but '{key}' has {count}: give each item's Chinese, in order"),
    "kb-chinese-none": N_("'{zh}' has no Chinese text"),
    "kb-alias-taken": N_("alias '{alias}' of {kind} '{id}' is already {other}: an alias names one entry only"),
    "kb-alias-part-taken": N_("alias '{alias}' of {kind} '{id}' also answers to '{part}', which is already {other}: "
                              "an alias names one entry only"),
    "kb-alias-long": N_("an alias of {length} characters is never looked up (names longer than {limit} "
                        "characters are not): shorten it"),
    "kb-alias-separator": N_("alias '{alias}' contains '{char}', where --skill ID=LEVEL and lists split what is "
                             "typed: it could never be typed whole"),
    "kb-line-break": N_("a line break is not allowed here: a name or label is always shown on one line"),
    "kb-name-is-id": N_("the name '{name}' is the id of {kind} '{id}', which is found first: this entry could never "
                        "be reached by it"),
    "kb-name-twice": N_("the name '{name}' is given to both {first} and {second}: what a person types would be "
                        "ambiguous"),
    "kb-level-name-number": N_("level {level} is named '{name}', a number: a typed number is always read as that "
                               "level"),
    "kb-level-name-word": N_("level {level} is named '{name}', which promo-ops reads as level {other} when typed"),
    "kb-level-name-twice": N_("levels {first} and {level} are both named '{name}': a level's name names one level"),
    "kb-choice-label-twice": N_("the label '{label}' of choice '{value}' already names choice '{other}': what a "
                                "person types would be ambiguous"),
    "kb-alias-twice": N_("alias '{alias}' is listed for both {first} and {second}: an alias names one entry only"),
    "kb-level-missing": N_("level {levels} is not described; every skill describes {wanted}"),
    "kb-levels-missing": N_("levels {levels} are not described; every skill describes {wanted}"),
    "kb-role-no-skills": N_("role '{role}' needs at least one skill, or it cannot be scored"),
    "kb-role-skill-twice": N_("skill '{skill}' is listed twice for role '{role}'"),
    "kb-transition-loop": N_("a transition must lead somewhere else than where it starts"),
    "kb-effect-on-post": N_("'{id}' is a post: posts are listed under their track and never ranked, "
                            "so this effect could never apply; name its track instead ({tracks})"),
    "kb-effect-on-post-no-track": N_("'{id}' is a post: posts are listed under their track and never ranked, "
                                     "so this effect could never apply; name a track instead"),
    "kb-choice-unused": N_("{question} choice '{value}' is tested by no rule, so choosing it would change "
                           "nothing: add a rule that uses it or remove the choice"),
    "kb-question-missing": N_("question '{question}' is missing; every knowledge base asks {questions}"),
    "kb-question-unknown": N_("unknown question '{question}'{hint}; questions are {questions}"),
    "kb-question-type": N_("question '{question}' must have type '{type}', not {got}"),
    "kb-choices-not-unique": N_("choice values must be unique"),
    "kb-question-no-choices": N_("question '{question}' needs 'choices' or 'choices_from'"),
    "kb-target-choice": N_("target choice '{value}' must be 'auto', 'any' or a family id{hint}"),
    "kb-when-later": N_("'when' may only use answers to earlier questions; '{fact}' is not asked before '{question}'"),
    "kb-min-above-max": N_("min {min} is above max {max}"),
    "kb-bad-default": N_("default: {problem}"),
    "kb-rule-no-effects": N_("rule '{rule}' has no effects"),
    "kb-effect-not-mapping": N_("expected an effect mapping (score, practise, note or plan), got {got}"),
    "kb-effect-kind": N_("an effect needs exactly one of 'score', 'practise', 'note' or 'plan'{hint}"),
    "kb-score-basis": N_("the size of a score effect is promo-ops' reading, never the article's: "
                         "write 'basis: reading' or leave it out, and give a 'why'"),
    "kb-score-no-why": N_("a score effect needs a 'why': the size of an adjustment is promo-ops' reading, "
                          "so say why it is this large"),
    "kb-score-target": N_("a score effect names either 'tracks' or 'family' (one of them)"),
    "kb-practise-target": N_("a practise effect names 'tracks' or 'family', not both"),
    "kb-plan-empty": N_("'plan' takes a non-empty list of tracks, best first"),
    "kb-too-big-for-memory": N_("knowledge base of {size} bytes is too big to validate in the memory available; "
                                "split it or give promo-ops more memory"),
    # reading files (problems listed under the error that names the file)
    "file-is-directory": N_("{what} is a directory, not a file"),
    "file-not-regular": N_("{what} is {kind}, not a regular file"),
    "file-too-big": N_("{what} is {size} bytes; the limit is {limit}"),
    "file-over-limit": N_("{what} is over the {limit}-byte limit"),
    "file-not-found": N_("{what} not found"),
    "file-permission": N_("{what} cannot be read (permission denied)"),
    "file-unreadable": N_("{what} cannot be read: {problem}"),
    "input-over-limit": N_("input is over the {limit}-byte limit"),
    "file-not-utf8": N_("not valid UTF-8 (byte {byte}); save the file as UTF-8"),
    "too-many-values": N_("more than {limit} values: {advice}"),
    "too-deep": N_("nesting is deeper than {limit} levels"),
    "yaml-empty": N_("the file is empty"),
    "yaml-no-document": N_("the file holds no document"),
    "yaml-syntax": N_("YAML syntax error: {problem}"),
    "yaml-bad-character": N_("unacceptable character #x{char} in YAML: {reason}"),
    "yaml-error": N_("YAML error: {problem}"),
    "yaml-alias-bomb": N_("too many alias expansions (limit {limit}); the file may be an alias bomb"),
    "yaml-merge-key": N_("merge keys ('<<') are not supported; write the keys out"),
    "yaml-complex-key": N_("a key must be a plain value, not a list or mapping"),
    "yaml-duplicate-key": N_("duplicate key '{key}' (an earlier one would be silently lost)"),
    "yaml-tag": N_("tag '{tag}' is not allowed; only plain YAML values are read"),
    "yaml-bad-value": N_("'{value}' is not a valid value for {tag}"),
    # plan-file problems
    "plan-not-mapping": N_("expected a mapping with {keys}, got {got}"),
    "plan-unknown-key": N_("unknown key '{key}'{hint}; keys here are {keys}"),
    "plan-missing-key": N_("missing key '{key}'"),
    "plan-not-text": N_("expected text, got {got}"),
    "plan-not-whole": N_("expected a whole number from {low} to {high}, got {got}"),
    "plan-not-score": N_("expected a score from 0 to 1, got {got}"),
    "plan-not-date": N_("expected a date written YYYY-MM-DD, got {got}"),
    "plan-not-choice": N_("expected one of {allowed}, got {got}"),
    "plan-not-list": N_("expected a list, got {got}"),
    "plan-newer": N_("version {version} was written by a newer promo-ops; this one reads version {reads}"),
    "plan-answers-not-mapping": N_("expected a mapping of answers, got {got}"),
    "plan-skill-twice": N_("skill '{skill}' is already in the plan (practice[{first}])"),
    "plan-history-not-mapping": N_("expected a mapping with date and change, got {got}"),
    "plan-change-missing": N_("missing key 'change' ({changes})"),
    "plan-not-exercise": N_("expected SKILL.N (such as prototyping.1), got {got}"),
    # answers, from any source
    "answer-not-allowed": N_("{value} is not one of the allowed values: {allowed}{hint}"),
    "answer-not-whole": N_("{value} is not a whole number"),
    "number-too-long": N_("the number '{number}' has {digits} digits; the limit is {limit}"),
    "answer-out-of-range": N_("{value} is out of range; allowed: {low} to {high}"),
    "answer-not-list": N_("{value} is not a list; allowed values: {allowed}"),
    "answer-required": N_("an answer is required"),
    "answer-family": N_("{value} is the family {family}, not a role; name one of its roles, tracks or posts: {roles}"),
    "answer-ambiguous": N_("{value} could mean any of: {candidates}; give the id"),
    "answer-whole-word": N_("{value} alone is a word of its own, not short for any of: {candidates}; give the full name or the id"),
    "skill-form": N_("{value} is not of the form SKILL=LEVEL (e.g. copywriting=2)"),
    "skills-not-mapping": N_("{value} is not a mapping of skill ids to levels 0-3"),
    "skill-unknown": N_("unknown skill {skill}{hint}; `promo-ops skills` lists them"),
    "skill-twice": N_("skill '{skill}' is given twice, at level {first} and at level {second}; give it once"),
    "skill-level": N_("level {level} for skill '{skill}' is not 0-3 (0 none, 1 basic, 2 working, 3 strong)"),
    # plan files and recording practice (progress)
    "plan-unreadable": N_("cannot read plan file {name}"),
    "plan-not-a-plan": N_("{name} is not a plan file (it has no 'promo-ops: plan'); make one with `promo-ops advise ... --save {name}`"),
    "plan-invalid": N_("invalid plan file {name}"),
    "plan-no-track": N_("there is no track to plan for, so there is no plan to save; see `promo-ops roles`"),
    "plan-has-progress": N_("{path} holds a plan with {count} recorded changes since {since}; a new plan would lose them; choose another name, or add --force to replace it"),
    "progress-stdin": N_("a plan read from standard input cannot be changed; name the file"),
    "change-form": N_("{flag} '{value}' is not of the form SKILL.N (exercise N of a skill, e.g. copywriting.1)"),
    "change-ambiguous": N_("{flag} '{value}' could mean any of: {candidates}; give the skill id"),
    "change-not-in-plan": N_("{flag} '{value}': {skill} is not in this practice plan; its skills: {skills}"),
    "change-unknown-skill": N_("{flag} '{value}': unknown skill '{skill}'{hint}; the plan's skills: {skills}"),
    "change-exercise-range": N_("{flag} '{value}': {skill} has exercises 1 to {count} in this plan"),
    "change-twice": N_("{ref} is changed twice in one run ({first} and {second}); give one change per exercise"),
    "change-same-state": N_("{flag} '{value}': the exercise is already {state}; nothing to record"),
    "level-no-role": N_("--level: the plan's current role '{role}' is not in this knowledge base, so levels cannot be checked"),
    "level-bad": N_("--level '{value}': {problem}"),
    "level-twice": N_("--level gives {skill} twice ({first} and {second}); give it once"),
    "level-same": N_("--level: {skill} is already at level {level}; nothing to record"),
    "level-down": N_("--level: {skill} would go down from level {now} to {level}; add --force if that is what you mean"),
    "what-if-bad": N_("--what-if '{value}': {problem}"),
    "what-if-twice": N_("--what-if gives {skill} twice ({first} and {second}); give it once"),
    "what-if-with-save": N_("--what-if shows what would change without saving anything; drop --save, or run without --what-if to save"),
    "today-bad": N_("{var}='{value}' is not a date written YYYY-MM-DD"),
}
