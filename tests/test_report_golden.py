"""Golden files of the council report (2025-Q3) and the annual report (2025) on the sample data: every cell
of the workbook (value, type, number format, native charts per sheet) and the text of the Word document.

The files in ``tests/golden/`` change only on purpose: after a deliberate change to a report, run
``SHV_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import reports
from metrics import annual_report, council_report
from metrics.suppression import Thresholds
from tests.conftest import ROOT
from tests.report_files import document_text, workbook_cells

GOLDEN = ROOT / "tests" / "golden"
REGENERATE = os.environ.get("SHV_REGENERATE_GOLDEN") == "1"
TODAY = date(2026, 2, 1)  # both periods are over: their figures do not depend on the day the test runs


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} ontbreekt: maak hem met SHV_REGENERATE_GOLDEN=1 (en bekijk de diff)"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} wijkt af van het golden-bestand; bewust veranderd? SHV_REGENERATE_GOLDEN=1"


def _cells_json(data: bytes) -> str:
    return json.dumps(workbook_cells(data), ensure_ascii=False, indent=1) + "\n"


@pytest.fixture(scope="module")
def council_document(sample_db_file):
    return council_report.document(council_report.build(f"sqlite:///{sample_db_file}", "2025-Q3", today=TODAY))


@pytest.fixture(scope="module")
def annual_document(sample_db_file):
    url = f"sqlite:///{sample_db_file}"
    return annual_report.document(annual_report.compute(url, 2025, today=TODAY), annual_report.thresholds(url))


@pytest.fixture(scope="module")
def council_files(council_document) -> dict[str, bytes]:
    return {suffix: reports.render(council_document, suffix) for suffix in reports.SUFFIXES}


def test_council_report_workbook(council_files):
    data = council_files[".xlsx"]
    _compare("raadsrapportage_2025-Q3.xlsx.json", _cells_json(data))
    cells = workbook_cells(data)
    assert list(cells) == ["Voorblad", "Kerncijfers", "Per gemeente", "Trend", "Doelen 2025", "Bijlage definities"]
    assert cells["Trend"]["charts"] == 17  # one native chart per KPI of the fixed set


def test_council_report_document(council_files):
    _compare("raadsrapportage_2025-Q3.docx.txt", document_text(council_files[".docx"]))


def test_annual_report_workbook(annual_document):
    data = reports.render(annual_document, ".xlsx")
    _compare("jaarverslag_2025.xlsx.json", _cells_json(data))
    assert workbook_cells(data)["Uitstroom"]["charts"] == 2


def test_annual_report_document(annual_document):
    _compare("jaarverslag_2025.docx.txt", document_text(reports.render(annual_document, ".docx")))


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_the_files_are_deterministic(council_document, council_files, suffix):
    assert (
        reports.render(council_document, suffix) == council_files[suffix]
    )  # no clock in the file: properties and zip entries carry the reference date


def test_numbers_are_numbers_with_dutch_display_formats(council_files):
    cells = workbook_cells(council_files[".xlsx"])["Kerncijfers"]["cells"]
    by_coordinate = {c[0]: c for c in cells}
    assert by_coordinate["A7"][1] == "Aanmeldingen"
    assert by_coordinate["B7"][1:] == [138, "n", "#,##0"]  # a count: a number, shown as 1.234 in a Dutch Excel
    assert by_coordinate["A8"][1] == "Eerste gesprek binnen termijn"
    assert by_coordinate["B8"][2:] == ["n", '#,##0.0"%"']  # 92.727...: the number, shown as 92,7%


def test_the_front_page_names_period_reference_date_and_filters(council_files):
    text = document_text(council_files[".docx"])
    assert "Periode | 3e kwartaal 2025" in text
    assert "Peildatum | 30-09-2025" in text
    assert "Filters | Team: alle teams · Gemeente: alle" in text
    assert "[Heading 1] Bijlage: definities" in text
    assert "Aanmeldingen (aanmeldingen)" in text  # each KPI's definition from the registry


def test_the_command_line_writes_the_same_report_without_a_browser(sample_db_url, tmp_path):
    out = tmp_path / "raad.xlsx"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "MPLBACKEND", "BROWSER")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + "/usr/bin:/bin"
    for target in (out, tmp_path / "raad.docx"):
        done = subprocess.run(
            [sys.executable, "-m", "metrics", "report", "--quarter", "2025-Q3", "--out", str(target), "--db",
             sample_db_url, "--today", TODAY.isoformat()],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert f"{target} geschreven" in done.stdout
    if not REGENERATE:
        expected = (GOLDEN / "raadsrapportage_2025-Q3.xlsx.json").read_text(encoding="utf-8")
        assert _cells_json(out.read_bytes()) == expected
    from metrics import notes

    logged = [(e["what"], e["detail"]) for e in notes.exports(sample_db_url)]
    assert logged == [
        ("raadsrapportage", "2025-Q3 · Team: alle teams · Gemeente: alle · raad.docx (opdrachtregel)"),
        ("raadsrapportage", "2025-Q3 · Team: alle teams · Gemeente: alle · raad.xlsx (opdrachtregel)"),
    ]  # newest first: every report the command line writes is in the export log
    annual = tmp_path / "jaar.docx"
    done = subprocess.run(
        [sys.executable, "-m", "metrics", "report", "--year", "2025", "--out", str(annual), "--db", sample_db_url,
         "--today", TODAY.isoformat()],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    if not REGENERATE:
        assert document_text(annual.read_bytes()) == (GOLDEN / "jaarverslag_2025.docx.txt").read_text(encoding="utf-8")


def test_thresholds_come_from_the_settings(sample_db_file):
    assert annual_report.thresholds(f"sqlite:///{sample_db_file}") == Thresholds(5, 10)
