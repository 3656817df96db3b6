"""Pages anyone sees before choosing a language."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from guide.web.render import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, name="language:choose")
def choose_language(request: Request) -> HTMLResponse:
    return render(request, "journeys/choose_language.html")
