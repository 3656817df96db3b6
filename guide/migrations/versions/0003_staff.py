"""Staff accounts (roles, editors' languages, sessions) and consent: share codes, coach links, marks, view log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(name: str, target: str, primary_key: bool = False, index: bool = False) -> sa.Column[int]:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(target, ondelete="CASCADE"), nullable=False, primary_key=primary_key,
        index=index,
    )


def upgrade() -> None:
    op.create_table(
        "staff_account",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("partner", sa.String(128), nullable=False, index=True),
        sa.Column("all_partners", sa.Boolean, nullable=False),
        _ts("created_at"),
        _ts("disabled_at", nullable=True),
    )
    op.create_table(
        "staff_role",
        _fk("account_id", "staff_account.id", primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
    )
    op.create_table(
        "staff_language",
        _fk("account_id", "staff_account.id", primary_key=True),
        sa.Column("locale", sa.String(8), primary_key=True),
    )
    op.create_table(
        "staff_session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _fk("account_id", "staff_account.id", index=True),
        _ts("created_at"),
        _ts("last_seen_at"),
    )
    op.create_table(
        "share_code",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        _fk("journey_id", "journey.id", index=True),
        sa.Column("show_answers", sa.Boolean, nullable=False),
        _ts("expires_at"),
    )
    op.create_table(
        "coach_link",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("journey_id", "journey.id", index=True),
        _fk("account_id", "staff_account.id", index=True),
        sa.Column("show_answers", sa.Boolean, nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("next_step", sa.String(200), nullable=False),
        _ts("next_step_at", nullable=True),
        _ts("created_at"),
        sa.UniqueConstraint("journey_id", "account_id", name="uq_coach_link_journey_account"),
    )
    op.create_table(
        "step_mark",
        _fk("link_id", "coach_link.id", primary_key=True),
        sa.Column("step", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("mark", sa.String(16), nullable=False),
    )
    op.create_table(
        "client_view",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("journey_id", "journey.id", index=True),
        _fk("account_id", "staff_account.id"),
        _ts("viewed_at"),
    )


def downgrade() -> None:
    for table in (
        "client_view", "step_mark", "coach_link", "share_code", "staff_session", "staff_language", "staff_role",
        "staff_account",
    ):
        op.drop_table(table)
