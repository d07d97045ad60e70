"""Inflow and outflow (Instroom en uitstroom): decisions by kind, outflow by close reason, and the funnel.

The catalogue KPIs (help requests, crisis, rejections, settlements, outflow, positive outflow, drop-out)
come from the registry through ``metrics.compute``; this module adds what the catalogue does not list as
a KPI: admissions (decisions ``toelating``), closures per close reason grouped as the catalogue groups
them, and a funnel of the period's flows from signal to positive outflow.

The funnel is a **period funnel of flows, not a cohort**: each stage counts the events of the chosen
period (signals matched, help requests, admissions, settlements reached, positive closures in P). A
cohort funnel (the same residents followed from signal to outflow) cannot be made exactly: a signal case
and a debt-assistance case share no key in the data, and a case takes months to years from help request
to outflow.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from metrics import registry
from metrics.codes import CloseReason, Decision
from metrics.compute import EngineLike, KpiResult, compute_all, resolve_engine
from metrics.derived import load_settings
from metrics.periods import Period
from metrics.settings import MetricSettings
from store import metrics_queries as q
from store.metrics_queries import Categories, Scope

REGISTRATION_KPIS = ("aanmeldingen", "aanmeldingen_crisis")
DECISION_KPIS = ("afwijzingen",)
SETTLEMENT_KPIS = ("schuldregelingen_ingediend", "minnelijke_akkoorden", "dwangakkoorden", "schuldregeling_slagingspct")
OUTFLOW_KPIS = ("uitstroom", "uitstroom_afgerond_pct", "uitval_pct")
FUNNEL_KPIS = ("meldingen", "aanmeldingen", "minnelijke_akkoorden", "dwangakkoorden", "uitstroom_afgerond_pct")

CLOSE_REASON_LABELS: dict[CloseReason, str] = {
    CloseReason.AFGEROND: "Afgerond (doel bereikt)",
    CloseReason.ZELF: "Zelf opgelost",
    CloseReason.INGETROKKEN: "Ingetrokken",
    CloseReason.NIET_VERSCHENEN: "Niet verschenen",
    CloseReason.VOLDOET_NIET: "Voldoet niet aan verplichtingen",
    CloseReason.NIET_PASSEND: "Dienstverlening niet passend",
    CloseReason.VERHUISD: "Verhuisd",
    CloseReason.OVERLEDEN: "Overleden",
    CloseReason.OVERIG: "Overig",
}
NO_REASON = "Geen reden geregistreerd"


def reason_label(code: str | None) -> str:
    """The Dutch label of a close-reason code; an unknown code as it is stored."""
    if code is None:
        return NO_REASON
    try:
        return CLOSE_REASON_LABELS[CloseReason(code)]
    except ValueError:
        return code


class OutflowGroup(enum.Enum):
    """The catalogue's grouping of close reasons (the sets are settings, see ``metrics.settings``)."""

    POSITIVE = "positief"
    DROPOUT = "uitval"
    OTHER = "overig"

    @property
    def label(self) -> str:
        return {
            OutflowGroup.POSITIVE: "Positief afgerond",
            OutflowGroup.DROPOUT: "Uitval",
            OutflowGroup.OTHER: "Overige uitstroom",
        }[self]


def reason_group(code: str | None, settings: MetricSettings) -> OutflowGroup:
    if code in settings.positive_close_reasons:
        return OutflowGroup.POSITIVE
    if code in settings.dropout_close_reasons:
        return OutflowGroup.DROPOUT
    return OutflowGroup.OTHER


def _windows(periods: Sequence[Period]) -> list[tuple[date, date]]:
    return [(p.first_day, p.last_day) for p in periods]


# ------------------------------------------------------------------------------------------ decisions
@dataclass(frozen=True)
class DecisionCounts:
    """Decisions with ``decision_on`` in a period, by kind (``unknown``: a decision date without a kind)."""

    period: Period
    admissions: int
    rejections: int
    unknown: int


def decisions_by_kind(db: EngineLike, periods: Sequence[Period], scope: Scope) -> list[DecisionCounts]:
    """Admissions (``toelating``), rejections and decisions without a kind per period (consecutive)."""
    with resolve_engine(db).connect() as conn:
        counts = q.category_counts(conn, Categories.DECISION_KINDS, _windows(periods), scope)
    out = []
    for period, kinds in zip(periods, counts, strict=True):
        admitted = kinds.get(Decision.TOELATING.value, 0)
        rejected = kinds.get(Decision.AFWIJZING.value, 0)
        out.append(DecisionCounts(period, admitted, rejected, sum(kinds.values()) - admitted - rejected))
    return out


