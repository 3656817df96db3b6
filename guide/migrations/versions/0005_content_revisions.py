"""Content revisions: partners' edits and translations, per item and language, layered over the content/ files.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _revision_fk(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("content_revision.id", ondelete="SET NULL"), nullable=True)


def upgrade() -> None:
    op.create_table(
        "content_revision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_key", sa.String(200), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.String(64), nullable=True),
        _revision_fk("based_on_id"),
        _revision_fk("restored_from_id"),
        sa.Column("source_locale", sa.String(16), nullable=True),
        _revision_fk("source_revision_id"),
        sa.Column("source_hash", sa.String(64), nullable=True),
        sa.Column("source_text", sa.Text, nullable=True),
        # One revision per number per item and language: the database refuses the second of two saves that
        # started from the same revision (optimistic locking). The index also serves the history of an item.
        sa.UniqueConstraint("item_key", "locale", "seq", name="uq_content_revision_seq"),
    )
    op.create_table(
        "content_item_setting",
        sa.Column("item_key", sa.String(200), primary_key=True),
        sa.Column("source_locale", sa.String(16), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "content_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("content_state")
    op.drop_table("content_item_setting")
    op.drop_table("content_revision")
