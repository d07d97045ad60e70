"""``python -m metrics report``: the council report or the annual report as a file, without a browser.

    python -m metrics report --quarter 2025-Q3 --out FILE      (the council report)
    python -m metrics report --year 2025 --out FILE            (the annual report)

``FILE`` ends in ``.xlsx`` or ``.docx``. Optional: ``--db URL`` (else ``SHV_DATABASE_URL``, else the
embedded SQLite file), ``--team``, ``--municipality`` (a CBS code), and for the annual report ``--live``
(compute the figures now even when the year has been frozen; without it a frozen report keeps its numbers).
Every report is written down in the export log.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from config import access, settings
from metrics import annual_report, council_report, freeze, notes
from metrics.compute import resolve_engine
from metrics.periods import Period, PeriodError

EXIT_USAGE = 2
EXIT_WRITE = 1  # the report was computed but could not be written


def _quarter(text: str) -> Period:
    try:
        return council_report.parse_quarter(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _year(text: str) -> Period:
    try:
        return annual_report.parse_year(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _municipality(text: str) -> str:
    code = text.strip().upper().removeprefix("GM").zfill(4)
    if not code.isdigit() or len(code) != 4:
        raise argparse.ArgumentTypeError(f"Onbekende gemeentecode '{text}': gebruik de CBS-code, bijvoorbeeld 0518.")
    return code


def _council(args: argparse.Namespace, today: date | None) -> tuple[object, str]:
    report = council_report.build(
        args.db, args.quarter, team=args.team, municipality=args.municipality,
        viewer_scope=access.current_viewer().scope, today=today,
    )  # fmt: skip
    return council_report.document(report), "raadsrapportage"


def _annual(args: argparse.Namespace, today: date | None) -> tuple[object, str]:
    engine = resolve_engine(args.db)
    scope = council_report.report_scope(access.current_viewer().scope, args.team, args.municipality)
    kept = None if args.live else freeze.latest(engine, args.year.year, scope)
    thresholds = annual_report.thresholds(engine)
    if kept is not None:
        print(f"Bevroren jaarverslag: {kept.status}", file=sys.stderr)
        return annual_report.document(kept.figures, thresholds, kept.status), "jaarverslag (bevroren)"
    figures = annual_report.compute(
        engine, args.year, team=args.team, municipality=args.municipality, viewer_scope=scope, today=today
    )
    return annual_report.document(figures, thresholds), "jaarverslag"


def run_report(args: argparse.Namespace) -> int:
    import reports  # the writers (openpyxl, python-docx, matplotlib) only when a report is asked for

    out = Path(args.out)
    try:
        suffix = reports.check_suffix(out)
    except reports.ReportFormatError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not out.parent.exists():
        print(f"Fout: de map {out.parent} bestaat niet.", file=sys.stderr)
        return EXIT_USAGE
    if out.is_dir():
        print(f"Fout: {out} is een map; geef de naam van het bestand dat geschreven moet worden.", file=sys.stderr)
        return EXIT_USAGE
    today = date.fromisoformat(args.today) if args.today else None
    document, what = _council(args, today) if args.quarter else _annual(args, today)
    try:
        out.write_bytes(reports.render(document, suffix))  # type: ignore[arg-type]
    except OSError as exc:  # no permission, a full disk, a read-only folder
        print(f"Fout: {out} kan niet worden geschreven ({exc.strerror or exc}).", file=sys.stderr)
        return EXIT_WRITE
    viewer = access.current_viewer()
    detail = f"{document.period} · {document.filters} · {out.name} (opdrachtregel)"  # type: ignore[attr-defined]
    notes.log_export(args.db, settings.current_user(), viewer.role.value, what, detail)
    print(f"{out} geschreven: {document.title}.")  # type: ignore[attr-defined]
    return 0


def add_report(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report", help="de raadsrapportage (--quarter) of het jaarverslag (--year) als bestand"
    )
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--quarter", type=_quarter, help="kwartaal van de raadsrapportage, bijvoorbeeld 2025-Q3")
    which.add_argument("--year", type=_year, help="jaar van het jaarverslag, bijvoorbeeld 2025")
    report.add_argument("--out", required=True, help="bestand .xlsx of .docx")
    report.add_argument("--db", help="SQLAlchemy-URL (standaard SHV_DATABASE_URL of de ingebouwde SQLite)")
    report.add_argument("--team", help="alleen dit team")
    report.add_argument("--municipality", type=_municipality, help="alleen deze gemeente (CBS-code)")
    report.add_argument("--live", action="store_true", help="jaarverslag: nu berekenen, ook als het bevroren is")
    report.add_argument("--today", help=argparse.SUPPRESS)  # for tests: the date that decides 'not over yet'
    report.set_defaults(handler=run_report)
