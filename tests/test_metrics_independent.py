"""KPI figures checked against an independent hand calculation from ``kpi-catalogue.md``.

Each test is one finding of that check: a tiny fixture, the catalogue's rule, and the arithmetic in the
comments. Tests touching the store run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import insert

from metrics import cli
from metrics.compute import compute_all
from metrics.periods import Period, as_of
from metrics.registry import KPIS
from store import db
from store.models import import_batches
from tests.metrics_helpers import by_kpi, case, insert_rows

D = date


def import_batch(
    url: str, dataset: str, data_through: date, created_at: datetime = datetime(2025, 12, 10, 8)
) -> None:
    """The record of an import of ``dataset`` whose export runs through ``data_through``."""
    with db.get_engine(url).begin() as conn:
        conn.execute(
            insert(import_batches).values(
                created_at=created_at, created_by="tester", file_name="export.csv", file_hash="x",
                dataset=dataset, source_format="csv", data_through=data_through,
            )
        )  # fmt: skip


def test_as_of_of_a_period_the_data_do_not_reach_is_the_latest_import() -> None:
    # The calendar has passed December 2025 (today 1 December 2026), but the latest import runs through
    # 10 December 2025: for its data the month is not over yet, so as_of is 10 December, not the 31st.
    assert as_of(Period.parse("2025-12"), D(2026, 12, 1), D(2025, 12, 10)) == D(2025, 12, 10)
    assert as_of(Period.parse("2025"), D(2026, 12, 1), D(2025, 12, 10)) == D(2025, 12, 10)
    # An import after the period's end: the last day, as before; no import at all: the calendar decides.
    assert as_of(Period.parse("2025-11"), D(2026, 12, 1), D(2025, 12, 10)) == D(2025, 11, 30)
    assert as_of(Period.parse("2025-12"), D(2026, 12, 1), None) == D(2025, 12, 31)
    # The installation's present is its newest import of any dataset: once some export runs past the
    # period (a cases export through 1 January 2026), the period is over for every dataset, also for a
    # survey export whose last answer is of 28 December; while none does, each dataset's own import counts.
    assert as_of(Period.parse("2025-12"), D(2026, 12, 1), D(2025, 12, 28), D(2026, 1, 1)) == D(2025, 12, 31)
    assert as_of(Period.parse("2025-12"), D(2026, 12, 1), D(2025, 11, 20), D(2025, 12, 10)) == D(2025, 11, 20)


def test_waiting_list_of_a_month_after_the_latest_import(db_url: str) -> None:
    insert_rows(db_url, "cases", [
        # w1: registered Monday 3 November 2025; +28 = Monday 1 December: deadline 1 December.
        case("w1", "2025-11-03"),
        # w2: registered Thursday 27 November; +28 = Christmas Day, Boxing Day, weekend -> Monday 29 December.
        case("w2", "2025-11-27"),
    ])  # fmt: skip
    import_batch(db_url, "cases", D(2025, 12, 10))
    # as_of = 10 December 2025 (the export's date), though the command runs a year later.
    month = by_kpi(compute_all(db_url, "2025-12", today=D(2026, 12, 1)))
    assert month["wachtlijst"].value == 2
    # Over the term: deadline < as_of. w1 (1 December) yes; w2 (29 December) not yet. With as_of on
    # 31 December both would be (2).
    assert month["wachtlijst_over_termijn"].value == 1
    # Mean of as_of - registered_on: w1 10 Dec - 3 Nov = 37 days, w2 10 Dec - 27 Nov = 13 days: 50 / 2 = 25.
    assert (month["wachtlijst_wachttijd_gem"].value, month["wachtlijst_wachttijd_gem"].numerator) == (25, 50)
    # First conversation within term, Q4: only w1's deadline (1 December) is on or before as_of: 0 of 1.
    # w2's deadline (29 December) lies after 10 December and it has no first conversation: not counted.
    quarter = by_kpi(compute_all(db_url, "2025-Q4", today=D(2026, 12, 1)))
    tijdig = quarter["eerste_gesprek_tijdig_pct"]
    assert (tijdig.value, tijdig.numerator, tijdig.denominator) == (0, 0, 1)


def test_every_kpi_in_the_command_line_output_by_consultant_of_an_empty_period(db_url: str, capsys) -> None:
    # One case, registered in 2025: in January 2024 no consultant has any case, so the breakdown has no
    # group. exports.md: "Every KPI of the catalogue is in the output, with value null where it cannot be
    # computed": all 32 catalogue KPIs (6 access, 3 waiting list, 3 caseload, 4 settlement, 6 outflow,
    # 3 satisfaction, 7 early warning), each once, here with the consultant and value null.
    insert_rows(db_url, "cases", [case("a", "2025-03-03", first_contact_on="2025-03-10")])
    assert cli.main(["kpis", "--period", "2024-01", "--by", "consultant", "--db", db_url, "--today", "2026-01-01"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["kpi"] for r in rows] == [k.id for k in KPIS]
    assert len(rows) == 32
    assert all(r["consultant"] is None and r["value"] is None and r["period"] == "2024-01" for r in rows)


def test_a_corrected_older_export_imported_last_does_not_move_as_of_back(db_url: str) -> None:
    # w1: registered Monday 3 November 2025, no first conversation; deadline 3 Nov + 28 = Monday 1 December.
    insert_rows(db_url, "cases", [case("w1", "2025-11-03")])
    # The December export runs through 10 December; the next day a corrected March export (through
    # 31 March) is imported. The data still run through 10 December: as_of of December 2025 (not over on
    # 11 December) is the 10th, not 31 March (then w1, registered in November, would not even be waiting).
    import_batch(db_url, "cases", D(2025, 12, 10), datetime(2025, 12, 10, 8))
    import_batch(db_url, "cases", D(2025, 3, 31), datetime(2025, 12, 11, 9))
    month = by_kpi(compute_all(db_url, "2025-12", today=D(2025, 12, 11)))
    # Waiting on 10 December: w1 (registered 3 Nov <= 10 Dec, no first conversation, not closed) = 1; over
    # the term: deadline 1 Dec < 10 Dec = 1; waiting time 10 Dec - 3 Nov = 37 days.
    assert month["wachtlijst"].value == 1
    assert month["wachtlijst_over_termijn"].value == 1
    assert month["wachtlijst_wachttijd_gem"].value == 37
    # A quarter that is over (Q2 2025) keeps its last day, 30 June: nothing registered yet then.
    assert by_kpi(compute_all(db_url, "2025-Q2", today=D(2025, 12, 11)))["wachtlijst"].as_of == D(2025, 6, 30)
