"""Instroom en uitstroom (``metrics.flows``): decisions by kind, outflow by close reason and the funnel, on a
tiny hand-made installation, on SQLite and PostgreSQL. Comments give the arithmetic.

The sample installation (config/installation.toml): Schuldhulp Noord serves 9901/9902, Schuldhulp Zuid
9903/9904. Q1 2025 = 1 January .. 31 March 2025; every period is over on TODAY, so as_of is its last day.
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics import flows
from metrics.codes import CloseReason
from metrics.compute import compute_series
from metrics.flows import OutflowGroup
from metrics.periods import Period, series
from metrics.settings import MetricSettings
from store import db
from store import metrics_queries as q
from store.metrics_queries import EVERYTHING, Categories, Scope
from tests.metrics_helpers import case, insert_rows

TODAY = date(2026, 1, 1)
NOORD, ZUID = "Schuldhulp Noord", "Schuldhulp Zuid"
Q1 = series("2025-03", 3)  # January, February, March 2025
ZUID_9903 = {"team": ZUID, "municipality": "9903"}

CASES = [
    # decisions (decision_on decides the month; registered_on only matters for the help requests)
    case("a1", "2025-01-06", decision_on="2025-01-20", decision="toelating"),
    case("a2", "2025-01-08", decision_on="2025-02-03", decision="afwijzing"),
    case("a3", "2025-02-03", decision_on="2025-02-28", decision="toelating"),  # last day of February
    case("a4", "2024-12-02", decision_on="2025-03-01", decision="toelating"),  # first day of March
    case("a5", "2024-11-04", decision_on="2025-03-10", decision=None),  # a decision date without a kind
    case("a6", "2024-10-01", decision_on="2024-12-31", decision="toelating"),  # before Q1
    case("a7", "2025-01-13", decision_on="2025-01-15", decision="toelating", **ZUID_9903),
    # closures
    case("c1", "2024-06-03", closed_on="2025-01-31", close_reason="afgerond"),
    case("c2", "2024-06-04", closed_on="2025-02-01", close_reason="zelf"),
    case("c3", "2025-01-20", closed_on="2025-02-14", close_reason="ingetrokken"),
    case("c4", "2025-02-05", closed_on="2025-02-20", close_reason="niet_verschenen"),
    case("c5", "2024-05-01", closed_on="2025-03-05", close_reason="verhuisd"),
    case("c6", "2024-05-02", closed_on="2025-03-31", close_reason=None),  # no reason registered
    case("c7", "2024-09-02", closed_on="2025-03-15", close_reason="voldoet_niet", **ZUID_9903),
    case("c8", "2024-01-02", closed_on="2025-04-01", close_reason="afgerond"),  # after Q1
    # settlements granted in Q1: s1 amicable, s2 forced, s4 (Zuid) forced unknown = amicable; s3 only submitted
    case("s1", "2023-03-01", settlement_granted_on="2025-02-10", forced_settlement=False),
    case("s2", "2023-03-02", settlement_granted_on="2025-02-11", forced_settlement=True),
    case("s3", "2023-03-03", settlement_submitted_on="2025-03-03"),
    case("s4", "2023-04-03", settlement_granted_on="2025-03-20", team=ZUID, municipality="9904"),
]
SIGNAL_CASES = [  # no team: Noord is 9901 and 9902
    {"signal_case_id": "m1", "municipality": "9901", "matched_on": "2025-01-10"},
    {"signal_case_id": "m2", "municipality": "9902", "matched_on": "2025-02-05"},
    {"signal_case_id": "m3", "municipality": "9903", "matched_on": "2025-02-06"},
    {"signal_case_id": "m4", "municipality": None, "matched_on": "2025-03-03"},
    {"signal_case_id": "m5", "municipality": "9901", "matched_on": "2024-12-31"},  # before Q1
]


@pytest.fixture
def installation(db_url):
    insert_rows(db_url, "cases", CASES)
    insert_rows(db_url, "signal_cases", SIGNAL_CASES)
    return db_url


def test_decisions_by_kind_per_month(installation):
    got = [(d.admissions, d.rejections, d.unknown) for d in flows.decisions_by_kind(installation, Q1, EVERYTHING)]
    # January: a1, a7 admitted; February: a3 admitted (28 Feb), a2 rejected; March: a4 (1 March), a5 without kind
    assert got == [(2, 0, 0), (1, 1, 0), (1, 0, 1)]
    noord = flows.decisions_by_kind(installation, Q1, Scope.of(teams=[NOORD]))
    assert [d.admissions for d in noord] == [1, 1, 1]  # a7 is Zuid's


def test_rejections_agree_with_the_afwijzingen_kpi(installation):
    kpi = [r.value for r in compute_series(installation, Q1, kpis=["afwijzingen"], today=TODAY)]
    assert kpi == [d.rejections for d in flows.decisions_by_kind(installation, Q1, EVERYTHING)] == [0, 1, 0]


def test_outflow_by_reason_per_month(installation):
    outflow = flows.outflow_by_reason(installation, Q1, EVERYTHING)
    got = {(r.reason, r.group): r.counts for r in outflow.reasons}
    assert got == {
        ("afgerond", OutflowGroup.POSITIVE): (1, 0, 0),  # c1 on 31 January
        ("zelf", OutflowGroup.POSITIVE): (0, 1, 0),  # c2 on 1 February
        ("ingetrokken", OutflowGroup.DROPOUT): (0, 1, 0),  # c3
        ("niet_verschenen", OutflowGroup.DROPOUT): (0, 1, 0),  # c4
        ("voldoet_niet", OutflowGroup.DROPOUT): (0, 0, 1),  # c7 (Zuid)
        ("verhuisd", OutflowGroup.OTHER): (0, 0, 1),  # c5
        (None, OutflowGroup.OTHER): (0, 0, 1),  # c6 on 31 March, no reason
    }
    # positive first, then drop-out, then the rest; ties in a group by label
    assert [r.label for r in outflow.reasons] == [
        "Afgerond (doel bereikt)", "Zelf opgelost", "Ingetrokken", "Niet verschenen",
        "Voldoet niet aan verplichtingen", "Geen reden geregistreerd", "Verhuisd",
    ]  # fmt: skip
    assert outflow.totals() == [1, 3, 3]
    assert outflow.group_totals(OutflowGroup.POSITIVE) == [1, 1, 0]
    assert outflow.group_totals(OutflowGroup.DROPOUT) == [0, 2, 1]


def test_outflow_agrees_with_the_outflow_kpis(installation):
    outflow = flows.outflow_by_reason(installation, Q1, EVERYTHING)
    results = compute_series(installation, Q1, kpis=list(flows.OUTFLOW_KPIS), today=TODAY)
    per_kpi = {k: [r for r in results if r.kpi == k] for k in flows.OUTFLOW_KPIS}
    assert [r.value for r in per_kpi["uitstroom"]] == outflow.totals()
    assert [r.numerator for r in per_kpi["uitstroom_afgerond_pct"]] == outflow.group_totals(OutflowGroup.POSITIVE)
    assert [r.numerator for r in per_kpi["uitval_pct"]] == outflow.group_totals(OutflowGroup.DROPOUT)


def test_outflow_scope_and_a_whole_quarter(installation):
    (zuid,) = flows.outflow_by_reason(installation, [Period.parse("2025-Q1")], Scope.of(teams=[ZUID])).reasons
    assert (zuid.reason, zuid.counts) == ("voldoet_niet", (1,))
    quarter = flows.outflow_by_reason(installation, [Period.parse("2025-Q1")], EVERYTHING)
    assert quarter.totals() == [7]  # c1..c7; c8 closed on 1 April


def test_close_reason_groups_follow_the_settings():
    settings = MetricSettings(positive_close_reasons=frozenset({"afgerond", "verhuisd"}))
    assert flows.reason_group("verhuisd", settings) is OutflowGroup.POSITIVE
    assert flows.reason_group("zelf", settings) is OutflowGroup.OTHER
    assert flows.reason_group(None, settings) is OutflowGroup.OTHER
    assert flows.reason_group("ingetrokken", settings) is OutflowGroup.DROPOUT


def test_every_close_reason_has_a_dutch_label():
    assert set(flows.CLOSE_REASON_LABELS) == set(CloseReason)
    assert flows.reason_label(None) == "Geen reden geregistreerd"
    assert flows.reason_label("emigratie") == "emigratie"  # an unknown code is shown as it is stored


def _stages(funnel: flows.Funnel) -> dict[str, int]:
    return {s.key: s.count for s in funnel.stages}


def test_funnel_of_a_quarter(installation):
    funnel = flows.funnel(installation, "2025-Q1", EVERYTHING, today=TODAY)
    assert _stages(funnel) == {
        "meldingen": 4,  # m1 m2 m3 m4 (m5 in December)
        "aanmeldingen": 6,  # registered in Q1: a1 a2 a3 a7 c3 c4
        "toelatingen": 4,  # a1 a7 a3 a4 (a6 in December, a5 without kind, a2 rejected)
        "schuldregelingen": 3,  # granted in Q1: s1 (amicable) s4 (amicable) + s2 (forced)
        "positief": 2,  # c1 afgerond, c2 zelf
    }
    assert [s.label for s in funnel.stages] == [
        "Meldingen vroegsignalering", "Aanmeldingen", "Toelatingen", "Schuldregelingen tot stand",
        "Positief uitgestroomd",
    ]  # fmt: skip
    assert all(s.definition for s in funnel.stages)


def test_funnel_for_a_team_counts_the_meldingen_of_its_municipalities(installation):
    funnel = flows.funnel(installation, "2025-Q1", Scope.of(teams=[NOORD]), today=TODAY)
    # Noord: meldingen in 9901 and 9902 (m1 m2); help requests a1 a2 a3 c3 c4; admissions a1 a3 a4;
    # settlements s1 s2; positive c1 c2
    assert _stages(funnel) == {
        "meldingen": 2,
        "aanmeldingen": 5,
        "toelatingen": 3,
        "schuldregelingen": 2,
        "positief": 2,
    }


def test_funnel_of_a_month(installation):
    # February: m2 m3; help requests a3 c4; admission a3; settlements s1 s2; positive c2
    funnel = flows.funnel(installation, "2025-02", EVERYTHING, today=TODAY)
    assert _stages(funnel) == {
        "meldingen": 2,
        "aanmeldingen": 2,
        "toelatingen": 1,
        "schuldregelingen": 2,
        "positief": 1,
    }


def test_category_counts_need_consecutive_periods(installation):
    engine = db.get_engine(installation)
    with engine.connect() as conn, pytest.raises(q.NotConsecutive):
        q.category_counts(
            conn, Categories.CLOSE_REASONS, [(date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 3, 1), date(2025, 3, 31))],
            EVERYTHING,
        )  # fmt: skip
    with engine.connect() as conn:
        assert q.category_counts(conn, Categories.CLOSE_REASONS, [], EVERYTHING) == []


def test_a_scope_restricted_to_nothing_counts_nothing(installation):
    nothing = Scope.of(teams=[])
    assert flows.outflow_by_reason(installation, Q1, nothing).totals() == [0, 0, 0]
    assert _stages(flows.funnel(installation, "2025-Q1", nothing, today=TODAY)) == dict.fromkeys(
        ("meldingen", "aanmeldingen", "toelatingen", "schuldregelingen", "positief"), 0
    )
