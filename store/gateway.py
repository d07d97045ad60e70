"""The one gateway for writing imports: batches, the merge rule, snapshots, findings, undo and profiles.

All statements are SQLAlchemy Core with bound parameters. Bulk writes go through the driver's
``executemany`` with values already in the database's form (ISO date text on SQLite), because per-value
type conversion would cost more than the rest of an import.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    and_,
    bindparam,
    delete,
    false,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.sql.base import ColumnCollection
from sqlalchemy.sql.dml import UpdateBase

from store.models import DATASET_TABLES, findings, import_batches, mapping_profiles, record_history, stored_scopes
from store.schema import DATASETS, Dataset, DatasetKind, Kind

CHUNK = 900
KEY_SEP = "\x1f"
ACTIVE = "geladen"
UNDONE = "ongedaan"


class UndoError(Exception):
    """A batch that cannot be undone; the message is Dutch."""


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# ---------------------------------------------------------------- batches


def active_batch_with_hash(conn: Connection, file_hash: str) -> tuple[int, str] | None:
    """(id, dataset) of the import (not undone) of the file with this hash, if any."""
    row = conn.execute(
        select(import_batches.c.id, import_batches.c.dataset)
        .where(import_batches.c.file_hash == file_hash, import_batches.c.status == ACTIVE)
        .order_by(import_batches.c.id)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def create_batch(conn: Connection, **values: object) -> int:
    values.setdefault("created_at", now())
    values.setdefault("status", ACTIVE)
    result = conn.execute(insert(import_batches).values(**values).returning(import_batches.c.id))
    return int(result.scalar_one())


def finish_batch(conn: Connection, batch_id: int, **values: object) -> None:
    conn.execute(update(import_batches).where(import_batches.c.id == batch_id).values(**values))


def list_batches(engine: Engine, include_undone: bool = True) -> list[dict]:
    query = select(import_batches).order_by(import_batches.c.id)
    if not include_undone:
        query = query.where(import_batches.c.status == ACTIVE)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def latest_import_per_dataset(engine: Engine) -> dict[str, dict]:
    """Per dataset the newest active batch's time and data-through date ("data t/m")."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                import_batches.c.dataset,
                func.max(import_batches.c.created_at),
                func.max(import_batches.c.data_through),
            )
            .where(import_batches.c.status == ACTIVE)
            .group_by(import_batches.c.dataset)
        )
        return {r[0]: {"imported_at": r[1], "data_through": r[2]} for r in rows}


def write_findings(conn: Connection, batch_id: int | None, dataset: str, file_name: str, issues: Iterable) -> int:
    created = now()
    rows = [
        {
            "batch_id": batch_id,
            "dataset": dataset,
            "severity": i.severity,
            "code": i.code,
            "file_name": file_name,
            "sheet": i.sheet,
            "row": i.row,
            "column": i.column,
            "value": None if i.value is None else str(i.value)[:2000],
            "message": i.message,
            "record_key": i.record_key,
            "created_at": created,
        }
        for i in issues
    ]
    if rows:
        conn.execute(insert(findings), rows)
    return len(rows)


def list_findings(engine: Engine, batch_id: int | None = None, open_only: bool = True) -> list[dict]:
    query = select(findings).order_by(findings.c.id)
    if batch_id is not None:
        query = query.where(findings.c.batch_id == batch_id)
    if open_only:
        query = query.where(findings.c.resolved_at.is_(None))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


# ---------------------------------------------------------------- value conversion


def _db_column(values: np.ndarray | pd.Series, kind: Kind, dialect: str) -> list:
    """Python values ready for the driver: None for empty; ISO text (SQLite) or dates (others) for DATE.

    The parsers already produce Python int, float, bool and str values, so only missing values and
    (outside SQLite) dates need converting.
    """
    arr = np.asarray(values, dtype=object)
    mask = pd.isna(arr)
    if mask.any():
        arr = arr.copy()
        arr[mask] = None
    if kind is Kind.DATE and dialect != "sqlite":
        uniq = {v: dt.date.fromisoformat(v) for v in set(arr[~mask].tolist())}
        return [None if v is None else uniq[v] for v in arr.tolist()]
    if kind is Kind.INT:
        return [None if v is None else int(v) for v in arr.tolist()]
    return arr.tolist()


