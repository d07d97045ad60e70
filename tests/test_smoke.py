"""Smoke tests: the app starts, and the migrations build exactly the schema the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from streamlit.testing.v1 import AppTest

from config.settings import ROOT
from store import db
from store.models import metadata


def test_dashboard_starts_on_the_overview_in_dutch():
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30).run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Overzicht"]


def _head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_migrations_upgrade_an_empty_sqlite_database(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    try:
        db.upgrade(engine)
        db.upgrade(engine)  # a second upgrade finds nothing to do
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == _head_revision()
            assert set(metadata.tables) <= set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(db_url):
    with db.get_engine(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
