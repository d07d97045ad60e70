"""Shared fixtures: a fresh database per test, on SQLite and (when reachable) on PostgreSQL."""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

# Before anything imports openpyxl: the sample exports are compared byte for byte with what the generator
# writes, and openpyxl's output bytes depend on whether it writes with lxml (see sample_exports/__init__.py).
os.environ.setdefault("OPENPYXL_LXML", "False")

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError

from store import db

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
_DEFAULT_POSTGRES_URL = "postgresql+psycopg://shv:shv@127.0.0.1:5432/shv_test"


def _postgres_url_from_env() -> str:
    """The last line of SHV_TEST_POSTGRES_URL that looks like a URL: tolerant of set-up noise before it."""
    lines = [line.strip() for line in os.environ.get("SHV_TEST_POSTGRES_URL", "").splitlines()]
    urls = [line for line in lines if line.startswith("postgresql")]
    return urls[-1] if urls else _DEFAULT_POSTGRES_URL


POSTGRES_URL = _postgres_url_from_env()
_pg_state: dict[str, object] = {}


def _postgres_reachable() -> bool:
    if "ok" not in _pg_state:
        try:
            engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
            _pg_state["ok"] = True
        except Exception as exc:  # noqa: BLE001 - any failure means: not reachable
            _pg_state["ok"] = False
            _pg_state["why"] = str(exc).splitlines()[0]
    return bool(_pg_state["ok"])


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data directory and a fixed pseudonymisation key."""
    monkeypatch.setenv("SHV_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SHV_PSEUDONYM_KEY", "test-key-" + "x" * 40)
    monkeypatch.setenv("SHV_USER", "tester")
    monkeypatch.delenv("SHV_DATABASE_URL", raising=False)


def _fresh_postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"shv_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        db.get_engine(url).dispose()
        _drop_database(admin, name)
        admin.dispose()


def _drop_database(admin: Engine, name: str) -> None:
    """Drop a test database, waiting out an autovacuum worker that is busy in it.

    `WITH (FORCE)` may not end an autovacuum worker for a role without pg_signal_backend
    ("must be a member of the role whose process is being terminated"); the worker ends on its own
    within moments. A database that still cannot be dropped is a warning, not a failed test.
    """
    for attempt in range(20):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError as exc:
            last = exc
            time.sleep(0.25 * (attempt + 1))
    warnings.warn(f"testdatabase {name} niet verwijderd: {str(last.orig).splitlines()[0]}", stacklevel=2)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty, migrated database; every test using it runs on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
        db.ready_engine(url)
        yield url
        db.get_engine(url).dispose()
        return
    if not _postgres_reachable():
        if os.environ.get("CI"):
            shown = make_url(POSTGRES_URL).render_as_string(hide_password=True) if "://" in POSTGRES_URL else POSTGRES_URL
            pytest.fail(f"PostgreSQL is in CI verplicht maar niet bereikbaar ({shown!r}): {_pg_state.get('why')}")
        pytest.skip(f"PostgreSQL niet bereikbaar ({POSTGRES_URL}): {_pg_state.get('why')}")
    gen = _fresh_postgres_url()
    url = next(gen)
    db.ready_engine(url)
    yield url
    gen.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite database only (for tests that need no PostgreSQL twin)."""
    url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    db.ready_engine(url)
    return url


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _pg_state.get("ok") is False:
        terminalreporter.write_line(
            f"LET OP: PostgreSQL-tests overgeslagen, server niet bereikbaar ({POSTGRES_URL}).", yellow=True
        )
    elif _pg_state.get("ok"):
        terminalreporter.write_line(f"PostgreSQL-tests gedraaid tegen {POSTGRES_URL}.")


@pytest.fixture(scope="session")
def sample_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed sample exports imported once per test session into an SQLite file (read it, or copy
    it with ``sample_db_url`` before writing)."""
    from connectors.cli import sample_files
    from connectors.pipeline import import_file

    folder = tmp_path_factory.mktemp("sample_db")
    path = folder / "samples.sqlite"
    url = f"sqlite:///{path}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SHV_DATA_DIR", str(folder / "data"))
        patch.setenv("SHV_PSEUDONYM_KEY", "test-key-" + "x" * 40)
        patch.setenv("SHV_USER", "tester")
        db.ready_engine(url)
        rejected = [p.name for p in sample_files() if import_file(p, url=url).rejected]
        assert not rejected, f"voorbeeldexports afgewezen: {rejected}"
        from metrics.derived import refresh

        refresh(db.get_engine(url))
        db.get_engine(url).dispose()
    return path


@pytest.fixture
def sample_db_url(sample_db_file: Path, tmp_path: Path) -> str:
    """A private copy of the sample database, for a test that may write to it."""
    import shutil

    target = tmp_path / "samples.sqlite"
    shutil.copyfile(sample_db_file, target)
    url = f"sqlite:///{target}"
    db.ready_engine(url)
    return url
