"""The waiting list on a date: how long the waiting cases have waited (adding up to the KPIs), and the
tracking system's own list beside the KPI for the teams it covers (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from metrics.compute import compute_all
from metrics.waitlist import age_distribution, system_figures
from store.metrics_queries import Scope
from tests.metrics_helpers import case, insert_rows
from tests.test_forecast import CASES, NOORD, TODAY

EXTRA = [
    # crisis, registered Monday 23 June: deadline the third working day (Thursday 26 June), 7 days waited
    case("k1", "2025-06-23", crisis=True),
    case("z1", "2025-06-20", team="Schuldhulp Zuid", municipality="9903"),
]


@pytest.fixture
def team(db_url):
    insert_rows(db_url, "cases", CASES + EXTRA)
    return db_url


def test_age_distribution(team):
    got = age_distribution(team, "2025-06", NOORD, today=TODAY)
    assert got.as_of == date(2025, 6, 30)
    assert [b.label for b in got.buckets] == ["0–7", "8–14", "15–21", "22–28", "meer dan 28"]
    # r11: 28 days, deadline 30 June = the reference date (within); r5: 133 days, deadline 17 March; k1: crisis
    assert got.within == [0, 0, 0, 1, 0]
    assert got.overdue == [1, 0, 0, 0, 1]
    kpis = {r.kpi: r.value for r in compute_all(team, "2025-06", scope=NOORD, today=TODAY)}
    assert (got.total, sum(got.overdue)) == (kpis["wachtlijst"], kpis["wachtlijst_over_termijn"])


def test_an_empty_waiting_list(team):
    got = age_distribution(team, "2024-12", NOORD, today=TODAY)
    assert (got.total, got.within, got.overdue) == (0, [0] * 5, [0] * 5)


SNAPSHOTS = [
    # 30 June, team Noord: r5, r11, k1 and a case the exports do not know: 4 against 3 from the cases
    *({"as_of": "2025-06-30", "case_id": i, "team": "Schuldhulp Noord", "municipality": "9901"}
      for i in ("r5", "r11", "k1", "x9")),
    {"as_of": "2025-05-31", "case_id": "r5", "team": "Schuldhulp Noord", "municipality": "9901"},
    # 30 April, rows without a team: the list covers everything
    *({"as_of": "2025-04-30", "case_id": i, "team": None, "municipality": "9901"} for i in ("r5", "r9")),
]  # fmt: skip


def test_the_systems_own_list_beside_the_kpi(team):
    insert_rows(team, "waitlist", SNAPSHOTS)
    dates = [date(2025, 4, 30), date(2025, 5, 31), date(2025, 6, 30), date(2025, 3, 31)]
    got = system_figures(team, dates)
    assert sorted(got) == dates[:3]  # no list for 31 March
    june = got[date(2025, 6, 30)]
    # Zuid sent no list: z1 is not compared
    assert (june.system, june.derived, june.difference, june.teams) == (
        {"Schuldhulp Noord": 4}, {"Schuldhulp Noord": 3}, 1, ["Schuldhulp Noord"],
    )  # fmt: skip
    assert (got[date(2025, 5, 31)].system_total, got[date(2025, 5, 31)].derived_total) == (1, 1)
    april = got[date(2025, 4, 30)]
    assert (april.system_total, april.derived_total) == (2, 2)  # r5 and r9 waited on 30 April
    assert system_figures(team, dates, Scope.of(teams=["Schuldhulp Zuid"])) == {}
