"""Consent for coaches' outcomes (issue 15): the share screen's "Let my coach record what I started".

Existing shares did not agree to it: off, as a new share is unless the person ticks the box (the consent model's
default for a new choice, like show_barriers in 0014).

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("share_code", "coach_link"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("record_outcomes", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for table in ("coach_link", "share_code"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("record_outcomes")
