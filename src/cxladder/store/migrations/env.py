"""Alembic environment: the connection comes from cxladder's store, never from an ini file."""

from __future__ import annotations

from alembic import context

from cxladder.store import access  # noqa: F401  (its tables join the metadata)
from cxladder.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` run by hand gets here
    raise RuntimeError("run migrations through `cxladder db upgrade`")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
