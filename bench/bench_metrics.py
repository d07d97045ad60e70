"""Metrics benchmark (issue 3): the KPI layer on 1,000,000 cases and 1,000,000 signal cases in SQLite.

1. All KPIs for one quarter by team, from a cold process, database reads included. Target: <= 2 s.
2. A 36-month series of all KPIs (one call, no breakdown). Target: <= 5 s.
3. Peak memory of each: under 3 GiB (``ru_maxrss`` of the child process).

Each is measured beside a baseline in the same run: the same aggregation written by hand as one DuckDB
query over a Parquet copy of the same rows (derived deadline columns included). Goal: within 5x of it.
The DuckDB answer is also compared with the registry's, figure by figure, so the baseline is known to
compute the same thing.

Set-up (cached in bench/out/ while the row counts match): the rows are generated in Python, bulk-inserted
into a migrated store through SQLAlchemy (DB-API executemany; the store's indexes are dropped during the
load and recreated from their own definitions afterwards), and the derived per-case columns (deadlines,
waiting_until, open_until) are filled by the project's own refresh (``metrics.derived.refresh``).
Each measurement runs in its own process. Usage: python bench/bench_metrics.py [--cases N] [--signal-cases N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
QUARTER = "2025-Q3"
SERIES_END, SERIES_MONTHS = "2025-12", 36
TODAY = dt.date(2026, 1, 15)  # every measured period is over: as_of is its last day
FIRST, LAST = dt.date(2016, 1, 1), dt.date(2025, 12, 31)

TEAMS = [f"Team {i:02d}" for i in range(1, 13)]
MUNICIPALITIES = [f"{9100 + i:04d}" for i in range(36)]  # three per team
TEAM_OF = {m: TEAMS[i // 3] for i, m in enumerate(MUNICIPALITIES)}
CONSULTANTS = {t: [f"{t} consulent {j:02d}" for j in range(1, 16)] for t in TEAMS}
REASONS = ["afgerond"] * 40 + ["zelf"] * 15 + ["ingetrokken"] * 12 + ["niet_verschenen"] * 8 + \
    ["voldoet_niet"] * 10 + ["niet_passend"] * 5 + ["verhuisd"] * 5 + ["overig"] * 5  # fmt: skip
RESULTS = ["geen_contact"] * 30 + ["geen_hulp_nodig"] * 25 + ["niet_opgepakt_herhaald"] * 12 + \
    ["advies_quick_fix"] * 10 + ["vervolghulp_financieel"] * 10 + ["vervolghulp_niet_financieel"] * 3 + \
    ["zelf_betaald"] * 10  # fmt: skip
PARTNERS = ["zorg"] * 41 + ["huur"] * 20 + ["energie"] * 20 + ["water"] * 18 + ["overige"]


def _settings_file() -> Path:
    """An installation of 12 teams serving 36 municipalities (the team of early-warning records)."""
    path = OUT / "bench_installation.toml"
    lines = ['name = "Benchmark"', f"teams = {json.dumps(TEAMS)}", ""]
    for m in MUNICIPALITIES:
        lines += ["[[municipalities]]", f'code = "{m}"', f'name = "Gemeente {m}"', f'team = "{TEAM_OF[m]}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["SHV_SETTINGS_FILE"] = str(_settings_file())
    env["SHV_DATA_DIR"] = str(OUT / "data")
    env.pop("SHV_DATABASE_URL", None)
    return env


# ---------------------------------------------------------------- generated rows


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _later(rnd: random.Random, d: dt.date | None, lo: int, hi: int, share: float = 1.0) -> dt.date | None:
    if d is None or rnd.random() >= share:
        return None
    out = d + dt.timedelta(days=rnd.randint(lo, hi))
    return out if out <= LAST else None


def case_rows(n: int, seed: int = 3):
    """Cases over ten years; as in real exports almost every case older than two years is closed."""
    rnd = random.Random(seed)
    span = (LAST - FIRST).days
    for i in range(n):
        m = MUNICIPALITIES[rnd.randrange(len(MUNICIPALITIES))]
        team = TEAM_OF[m]
        reg = FIRST + dt.timedelta(days=rnd.randint(0, span))
        crisis = rnd.random() < 0.1
        first = _later(rnd, reg, 0, 4, 1.0) if crisis else _later(rnd, reg, 2, 45, 0.92)
        decision_on = _later(rnd, first, 10, 80, 0.8)
        decision = (("afwijzing" if rnd.random() < 0.12 else "toelating") if decision_on else None)
        plan = _later(rnd, decision_on, 0, 28) if decision == "toelating" else None
        submitted = _later(rnd, plan, 90, 300, 0.45)
        outcome = rnd.random()
        granted = _later(rnd, submitted, 20, 120) if outcome < 0.72 else None
        rejected = _later(rnd, submitted, 30, 90) if 0.72 <= outcome < 0.9 else None
        withdrawn = _later(rnd, submitted, 10, 60) if outcome >= 0.9 else None
        forced = (rnd.random() < 0.12) if submitted else None
        closed_share = 0.98 if reg < dt.date(2024, 1, 1) else 0.5
        closed = _later(rnd, reg, 30, 900, closed_share)
        if closed is not None and first is not None and closed < first:
            closed = first
        yield (
            f"C{i:07d}", m, team, rnd.choice(CONSULTANTS[team]), _iso(reg), int(crisis), _iso(first),
            _iso(decision_on), decision, _iso(plan), _iso(submitted), _iso(granted), _iso(rejected),
            _iso(withdrawn), None if forced is None else int(forced), _iso(closed),
            rnd.choice(REASONS) if closed else None,
        )  # fmt: skip


CASE_COLUMNS = (
    "case_id", "municipality", "team", "consultant", "registered_on", "crisis", "first_contact_on", "decision_on",
    "decision", "plan_on", "settlement_submitted_on", "settlement_granted_on", "settlement_rejected_on",
    "settlement_withdrawn_on", "forced_settlement", "closed_on", "close_reason",
)  # fmt: skip


def signal_rows(n: int, seed: int = 5):
    """Signal cases and their signals (about 11% with several)."""
    rnd = random.Random(seed)
    span = (LAST - FIRST).days
    cases, signals = [], []
    for i in range(n):
        m = MUNICIPALITIES[rnd.randrange(len(MUNICIPALITIES))]
        matched = FIRST + dt.timedelta(days=rnd.randint(0, span))
        count = 1 if rnd.random() < 0.89 else rnd.choice((2, 2, 2, 3, 4))
        picked = _later(rnd, matched, 0, 10, 0.83)
        reached = _later(rnd, picked, 1, 40, 0.3)
        result = rnd.choice(RESULTS) if picked else "niet_opgepakt_anders"
        sid = f"S{i:07d}"
        cases.append((sid, m, _iso(matched), count, _iso(picked), _iso(reached), result))
        for k in range(count):
            received = max(FIRST, matched - dt.timedelta(days=rnd.randint(0, 20)))
            signals.append((f"{sid}-{k}", sid, m, _iso(received), rnd.choice(PARTNERS)))
    return cases, signals


def other_rows(n_cases: int, seed: int = 11) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    rnd = random.Random(seed)
    span = (LAST - FIRST).days
    guidance = []
    for i in range(0, n_cases, 10):  # budget management for one case in ten
        start = FIRST + dt.timedelta(days=rnd.randint(0, span))
        guidance.append((f"C{i:07d}", "budgetbeheer", _iso(start), _iso(_later(rnd, start, 90, 900, 0.8))))
    responses = []
    for i in range(n_cases // 10):
        m = MUNICIPALITIES[rnd.randrange(len(MUNICIPALITIES))]
        on = FIRST + dt.timedelta(days=rnd.randint(0, span))
        nps = None if rnd.random() < 0.1 else rnd.randint(0, 10)
        responses.append((f"R{i:07d}", _iso(on), m, TEAM_OF[m], float(rnd.randint(3, 10)), nps))
    staffing = []
    month = FIRST
    while month <= LAST:
        for team in TEAMS:
            for name in CONSULTANTS[team]:
                staffing.append((_iso(month), team, name, rnd.choice((0.56, 0.67, 0.78, 0.89, 1.0))))
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return {
        "case_guidance": (("case_id", "kind", "started_on", "ended_on"), guidance),
        "satisfaction": (("response_id", "responded_on", "municipality", "team", "score", "nps_score"), responses),
        "staffing": (("month", "team", "consultant", "fte"), staffing),
    }


# ---------------------------------------------------------------- set-up: store and Parquet copy


def _bulk(conn, table: str, columns: tuple[str, ...], rows, extra: dict[str, object]) -> None:
    """DB-API executemany through SQLAlchemy, in chunks; ``extra`` adds constant columns."""
    names = [*columns, *extra]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    constants = tuple(extra.values())
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(tuple(row) + constants)
        if len(chunk) == 50_000:
            conn.exec_driver_sql(sql, chunk)
            chunk = []
    if chunk:
        conn.exec_driver_sql(sql, chunk)


def build_store(db_path: Path, n_cases: int, n_signal_cases: int) -> dict[str, float]:
    """A migrated SQLite store with the generated rows and the derived columns filled in."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(_env())
    from metrics import derived
    from store import db

    db_path.unlink(missing_ok=True)
    url = f"sqlite:///{db_path}"
    engine = db.ready_engine(url)
    tables = ("cases", "signal_cases", "signals", "case_guidance", "satisfaction", "staffing")
    timings: dict[str, float] = {}
    t = time.perf_counter()
    with engine.begin() as conn:
        indexes = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
            f"({', '.join('?' * len(tables))})",
            tables,
        ).fetchall()
        for name, _ in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        record = {"batch_id": 1, "created_batch_id": 1}
        _bulk(conn, "cases", CASE_COLUMNS, case_rows(n_cases), record)
        cases, signals = signal_rows(n_signal_cases)
        _bulk(conn, "signal_cases", ("signal_case_id", "municipality", "matched_on", "signal_count", "picked_up_on",
                                     "reached_on", "result"), cases, record)  # fmt: skip
        _bulk(conn, "signals", ("signal_id", "signal_case_id", "municipality", "received_on", "partner_type"),
              signals, record)  # fmt: skip
        for table, (columns, rows) in other_rows(n_cases).items():
            _bulk(conn, table, columns, rows, record if table != "staffing" else {"batch_id": 1})
    timings["insert"] = time.perf_counter() - t
    t = time.perf_counter()
    derived.refresh(engine)  # the project's own computation of deadlines, waiting_until and open_until
    timings["derived"] = time.perf_counter() - t
    t = time.perf_counter()
    with engine.begin() as conn:
        for _, sql in indexes:
            conn.exec_driver_sql(sql)
    timings["indexes"] = time.perf_counter() - t
    engine.dispose()
    return timings


