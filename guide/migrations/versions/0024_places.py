"""Partners, regions and centres as data (issue 16): admins add or override them in the browser; the files in
content/ stay the base. A journey may name its neighbourhood, where its centre has some.

Revision ID: 0024
Revises: 0021
Create Date: 2026-12-07
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0025"
branch_labels = None
depends_on = None


def _kept() -> list[sa.Column[Any]]:
    return [
        sa.Column("names", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table("place_partner", sa.Column("id", sa.String(64), primary_key=True), *_kept())
    op.create_table(
        "place_region",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("country", sa.String(2), nullable=False),
        *_kept(),
    )
    op.create_table(
        "place_centre",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("partner", sa.String(64), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("region", sa.String(16), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("official_languages", sa.Text, nullable=False),
        sa.Column("learn_language", sa.String(16), nullable=False),
        sa.Column("neighbourhoods", sa.Text, nullable=False),
        *_kept(),
    )
    op.create_index("ix_place_centre_partner", "place_centre", ["partner"])
    with op.batch_alter_table("journey") as batch:  # where a centre has neighbourhoods, the one the person chose
        batch.add_column(sa.Column("neighbourhood", sa.String(80), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("journey") as batch:
        batch.drop_column("neighbourhood")
    op.drop_index("ix_place_centre_partner", table_name="place_centre")
    op.drop_table("place_centre")
    op.drop_table("place_region")
    op.drop_table("place_partner")
