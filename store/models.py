"""SQLAlchemy tables of the store, built from the canonical schema plus the bookkeeping tables."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

from store.schema import DATASETS, Dataset, DatasetKind, Kind

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

SQL_TYPES: dict[Kind, TypeEngine] = {
    Kind.TEXT: String(120),
    Kind.DATE: Date(),
    Kind.BOOL: Boolean(),
    Kind.INT: Integer(),
    Kind.MONEY: Numeric(14, 2, asdecimal=False),
    Kind.FLOAT: Float(),
    Kind.CATEGORY: String(60),
    Kind.MUNICIPALITY: String(80),
    Kind.PSEUDONYM: String(64),
    Kind.LIST: String(200),
}

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("file_name", String(260), nullable=False),
    Column("file_hash", String(64), nullable=False, index=True),
    Column("dataset", String(40), nullable=False),
    Column("source_format", String(40), nullable=False),
    Column("profile", String(80)),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("rows_loaded", Integer, nullable=False, default=0),
    Column("rows_rejected", Integer, nullable=False, default=0),
    Column("findings", Integer, nullable=False, default=0),
    Column("dropped_columns", Text),
    Column("data_through", Date),
    Column("status", String(20), nullable=False, default="geladen"),
    Column("undone_at", DateTime),
    Column("undone_by", String(80)),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", Integer, ForeignKey("import_batches.id", ondelete="CASCADE"), index=True),
    Column("dataset", String(40), nullable=False),
    Column("severity", String(10), nullable=False),  # "fout" (row rejected) or "melding" (ruislijst)
    Column("code", String(40), nullable=False),
    Column("file_name", String(260)),
    Column("sheet", String(120)),
    Column("row", Integer),
    Column("column", String(120)),
    Column("value", Text),
    Column("message", Text, nullable=False),
    Column("record_key", String(200)),
    Column("created_at", DateTime, nullable=False),
    Column("resolved_at", DateTime),
)

record_history = Table(
    "record_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", Integer, ForeignKey("import_batches.id", ondelete="CASCADE"), nullable=False),
    Column("dataset", String(40), nullable=False),
    Column("record_key", String(200), nullable=False),
    Column("previous_batch_id", Integer, index=True),  # the batch that had written the previous state
    Column("previous", Text, nullable=False),  # JSON of the row before the batch changed it
    Index("ix_record_history_batch_dataset", "batch_id", "dataset"),
)

mapping_profiles = Table(
    "mapping_profiles",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("dataset", String(40), nullable=False),
    Column("description", Text),
    Column("definition", Text, nullable=False),  # JSON: {"headers": {...}, "values": {...}}
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(80), nullable=False),
)


def _dataset_table(ds: Dataset) -> Table:
    columns: list[Column] = []
    if ds.kind is DatasetKind.SNAPSHOT:
        columns.append(Column("id", Integer, primary_key=True, autoincrement=True))
    for f in ds.fields:
        is_key = ds.kind is DatasetKind.RECORD and f.name in ds.key
        columns.append(Column(f.name, SQL_TYPES[f.kind], primary_key=is_key, nullable=not (is_key or f.required)))
    columns.append(Column("batch_id", Integer, nullable=False, index=ds.kind is DatasetKind.SNAPSHOT))
    if ds.kind is DatasetKind.RECORD:
        columns.append(Column("created_batch_id", Integer, nullable=False))
    table = Table(ds.name, metadata, *columns)
    if ds.snapshot_date:
        Index(f"ix_{ds.name}_{ds.snapshot_date}", table.c[ds.snapshot_date])
    return table


DATASET_TABLES: dict[str, Table] = {name: _dataset_table(ds) for name, ds in DATASETS.items()}