PARQUET_TABLES = {
    "cases": "SELECT case_id, municipality, team, consultant, registered_on, crisis, first_contact_on, decision_on, "
    "decision, plan_on, settlement_submitted_on, settlement_granted_on, settlement_rejected_on, "
    "settlement_withdrawn_on, forced_settlement, closed_on, close_reason, first_contact_deadline, "
    "decision_deadline, waiting_until, open_until FROM cases",
    "case_guidance": "SELECT case_id, kind, started_on, ended_on FROM case_guidance",
    "signal_cases": "SELECT signal_case_id, municipality, matched_on, signal_count, picked_up_on, reached_on, result "
    "FROM signal_cases",
    "signals": "SELECT signal_id, municipality, received_on, partner_type FROM signals",
    "satisfaction": "SELECT response_id, responded_on, municipality, team, score, nps_score FROM satisfaction",
    "staffing": "SELECT month, team, consultant, fte FROM staffing",
}
DATE_COLUMNS = {"registered_on", "first_contact_on", "decision_on", "plan_on", "settlement_submitted_on",
                "settlement_granted_on", "settlement_rejected_on", "settlement_withdrawn_on", "closed_on",
                "first_contact_deadline", "decision_deadline", "waiting_until", "open_until", "started_on",
                "ended_on", "matched_on", "picked_up_on", "reached_on", "received_on", "responded_on",
                "month"}  # fmt: skip
