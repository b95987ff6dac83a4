"""Files promo-ops writes (--save, --report): atomic, and never over someone else's file.

The text goes to a temporary file in the same folder, is flushed to disk, and
is renamed into place, so a reader sees the old file or the new one and never
half of one; a failed write leaves the old file as it was.
"""

from __future__ import annotations

import os
import tempfile
from typing import Callable

from promo_ops.errors import InputError


def write_atomic(path: str, text: str, *, is_ours: Callable[[str], bool], force: bool = False) -> None:
    if os.path.isdir(path):
        raise InputError("write-directory", path=path)
    if os.path.exists(path) and not force:
        try:
            with open(path, encoding="utf-8") as fh:
                existing = fh.read(65536)
        except (OSError, UnicodeDecodeError):
            existing = None
        if existing is None or not is_ours(existing):
            raise InputError("write-not-ours", path=path)
    folder = os.path.dirname(os.path.abspath(path))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".promo-ops-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise InputError("write-failed", path=path, problem=exc.strerror or exc) from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
