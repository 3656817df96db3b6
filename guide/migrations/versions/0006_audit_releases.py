"""The skills audit's releases: the protected table of a period, stored once when it is published (issue 13).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_release",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("interim", sa.Boolean, nullable=False),
        sa.Column("k", sa.Integer, nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
        sa.UniqueConstraint("period", name="uq_audit_release_period"),
    )


def downgrade() -> None:
    op.drop_table("audit_release")
