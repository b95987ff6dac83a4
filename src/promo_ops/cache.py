"""A cache of validated knowledge bases, keyed by content, so start-up skips YAML and validation.

The key is a SHA-256 of the file's bytes together with what could change the
model built from them: promo-ops' version, the Python version, and the size
and modification time of the modules that parse and validate. Any change to
the file or to that code is a different key, so a stale entry is never used;
old entries are pruned.

Entries are the model in the standard library's `marshal` format (plain
values only, tagged by record class, rebuilt through the records' own
constructors), which loads faster than pickle and runs no code from the file.
Even so the cache is only used where nobody else could have written it: a
folder owned by this user and writable by no one else, holding files owned
by this user. Anything odd (a broken, foreign or unreadable
entry) is a miss, never an error. PROMO_OPS_NO_CACHE=1 turns it off;
PROMO_OPS_CACHE_DIR moves it.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from typing import Any, Dict, Optional, Type

from promo_ops import __version__

try:  # hashlib itself costs a few milliseconds at start-up (it loads OpenSSL)
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Python versions name it differently
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,no-redef]
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment]

SUFFIX = ".model"
KEEP = 16  # entries kept; a knowledge base being edited makes one per save
_CODE = ("kbcheck.py", "model.py", "rules.py", "fileio/safeyaml.py", "record.py", "questions.py", "facts.py", "cache.py")


def directory() -> Optional[str]:
    if os.environ.get("PROMO_OPS_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("PROMO_OPS_CACHE_DIR", "").strip()
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "promo-ops")


def _code_stamp() -> bytes:
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [__version__, sys.version]
    for name in _CODE:
        try:
            st = os.stat(os.path.join(here, name))
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:?")
    return "|".join(parts).encode()


def key(raw: bytes) -> str:
    digest = sha256(raw)
    digest.update(b"\0")
    digest.update(_code_stamp())
    return digest.hexdigest()


def _safe(st: os.stat_result) -> bool:
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return owner_ok and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def get(entry: str) -> Optional[Any]:
    folder = directory()
    if folder is None:
        return None
    path = os.path.join(folder, entry + SUFFIX)
    try:
        if not _safe(os.stat(folder)):
            return None
        with open(path, "rb") as fh:
            if not _safe(os.fstat(fh.fileno())):
                return None
            data = fh.read()
        value = decode(marshal.loads(data))
    except Exception:  # noqa: BLE001 - a cache entry we cannot use is a miss
        return None
    from promo_ops.model import KnowledgeBase

    if not isinstance(value, KnowledgeBase) or value.digest != entry:
        return None
    return value


def put(entry: str, value: Any) -> None:
    folder = directory()
    if folder is None:
        return
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _safe(os.stat(folder)):
            return
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(encode(value)))
            os.replace(tmp, os.path.join(folder, entry + SUFFIX))
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(folder)
    except OSError:
        return  # a read-only or full disk only costs speed


def _prune(folder: str) -> None:
    entries = []
    for name in os.listdir(folder):
        if name.endswith(SUFFIX):
            path = os.path.join(folder, name)
            try:
                entries.append((os.stat(path).st_mtime_ns, path))
            except OSError:
                continue
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        try:
            os.unlink(path)
        except OSError:
            pass


# --- the marshal form: records tagged by class name, everything else as it is -----------------

_RECORD = "\0record"


def _classes() -> Dict[str, Type[Any]]:
    from promo_ops import model, rules

    out: Dict[str, Type[Any]] = {}
    for module in (model, rules):
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, type) and obj.__module__ == module.__name__ and hasattr(obj, "_values"):
                out[name] = obj
    return out


def encode(value: Any) -> Any:
    if hasattr(value, "_values") and hasattr(value, "__slots__"):
        return (_RECORD, type(value).__name__, tuple(encode(v) for v in value._values()))
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(encode(v) for v in value)
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def decode(value: Any, classes: Optional[Dict[str, Type[Any]]] = None) -> Any:
    if classes is None:
        classes = _classes()
    if isinstance(value, tuple):
        if len(value) == 3 and value[0] == _RECORD:
            return classes[value[1]](*(decode(v, classes) for v in value[2]))
        return tuple(decode(v, classes) for v in value)
    if isinstance(value, dict):
        return {k: decode(v, classes) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v, classes) for v in value]
    return value