# ------------------------------------------------------------------------------------------ outflow
@dataclass(frozen=True)
class ReasonCounts:
    reason: str | None
    label: str
    group: OutflowGroup
    counts: tuple[int, ...]  # per period

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Outflow:
    periods: tuple[Period, ...]
    reasons: tuple[ReasonCounts, ...]  # positive first, then drop-out, then the rest; within a group by total

    def totals(self) -> list[int]:
        """Closures per period (all reasons): the ``uitstroom`` KPI of each period."""
        return [sum(r.counts[i] for r in self.reasons) for i in range(len(self.periods))]

    def group_totals(self, group: OutflowGroup) -> list[int]:
        return [sum(r.counts[i] for r in self.reasons if r.group is group) for i in range(len(self.periods))]


def outflow_by_reason(db: EngineLike, periods: Sequence[Period], scope: Scope) -> Outflow:
    """Cases with ``closed_on`` in each period, per close reason, grouped as the catalogue does."""
    engine = resolve_engine(db)
    with engine.connect() as conn:
        settings = load_settings(conn)
        counts = q.category_counts(conn, Categories.CLOSE_REASONS, _windows(periods), scope)
    codes = {code for per_period in counts for code in per_period}
    order = list(OutflowGroup)
    reasons = [
        ReasonCounts(code, reason_label(code), reason_group(code, settings), tuple(c.get(code, 0) for c in counts))
        for code in codes
    ]
    reasons.sort(key=lambda r: (order.index(r.group), -r.total, r.label))
    return Outflow(tuple(periods), tuple(reasons))


# ------------------------------------------------------------------------------------------ funnel
@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: str  # Dutch
    definition: str  # Dutch, shown beside the funnel
    count: int


@dataclass(frozen=True)
class Funnel:
    period: Period
    stages: tuple[FunnelStage, ...]


FUNNEL_NOTE = (
    "Een trechter van stromen in dezelfde periode, geen cohort: elke stap telt wat er in de gekozen periode "
    "gebeurde. De dossiers in een latere stap zijn meestal eerder begonnen (een schuldregeling volgt maanden na "
    "de aanmelding), dus een stap kan groter zijn dan de stap ervoor. Een cohort (dezelfde inwoners van signaal "
    "tot uitstroom) is niet exact te maken: een vroegsignaalzaak en een schuldhulpdossier delen geen sleutel. "
    "Meldingen hebben geen team: bij een teamkeuze tellen de meldingen van de gemeenten van dat team."
)


def _either(words: list[str]) -> str:
    """``a``, ``a of b``, ``a, b of c``."""
    if len(words) < 2:
        return words[0] if words else "(geen: stel de positieve redenen in)"
    return f"{', '.join(words[:-1])} of {words[-1]}"


def _count(result: KpiResult | None) -> int:
    return int(result.value or 0) if result is not None else 0


def funnel(db: EngineLike, period: Period | str, scope: Scope, *, today: date | None = None) -> Funnel:
    """The period's flows from signal to positive outflow, each stage a catalogue KPI or admissions."""
    chosen = Period.parse(period)
    engine = resolve_engine(db)
    results = {r.kpi: r for r in compute_all(engine, chosen, None, scope, kpis=FUNNEL_KPIS, today=today)}
    (decisions,) = decisions_by_kind(engine, [chosen], scope)
    with engine.connect() as conn:
        positive = _either([reason_label(r).lower() for r in sorted(load_settings(conn).positive_close_reasons)])
    positive_result = results.get("uitstroom_afgerond_pct")
    stages = (
        FunnelStage("meldingen", "Meldingen vroegsignalering", registry.kpi("meldingen").definition,
                    _count(results.get("meldingen"))),
        FunnelStage("aanmeldingen", "Aanmeldingen", registry.kpi("aanmeldingen").definition,
                    _count(results.get("aanmeldingen"))),
        FunnelStage("toelatingen", "Toelatingen",
                    "Dossiers met een beschikkingsdatum in de periode en beschikking = toelating.",
                    decisions.admissions),
        FunnelStage("schuldregelingen", "Schuldregelingen tot stand",
                    "Dossiers met een datum toekenning schuldregeling in de periode: minnelijke akkoorden plus "
                    "dwangakkoorden.",
                    _count(results.get("minnelijke_akkoorden")) + _count(results.get("dwangakkoorden"))),
        FunnelStage("positief", "Positief uitgestroomd",
                    f"Dossiers afgesloten in de periode met reden {positive} (de teller van Positief afgerond).",
                    int(positive_result.numerator or 0) if positive_result is not None else 0),
    )  # fmt: skip
    return Funnel(chosen, stages)
