"""Adversarial round 3: DDAS deliveries through the real command line, judged against shared/exports.md.

Each test writes its own delivery (built like the official examples in shared/ddas/), runs
``python -m connectors import ... --json`` (and ``python -m metrics kpis``) in a subprocess and inspects the
SQLite database or the JSON output.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DDAS = ROOT.parent / "shared" / "ddas"
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


class Cli:
    def __init__(self, tmp_path: Path) -> None:
        self.dir = tmp_path
        self.db = tmp_path / "r3.sqlite"
        self.url = f"sqlite:///{self.db}"
        self.env = {
            **os.environ,
            "SHV_DATA_DIR": str(tmp_path / "data"),
            "SHV_PSEUDONYM_KEY": "test-key-" + "x" * 40,
            "SHV_USER": "tester",
        }
        self.env.pop("SHV_DATABASE_URL", None)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PY, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=60
        )

    def import_doc(self, doc: dict, name: str) -> tuple[int, dict]:
        path = self.dir / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        proc = self.run("-m", "connectors", "import", str(path), "--db", self.url, "--json")
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip().startswith("{")]
        assert len(lines) == 1, proc.stdout + proc.stderr
        return proc.returncode, lines[0]

    def rows(self, sql: str) -> list[dict]:
        conn = sqlite3.connect(self.db)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute(sql)]
        finally:
            conn.close()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def vs_doc(signals: list[dict], cases: list[dict], start: str, end: str, gm: str = "0518") -> dict:
    return {
        "codeGegevensleverancier": "SOFT-123", "startdatumLevering": start, "einddatumLevering": end,
        "aanleverdatumEnTijd": f"{end}T23:00:00Z",
        "leveringen": [{
            "teller": 1, "gemeentecode": gm, "aanleverende_organisatie": {"naam": "Gemeente Voorbeeld"},
            "vroegsignalen": signals, "vroegsignaalzaken": cases,
        }],
    }  # fmt: skip


def vs_signal(signal_id: str, partner: str, received: str) -> dict:
    return {
        "ID": signal_id, "crisissignaal": False, "bedrag": 300, "signaaldatum": received,
        "status": "Nog niet opgepakt", "signaalpartner": {"type": partner},
        "client": {"Burgerservicenummer": "123456789"},
    }  # fmt: skip


def shv_doc(*trajectories: dict) -> dict:
    return {
        "startdatumLevering": "2025-01-01", "einddatumLevering": "2025-03-31",
        "aanleverdatumEnTijd": "2025-04-02T08:00:00Z", "codeGegevensleverancier": "GL123456",
        "leveringen": [{
            "teller": 1, "aanleverende_organisatie": {"(Statutaire) Naam": "Org", "gemeentecode": "GM0518"},
            "schuldhulptrajecten": list(trajectories),
        }],
    }  # fmt: skip


# --------------------------------------------------------------------------------------- official examples


def test_every_official_example_imports_without_errors(cli):
    """Pin: every official example delivery loads whole (exit 0, no row errors), in one command line call."""
    examples = sorted(p for p in SHARED_DDAS.glob("*/*.json") if "schema" not in p.name)
    proc = cli.run("-m", "connectors", "import", *map(str, examples), "--db", cli.url, "--json")
    outs = [json.loads(line) for line in proc.stdout.splitlines() if line.strip().startswith("{")]
    assert proc.returncode == 0, proc.stderr
    assert len(outs) == len(examples) == 8
    for out in outs:
        assert out["errors"] == [] and out["rows_rejected"] == 0 and out["rows_loaded"] == out["rows_read"], out


# ---------------------------------------------------------------------------- VS: signals of an earlier month


def _january_signals_february_case(cli: Cli) -> None:
    """January: two signals, not yet matched. February: the case matched on them (signals not repeated)."""
    jan = vs_doc(
        [vs_signal("VS-2025-0101", "Energie", "2025-01-28"), vs_signal("VS-2025-0102", "Huur", "2025-01-30")],
        [], "2025-01-01", "2025-01-31",
    )  # fmt: skip
    code, out = cli.import_doc(jan, "vs-2025-01.json")
    assert code == 0 and out["errors"] == []
    feb_case = {
        "resultaat": "Vervolghulp en/of verwijzing financieel", "matchingsdatum": "2025-02-03",
        "datum_opgepakt": "2025-02-04",
        "vroegsignalen": [{"ID": "VS-2025-0101"}, {"ID": "VS-2025-0102"}],
        "contactpogingen": [{"soort": "Telefoon", "bereikt": True, "datum": "2025-02-05", "dagdeel": "Ochtend"}],
    }  # fmt: skip
    code, out = cli.import_doc(vs_doc([], [feb_case], "2025-02-01", "2025-02-28"), "vs-2025-02.json")
    assert code == 0 and out["errors"] == []


def test_vs_case_matched_on_signals_of_an_earlier_delivery_gets_their_partner_types(cli):
    """exports.md signal_cases: partner_types = "types of the linked signals". The linked signals are stored
    (from January), so the February case's partner types are known: energie and huur."""
    _january_signals_february_case(cli)
    (case,) = cli.rows("select partner_types, signal_count from signal_cases")
    assert case["signal_count"] == 2
    assert sorted((case["partner_types"] or "").split(",")) == ["energie", "huur"]


def test_vs_stored_signals_are_linked_to_the_case_delivered_later(cli):
    """exports.md signals: each signal carries the signal_case_id of the case behind it ("the individual
    signals behind the cases"); the February case references the stored January signals by ID."""
    _january_signals_february_case(cli)
    (case,) = cli.rows("select signal_case_id from signal_cases")
    linked = cli.rows("select signal_id, signal_case_id from signals order by signal_id")
    assert [s["signal_case_id"] for s in linked] == [case["signal_case_id"]] * 2


# ------------------------------------------------------------------------------- SHV: location of an error


def test_closing_from_trajectory_einddatum_before_registration_names_the_einddatum_field(cli):
    """README "Where a problem is": in a DDAS delivery `column` is the field path inside the record. A
    trajectory without `uitstroom` takes closed_on from its `einddatum` (exports.md: "`uitstroom.datum`,
    else the trajectory's `einddatum`"); when that date lies before the registration the row error must name
    `einddatum`, the field that holds the bad value, not `uitstroom.datum`, which the record does not have."""
    trajectory = {
        "startdatum": "2025-01-10", "einddatum": "2025-01-05", "gemeentecode": "GM0518",
        "aanmelding": {"crisisinterventie": False, "startdatum": "2025-01-10"},
        "client": [{"Burgerservicenummer": "123456789"}],
    }  # fmt: skip
    _, out = cli.import_doc(shv_doc(trajectory), "shv.json")
    assert out["rows_rejected"] == 1
    (error,) = out["errors"]
    assert (error["sheet"], error["row"], error["value"]) == ("leveringen[0].schuldhulptrajecten[0]", 1, "2025-01-05")
    assert error["column"] == "einddatum"
