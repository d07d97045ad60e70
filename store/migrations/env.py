"""Alembic environment: runs on the engine handed over by ``store.db.upgrade``."""

from __future__ import annotations

from alembic import context

from store.models import metadata

engine = context.config.attributes.get("connection_engine")
if engine is None:  # called from the alembic command line
    from store.db import get_engine

    engine = get_engine(context.config.get_main_option("sqlalchemy.url") or None)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
