"""The annual report on a tiny installation, computed by hand: yearly totals and five-year trends, the two
figures it derives (admissions, outflow by reason), years before the first export left empty; and frozen
reports that keep their numbers when a late correction arrives, listing what would change if refrozen."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import insert

from metrics import annual_report, freeze
from metrics.annual_report import AnnualFigures
from metrics.freeze import FreezeError
from metrics.suppression import Shown, Thresholds
from reports.text import cell_text
from store import db
from store.metrics_queries import EVERYTHING, Scope
from store.models import import_batches
from tests.metrics_helpers import case, insert_rows, rewrite_case

TODAY = date(2026, 2, 1)


def _batch(url: str, data_through: date) -> None:
    """An import of the cases, so the store's history starts at ``data_through``."""
    with db.get_engine(url).begin() as conn:
        conn.execute(
            insert(import_batches).values(
                created_at=datetime(2024, 2, 1, 8, 0), created_by="tester", file_name="dossiers.xlsx",
                file_hash="0" * 64, dataset="cases", source_format="xlsx", data_through=data_through,
                status="geladen",
            )
        )  # fmt: skip


def _cases() -> list[dict]:
    rows = []
    # 2025: 12 help requests in Dijkwaard (9901), 3 in Lindebroek (9903, team Zuid)
    # Dijkwaard d0-d5 admitted, d6-d7 rejected, in 2025; Lindebroek l0 admitted
    for i in range(12):
        decision = {"decision_on": "2025-03-03", "decision": "toelating" if i < 6 else "afwijzing"} if i < 8 else {}
        rows.append(case(f"d{i}", "2025-01-06", municipality="9901", first_contact_on="2025-01-13", **decision))
    rows.append(case("l0", "2025-02-03", team="Schuldhulp Zuid", municipality="9903", first_contact_on="2025-02-10",
                     decision_on="2025-03-10", decision="toelating"))  # fmt: skip
    rows += [case(f"l{i}", "2025-02-03", team="Schuldhulp Zuid", municipality="9903") for i in (1, 2)]
    # 2024: 10 help requests in Dijkwaard, all closed in 2025: 5 afgerond, 2 ingetrokken, 1 verhuisd, 1 without
    # a reason, 1 with a code outside the DDAS list
    reasons = ["afgerond"] * 5 + ["ingetrokken"] * 2 + ["verhuisd", None, "emigratie"]
    rows += [
        case(f"o{i}", "2024-06-03", municipality="9901", first_contact_on="2024-06-10", closed_on="2025-06-30",
             close_reason=reason)
        for i, reason in enumerate(reasons)
    ]  # fmt: skip
    return rows


@pytest.fixture
def installation(db_url):
    insert_rows(db_url, "cases", _cases())
    _batch(db_url, date(2024, 1, 31))
    return db_url


def test_an_earlier_staffing_import_does_not_move_where_the_history_starts(installation):
    """Years are flagged as possibly incomplete before the first export of what the report counts: a
    staffing file imported with an earlier 'data t/m' says nothing about the cases of those years."""
    with db.get_engine(installation).begin() as conn:
        conn.execute(insert(import_batches).values(
            created_at=datetime(2024, 2, 2, 8, 0), created_by="tester", file_name="formatie.xlsx", file_hash="1" * 64,
            dataset="staffing", source_format="xlsx", data_through=date(2021, 6, 30), status="geladen",
        ))  # fmt: skip
    assert annual_report.compute(installation, 2025, today=TODAY).coverage_start == date(2024, 1, 31)


def _row(section, label: str) -> tuple[str, ...]:
    [row] = [r for r in section.tables[0].rows if r[0] == label]
    return tuple(cell_text(c) for c in row)


