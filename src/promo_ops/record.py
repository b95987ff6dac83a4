"""Frozen records: what the knowledge model and results are made of.

These play the part of `@dataclass(frozen=True)`, which the design asks for,
at a fraction of the start-up cost: each dataclass compiles its methods with
exec() when its module is imported (about half a millisecond a class, and
`import dataclasses` on top), and a run of promo-ops lives mostly in its
start-up. A record declares its fields in `__slots__` and its defaults in
`_defaults`; it compares, hashes, prints and pickles by those fields, and
refuses assignment after construction.
"""

from __future__ import annotations

from typing import Any, Dict, Tuple

from promo_ops import messages


class Record:
    __slots__: Tuple[str, ...] = ()
    _defaults: Dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self.__slots__
        setter = object.__setattr__
        if not kwargs and len(args) == len(names):  # the common case, kept fast
            for name, value in zip(names, args):
                setter(self, name, value)
            return
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__} takes {len(names)} fields, got {len(args)}")
        for name, value in zip(names, args):
            object.__setattr__(self, name, value)
        for name in names[len(args):]:
            if name in kwargs:
                value = kwargs.pop(name)
            elif name in self._defaults:
                value = self._defaults[name]
                if isinstance(value, (dict, list)):
                    value = type(value)(value)  # never share a mutable default
            else:
                raise TypeError(f"{type(self).__name__} is missing field '{name}'")
            object.__setattr__(self, name, value)
        if kwargs:
            raise TypeError(f"{type(self).__name__} has no field(s) {', '.join(sorted(kwargs))}")

    def _values(self) -> Tuple[Any, ...]:
        return tuple(getattr(self, n) for n in self.__slots__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen; cannot set '{name}'")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen; cannot delete '{name}'")

    def __eq__(self, other: Any) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__,) + self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({inner})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), self._values())

    def tr(self, name: str) -> Any:
        """Field `name` in the run's language: `name_zh` in a Chinese run when the record has it
        and it is not empty, else `name` (the English)."""
        return messages.pick(getattr(self, name), getattr(self, name + "_zh", None))

    def replace(self, **changes: Any) -> "Record":
        values = {n: getattr(self, n) for n in self.__slots__}
        values.update(changes)
        return type(self)(**values)


def to_plain(value: Any) -> Any:
    """Records, tuples and dicts to JSON-ready data (like dataclasses.asdict)."""
    if isinstance(value, Record):
        return {n: to_plain(getattr(value, n)) for n in value.__slots__}
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value
