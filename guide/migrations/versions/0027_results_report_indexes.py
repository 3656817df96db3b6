"""The results report's indexes (issue 15: the report under 1 s on SQLite): step_progress and outcome carry their
journey's centre, so the report counts per centre, and step or kind, and quarter from one index, without a join
and a sort over every row. A journey's centre is chosen when it starts and never changes, so the copies cannot go
stale. The index of steps on (status, updated_at) gives way to two partial indexes of the completed steps: by
centre, step and completion time (the steps completed), and by journey (those who finished all ten). The journeys'
index on their centre takes their start time as well (the journeys started per centre and quarter).

Revision ID: 0027
Revises: 0024
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0024"
branch_labels = None
depends_on = None

COMPLETED = sa.text("status = 'completed'")


def _copy_centre(table: str) -> None:
    """The column centre_id on `table`, filled from the journey of each row. Added by ALTER TABLE, with the default
    "" that SQLite asks of a new NOT NULL column: taking the default away again would rebuild the table on SQLite,
    and dropping the old outcome table would delete its check-ins (ON DELETE CASCADE)."""
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column("centre_id", sa.String(64), nullable=False, server_default=""))
    op.execute(f"UPDATE {table} SET centre_id = (SELECT journey.centre_id FROM journey "
               f"WHERE journey.id = {table}.journey_id)")


def upgrade() -> None:
    op.create_index("ix_journey_centre_created", "journey", ["centre_id", "created_at"])
    op.drop_index("ix_journey_centre_id", table_name="journey")
    _copy_centre("step_progress")
    op.drop_index("ix_step_progress_status_updated", table_name="step_progress")
    op.create_index("ix_step_progress_completed_by_centre", "step_progress", ["centre_id", "step", "updated_at"],
                    sqlite_where=COMPLETED, postgresql_where=COMPLETED)
    op.create_index("ix_step_progress_completed_by_journey", "step_progress", ["journey_id", "updated_at"],
                    sqlite_where=COMPLETED, postgresql_where=COMPLETED)
    _copy_centre("outcome")
    op.create_index("ix_outcome_centre_kind_month", "outcome", ["centre_id", "kind", "started_month"])


def downgrade() -> None:
    op.drop_index("ix_outcome_centre_kind_month", table_name="outcome")
    with op.batch_alter_table("outcome") as batch:
        batch.drop_column("centre_id")
    op.drop_index("ix_step_progress_completed_by_journey", table_name="step_progress")
    op.drop_index("ix_step_progress_completed_by_centre", table_name="step_progress")
    op.create_index("ix_step_progress_status_updated", "step_progress", ["status", "updated_at"])
    with op.batch_alter_table("step_progress") as batch:
        batch.drop_column("centre_id")
    op.create_index("ix_journey_centre_id", "journey", ["centre_id"])
    op.drop_index("ix_journey_centre_created", table_name="journey")
