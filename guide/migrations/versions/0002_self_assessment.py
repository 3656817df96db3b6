"""The soft-skills self-assessment: takes, answers, and the levels each finished take scored.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _take_fk() -> sa.Column[int]:
    return sa.Column(
        "take_id", sa.Integer, sa.ForeignKey("assessment_take.id", ondelete="CASCADE"), primary_key=True
    )


def upgrade() -> None:
    op.create_table(
        "assessment_take",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    # The audit looks up each journey's latest finished take in a period.
    op.create_index("ix_assessment_take_journey_finished", "assessment_take", ["journey_id", "finished_at"])
    op.create_table(
        "assessment_answer",
        _take_fk(),
        sa.Column("statement_id", sa.String(64), primary_key=True),
        sa.Column("value", sa.Integer, nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "assessment_level",
        _take_fk(),
        sa.Column("competence_id", sa.String(64), primary_key=True),
        sa.Column("level", sa.Integer, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("assessment_level")
    op.drop_table("assessment_answer")
    op.drop_index("ix_assessment_take_journey_finished", table_name="assessment_take")
    op.drop_table("assessment_take")
