"""The local directory (issue 16): services and opportunities per centre, their texts per language, their history.

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("neighbourhood", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("themes", sa.String(200), nullable=False),
        sa.Column("steps", sa.String(40), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("hours", sa.Text, nullable=False),
        sa.Column("website", sa.String(300), nullable=False),
        sa.Column("languages", sa.String(80), nullable=False),
        sa.Column("free", sa.Boolean, nullable=True),
        sa.Column("transport", sa.String(200), nullable=False),
        sa.Column("checked_on", sa.Date, nullable=True),
        sa.Column("source_locale", sa.String(16), nullable=False),
        sa.Column("text_version", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_directory_entry_centre_id", "directory_entry", ["centre_id"])
    op.create_table(
        "directory_text",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("directory_entry.id", ondelete="CASCADE"), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source_version", sa.Integer, nullable=False),
        sa.UniqueConstraint("entry_id", "locale", name="uq_directory_text_entry_locale"),
    )
    op.create_index("ix_directory_text_entry_id", "directory_text", ["entry_id"])
    op.create_table(
        "directory_revision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("directory_entry.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.UniqueConstraint("entry_id", "version", name="uq_directory_revision_version"),
    )
    op.create_index("ix_directory_revision_entry_id", "directory_revision", ["entry_id"])


def downgrade() -> None:
    op.drop_index("ix_directory_revision_entry_id", table_name="directory_revision")
    op.drop_table("directory_revision")
    op.drop_index("ix_directory_text_entry_id", table_name="directory_text")
    op.drop_table("directory_text")
    op.drop_index("ix_directory_entry_centre_id", table_name="directory_entry")
    op.drop_table("directory_entry")
