"""The command line of exports.md: names, options, JSON fields and exit codes are a contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.exportfiles import xlsx

CONTRACT_FIELDS = {"file", "dataset", "rows_read", "rows_loaded", "rows_rejected", "findings", "errors"}
ISSUE_FIELDS = {"sheet", "row", "column", "value", "message"}


def _run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "connectors", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
    )


def test_import_json_one_object_per_file_and_exit_code(tmp_path, sqlite_url):
    good = xlsx(tmp_path / "goed.xlsx", {"s": [["Dossiernummer", "Datum aanmelding"], ["A1", "02-01-2025"], ["A2", "31-02-2025"]]})
    bad = tmp_path / "kapot.xlsx"
    bad.write_bytes(b"%PDF-1.4")
    proc = _run("import", str(good), str(bad), "--db", sqlite_url, "--json")
    assert proc.returncode == 1, proc.stderr
    objects = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["file"] for o in objects] == ["goed.xlsx", "kapot.xlsx"]
    assert all(set(o) >= CONTRACT_FIELDS for o in objects)
    first = objects[0]
    assert (first["dataset"], first["rows_read"], first["rows_loaded"], first["rows_rejected"]) == ("cases", 2, 1, 1)
    (error,) = first["errors"]
    assert set(error) >= ISSUE_FIELDS and (error["row"], error["value"]) == (3, "31-02-2025")
    assert objects[1]["rows_loaded"] == 0 and objects[1]["errors"]
    assert "Traceback" not in proc.stderr


def test_import_exit_zero_when_nothing_is_rejected_as_a_whole(tmp_path, sqlite_url):
    good = xlsx(tmp_path / "goed.xlsx", {"s": [["Dossiernummer", "Datum aanmelding"], ["A1", "02-01-2025"]]})
    proc = _run("import", str(good), "--db", sqlite_url)
    assert proc.returncode == 0, proc.stderr
    assert "1 van 1 rijen ingelezen" in proc.stdout


def test_dataset_and_profile_options(tmp_path, sqlite_url):
    path = xlsx(tmp_path / "lijst.xlsx", {"s": [["Traject-ID", "Startdatum intake", "Aanmelddatum"], ["T1", "03-01-2025", "02-01-2025"]]})
    proc = _run("import", str(path), "--db", sqlite_url, "--json", "--dataset", "cases", "--profile", "suite")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows_loaded"] == 1
    unknown = _run("import", str(path), "--db", sqlite_url, "--profile", "bestaat-niet")
    assert unknown.returncode == 1 and "bestaat niet" in unknown.stderr


def test_database_from_environment_variable(tmp_path, sqlite_url):
    path = xlsx(tmp_path / "a.xlsx", {"s": [["Dossiernummer", "Datum aanmelding"], ["E1", "02-01-2025"]]})
    proc = _run("import", str(path), "--json", env_extra={"SHV_DATABASE_URL": sqlite_url})
    assert proc.returncode == 0, proc.stderr
    listing = _run("batches", "--json", env_extra={"SHV_DATABASE_URL": sqlite_url})
    (batch,) = json.loads(listing.stdout)
    assert batch["file_name"] == "a.xlsx" and batch["rows_loaded"] == 1


def test_batches_and_undo(tmp_path, sqlite_url):
    path = xlsx(tmp_path / "a.xlsx", {"s": [["Dossiernummer", "Datum aanmelding"], ["B1", "02-01-2025"]]})
    batch = json.loads(_run("import", str(path), "--db", sqlite_url, "--json").stdout)["batch"]
    undo = _run("undo", str(batch), "--db", sqlite_url)
    assert undo.returncode == 0 and "ongedaan" in undo.stdout
    again = _run("undo", str(batch), "--db", sqlite_url)
    assert again.returncode == 1 and "al ongedaan" in again.stderr
    listing = _run("batches", "--db", sqlite_url)
    assert "ongedaan" in listing.stdout and "a.xlsx" in listing.stdout


def test_usage_errors_exit_two_in_dutch(sqlite_url):
    proc = _run("import", "--db", sqlite_url)
    assert proc.returncode == 2 and "fout:" in proc.stderr


def test_every_rejected_file_says_why_in_its_errors(tmp_path, sqlite_url):
    """exports.md: a rejected file is listed with its errors; automation must see the reason of every one,
    also when the file has no rows to blame (an empty delivery, a header without rows)."""
    shv = json.dumps({
        "startdatumLevering": "2025-01-01", "einddatumLevering": "2025-01-31", "aanleverdatumEnTijd":
        "2025-02-01T08:00:00Z", "codeGegevensleverancier": "X",
        "leveringen": [{"teller": 1, "aanleverende_organisatie": {"gemeentecode": "GM0518"}, "schuldhulptrajecten": []}],
    }).encode()  # fmt: skip
    vs = json.dumps({"leveringen": [{"gemeentecode": "GM0518", "vroegsignalen": [], "vroegsignaalzaken": []}]})
    files = {  # file -> (content, the Dutch reason its error must name)
        "leeg_shv.json": (shv, "zonder records: 'schuldhulptrajecten' is in elke levering leeg"),
        "leeg_vs.json": (vs.encode(), "zonder records: 'vroegsignalen' en 'vroegsignaalzaken' zijn in elke levering leeg"),
        "schemafout.json": (b'{"leveringen": [{"schuldhulptrajecten": []}]}', "zonder records"),
        "kapot.json": (b'{"leveringen": [', "geen geldige JSON (regel 1, kolom 17)"),
        "allesfout.json": (b'{"leveringen": [{"schuldhulptrajecten": [{"startdatum": "morgen"}]}]}', "aanmelddatum"),
        "leeg.csv": (b"", "het bestand is leeg"),
        "kop.csv": (b"Dossiernummer;Datum aanmelding\r\n", "geen gegevensrijen"),
        "rapport.xlsx": (b"%PDF-1.7\n%...", "PDF-bestand"),
    }  # fmt: skip
    paths = []
    for name, (content, _) in files.items():
        (tmp_path / name).write_bytes(content)
        paths.append(tmp_path / name)
    workbooks = {
        "kop.xlsx": ({"s": [["Dossiernummer", "Datum aanmelding"]]}, "geen gegevensrijen"),
        "leeg.xlsx": ({"s": []}, "geen kopregel gevonden"),
        "geensleutel.xlsx": ({"s": [["Consulent", "Datum aanmelding"], ["A", "01-01-2025"]]}, "sleutelkolom ontbreekt"),
    }  # fmt: skip
    for name, (sheets, _) in workbooks.items():
        paths.append(xlsx(tmp_path / name, sheets))
    reasons = {name: reason for name, (_, reason) in (files | workbooks).items()}
    proc = _run("import", *map(str, paths), "--db", sqlite_url, "--json")
    assert proc.returncode == 1, proc.stderr
    objects = {o["file"]: o for o in map(json.loads, proc.stdout.splitlines())}
    assert set(objects) == set(reasons)
    for name, reason in reasons.items():
        result = objects[name]
        assert set(result) >= CONTRACT_FIELDS and result["rejected"] and result["rows_loaded"] == 0, result
        assert result["errors"], f"{name}: afgewezen zonder fout in 'errors'"
        assert all(set(e) >= ISSUE_FIELDS and e["message"] for e in result["errors"]), result["errors"]
        assert any(reason in e["message"] for e in result["errors"]), (name, result["errors"])
        assert not any("Empty" in e["message"] or "Expecting" in e["message"] for e in result["errors"]), name


def test_the_text_output_locates_a_ddas_error_by_record_and_field(tmp_path, sqlite_url):
    """A DDAS delivery has no sheets or rows: the Dutch text names the record's path and the field."""
    from tests.test_ddas_variants import shv, trajectory

    path = tmp_path / "levering.json"
    path.write_bytes(shv(trajectory("100000001"), trajectory("100000002", intake={"startdatum": "2025-01-05"})))
    proc = _run("import", str(path), "--db", sqlite_url)
    assert proc.returncode == 0, proc.stderr
    assert "fout (record leveringen[0].schuldhulptrajecten[1], veld 'intake.startdatum'):" in proc.stdout
    assert "blad" not in proc.stdout
    sheet = xlsx(tmp_path / "dossiers.xlsx", {"Dossiers": [["Dossiernummer", "Datum aanmelding"], ["A1", "31-02-2025"],
                                                             ["A2", "02-01-2025"]]})  # fmt: skip
    proc = _run("import", str(sheet), "--db", sqlite_url)
    assert "fout (blad 'Dossiers', rij 2, kolom 'Datum aanmelding'):" in proc.stdout, proc.stdout