def _executemany(
    conn: Connection, statement: UpdateBase, names: Sequence[str], columns: Sequence[list], insert_columns: bool = False
) -> None:
    """Run ``statement`` once per row through the driver's executemany (no per-value type processing).

    ``names`` name the parameters (for an insert with ``insert_columns``: the columns) in ``columns`` order.
    """
    if not columns or not columns[0]:
        return
    compiled = statement.compile(dialect=conn.dialect, column_keys=list(names) if insert_columns else None)
    sql = str(compiled)
    if compiled.positional:
        order = [names.index(p) for p in compiled.positiontup]
        rows = list(zip(*(columns[i] for i in order), strict=True))
        conn.exec_driver_sql(sql, rows)
    else:
        position = {n: i for i, n in enumerate(names)}
        bind_names = list(compiled.binds)
        rows = [
            dict(zip(bind_names, r, strict=True)) for r in zip(*(columns[position[b]] for b in bind_names), strict=True)
        ]
        conn.exec_driver_sql(sql, rows)


# ---------------------------------------------------------------- records


def key_string(values: Sequence[object]) -> str:
    return KEY_SEP.join("" if v is None else str(v) for v in values)


def existing_keys(conn: Connection, ds: Dataset, keys: Sequence[tuple]) -> set[tuple]:
    """The keys among ``keys`` that are already stored (each key a tuple of key-column values)."""
    table = DATASET_TABLES[ds.name]
    count = conn.execute(select(func.count()).select_from(table)).scalar_one()
    if count == 0 or not keys:
        return set()
    cols = [table.c[k] for k in ds.key]
    if len(keys) * 10 >= count:
        stored = {tuple(r) for r in conn.execute(select(*cols))}
        return stored & set(keys)
    found: set[tuple] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        condition = cols[0].in_([k[0] for k in chunk]) if len(cols) == 1 else tuple_(*cols).in_(chunk)
        found.update(tuple(r) for r in conn.execute(select(*cols).where(condition)))
    return found


def stored_values(conn: Connection, ds: Dataset, keys: Sequence[tuple], columns: Sequence[str]) -> dict[tuple, dict]:
    """The stored ``columns`` of the records with ``keys``, by key."""
    table = DATASET_TABLES[ds.name]
    cols = [table.c[k] for k in ds.key]
    out: dict[tuple, dict] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        condition = cols[0].in_([k[0] for k in chunk]) if len(cols) == 1 else tuple_(*cols).in_(chunk)
        for r in conn.execute(select(*cols, *(table.c[c] for c in columns)).where(condition)):
            out[tuple(r[: len(cols)])] = dict(zip(columns, r[len(cols) :], strict=True))
    return out


def _current_rows(conn: Connection, ds: Dataset, keys: Sequence[tuple]) -> list[dict]:
    table = DATASET_TABLES[ds.name]
    cols = [table.c[k] for k in ds.key]
    out: list[dict] = []
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        condition = cols[0].in_([k[0] for k in chunk]) if len(cols) == 1 else tuple_(*cols).in_(chunk)
        out.extend(dict(r._mapping) for r in conn.execute(select(table).where(condition)))
    return out


def _history_rows(batch_id: int, ds: Dataset, rows: list[dict], key_of: callable) -> list[dict]:  # type: ignore[valid-type]
    return [
        {
            "batch_id": batch_id,
            "dataset": ds.name,
            "record_key": key_of(r),
            "previous_batch_id": r["batch_id"],
            "previous": json.dumps(r, default=str),
        }
        for r in rows
    ]


@dataclass
class LoadCounts:
    inserted: int = 0
    updated: int = 0


SORT_THREADS = min(4, os.cpu_count() or 1)  # helper threads of SQLite's sorter while it builds indexes
BULK_MIN_ROWS = 50_000  # from this many written rows, a load that at least doubles the table rebuilds its indexes


