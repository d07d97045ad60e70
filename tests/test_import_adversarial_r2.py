"""Adversarial import checks, round 2: exports built the way exports.md says real exports look (and DDAS
deliveries with variations), which the importer handles against the contract. Each test quotes the spec line
it relies on."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from openpyxl.cell.cell import TYPE_STRING

from connectors.pipeline import import_file
from store import db, gateway
from tests.conftest import SHARED
from tests.exportfiles import by_key, csv_file

D = dt.date
OFFICIAL = SHARED / "ddas"


def _everything_said(result, url: str) -> str:
    """All text the import printed (``--json``) and stored on the ruislijst (findings table)."""
    printed = json.dumps(result.as_json(), ensure_ascii=False, default=str)
    stored = json.dumps(gateway.list_findings(db.ready_engine(url), open_only=False), ensure_ascii=False, default=str)
    return printed + stored


def test_a_csv_row_with_a_stray_separator_does_not_store_the_personal_columns_of_that_row(tmp_path, sqlite_url):
    """exports.md: "Columns that must never be stored: names, initials, addresses, postcodes with house
    numbers, dates of birth, phone numbers, e-mail, BSN." and rule 5: "drop the personal columns".
    domain.md, Privacy: "Store no names, addresses, dates of birth or BSN".

    A row with an unquoted ';' inside the name has one field too many. The importer reports it (fine) but
    copies the whole raw line (name, BSN, address, date of birth) into the error's value: it is printed
    by ``--json`` and written to the findings table (ruislijst) in the database."""
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Naam;BSN;Adres;Geboortedatum;Datum aanmelding\n"
        "B1;Jan Jansen;123456782;Dorpsstraat 1;01-01-1980;03-01-2025\n"
        "B2;Vries; de Piet;234567891;Kerkweg 2, 1234 AB;02-02-1970;04-01-2025\n"
        "B3;Ann Bakker;345678912;Laan 3;03-03-1990;05-01-2025\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 2, result.as_json()
    assert [e.row for e in result.errors] == [3], result.as_json()  # the broken row is still reported
    said = _everything_said(result, sqlite_url)
    for personal in ("Vries", "234567891", "Kerkweg", "02-02-1970"):
        assert personal not in said, f"{personal!r} printed or stored"


@pytest.mark.skipif(not OFFICIAL.is_dir(), reason="shared/ddas met de officiële voorbeelden ontbreekt")
@pytest.mark.parametrize(
    ("example", "record_path"),
    [
        ("vs-v0.9/enkelvoudigVoorbeeld.json", ("vroegsignalen", 0)),
        ("shv-v1.0/enkelvoudigVoorbeeld.json", ("schuldhulptrajecten", 0)),
    ],
)
def test_personal_fields_a_vendor_adds_to_a_ddas_record_are_not_stored(tmp_path, sqlite_url, example, record_path):
    """exports.md: "Columns that must never be stored: names, initials, addresses, ..., BSN"; rule 4: "a DDAS
    file that fails its JSON schema in a non-essential field" is a finding.

    A delivery whose software adds fields the schema does not know (``naamPartner``, ``bsnPartner``,
    ``adresPartner``) loads, with a finding per field (fine), but the finding's value is the name, the BSN
    and the address: printed by ``--json`` and stored on the ruislijst."""
    doc = json.loads((OFFICIAL / example).read_text(encoding="utf-8"))
    record = doc["leveringen"][0][record_path[0]][record_path[1]]
    record.update({"naamPartner": "Piet Jansen", "bsnPartner": "234567891", "adresPartner": "Kerkweg 2, 1234 AB"})
    path = tmp_path / "levering.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = import_file(path, url=sqlite_url)
    assert not result.rejected and result.rows_loaded >= 1, result.as_json()
    said = _everything_said(result, sqlite_url)
    for personal in ("Piet Jansen", "234567891", "Kerkweg"):
        assert personal not in said, f"{personal!r} printed or stored"


def test_a_semicolon_csv_with_commas_in_its_filter_line_and_remarks_is_read(tmp_path, sqlite_url):
    """exports.md: "A title block above the header row (report name, run date such as ..., filter text)" and
    "CSV with `;` or `,` as separator, sometimes announced by a first line `sep=;`" (sometimes: not always).

    A ';'-separated export whose filter line and remark column hold more commas than the file has
    semicolons is taken for a ','-separated file and rejected as a whole ("geen kopregel gevonden")."""
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Filter: gemeenten Dijkwaard, Veenhoven, Lindebroek, Hoogmeer, status open, wachtend, afgesloten\n"
        "Dossiernummer;Datum aanmelding;Opmerking\n"
        "C1;03-01-2025;schulden bij CZ, Vattenfall, Belastingdienst, DUO\n"
        "C2;04-01-2025;belt terug, geen reactie, brief gestuurd\n",
    )
    result = import_file(path, url=sqlite_url)
    assert not result.rejected, result.as_json()
    assert result.dataset == "cases" and result.rows_loaded == 2, result.as_json()
    assert {k: v["registered_on"] for k, v in by_key(sqlite_url).items()} == {"C1": D(2025, 1, 3), "C2": D(2025, 1, 4)}


def test_an_unparseable_guidance_date_rejects_its_row_instead_of_loading_it_and_counting_it_rejected(
    tmp_path, sqlite_url
):
    """exports.md, rule 3: "a value that cannot be parsed is a row error with file, sheet, row number, column
    and raw value"; rule 4: "Hard errors reject the row."

    '31-02-2025' under ``Budgetbeheer start`` is reported as a row error (severity fout) and the row is
    counted in rows_rejected, yet the case of that very row is stored: "2 van 2 rijen ingelezen; 1 rijen
    afgewezen"."""
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Consulent;Budgetbeheer start;Budgetbeheer einde\n"
        "E1;03-01-2025;Piet;31-02-2025;\n"
        "E2;03-01-2025;Piet;01-02-2025;\n",
    )
    result = import_file(path, url=sqlite_url)
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (2, "Budgetbeheer start", "31-02-2025"), result.as_json()
    assert result.rows_loaded + result.rows_rejected == result.rows_read, result.as_json()
    assert set(by_key(sqlite_url)) == {"E2"}


