"""``python -m metrics kpis`` exactly as exports.md describes it, on a tiny hand-computed installation.

    python -m metrics kpis --period PERIOD [--by team|municipality|consultant] [--db URL] [--format json|csv]

JSON: one list of objects ``kpi``, ``period``, the breakdown key (``team``, ``municipality`` as its
four-digit CBS code, ``consultant``) when ``--by`` is given, ``value``, ``numerator``, ``denominator``
(null where a KPI has none). Every KPI of the catalogue is in the output, ``value`` null where it cannot be
computed. A bad period: a Dutch message and a non-zero exit.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from metrics import cli
from metrics.registry import KPIS
from tests.metrics_helpers import case, insert_rows

ROOT = Path(__file__).resolve().parent.parent
N = None
NOORD, ZUID = "Schuldhulp Noord", "Schuldhulp Zuid"
ALL_IDS = [k.id for k in KPIS]
TODAY = ["--today", "2026-01-01"]

# Q2 2025 (1 April .. 30 June, as_of 30 June)
CASES = [
    # c1: Mon 7 Apr + 28 = Liberation Day, Mon 5 May -> Tue 6 May; conversation 14 Apr: on time. Open.
    case("c1", "2025-04-07", team=NOORD, municipality="9901", consultant="Consulent A", first_contact_on="2025-04-14"),
    # c2: Mon 12 May + 28 = Whit Monday 9 June -> Tue 10 June < 30 June, no conversation: due, late,
    #     waiting 49 days, over the term.
    case("c2", "2025-05-12", team=NOORD, municipality="9902", consultant="Consulent B"),
    # c3: conversation 10 Apr (deadline Tue 29 Apr): on time; closed "afgerond" 20 June: 80 days.
    case("c3", "2025-04-01", team=ZUID, municipality="9903", consultant="Consulent C", first_contact_on="2025-04-10",
         closed_on="2025-06-20", close_reason="afgerond"),
    # c4: Mon 16 June + 28 = Mon 14 July: waiting 14 days, not yet due.
    case("c4", "2025-06-16", team=ZUID, municipality="9904", consultant="Consulent C"),
]  # fmt: skip

# kpi -> (value, numerator, denominator) for the whole installation in 2025-Q2
TOTAL = {
    "aanmeldingen": (4, N, N),
    "eerste_gesprek_tijdig_pct": (200 / 3, 2, 3),  # c1 c3 on time, c2 late, c4 not due
    "wachttijd_eerste_gesprek_mediaan": (8.0, N, N),  # c1 7 days, c3 9 days
    "wachtlijst": (2, N, N),
    "wachtlijst_over_termijn": (1, N, N),
    "wachtlijst_wachttijd_gem": (31.5, 63, 2),
    "caseload": (1, N, N),
    "caseload_per_fte": (N, 1, N),  # no staffing: not computable
    "uitstroom": (1, N, N),
    "uitstroom_afgerond_pct": (100.0, 1, 1),
    "doorlooptijd_mediaan": (80.0, N, N),
    "kto_gemiddeld": (N, 0, 0),  # no responses
    "signalen": (0, N, N),
}
AANMELDINGEN = {
    "team": {"Budgetbeheer": 0, NOORD: 2, ZUID: 2},
    "municipality": {"9901": 1, "9902": 1, "9903": 1, "9904": 1},
    "consultant": {"Consulent A": 1, "Consulent B": 1, "Consulent C": 2},
}


@pytest.fixture
def installation(sqlite_url):
    insert_rows(sqlite_url, "cases", CASES)
    return sqlite_url


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["kpis", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_without_breakdown(installation, capsys):
    code, out, err = run(capsys, "--period", "2025-Q2", "--db", installation, *TODAY)
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [r["kpi"] for r in rows] == ALL_IDS  # every KPI, once, in registry order
    assert all(list(r) == ["kpi", "period", "value", "numerator", "denominator"] for r in rows)
    assert {r["period"] for r in rows} == {"2025-Q2"}
    by_kpi = {r["kpi"]: (r["value"], r["numerator"], r["denominator"]) for r in rows}
    for kpi, (value, numerator, denominator) in TOTAL.items():
        got = by_kpi[kpi]
        assert got[1:] == (numerator, denominator), kpi
        assert got[0] == (pytest.approx(value) if value is not None else None), kpi
    assert type(by_kpi["aanmeldingen"][0]) is int  # a count is a whole number in JSON


@pytest.mark.parametrize("by", ["team", "municipality", "consultant"])
def test_json_by_breakdown(installation, capsys, by):
    code, out, _ = run(capsys, "--period", "2025-Q2", "--by", by, "--db", installation, *TODAY)
    assert code == 0
    rows = json.loads(out)
    assert all(list(r) == ["kpi", "period", by, "value", "numerator", "denominator"] for r in rows)
    assert {r["kpi"] for r in rows} == set(ALL_IDS)
    assert {r[by]: r["value"] for r in rows if r["kpi"] == "aanmeldingen"} == AANMELDINGEN[by]
    if by == "municipality":
        assert all(r["municipality"] is None or (len(r["municipality"]) == 4 and r["municipality"].isdigit())
                   for r in rows)  # fmt: skip
        # staffing has no municipality: one row, without a value
        assert [(r["municipality"], r["value"]) for r in rows if r["kpi"] == "caseload_per_fte"] == [(None, None)]
    if by == "consultant":  # early warning names no consultant: present, without a value
        assert [(r["consultant"], r["value"]) for r in rows if r["kpi"] == "signalen"] == [(None, None)]
    if by == "team":
        waiting = {r["team"]: r["value"] for r in rows if r["kpi"] == "wachtlijst_over_termijn"}
        assert waiting == {"Budgetbeheer": 0, NOORD: 1, ZUID: 0}  # c2


def test_csv_has_the_same_columns_with_empty_for_null(installation, capsys):
    code, out, _ = run(capsys, "--period", "2025-Q2", "--by", "team", "--format", "csv", "--db", installation, *TODAY)
    assert code == 0
    assert out.splitlines()[0] == "kpi,period,team,value,numerator,denominator"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["kpi"] for r in rows} == set(ALL_IDS)
    first = {(r["kpi"], r["team"]): r for r in rows}
    assert first[("aanmeldingen", NOORD)] == {"kpi": "aanmeldingen", "period": "2025-Q2", "team": NOORD, "value": "2",
                                              "numerator": "", "denominator": ""}  # fmt: skip
    row = first[("eerste_gesprek_tijdig_pct", NOORD)]  # c1 on time, c2 late
    assert (float(row["value"]), row["numerator"], row["denominator"]) == (50.0, "1", "2")
    assert first[("uitstroom_afgerond_pct", NOORD)]["value"] == ""  # nothing closed: not computable


def test_database_from_the_environment(installation, capsys, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", installation)
    code, out, _ = run(capsys, "--period", "2025-04", *TODAY)
    assert code == 0
    rows = {r["kpi"]: r["value"] for r in json.loads(out)}
    assert (rows["aanmeldingen"], rows["uitstroom"], rows["caseload"]) == (2, 0, 2)  # c1 c3; both open on 30 Apr


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-13", "Ongeldige periode"),
        ("2025-Q5", "Onbekende periode"),
        ("maart 2025", "Onbekende periode"),
        ("25-03", "Onbekende periode"),
        ("", "Onbekende periode"),
    ],
)
def test_a_bad_period_is_a_dutch_error_and_a_non_zero_exit(installation, capsys, period, message):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["kpis", "--period", period, "--db", installation])
    out, err = capsys.readouterr()
    assert exit_info.value.code != 0
    assert out == ""
    assert message in err


def test_as_a_command(db_url):
    """The real command line in its own process, on SQLite and PostgreSQL."""
    insert_rows(db_url, "cases", CASES)
    base = [sys.executable, "-m", "metrics", "kpis", "--db", db_url, *TODAY]
    proc = subprocess.run([*base, "--period", "2025-Q2", "--by", "municipality"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {r["kpi"] for r in rows} == set(ALL_IDS)
    assert {r["municipality"]: r["value"] for r in rows if r["kpi"] == "aanmeldingen"} == AANMELDINGEN["municipality"]
    assert {r["municipality"]: r["value"] for r in rows if r["kpi"] == "wachtlijst"} == {
        "9901": 0, "9902": 1, "9903": 0, "9904": 1}  # fmt: skip

    bad = subprocess.run([*base, "--period", "2025-14"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=False)  # fmt: skip
    assert bad.returncode != 0
    assert bad.stdout == ""
    assert "Ongeldige periode" in bad.stderr


def test_output_into_a_reader_that_stopped_ends_without_a_traceback(sqlite_url):
    """`python -m metrics kpis … | head -1`: the reader closes the pipe; the command ends quietly."""
    insert_rows(sqlite_url, "cases", CASES)
    proc = subprocess.Popen(
        [sys.executable, "-m", "metrics", "kpis", "--period", "2025-Q2", "--by", "consultant", "--db", sqlite_url,
         "--format", "csv", *TODAY],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    proc.stdout.close()  # the reader is gone before anything is written
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
