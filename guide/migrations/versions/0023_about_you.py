"""About you (issue 15): a partner's switch for the optional age band and gender, and a journey's answers.

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_question",
        sa.Column("partner", sa.String(64), primary_key=True),
        sa.Column("ask_age_band", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("ask_gender", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_by", sa.String(128), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "journey_about",
        sa.Column("journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("age_band", sa.String(16), nullable=True),
        sa.Column("gender", sa.String(16), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("journey_about")
    op.drop_table("partner_question")
