"""What happened next (issue 15): a job seeker's outcomes and the check-ins after a job.

Revision ID: 0012
Revises: 0013
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcome",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("detail", sa.String(64), nullable=False, server_default=""),
        sa.Column("started_month", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_outcome_journey_id", "outcome", ["journey_id"])
    op.create_table(
        "outcome_checkin",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("outcome_id", sa.Integer, sa.ForeignKey("outcome.id", ondelete="CASCADE"), nullable=False),
        sa.Column("due_week", sa.Integer, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(16), nullable=False, server_default=""),
        sa.Column("hard_things", sa.String(120), nullable=False, server_default=""),
        sa.Column("wants_coach", sa.Boolean, nullable=False),
        sa.Column("followed_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("outcome_id", "due_week", name="uq_outcome_checkin_week"),
    )
    op.create_index("ix_outcome_checkin_outcome_id", "outcome_checkin", ["outcome_id"])
    op.create_index("ix_outcome_checkin_due", "outcome_checkin", ["due_on"])


def downgrade() -> None:
    op.drop_index("ix_outcome_checkin_due", table_name="outcome_checkin")
    op.drop_index("ix_outcome_checkin_outcome_id", table_name="outcome_checkin")
    op.drop_table("outcome_checkin")
    op.drop_index("ix_outcome_journey_id", table_name="outcome")
    op.drop_table("outcome")
