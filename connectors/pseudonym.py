"""Pseudonymisation of client and household identifiers with HMAC-SHA256 and a secret per installation.

The key comes from ``SHV_PSEUDONYM_KEY`` or, when that is empty, from ``pseudonym.key`` in the data
directory, generated on first use with owner-only permissions. It is never printed or logged.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from collections.abc import Iterable

from config import settings

KEY_FILE = "pseudonym.key"
_MISSING = object()
BLOCK = 64  # SHA-256's block size in bytes
MIN_KEY_LENGTH = 32  # shorter keys work, with a warning: a guessable key makes the pseudonyms guessable
_log = logging.getLogger(__name__)


def _load_key() -> bytes:
    configured = settings.get("SHV_PSEUDONYM_KEY")
    if configured:
        if len(configured) < MIN_KEY_LENGTH:
            # Automation that sets a short key must still import; the administrator is told to change it.
            _log.warning(
                "SHV_PSEUDONYM_KEY is korter dan %d tekens: kies een lange, willekeurige sleutel "
                "(bijvoorbeeld: python -c \"import secrets; print(secrets.token_hex(32))\").",
                MIN_KEY_LENGTH,
            )
        return configured.encode("utf-8")
    path = settings.data_dir() / KEY_FILE
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    os.chmod(path, 0o600)
    return path.read_text().strip().encode("utf-8")


class Pseudonymiser:
    """Keyed hashing of identifiers; one instance per import (the key is read once)."""

    def __init__(self, key: bytes | None = None) -> None:
        secret = key if key is not None else _load_key()
        # HMAC-SHA256 (RFC 2104) from its inner and outer SHA-256 states: copying two hashlib objects per value
        # is cheaper than copying an HMAC object. The same digests; a test compares them with hmac.
        block = (hashlib.sha256(secret).digest() if len(secret) > BLOCK else secret).ljust(BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def hash(self, value: str) -> str:
        """The pseudonym of one identifier (whitespace and leading zeros of numbers kept as given)."""
        inner = self._inner.copy()
        inner.update(value.strip().encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    def hash_many(self, values: Iterable[str | None]) -> list[str | None]:
        """Pseudonyms for many values, each distinct value hashed once."""
        cache: dict[str | None, str | None] = {None: None, "": None}
        inner, outer = self._inner, self._outer
        out: list[str | None] = []
        append = out.append
        for v in values:
            p = cache.get(v, _MISSING)
            if p is _MISSING:
                # hash() written out: a call per value costs about a third more on a million values (measured)
                h = inner.copy()
                h.update(v.strip().encode("utf-8"))
                o = outer.copy()
                o.update(h.digest())
                p = cache[v] = o.hexdigest()
            append(p)
        return out

    def derive_key(self, *parts: str) -> str:
        """A stable record key from several parts (e.g. a DDAS trajectory's municipality, clients, date)."""
        return self.hash("\x1f".join(parts))[:32]
