"""Barriers (issue 16): the job seeker's answers per theme, and the share screen's choice to show them.

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "barrier_answer",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), nullable=False),
        sa.Column("theme", sa.String(32), nullable=False),
        sa.Column("answer", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("coach_status", sa.String(16), nullable=True),
        sa.UniqueConstraint("journey_id", "theme", name="uq_barrier_answer_journey_theme"),
    )
    op.create_index("ix_barrier_answer_journey_id", "barrier_answer", ["journey_id"])
    # Existing shares did not agree to show barriers: off (the consent model's default for a new choice).
    for table in ("share_code", "coach_link"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("show_barriers", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for table in ("coach_link", "share_code"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("show_barriers")
    op.drop_index("ix_barrier_answer_journey_id", table_name="barrier_answer")
    op.drop_table("barrier_answer")
