"""The places tables: partners, regions and centres that admins add or change in the browser. Each row adds a place
the files do not have, or overrides the file's one of the same id. Names and lists are JSON text (one shape on
SQLite and PostgreSQL); `version` goes up with every save, so of two admins who saved one version only the first
is stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Integer, String, Text
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class PlacePartner(SQLModel, table=True):
    __tablename__ = "place_partner"

    id: str = Field(sa_column=Column(String(64), primary_key=True))  # what staff accounts name as their partner
    names: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # {"nl": "…", …}
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    updated_by: str = Field(sa_column=Column(String(64), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class PlaceRegion(SQLModel, table=True):
    __tablename__ = "place_region"

    code: str = Field(sa_column=Column(String(16), primary_key=True))  # NUTS-like: BE254
    country: str = Field(sa_column=Column(String(2), nullable=False))
    names: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    updated_by: str = Field(sa_column=Column(String(64), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class PlaceCentre(SQLModel, table=True):
    __tablename__ = "place_centre"

    id: str = Field(sa_column=Column(String(64), primary_key=True))
    partner: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    country: str = Field(sa_column=Column(String(2), nullable=False))
    region: str = Field(sa_column=Column(String(16), nullable=False))
    timezone: str = Field(sa_column=Column(String(64), nullable=False))
    official_languages: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # ["nl"]
    learn_language: str = Field(sa_column=Column(String(16), nullable=False))  # the language job seekers there learn
    neighbourhoods: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # ["Overleie", …]
    names: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    updated_by: str = Field(sa_column=Column(String(64), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
