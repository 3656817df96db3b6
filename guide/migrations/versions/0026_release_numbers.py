"""Later releases of a period (issue 13): a correction is a new release, numbered 1, 2, ... per period (and per kind
of table); every release stays on record, so the constraint of one release per period becomes one per number.

Revision ID: 0026
Revises: 0024
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_release") as batch:
        batch.add_column(sa.Column("number", sa.Integer, nullable=False, server_default="1"))
        batch.drop_constraint("uq_audit_release_period", type_="unique")
        batch.create_unique_constraint("uq_audit_release_period_number", ["period", "number"])
    with op.batch_alter_table("table_release") as batch:
        batch.add_column(sa.Column("number", sa.Integer, nullable=False, server_default="1"))
        batch.drop_constraint("uq_table_release_kind_period", type_="unique")
        batch.create_unique_constraint("uq_table_release_kind_period_number", ["kind", "period", "number"])


def downgrade() -> None:
    # the earlier releases are kept, the later ones go: one release per period again
    op.execute("DELETE FROM audit_release WHERE number > 1")
    op.execute("DELETE FROM table_release WHERE number > 1")
    with op.batch_alter_table("table_release") as batch:
        batch.drop_constraint("uq_table_release_kind_period_number", type_="unique")
        batch.create_unique_constraint("uq_table_release_kind_period", ["kind", "period"])
        batch.drop_column("number")
    with op.batch_alter_table("audit_release") as batch:
        batch.drop_constraint("uq_audit_release_period_number", type_="unique")
        batch.create_unique_constraint("uq_audit_release_period", ["period"])
        batch.drop_column("number")
