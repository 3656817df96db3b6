"""Feedback from readers (issue 17): "Was this clear?" per step or self-assessment, language, centre and revision.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reader_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("about", sa.String(16), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("centre_id", sa.String(64), nullable=True),
        sa.Column("revision_id", sa.Integer, nullable=False),
        sa.Column("clear", sa.String(8), nullable=False),
        sa.Column("hard", sa.String(200), nullable=False, server_default=""),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.Integer, sa.ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True),
    )
    op.create_index("ix_reader_feedback_about", "reader_feedback", ["about", "locale", "revision_id"])
    op.create_index("ix_reader_feedback_created", "reader_feedback", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_reader_feedback_created", table_name="reader_feedback")
    op.drop_index("ix_reader_feedback_about", table_name="reader_feedback")
    op.drop_table("reader_feedback")