@contextmanager
def _bulk_indexes(conn: Connection, table: Table, rows: int) -> Iterator[None]:
    """For a bulk load (``rows`` at least ``BULK_MIN_ROWS`` and at least the rows already there), drop the
    table's secondary indexes first and build them again afterwards, in the same transaction: building an
    index once from sorted data is many times faster than updating a dozen indexes row by row (a first
    load of years of history). A rejected file still changes nothing: the transaction rolls back whole.
    On PostgreSQL the table is locked for other readers until the import commits."""
    indexes = [i for i in table.indexes if not i.unique]
    if rows < BULK_MIN_ROWS or not indexes:
        yield
        return
    present = conn.execute(select(func.count()).select_from(table)).scalar() or 0
    if rows < present:
        yield
        return
    for index in indexes:
        index.drop(conn)
    yield
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # let SQLite's sorter use the other cores for the index builds (measured: about 20% faster)
        conn.exec_driver_sql(f"PRAGMA threads={SORT_THREADS}")
    for index in indexes:
        index.create(conn)
    if sqlite:
        conn.exec_driver_sql("PRAGMA threads=0")


def load_records(
    conn: Connection,
    ds: Dataset,
    frame: pd.DataFrame,
    batch_id: int,
    existing: set[tuple],
    insert_defaults: dict[str, list] | None = None,
) -> LoadCounts:
    """Apply the merge rule: present columns overwrite (empty included), absent columns stay.

    ``insert_defaults`` are columns (one value per frame row) written only for new records, such as
    the team a municipality belongs to when the export has no team column.
    """
    table = DATASET_TABLES[ds.name]
    dialect = conn.dialect.name
    names = [c for c in frame.columns if c in ds.field_names]
    columns = [_db_column(frame[c].to_numpy(), ds.field(c).kind, dialect) for c in names]
    keys = list(zip(*(columns[names.index(k)] for k in ds.key), strict=True))
    is_existing = (
        np.fromiter((k in existing for k in keys), dtype=bool, count=len(keys))
        if existing
        else np.zeros(len(keys), bool)
    )
    counts = LoadCounts(inserted=int((~is_existing).sum()), updated=int(is_existing.sum()))
    with _bulk_indexes(conn, table, len(keys)):
        _write_records(conn, ds, table, names, columns, keys, is_existing, counts, batch_id, insert_defaults)
    record_scopes(conn, ds, batch_id)
    return counts


def record_scopes(conn: Connection, ds: Dataset, batch_id: int) -> None:
    """Note the distinct teams and municipalities of the rows ``batch_id`` wrote in ``ds`` (``stored_scopes``),
    read back from the table: that includes a team that came from the settings or stayed from an earlier
    import under the merge rule."""
    table = DATASET_TABLES[ds.name]
    present = [table.c[c] for c in ("team", "municipality") if c in table.c]
    if not present:
        return
    columns = [table.c[c] if c in table.c else null() for c in ("team", "municipality")]
    rows = (
        select(literal(batch_id), literal(ds.name), *columns)
        .where(table.c.batch_id == batch_id, or_(*(c.is_not(None) for c in present)))
        .distinct()
    )
    conn.execute(insert(stored_scopes).from_select(["batch_id", "dataset", "team", "municipality"], rows))


def _write_records(
    conn: Connection,
    ds: Dataset,
    table: Table,
    names: list[str],
    columns: list[list],
    keys: list[tuple],
    is_existing: np.ndarray,
    counts: LoadCounts,
    batch_id: int,
    insert_defaults: dict[str, list] | None,
) -> None:
    if counts.inserted:
        new_idx = np.flatnonzero(~is_existing)
        take = (lambda col: col) if counts.updated == 0 else (lambda col: [col[i] for i in new_idx])
        defaults = {k: v for k, v in (insert_defaults or {}).items() if k not in names}
        ins_names = [*names, *defaults, "batch_id", "created_batch_id"]
        ins_cols = [take(c) for c in [*columns, *defaults.values()]] + [[batch_id] * counts.inserted] * 2
        _executemany(conn, insert(table), ins_names, ins_cols, insert_columns=True)
    if counts.updated:
        old_idx = np.flatnonzero(is_existing)
        old_keys = [keys[i] for i in old_idx]
        previous = _current_rows(conn, ds, old_keys)
        history = _history_rows(batch_id, ds, previous, lambda r: key_string([r[k] for k in ds.key]))
        conn.execute(insert(record_history), history)
        value_names = [c for c in names if c not in ds.key]
        stmt = (
            update(table)
            .where(and_(*(table.c[k] == bindparam(f"k_{k}") for k in ds.key)))
            .values({**{c: bindparam(f"v_{c}") for c in value_names}, "batch_id": bindparam("v_batch_id")})
        )
        upd_names = [f"k_{k}" for k in ds.key] + [f"v_{c}" for c in value_names] + ["v_batch_id"]
        upd_cols = [[columns[names.index(k)][i] for i in old_idx] for k in ds.key]
        upd_cols += [[columns[names.index(c)][i] for i in old_idx] for c in value_names]
        upd_cols.append([batch_id] * len(old_idx))
        _executemany(conn, stmt, upd_names, upd_cols)


