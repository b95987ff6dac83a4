"""A cache of validated knowledge bases (other than the built-in one), so start-up skips YAML and validation.

The built-in knowledge base needs no cache: its validated model ships in the
package (promo_ops.builtin_kb, loaded by Python's import machinery). This
cache is for a knowledge base of your own (--kb, PROMO_OPS_KB).

The key is a SHA-256 of the file's bytes together with what could change the
model built from them: promo-ops' version, the Python version, and the size
and modification time of every module in the package. Any change to the file
or to the code is a different key, so a stale entry is never used.

What it trusts, and what not: entries are the model in the standard library's
`marshal` format (plain values only, rebuilt through the records' own
constructors; marshal runs no code). The cache folder is used only if it is a
real folder (not a symbolic link) owned by this user and writable by no one
else. An entry is read only if it is a regular file (opened without following
symbolic links and without blocking), owned by this user, no bigger than
MAX_ENTRY, named with this cache's prefix and format version, and if the
SHA-256 checksum in its header matches its content; anything else is a miss,
never an error, and the entry is replaced by a good one. Housekeeping removes
only this cache's own entries (beyond the newest KEEP) and its own temporary
files once they are an hour old (a kill -9 during a write leaves one).
PROMO_OPS_DEBUG=1 says on stderr why an entry was not used;
PROMO_OPS_CACHE_DIR moves the folder; PROMO_OPS_NO_CACHE=1 turns the cache
(and the built-in model) off, so every run parses and validates.
"""

from __future__ import annotations

import marshal
import os
import re
import stat
import sys
import time
from typing import Any, Dict, Optional, Tuple, Type

from promo_ops import __version__

try:  # hashlib itself costs a few milliseconds at start-up (it loads OpenSSL)
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Python versions name it differently
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,no-redef]
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment]

FORMAT = 2  # of the entries; part of their names, so another format's entries are never read
PREFIX = "promo-ops-v"
SUFFIX = ".model"
TMP_PREFIX = ".promo-ops-cache-"
TMP_SUFFIX = ".tmp"
MAGIC = b"promo-ops model\n"
KEEP = 16  # entries kept; a knowledge base being edited makes one per save
MAX_ENTRY = 512 * 1024 * 1024  # a model of the largest knowledge base (64 MiB) is far smaller
STALE_TMP = 3600  # seconds after which a temporary file is a leftover of a killed run
_ENTRY = re.compile(re.escape(PREFIX) + r"[0-9]+-[0-9a-f]{64}" + re.escape(SUFFIX) + r"\Z")
_HERE = os.path.dirname(os.path.abspath(__file__))
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def enabled() -> bool:
    return os.environ.get("PROMO_OPS_NO_CACHE", "").strip() in ("", "0")


def directory() -> Optional[str]:
    if not enabled():
        return None
    explicit = os.environ.get("PROMO_OPS_CACHE_DIR", "").strip()
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "promo-ops")


def debug(message: str) -> None:
    if os.environ.get("PROMO_OPS_DEBUG", "").strip() not in ("", "0"):
        from promo_ops import clean

        sys.stderr.write(f"promo-ops: debug: {clean.line(message)}\n")


def _code_stamp() -> bytes:
    """Every module of the package, by size and modification time: an edit to any is a new key."""
    parts = [__version__, sys.version, str(FORMAT)]
    stack = [_HERE]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                try:
                    st = entry.stat()
                    parts.append(f"{entry.path[len(_HERE):]}:{st.st_size}:{st.st_mtime_ns}")
                except OSError:
                    parts.append(f"{entry.name}:?")
            elif entry.name not in ("__pycache__", "data", "schemas") and entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    return "|".join(parts).encode()


def key(raw: bytes, hashed: Any = None) -> str:
    """The entry for these bytes with this promo-ops. `hashed`, a sha256 of `raw` the caller has made
    already, saves hashing them twice (a big knowledge base is tens of MiB)."""
    digest = hashed.copy() if hashed is not None else sha256(raw)
    digest.update(b"\0")
    digest.update(_code_stamp())
    return digest.hexdigest()


def entry_name(entry: str) -> str:
    return f"{PREFIX}{FORMAT}-{entry}{SUFFIX}"


