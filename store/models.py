"""SQLAlchemy tables of the store, built from the canonical schema plus the bookkeeping tables."""

from __future__ import annotations

from datetime import date

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
    UniqueConstraint,
    or_,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

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

# Which teams and municipalities each batch wrote (distinct pairs): the filters offer what the data hold from
# this small table instead of scanning a million records per page (migration 0006). Removed with its batch.
stored_scopes = Table(
    "stored_scopes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", Integer, nullable=False, index=True),  # no foreign key: as the dataset tables' batch_id
    Column("dataset", String(40), nullable=False),
    Column("team", String(120)),
    Column("municipality", String(80)),
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


# --- Metrics layer (migration 0002) ----------------------------------------------------------------------
# Derived per-case columns: the legal deadlines (computed in Python with the working-day calendar) and the
# dates a case leaves the waiting list and the caseload. Only the metrics layer writes them
# (store/queries/derived.py); a row whose derived_batch_id differs from its batch_id (the importer sets
# batch_id on every write, an undo rewrites it) is recomputed before the next KPI computation.
# The KPI indexes are covering indexes: each KPI family reads one index range, never the table.
FAR_FUTURE = date(9999, 12, 31)  # waiting_until / open_until of a case that has not left yet


class DerivedDate(TypeDecorator):
    """A DATE that also accepts ISO text, as the undo of a batch hands back (JSON of the previous row)."""

    impl = Date
    cache_ok = True

    def process_bind_param(self, value: object, dialect: object) -> object:  # noqa: ARG002
        return date.fromisoformat(value[:10]) if isinstance(value, str) else value


_cases = DATASET_TABLES["cases"]
for _column in (
    Column("first_contact_deadline", DerivedDate),
    Column("decision_deadline", DerivedDate),
    Column("waiting_until", DerivedDate),  # earliest of first_contact_on and closed_on, else FAR_FUTURE
    Column("open_until", DerivedDate),  # closed_on, else FAR_FUTURE
    Column("derived_batch_id", Integer),  # the batch_id the derived columns were computed for
):
    _cases.append_column(_column)
_c = _cases.c
_BY = (_c.team, _c.municipality, _c.consultant)
Index("ix_cases_kpi_registered", _c.registered_on, *_BY, _c.crisis, _c.first_contact_on,
      _c.first_contact_deadline, _c.closed_on)  # fmt: skip
Index("ix_cases_kpi_first_contact", _c.first_contact_on, *_BY, _c.registered_on, _c.decision_on,
      _c.decision_deadline, _c.closed_on)  # fmt: skip
Index("ix_cases_kpi_decision", _c.decision_on, *_BY, _c.decision)
Index("ix_cases_kpi_plan", _c.plan_on, *_BY, _c.registered_on)
Index("ix_cases_kpi_closed", _c.closed_on, *_BY, _c.registered_on, _c.close_reason)
Index("ix_cases_kpi_waiting", _c.waiting_until, *_BY, _c.registered_on, _c.first_contact_deadline)
Index("ix_cases_kpi_open", _c.open_until, *_BY, _c.first_contact_on)
# Migration 0005. Where an open case stands on a date: decision past its term, the stage it stalls in
# (store/queries/phases.py). The cases of one consultant (the caseload meeting's lists, the consultant filter):
# partial, so that only a query naming a consultant can use it; a GROUP BY consultant keeps its date index.
Index("ix_cases_open_state", _c.open_until, *_BY, _c.first_contact_on, _c.decision_on, _c.decision_deadline,
      _c.decision, _c.plan_on, _c.settlement_submitted_on, _c.settlement_granted_on, _c.settlement_rejected_on,
      _c.settlement_withdrawn_on)  # fmt: skip
_NAMED = _c.consultant.is_not(None)
Index("ix_cases_consultant", _c.consultant, _c.team, _c.municipality, sqlite_where=_NAMED, postgresql_where=_NAMED)
# Migration 0008. The settlement family is read by parts, one per outcome date (store/queries/families.py):
# each part reads its own partial index, covering the breakdown and the dates that decide which outcome is
# the earliest.
_SETTLEMENT_INDEXES = {
    "settlement_submitted_on": (),
    "settlement_granted_on": (_c.forced_settlement, _c.settlement_rejected_on, _c.settlement_withdrawn_on),
    "settlement_rejected_on": (_c.settlement_granted_on, _c.settlement_withdrawn_on),
    "settlement_withdrawn_on": (_c.settlement_granted_on, _c.settlement_rejected_on),
}
for _name, _also in _SETTLEMENT_INDEXES.items():
    _col = _c[_name]
    Index(f"ix_cases_kpi_{_name}", _col, *_BY, *_also, sqlite_where=_col.isnot(None), postgresql_where=_col.isnot(None))
_STALE = or_(_c.derived_batch_id.is_(None), _c.derived_batch_id != _c.batch_id)
Index("ix_cases_derived_stale", _c.case_id, sqlite_where=_STALE, postgresql_where=_STALE)

_sc = DATASET_TABLES["signal_cases"].c
Index("ix_signal_cases_kpi_matched", _sc.matched_on, _sc.municipality, _sc.signal_count, _sc.picked_up_on,
      _sc.reached_on, _sc.result)  # fmt: skip
