"""indexes for the newest experiences of an organisation and the cases falling due

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 17:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain CREATE INDEX on both stores: existing rows are indexed as the index is built.
    op.create_index("ix_experiences_recent", "experiences", ["organization", "at"], unique=False)
    op.create_index("ix_cases_due", "cases", ["organization", "due_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_due", table_name="cases")
    op.drop_index("ix_experiences_recent", table_name="experiences")