def _owned_by_me(st: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def _open_folder(folder: str, create: bool) -> Optional[int]:
    """A descriptor of the cache folder, if it is a real folder that only this user can write."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        if create:
            parent = os.path.dirname(os.path.abspath(folder))
            os.makedirs(parent, mode=0o700, exist_ok=True)
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                pass
        fd = os.open(folder, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        debug(f"cache folder {folder} not used: {exc.strerror or exc} (a symbolic link is never followed)")
        return None
    st = os.fstat(fd)
    if not stat.S_ISDIR(st.st_mode) or not _owned_by_me(st) or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        debug(f"cache folder {folder} not used: not a folder owned by you and writable only by you")
        os.close(fd)
        return None
    return fd


def get(entry: str) -> Optional[Any]:
    folder = directory()
    if folder is None:
        return None
    dfd = _open_folder(folder, create=False)
    if dfd is None:
        return None
    name = entry_name(entry)
    try:
        try:
            fd = os.open(name, _FLAGS, dir_fd=dfd)
        except FileNotFoundError:
            return None  # not there yet: the ordinary miss
        try:
            value = _read_entry(fd)
        finally:
            os.close(fd)
        value = quietly(lambda: decode(marshal.loads(value)), big=len(value) >= BIG)
        from promo_ops.model import KnowledgeBase

        if not isinstance(value, KnowledgeBase) or value.digest != entry:
            raise _Bad("it holds another model")
        return value
    except Exception as exc:  # noqa: BLE001 - a cache entry we cannot use is a miss, never an error
        debug(f"cache entry {os.path.join(folder, name)} not used: {exc or type(exc).__name__}; it will be replaced")
        return None
    finally:
        os.close(dfd)


class _Bad(Exception):
    pass


BIG = 1 << 20  # bytes of an entry whose model the collector had better not walk again


def quietly(work: Any, big: bool = False) -> Any:
    """work() with the cyclic collector off: building or encoding a model makes millions of objects
    and no cycles, and the collector walked them all again and again (a third of the time at 1000x
    the built-in size). A big model, which lives as long as the run, is then frozen out of later
    collections and the last one at exit."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        out = work()
    finally:
        if collecting:
            gc.enable()
    if big:
        gc.freeze()
    return out


def _read_entry(fd: int) -> bytes:
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise _Bad("not a regular file")
    if not _owned_by_me(st):
        raise _Bad("owned by someone else")
    if st.st_size > MAX_ENTRY:
        raise _Bad(f"{st.st_size:,} bytes, over the {MAX_ENTRY:,}-byte limit")
    head = len(MAGIC) + 32 + 8
    if st.st_size < head:
        raise _Bad("too short")
    data = _read_exactly(fd, head)
    if data[:len(MAGIC)] != MAGIC:
        raise _Bad("not an entry of this cache")
    checksum = data[len(MAGIC):len(MAGIC) + 32]
    length = int.from_bytes(data[len(MAGIC) + 32:], "big")
    if length != st.st_size - head:
        raise _Bad("its length does not match its header")
    payload = _read_exactly(fd, length)
    if sha256(payload).digest() != checksum:
        raise _Bad("its checksum does not match")
    return payload


def _read_exactly(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise _Bad("shorter than its header says")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def put(entry: str, value: Any) -> None:
    folder = directory()
    if folder is None:
        return
    dfd = _open_folder(folder, create=True)
    if dfd is None:
        return
    tmp = None
    try:
        payload = quietly(lambda: marshal.dumps(encode(value)))
        data = MAGIC + sha256(payload).digest() + len(payload).to_bytes(8, "big") + payload
        tmp = f"{TMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{TMP_SUFFIX}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600, dir_fd=dfd)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, entry_name(entry), src_dir_fd=dfd, dst_dir_fd=dfd)
        tmp = None
        _prune(dfd)
    except (OSError, ValueError) as exc:
        debug(f"cache entry not written in {folder}: {exc}")  # a read-only or full disk only costs speed
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp, dir_fd=dfd)
            except OSError:
                pass
        os.close(dfd)


def _prune(dfd: int) -> None:
    """Remove this cache's own entries beyond the newest KEEP, and its own stale temporary files."""
    entries = []
    now = time.time()
    with os.scandir(dfd) as it:
        for e in it:
            try:
                if not e.is_file(follow_symlinks=False):
                    continue
                if _ENTRY.match(e.name):
                    entries.append((e.stat(follow_symlinks=False).st_mtime_ns, e.name))
                elif (e.name.startswith(TMP_PREFIX) and e.name.endswith(TMP_SUFFIX)
                      and now - e.stat(follow_symlinks=False).st_mtime > STALE_TMP):
                    os.unlink(e.name, dir_fd=dfd)
            except OSError:
                continue
    for _, name in sorted(entries, reverse=True)[KEEP:]:
        try:
            os.unlink(name, dir_fd=dfd)
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


_PLAIN = frozenset((str, int, float, bool, type(None)))
_FIELDS: Dict[type, Tuple[str, ...]] = {}  # a record class -> its fields, in order


def encode(value: Any) -> Any:
    """The model as plain data for marshal. Exact type tests first: most values are text, and
    hasattr on each (an exception raised and caught inside) made encoding a 1000x model take 3 s."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple:
        return tuple([encode(v) for v in value])
    if kind is dict:
        return {k: encode(v) for k, v in value.items()}
    if kind is list:
        return [encode(v) for v in value]
    fields = _FIELDS.get(kind)
    if fields is None and hasattr(value, "_values") and hasattr(value, "__slots__"):
        fields = _FIELDS[kind] = kind.__slots__
    if fields is not None:
        return (_RECORD, kind.__name__, tuple([encode(getattr(value, f)) for f in fields]))
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(encode(v) for v in value)
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def decode(value: Any, classes: Optional[Dict[str, Type[Any]]] = None) -> Any:
    """The model from encode()'s plain data (a cache entry). Every warm run with a custom
    knowledge base decodes one, so it is start-up's hot path: exact type tests (marshal gives
    exact built-in types) and list comprehensions, about twice as fast as isinstance and
    generators, with the same result. (The built-in model needs no decoding: builtin_kb.py
    builds its records directly.)"""
    table = _classes() if classes is None else classes

    def build(v: Any) -> Any:
        kind = type(v)
        if kind is tuple:
            if len(v) == 3 and v[0] == _RECORD:
                return table[v[1]](*[build(x) for x in v[2]])
            return tuple([build(x) for x in v])
        if kind is dict:
            return {k: build(x) for k, x in v.items()}
        if kind is list:
            return [build(x) for x in v]
        return v

    return build(value)
