"""Command line of the metrics layer (``python -m metrics``), as ``exports.md`` describes it.

    python -m metrics kpis --period PERIOD [--by team|municipality|consultant] [--db URL] [--format json|csv]

``--format`` defaults to ``json``: one JSON list of objects with ``kpi``, ``period``, the breakdown key
(``team``, ``municipality`` as its four-digit CBS code, or ``consultant``) when ``--by`` is given,
``value``, ``numerator`` and ``denominator`` (null where a KPI has none or cannot be computed). Every KPI
of the registry is in the output. ``csv`` gives the same columns, empty for null.
The database comes from ``--db``, else ``SHV_DATABASE_URL``, else the embedded SQLite file. Bad input is a
Dutch message on stderr without a traceback: a bad argument or database URL exits with 2, a database that
cannot be reached or opened with 1.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date

from config.cli import EXIT_USAGE, DutchArgumentParser, with_database_errors
from metrics.compute import KpiResult, compute_all
from metrics.periods import Period, PeriodError
from metrics.registry import KPIS
from metrics.report_cli import add_report
from store.metrics_queries import Dim


def result_row(result: KpiResult) -> dict[str, object]:
    """One output object: the contract of ``exports.md``."""
    row: dict[str, object] = {"kpi": result.kpi, "period": str(result.period)}
    if result.by is not None:
        row[result.by.value] = result.group
    row["value"] = result.value
    row["numerator"] = result.numerator
    row["denominator"] = result.denominator
    return row


def with_every_kpi(rows: list[dict[str, object]], period: Period, by: str | None) -> list[dict[str, object]]:
    """``rows`` with a row of nulls for every KPI of the registry that has none.

    A breakdown without any group (by consultant, for a period before the first case) gives a KPI no
    row at all; the contract wants every KPI in the output, with ``value`` null where it cannot be computed.
    """
    present = {row["kpi"] for row in rows}
    missing = {
        k.id: {"kpi": k.id, "period": str(period), **({by: None} if by else {}),
               "value": None, "numerator": None, "denominator": None}
        for k in KPIS if k.id not in present
    }  # fmt: skip
    if not missing:
        return rows
    order = {k.id: i for i, k in enumerate(KPIS)}
    return sorted([*rows, *missing.values()], key=lambda row: order.get(str(row["kpi"]), len(order)))


def render_json(rows: list[dict[str, object]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)


def render_csv(rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[list[dict[str, object]]], str]] = {"json": render_json, "csv": render_csv}


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_kpis(args: argparse.Namespace) -> int:
    today = date.fromisoformat(args.today) if args.today else None
    results = compute_all(args.db, args.period, by=args.by, today=today)
    rows = with_every_kpi([result_row(r) for r in results], args.period, args.by)
    sys.stdout.write(RENDERERS[args.format](rows))
    if args.format == "json":
        sys.stdout.write("\n")
    return 0


def _add_kpis(commands: argparse._SubParsersAction) -> None:
    kpis = commands.add_parser("kpis", help="alle KPI's van de catalogus voor een periode")
    kpis.add_argument("--period", required=True, type=_period, help="2025-03 (maand), 2025-Q1 of 2025")
    kpis.add_argument("--by", choices=[d.value for d in Dim], help="uitsplitsing")
    kpis.add_argument("--db", help="SQLAlchemy-URL (standaard SHV_DATABASE_URL of de ingebouwde SQLite)")
    kpis.add_argument("--format", choices=sorted(RENDERERS), default="json", help="uitvoer (standaard json)")
    kpis.add_argument("--today", help=argparse.SUPPRESS)  # for tests: the date that decides 'not over yet'
    kpis.set_defaults(handler=run_kpis)


# Subcommands, one registration function each. The `report` subcommand (council and annual report,
# issue 5) registers itself here: `_add_report` in its own module, added to this tuple.
SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (_add_kpis, add_report)


def parser() -> argparse.ArgumentParser:
    root = DutchArgumentParser(prog="python -m metrics", description="KPI's van het SHV Dashboard")
    commands = root.add_subparsers(dest="command", required=True, parser_class=DutchArgumentParser)
    for register in SUBCOMMANDS:
        register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return with_database_errors(lambda: args.handler(args), args.db)
    except ValueError as exc:  # a bad --by or database value: Dutch message, usage exit code
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_USAGE
