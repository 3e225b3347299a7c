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
    # A unique index (migration 0005) rather than a table constraint, so that a first load can
    # set it aside on SQLite; stores made before 0005 with experiences keep the constraint.
    sa.Index("uq_experiences_event", "organization", "event_id", unique=True),
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


# -- actions: cases, gestures, profiles, trust (migration 0002) --------------------------------
# Customer ids are kept as plain columns (no foreign key to customers) so that erasure deletes
# them table by table, in one transaction, whatever the order.

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(64), nullable=False),
    sa.Column("customer_id", sa.String(128), nullable=False),
    # What the customer needs put right; one open case per (customer, need).
    sa.Column("need", sa.String(128), nullable=False),
    sa.Column("touchpoint", sa.String(128), nullable=False),
    sa.Column("level", sa.SmallInteger, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("owner", sa.Text, nullable=False, server_default=""),
    sa.Column("opened_at", sa.DateTime, nullable=False),
    sa.Column("due_at", sa.DateTime, nullable=False),
    sa.Column("closed_at", sa.DateTime, nullable=True),
    sa.Column("resolution", sa.Text, nullable=False, server_default=""),
    sa.Column("follow_up_question", sa.Text, nullable=False, server_default=""),
    sa.Column("follow_up_sent_at", sa.DateTime, nullable=True),
    sa.Column("level_after", sa.SmallInteger, nullable=True),
    sa.Column("followed_up_at", sa.DateTime, nullable=True),
    sa.Index("ix_cases_customer_need", "organization", "customer_id", "need"),
    sa.Index("ix_cases_status", "organization", "status"),
    sa.Index("ix_cases_due", "organization", "due_at"),
)

case_experiences = sa.Table(
    "case_experiences",
    metadata,
    sa.Column("experience_id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    sa.Index("ix_case_experiences_case", "case_id"),
)

case_notes = sa.Table(
    "case_notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index("ix_case_notes_case", "case_id"),
)

gesture_catalogue = sa.Table(
    "gesture_catalogue",
    metadata,
    sa.Column("organization", sa.String(64), primary_key=True),
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("cost", sa.Float, nullable=False),
    sa.Column("personal", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
)

gesture_budgets = sa.Table(
    "gesture_budgets",
    metadata,
    sa.Column("organization", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(64), primary_key=True),
    sa.Column("monthly_budget", sa.Float, nullable=False),
    sa.Column("approval_limit", sa.Float, nullable=False),
)

gestures = sa.Table(
    "gestures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(64), nullable=False),
    sa.Column("customer_id", sa.String(128), nullable=False),
    sa.Column("gesture", sa.String(64), nullable=False),
    sa.Column("staff", sa.Text, nullable=False),
    sa.Column("role", sa.String(64), nullable=False),
    sa.Column("cost", sa.Float, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    # given | pending | rejected | withheld (the customer drew the random hold-out)
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("touchpoint", sa.String(128), nullable=False, server_default=""),
    sa.Column("case_id", sa.Integer, nullable=True),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("decided_by", sa.Text, nullable=False, server_default=""),
    sa.Column("decided_at", sa.DateTime, nullable=True),
    sa.Index("ix_gestures_customer", "organization", "customer_id"),
    sa.Index("ix_gestures_month", "organization", "role", "at"),
)

deviations = sa.Table(
    "deviations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(64), nullable=False),
    sa.Column("staff", sa.Text, nullable=False),
    sa.Column("role", sa.String(64), nullable=False),
    sa.Column("customer_id", sa.String(128), nullable=False, server_default=""),
    sa.Column("touchpoint", sa.String(128), nullable=False, server_default=""),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("standard_path", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)

customer_profiles = sa.Table(
    "customer_profiles",
    metadata,
    sa.Column("organization", sa.String(64), primary_key=True),
    sa.Column("customer_id", sa.String(128), primary_key=True),
    sa.Column("preferences", sa.JSON, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

mitigations = sa.Table(
    "mitigations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(64), nullable=False),
    sa.Column("touchpoint", sa.String(128), nullable=False),
    sa.Column("pain", sa.String(64), nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("organization", sa.String(64), nullable=False),
    # A salted hash of the customer id, never the id itself: the log outlives an erasure.
    sa.Column("subject", sa.String(64), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_audit_log_subject", "organization", "subject"),
)

audit_salts = sa.Table(
    "audit_salts",
    metadata,
    sa.Column("organization", sa.String(64), primary_key=True),
    sa.Column("salt", sa.String(64), nullable=False),
)

retention_rules = sa.Table(
    "retention_rules",
    metadata,
    sa.Column("organization", sa.String(64), primary_key=True),
    # customers | texts | case_notes
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("days", sa.Integer, nullable=False),
)