_sg = DATASET_TABLES["signals"].c
Index("ix_signals_kpi_received", _sg.received_on, _sg.municipality)
_sf = DATASET_TABLES["satisfaction"].c
Index("ix_satisfaction_kpi_responded", _sf.responded_on, _sf.team, _sf.municipality, _sf.score, _sf.nps_score)
_gd = DATASET_TABLES["case_guidance"].c
# case_id too (migration 0008): the budget-management figures join each guidance to its case
Index("ix_case_guidance_kpi_kind", _gd.kind, _gd.started_on, _gd.ended_on, _gd.case_id)

metric_settings = Table(
    "metric_settings",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(80), nullable=False),
)

holiday_overrides = Table(
    "holiday_overrides",
    metadata,
    Column("day", Date, primary_key=True),
    Column("action", String(12), nullable=False),  # "toevoegen" (not a working day) or "verwijderen"
    Column("note", Text),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(80), nullable=False),
)

metric_state = Table(
    "metric_state",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

deadline_days = Table(  # per calendar day: the deadlines of a term starting that day (a cache)
    "deadline_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("first_contact_deadline", Date, nullable=False),
    Column("crisis_deadline", Date, nullable=False),
    Column("decision_deadline", Date, nullable=False),
)

# --- Dashboard (migration 0003) ----------------------------------------------------------------------------
# Registration changes (a new intake procedure, a system migration) recorded as annotations: shown on every
# chart of the KPIs they name (none named: every KPI), for the teams and municipalities they concern.
annotations = Table(
    "annotations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("on_date", Date, nullable=False, index=True),
    Column("kpis", Text, nullable=False, default=""),  # KPI ids, comma-separated; empty: every KPI
    Column("team", String(120)),  # None: every team
    Column("municipality", String(80)),  # None: every municipality
    Column("text", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("removed_at", DateTime),
    Column("removed_by", String(80)),
)

# Who exported what (privacy: every download of figures or case lists is logged).
export_log = Table(
    "export_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("created_by", String(80), nullable=False),
    Column("role", String(20), nullable=False),
    Column("what", String(120), nullable=False),  # e.g. "dossierlijst", "raadsrapportage"
    Column("detail", Text),  # period, filters, file name
    Column("rows", Integer),
)

# --- Accountability (migration 0004) -----------------------------------------------------------------------
# SMART targets as versioned rows: editing a target writes a new version with the same target_key and marks
# the old one superseded, so every earlier wording stays readable. A withdrawn target keeps its rows.
targets = Table(
    "targets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_key", String(40), nullable=False),  # the same for every version of one target
    Column("version", Integer, nullable=False),
    Column("plan_year", Integer, nullable=False, index=True),  # the jaarplan
    Column("kpi", String(80), nullable=False),  # an id of metrics.registry
    Column("team", String(120)),  # None: every team
    Column("municipality", String(80)),  # None: every municipality
    Column("comparison", String(2), nullable=False),  # "ge" (at least) or "le" (at most)
    Column("value", Float, nullable=False),
    Column("baseline_value", Float, nullable=False),
    Column("baseline_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("owner", String(120), nullable=False),
    Column("rationale", Text, nullable=False),
    Column("copied_from", String(40)),  # target_key of last year's target this one was copied from
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("superseded_at", DateTime),
    Column("superseded_by", String(80)),
    Column("withdrawn_at", DateTime),
    Column("withdrawn_by", String(80)),
    UniqueConstraint("target_key", "version"),
)

# Status updates of a target: append-only, never overwritten (date, author, status, note).
target_status = Table(
    "target_status",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_key", String(40), nullable=False, index=True),
    Column("target_version", Integer, nullable=False),  # the version the status was written against
    Column("on_date", Date, nullable=False),
    Column("status", String(20), nullable=False),  # metrics.targets.TargetStatus
    Column("note", Text, nullable=False),
    Column("author", String(80), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# The team leader's explanation of a deviation in the council report, per quarter, KPI and scope; a history
# too: the newest row is the explanation, the older ones say who wrote what when.
explanations = Table(
    "explanations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(10), nullable=False),  # e.g. "2025-Q3"
    Column("kpi", String(80), nullable=False),
    Column("team", String(120)),  # the report's team filter; None: every team
    Column("municipality", String(80)),  # None: the report's total row
    Column("text", Text, nullable=False),
    Column("author", String(80), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index("ix_explanations_period_kpi", "period", "kpi"),
)

# Frozen reports: the figures as they were when someone froze them, so late corrections do not change a
# report that has gone to the council; a later freeze adds a row (who froze what when stays visible).
frozen_reports = Table(
    "frozen_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # "jaarverslag"
    Column("period", String(10), nullable=False),  # e.g. "2025"
    Column("scope", Text, nullable=False),  # JSON: {"teams": [...] or null, "municipalities": [...] or null}
    Column("reference_date", Date, nullable=False),  # the peildatum of the figures
    Column("data_through", Date),  # the newest "data t/m" when frozen
    Column("figures", Text, nullable=False),  # JSON list of the figures, unsuppressed (suppressed on output)
    Column("frozen_at", DateTime, nullable=False),
    Column("frozen_by", String(80), nullable=False),
    Column("note", Text),
    Index("ix_frozen_reports_kind_period", "kind", "period"),
)