BOOL_COLUMNS = {"crisis", "forced_settlement"}


def build_parquet(db_path: Path, folder: Path) -> None:
    """A Parquet copy of the same rows (dates as dates), for the DuckDB baseline."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path)
    for name, query in PARQUET_TABLES.items():
        cursor = conn.execute(query)
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
        arrays = []
        for i, column in enumerate(columns):
            values = [r[i] for r in rows]
            if column in DATE_COLUMNS:
                arrays.append(pc.cast(pa.array(values, pa.string()), pa.date32()))
            elif column in BOOL_COLUMNS:
                arrays.append(pa.array([None if v is None else bool(v) for v in values], pa.bool_()))
            else:
                arrays.append(pa.array(values))
        pq.write_table(pa.table(arrays, names=columns), folder / f"{name}.parquet")
        del rows, arrays
    conn.close()


# ---------------------------------------------------------------- the DuckDB baseline queries

TEAM_MAP = "(VALUES " + ", ".join(f"('{m}', '{t}')" for m, t in TEAM_OF.items()) + ") AS tm(municipality, team)"


def _case_measures(a: str) -> str:
    """Conditional aggregates of the case KPIs over ``cases c``, for reference date expression ``a``."""
    fc_due = (f"(c.first_contact_deadline <= {a} OR c.first_contact_on <= {a}) AND NOT ("
              f"(c.first_contact_on IS NULL OR c.first_contact_on > {a}) "
              "AND coalesce(c.closed_on <= c.first_contact_deadline, false))")
    dec_due = (f"(c.decision_deadline <= {a} OR c.decision_on <= {a}) AND NOT ("
               f"(c.decision_on IS NULL OR c.decision_on > {a}) "
               "AND coalesce(c.closed_on <= c.decision_deadline, false))")
    return f"""
        count(*) FILTER (WHERE reg) AS aanmeldingen,
        count(*) FILTER (WHERE reg AND c.crisis) AS aanmeldingen_crisis,
        count(*) FILTER (WHERE reg AND {fc_due}) AS fc_due,
        count(*) FILTER (WHERE reg AND {fc_due} AND c.first_contact_on <= c.first_contact_deadline) AS fc_on_time,
        median(c.first_contact_on - c.registered_on) FILTER (WHERE fc) AS wachttijd_eerste_gesprek_mediaan,
        count(*) FILTER (WHERE fc AND {dec_due}) AS dec_due,
        count(*) FILTER (WHERE fc AND {dec_due} AND c.decision_on <= c.decision_deadline) AS dec_on_time,
        count(*) FILTER (WHERE dec AND c.decision = 'afwijzing') AS afwijzingen,
        count(*) FILTER (WHERE waiting) AS wachtlijst,
        count(*) FILTER (WHERE waiting AND c.first_contact_deadline < {a}) AS wachtlijst_over_termijn,
        sum({a} - c.registered_on) FILTER (WHERE waiting) AS waiting_days,
        count(*) FILTER (WHERE c.first_contact_on <= {a} AND c.open_until > {a}) AS caseload,
        count(*) FILTER (WHERE sub) AS schuldregelingen_ingediend,
        count(*) FILTER (WHERE gra AND c.forced_settlement IS NOT TRUE) AS minnelijke_akkoorden,
        count(*) FILTER (WHERE gra AND c.forced_settlement) AS dwangakkoorden,
        count(*) FILTER (WHERE outcome_in_p AND outcome = 'granted') AS settlement_succeeded,
        count(*) FILTER (WHERE outcome_in_p) AS settlement_decided,
        count(*) FILTER (WHERE clo) AS uitstroom,
        count(*) FILTER (WHERE clo AND c.close_reason IN ('afgerond', 'zelf')) AS closed_positive,
        count(*) FILTER (WHERE clo AND c.close_reason IN ('ingetrokken', 'niet_verschenen', 'voldoet_niet'))
            AS closed_dropout,
        median(c.closed_on - c.registered_on) FILTER (WHERE clo) AS doorlooptijd_mediaan,
        quantile_cont(c.closed_on - c.registered_on, 0.9) FILTER (WHERE clo) AS doorlooptijd_p90,
        median(c.plan_on - c.registered_on) FILTER (WHERE pla) AS tijd_tot_plan_mediaan"""


def _case_flags(p0: str, p1: str, a: str) -> str:
    """Per-case flags: which families of period [p0, p1] a case belongs to, and its settlement outcome."""
    def inp(col: str) -> str:
        return f"(c.{col} BETWEEN {p0} AND {p1})"

    return f"""
        {inp("registered_on")} AS reg, {inp("first_contact_on")} AS fc, {inp("decision_on")} AS dec,
        {inp("plan_on")} AS pla, {inp("closed_on")} AS clo, {inp("settlement_submitted_on")} AS sub,
        {inp("settlement_granted_on")} AS gra,
        (c.registered_on <= {a} AND c.waiting_until > {a}) AS waiting,
        CASE
            WHEN c.settlement_granted_on IS NOT NULL
                 AND c.settlement_granted_on <= coalesce(c.settlement_rejected_on, DATE '9999-12-31')
                 AND c.settlement_granted_on <= coalesce(c.settlement_withdrawn_on, DATE '9999-12-31') THEN 'granted'
            WHEN c.settlement_rejected_on IS NOT NULL
                 AND c.settlement_rejected_on <= coalesce(c.settlement_withdrawn_on, DATE '9999-12-31') THEN 'rejected'
            WHEN c.settlement_withdrawn_on IS NOT NULL THEN 'withdrawn'
        END AS outcome,
        least(c.settlement_granted_on, c.settlement_rejected_on, c.settlement_withdrawn_on)
            BETWEEN {p0} AND {p1} AS outcome_in_p"""


def duckdb_quarter_sql(folder: Path, p0: dt.date, p1: dt.date) -> str:
    """Every KPI for one period by team, as one query (the figures the registry computes)."""
    d0, d1 = f"DATE '{p0}'", f"DATE '{p1}'"
    a = d1
    pq = {name: f"read_parquet('{folder / name}.parquet')" for name in PARQUET_TABLES}
    month = p1.replace(day=1)
    return f"""
    WITH c AS (SELECT *, {_case_flags(d0, d1, a)} FROM {pq["cases"]} c),
    cases_by_team AS (SELECT c.team, {_case_measures(a)} FROM c GROUP BY c.team),
    bbh AS (
        SELECT c.team, count(*) AS budgetbeheer_lopend
        FROM {pq["case_guidance"]} g LEFT JOIN {pq["cases"]} c USING (case_id)
        WHERE g.kind = 'budgetbeheer' AND g.started_on <= {a} AND (g.ended_on IS NULL OR g.ended_on > {a})
        GROUP BY c.team),
    fte AS (SELECT team, sum(fte) AS fte FROM {pq["staffing"]} WHERE month = DATE '{month}' GROUP BY team),
    kto AS (
        SELECT team, count(*) AS kto_respons, avg(score) AS kto_gemiddeld,
               100.0 * (count(*) FILTER (WHERE nps_score >= 9) - count(*) FILTER (WHERE nps_score <= 6))
                   / nullif(count(nps_score), 0) AS nps
        FROM {pq["satisfaction"]} WHERE responded_on BETWEEN {d0} AND {d1} GROUP BY team),
    sc AS (
        SELECT tm.team, count(*) AS meldingen, count(*) FILTER (WHERE signal_count >= 2) AS meldingen_meervoudig,
               count(*) FILTER (WHERE picked_up_on <= {a}) AS picked_up,
               count(*) FILTER (WHERE reached_on <= {a}) AS reached,
               count(*) FILTER (WHERE reached_on <= {a} AND result IN ('advies_quick_fix', 'vervolghulp_financieel',
                   'vervolghulp_niet_financieel')) AS help_accepted,
               count(*) FILTER (WHERE result = 'vervolghulp_financieel') AS vervolghulp_financieel
        FROM {pq["signal_cases"]} s LEFT JOIN {TEAM_MAP} USING (municipality)
        WHERE matched_on BETWEEN {d0} AND {d1} GROUP BY tm.team),
    sg AS (
        SELECT tm.team, count(*) AS signalen FROM {pq["signals"]} s LEFT JOIN {TEAM_MAP} USING (municipality)
        WHERE received_on BETWEEN {d0} AND {d1} GROUP BY tm.team)
    SELECT k.team, k.* EXCLUDE (team), bbh.budgetbeheer_lopend, k.caseload / fte.fte AS caseload_per_fte,
           kto.* EXCLUDE (team), sc.* EXCLUDE (team), sg.signalen
    FROM cases_by_team k
    LEFT JOIN bbh USING (team) LEFT JOIN fte USING (team) LEFT JOIN kto USING (team)
    LEFT JOIN sc USING (team) LEFT JOIN sg USING (team)
    ORDER BY k.team
    """


def duckdb_series_sql(folder: Path, first_month: dt.date, months: int) -> str:
    """Every KPI for ``months`` consecutive months, without breakdown, as one query.

    Flow figures: one grouped scan per date column (the reference date of a record's month is that
    month's last day); states on the reference dates (waiting, caseload, budget management): range joins
    of the records with the months.
    """
    pq = {name: f"read_parquet('{folder / name}.parquet')" for name in PARQUET_TABLES}
    lo = f"DATE '{first_month}'"
    hi = f"(DATE '{first_month}' + INTERVAL {months} MONTH)::DATE"

    def flow(column: str, table: str = "cases") -> str:
        return f"FROM {pq[table]} c WHERE c.{column} >= {lo} AND c.{column} < {hi} GROUP BY 1"

    def month(column: str) -> str:
        return f"date_trunc('month', c.{column})::DATE AS p0"

    def due(deadline: str, met: str, column: str) -> str:
        a = f"last_day(c.{column})"
        return (f"(c.{deadline} <= {a} OR c.{met} <= {a}) AND NOT ((c.{met} IS NULL OR c.{met} > {a}) "
                f"AND coalesce(c.closed_on <= c.{deadline}, false))")

    fc_due = due("first_contact_deadline", "first_contact_on", "registered_on")
    dec_due = due("decision_deadline", "decision_on", "first_contact_on")
    outcome = "least(c.settlement_granted_on, c.settlement_rejected_on, c.settlement_withdrawn_on)"
    return f"""
    WITH m AS (
        SELECT p0, last_day(p0) AS p1 FROM (
            SELECT unnest(generate_series({lo}, {lo} + INTERVAL {months - 1} MONTH, INTERVAL 1 MONTH))::DATE AS p0)),
    reg AS (SELECT {month("registered_on")}, count(*) AS aanmeldingen,
                   count(*) FILTER (WHERE c.crisis) AS aanmeldingen_crisis,
                   count(*) FILTER (WHERE {fc_due}) AS fc_due,
                   count(*) FILTER (WHERE {fc_due} AND c.first_contact_on <= c.first_contact_deadline) AS fc_on_time
            {flow("registered_on")}),
    fc AS (SELECT {month("first_contact_on")},
                  median(c.first_contact_on - c.registered_on) AS wachttijd_eerste_gesprek_mediaan,
                  count(*) FILTER (WHERE {dec_due}) AS dec_due,
                  count(*) FILTER (WHERE {dec_due} AND c.decision_on <= c.decision_deadline) AS dec_on_time
           {flow("first_contact_on")}),
    dec AS (SELECT {month("decision_on")}, count(*) FILTER (WHERE c.decision = 'afwijzing') AS afwijzingen
            {flow("decision_on")}),
    pla AS (SELECT {month("plan_on")}, median(c.plan_on - c.registered_on) AS tijd_tot_plan_mediaan
            {flow("plan_on")}),
    clo AS (SELECT {month("closed_on")}, count(*) AS uitstroom,
                   count(*) FILTER (WHERE c.close_reason IN ('afgerond', 'zelf')) AS closed_positive,
                   count(*) FILTER (WHERE c.close_reason IN ('ingetrokken', 'niet_verschenen', 'voldoet_niet'))
                       AS closed_dropout,
                   median(c.closed_on - c.registered_on) AS doorlooptijd_mediaan,
                   quantile_cont(c.closed_on - c.registered_on, 0.9) AS doorlooptijd_p90
            {flow("closed_on")}),
    sub AS (SELECT {month("settlement_submitted_on")}, count(*) AS schuldregelingen_ingediend
            {flow("settlement_submitted_on")}),
    gra AS (SELECT {month("settlement_granted_on")},
                   count(*) FILTER (WHERE c.forced_settlement IS NOT TRUE) AS minnelijke_akkoorden,
                   count(*) FILTER (WHERE c.forced_settlement) AS dwangakkoorden
            {flow("settlement_granted_on")}),
    outc AS (SELECT date_trunc('month', {outcome})::DATE AS p0, count(*) AS settlement_decided,
                    count(*) FILTER (WHERE c.settlement_granted_on = {outcome}) AS settlement_succeeded
             FROM {pq["cases"]} c WHERE {outcome} >= {lo} AND {outcome} < {hi} GROUP BY 1),
    wait AS (SELECT m.p0, count(*) AS wachtlijst,
                    count(*) FILTER (WHERE c.first_contact_deadline < m.p1) AS wachtlijst_over_termijn,
                    sum(m.p1 - c.registered_on) AS waiting_days
             FROM {pq["cases"]} c JOIN m ON c.registered_on <= m.p1 AND c.waiting_until > m.p1 GROUP BY m.p0),
    load AS (SELECT m.p0, count(*) AS caseload
             FROM {pq["cases"]} c JOIN m ON c.first_contact_on <= m.p1 AND c.open_until > m.p1 GROUP BY m.p0),
    bbh AS (SELECT m.p0, count(*) AS budgetbeheer_lopend FROM {pq["case_guidance"]} g JOIN m
                ON g.started_on <= m.p1 AND coalesce(g.ended_on, DATE '9999-12-31') > m.p1
            WHERE g.kind = 'budgetbeheer' GROUP BY m.p0),
    fte AS (SELECT month AS p0, sum(fte) AS fte FROM {pq["staffing"]} GROUP BY month),
    kto AS (SELECT {month("responded_on")}, count(*) AS kto_respons, avg(c.score) AS kto_gemiddeld,
                   100.0 * (count(*) FILTER (WHERE c.nps_score >= 9) - count(*) FILTER (WHERE c.nps_score <= 6))
                       / nullif(count(c.nps_score), 0) AS nps
            {flow("responded_on", "satisfaction")}),
    sc AS (SELECT {month("matched_on")}, count(*) AS meldingen,
                  count(*) FILTER (WHERE c.signal_count >= 2) AS meldingen_meervoudig,
                  count(*) FILTER (WHERE c.picked_up_on <= last_day(c.matched_on)) AS picked_up,
                  count(*) FILTER (WHERE c.reached_on <= last_day(c.matched_on)) AS reached,
                  count(*) FILTER (WHERE c.reached_on <= last_day(c.matched_on) AND c.result IN ('advies_quick_fix',
                      'vervolghulp_financieel', 'vervolghulp_niet_financieel')) AS help_accepted,
                  count(*) FILTER (WHERE c.result = 'vervolghulp_financieel') AS vervolghulp_financieel
           {flow("matched_on", "signal_cases")}),
    sg AS (SELECT {month("received_on")}, count(*) AS signalen {flow("received_on", "signals")})
    SELECT m.p0, reg.* EXCLUDE (p0), fc.* EXCLUDE (p0), dec.* EXCLUDE (p0), pla.* EXCLUDE (p0),
           clo.* EXCLUDE (p0), sub.* EXCLUDE (p0), gra.* EXCLUDE (p0), outc.* EXCLUDE (p0), wait.* EXCLUDE (p0),
           load.* EXCLUDE (p0), bbh.* EXCLUDE (p0), load.caseload / fte.fte AS caseload_per_fte,
           kto.* EXCLUDE (p0), sc.* EXCLUDE (p0), sg.* EXCLUDE (p0)
    FROM m LEFT JOIN reg USING (p0) LEFT JOIN fc USING (p0) LEFT JOIN dec USING (p0) LEFT JOIN pla USING (p0)
    LEFT JOIN clo USING (p0) LEFT JOIN sub USING (p0) LEFT JOIN gra USING (p0) LEFT JOIN outc USING (p0)
    LEFT JOIN wait USING (p0) LEFT JOIN load USING (p0) LEFT JOIN bbh USING (p0) LEFT JOIN fte USING (p0)
    LEFT JOIN kto USING (p0) LEFT JOIN sc USING (p0) LEFT JOIN sg USING (p0)
    ORDER BY m.p0
    """


# ---------------------------------------------------------------- measured tasks (run in a child process)

# registry figure -> (DuckDB column, which part of the result: value or numerator/denominator)
CHECKED = {
    "aanmeldingen": ("aanmeldingen", "value"),
    "aanmeldingen_crisis": ("aanmeldingen_crisis", "value"),
    "eerste_gesprek_tijdig_pct": (("fc_on_time", "fc_due"), "parts"),
    "wachttijd_eerste_gesprek_mediaan": ("wachttijd_eerste_gesprek_mediaan", "value"),
    "beschikking_tijdig_pct": (("dec_on_time", "dec_due"), "parts"),
    "afwijzingen": ("afwijzingen", "value"),
    "wachtlijst": ("wachtlijst", "value"),
    "wachtlijst_over_termijn": ("wachtlijst_over_termijn", "value"),
    "wachtlijst_wachttijd_gem": (("waiting_days", "wachtlijst"), "parts"),
    "caseload": ("caseload", "value"),
    "caseload_per_fte": ("caseload_per_fte", "value"),
    "budgetbeheer_lopend": ("budgetbeheer_lopend", "value"),
    "schuldregelingen_ingediend": ("schuldregelingen_ingediend", "value"),
    "minnelijke_akkoorden": ("minnelijke_akkoorden", "value"),
    "dwangakkoorden": ("dwangakkoorden", "value"),
    "schuldregeling_slagingspct": (("settlement_succeeded", "settlement_decided"), "parts"),
    "uitstroom": ("uitstroom", "value"),
    "uitstroom_afgerond_pct": (("closed_positive", "uitstroom"), "parts"),
    "uitval_pct": (("closed_dropout", "uitstroom"), "parts"),
    "doorlooptijd_mediaan": ("doorlooptijd_mediaan", "value"),
    "doorlooptijd_p90": ("doorlooptijd_p90", "value"),
    "tijd_tot_plan_mediaan": ("tijd_tot_plan_mediaan", "value"),
    "kto_respons": ("kto_respons", "value"),
    "kto_gemiddeld": ("kto_gemiddeld", "value"),
    "nps": ("nps", "value"),
    "signalen": ("signalen", "value"),
    "meldingen": ("meldingen", "value"),
    "meldingen_meervoudig": ("meldingen_meervoudig", "value"),
    "opgepakt_pct": (("picked_up", "meldingen"), "parts"),
    "bereik_pct": (("reached", "meldingen"), "parts"),
    "hulpacceptatie_pct": (("help_accepted", "reached"), "parts"),
    "vervolghulp_financieel": ("vervolghulp_financieel", "value"),
}


def _registry_figures(results) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {}
    for r in results:
        key = str(r.group) if r.by is not None else str(r.period)
        out.setdefault(key, {})[r.kpi] = [r.value, r.numerator, r.denominator]
    return out


def task_kpis_quarter(db_path: str, _folder: str) -> dict:
    url = f"sqlite:///{db_path}"
    t = time.perf_counter()
    from metrics.compute import compute_all

    imported = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    results = compute_all(url, QUARTER, by="team", today=TODAY)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"seconds": seconds, "cpu_s": cpu, "import_s": imported, "results": len(results),
            "figures": _registry_figures(results)}


def task_kpis_series(db_path: str, _folder: str) -> dict:
    url = f"sqlite:///{db_path}"
    t = time.perf_counter()
    from metrics.compute import compute_series
    from metrics.periods import series

    imported = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    results = compute_series(url, series(SERIES_END, SERIES_MONTHS), today=TODAY)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"seconds": seconds, "cpu_s": cpu, "import_s": imported, "results": len(results),
            "figures": _registry_figures(results)}


def _duckdb_rows(sql: str, key: str) -> tuple[float, float, dict[str, dict[str, object]]]:
    import duckdb

    t, cpu = time.perf_counter(), time.process_time()
    conn = duckdb.connect()
    conn.execute("SET enable_progress_bar = false")  # it writes to stdout, where the result goes
    cursor = conn.execute(sql)
    columns = [c[0] for c in cursor.description]
    rows = cursor.fetchall()
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    out = {}
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        out[str(record[key])] = {k: (float(v) if v is not None and not isinstance(v, str | dt.date) else v)
                                 for k, v in record.items()}  # fmt: skip
    return seconds, cpu, out


def task_duckdb_quarter(_db: str, folder: str) -> dict:
    from metrics.periods import Period

    p = Period.parse(QUARTER)
    seconds, cpu, rows = _duckdb_rows(duckdb_quarter_sql(Path(folder), p.first_day, p.last_day), "team")
    return {"seconds": seconds, "cpu_s": cpu, "rows": len(rows), "figures": rows}


def task_duckdb_series(_db: str, folder: str) -> dict:
    from metrics.periods import series

    first = series(SERIES_END, SERIES_MONTHS)[0].first_day
    seconds, cpu, rows = _duckdb_rows(duckdb_series_sql(Path(folder), first, SERIES_MONTHS), "p0")
    return {"seconds": seconds, "cpu_s": cpu, "rows": len(rows), "figures": rows}


TASKS = {
    "kpis_quarter": task_kpis_quarter,
    "kpis_series": task_kpis_series,
    "duckdb_quarter": task_duckdb_quarter,
    "duckdb_series": task_duckdb_series,
}


def _child(task: str, db_path: Path, folder: Path) -> dict:
    code = (
        f"import json, resource, sys; sys.path.insert(0, {str(ROOT)!r}); import bench.bench_metrics as b; "
        f"out = b.TASKS[{task!r}]({str(db_path)!r}, {str(folder)!r}); "
        "out['peak_mib'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
        "print(json.dumps(out, default=str))"
    )
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=_env(),
                          check=False)  # fmt: skip
    if proc.returncode:
        raise SystemExit(f"{task} mislukt:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_s"] = time.perf_counter() - started
    return out


# ---------------------------------------------------------------- comparing the two answers


def _close(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def compare(registry: dict[str, dict[str, list]], duck: dict[str, dict[str, object]], period_key: bool) -> list[str]:
    """Figures on which the registry and the DuckDB query disagree (a few, for the report)."""
    problems = []
    for key, kpis in registry.items():
        duck_key = key if not period_key else f"{key}-01"
        row = duck.get(duck_key)
        if row is None:
            if any(v[0] not in (0, None) for v in kpis.values()):
                problems.append(f"{key}: niet in DuckDB")
            continue
        for kpi, (value, numerator, denominator) in kpis.items():
            column, kind = CHECKED[kpi]
            if kind == "value":
                want = row.get(column)
                want = 0 if want is None and registry_is_count(kpi) else want
                if not _close(value, want):
                    problems.append(f"{key} {kpi}: registry {value}, DuckDB {want}")
            else:
                num, den = (row.get(column[0]) or 0, row.get(column[1]) or 0)
                if not (_close(numerator, num) and _close(denominator, den)):
                    problems.append(f"{key} {kpi}: registry {numerator}/{denominator}, DuckDB {num}/{den}")
    return problems


def registry_is_count(kpi: str) -> bool:
    from metrics.registry import kpi as registry_kpi

    return registry_kpi(kpi).statistic.is_count


# ---------------------------------------------------------------- main


def _setup_child(db_path: Path, folder: Path, n_cases: int, n_signal_cases: int) -> None:
    """Build the store and its Parquet copy in a child process: the measuring parent stays small (a child
    inherits its parent's peak resident size in ``ru_maxrss``)."""
    code = (
        f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); import bench.bench_metrics as b; "
        "from pathlib import Path; "
        f"t = b.build_store(Path({str(db_path)!r}), {n_cases}, {n_signal_cases}); "
        f"b.build_parquet(Path({str(db_path)!r}), Path({str(folder)!r})); print(json.dumps(t))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=_env(),
                          check=False)  # fmt: skip
    if proc.returncode:
        raise SystemExit(f"opbouw mislukt:\n{proc.stderr}")
    timings = json.loads(proc.stdout.strip().splitlines()[-1])
    print("  " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()), flush=True)


