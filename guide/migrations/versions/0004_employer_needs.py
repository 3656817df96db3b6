"""The employer skills-needs audit: employers' surveys and their per-competence requirements, and the indexes the
audit's aggregation needs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "employer_survey",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("employer_name", sa.String(200), nullable=False),
        sa.Column("sector", sa.String(32), nullable=False),
        sa.Column("region", sa.String(16), nullable=False),
        sa.Column("surveyed_on", sa.Date, nullable=False),
        sa.Column("vacancies", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("employer_name", "sector", "region", "surveyed_on", name="uq_employer_survey"),
        sa.CheckConstraint("vacancies >= 0", name="ck_employer_survey_vacancies"),
    )
    op.create_index("ix_employer_survey_region_sector_date", "employer_survey", ["region", "sector", "surveyed_on"])
    op.create_table(
        "employer_requirement",
        sa.Column(
            "survey_id", sa.Integer, sa.ForeignKey("employer_survey.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("competence_id", sa.String(64), primary_key=True),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("importance", sa.Integer, nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 4", name="ck_employer_requirement_level"),
        sa.CheckConstraint("importance BETWEEN 1 AND 3", name="ck_employer_requirement_importance"),
    )
    # The audit picks each journey's latest take finished in a period: takes by finish date, with the journey and
    # the id in the index so that the window over (journey, finished_at) reads the index alone.
    op.create_index("ix_assessment_take_finished", "assessment_take", ["finished_at", "journey_id", "id"])
    # Quarterly indicators count completed steps by date.
    op.create_index("ix_step_progress_status_updated", "step_progress", ["status", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_step_progress_status_updated", table_name="step_progress")
    op.drop_index("ix_assessment_take_finished", table_name="assessment_take")
    op.drop_table("employer_requirement")
    op.drop_index("ix_employer_survey_region_sector_date", table_name="employer_survey")
    op.drop_table("employer_survey")
