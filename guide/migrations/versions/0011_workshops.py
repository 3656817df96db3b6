"""Group workshops (issue 18): workshops at a centre and their attendance (a journey, never a name).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("partner", sa.String(128), nullable=False),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("code_seed", sa.String(32), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("series_id", sa.Integer, nullable=True),
        sa.Column("poll_opened_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_workshop_partner_starts", "workshop", ["partner", "starts_at"])
    op.create_index("ix_workshop_series_id", "workshop", ["series_id"])
    op.create_table(
        "workshop_attendance",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False),
        sa.Column("journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("poll_answer", sa.SmallInteger, nullable=True),
        sa.UniqueConstraint("workshop_id", "journey_id", name="uq_workshop_attendance"),
    )
    op.create_index("ix_workshop_attendance_journey", "workshop_attendance", ["journey_id"])


def downgrade() -> None:
    op.drop_index("ix_workshop_attendance_journey", table_name="workshop_attendance")
    op.drop_table("workshop_attendance")
    op.drop_index("ix_workshop_series_id", table_name="workshop")
    op.drop_index("ix_workshop_partner_starts", table_name="workshop")
    op.drop_table("workshop")
