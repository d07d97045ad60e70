"""Page benchmark (issue 4): every page's script run with AppTest on 1,000,000 cases and 1,000,000 signal
cases in SQLite (the store of bench/bench_metrics.py, built there and cached in bench/out/).

Per page, in its own process: the modules are imported first (a running server has them), then
- cold: the first script run, every cache empty (a new server, or the first view after an import);
- warm: the same run again, the figures from the cache (a filter or page switch in the meeting).
Targets: 1.5 s cold, 0.3 s warm. The baseline, measured in the same process, is AppTest running a script
that only writes a title: what AppTest itself costs. Figures are printed as seconds and as ratios.
Usage: python bench/bench_pages.py [--cases N] [--signal-cases N] [--repeat K (default 3: one cold run is noisy)]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_metrics as store_bench  # noqa: E402 - after the path set-up

OUT = ROOT / "bench" / "out"
COLD_TARGET, WARM_TARGET = 1.5, 0.3
DATA_THROUGH = "2025-12-31"

CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
import pandas, plotly.graph_objects, streamlit  # what a running server has imported
from streamlit.testing.v1 import AppTest
import config.access, metrics.compute, metrics.drilldown, metrics.overview, ui.data, ui.charts, ui.filters
import store.db
store.db.ready_engine({url!r})  # migrations checked once, as the server does at start
page = {page!r}
def timed(app):
    t = time.perf_counter(); app.run(timeout=300); return time.perf_counter() - t
baseline = AppTest.from_string("import streamlit as st\nst.title('x')")
timed(baseline)
base = min(timed(baseline) for _ in range(3))
app = AppTest.from_file(page, default_timeout=300)
cold = timed(app)
if app.exception:
    raise SystemExit(str(app.exception))
warm = min(timed(app) for _ in range(3))
print(json.dumps({{"cold": cold, "warm": warm, "baseline": base, "metrics": len(app.metric),
                   "empty": any("Nog geen gegevens" in i.value for i in app.info)}}))
"""


def ensure_batch(db_path: Path) -> None:
    """The bulk-loaded benchmark store has no import batch; the pages need one for "data t/m"."""
    with sqlite3.connect(db_path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "import_batches" not in tables:
            return
        if conn.execute("SELECT count(*) FROM import_batches WHERE status = 'geladen'").fetchone()[0]:
            return
        for dataset in ("cases", "signal_cases", "signals", "satisfaction", "staffing", "case_guidance"):
            conn.execute(
                "INSERT INTO import_batches (created_at, created_by, file_name, file_hash, dataset, source_format,"
                " rows_read, rows_loaded, rows_rejected, findings, data_through, status)"
                " VALUES (?, 'bench', 'bench', ?, ?, 'bench', 0, 0, 0, 0, ?, 'geladen')",
                (datetime(2026, 1, 1, 7, 0).isoformat(sep=" "), f"bench-{dataset}", dataset, DATA_THROUGH),
            )


def refresh_indexes(db_path: Path) -> list[str]:
    """Recreate the indexes of the cached store that differ from the models' (a store built before a
    migration changed an index would measure a plan the product no longer has). Returns their names."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex

    from store.models import metadata

    wanted = {
        index.name: str(CreateIndex(index).compile(dialect=sqlite.dialect())).strip()
        for table in metadata.tables.values()
        for index in table.indexes
    }
    changed = []
    with sqlite3.connect(db_path) as conn:
        have = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
        for name, sql in wanted.items():
            if " ".join(have.get(name, "").split()) != " ".join(sql.split()):
                conn.execute(f'DROP INDEX IF EXISTS "{name}"')
                conn.execute(sql)
                changed.append(name)
    return changed


def measure(page: Path, db_path: Path) -> dict:
    env = store_bench._env() | {"SHV_DATABASE_URL": f"sqlite:///{db_path}", "SHV_ROLE": "beheerder"}
    code = CHILD.format(root=str(ROOT), url=f"sqlite:///{db_path}", page=str(page))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)  # fmt: skip
    if proc.returncode:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1][:300]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--signal-cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="processes per page (the median is reported)")
    parser.add_argument("--page", action="append", help="only these page files (name or stem)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db_path = OUT / f"metrics_{args.cases}_{args.signal_cases}.sqlite"
    folder = OUT / f"metrics_{args.cases}_{args.signal_cases}_parquet"
    if not db_path.exists():
        print(f"Store maken: {args.cases:,} dossiers, {args.signal_cases:,} vroegsignaalzaken …", flush=True)
        store_bench._setup_child(db_path, folder, args.cases, args.signal_cases)
    subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); import store.db; "
                    f"store.db.ready_engine('sqlite:///{db_path}')"], cwd=ROOT, env=store_bench._env(), check=True)
    ensure_batch(db_path)
    rebuilt = refresh_indexes(db_path)
    if rebuilt:
        print(f"Indexen bijgewerkt naar de modellen: {', '.join(rebuilt)}")
    pages = sorted((ROOT / "pages").glob("[0-9][0-9]_*.py"))
    if args.page:
        pages = [p for p in pages if p.name in args.page or p.stem in args.page]
    print(f"Pagina's met AppTest op {args.cases:,} dossiers (doel: koud <= {COLD_TARGET} s, warm <= {WARM_TARGET} s)")
    print(f"{'pagina':<32} {'koud s':>7} {'warm s':>7} {'koud/basis':>10} {'warm/basis':>10}  oordeel")
    results = {}
    for page in pages:
        runs = [measure(page, db_path) for _ in range(args.repeat)]
        failed = [r for r in runs if "error" in r]
        if failed:
            print(f"{page.stem:<32} FOUT: {failed[0]['error']}")
            results[page.stem] = failed[0]
            continue
        runs.sort(key=lambda r: r["cold"])
        r = runs[len(runs) // 2]
        ok = r["cold"] <= COLD_TARGET and r["warm"] <= WARM_TARGET and not r["empty"]
        verdict = "OK" if ok else ("LEEG" if r["empty"] else "TE LANGZAAM")
        print(f"{page.stem:<32} {r['cold']:7.2f} {r['warm']:7.3f} {r['cold'] / r['baseline']:10.0f}x "
              f"{r['warm'] / r['baseline']:9.0f}x  {verdict}")  # fmt: skip
        results[page.stem] = r
    base = [r["baseline"] for r in results.values() if "baseline" in r]
    if base:
        print(f"(basis: AppTest met een lege pagina {min(base) * 1000:.0f} ms)")
    (OUT / "bench_pages.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"Resultaten: {OUT / 'bench_pages.json'}")


if __name__ == "__main__":
    main()
