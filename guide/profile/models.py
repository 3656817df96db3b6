"""The profile's and the CV's tables: what the job seeker chose to offer, and the parts of their CV.

Like every answer, these hang on the anonymous journey. There is no column for a name, a phone number, an e-mail
or an address: those are typed on the CV's last page and used only in that request's response.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class ProfileItem(SQLModel, table=True):
    """One line of "What I can offer": an answer of a step or a strength of the self-assessment, in the person's
    order. `text` is what they made of it; empty: the source as it is now (their answer, the strength's name)."""

    __tablename__ = "profile_item"

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    key: str = Field(sa_column=Column(String(80), primary_key=True))  # "a1-proud", "s-teamwork"
    position: int = Field(sa_column=Column(Integer, nullable=False))
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    shown: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class CvEntry(SQLModel, table=True):
    """A line of the CV's experience or training: what, where, from which year to which (none: until now)."""

    __tablename__ = "cv_entry"

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    section: str = Field(sa_column=Column(String(16), nullable=False))  # experience | training
    kind: str = Field(sa_column=Column(String(16), nullable=False))  # paid, volunteer, placement, care, other; course
    title: str = Field(sa_column=Column(String(200), nullable=False))
    place: str = Field(default="", sa_column=Column(String(200), nullable=False))
    start_year: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    end_year: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    ongoing: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class CvLanguage(SQLModel, table=True):
    """A language the person speaks, in their words, with their own rating mapped to a CEFR level (A1-C2)."""

    __tablename__ = "cv_language"

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    name: str = Field(sa_column=Column(String(60), nullable=False))
    level: str = Field(sa_column=Column(String(8), nullable=False))  # A1 … C2, or "native"


class CvDetails(SQLModel, table=True):
    """The CV's single answers: driving licence, the work wanted, a line about the person."""

    __tablename__ = "cv_details"

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    driving_licence: str = Field(default="", sa_column=Column(String(16), nullable=False))
    wanted_work: str = Field(default="", sa_column=Column(Text, nullable=False))
    about: str = Field(default="", sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
