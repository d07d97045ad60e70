"""Deterministic Office files: the same content gives the same bytes (zip entries with a fixed timestamp)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time


def stamp(day: date) -> datetime:
    """The fixed moment a report's files carry: midnight of its reference date."""
    return datetime.combine(day, time(0, 0))


def normalise(data: bytes, when: datetime) -> bytes:
    """Re-pack a zip (xlsx, docx) with every entry dated ``when``, in the same order, deflated."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    moment = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