# ---------------------------------------------------------------- snapshots


def replace_snapshot(conn: Connection, ds: Dataset, frame: pd.DataFrame, batch_id: int) -> int:
    """Replace the snapshot of each reference date in ``frame`` for the teams/municipalities it covers."""
    table = DATASET_TABLES[ds.name]
    dialect = conn.dialect.name
    date_col = ds.snapshot_date
    assert date_col is not None
    condition = _covered(table, frame, date_col, dialect)
    previous = [dict(r._mapping) for r in conn.execute(select(table).where(condition))]
    if previous:
        conn.execute(insert(record_history), _history_rows(batch_id, ds, previous, lambda r: str(r["id"])))
        conn.execute(delete(table).where(table.c.id.in_([r["id"] for r in previous])))
    names = [c for c in frame.columns if c in ds.field_names]
    columns = [_db_column(frame[c].to_numpy(), ds.field(c).kind, dialect) for c in names]
    _executemany(conn, insert(table), [*names, "batch_id"], [*columns, [batch_id] * len(frame)], insert_columns=True)
    record_scopes(conn, ds, batch_id)
    return len(frame)


def _covered(table: Table, frame: pd.DataFrame, date_col: str, dialect: str) -> ColumnElement[bool]:
    """The stored snapshot rows that ``frame`` replaces, per reference date in it: those of the teams it gives
    on that date (within a team, the municipalities it gives and the team's rows without one, a team-wide
    list before; all of the team's when a row has none); without a team column, those of its
    municipalities; without either, the whole date. A row with an empty team (or municipality) stands for
    the stored rows with an empty one: a blank cell never wipes another team's list."""
    c = table.c
    terms = []
    for day, rows in frame.groupby(date_col, sort=True):
        (stored_day,) = _db_column(np.array([day], dtype=object), Kind.DATE, dialect)
        on_day = c[date_col] == stored_day
        if "team" in rows.columns and rows["team"].notna().any():
            for team, of_team in rows.groupby("team", sort=True, dropna=False):
                same = c.team.is_(None) if pd.isna(team) else c.team == team
                terms.append(and_(on_day, same, _places(c, of_team)))
        elif "municipality" in rows.columns and rows["municipality"].notna().any():
            places = sorted(set(rows["municipality"].dropna()))
            blank = and_(c.municipality.is_(None), c.team.is_(None)) if rows["municipality"].isna().any() else false()
            terms.append(and_(on_day, or_(c.municipality.in_(places), blank)))
        else:
            terms.append(on_day)
    return or_(*terms) if terms else false()


def _places(c: ColumnCollection, rows: pd.DataFrame) -> ColumnElement[bool]:
    """Within one team: the municipalities ``rows`` give and the team's stored rows without one; every row
    of the team when the file has no municipality for some of them (a team-wide list)."""
    if "municipality" not in rows.columns or rows["municipality"].isna().any():
        return true()
    return or_(c.municipality.in_(sorted(set(rows["municipality"]))), c.municipality.is_(None))


# ---------------------------------------------------------------- undo


def _restore_value(ds: Dataset, name: str, value: object) -> object:
    if value is None:
        return None
    if name in ds.field_names and ds.field(name).kind is Kind.DATE:
        return dt.date.fromisoformat(str(value)[:10])
    return value


def _later_changes(conn: Connection, batch_id: int) -> list[int]:
    rows = conn.execute(
        select(record_history.c.batch_id)
        .join(import_batches, import_batches.c.id == record_history.c.batch_id)
        .where(
            record_history.c.previous_batch_id == batch_id,
            record_history.c.batch_id != batch_id,
            import_batches.c.status == ACTIVE,
        )
        .distinct()
    )
    return sorted(int(r[0]) for r in rows)


