"""Export and DDAS variants of exports.md checked through the command line, as the automated checks run it.

Each test imports freshly written files with ``python -m connectors import ... --json`` in a subprocess and
compares the stored rows, written out by hand from the spec, field by field.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.exportfiles import csv_file, rows

D = dt.date


def cli(url: str, *args: object) -> tuple[int, list[dict]]:
    """``python -m connectors import FILE... --db URL --json``: exit code and one JSON object per file."""
    done = subprocess.run(
        [sys.executable, "-m", "connectors", "import", *map(str, args), "--db", url, "--json"],
        cwd=ROOT, capture_output=True, text=True, env=os.environ.copy(), timeout=300,
    )  # fmt: skip
    out = [json.loads(line) for line in done.stdout.splitlines() if line.strip().startswith("{")]
    assert out, done.stdout + done.stderr
    return done.returncode, out


def test_staffing_per_team_without_consultant_may_exceed_two_fte(tmp_path, db_url):
    """exports.md: staffing (formatie) is "month, team, consultant (optional), fte": a row without consultant
    is the team's formation, easily more than the 2 fte a single consultant is bounded by."""
    path = csv_file(
        tmp_path / "formatie.csv",
        "Formatie per team\nMaand;Team;Medewerker;Fte\nmrt-25;Schuldhulp Noord;;8,4\nmrt-25;Schuldhulp Zuid;;6\n"
        "mrt-25;Schuldhulp Zuid;Ann;2,5\n",
    )
    code, (out,) = cli(db_url, path)
    assert code == 0 and out["rows_loaded"] == 2 and out["rows_rejected"] == 1, out
    (error,) = out["errors"]
    assert (error["row"], error["column"]) == (5, "Fte"), error  # a person above 2 fte stays a row error
    stored = sorted((r["month"], r["team"], r["consultant"], r["fte"]) for r in rows(db_url, "staffing"))
    assert stored == [(D(2025, 3, 1), "Schuldhulp Noord", None, 8.4), (D(2025, 3, 1), "Schuldhulp Zuid", None, 6.0)]


def test_type_signaal_counts_for_detecting_an_early_warning_export(tmp_path, db_url):
    """exports.md: signal_cases has "Datum melding" (also a cases header) and "A column Type signaal with
    Enkelvoudig/Meervoudig sets signal_count". With Zaaknummer, Datum melding and Gemeente alone the file fit
    cases and signal_cases equally, and Type signaal, the one column that tells them apart, was not counted:
    the meldingen were stored as debt-assistance cases."""
    path = csv_file(
        tmp_path / "export_maart.csv",
        "Zaaknummer;Datum melding;Gemeente;Type signaal\nZ1;03-01-2025;Dijkwaard;Enkelvoudig\n"
        "Z2;04-01-2025;GM9902;Meervoudig\n",
    )
    code, (out,) = cli(db_url, path)
    assert code == 0 and out["dataset"] == "signal_cases" and out["rows_loaded"] == 2, out
    assert rows(db_url, "cases") == []
    stored = {r["signal_case_id"]: (r["municipality"], r["matched_on"], r["signal_count"]) for r in rows(db_url, "signal_cases")}  # fmt: skip
    assert stored == {"Z1": ("9901", D(2025, 1, 3), 1), "Z2": ("9902", D(2025, 1, 4), 2)}
