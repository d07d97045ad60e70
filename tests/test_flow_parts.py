"""A flow family read by parts (one query per date index, store/queries/families.py) gives the figures of
the same family read in one query, and the settlement figures a case list counts by hand."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from store import db
from store.queries.aggregate import flow_tallies
from store.queries.families import FLOW_FAMILIES, Family, Window
from store.queries.filters import Dim, Scope
from tests.metrics_helpers import case, insert_rows


def _maybe(rng: random.Random, registered: date, same_day: date) -> date | None:
    pick = rng.random()
    if pick < 0.35:
        return None
    if pick < 0.55:
        return same_day  # the same day as another outcome of the case
    return registered + timedelta(days=rng.randrange(0, 150))


TEAMS = ("Schuldhulp Noord", "Schuldhulp Zuid")
MUNICIPALITIES = ("9901", "9902", "9903")


def _random_cases(seed: int, n: int) -> list[dict]:
    """Cases whose settlement dates fall often on one day (ties between outcomes), or are missing."""
    rng = random.Random(seed)
    start = date(2024, 10, 1)
    rows = []
    for i in range(n):
        registered = start + timedelta(days=rng.randrange(0, 120))
        same_day = registered + timedelta(days=rng.randrange(0, 200))
        dates = [_maybe(rng, registered, same_day) for _ in range(4)]
        rows.append(
            case(
                f"c{i}", registered.isoformat(),
                team=rng.choice((*TEAMS, None)),
                municipality=rng.choice((*MUNICIPALITIES, None)),
                consultant=rng.choice(("Consulent A", "Consulent B", None)),
                settlement_submitted_on=dates[0],
                settlement_granted_on=dates[1],
                settlement_rejected_on=dates[2],
                settlement_withdrawn_on=dates[3],
                forced_settlement=rng.choice((True, False, None)),
            )
        )
    return rows


WINDOWS = [
    Window(date(2025, 1, 1), date(2025, 3, 31), date(2025, 3, 31)),
    Window(date(2025, 2, 1), date(2025, 2, 28), date(2025, 2, 28)),
    Window(date(2024, 1, 1), date(2025, 12, 31), date(2025, 12, 31)),
]
SCOPES = [Scope(), Scope.of(teams=[TEAMS[0]]), Scope.of(municipalities=["9902", "9903"])]


@pytest.mark.parametrize("family", [f for f, fam in FLOW_FAMILIES.items() if fam.parts])
def test_parts_give_the_figures_of_one_query(db_url, family):
    insert_rows(db_url, "cases", _random_cases(seed=7, n=600))
    with db.get_engine(db_url).connect() as conn:
        compared = 0
        for window in WINDOWS:
            for dim in (None, Dim.TEAM, Dim.MUNICIPALITY, Dim.CONSULTANT):
                for scope in SCOPES:
                    by_parts = flow_tallies(conn, family, window, dim, scope)
                    whole = flow_tallies(conn, family, window, dim, scope, by_parts=False)
                    assert by_parts == whole, (window, dim, scope)
                    compared += sum(v for t in whole.values() for v in t.values.values())
    assert compared > 1000  # the windows hold many settlements, not only empty groups


def test_every_measure_of_a_family_with_parts_is_in_a_part():
    for family, fam in FLOW_FAMILIES.items():
        if not fam.parts:
            continue
        in_parts = {m.name for part in fam.parts for m in part.measures}
        assert in_parts == {m.name for m in fam.measures}, family
        assert fam.histogram is None  # a histogram would count a record once per part


def test_settlements_by_hand(db_url):
    """Q1 2025. Decided counts each case once, by its earliest outcome in Q1 (ties: granted, then
    rejected, then withdrawn); succeeded is a grant that came first."""
    rows = [
        # granted and rejected on one day in Q1: decided once, succeeded (the grant wins the tie); amicable
        case("a", "2024-11-01", settlement_submitted_on="2024-12-01", settlement_granted_on="2025-02-03",
             settlement_rejected_on="2025-02-03", forced_settlement=False),
        # rejected in Q1, granted later in Q2: decided (rejection first), not succeeded; forced grant is in Q2
        case("b", "2024-11-01", settlement_submitted_on="2025-01-10", settlement_rejected_on="2025-03-01",
             settlement_granted_on="2025-04-02", forced_settlement=True),
        # granted in Q1 after a withdrawal in December: the grant is not the earliest outcome
        case("c", "2024-10-01", settlement_withdrawn_on="2024-12-20", settlement_granted_on="2025-01-15",
             forced_settlement=True),
        # rejected and withdrawn on one day in Q1: decided once (the rejection wins the tie)
        case("d", "2024-10-01", settlement_submitted_on="2025-03-31", settlement_rejected_on="2025-01-05",
             settlement_withdrawn_on="2025-01-05"),
        # only a withdrawal in Q1: decided
        case("e", "2024-10-01", settlement_withdrawn_on="2025-02-28", forced_settlement=None),
        # nothing in Q1
        case("f", "2024-10-01", settlement_submitted_on="2024-12-31", settlement_granted_on="2025-04-01"),
    ]  # fmt: skip
    insert_rows(db_url, "cases", rows)
    q1 = Window(date(2025, 1, 1), date(2025, 3, 31), date(2025, 3, 31))
    with db.get_engine(db_url).connect() as conn:
        tallies = flow_tallies(conn, Family.SETTLEMENTS, q1, None, Scope())
    # submitted in Q1: b, d. Granted in Q1: a (not forced), c (forced). Decided: a, b, d, e (c's earliest
    # outcome, the withdrawal, lies in December). Succeeded: a.
    assert tallies[None].values == {
        "submitted": 2, "amicable": 1, "forced": 1, "settlement_decided": 4, "settlement_succeeded": 1,
    }  # fmt: skip
