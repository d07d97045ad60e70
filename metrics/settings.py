"""Settings of the metrics layer, declared once as data: name, default (the catalogue's), help.

An administrator changes them in the ``metric_settings`` table (through ``store.metrics_queries``); the
working-day calendar's added and removed dates live in ``holiday_overrides``. ``load`` turns the stored
values into one frozen :class:`MetricSettings` that a computation uses from start to end.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from metrics.calendar import WorkingDayCalendar
from metrics.codes import (
    DROPOUT_CLOSE_REASONS,
    HELP_ACCEPTED_RESULTS,
    POSITIVE_CLOSE_REASONS,
    CloseReason,
    SignalResult,
)
from metrics.terms import Terms


class SettingKind(enum.Enum):
    DAYS = "dagen"
    WORKING_DAYS = "werkdagen"
    NUMBER = "aantal"
    CLOSE_REASONS = "redenen van afsluiting"
    SIGNAL_RESULTS = "resultaten vroegsignalering"
    KPI_IDS = "KPI's"


@dataclass(frozen=True)
class MetricSetting:
    name: str
    kind: SettingKind
    default: int | tuple[str, ...]
    help: str  # Dutch, for the settings page


# The council report's fixed KPI set (issue 5), in the order the report shows them.
COUNCIL_REPORT_KPIS: tuple[str, ...] = (
    "aanmeldingen", "eerste_gesprek_tijdig_pct", "wachttijd_eerste_gesprek_mediaan", "beschikking_tijdig_pct",
    "wachtlijst", "wachtlijst_over_termijn", "caseload", "minnelijke_akkoorden", "schuldregeling_slagingspct",
    "uitstroom", "uitstroom_afgerond_pct", "uitval_pct", "doorlooptijd_mediaan", "meldingen", "bereik_pct",
    "hulpacceptatie_pct", "kto_gemiddeld",
)  # fmt: skip


METRIC_SETTINGS: tuple[MetricSetting, ...] = (
    MetricSetting("first_contact_term_days", SettingKind.DAYS, 28,
                  "Termijn eerste gesprek in kalenderdagen na de aanmelding (Wgs: 4 weken)."),
    MetricSetting("crisis_term_working_days", SettingKind.WORKING_DAYS, 3,
                  "Termijn eerste gesprek bij crisis, in werkdagen na de aanmelding."),
    MetricSetting("decision_term_days", SettingKind.DAYS, 56,
                  "Termijn beschikking in kalenderdagen na het eerste gesprek (Awb 4:13: 8 weken)."),
    MetricSetting("positive_close_reasons", SettingKind.CLOSE_REASONS,
                  tuple(sorted(r.value for r in POSITIVE_CLOSE_REASONS)),
                  "Redenen van afsluiting die als positief afgerond tellen."),
    MetricSetting("dropout_close_reasons", SettingKind.CLOSE_REASONS,
                  tuple(sorted(r.value for r in DROPOUT_CLOSE_REASONS)),
                  "Redenen van afsluiting die als uitval tellen."),
    MetricSetting("help_accepted_results", SettingKind.SIGNAL_RESULTS,
                  tuple(sorted(r.value for r in HELP_ACCEPTED_RESULTS)),
                  "Resultaten van een vroegsignaalzaak die als hulpacceptatie tellen."),
    MetricSetting("suppression_min_count", SettingKind.NUMBER, 5,
                  "Kleine aantallen: een aantal van 1 tot deze waarde wordt '<waarde' (raad, jaarverslag)."),
    MetricSetting("suppression_min_records", SettingKind.NUMBER, 10,
                  "Kleine aantallen: een percentage, gemiddelde of mediaan over minder records wordt niet getoond."),
    MetricSetting("council_report_kpis", SettingKind.KPI_IDS, COUNCIL_REPORT_KPIS,
                  "De vaste KPI's van de raadsrapportage, in deze volgorde (ids uit de KPI-definities)."),
    # Caseload meeting (issue 4): stages without a legal term, and the waiting-list forecast
    MetricSetting("stalled_plan_days", SettingKind.DAYS, 28,
                  "Stilstand: een dossier met een toelatingsbeschikking en na zoveel dagen nog geen plan van aanpak "
                  "telt als stilstaand (eigen werknorm, geen wettelijke termijn)."),
    MetricSetting("stalled_stabilisation_days", SettingKind.DAYS, 365,
                  "Stilstand: een dossier met een plan van aanpak en na zoveel dagen nog geen ingediende "
                  "schuldregeling telt als stilstaand (eigen werknorm, geen wettelijke termijn)."),
    MetricSetting("stalled_settlement_days", SettingKind.DAYS, 120,
                  "Stilstand: een ingediende schuldregeling zonder toekenning, afwijzing of intrekking na zoveel "
                  "dagen telt als stilstaand (eigen werknorm, geen wettelijke termijn)."),
    MetricSetting("forecast_window_months", SettingKind.NUMBER, 6,
                  "Prognose wachtlijst: over zoveel afgelopen maanden worden instroom, capaciteit (eerste "
                  "gesprekken) en uitval van de wachtlijst gemiddeld."),
)  # fmt: skip

SETTINGS_BY_NAME: dict[str, MetricSetting] = {s.name: s for s in METRIC_SETTINGS}


class SettingError(ValueError):
    """A stored setting value that cannot be used; the message is Dutch."""


def _parse(setting: MetricSetting, raw: object) -> int | tuple[str, ...]:
    value = json.loads(raw) if isinstance(raw, str) else raw
    match setting.kind:
        case SettingKind.DAYS | SettingKind.WORKING_DAYS | SettingKind.NUMBER:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise SettingError(f"Instelling {setting.name}: verwacht een geheel getal van 1 of meer, niet {raw!r}.")
            return value
        case SettingKind.CLOSE_REASONS | SettingKind.SIGNAL_RESULTS:
            vocabulary = CloseReason if setting.kind is SettingKind.CLOSE_REASONS else SignalResult
            known = {m.value for m in vocabulary}
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise SettingError(f"Instelling {setting.name}: verwacht een lijst codes, niet {raw!r}.")
            unknown = sorted(set(value) - known)
            if unknown:
                raise SettingError(f"Instelling {setting.name}: onbekende codes {', '.join(unknown)}.")
            return tuple(sorted(set(value)))
        case SettingKind.KPI_IDS:
            return _kpi_ids(setting, value, raw)
    raise AssertionError(setting.kind)  # pragma: no cover - exhaustive


def _kpi_ids(setting: MetricSetting, value: object, raw: object) -> tuple[str, ...]:
    """KPI ids of the registry, in the given order, each once; at least one."""
    from metrics.registry import KPIS_BY_ID  # here: the registry imports the store, settings need not

    if not isinstance(value, list | tuple) or not value or not all(isinstance(v, str) for v in value):
        raise SettingError(f"Instelling {setting.name}: verwacht een lijst van KPI-ids, niet {raw!r}.")
    unknown = [v for v in value if v not in KPIS_BY_ID]
    if unknown:
        raise SettingError(f"Instelling {setting.name}: onbekende KPI's {', '.join(unknown)}.")
    return tuple(dict.fromkeys(value))


def encode(name: str, value: object) -> str:
    """The stored (JSON) form of a setting value, validated."""
    setting = SETTINGS_BY_NAME.get(name)
    if setting is None:
        raise SettingError(f"Onbekende instelling '{name}'.")
    parsed = _parse(setting, list(value) if isinstance(value, set | frozenset | tuple) else value)
    return json.dumps(list(parsed) if isinstance(parsed, tuple) else parsed)


@dataclass(frozen=True)
class MetricSettings:
    """Everything a KPI computation depends on besides the data."""

    terms: Terms = field(default_factory=Terms)
    positive_close_reasons: frozenset[str] = frozenset(r.value for r in POSITIVE_CLOSE_REASONS)
    dropout_close_reasons: frozenset[str] = frozenset(r.value for r in DROPOUT_CLOSE_REASONS)
    help_accepted_results: frozenset[str] = frozenset(r.value for r in HELP_ACCEPTED_RESULTS)
    suppression_min_count: int = 5
    suppression_min_records: int = 10
    council_report_kpis: tuple[str, ...] = COUNCIL_REPORT_KPIS
    stalled_plan_days: int = 28
    stalled_stabilisation_days: int = 365
    stalled_settlement_days: int = 120
    forecast_window_months: int = 6


def load(
    stored: Mapping[str, object],
    added_holidays: Iterable[date] = (),
    removed_holidays: Iterable[date] = (),
) -> MetricSettings:
    """Settings from stored values (name → JSON text); names not stored keep the catalogue's default."""
    values: dict[str, int | tuple[str, ...]] = {s.name: s.default for s in METRIC_SETTINGS}
    for name, raw in stored.items():
        setting = SETTINGS_BY_NAME.get(name)
        if setting is not None:
            values[name] = _parse(setting, raw)
    calendar = WorkingDayCalendar.with_overrides(added_holidays, removed_holidays)
    return MetricSettings(
        terms=Terms(
            first_contact_days=int(values["first_contact_term_days"]),
            crisis_working_days=int(values["crisis_term_working_days"]),
            decision_days=int(values["decision_term_days"]),
            calendar=calendar,
        ),
        positive_close_reasons=frozenset(values["positive_close_reasons"]),  # type: ignore[arg-type]
        dropout_close_reasons=frozenset(values["dropout_close_reasons"]),  # type: ignore[arg-type]
        help_accepted_results=frozenset(values["help_accepted_results"]),  # type: ignore[arg-type]
        suppression_min_count=int(values["suppression_min_count"]),
        suppression_min_records=int(values["suppression_min_records"]),
        council_report_kpis=tuple(values["council_report_kpis"]),  # type: ignore[arg-type]
        stalled_plan_days=int(values["stalled_plan_days"]),
        stalled_stabilisation_days=int(values["stalled_stabilisation_days"]),
        stalled_settlement_days=int(values["stalled_settlement_days"]),
        forecast_window_months=int(values["forecast_window_months"]),
    )
