"""Generate the sample exports of the fictional shared service "Sociaal Domein Dijkland".

    .venv/bin/python -m sample_exports.generate [--out DIR] [--seed SEED] [--expected FILE]

Same seed, same bytes: every random draw comes from a seeded stream and every timestamp inside a file
(run dates, workbook properties, zip entries) is derived from the data. See ``sample_exports/README.md``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from collections import Counter
from pathlib import Path

from sample_exports import cases, other, signals
from sample_exports.output import Output
from sample_exports.simulate import FIRST_DAY, LAST_DAY, World, simulate

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "files"
DEFAULT_EXPECTED = HERE / "expected.json"
DEFAULT_SEED = "2025"
WRITERS = (
    cases.stratech_cases,
    cases.allegro_cases,
    cases.suite_intake,
    cases.ddas_shv,
    signals.ddas_vs,
    signals.vps,
    other.kto,
    other.staffing,
    other.snapshots_noord,
    other.snapshots_zuid,
)


def _by_year(items: list[tuple[int, str]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for (year, key), n in sorted(Counter(items).items()):
        out.setdefault(str(year), {})[key] = n
    return out


def expected_summary(world: World, out: Output) -> dict[str, object]:
    """Ground truth for end-to-end checks of the importer and the KPIs (counts, not records)."""
    in_range = [c for c in world.cases if FIRST_DAY <= c.registered_on <= LAST_DAY]
    zaken = world.signal_cases
    return {
        "seed": world.seed,
        "period": [FIRST_DAY.isoformat(), LAST_DAY.isoformat()],
        "files": dict(sorted(Counter(family for family, _ in out.written).items())),
        "cases": {
            "registered_per_year_and_team": _by_year([(c.registered_on.year, c.team) for c in in_range]),
            "registered_per_year_and_municipality": _by_year(
                [(c.registered_on.year, c.municipality) for c in in_range]
            ),
            "crisis_per_year": _by_year([(c.registered_on.year, "crisis") for c in in_range if c.crisis]),
            "open_on_last_day_per_team": dict(
                sorted(Counter(c.team for c in world.cases if c.is_open(LAST_DAY)).items())
            ),
            "reopened_case_ids": sorted(c.key for c in world.cases if c.reopen and c.reopen[2] <= LAST_DAY),
            "registered_before_2023_in_exports": sum(
                1 for c in world.cases if c.registered_on < FIRST_DAY and c.closure_on(FIRST_DAY)[0] is None
            ),
        },
        "signal_cases": {
            "matched_per_year_and_municipality": _by_year([(z.matched_on.year, z.municipality) for z in zaken]),
            "multiple_per_year": _by_year([(z.matched_on.year, "meervoudig") for z in zaken if len(z.signals) > 1]),
        },
        "signals": {
            "received_per_year_and_municipality": _by_year(
                [(s.received_on.year, s.municipality) for z in zaken for s in z.signals]
            ),
            "note": "9904 (VPS) delivers signal cases only; its signals are not in any file.",
        },
        "satisfaction": {"responses_per_year": _by_year([(r.responded_on.year, "responses") for r in world.responses])},
        "staffing_rows": len(world.staffing),
        "snapshot_differences": out.differences,
    }


def generate(out_dir: Path = DEFAULT_OUT, seed: str | int = DEFAULT_SEED, expected: Path | None = None) -> Output:
    """Write every sample export into ``out_dir`` (its year folders are replaced) and, when asked, the
    ground-truth summary to ``expected``."""
    out_dir = Path(out_dir)
    for year_dir in out_dir.glob("20[0-9][0-9]"):
        if year_dir.is_dir():
            shutil.rmtree(year_dir)
    world = simulate(seed)
    out = Output(out_dir)
    for writer in WRITERS:
        writer(out, world)
    if expected is not None:
        summary = expected_summary(world, out)
        expected.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Genereer de voorbeeldexports van Sociaal Domein Dijkland.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="map voor de bestanden")
    parser.add_argument("--seed", default=DEFAULT_SEED, help="seed van de simulatie (standaard 2025)")
    parser.add_argument(
        "--expected",
        type=Path,
        default=None,
        help="pad voor expected.json (standaard naast de bestanden als --out de standaardmap is)",
    )
    args = parser.parse_args(argv)
    expected = args.expected or (DEFAULT_EXPECTED if args.out == DEFAULT_OUT else None)
    started = time.perf_counter()
    out = generate(args.out, args.seed, expected)
    size = sum((args.out / rel).stat().st_size for _, rel in out.written)
    print(f"{len(out.written)} bestanden, {size / 1e6:.1f} MB in {args.out} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
