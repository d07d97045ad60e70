"""Adversarial import checks, round 3: snapshot, early-warning, satisfaction and merge-rule corners of the
import contract in ``shared/exports.md``. Every test builds its own export the way exports.md describes
them and quotes the spec line it relies on."""

from __future__ import annotations

import json

from connectors.pipeline import import_file
from store import db, gateway
from tests.exportfiles import by_key, csv_file


def _findings(result, url: str) -> list[dict]:
    """What the import printed (``--json`` findings) and what is on the ruislijst (findings table)."""
    printed = list(result.as_json()["findings"])
    stored = gateway.list_findings(db.ready_engine(url), open_only=False)
    return printed + stored


def _said(result, url: str) -> str:
    return json.dumps(_findings(result, url), ensure_ascii=False, default=str)


# ---------------------------------------------------------------- early warning: "Type signaal"


def test_type_signaal_meervoudig_sets_the_count_when_the_aantal_signalen_cell_is_empty(tmp_path, sqlite_url):
    """exports.md, signal_cases: "A column `Type signaal` with `Enkelvoudig`/`Meervoudig` sets `signal_count`
    to 1 or at least 2."

    An export with both an ``Aantal signalen`` column (often left blank) and ``Type signaal`` ignores
    ``Type signaal`` altogether: a case marked Meervoudig with a blank count is stored without any count."""
    path = csv_file(
        tmp_path / "vroegsignalering.csv",
        "Zaaknummer;Gemeente;Datum melding;Aantal signalen;Type signaal\n"
        "Z1;9901;03-01-2025;;Meervoudig\n"
        "Z2;9901;03-01-2025;;Enkelvoudig\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 2, result.as_json()
    stored = by_key(sqlite_url, "signal_cases", "signal_case_id")
    assert stored["Z1"]["signal_count"] is not None and stored["Z1"]["signal_count"] >= 2, stored["Z1"]
    assert stored["Z2"]["signal_count"] == 1, stored["Z2"]


def test_an_unknown_type_signaal_value_is_a_finding_also_beside_aantal_signalen(tmp_path, sqlite_url):
    """exports.md, import rule 2: "a value outside the known variants is a finding"; signal_cases: "A column
    `Type signaal` with `Enkelvoudig`/`Meervoudig` ...".

    Without an ``Aantal signalen`` column an unknown ``Type signaal`` value is reported; with one, the same
    value passes silently (the column is neither used nor reported as unknown)."""
    path = csv_file(
        tmp_path / "vroegsignalering.csv",
        "Zaaknummer;Gemeente;Datum melding;Aantal signalen;Type signaal\nZ1;9901;03-01-2025;;Dubbel\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    assert "Dubbel" in _said(result, sqlite_url), result.as_json()


def test_type_signaal_meervoudig_does_not_lower_a_stored_count_of_three(tmp_path, sqlite_url):
    """exports.md, signal_cases: "`Type signaal` with `Enkelvoudig`/`Meervoudig` sets `signal_count` to 1 or
    *at least* 2."

    A case stored with 3 signals, then a list that only says Meervoudig: the stored 3 is at least 2, but the
    import lowers it to 2 (a multiple signal of three is counted as two)."""
    first = csv_file(
        tmp_path / "vroegsignalering_1.csv", "Zaaknummer;Gemeente;Datum melding;Aantal signalen\nZ5;9901;03-01-2025;3\n"
    )
    second = csv_file(
        tmp_path / "vroegsignalering_2.csv",
        "Zaaknummer;Gemeente;Datum melding;Type signaal;Resultaat\nZ5;9901;03-01-2025;Meervoudig;Advies\n",
    )
    assert import_file(first, url=sqlite_url).rows_loaded == 1
    result = import_file(second, url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    stored = by_key(sqlite_url, "signal_cases", "signal_case_id")["Z5"]
    assert stored["result"] == "advies_quick_fix"
    assert stored["signal_count"] == 3, stored


def test_a_partial_signal_case_file_with_key_and_type_signaal_updates_stored_cases(tmp_path, sqlite_url):
    """exports.md, rule 7: "a file may update existing records with a few columns only ... required columns
    are required only for records that do not exist yet"; rule 8 rejects a file as a whole only "when it
    cannot be read, its dataset cannot be determined, it lacks the key column, or none of its rows can be
    loaded"; rule 1: the steward can override the dataset.

    With ``--dataset signal_cases`` forced, a file with the key column (``Zaaknummer``) and ``Type signaal``
    for stored cases is rejected as a whole: "geen kopregel gevonden"."""
    first = csv_file(
        tmp_path / "vroegsignalering_1.csv",
        "Zaaknummer;Gemeente;Datum melding;Aantal signalen\nZ5;9901;03-01-2025;1\nZ6;9901;03-01-2025;1\n",
    )
    second = csv_file(tmp_path / "type_signaal.csv", "Zaaknummer;Type signaal\nZ5;Meervoudig\nZ6;Enkelvoudig\n")
    assert import_file(first, url=sqlite_url).rows_loaded == 2
    result = import_file(second, dataset="signal_cases", url=sqlite_url)
    assert not result.rejected and result.rows_loaded == 2, result.as_json()
    assert by_key(sqlite_url, "signal_cases", "signal_case_id")["Z5"]["signal_count"] >= 2


# ---------------------------------------------------------------- soft findings on the merged record


def test_a_case_closed_in_an_export_without_a_reason_column_is_a_finding(tmp_path, sqlite_url):
    """exports.md, rule 4: "Soft findings (closed without a reason, ...) go to the data-quality list
    (ruislijst)".

    The finding is only made when the export has a reason column with an empty cell; an export with
    ``Datum afsluiting`` but no reason column at all stores a closed case without a reason and says nothing."""
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Datum afsluiting\nD3;03-01-2025;03-03-2025\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    stored = by_key(sqlite_url)["D3"]
    assert stored["closed_on"] is not None and stored["close_reason"] is None
    assert any(f.get("code") == "reden_ontbreekt" or "zonder reden" in (f.get("message") or "")
               for f in _findings(result, sqlite_url)), result.as_json()


def test_emptying_the_reason_of_a_stored_closed_case_is_a_finding(tmp_path, sqlite_url):
    """exports.md, rule 7: "a column present in the newer import overwrites the stored value, an empty cell
    included"; rule 4: "Soft findings (closed without a reason, ...)".

    After the update the stored case is closed without a reason, but no finding is made because the
    closing date is not in this file."""
    first = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Datum afsluiting;Reden afsluiting\nD2;03-01-2025;03-03-2025;Afgerond\n",
    )
    second = csv_file(tmp_path / "reden.csv", "Dossiernummer;Reden afsluiting\nD2;\n")
    assert import_file(first, url=sqlite_url).rows_loaded == 1
    result = import_file(second, url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    stored = by_key(sqlite_url)["D2"]
    assert stored["closed_on"] is not None and stored["close_reason"] is None
    assert any(f.get("code") == "reden_ontbreekt" or "zonder reden" in (f.get("message") or "")
               for f in _findings(result, sqlite_url)), result.as_json()


def test_a_case_open_over_three_years_in_a_list_without_a_closing_column_is_a_finding(tmp_path, sqlite_url):
    """exports.md, rule 4: "Soft findings (..., a case open for over three years, ...) go to the data-quality
    list (ruislijst)".

    A list of open cases (no ``Datum afsluiting`` column: the export lists only running cases) with a case
    registered in 2019 stores an open case of six years without a finding; with an empty closing column the
    same case is reported."""
    path = csv_file(
        tmp_path / "lopende_dossiers.csv",
        "Dossiernummer;Datum aanmelding;Consulent\nD1;03-01-2019;Anna\nD2;03-01-2025;Anna\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 2, result.as_json()
    assert by_key(sqlite_url)["D1"]["closed_on"] is None
    assert any(f.get("code") == "lang_open" or "drie jaar" in (f.get("message") or "")
               for f in _findings(result, sqlite_url)), result.as_json()


# ---------------------------------------------------------------- satisfaction


def test_a_satisfaction_answer_without_a_date_is_not_rejected(tmp_path, sqlite_url):
    """exports.md marks as required only a case's ``registered_on`` ("date, required") and a signal case's
    ``matched_on``; `satisfaction` is "record, key `response_id` ..., responded_on (Datum, Datum ingevuld),
    ..." with no "required". Rule 4 rejects rows for *required* values.

    A KTO answer with an id and a grade but an empty ``Datum ingevuld`` is rejected as a row error
    ("een nieuw record heeft dit nodig"), and a KTO export without a date column is rejected as a whole."""
    path = csv_file(
        tmp_path / "kto.csv",
        "Respons-ID;Datum ingevuld;Rapportcijfer;NPS\nR1;03-01-2025;8;9\nR2;;7;8\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_rejected == 0 and result.rows_loaded == 2, result.as_json()
    assert by_key(sqlite_url, "satisfaction", "response_id")["R2"]["score"] == 7


# ---------------------------------------------------------------- unknown headers


def test_an_unknown_free_text_column_in_a_case_export_is_reported(tmp_path, sqlite_url):
    """exports.md, rule 2: "an unknown header is reported, never silently used".

    ``Toelichting`` (and ``Opmerking``, ``Type signaal``) in a case export is neither mapped nor reported: no
    finding, no dropped column; any other unknown header (``Vrije tekst``) is reported."""
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Toelichting\nD1;03-01-2025;wacht op stukken\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    out = result.as_json()
    reported = [f for f in _findings(result, sqlite_url) if f.get("column") == "Toelichting"]
    assert reported or "Toelichting" in json.dumps(out.get("dropped_columns")), out


def test_a_survey_export_without_a_date_column_loads_and_names_the_missing_dates(tmp_path, sqlite_url):
    """The same rule for a KTO export that has no date column at all: the answers load. An answer whose date
    cell is empty is named on the ruislijst (``datum_ontbreekt``), since it counts in no period."""
    kto = csv_file(tmp_path / "kto.csv", "Respons-ID;Rapportcijfer;NPS\nR1;8;9\nR2;7;8\n")
    result = import_file(kto, url=sqlite_url)
    assert result.rows_loaded == 2 and result.errors == [], result.as_json()
    assert by_key(sqlite_url, "satisfaction", "response_id")["R1"]["responded_on"] is None

    answers = csv_file(tmp_path / "kto_2.csv", "Respons-ID;Datum ingevuld;Rapportcijfer\nR3;;6\nR4;05-01-2025;9\n")
    result = import_file(answers, url=sqlite_url)
    assert [(f.code, f.row) for f in result.findings if f.code == "datum_ontbreekt"] == [("datum_ontbreekt", 2)]


def test_a_tabular_signal_without_its_date_is_stored_and_named(tmp_path, sqlite_url):
    """exports.md does not mark a signal's ``received_on`` as required (the DDAS VS schema allows it absent):
    the signal is stored, and named on the ruislijst because it counts in no period."""
    path = csv_file(
        tmp_path / "signalen.csv",
        "Signaal-ID;Zaaknummer;Gemeente;Signaaldatum;Signaalpartner\nS1;Z1;9901;03-01-2025;Energie\nS2;Z1;9901;;Huur\n",
    )
    result = import_file(path, dataset="signals", url=sqlite_url)
    assert result.rows_loaded == 2 and result.errors == [], result.as_json()
    assert by_key(sqlite_url, "signals", "signal_id")["S2"]["received_on"] is None
    assert [(f.code, f.row) for f in result.findings if f.code == "datum_ontbreekt"] == [("datum_ontbreekt", 3)]
