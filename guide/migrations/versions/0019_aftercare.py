"""Aftercare (issue 15's leftovers): who entered an outcome (the person or a coach), a coach's check of it, and
check-ins for training and work experience too (those already stored get theirs here).

Revision ID: 0019
Revises: 0014
Create Date: 2026-12-07
"""

from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0016"
branch_labels = None
depends_on = None

WEEKS = (4, 13, 26)


def upgrade() -> None:
    with op.batch_alter_table("outcome") as batch:
        batch.add_column(sa.Column("entered_by", sa.String(8), nullable=False, server_default="person"))
        batch.add_column(sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True))
    outcome = sa.table("outcome", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                       sa.column("started_month", sa.Date))
    checkin = sa.table("outcome_checkin", sa.column("outcome_id", sa.Integer), sa.column("due_week", sa.Integer),
                       sa.column("due_on", sa.Date), sa.column("status", sa.String),
                       sa.column("hard_things", sa.String), sa.column("wants_coach", sa.Boolean))
    bind = op.get_bind()
    found = bind.execute(sa.select(outcome.c.id, outcome.c.started_month)
                         .where(outcome.c.kind.in_(("training", "work_experience")))).all()
    rows = []
    for outcome_id, started in found:
        first = started if isinstance(started, date) else date.fromisoformat(str(started)[:10])
        rows += [{"outcome_id": outcome_id, "due_week": w, "due_on": first + timedelta(weeks=w), "status": "",
                  "hard_things": "", "wants_coach": False} for w in WEEKS]
    if rows:
        op.bulk_insert(checkin, rows)


def downgrade() -> None:
    op.execute("DELETE FROM outcome_checkin WHERE outcome_id IN "
               "(SELECT id FROM outcome WHERE kind IN ('training', 'work_experience'))")
    with op.batch_alter_table("outcome") as batch:
        batch.drop_column("checked_at")
        batch.drop_column("entered_by")
