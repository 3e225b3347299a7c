"""The store's tables, SQLAlchemy Core only. Alembic migrations in ./migrations build them.

Experiences keep the common operational facts (wait and delay minutes) in columns, because the
ladder and the journeys read them for every row; rarer facts go in the `facts` JSON column.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

organizations = sa.Table(
    "organizations",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("sector", sa.Text, nullable=False, server_default=""),
    sa.Column("language", sa.String(8), nullable=False, server_default="nl"),
    sa.Column("brand", sa.JSON, nullable=False),
)

touchpoints = sa.Table(
    "touchpoints",
    metadata,
    sa.Column("organization", sa.String(64), sa.ForeignKey("organizations.key"), primary_key=True),
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("stage", sa.Text, nullable=False, server_default=""),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("target_level", sa.SmallInteger, nullable=False),
    sa.Column("expectations", sa.JSON, nullable=False),
    sa.Column("owner", sa.Text, nullable=False, server_default=""),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
)

customers = sa.Table(
    "customers",
    metadata,
    sa.Column("organization", sa.String(64), sa.ForeignKey("organizations.key"), primary_key=True),
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("name", sa.Text, nullable=False, server_default=""),
    sa.Column("email", sa.Text, nullable=False, server_default=""),
    sa.Column("language", sa.String(8), nullable=False, server_default=""),
    sa.Column("segment", sa.Text, nullable=False, server_default=""),
    sa.Column("consent_contact", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("consent_personalisation", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("consent_analytics", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("occasions", sa.JSON, nullable=True),
)

import_batches = sa.Table(
    "import_batches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(64), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("rows_read", sa.Integer, nullable=False, server_default="0"),
    sa.Column("accepted", sa.Integer, nullable=False, server_default="0"),
    sa.Column("duplicates", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rejects_path", sa.Text, nullable=False, server_default=""),
)

experiences = sa.Table(
    "experiences",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(64), nullable=False),
    # The user's own event id, or a content hash when the file has none: re-imports add nothing.
    sa.Column("event_id", sa.String(128), nullable=False),
    sa.Column("customer_id", sa.String(128), nullable=False),
    sa.Column("touchpoint", sa.String(128), nullable=False),
    sa.Column("journey_id", sa.String(128), nullable=False, server_default=""),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("channel", sa.String(16), nullable=True),
    sa.Column("csat", sa.Float, nullable=True),
    sa.Column("nps", sa.Float, nullable=True),
    sa.Column("ces", sa.Float, nullable=True),
    sa.Column("stars", sa.Float, nullable=True),
    sa.Column("grade", sa.Float, nullable=True),
    sa.Column("text", sa.Text, nullable=False, server_default=""),
    sa.Column("language", sa.String(8), nullable=False, server_default=""),
    sa.Column("staff", sa.Text, nullable=False, server_default=""),
    sa.Column("wait_minutes", sa.Float, nullable=True),
    sa.Column("delay_minutes", sa.Float, nullable=True),
    sa.Column("facts", sa.JSON, nullable=True),
    sa.Column("batch_id", sa.Integer, nullable=True),
    sa.UniqueConstraint("organization", "event_id", name="uq_experiences_event"),
    sa.Index("ix_experiences_journey", "organization", "customer_id", "at"),
    sa.Index("ix_experiences_touchpoint", "organization", "touchpoint"),
)

assessments = sa.Table(
    "assessments",
    metadata,
    sa.Column(
        "experience_id",
        sa.Integer,
        sa.ForeignKey("experiences.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("level", sa.SmallInteger, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("judge", sa.String(64), nullable=False),
    sa.Column("assessed_at", sa.DateTime, nullable=False),
)

quarantine = sa.Table(
    "quarantine",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("import_batches.id"), nullable=False),
    sa.Column("row_number", sa.Integer, nullable=False),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False, server_default=""),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("raw", sa.JSON, nullable=False),
    sa.Index("ix_quarantine_batch", "batch_id"),
)
