"""My plan's parts that features own: each gives a read and its markup, so that a new feature adds one line to
guide.journeys.plan_panels.PANELS, not a parameter to My plan and a merge conflict in its route.

My plan runs every panel's read on one connection (one trip to the database), then asks each panel for its markup
by place: TOP, under the page's title (the workshop the person is in), or BODY, after the ten steps, in the order of
PANELS. A panel may also answer for a `?done=` notice, and set something on the response (a hint cookie)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from guide.content.library import Centre, Library
from guide.journeys.models import Journey
from guide.journeys.service import JourneyFacts

TOP, BODY = "top", "body"


@dataclass(frozen=True)
class PanelContext:
    """What every panel may read or show with: the request, the journey's id and place, the guide, the time."""

    request: Request
    journey: Journey | JourneyFacts
    locale: str
    library: Library
    centre: Centre | None
    timezone: str
    country: str
    now: datetime
    query: Mapping[str, str]  # the page's query string (a workshop's notice, an outcome's `done`)

    @property
    def journey_id(self) -> int:
        assert self.journey.id is not None  # noqa: S101 - a signed-in journey is a saved row
        return self.journey.id


@dataclass(frozen=True)
class PlanPanel:
    name: str
    read: Callable[[Session, PanelContext], Any]
    show: Callable[[PanelContext, Any], Mapping[str, Markup]]  # place -> markup
    notices: Mapping[str, str] = field(default_factory=dict)  # `?done=` value -> message id (gettext'd on show)
    respond: Callable[[PanelContext, Any, Response], None] | None = None
