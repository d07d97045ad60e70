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


def test_as_of_of_a_past_period_is_its_last_day_whatever_the_export_ran_through() -> None:
    # Catalogue: "as_of is the last day of P; for a period that is not over yet, the date of the latest
    # import". December 2025 is over on 1 December 2026, so its peildatum is the 31st, though the latest
    # export runs through the 10th: a month-end export run a few days early does not shorten every waiting
    # time and term of the month. Only the current period takes the import's date.
    assert as_of(Period.parse("2025-12"), D(2026, 12, 1), D(2025, 12, 10)) == D(2025, 12, 31)
    assert as_of(Period.parse("2025"), D(2026, 12, 1), D(2025, 12, 10)) == D(2025, 12, 31)
    assert as_of(Period.parse("2026-12"), D(2026, 12, 15), D(2026, 12, 10)) == D(2026, 12, 10)
    assert as_of(Period.parse("2026-Q4"), D(2026, 12, 15), None) == D(2026, 12, 15)


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
