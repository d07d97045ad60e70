"""Engines and schema upgrades. No connection is opened at import time."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from config import settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# SQLite memory-maps up to this much of the database file: its own upper limit (SQLITE_MAX_MMAP_SIZE, just
# under 2 GiB), so that a store of a million cases (1.2 GB) is mapped whole. At 1 GiB the indexes created
# last (settlements, guidance) lay beyond the map and were read page by page.
MMAP_BYTES = 0x7FFF0000


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API connection
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Read the file through memory mapping: the KPI queries look up many scattered rows (settlement dates,
    # the case of a guidance record), and a page read per lookup through the small page cache costs about
    # as much as the query itself. Writes are unaffected.
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.close()


@cache
def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured database), created once per process."""
    resolved = settings.database_url(url)
    if resolved.startswith("sqlite"):
        engine = create_engine(resolved)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(resolved, pool_pre_ping=True)
    return engine


def upgrade(engine: Engine) -> None:
    """Bring the database schema to the newest migration (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection_engine"] = engine
    command.upgrade(config, "head")


_upgraded: set[str] = set()


def ready_engine(url: str | None = None) -> Engine:
    """An engine whose schema is up to date (migrations run once per process and URL)."""
    engine = get_engine(url)
    key = engine.url.render_as_string(hide_password=False)
    if key not in _upgraded:
        upgrade(engine)
        _upgraded.add(key)
    return engine
