"""Import benchmark (issue 2): the full pipeline against bare readers, measured in the same run.

1. A 100,000-row Excel export of cases: full pipeline to committed rows, against a bare
   ``pandas.read_excel(engine="calamine")`` and a bare openpyxl read. Target: at most 2x calamine.
2. A 1,000,000-row ';'-separated CSV export of cases: full pipeline to committed rows in SQLite, against
   a bare pyarrow-engine ``read_csv`` plus a bare ``executemany`` of the same rows. Target: at most 2x
   their sum.
3. Peak memory of the 1M-row import: under 2 GiB.

Each measurement runs in its own process (cold start, its own peak memory). Figures are ratios.
Usage: python bench/bench_import.py [--rows-excel N] [--rows-csv N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
HEADERS = [
    "Dossiernummer",
    "Cliëntnummer",
    "Gemeente",
    "Team",
    "Consulent",
    "Datum aanmelding",
    "Crisis",
    "Datum eerste gesprek",
    "Datum beschikking",
    "Besluit",
    "Datum PvA",
    "Datum indienen schuldregeling",
    "Datum toekenning",
    "Dwangakkoord",
    "Soort oplossing",
    "Datum afsluiting",
    "Reden afsluiting",
    "Totale schuld",
    "Aantal schuldeisers",
]
REASONS = ["Afgerond", "Zelf geregeld", "Ingetrokken", "Niet verschenen", "Voldoet niet", "Verhuisd", "Overig"]
TEAMS = ["Schuldhulp Noord", "Schuldhulp Zuid"]
MUNIS = ["Dijkwaard", "Veenhoven", "Lindebroek", "Hoogmeer"]


def _rows(n: int, seed: int = 7):
    rnd = random.Random(seed)
    start = dt.date(2019, 1, 1)
    for i in range(n):
        reg = start + dt.timedelta(days=rnd.randrange(0, 7 * 365))
        first = reg + dt.timedelta(days=rnd.randrange(1, 45)) if rnd.random() < 0.9 else None
        dec = first + dt.timedelta(days=rnd.randrange(10, 70)) if first and rnd.random() < 0.8 else None
        plan = dec + dt.timedelta(days=rnd.randrange(5, 40)) if dec else None
        sub = plan + dt.timedelta(days=rnd.randrange(30, 200)) if plan and rnd.random() < 0.5 else None
        grant = sub + dt.timedelta(days=rnd.randrange(20, 120)) if sub and rnd.random() < 0.7 else None
        # as in real exports, almost every case older than two years has been closed
        closed_share = 0.98 if reg < dt.date(2024, 1, 1) else 0.5
        closed = reg + dt.timedelta(days=rnd.randrange(30, 700)) if rnd.random() < closed_share else None
        yield [
            f"D{i:07d}",
            str(100000 + rnd.randrange(0, n)),
            MUNIS[i % 4],
            TEAMS[i % 2],
            f"Consulent {i % 20:02d}",
            reg,
            "Ja" if rnd.random() < 0.1 else "Nee",
            first,
            dec,
            ("Toegelaten" if rnd.random() < 0.85 else "Afgewezen") if dec else "",
            plan,
            sub,
            grant,
            "J" if grant and rnd.random() < 0.2 else "N",
            "Schuldbemiddeling" if grant else "",
            closed,
            rnd.choice(REASONS) if closed else "",
            f"{rnd.randrange(500, 90000)},{rnd.randrange(0, 99):02d}",
            rnd.randrange(1, 40),
        ]


def _fmt(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.strftime("%d-%m-%Y")
    return str(v)


def make_csv(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(";".join(HEADERS) + "\r\n")
        for row in _rows(n):
            fh.write(";".join(_fmt(v) for v in row) + "\r\n")


def make_xlsx(path: Path, n: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Dossiers")
    ws.append(["Dossiers schuldhulpverlening"])
    ws.append(["Rundatum: 31-12-2025 07:02"])
    ws.append([])
    ws.append(HEADERS)
    for row in _rows(n):
        ws.append([v if v is not None else None for v in row])
    ws.append(["Totaal", n])
    wb.save(path)


# ---------------------------------------------------------------- measured tasks (run in a child process)


def task_pipeline(path: str, db_path: str) -> dict:
    os.environ["SHV_PSEUDONYM_KEY"] = "bench-" + "k" * 40
    Path(db_path).unlink(missing_ok=True)
    url = f"sqlite:///{db_path}"
    from connectors.pipeline import import_file
    from store import db

    db.ready_engine(url)  # schema creation is set-up, not import
    t = time.perf_counter()
    result = import_file(path, url=url)
    seconds = time.perf_counter() - t
    assert not result.rejected and result.rows_loaded > 0, result.message
    return {"seconds": seconds, "rows_loaded": result.rows_loaded, "errors": len(result.errors)}


def task_calamine(path: str, _db: str) -> dict:
    import pandas as pd

    t = time.perf_counter()
    frame = pd.read_excel(path, engine="calamine", header=3)
    return {"seconds": time.perf_counter() - t, "rows": len(frame)}


def task_openpyxl(path: str, _db: str) -> dict:
    import openpyxl

    t = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    return {"seconds": time.perf_counter() - t, "rows": count}


def task_csv_baseline(path: str, db_path: str) -> dict:
    """Bare pyarrow read_csv plus a bare executemany of the same rows into an equivalent SQLite table."""
    import sqlite3

    import pandas as pd

    Path(db_path).unlink(missing_ok=True)
    t = time.perf_counter()
    frame = pd.read_csv(path, sep=";", engine="pyarrow", dtype=str)
    read_s = time.perf_counter() - t
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    cols = ", ".join(f'"c{i}" TEXT' for i in range(len(frame.columns)))
    conn.execute(f"CREATE TABLE t ({cols}, PRIMARY KEY (c0))")
    rows = list(frame.itertuples(index=False, name=None))
    t2 = time.perf_counter()
    marks = ", ".join("?" * len(frame.columns))
    conn.executemany(f"INSERT INTO t VALUES ({marks})", rows)
    conn.commit()
    insert_s = time.perf_counter() - t2
    return {"seconds": read_s + insert_s, "read": read_s, "insert": insert_s, "rows": len(frame)}


TASKS = {
    "pipeline": task_pipeline,
    "calamine": task_calamine,
    "openpyxl": task_openpyxl,
    "csv_baseline": task_csv_baseline,
}


def _child(task: str, path: Path, db_path: Path) -> dict:
    code = (
        f"import json, resource, sys; sys.path.insert(0, {str(ROOT)!r}); import bench.bench_import as b; "
        f"out = b.TASKS[{task!r}]({str(path)!r}, {str(db_path)!r}); "
        "out['peak_mib'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; print(json.dumps(out))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{task} mislukt:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _nl(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows-excel", type=int, default=100_000)
    parser.add_argument("--rows-csv", type=int, default=1_000_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    xlsx = OUT / f"cases_{args.rows_excel}.xlsx"
    csv = OUT / f"cases_{args.rows_csv}.csv"
    if not xlsx.exists():
        print(f"Excel-bestand maken ({args.rows_excel} rijen) …", flush=True)
        make_xlsx(xlsx, args.rows_excel)
    if not csv.exists():
        print(f"CSV-bestand maken ({args.rows_csv} rijen) …", flush=True)
        make_csv(csv, args.rows_csv)
    db_path = OUT / "bench.sqlite"

    print(f"\n(1) Excel, {_nl(args.rows_excel)} rijen")
    cal = _child("calamine", xlsx, db_path)
    opx = _child("openpyxl", xlsx, db_path)
    pipe = _child("pipeline", xlsx, db_path)
    ratio = pipe["seconds"] / cal["seconds"]
    print(f"  baseline pandas.read_excel(calamine): {cal['seconds']:.2f} s")
    print(
        f"  baseline openpyxl (read-only):        {opx['seconds']:.2f} s  = "
        f"{opx['seconds'] / cal['seconds']:.1f}x calamine"
    )
    print(
        f"  volledige import tot commit:          {pipe['seconds']:.2f} s  = {ratio:.2f}x calamine (doel <= 2x) "
        f"{'OK' if ratio <= 2 else 'TE LANGZAAM'}"
    )

    print(f"\n(2) CSV ';', {_nl(args.rows_csv)} rijen, SQLite")
    base = _child("csv_baseline", csv, db_path)
    pipe = _child("pipeline", csv, db_path)
    ratio = pipe["seconds"] / base["seconds"]
    print(
        f"  baseline pyarrow read_csv + executemany: {base['seconds']:.2f} s "
        f"(lezen {base['read']:.2f} s, invoegen {base['insert']:.2f} s)"
    )
    print(
        f"  volledige import tot commit:             {pipe['seconds']:.2f} s  = {ratio:.2f}x baseline (doel <= 2x) "
        f"{'OK' if ratio <= 2 else 'TE LANGZAAM'}"
    )
    print(
        f"\n(3) piekgeheugen import 1M rijen: {pipe['peak_mib']:.0f} MiB (doel < 2048 MiB) "
        f"{'OK' if pipe['peak_mib'] < 2048 else 'TE VEEL'}"
    )


if __name__ == "__main__":
    main()
