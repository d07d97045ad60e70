"""Reconciliation: the tracking systems' own caseload and waiting lists beside the figures derived from the
cases, per team (and municipality, consultant, in total), as data-quality findings. SQLite and PostgreSQL.

Two teams export their own lists: Schuldhulp Noord (one row per case) and Schuldhulp Zuid (a pre-counted
caseload table on 31 March, without municipality). Budgetbeheer exports none: it has no snapshot, so it
never differs from one. The comments give the derived figures from the catalogue's definitions (caseload:
first conversation on or before the reference date and not closed on or before it; waiting list:
registered, neither a first conversation nor a closure on or before it).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from metrics.reconcile import reconcile, save_findings
from store import db
from store.metrics_queries import Scope
from store.models import findings
from tests.metrics_helpers import case, insert_rows

NOORD, ZUID, BBH = "Schuldhulp Noord", "Schuldhulp Zuid", "Budgetbeheer"
A, B, C, D = "Consulent A", "Consulent B", "Consulent C", "Consulent D"
FEB, MAR = "2025-02-28", "2025-03-31"

CASES = [
    case("n1", "2025-01-06", team=NOORD, municipality="9901", consultant=A, first_contact_on="2025-01-10"),
    # closed on 29 March: on the caseload on 28 Feb, not on 31 March
    case("n2", "2025-01-20", team=NOORD, municipality="9902", consultant=B, first_contact_on="2025-02-01",
         closed_on="2025-03-29", close_reason="afgerond"),
    case("n3", "2025-03-03", team=NOORD, municipality="9901", consultant=A),  # waiting on 31 March
    # first conversation on 30 March: on the caseload on 31 March
    case("n4", "2025-03-10", team=NOORD, municipality="9902", consultant=B, first_contact_on="2025-03-30"),
    case("z1", "2025-01-06", team=ZUID, municipality="9903", consultant=C, first_contact_on="2025-01-20"),
    case("z2", "2025-02-03", team=ZUID, municipality="9904", consultant=D, first_contact_on="2025-02-10"),
    case("z3", "2025-03-05", team=ZUID, municipality="9903", consultant=C, crisis=True),  # waiting (crisis)
    case("z4", "2025-03-12", team=ZUID, municipality="9904", consultant=D),  # waiting
    case("b1", "2025-01-15", team=BBH, municipality="9901", consultant=None, first_contact_on="2025-01-22"),
]  # fmt: skip
# Derived: caseload 28 Feb: Noord n1 n2, Zuid z1 z2, Budgetbeheer b1; 31 Mar: Noord n1 n4, Zuid z1 z2,
# Budgetbeheer b1. Waiting list 31 Mar: Noord n3, Zuid z3 z4.
CASELOAD = [
    # 28 Feb: Noord lists n1 n2 (right); Zuid lists z1 only (z2 missing: -1)
    {"as_of": FEB, "consultant": A, "team": NOORD, "municipality": "9901", "case_id": "n1"},
    {"as_of": FEB, "consultant": B, "team": NOORD, "municipality": "9902", "case_id": "n2"},
    {"as_of": FEB, "consultant": C, "team": ZUID, "municipality": "9903", "case_id": "z1"},
    # 31 Mar: Noord still lists n2, whose closure was registered late (+1); Zuid counts 1 + 1 (right)
    {"as_of": MAR, "consultant": A, "team": NOORD, "municipality": "9901", "case_id": "n1"},
    {"as_of": MAR, "consultant": B, "team": NOORD, "municipality": "9902", "case_id": "n2"},
    {"as_of": MAR, "consultant": B, "team": NOORD, "municipality": "9902", "case_id": "n4"},
    {"as_of": MAR, "consultant": C, "team": ZUID, "case_count": 1},
    {"as_of": MAR, "consultant": D, "team": ZUID, "case_count": 1},
]
WAITLIST = [
    # 31 Mar: Noord still lists n4, whose first conversation was registered late (+1); Zuid keeps the
    # crisis case z3 off its list (-1)
    {"as_of": MAR, "case_id": "n3", "team": NOORD, "municipality": "9901", "registered_on": "2025-03-03"},
    {"as_of": MAR, "case_id": "n4", "team": NOORD, "municipality": "9902", "registered_on": "2025-03-10"},
    {"as_of": MAR, "case_id": "z4", "team": ZUID, "municipality": "9904", "registered_on": "2025-03-12"},
]

# (dataset, date, group, the system's own figure, the derived figure)
BY_TEAM = [
    ("caseload", FEB, ZUID, 1, 2),
    ("caseload", MAR, NOORD, 3, 2),
    ("waitlist", MAR, NOORD, 2, 1),
    ("waitlist", MAR, ZUID, 1, 2),
]
EQUAL_BY_TEAM = [("caseload", FEB, NOORD, 2, 2), ("caseload", MAR, ZUID, 2, 2)]
SCENARIOS = {
    "by team": ({"by": "team"}, BY_TEAM),
    "by team, equal ones too": ({"by": "team", "include_equal": True}, sorted(BY_TEAM + EQUAL_BY_TEAM)),
    # the teams with a list: 28 Feb 3 against 4; 31 Mar 5 against 4; waiting 3 against 3
    "in total": ({"by": None}, [("caseload", FEB, None, 3, 4), ("caseload", MAR, None, 5, 4)]),
    # the waiting list names no consultant; 28 Feb: D (z2) missing; 31 Mar: B has n2 on the list too
    "by consultant": ({"by": "consultant"}, [("caseload", FEB, D, 0, 1), ("caseload", MAR, B, 2, 1)]),
    # Noord and Zuid's cases only (b1 is Budgetbeheer's, in 9901); Zuid's counted rows name no municipality
    "by municipality": ({"by": "municipality"}, [
        ("caseload", FEB, "9904", 0, 1),
        ("caseload", MAR, "9902", 2, 1), ("caseload", MAR, "9903", 0, 1), ("caseload", MAR, "9904", 0, 1),
        ("caseload", MAR, None, 2, 0),
        ("waitlist", MAR, "9902", 1, 0), ("waitlist", MAR, "9903", 0, 1),
    ]),
    "one date": ({"by": "team", "as_of": date(2025, 2, 28)}, [("caseload", FEB, ZUID, 1, 2)]),
    "scope Zuid": ({"by": "team", "scope": Scope.of(teams=[ZUID])},
                   [("caseload", FEB, ZUID, 1, 2), ("waitlist", MAR, ZUID, 1, 2)]),
}  # fmt: skip


@pytest.fixture
def installation(db_url):
    insert_rows(db_url, "cases", CASES)
    insert_rows(db_url, "caseload", CASELOAD)
    insert_rows(db_url, "waitlist", WAITLIST)
    return db_url


def _rows(differences) -> list[tuple]:
    return [(d.dataset, d.as_of.isoformat(), d.group, d.snapshot, d.derived) for d in differences]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_differences_as_computed_by_hand(installation, scenario):
    arguments, expected = SCENARIOS[scenario]
    assert sorted(_rows(reconcile(installation, **arguments)), key=str) == sorted(expected, key=str)


def test_a_team_without_a_list_of_its_own_never_differs(installation):
    groups = {d.group for d in reconcile(installation, by="team", include_equal=True)}
    assert BBH not in groups  # b1 is on no list: Budgetbeheer's system exports none


def _open_findings(url: str) -> list[dict]:
    with db.get_engine(url).connect() as conn:
        rows = conn.execute(select(findings).where(findings.c.resolved_at.is_(None)).order_by(findings.c.record_key))
        return [dict(r._mapping) for r in rows]


def test_differences_become_data_quality_findings(installation):
    assert save_findings(installation, reconcile(installation)) == 4
    stored = _open_findings(installation)
    assert [(f["dataset"], f["code"], f["record_key"], f["value"]) for f in stored] == [
        ("caseload", "afwijking_caseload", "2025-02-28|team|Schuldhulp Zuid", "1 / 2"),
        ("caseload", "afwijking_caseload", "2025-03-31|team|Schuldhulp Noord", "3 / 2"),
        ("waitlist", "afwijking_wachtlijst", "2025-03-31|team|Schuldhulp Noord", "2 / 1"),
        ("waitlist", "afwijking_wachtlijst", "2025-03-31|team|Schuldhulp Zuid", "1 / 2"),
    ]
    assert all(f["severity"] == "melding" and f["batch_id"] is None for f in stored)
    noord = stored[1]["message"]
    assert "31-03-2025" in noord and "Schuldhulp Noord" in noord and "3 lopende dossiers" in noord
    assert "verschil +1" in noord
    assert "verschil -1" in stored[3]["message"] and "wachtenden" in stored[3]["message"]

    # running it again replaces the open findings: nothing is added
    save_findings(installation, reconcile(installation))
    assert len(_open_findings(installation)) == 4


def test_a_difference_that_is_gone_resolves_its_finding(installation):
    save_findings(installation, reconcile(installation))
    # a corrected caseload list of Zuid for 28 February: z2 is on it now
    insert_rows(installation, "caseload",
                [{"as_of": FEB, "consultant": D, "team": ZUID, "municipality": "9904", "case_id": "z2"}])  # fmt: skip
    save_findings(installation, reconcile(installation, include_equal=True))
    keys = [f["record_key"] for f in _open_findings(installation)]
    assert "2025-02-28|team|Schuldhulp Zuid" not in keys
    assert len(keys) == 3
    with db.get_engine(installation).connect() as conn:
        resolved = conn.execute(select(findings.c.record_key).where(findings.c.resolved_at.is_not(None))).scalars()
        assert list(resolved) == ["2025-02-28|team|Schuldhulp Zuid"]