def test_the_annual_report_by_hand(installation):
    figures = annual_report.compute(installation, 2025, today=TODAY)
    assert (figures.years, figures.covered, figures.coverage_start) == (
        (2021, 2022, 2023, 2024, 2025), (2024, 2025), date(2024, 1, 31),
    )  # fmt: skip
    document = annual_report.document(figures, Thresholds())
    sections = {s.title: s for s in document.sections}
    assert list(sections) == [
        "Toegang", "Toelating", "Schuldregeling", "Uitstroom", "Budgetbeheer", "Vroegsignalering",
        "Klanttevredenheid", "Per gemeente 2025",
    ]  # fmt: skip
    empty = ("geen gegevens",) * 3  # 2021-2023: before the first export
    assert _row(sections["Toegang"], "Aanmeldingen") == ("Aanmeldingen", *empty, "10", "15")  # 12 + 3
    assert _row(sections["Toelating"], "Toelatingen") == ("Toelatingen", *empty, "0", "7")  # 6 + 1
    assert _row(sections["Toelating"], "Afwijzingen") == ("Afwijzingen", *empty, "0", "<5")  # 2
    outflow = sections["Uitstroom"]
    assert _row(outflow, "Uitstroom") == ("Uitstroom", *empty, "0", "10")
    assert _row(outflow, "Uitstroom: afgerond") == ("Uitstroom: afgerond", *empty, "0", "5")
    assert _row(outflow, "Uitstroom: ingetrokken")[-1] == "<5"  # 2
    assert _row(outflow, "Uitstroom: verhuisd")[-1] == "<5"  # 1
    assert _row(outflow, "Uitstroom: zonder reden")[-1] == "<5"  # the empty one and "emigratie"
    assert _row(outflow, "Uitstroom: overig")[-1] == "0"
    assert _row(outflow, "Positief afgerond")[-1] == "50,0%"  # 5 of 10
    assert _row(outflow, "Uitval")[-1] == "20,0%"  # 2 ingetrokken of 10
    found = figures.lookup()
    reasons = sum(found[(f, "2025", None)].value for f in annual_report.OUTFLOW_REASONS)
    assert reasons == found[("uitstroom", "2025", None)].value == 10  # the reasons add up to the outflow
    per_municipality = sections["Per gemeente 2025"].tables[0]
    assert per_municipality.columns == ("Cijfer", "Dijkwaard", "Veenhoven", "Lindebroek", "Hoogmeer")
    assert _row(sections["Per gemeente 2025"], "Aanmeldingen") == ("Aanmeldingen", "12", "0", "<5", "0")
    assert _row(sections["Per gemeente 2025"], "Toelatingen") == ("Toelatingen", "6", "0", "<5", "0")
    assert _row(sections["Per gemeente 2025"], "Signalen")[1:] == ("0",) * 4
    bars = sections["Uitstroom"].charts[0]
    assert bars.title == "Uitstroom naar reden" and bars.categories == ("2021", "2022", "2023", "2024", "2025")
    assert dict(bars.series)["afgerond"] == (None, None, None, 0, 5)
    assert dict(bars.series)["verhuisd"] == (None, None, None, 0, None)  # 1: suppressed, a gap
    codes = [d.code for d in document.definitions]
    assert "toelatingen" in codes and "uitstroom_reden_afgerond" in codes and "aanmeldingen" in codes
    assert "beschikking = toelating" in annual_report.DERIVED["toelatingen"].definition


def test_one_export_of_the_whole_history_covers_every_year_it_holds(db_url):
    # One export, run on 5 January 2026, holds every case since June 2024: its "data t/m" lies after both
    # years, yet 2024 and 2025 have figures (the years follow the first record, 3 June 2024), flagged as
    # possibly incomplete because they precede the first export's date; 2021-2023 have none.
    insert_rows(db_url, "cases", _cases())
    _batch(db_url, date(2026, 1, 5))
    figures = annual_report.compute(db_url, 2025, today=TODAY)
    assert figures.covered == (2024, 2025)
    toegang = {s.title: s for s in annual_report.document(figures, Thresholds()).sections}["Toegang"]
    assert _row(toegang, "Aanmeldingen") == ("Aanmeldingen", *("geen gegevens",) * 3, "10", "15")
    assert "Voor 2021, 2022, 2023 zijn er geen gegevens." in toegang.paragraphs[0]
    assert "Cijfers over 2024, 2025 zijn mogelijk onvolledig" in toegang.paragraphs[0]
    freeze.freeze(db_url, figures, EVERYTHING, "Anna")  # the year has figures: it can be frozen


def test_the_figures_survive_json(installation):
    figures = annual_report.compute(installation, 2025, today=TODAY)
    assert AnnualFigures.from_json(json.loads(json.dumps(figures.to_json()))) == figures


