"""Files promo-ops writes (--save, --report): atomic, and never over someone else's file.

The text goes to a temporary file in the same folder (named
`.promo-ops-*.tmp`, so one left by a kill -9 can be found), is flushed to
disk, and is renamed into place, so a reader sees the old file or the new one
and never half of one; a failed write leaves the old file as it was.

What may be replaced: a new path, or a regular file that promo-ops wrote (its
marker is there) or, with --force, any regular file the user can write. A
device, FIFO, socket or directory, or a symbolic link to one, is never
replaced, --force or not; a symbolic link to a regular file is followed, so
the link stays. The replaced file keeps its mode and, where the user may set
it, its owner and group. Hard links are not kept: the path gets a new file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from typing import Callable

from promo_ops.errors import InputError
from promo_ops.fileio import textfile

MAX_OURS = 1024 * 1024  # our own files are far smaller; a bigger one is not ours


def write_atomic(path: str, text: str, *, is_ours: Callable[[str], bool], force: bool = False) -> None:
    target = path
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError("write-failed", path=path, problem=exc.strerror or exc) from None
    if st is not None and stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)  # what the link points at (the kernel's view, also for /proc/self/fd links)
        except FileNotFoundError:
            st = None  # a link to a file not there yet: the file is made where the link points
        except OSError as exc:
            raise InputError("write-failed", path=path, problem=exc.strerror or exc) from None
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise InputError("write-link-not-regular", path=path, kind=textfile.kind(st.st_mode))
        target = os.path.realpath(path)
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise InputError("write-directory", path=path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("write-not-regular", path=path, kind=textfile.kind(st.st_mode))
        if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise InputError("write-read-only", path=path, mode=f"{stat.S_IMODE(st.st_mode):04o}")
        if not force and not _ours(target, is_ours):
            raise InputError("write-not-ours", path=path)
    folder = os.path.dirname(os.path.abspath(target))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".promo-ops-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            _keep_owner(tmp, st)
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise InputError("write-failed", path=path, problem=exc.strerror or exc) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _ours(path: str, is_ours: Callable[[str], bool]) -> bool:
    try:
        existing = textfile.read_bytes(path, what="file", limit=MAX_OURS).decode("utf-8")
    except (textfile.DocumentError, UnicodeDecodeError):
        return False
    return is_ours(existing)


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    if not hasattr(os, "chown"):  # pragma: no cover - Windows
        return
    if (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        try:  # an ordinary user may still keep the group, if they are in it
            os.chown(tmp, -1, st.st_gid)
        except PermissionError:
            pass
