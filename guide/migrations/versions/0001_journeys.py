"""Journeys, their progress, browser sessions and rate limits.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _ts(name: str, **kw: Any) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, **kw)


def _journey_fk() -> sa.Column[int]:
    return sa.Column(
        "journey_id", sa.Integer, sa.ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True
    )


def upgrade() -> None:
    op.create_table(
        "journey",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("centre_id", sa.String(64), nullable=False, index=True),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("sector", sa.String(32), nullable=True, index=True),
        _ts("created_at"),
        _ts("last_activity_at", index=True),
    )
    op.create_table(
        "step_progress",
        _journey_fk(),
        sa.Column("step", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("status", sa.String(16), nullable=False),
        _ts("updated_at"),
    )
    op.create_table(
        "checklist_tick",
        _journey_fk(),
        sa.Column("step", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("item_id", sa.String(64), primary_key=True),
        _ts("ticked_at"),
    )
    op.create_table(
        "answer",
        _journey_fk(),
        sa.Column("step", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        _ts("updated_at"),
    )
    op.create_table(
        "browser_session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "journey_id",
            sa.Integer,
            sa.ForeignKey("journey.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        _ts("created_at"),
        _ts("last_seen_at"),
    )
    op.create_table(
        "rate_limit",
        sa.Column("key", sa.String(128), primary_key=True),
        _ts("window_start"),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("rate_limit", "browser_session", "answer", "checklist_tick", "step_progress", "journey"):
        op.drop_table(table)
