"""``python -m connectors``: the import pipeline without a browser (see exports.md, "Command line").

    python -m connectors import FILE [FILE ...] [--dataset NAME] [--profile NAME] [--db URL] [--json]
    python -m connectors batches [--db URL] [--json]
    python -m connectors undo BATCH [--db URL] [--json]
    python -m connectors findings [--batch N] [--db URL] [--json]
    python -m connectors profiles [--db URL] [--json]
    python -m connectors save-profile NAME FILE.json [--db URL]
    python -m connectors seed-samples [--db URL]

Messages for people are Dutch; ``--json`` prints machine-readable output. ``import`` exits 1 when any
file is rejected as a whole.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from config import settings
from config.cli import DutchArgumentParser, with_database_errors
from connectors import profiles as profiles_mod
from connectors.model import Issue
from connectors.pipeline import FileResult, import_file
from store import db, gateway
from store.schema import DATASETS

SAMPLES = Path(__file__).resolve().parent.parent / "sample_exports" / "files"
SAMPLE_SUFFIXES = {".xlsx", ".xls", ".csv", ".json", ".ods", ".xlsm"}


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="python -m connectors", description="Exports importeren in de SHV Dashboard-database."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=DutchArgumentParser)
    imp = sub.add_parser("import", help="een of meer exportbestanden importeren")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--dataset", choices=sorted(DATASETS), help="dataset afdwingen in plaats van herkennen")
    imp.add_argument("--profile", help="koppelprofiel (meegeleverd of opgeslagen)")
    for name in ("batches", "undo", "findings", "profiles", "save-profile", "seed-samples"):
        p = sub.add_parser(name)
        if name == "undo":
            p.add_argument("batch", type=int, metavar="BATCH")
        if name == "findings":
            p.add_argument("--batch", type=int)
        if name == "save-profile":
            p.add_argument("name")
            p.add_argument("file", type=Path)
        p.add_argument("--db", help="SQLAlchemy-URL (standaard: SHV_DATABASE_URL of de ingebouwde SQLite)")
        p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    imp.add_argument("--db", help="SQLAlchemy-URL (standaard: SHV_DATABASE_URL of de ingebouwde SQLite)")
    imp.add_argument("--json", action="store_true", help="één JSON-object per bestand")
    return parser


def _print_result(result: FileResult) -> None:
    stream = sys.stderr if result.rejected else sys.stdout
    print(("AFGEWEZEN: " if result.rejected else "") + result.message, file=stream)
    for issue in result.errors[:50]:
        where = _location(issue)
        print(f"  fout{' (' + where + ')' if where else ''}: {issue.message}", file=stream)
    if len(result.errors) > 50:
        print(f"  … en nog {len(result.errors) - 50} fouten (gebruik --json voor de volledige lijst)", file=stream)


def _location(issue: Issue) -> str:
    """Where an error is, in the steward's words: sheet, row and column of a spreadsheet; the record's path
    and field of a DDAS delivery (its ``sheet`` is a JSON path such as ``leveringen[0].vroegsignalen[3]``)."""
    if issue.sheet and "[" in issue.sheet:
        parts = (f"record {issue.sheet}", f"veld '{issue.column}'" if issue.column else "")
    else:
        parts = (
            f"blad '{issue.sheet}'" if issue.sheet else "",
            f"rij {issue.row}" if issue.row else "",
            f"kolom '{issue.column}'" if issue.column else "",
        )
    return ", ".join(p for p in parts if p)


def _progress(name: str) -> object:
    def report(stage: str, fraction: float) -> None:
        print(f"  {name}: {stage} ({fraction:.0%})", file=sys.stderr, flush=True)

    return report


def cmd_import(args: argparse.Namespace) -> int:
    any_rejected = False
    total = len(args.files)
    for n, file in enumerate(args.files, 1):
        progress = None if args.json else _progress(f"[{n}/{total}] {Path(file).name}")
        result = import_file(file, dataset=args.dataset, profile=args.profile, url=args.db, progress=progress)
        any_rejected |= result.rejected
        if args.json:
            print(json.dumps(result.as_json(), ensure_ascii=False, default=str), flush=True)
        else:
            _print_result(result)
    return 1 if any_rejected else 0


def cmd_batches(args: argparse.Namespace) -> int:
    batches = gateway.list_batches(db.ready_engine(args.db))
    if args.json:
        print(json.dumps(batches, ensure_ascii=False, default=str))
        return 0
    if not batches:
        print("Nog geen imports.")
    for b in batches:
        print(
            f"{b['id']:>5}  {b['created_at']:%d-%m-%Y %H:%M}  {b['status']:<9} {b['dataset']:<13} "
            f"{b['rows_loaded']:>7} rijen  {b['file_name']}  ({b['created_by']})"
        )
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    try:
        outcome = gateway.undo_batch(db.ready_engine(args.db), args.batch, settings.current_user())
    except gateway.UndoError as exc:
        print(
            json.dumps({"batch": args.batch, "error": str(exc)}) if args.json else f"AFGEWEZEN: {exc}", file=sys.stderr
        )
        return 1
    if args.json:
        print(json.dumps(outcome))
    else:
        print(
            f"Batch {args.batch} is ongedaan gemaakt: {outcome['records_removed']} records verwijderd, "
            f"{outcome['records_restored']} records hersteld."
        )
    return 0


def cmd_findings(args: argparse.Namespace) -> int:
    rows = gateway.list_findings(db.ready_engine(args.db), batch_id=args.batch)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, default=str))
        return 0
    for r in rows:
        print(f"[{r['severity']}] {r['file_name']} rij {r['row'] or '-'}: {r['message']}")
    print(f"{len(rows)} openstaande meldingen.")
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    saved = gateway.saved_profiles(db.ready_engine(args.db))
    shipped = profiles_mod.shipped()
    listing = {
        **{n: profiles_mod.to_dict(p) | {"bron": "meegeleverd"} for n, p in shipped.items()},
        **{n: d | {"bron": "opgeslagen"} for n, d in saved.items()},
    }
    if args.json:
        print(json.dumps(listing, ensure_ascii=False))
    else:
        for name, d in sorted(listing.items()):
            print(f"{name:<20} {d.get('dataset') or '-':<13} {d['bron']:<12} {d.get('description', '')}")
    return 0


def cmd_save_profile(args: argparse.Namespace) -> int:
    try:
        raw = json.loads(args.file.read_text(encoding="utf-8"))
        profile = profiles_mod.from_dict(args.name, raw)
    except (OSError, json.JSONDecodeError, profiles_mod.ProfileError) as exc:
        print(f"AFGEWEZEN: {args.file}: {exc}", file=sys.stderr)
        return 1
    if not profile.dataset:
        print("AFGEWEZEN: een opgeslagen profiel moet een dataset noemen.", file=sys.stderr)
        return 1
    gateway.save_profile(
        db.ready_engine(args.db),
        args.name,
        profile.dataset,
        profiles_mod.to_dict(profile),
        settings.current_user(),
        profile.description,
    )
    print(f"Koppelprofiel '{args.name}' opgeslagen.")
    return 0


def sample_files() -> list[Path]:
    """The committed sample exports in import order (file names sort chronologically)."""
    return sorted(
        (p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES),
        key=lambda p: (p.name, str(p)),
    )


def cmd_seed_samples(args: argparse.Namespace) -> int:
    engine = db.ready_engine(args.db)
    if gateway.list_batches(engine, include_undone=True):
        print("De database bevat al imports; voorbeeldexports niet opnieuw geladen.")
        return 0
    files = sample_files()
    if not files:
        print(f"Geen voorbeeldexports gevonden in {SAMPLES}.", file=sys.stderr)
        return 1
    print(f"Voorbeeldexports importeren ({len(files)} bestanden) …", flush=True)
    rejected = 0
    for n, path in enumerate(files, 1):
        result = import_file(path, url=args.db)
        rejected += result.rejected
        print(f"[{n}/{len(files)}] {result.message}", flush=True)
    print("Klaar." if not rejected else f"Klaar, {rejected} bestanden afgewezen.")
    return 1 if rejected else 0


COMMANDS = {
    "import": cmd_import,
    "batches": cmd_batches,
    "undo": cmd_undo,
    "findings": cmd_findings,
    "profiles": cmd_profiles,
    "save-profile": cmd_save_profile,
    "seed-samples": cmd_seed_samples,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return with_database_errors(lambda: COMMANDS[args.command](args), getattr(args, "db", None))
