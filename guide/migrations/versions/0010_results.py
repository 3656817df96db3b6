"""Results against targets (issue 15): outreach tallies, and the programme's targets with their history.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reach_tally",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("neighbourhood", sa.String(80), nullable=False, server_default=""),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("recorded_by", sa.Integer, sa.ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reach_tally_centre_day", "reach_tally", ["centre_id", "day"])
    op.create_table(
        "programme_target",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("partner", sa.String(128), nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("target", sa.Integer, nullable=True),
        sa.Column("set_by", sa.String(200), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("target IS NULL OR target >= 0", name="ck_programme_target_target"),
    )
    op.create_index("ix_programme_target_partner_period", "programme_target",
                    ["partner", "period", "indicator", "id"])


def downgrade() -> None:
    op.drop_index("ix_programme_target_partner_period", table_name="programme_target")
    op.drop_table("programme_target")
    op.drop_index("ix_reach_tally_centre_day", table_name="reach_tally")
    op.drop_table("reach_tally")
