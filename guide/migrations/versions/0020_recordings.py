"""Partners' recordings of the texts job seekers listen to (issue 17, Listen, item 1).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audio_recording",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_key", sa.String(200), nullable=False),
        sa.Column("part", sa.Integer, nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("source_hash", sa.String(24), nullable=False),
        sa.Column("file_name", sa.String(40), nullable=False),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("duration_seconds", sa.Float, nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_audio_recording_item", "audio_recording", ["item_key", "locale", "part"])


def downgrade() -> None:
    op.drop_index("ix_audio_recording_item", table_name="audio_recording")
    op.drop_table("audio_recording")
