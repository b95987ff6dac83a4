"""Where the knowledge base comes from, and loading it (through the cache when it can).

Nothing else in promo-ops reads a knowledge-base file. A file is read as
bytes, looked up in the cache by its content hash, and only on a miss parsed
(safeyaml) and validated (kbcheck); the result is the same frozen model
either way. The cache is what keeps PyYAML and the validator out of an
ordinary run's start-up.
"""

from __future__ import annotations

import os
from typing import Optional

from promo_ops import cache
from promo_ops.fileio import textfile
from promo_ops.errors import KnowledgeBaseError
from promo_ops.model import KnowledgeBase

ENV_VAR = "PROMO_OPS_KB"


def builtin_path() -> str:
    """The knowledge base shipped in the package (or, in a source checkout, data/)."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "roles.yaml")
    if os.path.isfile(packaged):
        return packaged
    return os.path.normpath(os.path.join(here, "..", "..", "data", "roles.yaml"))


def resolve_path(path: Optional[str]) -> str:
    """--kb wins, then $PROMO_OPS_KB, then the built-in knowledge base."""
    if path:
        return path
    env = os.environ.get(ENV_VAR, "").strip()
    return env or builtin_path()


def load(path: Optional[str] = None, *, use_cache: bool = True) -> KnowledgeBase:
    path = resolve_path(path)
    try:
        raw = textfile.read_bytes(path, what="knowledge base")
    except textfile.DocumentError as exc:
        raise KnowledgeBaseError("kb-invalid", exc.problems, path=path) from None
    key = cache.key(raw)
    if use_cache:
        kb = cache.get(key)
        if kb is not None:
            # The same content may live at another path; records are frozen, so a new one says where.
            return kb if kb.path == path else kb.replace(path=path)
    kb = parse_and_check(raw, path, key)
    if use_cache:
        cache.put(key, kb)
    return kb


def parse_and_check(raw: bytes, path: str, digest: str = "") -> KnowledgeBase:
    from promo_ops import kbcheck
    from promo_ops.fileio import safeyaml

    try:
        doc = safeyaml.parse(safeyaml.decode(raw, path), path)
    except safeyaml.DocumentError as exc:
        raise KnowledgeBaseError("kb-invalid", exc.problems, path=path) from None
    return kbcheck.build(doc, digest)
