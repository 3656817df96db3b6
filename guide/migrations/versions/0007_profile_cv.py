"""The profile and the CV (issue 19): what the job seeker offers and the parts of their CV, with no contact details.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _journey() -> sa.Column[int]:
    return sa.Column("journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "profile_item",
        sa.Column("journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("shown", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "cv_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        _journey(),
        sa.Column("section", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("start_year", sa.Integer, nullable=True),
        sa.Column("end_year", sa.Integer, nullable=True),
        sa.Column("ongoing", sa.Boolean, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_cv_entry_journey_id", "cv_entry", ["journey_id"])
    op.create_table(
        "cv_language",
        sa.Column("journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
    )
    op.create_table(
        "cv_details",
        sa.Column("journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("driving_licence", sa.String(16), nullable=False),
        sa.Column("wanted_work", sa.Text, nullable=False),
        sa.Column("about", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("cv_details", "cv_language", "cv_entry", "profile_item"):
        op.drop_table(table)
