"""What leaves the building: no text from the data or from the app becomes an Excel formula in any report,
and no count from 1 to 4, no consultant name and no case id appears in any council output."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, update

import reports
from metrics import annual_report, council_report, targets
from metrics.annual_report import DERIVED
from metrics.names import REDACTED
from metrics.registry import KPIS, Unit
from metrics.report_model import Number, Report
from metrics.targets import Comparison, TargetDraft
from store import db
from store import metrics_queries as q
from store import report_queries as rq
from store.models import DATASET_TABLES, import_batches
from store.models import targets as targets_table
from tests.metrics_helpers import case, insert_rows
from tests.report_files import document_tables, document_text, string_cells

TODAY = date(2026, 2, 1)
FORMULA_STARTS = ("=", "+", "-", "@")
TEAM = "+Team Noord"
INSTALLATION = """
name = "@Dijkland"
default_team = "+Team Noord"
teams = ["+Team Noord"]

[[municipalities]]
code = "9901"
name = "=Gemeente Noord"
team = "+Team Noord"

[[municipalities]]
code = "9902"
name = "-Veenhoven"
team = "+Team Noord"
"""
DANGEROUS = {
    '=HYPERLINK("http://x","klik")': "rationale",
    "+31612345678": "owner",
    "-1+2 loopt achter": "status note",
    "=1+1 door de zomer": "explanation",
    "=Gemeente Noord": "municipality name",
    "@Dijkland": "installation name",
}


@pytest.fixture
def hostile(db_url, tmp_path, monkeypatch):
    """An installation whose names, people and texts all start like a formula."""
    settings_file = tmp_path / "installation.toml"
    settings_file.write_text(INSTALLATION, encoding="utf-8")
    monkeypatch.setenv("SHV_SETTINGS_FILE", str(settings_file))
    monkeypatch.setenv("SHV_USER", "@SUM(A1)")
    consultant = '=HYPERLINK("http://evil","klik")'
    insert_rows(db_url, "cases", [
        case(f"=c{i}", f"2025-0{7 + i % 3}-0{1 + i % 5}", team=TEAM, municipality="9901" if i % 2 else "9902",
             consultant=consultant, first_contact_on="2025-09-20", closed_on="2025-09-25", close_reason="afgerond")
        for i in range(12)
    ])  # fmt: skip
    target = targets.create(
        db_url,
        TargetDraft(2025, "uitstroom", TEAM, None, Comparison.AT_LEAST, 10, 5, date(2025, 1, 1), date(2025, 12, 31),
                    "+31612345678", '=HYPERLINK("http://x","klik")'),
        "@SUM(A1)",
    )  # fmt: skip
    targets.add_status(db_url, target.key, date(2025, 10, 1), "achter", "-1+2 loopt achter", "@SUM(A1)")
    from metrics import explanations

    explanations.add(db_url, "2025-Q3", "uitstroom", TEAM, None, "=1+1 door de zomer", "@SUM(A1)")
    with db.get_engine(db_url).begin() as conn:  # an import, so the annual report covers 2025
        conn.execute(insert(import_batches).values(
            created_at=datetime(2025, 1, 1), created_by="=cmd", file_name="=x.csv", file_hash="0" * 64,
            dataset="cases", source_format="csv", data_through=date(2025, 1, 31), status="geladen",
        ))  # fmt: skip
    return db_url


def _reports(url: str, team: str | None = None) -> list[Report]:
    council = council_report.document(council_report.build(url, "2025-Q3", team=team, today=TODAY))
    figures = annual_report.compute(url, 2025, team=team, today=TODAY)
    return [council, annual_report.document(figures, annual_report.thresholds(url))]


def test_no_text_becomes_a_formula_in_any_export(hostile):
    seen: set[str] = set()
    for report in _reports(hostile, TEAM):
        data = reports.render(report, ".xlsx")
        archive = zipfile.ZipFile(io.BytesIO(data))
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert not re.search(rb"<f[ >]", archive.read(name)), f"formule in {name}"
        book = load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                        assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                        seen.update(text for text in DANGEROUS if cell.value.startswith(text))
        text = document_text(reports.render(report, ".docx"))
        assert "@Dijkland" in text and "=Gemeente Noord" in text  # a document has no formulas: text as it is
    # every kind of hostile text reached a cell that starts with it (so the check above saw them all)
    assert seen == set(DANGEROUS), set(DANGEROUS) - seen


def _count_labels() -> set[str]:
    return {k.label for k in KPIS if k.statistic.is_count} | {d.label for d in DERIVED.values()}


def _small(value: float | None) -> bool:
    return value is not None and 0 < value < 5


def _model_small_counts(report: Report) -> list[str]:
    found = []
    for section in report.sections:
        for table in section.tables:
            for row in table.rows:
                found += [f"{section.title}: {row[0]}" for c in row
                          if isinstance(c, Number) and c.unit is Unit.COUNT and not c.prefix and _small(c.value)]  # fmt: skip
        for chart in section.charts:
            if chart.unit is Unit.COUNT:
                found += [f"{section.title}: {chart.title}" for _, values in chart.series for v in values if _small(v)]
    return found


def _workbook_small_counts(data: bytes) -> list[str]:
    labels, found = _count_labels(), []
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            if row[0].value in labels:
                found += [f"{sheet.title}!{c.coordinate}" for c in row[1:] if c.data_type == "n" and _small(c.value)]
    return found


def _document_small_counts(data: bytes) -> list[str]:
    labels, found = _count_labels(), []
    for table in document_tables(data):
        for row in table:
            if row[0] in labels:
                numbers = [int(t.replace(".", "")) for t in row[1:] if re.fullmatch(r"\d{1,3}(\.\d{3})*", t)]
                found += [f"{row[0]}: {n}" for n in numbers if _small(n)]
    return found


@pytest.fixture
def sample_with_texts(sample_db_url):
    """The sample data, with texts that name consultants written straight into the store (as if the
    consultant appeared in the data only after the text was written)."""
    engine = db.get_engine(sample_db_url)
    with engine.connect() as conn:
        people = q.consultants(conn, q.EVERYTHING)
    target = targets.create(
        sample_db_url,
        TargetDraft(2025, "wachtlijst", None, None, Comparison.AT_MOST, 20, 35, date(2025, 1, 1), date(2025, 12, 31),
                    "Teamleider", "De wachtlijst omlaag."),
        "Anna",
    )  # fmt: skip
    with engine.begin() as conn:
        # an owner who is (later) a consultant in the data
        conn.execute(update(targets_table).where(targets_table.c.target_key == target.key).values(owner=people[3]))
        rq.insert_status(conn, target.key, 1, date(2025, 10, 1), "risico", f"{people[0]} is met verlof.", "Anna")
        rq.insert_explanation(conn, "2025-Q3", "uitval_pct", None, None, f"Overdracht van {people[1]}.", "Anna")
        rq.insert_explanation(conn, "2025-Q3", "uitval_pct", None, "9903", f"{people[2].upper()} vertrok.", "Anna")
    return sample_db_url, people


def test_no_small_count_no_consultant_and_no_case_id_in_any_council_output(sample_with_texts):
    url, people = sample_with_texts
    with db.get_engine(url).connect() as conn:
        case_ids = [r[0] for r in conn.execute(q_case_ids()) if len(r[0]) >= 6]
    suppressed_somewhere = redacted_somewhere = False
    for team in (None,):
        for report in _reports(url, team):
            assert _model_small_counts(report) == [], report.title
            workbook, document = reports.render(report, ".xlsx"), reports.render(report, ".docx")
            assert _workbook_small_counts(workbook) == [], report.title
            assert _document_small_counts(document) == [], report.title
            texts = [c.value for c in string_cells(workbook)] + [document_text(document)]
            everything = "\n".join(texts).lower()
            named = [p for p in people if p.lower() in everything]
            assert named == [], f"{report.title}: consulenten {named}"
            shown_ids = [i for i in case_ids if i.lower() in everything]
            assert shown_ids == [], f"{report.title}: dossiernummers {shown_ids[:5]}"
            suppressed_somewhere |= any(c.value == "<5" for c in string_cells(workbook))
            redacted_somewhere |= REDACTED in everything
    assert suppressed_somewhere, "de voorbeeldgegevens moeten kleine aantallen hebben, anders toetst dit niets"
    assert redacted_somewhere, "de teksten met namen moeten in de rapportage staan (afgeschermd)"


def q_case_ids():
    from sqlalchemy import select

    return select(DATASET_TABLES["cases"].c.case_id)
