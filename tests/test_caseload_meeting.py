"""The caseload meeting's figures per consultant and the cases behind them, hand-computed on the team of
``tests/meeting_fixture.py`` (March 2025, reference date 31 March), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from metrics import phases
from metrics.caseload_meeting import Figure, cases_behind, meeting_table
from metrics.compute import compute_all
from store import db
from store import metrics_queries as q
from store.metrics_queries import Dim, Scope, Stage
from tests import meeting_fixture as fx

TODAY = date(2026, 6, 1)  # March 2025 is over: the reference date is its last day
NOORD = Scope.of(teams=[fx.NOORD])


@pytest.fixture
def team(db_url):
    return fx.install(db_url)


def _rows(table):
    return {r.consultant: r for r in table.rows}


# consultant → (caseload, fte, per fte, waiting, over term, decision over term, stalled, closed, turnaround
# median, first conversations, waiting median); see the table in meeting_fixture
EXPECTED = {
    fx.A: (5, 0.9, 5 / 0.9, 2, 1, 1, 1, 1, 67, 1, 16),
    fx.B: (11, 1.0, 11.0, 0, 0, 2, 3, 1, 83, 1, 2),
    fx.C: (1, None, None, 1, 0, 1, 0, 0, None, 0, None),
    # the case without a consultant; the KPI pairs it with the staffing row without one (hired capacity)
    None: (0, 0.5, 0.0, 1, 0, 0, 0, 0, None, 0, None),
}


def _figures(row):
    return (
        row.caseload, row.fte, row.per_fte, row.waiting, row.waiting_overdue, row.decision_overdue, row.stalled,
        row.closed, row.turnaround_median, row.first_contacts, row.wait_median,
    )  # fmt: skip


def test_per_consultant(team):
    table = meeting_table(team, "2025-03", NOORD, today=TODAY)
    assert table.as_of == date(2025, 3, 31)
    assert [r.consultant for r in table.rows] == [fx.A, fx.B, fx.C, None]  # by name, without one last
    for consultant, expected in EXPECTED.items():
        assert _figures(_rows(table)[consultant]) == pytest.approx(expected), consultant
    assert table.limits == {Stage.PLAN: 28, Stage.STABILISATION: 365, Stage.SETTLEMENT: 120}


def test_total_row(team):
    total = meeting_table(team, "2025-03", NOORD, today=TODAY).total
    # 5 + 11 + 1 open cases over 0,9 + 1,0 + 0,5 (hired, no consultant) fte; closed a7 (67) and b8 (83):
    # median 75; first conversations a8 (16) and b12 (2): median 9
    assert total.total and total.consultant is None
    assert _figures(total) == pytest.approx((17, 2.4, 17 / 2.4, 4, 1, 4, 4, 2, 75, 2, 9))


def test_total_row_is_the_kpi_for_the_whole_scope(team):
    total = meeting_table(team, "2025-03", NOORD, today=TODAY).total
    kpis = {r.kpi: r for r in compute_all(team, "2025-03", scope=NOORD, today=TODAY)}
    assert total.caseload == kpis["caseload"].value
    assert total.per_fte == pytest.approx(kpis["caseload_per_fte"].value)
    assert total.waiting == kpis["wachtlijst"].value
    assert total.waiting_overdue == kpis["wachtlijst_over_termijn"].value
    assert total.turnaround_median == kpis["doorlooptijd_mediaan"].value
    assert total.wait_median == kpis["wachttijd_eerste_gesprek_mediaan"].value


def test_the_scope_is_applied(team):
    table = meeting_table(team, "2025-03", Scope.of(teams=[fx.ZUID]), today=TODAY)
    assert [(r.consultant, r.waiting, r.waiting_overdue) for r in table.rows] == [("Consulent D", 1, 1)]
    everyone = meeting_table(team, "2025-03", today=TODAY).total
    assert (everyone.waiting, everyone.waiting_overdue) == (5, 2)  # Noord's 4 and 1 plus d1


def test_municipality_scope_has_no_caseload_per_fte(team):
    table = meeting_table(team, "2025-03", Scope.of(municipalities=["9902"]), today=TODAY)
    assert table.total.per_fte is None
    assert "formatie kent geen gemeente" in (table.per_fte_note or "")
    assert _rows(table)[fx.B].caseload == 6  # b1–b6 are in 9902, B's other cases in 9901


def test_an_empty_period(team):
    table = meeting_table(team, "2023-01", NOORD, today=TODAY)
    assert table.rows == []
    assert _figures(table.total) == (0, None, None, 0, 0, 0, 0, 0, None, 0, None)
    assert table.per_fte_note == "Geen formatie voor deze maand."


# ------------------------------------------------------------------------------------------- case lists
def _over(case_list):
    return {r.record_id: r.days_over_term for r in case_list.records}


def test_cases_past_the_decision_term(team):
    found = cases_behind(team, Figure.DECISION_OVERDUE, "2025-03", NOORD, today=TODAY)
    # a1: deadline 28 Mar, 3 days; b7: 24 Mar, 7 days (closed only in April); b10: 27 Mar, 4 days (decided
    # only in April); c2: 7 Mar, 24 days. Not a2 (deadline on 31 Mar itself), not b8 (closed 30 Mar).
    assert _over(found) == {"a1": 3, "b7": 7, "b10": 4, "c2": 24}
    (c2,) = [r for r in found.records if r.record_id == "c2"]
    assert (c2.consultant, c2.values["decision_deadline"]) == (fx.C, date(2025, 3, 7))


def test_stalled_cases_with_their_stage_and_days(team):
    found = cases_behind(team, Figure.STALLED, "2025-03", NOORD, group=("consultant", fx.B), today=TODAY)
    stalled = {r.record_id: (r.values["stage"], r.days, r.values["days_over_limit"]) for r in found.records}
    assert stalled == {
        "b2": (phases.STAGE_LABELS[Stage.STABILISATION], 366, 1),
        "b4": (phases.STAGE_LABELS[Stage.SETTLEMENT], 121, 1),
        "b5": (phases.STAGE_LABELS[Stage.SETTLEMENT], 181, 61),
    }
    (a4,) = cases_behind(team, Figure.STALLED, "2025-03", NOORD, group=("consultant", fx.A), today=TODAY).records
    assert (a4.record_id, a4.values["stage_started_on"], a4.days, a4.values["stage_limit"]) == (
        "a4", date(2025, 3, 2), 29, 28,
    )  # fmt: skip


def test_kpi_figures_list_the_kpis_own_drilldown(team):
    def ids(figure, group):
        return sorted(r.record_id for r in cases_behind(team, figure, "2025-03", NOORD, group, today=TODAY).records)

    assert ids(Figure.CASELOAD, ("consultant", fx.A)) == ["a1", "a2", "a3", "a4", "a8"]
    assert ids(Figure.WAITING, ("consultant", fx.A)) == ["a5", "a6"]
    assert ids(Figure.WAITING_OVERDUE, None) == ["a6"]
    assert ids(Figure.WAITING, ("consultant", None)) == ["n1"]  # the cases without a consultant
    assert ids(Figure.CLOSED, None) == ["a7", "b8"]
    assert ids(Figure.FIRST_CONTACTS, ("consultant", fx.B)) == ["b12"]
    (a6,) = cases_behind(team, Figure.WAITING_OVERDUE, "2025-03", NOORD, today=TODAY).records
    assert a6.days_over_term == 21  # deadline 10 March


def test_every_list_is_as_long_as_its_figure(team):
    table = meeting_table(team, "2025-03", NOORD, today=TODAY)
    for row in [*table.rows, table.total]:
        for figure in Figure:
            found = cases_behind(team, figure, "2025-03", NOORD, row.group, today=TODAY)
            assert len(found.records) == row.count(figure), (row.consultant, row.total, figure)


def test_stalled_limits_are_settings(team):
    with db.get_engine(team).begin() as conn:
        q.write_setting(conn, "stalled_plan_days", "10", "tester")  # b11: 11 days since 20 March
    states = phases.open_states(team, "2025-03", NOORD, Dim.CONSULTANT, today=TODAY)
    assert states.limits[Stage.PLAN] == 10
    assert states.get(fx.B, "stalled_plan") == 1
    assert states.get(fx.A, "stalled_plan") == 2  # a3 (28 days) and a4 (29) now too
    assert states.total("stalled") == 6  # a3, a4, b11 in the plan stage; b2, b4, b5 as before
