"""The metrics layer's own tables: settings, holiday overrides, and the date of the latest import."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, case, delete, func, insert, select

from store.models import holiday_overrides, import_batches, metric_settings

# The status of a batch that is loaded and not undone (store.gateway.ACTIVE; a test keeps them equal).
ACTIVE_BATCH = "geladen"


class HolidayAction(enum.Enum):
    ADD = "toevoegen"  # the day is not a working day
    REMOVE = "verwijderen"  # a computed holiday that is a working day after all


@dataclass(frozen=True)
class HolidayOverride:
    day: date
    action: HolidayAction
    note: str | None
    created_at: datetime
    created_by: str


def read_settings(conn: Connection) -> dict[str, str]:
    """Stored setting values by name (JSON text)."""
    return {r.name: r.value for r in conn.execute(select(metric_settings.c.name, metric_settings.c.value))}


def write_setting(conn: Connection, name: str, value: str, user: str) -> None:
    conn.execute(delete(metric_settings).where(metric_settings.c.name == name))
    conn.execute(
        insert(metric_settings).values(name=name, value=value, updated_at=datetime.now(), updated_by=user)
    )


def delete_setting(conn: Connection, name: str) -> None:
    """Back to the catalogue's default."""
    conn.execute(delete(metric_settings).where(metric_settings.c.name == name))


def read_holiday_overrides(conn: Connection) -> list[HolidayOverride]:
    rows = conn.execute(select(holiday_overrides).order_by(holiday_overrides.c.day))
    return [
        HolidayOverride(r.day, HolidayAction(r.action), r.note, r.created_at, r.created_by) for r in rows
    ]


def write_holiday_override(
    conn: Connection, day: date, action: HolidayAction, user: str, note: str | None = None
) -> None:
    conn.execute(delete(holiday_overrides).where(holiday_overrides.c.day == day))
    conn.execute(
        insert(holiday_overrides).values(
            day=day, action=action.value, note=note, created_at=datetime.now(), created_by=user
        )
    )


def delete_holiday_override(conn: Connection, day: date) -> None:
    conn.execute(delete(holiday_overrides).where(holiday_overrides.c.day == day))


def latest_import_date(conn: Connection, datasets: Sequence[str]) -> date | None:
    """The date of the latest import (not undone) of any of ``datasets``.

    An import's date is its ``data_through`` (the date the export runs through) when the importer recorded
    one, else the day of the import; the newest of those dates decides, not the batch imported last: a
    corrected export of March imported after December's does not take the data back to March.
    """
    b = import_batches.c
    row = conn.execute(
        select(
            func.max(b.data_through).label("data_through"),
            func.max(case((b.data_through.is_(None), b.created_at))).label("created_at"),
        ).where(b.dataset.in_(list(datasets)), b.status == ACTIVE_BATCH)
    ).one()
    undated = row.created_at.date() if isinstance(row.created_at, datetime) else row.created_at
    dates = [d for d in (row.data_through, undated) if d is not None]
    return max(dates) if dates else None