def test_a_team_sees_its_own_municipalities(installation):
    figures = annual_report.compute(installation, 2025, team="Schuldhulp Zuid", today=TODAY)
    assert figures.municipalities == (("9903", "Lindebroek"), ("9904", "Hoogmeer"))
    assert figures.lookup()[("aanmeldingen", "2025", None)].value == 3


def test_a_frozen_report_keeps_its_numbers_after_a_late_correction(installation):
    url = installation
    kept = freeze.freeze(url, annual_report.compute(url, 2025, today=TODAY), EVERYTHING, "Anna", "Vastgesteld")
    assert (kept.frozen_by, kept.note, kept.reference_date) == ("Anna", "Vastgesteld", date(2025, 12, 31))
    # late corrections: a help request of 20 December arrives in February, a close reason is corrected
    insert_rows(url, "cases", [case("late", "2025-12-20", municipality="9901")])
    rewrite_case(url, "o7", 7, close_reason="afgerond")  # was verhuisd
    live = annual_report.compute(url, 2025, today=TODAY)
    assert live.lookup()[("aanmeldingen", "2025", None)].value == 16
    latest = freeze.latest(url, 2025, EVERYTHING)
    assert latest.figures == kept.figures and latest.figures.lookup()[("aanmeldingen", "2025", None)].value == 15
    frozen_doc = annual_report.document(latest.figures, Thresholds(), latest.status)
    assert _row(frozen_doc.sections[0], "Aanmeldingen")[-1] == "15"
    assert frozen_doc.status.startswith("Bevroren op ") and "door Anna" in frozen_doc.status
    changes = freeze.changes(latest.figures, live, Thresholds())
    assert [(c.figure, c.period, c.group) for c in changes] == [
        ("aanmeldingen", "2025", None), ("aanmeldingen", "2025", "9901"),
        ("uitstroom_reden_afgerond", "2025", None), ("uitstroom_reden_afgerond", "2025", "9901"),
        ("uitstroom_reden_verhuisd", "2025", None), ("uitstroom_reden_verhuisd", "2025", "9901"),
        ("uitstroom_afgerond_pct", "2025", None), ("uitstroom_afgerond_pct", "2025", "9901"),
    ]  # fmt: skip
    first = changes[0]
    assert (first.label, first.frozen, first.now) == ("Aanmeldingen", Shown(15, None), Shown(16, None))
    assert (changes[4].frozen, changes[4].now) == (Shown(None, "<5"), Shown(0, None))  # 1 -> 0
    assert changes[6].now == Shown(60.0, None)  # 6 of 10
    # freezing again: a new row, the old one stays in the history; nothing differs any more
    again = freeze.freeze(url, live, EVERYTHING, "Bram")
    assert [(f.id, f.frozen_by) for f in freeze.frozen(url, 2025, EVERYTHING)] == [
        (again.id, "Bram"),
        (kept.id, "Anna"),
    ]
    assert freeze.changes(again.figures, live, Thresholds()) == []
    assert freeze.latest(url, 2025, Scope.of(["Schuldhulp Noord"])) is None  # another scope, another report


def test_nothing_to_freeze_before_the_data(installation):
    with pytest.raises(FreezeError, match="geen gegevens over 2022"):
        freeze.freeze(installation, annual_report.compute(installation, 2022, today=TODAY), EVERYTHING, "Anna")
    with pytest.raises(FreezeError, match="gebruiker"):
        freeze.freeze(installation, annual_report.compute(installation, 2025, today=TODAY), EVERYTHING, " ")


def test_a_municipality_the_settings_do_not_know_is_a_column_of_its_own(installation):
    # 11 help requests in 2025 for code 0111, which the settings do not list: its own column, and the columns
    # add up to the total (12 Dijkwaard + 3 Lindebroek + 11 = 26).
    insert_rows(installation, "cases", [case(f"u{i}", "2025-09-01", municipality="0111") for i in range(11)])
    figures = annual_report.compute(installation, 2025, today=TODAY)
    assert [code for code, _ in figures.municipalities] == ["9901", "9902", "9903", "9904", "0111"]
    section = {s.title: s for s in annual_report.document(figures, Thresholds()).sections}["Per gemeente 2025"]
    assert section.tables[0].columns[-1] == "Gemeente 0111"
    assert _row(section, "Aanmeldingen") == ("Aanmeldingen", "12", "0", "<5", "0", "11")
    assert figures.lookup()[("aanmeldingen", "2025", None)].value == 26
