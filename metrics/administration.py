"""The administrator's changes to the calculation: metric settings and single dates of the working-day
calendar. Values are validated by ``metrics.settings`` (Dutch messages); the stored deadlines follow by
themselves (``metrics.derived`` recomputes them when the terms or the calendar change)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from metrics.compute import EngineLike, resolve_engine
from metrics.derived import load_settings
from metrics.settings import METRIC_SETTINGS, MetricSetting, SettingError, encode
from store import metrics_queries as q
from store.metrics_queries import HolidayAction, HolidayOverride

__all__ = [
    "HolidayAction", "SettingError", "SettingValue", "change", "delete_override", "holidays", "overrides", "reset",
    "set_override", "values",
]  # fmt: skip


@dataclass(frozen=True)
class SettingValue:
    setting: MetricSetting
    value: int | tuple[str, ...]
    is_default: bool


def values(db: EngineLike) -> list[SettingValue]:
    """Every metric setting with its current value."""
    with resolve_engine(db).connect() as conn:
        stored = q.read_settings(conn)
    out = []
    for setting in METRIC_SETTINGS:
        value = _decoded(setting, stored[setting.name]) if setting.name in stored else setting.default
        out.append(SettingValue(setting, value, value == setting.default))
    return out


def _decoded(setting: MetricSetting, raw: str) -> int | tuple[str, ...]:
    """A stored value, validated the way the calculation reads it."""
    value = json.loads(encode(setting.name, json.loads(raw)))
    return tuple(value) if isinstance(value, list) else value


def change(db: EngineLike, name: str, value: object, user: str) -> None:
    """Store a new value (raises :class:`SettingError` with a Dutch message when it cannot be used)."""
    text = encode(name, value)
    with resolve_engine(db).begin() as conn:
        q.write_setting(conn, name, text, user)


def reset(db: EngineLike, name: str) -> None:
    """Back to the catalogue's default."""
    if name not in {s.name for s in METRIC_SETTINGS}:
        raise SettingError(f"Onbekende instelling '{name}'.")
    with resolve_engine(db).begin() as conn:
        q.delete_setting(conn, name)


def overrides(db: EngineLike) -> list[HolidayOverride]:
    with resolve_engine(db).connect() as conn:
        return q.read_holiday_overrides(conn)


def set_override(db: EngineLike, day: date, action: HolidayAction, user: str, note: str | None = None) -> None:
    """Add a non-working day (``ADD``) or make a computed holiday a working day (``REMOVE``)."""
    with resolve_engine(db).begin() as conn:
        q.write_holiday_override(conn, day, action, user, note or None)


def delete_override(db: EngineLike, day: date) -> None:
    with resolve_engine(db).begin() as conn:
        q.delete_holiday_override(conn, day)


def holidays(db: EngineLike, year: int) -> dict[date, str]:
    """The non-working days (other than weekends) of ``year`` as the calculation uses them."""
    with resolve_engine(db).connect() as conn:
        return load_settings(conn).terms.calendar.holidays(year)