def _median_run(task: str, db_path: Path, folder: Path, repeat: int) -> dict:
    """``repeat`` cold runs (a fresh process each); the one with the median time, and every time."""
    runs = sorted((_child(task, db_path, folder) for _ in range(repeat)), key=lambda r: r["seconds"])
    chosen = runs[len(runs) // 2]
    return chosen | {"all_seconds": [round(r["seconds"], 3) for r in runs],
                     "peak_mib": max(r["peak_mib"] for r in runs)}  # fmt: skip


def _verdict(ok: bool, bad: str = "TE LANGZAAM") -> str:
    return "OK" if ok else bad


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--signal-cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="cold runs per measurement (median reported)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    db_path = OUT / f"metrics_{args.cases}_{args.signal_cases}.sqlite"
    folder = OUT / f"metrics_{args.cases}_{args.signal_cases}_parquet"
    if not db_path.exists() or not (folder / "cases.parquet").exists():
        print(f"Store maken: {args.cases:,} dossiers, {args.signal_cases:,} vroegsignaalzaken …", flush=True)
        _setup_child(db_path, folder, args.cases, args.signal_cases)

    results: dict[str, dict] = {}
    for name, label, target in (
        ("quarter", f"(1) alle KPI's, {QUARTER}, per team", 2.0),
        ("series", f"(2) reeks van {SERIES_MONTHS} maanden, alle KPI's", 5.0),
    ):
        duck = _median_run(f"duckdb_{name}", db_path, folder, args.repeat)
        ours = _median_run(f"kpis_{name}", db_path, folder, args.repeat)
        ratio = ours["seconds"] / duck["seconds"]
        problems = compare(ours["figures"], duck["figures"], period_key=name == "series")
        results[name] = {k: v for k, v in ours.items() if k != "figures"} | {
            "duckdb_seconds": duck["seconds"], "duckdb_all_seconds": duck["all_seconds"],
            "duckdb_peak_mib": duck["peak_mib"], "duckdb_cpu_s": duck["cpu_s"], "ratio": ratio, "target_s": target,
            "disagreements": problems,
        }  # fmt: skip
        print(f"\n{label} (mediaan van {args.repeat} koude processen)")
        print(f"  baseline DuckDB over Parquet (één query): {duck['seconds']:.2f} s  {duck['all_seconds']}")
        print(f"  metrics-laag op SQLite:                   {ours['seconds']:.2f} s  {ours['all_seconds']}")
        print(f"  verhouding: {ratio:.1f}x DuckDB (doel <= 5x) {_verdict(ratio <= 5)}; "
              f"doel <= {target:.0f} s {_verdict(ours['seconds'] <= target)}")  # fmt: skip
        print(f"  processortijd: {ours['cpu_s']:.2f} s tegen DuckDB {duck['cpu_s']:.2f} s (alle threads) = "
              f"{ours['cpu_s'] / duck['cpu_s']:.1f}x; Python-imports {ours['import_s']:.2f} s; "
              f"hele proces {ours['process_s']:.2f} s")  # fmt: skip
        memory_ok = _verdict(ours["peak_mib"] < 3072, "TE VEEL")
        print(f"  piekgeheugen: {ours['peak_mib']:.0f} MiB (doel < 3072 MiB) {memory_ok}; "
              f"DuckDB {duck['peak_mib']:.0f} MiB")  # fmt: skip
        print(f"  zelfde cijfers als DuckDB: {'ja' if not problems else 'NEE: ' + '; '.join(problems[:5])}")
    (OUT / "bench_metrics.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nResultaten: {OUT / 'bench_metrics.json'}")


if __name__ == "__main__":
    main()
