"""The filters every page shares: period, team, municipality and, where it applies, consultant.

They live in the sidebar and in the URL (``?soort=kwartaal&periode=3e+kwartaal+2025&team=Schuldhulp+Noord
&gemeente=Dijkwaard``), so that a view can be shared: each widget is bound to a query parameter, whose value
is the option as the screen shows it (Streamlit matches a bound parameter against the shown labels).
The teams and municipalities offered are those of the settings, in settings order, then those only the data
hold (a DDAS delivery for another municipality), sorted and labelled as the reports label them
(``Gemeente 0111``). The viewer's own scope (``config.access``) limits the choices; :meth:`Filters.scope` is
what every query gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from config import settings
from config.access import Viewer
from metrics.council_report import unknown_municipality_label
from metrics.periods import Granularity, Period
from store.metrics_queries import Scope
from ui import data
from ui.format import long_day

ALL_TEAMS = "Alle teams"
ALL_MUNICIPALITIES = "Alle gemeenten"
ALL_CONSULTANTS = "Alle consulenten"
GRANULARITIES = {"maand": Granularity.MONTH, "kwartaal": Granularity.QUARTER, "jaar": Granularity.YEAR}
MAX_PERIODS = {Granularity.MONTH: 60, Granularity.QUARTER: 24, Granularity.YEAR: 8}


@dataclass(frozen=True)
class Filters:
    period: Period
    team: str | None
    municipality: str | None  # CBS code
    consultant: str | None
    viewer_scope: Scope

    @property
    def scope(self) -> Scope:
        """The viewer's scope narrowed to the chosen team and municipality."""
        teams = self.viewer_scope.teams
        if self.team is not None:
            teams = frozenset({self.team}) if teams is None or self.team in teams else frozenset()
        municipalities = self.viewer_scope.municipalities
        if self.municipality is not None:
            allowed = municipalities is None or self.municipality in municipalities
            municipalities = frozenset({self.municipality}) if allowed else frozenset()
        return Scope(teams, municipalities)

    def description(self) -> str:
        """The active filters in words, for captions and downloads."""
        parts = [f"Periode: {self.period.label}", f"Team: {self.team or ALL_TEAMS.lower()}"]
        parts.append(f"Gemeente: {municipality_name(self.municipality) if self.municipality else 'alle'}")
        if self.consultant:
            parts.append(f"Consulent: {self.consultant}")
        return " · ".join(parts)


def municipality_names() -> dict[str, str]:
    return {m.code: m.name for m in settings.installation().municipalities}


def municipality_name(code: str | None) -> str:
    if code is None:
        return "onbekend"
    return municipality_names().get(code, code)


def latest_data_day(version: str) -> date:
    """The newest "data t/m" date of any dataset, or today without imports."""
    days = [d.data_through for d in data.data_through(version) if d.data_through is not None]
    return max(days) if days else date.today()


def default_index(options: list[str], through: date) -> int:
    """The newest period the data covers completely (its last day on or before ``through``); the running
    period only when no period is complete yet. A report run on 1 January opens on December."""
    for index, option in enumerate(options):
        if Period.parse(option).last_day <= through:
            return index
    return 0


def period_options(version: str, granularity: Granularity) -> list[str]:
    """Periods from the first registration to the latest data, newest first."""
    last = Period.containing(latest_data_day(version), granularity)
    first_day = data.first_registration(version) or last.first_day
    first = Period.containing(first_day, granularity)
    options: list[str] = []
    current = last
    while current >= first and len(options) < MAX_PERIODS[granularity]:
        options.append(str(current))
        current = current.previous()
    return options


def municipality_label(code: str) -> str:
    """A municipality as the filter and the reports show it: its name in the settings, else ``Gemeente 0111``
    for a CBS code the settings do not know, else the name as the export gave it."""
    return municipality_names().get(code) or unknown_municipality_label(code)


def with_stored(configured: list[str], stored: list[str]) -> list[str]:
    """The configured values in settings order, then those only the data hold, sorted."""
    known = set(configured)
    return [*configured, *sorted(v for v in stored if v not in known)]


def _team_options(viewer: Viewer, version: str) -> list[str]:
    inst = settings.installation()
    teams = list(dict.fromkeys([*inst.teams, *(m.team for m in inst.municipalities if m.team)]))
    if viewer.scope.teams is not None:
        teams = [t for t in teams if t in viewer.scope.teams]
    return [ALL_TEAMS, *with_stored(teams, data.stored_values(version, "team", data.scope_key(viewer.scope)))]


def _municipality_options(viewer: Viewer, version: str) -> dict[str, str | None]:
    """Label -> CBS code (or the exported name) of the municipality filter."""
    codes = [m.code for m in settings.installation().municipalities]
    if viewer.scope.municipalities is not None:
        codes = [c for c in codes if c in viewer.scope.municipalities]
    stored = data.stored_values(version, "municipality", data.scope_key(viewer.scope))
    options: dict[str, str | None] = {ALL_MUNICIPALITIES: None}
    for code in with_stored(codes, stored):
        options.setdefault(municipality_label(code), code)
    return options


def render(
    viewer: Viewer,
    version: str,
    *,
    consultant: bool = False,
    granularities: tuple[str, ...] = ("maand", "kwartaal", "jaar"),
) -> Filters:
    """The sidebar filters of a page; the values are in the URL."""
    sidebar = st.sidebar
    sidebar.header("Filters")
    kind = sidebar.segmented_control(
        "Periode", list(granularities), default=granularities[0], key="soort", bind="query-params",
        required=True,
    )
    granularity = GRANULARITIES[kind or granularities[0]]
    options = period_options(version, granularity)
    labels = {Period.parse(p).label: Period.parse(p) for p in options}
    chosen = sidebar.selectbox(
        "Kies de periode", list(labels), index=default_index(options, latest_data_day(version)),
        key="periode", bind="query-params", label_visibility="collapsed",
    )
    team = sidebar.selectbox("Team", _team_options(viewer, version), key="team", bind="query-params")
    by_name = _municipality_options(viewer, version)
    municipality = sidebar.selectbox("Gemeente", list(by_name), key="gemeente", bind="query-params")
    filters = Filters(
        labels.get(chosen or "", Period.parse(options[0])),
        None if team in (None, ALL_TEAMS) else team,
        by_name.get(municipality or ALL_MUNICIPALITIES),
        None,
        viewer.scope,
    )
    if consultant and viewer.role.sees_consultants:
        people = [ALL_CONSULTANTS, *data.consultants(version, data.scope_key(filters.scope))]
        person = sidebar.selectbox("Consulent", people, key="consulent", bind="query-params")
        if person not in (None, ALL_CONSULTANTS):
            filters = Filters(filters.period, filters.team, filters.municipality, person, viewer.scope)
    sidebar.caption(f"Gegevens t/m {long_day(latest_data_day(version))} · rol: {viewer.role.label}")
    return filters
