"""Releases of the quarterly breakdown tables (issue 13): the barrier map, the workshops by topic and where people
stop are published once per kind and quarter, like the skills audit's periods (0006).

Revision ID: 0025
Revises: 0021
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "table_release",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("interim", sa.Boolean, nullable=False),
        sa.Column("k", sa.Integer, nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
        sa.UniqueConstraint("kind", "period", name="uq_table_release_kind_period"),
    )


def downgrade() -> None:
    op.drop_table("table_release")
