"""The command-line contract of ``exports.md`` checked end to end, as the automation uses it.

Export files written as a data steward has them (Dutch headers, a title block, ``sep=;``, day-first dates,
a DDAS VS delivery) are loaded with ``python -m connectors import … --json``; ``python -m metrics kpis`` and
``python -m metrics report`` then run as separate processes. Every expected figure is computed by hand from
``kpi-catalogue.md`` in the comments. The tests touching the store run on SQLite and PostgreSQL (``db_url``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from metrics import cli
from metrics.registry import KPIS

ROOT = Path(__file__).resolve().parent.parent
N = None
ALL_IDS = [k.id for k in KPIS]


def python_m(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          check=False)  # fmt: skip


def import_files(url: str, *files: Path) -> list[dict]:
    proc = python_m("connectors", "import", *map(str, files), "--db", url, "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert all(r["rows_rejected"] == 0 and not r["errors"] for r in results), results
    return results


def kpis(url: str, period: str, *extra: str) -> list[dict]:
    proc = python_m("metrics", "kpis", "--period", period, "--db", url, *extra)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


def figures(rows: list[dict], key: str | None = None) -> dict:
    """kpi (or (kpi, group)) -> (value, numerator, denominator)."""
    return {(r["kpi"] if key is None else (r["kpi"], r[key])): (r["value"], r["numerator"], r["denominator"])
            for r in rows}  # fmt: skip


def assert_figures(got: dict, expected: dict) -> None:
    for name, (value, numerator, denominator) in expected.items():
        g = got[name]
        assert g[1:] == (numerator, denominator), name
        assert g[0] == (pytest.approx(value) if value is not None else None), name


# ------------------------------------------------------------------------------------------------ errors
UNREACHABLE = "postgresql+psycopg://shv:geheim@127.0.0.1:1/bestaat_niet"


@pytest.mark.parametrize("url", [UNREACHABLE, "sqlite:////bestaat/niet/map/shv.sqlite"])
def test_an_unreachable_database_is_a_dutch_message_not_a_traceback(url: str, tmp_path: Path) -> None:
    # The task's contract: bad input gives a Dutch message and a non-zero exit code, no traceback. A
    # PostgreSQL server that refuses the connection and an SQLite file in a folder that does not exist gave
    # SQLAlchemy's OperationalError with its whole traceback (exit 1 by accident of the uncaught exception).
    for args in (["kpis", "--period", "2025-Q2"], ["report", "--quarter", "2025-Q2", "--out", str(tmp_path / "r.xlsx")]):
        proc = python_m("metrics", *args, "--db", url)
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout == ""
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("Fout: de database ")
        assert "niet bereikbaar" in proc.stderr
        assert "geheim" not in proc.stderr  # the password is not printed
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize("url", ["geen-url", "mysql://x@127.0.0.1/shv"])
def test_a_database_url_that_cannot_be_used_is_a_usage_error(url: str, capsys) -> None:
    # Not an SQLAlchemy URL (ArgumentError) or a database kind without a driver (ModuleNotFoundError): both
    # ended in a traceback. Now a Dutch message and the usage exit code 2.
    assert cli.main(["kpis", "--period", "2025-Q2", "--db", url]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("Fout: ") and ("geen geldige database-URL" in err or "stuurprogramma" in err)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2025-Q3", "--year", "2025"], "fout: argument --year: gaat niet samen met argument --quarter"),
        ([], "fout: een van deze argumenten is verplicht: --quarter --year"),
    ],
)
def test_report_argument_errors_are_dutch(args: list[str], message: str, tmp_path: Path, capsys) -> None:
    # argparse's 'not allowed with argument' and 'one of the arguments … is required' were left in English.
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["report", *args, "--out", str(tmp_path / "r.xlsx")])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
