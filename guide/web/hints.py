"""Hints, not credentials: a cookie that says this browser's journey has something (it joined a workshop, it asked
for help), so that the busiest page reads it only where it may be there; for everyone else the step page reads
nothing more (one read cost a third of its CPU). Pages that look anyway (the list of steps, My plan, resuming with a
code) set or clear the hint by what they find, so a journey resumed on another PC finds its banner and reminders.
A wrong hint costs one read or hides a reminder until the next such page; it never shows anyone else's data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import Response

from guide.web.security import set_cookie

R = TypeVar("R", bound=Response)


@dataclass(frozen=True)
class Hint:
    cookie: str

    def may_have(self, request: Request) -> bool:
        return request.cookies.get(self.cookie) == "1"

    def keep(self, request: Request, response: R, has: bool) -> R:
        """Set or clear the hint on a response, as the journey has the thing now or not."""
        if has and not self.may_have(request):
            set_cookie(response, self.cookie, "1")
        elif not has and request.cookies.get(self.cookie) is not None:
            response.delete_cookie(self.cookie, path="/")
        return response