def undo_batch(engine: Engine, batch_id: int, user: str) -> dict:
    """Restore the state from before ``batch_id``; refused when a later batch changed the same records."""
    with engine.begin() as conn:
        batch = conn.execute(select(import_batches).where(import_batches.c.id == batch_id)).first()
        if batch is None:
            raise UndoError(f"Batch {batch_id} bestaat niet.")
        if batch.status != ACTIVE:
            raise UndoError(f"Batch {batch_id} is al ongedaan gemaakt op {batch.undone_at:%d-%m-%Y %H:%M}.")
        later = _later_changes(conn, batch_id)
        if later:
            raise UndoError(
                f"Batch {batch_id} kan niet ongedaan worden gemaakt: batch(es) {', '.join(map(str, later))} hebben "
                "daarna dezelfde gegevens gewijzigd. Maak die eerst ongedaan."
            )
        removed = restored = 0
        for ds in DATASETS.values():
            table = DATASET_TABLES[ds.name]
            history = conn.execute(
                select(record_history.c.previous).where(
                    record_history.c.batch_id == batch_id, record_history.c.dataset == ds.name
                )
            ).all()
            if ds.kind is DatasetKind.RECORD:
                removed += conn.execute(delete(table).where(table.c.created_batch_id == batch_id)).rowcount or 0
            else:
                removed += conn.execute(delete(table).where(table.c.batch_id == batch_id)).rowcount or 0
            for (previous,) in history:
                row = {k: _restore_value(ds, k, v) for k, v in json.loads(previous).items()}
                if ds.kind is DatasetKind.RECORD:
                    where = and_(*(table.c[k] == row[k] for k in ds.key))
                    conn.execute(update(table).where(where).values(**row))
                else:  # a new id: a later import may hold the old one (SQLite reuses freed row ids)
                    conn.execute(insert(table).values(**{k: v for k, v in row.items() if k != "id"}))
                restored += 1
        conn.execute(delete(record_history).where(record_history.c.batch_id == batch_id))
        conn.execute(delete(stored_scopes).where(stored_scopes.c.batch_id == batch_id))
        conn.execute(delete(findings).where(findings.c.batch_id == batch_id))
        conn.execute(
            update(import_batches)
            .where(import_batches.c.id == batch_id)
            .values(status=UNDONE, undone_at=now(), undone_by=user)
        )
    return {"batch": batch_id, "records_removed": removed, "records_restored": restored}


# ---------------------------------------------------------------- profiles and lookups


def saved_profiles(engine: Engine) -> dict[str, dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(mapping_profiles.c.name, mapping_profiles.c.definition))
        return {r[0]: json.loads(r[1]) for r in rows}


def save_profile(engine: Engine, name: str, dataset: str, definition: dict, user: str, description: str = "") -> None:
    with engine.begin() as conn:
        conn.execute(delete(mapping_profiles).where(mapping_profiles.c.name == name))
        conn.execute(
            insert(mapping_profiles).values(
                name=name,
                dataset=dataset,
                description=description,
                definition=json.dumps(definition, ensure_ascii=False),
                created_at=now(),
                created_by=user,
            )
        )


def delete_profile(engine: Engine, name: str) -> bool:
    with engine.begin() as conn:
        return bool(conn.execute(delete(mapping_profiles).where(mapping_profiles.c.name == name)).rowcount)


def staffed_consultants(conn: Connection) -> set[tuple[str, str]]:
    """(team, consultant) pairs that appear in the staffing table."""
    table = DATASET_TABLES["staffing"]
    rows = conn.execute(select(table.c.team, table.c.consultant).where(table.c.consultant.is_not(None)).distinct())
    return {(r[0], r[1]) for r in rows}


def count_rows(engine: Engine, dataset: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(DATASET_TABLES[dataset])).scalar_one())


def table_rows(engine: Engine, dataset: str, order: bool = True) -> list[dict]:
    """Every stored row of a dataset (for tests, checks and small exports)."""
    table = DATASET_TABLES[dataset]
    ds = DATASETS[dataset]
    query = select(table)
    if order:
        query = query.order_by(*(table.c[k] for k in (ds.key if ds.kind is DatasetKind.RECORD else ("id",))))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


__all__ = [
    "UndoError",
    "active_batch_with_hash",
    "count_rows",
    "create_batch",
    "existing_keys",
    "finish_batch",
    "list_batches",
    "list_findings",
    "load_records",
    "replace_snapshot",
    "save_profile",
    "saved_profiles",
    "table_rows",
    "undo_batch",
    "write_findings",
]
