"""the unique event id of an embedded store as a named index a first load can set aside

A table-level UNIQUE constraint lives in an index SQLite will not drop, so every row of a first
load of a million experiences went into it one by one, at a random place when the ids are
content hashes. As a named unique index it is dropped for a first load into an organization
without experiences and built once, sorted, at its end (bulk.indexes_deferred).

SQLite cannot drop a constraint in place; the table is made again, which this migration does
only while `experiences` is empty (a new store, or one that never imported). A store that holds
experiences keeps its constraint: it works as before, its first loads keep the index live.
PostgreSQL keeps its constraint as well: its imports never set the index aside.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 21:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _columns() -> list[sa.Column[object]]:
    # The columns of experiences exactly as 0001 made them.
    return [
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("organization", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("customer_id", sa.String(length=128), nullable=False),
        sa.Column("touchpoint", sa.String(length=128), nullable=False),
        sa.Column("journey_id", sa.String(length=128), server_default="", nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("csat", sa.Float(), nullable=True),
        sa.Column("nps", sa.Float(), nullable=True),
        sa.Column("ces", sa.Float(), nullable=True),
        sa.Column("stars", sa.Float(), nullable=True),
        sa.Column("grade", sa.Float(), nullable=True),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("language", sa.String(length=8), server_default="", nullable=False),
        sa.Column("staff", sa.Text(), server_default="", nullable=False),
        sa.Column("wait_minutes", sa.Float(), nullable=True),
        sa.Column("delay_minutes", sa.Float(), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
    ]


def _remake(*, unique_as_index: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if bind.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM experiences)").scalar():
        return  # experiences stored: the table stays as it is
    # Empty, so dropping it cascades to nothing (assessments point at experiences).
    op.drop_table("experiences")
    unique = [] if unique_as_index else [
        sa.UniqueConstraint("organization", "event_id", name="uq_experiences_event")
    ]
    op.create_table(
        "experiences",
        *_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiences")),
        *unique,
    )
    op.create_index("ix_experiences_journey", "experiences", ["organization", "customer_id", "at"])
    op.create_index("ix_experiences_touchpoint", "experiences", ["organization", "touchpoint"])
    if unique_as_index:
        op.create_index(
            "uq_experiences_event", "experiences", ["organization", "event_id"], unique=True
        )


def upgrade() -> None:
    _remake(unique_as_index=True)


def downgrade() -> None:
    _remake(unique_as_index=False)
