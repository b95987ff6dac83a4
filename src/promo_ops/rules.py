"""Declarative conditions: `all` / `any` / `not` over `{fact, op, value}`.

Conditions are checked when the knowledge base loads (unknown facts, operators
and values are knowledge-base errors) and evaluated into a trace: every test,
the fact's value and the outcome. The trace is what `advise --explain` shows,
which is why this is a few dozen lines of our own and not a dependency.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, FrozenSet, Mapping, Optional, Tuple

from promo_ops.errors import did_you_mean
from promo_ops.messages import N_, _, say, translate
from promo_ops.record import Record

OPERATORS: Dict[str, str] = {
    "eq": N_("equals"),
    "ne": N_("does not equal"),
    "in": N_("is one of"),
    "not_in": N_("is none of"),
    "contains": N_("contains"),
    "gt": ">",
    "gte": ">=",
    "lt": "<",
    "lte": "<=",
}
GROUPS = {"all": N_("all of"), "any": N_("any of"), "not": N_("not")}
_NUMERIC = {"gt", "gte", "lt", "lte"}
_LISTY = {"in", "not_in"}


class FactSpec(Record):
    """What a fact holds: `int`, `str` (maybe None) or `list` of str, and its allowed values."""

    __slots__ = ("type", "values")
    _defaults = {"values": None}

    type: str
    values: Optional[FrozenSet[str]]


class Condition(Record):
    __slots__ = ("kind", "children", "fact", "op", "value")
    _defaults = {"children": (), "fact": "", "op": "", "value": None}

    kind: str  # all | any | not | test
    children: Tuple["Condition", ...]
    fact: str
    op: str
    value: Any


def parse_condition(
    raw: Any,
    path: tuple,
    facts: Mapping[str, FactSpec],
    report: Callable[[tuple, str], None],
) -> Optional[Condition]:
    """Check a raw condition; report each problem at its path; None if invalid."""
    if not isinstance(raw, dict):
        report(path, say("cond-not-mapping"))
        return None
    groups = [k for k in ("all", "any", "not") if k in raw]
    if groups:
        if len(raw) != 1:
            report(path, say("cond-group-alone", group=groups[0], keys=sorted(map(str, raw))))
            return None
        key = groups[0]
        body = raw[key]
        if key == "not":
            child = parse_condition(body, path + ("not",), facts, report)
            return Condition("not", (child,)) if child else None
        if not isinstance(body, list) or not body:
            report(path + (key,), say("cond-group-empty", group=key))
            return None
        children = [parse_condition(c, path + (key, i), facts, report) for i, c in enumerate(body)]
        if any(c is None for c in children):
            return None
        return Condition(key, tuple(children))  # type: ignore[arg-type]
    unknown = [k for k in raw if k not in ("fact", "op", "value")]
    for k in unknown:
        report(path + (k,), say("cond-unknown-key", key=k, hint=did_you_mean(str(k), ["fact", "op", "value", "all", "any", "not"])))
    missing = [k for k in ("fact", "op", "value") if k not in raw]
    if missing:
        report(path, say("cond-missing", keys=", ".join(f"'{k}'" for k in missing)))
        return None
    if unknown:
        return None
    fact, op, value = raw["fact"], raw["op"], raw["value"]
    ok = True
    if not isinstance(fact, str) or fact not in facts:
        report(path + ("fact",), say("cond-unknown-fact", fact=fact, hint=did_you_mean(str(fact), facts)))
        return None
    if not isinstance(op, str) or op not in OPERATORS:
        report(path + ("op",), say("cond-unknown-op", op=op, hint=did_you_mean(str(op), OPERATORS),
                                    operators=", ".join(OPERATORS)))
        return None
    spec = facts[fact]
    if op in _NUMERIC and spec.type != "int":
        report(path + ("op",), say("cond-op-numeric", op=op, fact=fact))
        ok = False
    if op == "contains" and spec.type != "list":
        report(path + ("op",), say("cond-op-contains", fact=fact))
        ok = False
    if op in _LISTY:
        if not isinstance(value, list) or not value:
            report(path + ("value",), say("cond-values-empty", op=op))
            return None
        items = value
    else:
        if isinstance(value, (list, dict)):
            report(path + ("value",), say("cond-value-single", op=op))
            return None
        items = [value]
    for i, item in enumerate(items):
        at = path + ("value",) + ((i,) if op in _LISTY else ())
        if spec.type == "int":
            if isinstance(item, bool) or not isinstance(item, (int, float)):
                report(at, say("cond-value-number", fact=fact, item=item))
                ok = False
        elif not isinstance(item, str):
            report(at, say("cond-value-text", fact=fact, item=item))
            ok = False
        elif spec.values is not None and item not in spec.values:
            report(at, say("cond-value-unknown", item=item, fact=fact, hint=did_you_mean(item, spec.values)))
            ok = False
    if not ok:
        return None
    return Condition("test", fact=fact, op=op, value=tuple(value) if isinstance(value, list) else value)


def facts_used(cond: Condition) -> set:
    """Every fact a condition tests."""
    if cond.kind == "test":
        return {cond.fact}
    out: set = set()
    for c in cond.children:
        out |= facts_used(c)
    return out


def _test(op: str, actual: Any, value: Any) -> bool:
    if op == "contains":
        return value in (actual or ())
    if op in _NUMERIC:
        if actual is None:
            return False
        return {"gt": actual > value, "gte": actual >= value,
                "lt": actual < value, "lte": actual <= value}[op]
    if op == "eq":
        return actual == value
    if op == "ne":
        return actual != value
    if op == "in":
        return actual in value
    return actual not in value  # not_in


def holds(cond: Condition, facts: Mapping[str, Any]) -> bool:
    """Whether a condition holds: `evaluate` without the trace, for the hot path."""
    kind = cond.kind
    if kind == "test":
        return _test(cond.op, facts.get(cond.fact), cond.value)
    if kind == "all":
        for c in cond.children:
            if not holds(c, facts):
                return False
        return True
    if kind == "any":
        for c in cond.children:
            if holds(c, facts):
                return True
        return False
    return not holds(cond.children[0], facts)


def evaluate(cond: Condition, facts: Mapping[str, Any]) -> Tuple[bool, dict]:
    """Evaluate every branch (no short cut), so the trace shows each test."""
    if cond.kind == "test":
        actual = facts.get(cond.fact)
        result = _test(cond.op, actual, cond.value)
        value = list(cond.value) if isinstance(cond.value, tuple) else cond.value
        return result, {"fact": cond.fact, "op": cond.op, "value": value,
                        "actual": list(actual) if isinstance(actual, (tuple, list)) else actual,
                        "result": result}
    parts = [evaluate(c, facts) for c in cond.children]
    if cond.kind == "all":
        result = all(r for r, _ in parts)
    elif cond.kind == "any":
        result = any(r for r, _ in parts)
    else:
        result = not parts[0][0]
    return result, {cond.kind: [t for _, t in parts], "result": result}


def describe(trace: dict, indent: int = 0) -> list:
    """Human lines for a trace, one per test, nested by group."""
    pad = "  " * indent
    mark = _("yes") if trace["result"] else _("no ")
    if "fact" in trace:
        return [f"{pad}[{mark}] {trace['fact']} {translate(OPERATORS[trace['op']])} {trace['value']!r}"
                + _(" (is {actual})").format(actual=repr(trace["actual"]))]
    kind = next(k for k in ("all", "any", "not") if k in trace)
    lines = [f"{pad}[{mark}] {translate(GROUPS[kind])}:"]
    for child in trace[kind]:
        lines.extend(describe(child, indent + 1))
    return lines


def compile_all(conds: "list[Condition]") -> Callable[[Mapping[str, Any]], Tuple[bool, ...]]:
    """One function giving `holds` of every condition at once, for a run that evaluates the same
    conditions for many fact sets (cohort mode). It is Python source made from the conditions (their
    facts and values are handed in as constants, never written into the source), so one call does
    what a walk of every condition's tree does; a test checks it against `holds`. Conditions too
    deeply nested for the compiler keep the walk."""
    consts: list = []
    names = [0]
    read: Dict[str, str] = {}  # fact -> the local its value is read into, once

    def const(value: Any) -> str:
        consts.append(value)
        return f"C[{len(consts) - 1}]"

    def expr(cond: Condition) -> str:
        if cond.kind == "test":
            if cond.fact not in read:
                read[cond.fact] = f"v{len(read)}"
            fact, value, op = read[cond.fact], const(cond.value), cond.op
            if op == "contains":
                return f"({value} in ({fact} or ()))"
            if op in _NUMERIC:
                names[0] += 1
                a = f"a{names[0]}"
                sym = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
                return f"(({a} := {fact}) is not None and {a} {sym} {value})"
            sym = {"eq": "==", "ne": "!=", "in": "in", "not_in": "not in"}[op]
            return f"({fact} {sym} {value})"
        if cond.kind == "not":
            return f"(not {expr(cond.children[0])})"
        joiner = " and " if cond.kind == "all" else " or "
        return "(" + joiner.join(expr(c) for c in cond.children) + ")"

    try:
        body = ", ".join(expr(c) for c in conds)
        reads = "".join(f"    {local} = g({const(fact)})\n" for fact, local in read.items())
        source = (f"def all_conditions(f):\n    g = f.get\n{reads}"
                  f"    return ({body}{',' if len(conds) == 1 else ''})\n")
        space: Dict[str, Any] = {"C": consts}
        exec(compile(source, "<conditions>", "exec"), space)  # noqa: S102 - our own source, constants apart
        return space["all_conditions"]
    except (RecursionError, SyntaxError, MemoryError):  # pragma: no cover - a tree nested past the compiler's limit
        return lambda f: tuple(holds(c, f) for c in conds)