def test_an_excel_error_cell_is_a_row_error_not_an_empty_cell_that_wipes_the_stored_value(tmp_path, sqlite_url):
    """exports.md: empty is "blank, `-`, `n.v.t.`, `NULL`"; rule 3: "a value that cannot be parsed is a row
    error with file, sheet, row number, column and raw value"; rule 7: "a column present in the newer import
    overwrites the stored value, an empty cell included".

    A date cell holding an Excel error (#DIV/0!, a formula that failed) is read as an empty cell: no row
    error, and under the merge rule it wipes the stored first-conversation date. The same value in a CSV
    ('#WAARDE!') is a row error."""
    first = csv_file(
        tmp_path / "dossiers.csv", "Dossiernummer;Datum aanmelding;Datum eerste gesprek\nX1;03-01-2025;10-01-2025\n"
    )
    assert import_file(first, url=sqlite_url).rows_loaded == 1
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Intake"
    for c, value in enumerate(["Dossiernummer", "Consulent", "Datum eerste gesprek"], start=1):
        ws.cell(row=1, column=c, value=value).data_type = TYPE_STRING
    ws.cell(row=2, column=1, value="X1").data_type = TYPE_STRING
    ws.cell(row=2, column=2, value="Klaas").data_type = TYPE_STRING
    ws.cell(row=2, column=3, value="#DIV/0!").data_type = "e"  # an error cell, as Excel stores a failed formula
    path = tmp_path / "intake.xlsx"
    wb.save(path)
    result = import_file(path, url=sqlite_url)
    assert by_key(sqlite_url)["X1"]["first_contact_on"] == D(2025, 1, 10), result.as_json()
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Intake", 2, "Datum eerste gesprek")], (
        result.as_json()
    )


@pytest.mark.skipif(not OFFICIAL.is_dir(), reason="shared/ddas met de officiële voorbeelden ontbreekt")
def test_each_missing_required_ddas_field_is_one_finding_not_one_per_missing_field(tmp_path, sqlite_url):
    """exports.md, rule 4: "Soft findings (..., a DDAS file that fails its JSON schema in a non-essential
    field) go to the data-quality list (ruislijst) that the steward works through"; the batch records its
    counts and ``--json`` lists the ``findings``.

    A delivery without ``aanleverdatumEnTijd`` and ``codeGegevensleverancier`` (both required at the top,
    neither essential) puts each on the ruislijst twice: with n required fields missing in one object,
    every one of them is reported n times."""
    doc = json.loads((OFFICIAL / "shv-v1.0" / "enkelvoudigVoorbeeld.json").read_text(encoding="utf-8"))
    del doc["aanleverdatumEnTijd"], doc["codeGegevensleverancier"]
    path = tmp_path / "levering.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    missing = sorted(f.column for f in result.findings if f.code == "ddas_verplicht_ontbreekt")
    assert missing == ["aanleverdatumEnTijd", "codeGegevensleverancier"], result.as_json()
    stored = [f for f in gateway.list_findings(db.ready_engine(sqlite_url)) if f["code"] == "ddas_verplicht_ontbreekt"]
    assert len(stored) == 2
