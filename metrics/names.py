"""Consultant names must not reach the council: free texts written for a report are checked against the
consultants the store knows, when written (a Dutch refusal) and again when a report is built (redacted)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Connection

from store import metrics_queries as q
from store.metrics_queries import EVERYTHING

REDACTED = "[consulent]"
MIN_NAME = 4  # shorter "names" (initials, codes) would match ordinary words


def consultant_names(conn: Connection) -> list[str]:
    return [n for n in q.consultants(conn, EVERYTHING) if len(n.strip()) >= MIN_NAME]


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", re.IGNORECASE)


def named(text: str, names: Iterable[str]) -> list[str]:
    """The consultant names that occur in ``text`` (whole words, any case)."""
    return [n for n in names if _pattern(n).search(text)]


def redact(text: str, names: Iterable[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = _pattern(name).sub(REDACTED, text)
    return text


def refusal(found: list[str]) -> str:
    return (
        f"Noem geen consulenten in een tekst voor de raad ({', '.join(found)}): schrijf bijvoorbeeld "
        "'een consulent' of 'het team'."
    )
