"""The KPIs of the sample exports, computed independently in plain Python, against the registry's results.

The 263 sample files are imported once per test session into SQLite (``python -m connectors
seed-samples``). The truth they render is the seeded simulation (``sample_exports/simulate.py``): every
case, signal case, signal, survey answer and staffing row as the systems show it at the end of 2025 (the
last exports), which the merge rule must reproduce. ``plain_kpis`` re-implements each definition of
``kpi-catalogue.md`` on those records, with its own working-day deadlines (only the holiday calendar of
``metrics.calendar`` is reused; ``tests/test_terms.py`` tests it), and the test compares every KPI, value,
numerator and denominator, per group, for a few periods and breakdowns. The counts of
``sample_exports/expected.json`` and its deliberate snapshot differences are checked as well.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import json
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from connectors import cli as connectors_cli
from metrics.calendar import WorkingDayCalendar
from metrics.compute import KpiResult, compute_all
from metrics.reconcile import reconcile
from metrics.registry import KPIS
from sample_exports.simulate import FIRST_DAY, LAST_DAY, simulate

pytestmark = pytest.mark.slow  # importing the 263 files takes about a minute

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((ROOT / "sample_exports" / "expected.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 6, 1)  # every period below is over: as_of is its last day
DAY = dt.timedelta(days=1)
TEAM_OF_MUNICIPALITY = {"9901": "Schuldhulp Noord", "9902": "Schuldhulp Noord", "9903": "Schuldhulp Zuid",
                        "9904": "Schuldhulp Zuid"}  # config/installation.toml  # fmt: skip
POSITIVE = {"afgerond", "zelf"}
DROPOUT = {"ingetrokken", "niet_verschenen", "voldoet_niet"}
HELP_ACCEPTED = {"advies_quick_fix", "vervolghulp_financieel", "vervolghulp_niet_financieel"}

# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("sample_store")
    url = f"sqlite:///{folder / 'samples.sqlite'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SHV_DATA_DIR", str(folder / "data"))
        mp.setenv("SHV_PSEUDONYM_KEY", "samples-key-" + "s" * 40)
        mp.setenv("SHV_USER", "tester")
        mp.delenv("SHV_DATABASE_URL", raising=False)
        assert connectors_cli.main(["seed-samples", "--db", url]) == 0
    return url


@dataclass(frozen=True)
class Truth:
    cases: list[dict]
    guidance: list[dict]  # case_guidance rows, with the case's team, municipality and consultant
    signal_cases: list[dict]
    signals: list[dict]
    responses: list[dict]
    staffing: list[dict]


@pytest.fixture(scope="session")
def truth() -> Truth:
    """The simulated world as the systems show it on 31 December 2025 (the last exports)."""
    world = simulate(EXPECTED["seed"])
    cases, guidance = [], []
    for c in world.cases:
        closed = c.closed_on
        exported = c.registered_on <= LAST_DAY and (
            closed is None or closed >= FIRST_DAY or (c.reopen is not None and c.reopen[2] >= FIRST_DAY)
        )
        if not exported:  # closed before the first exports of January 2023
            continue
        state = c.state(LAST_DAY)
        cases.append(state)
        for kind, (start, end) in state["guidance"].items():
            guidance.append({"kind": kind, "started_on": start, "ended_on": end, "team": state["team"],
                             "municipality": state["municipality"], "consultant": state["consultant"]})  # fmt: skip
    signal_cases, signals = [], []
    for z in world.signal_cases:
        if z.matched_on > LAST_DAY:
            continue
        signal_cases.append({
            "municipality": z.municipality, "matched_on": z.matched_on, "signal_count": len(z.signals),
            "picked_up_on": z.picked_up_on if z.picked_up_on and z.picked_up_on <= LAST_DAY else None,
            "reached_on": z.reached_on(LAST_DAY),
            "result": z.result if z.result_on and z.result_on <= LAST_DAY else None,
        })  # fmt: skip
        if z.municipality != "9904":  # VPS (9904) delivers signal cases only
            signals += [{"municipality": s.municipality, "received_on": s.received_on} for s in z.signals]
    responses = [{"responded_on": r.responded_on.date(), "municipality": r.municipality, "team": r.team,
                  "score": r.score, "nps_score": r.nps} for r in world.responses]  # fmt: skip
    staffing = [{"month": dt.date.fromisoformat(m + "-01"), "team": t, "consultant": c, "fte": f}
                for m, t, c, f in world.staffing]  # fmt: skip
    return Truth(cases, guidance, signal_cases, signals, responses, staffing)


# ---------------------------------------------------------------------------------------------- terms

HOLIDAYS = WorkingDayCalendar()  # the Atw holiday calendar only; the terms are re-implemented here


def working(day: dt.date) -> bool:
    return day.weekday() < 5 and not HOLIDAYS.is_holiday(day)


def moved_to_working_day(day: dt.date) -> dt.date:
    while not working(day):
        day += DAY
    return day


def first_contact_deadline(case: dict) -> dt.date:
    registered = case["registered_on"]
    if case["crisis"]:  # the third working day after the registration
        day, left = registered, 3
        while left:
            day += DAY
            left -= working(day)
        return day
    return moved_to_working_day(registered + dt.timedelta(days=28))


def decision_deadline(case: dict) -> dt.date:
    return moved_to_working_day(case["first_contact_on"] + dt.timedelta(days=56))


# ---------------------------------------------------------------------------------------------- the KPIs


@dataclass(frozen=True)
class Span:
    first: dt.date
    last: dt.date  # also the reference date: every period here is over

    def has(self, day: dt.date | None) -> bool:
        return day is not None and self.first <= day <= self.last


def span(period: str) -> Span:
    """``2025-03``, ``2024-Q3`` or ``2025``: first and last day."""
    if "-Q" in period:
        year, quarter = int(period[:4]), int(period[-1])
        first_month, last_month = 3 * quarter - 2, 3 * quarter
    elif "-" in period:
        year, first_month = int(period[:4]), int(period[5:])
        last_month = first_month
    else:
        year, first_month, last_month = int(period), 1, 12
    return Span(dt.date(year, first_month, 1),
                dt.date(year, last_month, month_calendar.monthrange(year, last_month)[1]))  # fmt: skip


def by_date(day: dt.date | None, reference: dt.date) -> bool:
    return day is not None and day <= reference


def p90(values: list[int]) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * 0.9
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


Figure = tuple[float | None, float | None, float | None]


def count(records: Iterable[dict], keep: Callable[[dict], bool]) -> Figure:
    return (sum(1 for r in records if keep(r)), None, None)


def share(records: list[dict], among: Callable[[dict], bool], counted: Callable[[dict], bool]) -> Figure:
    den = [r for r in records if among(r)]
    num = sum(1 for r in den if counted(r))
    return (100 * num / len(den) if den else None, num, len(den))


def mean(values: list[float]) -> Figure:
    return (sum(values) / len(values) if values else None, sum(values), len(values))


def middle(values: list[int], percentile: bool = False) -> Figure:
    if not values:
        return (None, None, None)
    return (p90(values) if percentile else statistics.median(values), None, None)


def settlement_outcome(c: dict) -> tuple[dt.date, str] | None:
    """The earliest of granted, rejected, withdrawn decides (ties in that order)."""
    dates = [(c["settlement_granted_on"], 0, "granted"), (c["settlement_rejected_on"], 1, "rejected"),
             (c["settlement_withdrawn_on"], 2, "withdrawn")]  # fmt: skip
    known = sorted((d, order, what) for d, order, what in dates if d is not None)
    return (known[0][0], known[0][2]) if known else None


def case_kpis(cases: list[dict], guidance: list[dict], p: Span) -> dict[str, Figure]:
    a = p.last

    def fc_due(c: dict) -> bool:
        deadline = first_contact_deadline(c)
        had = by_date(c["first_contact_on"], a)
        return p.has(c["registered_on"]) and (deadline <= a or had) and not (
            not had and by_date(c["closed_on"], deadline))

    def decision_due(c: dict) -> bool:
        if not p.has(c["first_contact_on"]):
            return False
        deadline = decision_deadline(c)
        had = by_date(c["decision_on"], a)
        return (deadline <= a or had) and not (not had and by_date(c["closed_on"], deadline))

    def waiting(c: dict) -> bool:
        return c["registered_on"] <= a and not by_date(c["first_contact_on"], a) and not by_date(c["closed_on"], a)

    closed = [c for c in cases if p.has(c["closed_on"])]
    outcomes = [(c, o) for c in cases if (o := settlement_outcome(c)) and p.has(o[0])]
    return {
        "aanmeldingen": count(cases, lambda c: p.has(c["registered_on"])),
        "aanmeldingen_crisis": count(cases, lambda c: p.has(c["registered_on"]) and c["crisis"] is True),
        "eerste_gesprek_tijdig_pct": share(cases, fc_due, lambda c: by_date(c["first_contact_on"],
                                                                              first_contact_deadline(c))),
        "wachttijd_eerste_gesprek_mediaan": middle([(c["first_contact_on"] - c["registered_on"]).days
                                                    for c in cases if p.has(c["first_contact_on"])]),
        "beschikking_tijdig_pct": share(cases, decision_due, lambda c: by_date(c["decision_on"],
                                                                                decision_deadline(c))),
        "afwijzingen": count(cases, lambda c: p.has(c["decision_on"]) and c["decision"] == "afwijzing"),
        "wachtlijst": count(cases, waiting),
        "wachtlijst_over_termijn": count(cases, lambda c: waiting(c) and first_contact_deadline(c) < a),
        "wachtlijst_wachttijd_gem": mean([(a - c["registered_on"]).days for c in cases if waiting(c)]),
        "caseload": count(cases, lambda c: by_date(c["first_contact_on"], a) and not by_date(c["closed_on"], a)),
        "budgetbeheer_lopend": count(guidance, lambda g: g["kind"] == "budgetbeheer" and by_date(g["started_on"], a)
                                     and not by_date(g["ended_on"], a)),
        "schuldregelingen_ingediend": count(cases, lambda c: p.has(c["settlement_submitted_on"])),
        "minnelijke_akkoorden": count(cases, lambda c: p.has(c["settlement_granted_on"])
                                      and c["forced_settlement"] is not True),
        "dwangakkoorden": count(cases, lambda c: p.has(c["settlement_granted_on"]) and c["forced_settlement"] is True),
        "schuldregeling_slagingspct": share(outcomes, lambda _: True, lambda co: co[1][1] == "granted"),
        "uitstroom": count(closed, lambda _: True),
        "uitstroom_afgerond_pct": share(closed, lambda _: True, lambda c: c["close_reason"] in POSITIVE),
        "uitval_pct": share(closed, lambda _: True, lambda c: c["close_reason"] in DROPOUT),
        "doorlooptijd_mediaan": middle([(c["closed_on"] - c["registered_on"]).days for c in closed]),
        "doorlooptijd_p90": middle([(c["closed_on"] - c["registered_on"]).days for c in closed], percentile=True),
        "tijd_tot_plan_mediaan": middle([(c["plan_on"] - c["registered_on"]).days
                                         for c in cases if p.has(c["plan_on"])]),
    }  # fmt: skip


def survey_kpis(responses: list[dict], p: Span) -> dict[str, Figure]:
    answers = [r for r in responses if p.has(r["responded_on"])]
    nps = [r["nps_score"] for r in answers if r["nps_score"] is not None]
    net = sum(s >= 9 for s in nps) - sum(s <= 6 for s in nps)
    return {
        "kto_respons": (len(answers), None, None),
        "kto_gemiddeld": mean([r["score"] for r in answers if r["score"] is not None]),
        "nps": (100 * net / len(nps) if nps else None, net, len(nps)),
    }


def early_warning_kpis(signal_cases: list[dict], signals: list[dict], p: Span) -> dict[str, Figure]:
    a = p.last
    matched = [z for z in signal_cases if p.has(z["matched_on"])]

    def reached(z: dict) -> bool:
        return by_date(z["reached_on"], a)

    return {
        "signalen": count(signals, lambda s: p.has(s["received_on"])),
        "meldingen": (len(matched), None, None),
        "meldingen_meervoudig": count(matched, lambda z: (z["signal_count"] or 0) >= 2),
        "opgepakt_pct": share(matched, lambda _: True, lambda z: by_date(z["picked_up_on"], a)),
        "bereik_pct": share(matched, lambda _: True, reached),
        "hulpacceptatie_pct": share(matched, reached, lambda z: z["result"] in HELP_ACCEPTED),
        "vervolghulp_financieel": count(matched, lambda z: z["result"] == "vervolghulp_financieel"),
    }


NOT_AVAILABLE: Figure = (None, None, None)
CASE_KEYS = {None: lambda r: None, "team": lambda r: r["team"], "municipality": lambda r: r["municipality"],
             "consultant": lambda r: r["consultant"]}  # fmt: skip
TEAMLESS_KEYS = {None: lambda r: None, "team": lambda r: TEAM_OF_MUNICIPALITY.get(r["municipality"]),
                 "municipality": lambda r: r["municipality"]}  # fmt: skip


def _groups(records: list[dict], key: Callable[[dict], object]) -> dict[object, list[dict]]:
    out: dict[object, list[dict]] = {}
    for r in records:
        out.setdefault(key(r), []).append(r)
    return out


def plain_kpis(t: Truth, period: str, by: str | None, groups: set) -> dict[str, dict[object, Figure]]:
    """Every KPI of the catalogue for each of ``groups`` of breakdown ``by`` (None: the whole installation)."""
    p = span(period)
    out: dict[str, dict[object, Figure]] = {}

    def add(figures: dict[object, dict[str, Figure]]) -> None:
        for group, by_kpi in figures.items():
            for kpi, figure in by_kpi.items():
                out.setdefault(kpi, {})[group] = figure

    key = CASE_KEYS[by]
    cases, guidance = _groups(t.cases, key), _groups(t.guidance, key)
    add({g: case_kpis(cases.get(g, []), guidance.get(g, []), p) for g in groups})
    if by == "consultant":  # survey answers and early warning name no consultant
        for kpi in [*survey_kpis([], p), *early_warning_kpis([], [], p)]:
            out[kpi] = {None: NOT_AVAILABLE}
    else:
        responses = _groups(t.responses, key)
        add({g: survey_kpis(responses.get(g, []), p) for g in groups})
        teamless = TEAMLESS_KEYS[by]
        signal_cases, signals = _groups(t.signal_cases, teamless), _groups(t.signals, teamless)
        add({g: early_warning_kpis(signal_cases.get(g, []), signals.get(g, []), p) for g in groups})

    # cases per fte: the caseload over the fte of the month of the reference date (not per municipality)
    if by == "municipality":
        out["caseload_per_fte"] = {None: NOT_AVAILABLE}
    else:
        month = p.last.replace(day=1)
        fte: dict[object, float] = {}
        for row in t.staffing:
            if row["month"] == month:
                group = None if by is None else row[by]
                fte[group] = fte.get(group, 0.0) + row["fte"]
        out["caseload_per_fte"] = {}
        for group in groups:
            n = out["caseload"][group][0]
            f = fte.get(group)
            out["caseload_per_fte"][group] = (n / f if f else None, n, f)
    return out


# ---------------------------------------------------------------------------------------------- the test


def _same(got: float | None, want: float | None) -> bool:
    return (got is None) == (want is None) and (got is None or got == pytest.approx(want, rel=1e-9, abs=1e-9))


SCENARIOS = [
    ("2024-Q3", None), ("2024-Q3", "team"), ("2024-Q3", "municipality"),
    ("2025", "team"), ("2025", "municipality"), ("2025", None),
    ("2025-03", "team"), ("2025-03", "municipality"), ("2025-03", "consultant"),
    ("2023", None), ("2023-12", "team"),
]  # fmt: skip


@pytest.mark.parametrize(("period", "by"), SCENARIOS, ids=[f"{p}-{b or 'total'}" for p, b in SCENARIOS])
def test_every_kpi_agrees_with_a_plain_python_computation(sample_store, truth, period, by):
    results = compute_all(sample_store, period, by=by, today=TODAY)
    assert {r.kpi for r in results} == {k.id for k in KPIS}
    assert {r.as_of for r in results} == {span(period).last}
    groups = {r.group for r in results}
    plain = plain_kpis(truth, period, by, groups)
    assert set(plain) == {k.id for k in KPIS}
    mismatches = {}
    seen: dict[str, set] = {}
    for r in results:
        seen.setdefault(r.kpi, set()).add(r.group)
        want = plain[r.kpi].get(r.group, NOT_AVAILABLE if r.note and "uit te splitsen" in r.note else None)
        got = (r.value, r.numerator, r.denominator)
        if want is None or not all(_same(g, w) for g, w in zip(got, want, strict=True)):
            mismatches[(r.kpi, r.group)] = (got, want)
    assert mismatches == {}
    # every group the plain computation finds records for is in the results
    for kpi, figures in plain.items():
        assert {g for g, f in figures.items() if f[0] not in (0, None)} <= seen[kpi], kpi
    assert sum(1 for r in results if r.value not in (0, None)) > 10  # the sample has figures to compare


# ---------------------------------------------------------------------------------------------- expected.json


def _values(results: list[KpiResult], kpi: str) -> dict[object, float | None]:
    return {r.group: r.value for r in results if r.kpi == kpi}


@pytest.mark.parametrize("year", ["2023", "2024", "2025"])
def test_the_counts_of_expected_json(sample_store, year):
    by_team = compute_all(sample_store, year, by="team", today=TODAY)
    by_municipality = compute_all(sample_store, year, by="municipality", today=TODAY)
    total = {r.kpi: r.value for r in compute_all(sample_store, year, today=TODAY)}
    cases, signal_cases = EXPECTED["cases"], EXPECTED["signal_cases"]
    assert _values(by_team, "aanmeldingen") == cases["registered_per_year_and_team"][year]
    assert _values(by_municipality, "aanmeldingen") == cases["registered_per_year_and_municipality"][year]
    assert total["aanmeldingen_crisis"] == cases["crisis_per_year"][year]["crisis"]
    assert _values(by_municipality, "meldingen") == signal_cases["matched_per_year_and_municipality"][year]
    assert total["meldingen_meervoudig"] == signal_cases["multiple_per_year"][year]["meervoudig"]
    signals = dict(EXPECTED["signals"]["received_per_year_and_municipality"][year])
    signals["9904"] = 0  # VPS delivers signal cases only: 9904's signals are in no file
    assert _values(by_municipality, "signalen") == signals
    assert total["kto_respons"] == EXPECTED["satisfaction"]["responses_per_year"][year]["responses"]


def test_the_open_cases_at_the_end(sample_store):
    results = compute_all(sample_store, "2025-12", by="team", kpis=["wachtlijst", "caseload"], today=TODAY)
    open_cases = {}
    for r in results:  # open: waiting or in the caseload on 31 December 2025
        open_cases[r.group] = open_cases.get(r.group, 0) + r.value
    assert open_cases == EXPECTED["cases"]["open_on_last_day_per_team"]


def test_the_deliberate_snapshot_differences_are_found(sample_store, truth):
    """Per list, date and team: the systems' deliberate differences (expected.json), and the reopened cases
    that the lists leave out between their first closure and reopening while the final state is open."""
    expected: dict[tuple[str, str, str], int] = {}
    for d in EXPECTED["snapshot_differences"]:
        sign = -1 if d["kind"].startswith("crisiszaak") else 1  # crisis cases kept off the Allegro list
        key = (d["dataset"], d["as_of"], d["team"])
        expected[key] = expected.get(key, 0) + sign
    world = simulate(EXPECTED["seed"])
    for c in world.cases:
        if c.reopen is None or c.team == "Budgetbeheer":
            continue
        first_closed, _, reopened = c.reopen
        for month in range(36):
            year, index = 2023 + month // 12, month % 12 + 1
            day = dt.date(year, index, month_calendar.monthrange(year, index)[1])
            if first_closed <= day < reopened and c.first_contact_on and c.first_contact_on <= day:
                key = ("caseload", day.isoformat(), c.team)
                expected[key] = expected.get(key, 0) - 1
    found = {(d.dataset, d.as_of.isoformat(), d.group): d.difference for d in reconcile(sample_store)}
    assert found == {k: v for k, v in expected.items() if v}
