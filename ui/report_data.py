# ruff: noqa: ARG001 - the data and plans versions are only cache keys
"""Cached reads for the accountability pages (targets, council report, annual report).

Keyed by the store's data version and by the version of what people wrote in the app (targets, statuses,
explanations, freezes: ``metrics.targets.plans_version``), so a new status shows at once and figures are
recomputed only after an import. Values are returned as copies and never mutated.
"""

from __future__ import annotations

import streamlit as st

from metrics import annual_report, council_report, freeze, target_progress, targets
from metrics.annual_report import AnnualFigures
from metrics.council_report import CouncilReport
from metrics.overview import TargetMark
from metrics.periods import Period
from metrics.suppression import Thresholds
from metrics.target_progress import Progress
from ui.data import ScopeKey, engine, scope_of


def plans_version() -> str:
    """One cheap query per rerun."""
    return targets.plans_version(engine())


@st.cache_data(show_spinner="Doelen en voortgang berekenen…", max_entries=32)
def progress(data_version: str, plans: str, year: int, scope: ScopeKey) -> list[Progress]:
    """The current targets of jaarplan ``year`` that the scope may see, with their progress."""
    plan = targets.current(engine(), year, scope_of(scope))
    return target_progress.progress(engine(), plan)


@st.cache_data(show_spinner=False, max_entries=32)
def statuses(data_version: str, plans: str, keys: tuple[str, ...]) -> dict[str, list[targets.StatusUpdate]]:
    return targets.statuses(engine(), keys)


@st.cache_data(show_spinner=False, max_entries=32)
def versions(data_version: str, plans: str, key: str) -> list[targets.Target]:
    return targets.versions(engine(), key)


@st.cache_data(show_spinner="Raadsrapportage berekenen…", max_entries=32)
def council(
    data_version: str, plans: str, quarter: str, team: str | None, municipality: str | None, viewer_scope: ScopeKey
) -> CouncilReport:
    return council_report.build(
        engine(), quarter, team=team, municipality=municipality, viewer_scope=scope_of(viewer_scope)
    )


@st.cache_data(show_spinner="Jaarverslag berekenen…", max_entries=32)
def annual(
    data_version: str, year: int, team: str | None, municipality: str | None, viewer_scope: ScopeKey
) -> AnnualFigures:
    return annual_report.compute(
        engine(), year, team=team, municipality=municipality, viewer_scope=scope_of(viewer_scope)
    )


@st.cache_data(show_spinner=False, max_entries=32)
def thresholds(data_version: str, plans: str) -> Thresholds:
    return annual_report.thresholds(engine())


@st.cache_data(show_spinner=False, max_entries=32)
def frozen(data_version: str, plans: str, year: int, scope: ScopeKey) -> list[freeze.FrozenReport]:
    """The freezes of ``year`` for exactly this scope, newest first."""
    return freeze.frozen(engine(), year, scope_of(scope))


@st.cache_data(show_spinner=False, max_entries=64)
def target_marks(
    data_version: str, plans: str, period: str, team: str | None, municipality: str | None, scope: ScopeKey
) -> dict[str, TargetMark]:
    """The overview tiles' targets: those of the period's jaarplan set for exactly the chosen team or
    municipality (or for everything), and comparable with a figure of this period."""
    chosen = Period.parse(period)
    plan = targets.current(engine(), chosen.year, scope_of(scope))
    return dict(targets.marks(plan, chosen, team, municipality))
