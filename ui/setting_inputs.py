"""One input widget per kind of metric setting, for the administrator's settings page."""

from __future__ import annotations

import streamlit as st

from metrics.codes import CloseReason, SignalResult
from metrics.registry import KPIS
from metrics.settings import MetricSetting, SettingKind


def choices(kind: SettingKind) -> list[str]:
    """The codes a list setting may hold."""
    match kind:
        case SettingKind.CLOSE_REASONS:
            return [r.value for r in CloseReason]
        case SettingKind.SIGNAL_RESULTS:
            return [r.value for r in SignalResult]
        case SettingKind.KPI_IDS:
            return [k.id for k in KPIS]
        case SettingKind.DAYS | SettingKind.WORKING_DAYS | SettingKind.NUMBER:
            return []
    raise AssertionError(kind)  # pragma: no cover - exhaustive


def value_input(setting: MetricSetting, current: int | tuple[str, ...]) -> int | list[str]:
    """The widget for ``setting``, showing ``current``; returns what the administrator entered."""
    label = f"{setting.name} ({setting.kind.value})"
    if isinstance(current, int):
        return int(st.number_input(label, min_value=1, value=current, step=1, key=f"waarde_{setting.name}"))
    labels = {k.id: k.label for k in KPIS}
    return st.multiselect(
        label, choices(setting.kind), default=list(current), key=f"waarde_{setting.name}",
        format_func=lambda code: labels.get(code, code.replace("_", " ")),
    )  # fmt: skip
