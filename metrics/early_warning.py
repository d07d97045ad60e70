"""Early warning (Vroegsignalering): signals by partner, signals per 1,000 inhabitants, the multiple share.

The catalogue KPIs (``signalen``, ``meldingen``, ``meldingen_meervoudig``, ``opgepakt_pct``, ``bereik_pct``,
``hulpacceptatie_pct``, ``vervolghulp_financieel``) come from the registry through ``metrics.compute``.
This module adds the breakdown of ``signalen`` by partner (the catalogue puts it on the page), and two
figures derived from KPIs for comparison with the Divosa monitor: signals per 1,000 inhabitants per
month (``signalen`` over the inhabitants in ``config/installation.toml``) and the share of multiple
meldingen (``meldingen_meervoudig`` / ``meldingen``).

Early-warning records have a municipality but no team: a team scope becomes one on the team's
municipalities (``metrics.compute.teamless_scope``), as the KPIs do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from config import settings as app_settings
from metrics import references
from metrics.compute import EngineLike, KpiResult, resolve_engine, team_of_municipality, teamless_scope
from metrics.periods import Period
from metrics.references import Reference
from store import metrics_queries as q
from store.metrics_queries import Categories, Scope

EARLY_WARNING_KPIS = (
    "signalen", "meldingen", "meldingen_meervoudig", "opgepakt_pct", "bereik_pct", "hulpacceptatie_pct",
    "vervolghulp_financieel",
)  # fmt: skip

# The partner_type codes of exports.md (connectors/vocab.py), in Dutch.
PARTNER_LABELS: dict[str, str] = {
    "zorg": "Zorgverzekeraar",
    "huur": "Verhuurder (huur)",
    "energie": "Energieleverancier",
    "water": "Drinkwaterbedrijf",
    "hypotheek": "Hypotheekverstrekker",
    "cak_zorgverzekeringen": "CAK (zorgverzekering)",
    "cak_eigen_bijdrage": "CAK (eigen bijdrage)",
    "duo": "DUO",
    "belastingdienst": "Belastingdienst",
    "dienst_toeslagen": "Dienst Toeslagen",
    "overige": "Overige partners",
}
NO_PARTNER = "Partner onbekend"


def partner_label(code: str | None) -> str:
    if code is None:
        return NO_PARTNER
    return PARTNER_LABELS.get(code, code)


def early_warning_scope(scope: Scope) -> Scope:
    """The scope for records without a team (a team becomes its municipalities)."""
    return teamless_scope(scope, team_of_municipality())


# ------------------------------------------------------------------------------------------ partners
@dataclass(frozen=True)
class PartnerShare:
    partner: str | None
    label: str
    count: int
    total: int  # all signals in the period (the share's records)
    reference: Reference | None  # the national share, where the monitor publishes one

    @property
    def share(self) -> float | None:
        return 100 * self.count / self.total if self.total else None


def signals_by_partner(db: EngineLike, period: Period | str, scope: Scope) -> list[PartnerShare]:
    """Signals with ``received_on`` in the period per partner type, with their share and the national share.

    Partners with a national share are always listed (with 0 when none signalled); the counts add up to
    the ``signalen`` KPI of the same period and scope.
    """
    chosen = Period.parse(period)
    with resolve_engine(db).connect() as conn:
        (counts,) = q.category_counts(
            conn, Categories.SIGNAL_PARTNERS, [(chosen.first_day, chosen.last_day)], early_warning_scope(scope)
        )
    national = {r.partner: r for r in references.load() if r.figure == references.PARTNER_SHARE}
    for partner in national:
        counts.setdefault(partner, 0)
    total = sum(counts.values())
    rows = [
        PartnerShare(code, partner_label(code), n, total, references.latest(references.PARTNER_SHARE, code))
        for code, n in counts.items()
    ]
    rows.sort(key=lambda r: (-r.count, r.partner is None, r.label))
    return rows


# ------------------------------------------------------------------------------------------ per 1,000 inhabitants
@dataclass(frozen=True)
class Rate:
    """Signals per 1,000 inhabitants per month over the municipalities that deliver signals."""

    value: float | None
    signals: int
    inhabitants: int
    months: int
    municipalities: tuple[str, ...]  # the codes counted


def inhabitants() -> dict[str, int]:
    """CBS code → inhabitants, for the municipalities of the installation that have them."""
    return {m.code: m.inhabitants for m in app_settings.installation().municipalities if m.inhabitants}


def delivering(results: Iterable[KpiResult]) -> set[str]:
    """Municipalities with at least one signal in ``results`` (``signalen`` by municipality over a window).

    A municipality whose system delivers signal cases only (VPS) has no signals at all; counting its
    inhabitants would understate the rate, so it is left out.
    """
    return {r.group for r in results if r.kpi == "signalen" and r.group is not None and (r.value or 0) > 0}


def signal_rate(results: Iterable[KpiResult], period: Period, population: Mapping[str, int], counted: set[str]) -> Rate:
    """The rate for ``period`` from ``signalen`` by municipality: Σ signals / Σ inhabitants × 1,000 / months,
    over the municipalities in ``counted`` with known inhabitants."""
    codes = sorted(m for m in counted if m in population)
    signals = sum(int(r.value or 0) for r in results if r.kpi == "signalen" and r.period == period and r.group in codes)
    people = sum(population[m] for m in codes)
    months = period.granularity.months
    value = 1000 * signals / people / months if people else None
    return Rate(value, signals, people, months, tuple(codes))


def rates(results: Sequence[KpiResult], periods: Sequence[Period], population: Mapping[str, int]) -> list[Rate]:
    """The rate per period over the municipalities that deliver signals anywhere in ``results``."""
    counted = delivering(results)
    return [signal_rate(results, p, population, counted) for p in periods]


SIGNALS_PER_1000_DEFINITION = (
    "Signalen per 1.000 inwoners per maand: signalen met een signaaldatum in de periode / inwoners × 1.000 / "
    "aantal maanden, over de gemeenten met een bekend inwonertal die signalen aanleveren (een gemeente zonder "
    "enig signaal in de getoonde maanden levert alleen meldingen aan, zoals VPS, en telt niet mee)."
)
MULTIPLE_SHARE_DEFINITION = "Aandeel meervoudige meldingen: 100 × meervoudige meldingen / meldingen."
