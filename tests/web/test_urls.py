"""One way to build a URL: every route has a "feature:endpoint" name, url() builds its path, nothing builds one by
hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.requests import Request
from starlette.routing import NoMatchFound

from guide.web.urls import _named_paths, route_map, url, url_format

GUIDE = Path(__file__).resolve().parents[2] / "guide"
NAME = re.compile(r"[a-z_]+:[a-z_]+")
# A locale URL written out by hand, in a template or in Python.
HAND_BUILT = re.compile(r"""/\{\{ *locale *\}\}/|f["']/\{locale\}""")


def _request(app: FastAPI, locale: str | None = "fr") -> Request:
    return Request({"type": "http", "method": "GET", "path": f"/{locale}/steps", "query_string": b"", "headers": [],
                    "state": {"locale": locale}, "app": app})


def test_every_route_has_a_unique_feature_endpoint_name(app: FastAPI) -> None:
    names = [name for name, _path in _named_paths(app.routes)]
    assert len(names) > 60
    assert [name for name in names if not NAME.fullmatch(name)] == []
    assert sorted({name for name in names if names.count(name) > 1}) == []
    assert set(route_map(app)) == set(names)


def test_url_gives_what_starlette_gives(app: FastAPI) -> None:
    request = _request(app)
    for name, named in route_map(app).items():
        params = {key: "fr" if key == "locale" else "7" for key in named.convertors}
        assert url(request, name, **params) == app.url_path_for(name, **params), name


def test_no_url_is_built_by_hand() -> None:
    found = [
        f"{path.relative_to(GUIDE)}:{number}: {line.strip()}"
        for path in sorted(GUIDE.rglob("*"))
        if path.suffix in {".py", ".html"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HAND_BUILT.search(line)
    ]
    assert found == []


def test_the_locale_is_the_requests_by_default(app: FastAPI) -> None:
    request = _request(app)
    assert url(request, "journeys:step", n=3) == "/fr/steps/3"
    assert url(request, "journeys:start_page") == "/fr/"
    assert url(request, "staff:home") == "/fr/staff/"
    assert url(request, "assessment:overview") == "/fr/assessment"
    assert url(request, "editor:edit", lang="nl", key="steps/1/title") == "/fr/staff/content/nl/item/steps/1/title"


def test_the_default_locale_outside_a_language(app: FastAPI) -> None:
    assert url(_request(app, None), "journeys:task_list") == "/en/steps"


def test_an_explicit_locale(app: FastAPI) -> None:
    assert url(_request(app), "journeys:step", locale="nl", n=2) == "/nl/steps/2"


def test_a_route_without_a_locale(app: FastAPI) -> None:
    assert url(_request(app), "language:choose") == "/"


def test_the_query_is_urlencoded(app: FastAPI) -> None:
    request = _request(app)
    assert url(request, "journeys:task_list", query={"done": "3"}) == "/fr/steps?done=3"
    assert url(request, "staff:caseload", query={"added": "a b&c"}) == "/fr/staff/caseload?added=a+b%26c"
    assert url(request, "journeys:task_list", query={}) == "/fr/steps"


def test_an_unknown_name_raises(app: FastAPI) -> None:
    with pytest.raises(NoMatchFound):
        url(_request(app), "journeys:nowhere")


def test_a_missing_or_extra_parameter_raises(app: FastAPI) -> None:
    with pytest.raises(NoMatchFound):
        url(_request(app), "journeys:step")
    with pytest.raises(NoMatchFound):
        url(_request(app), "journeys:task_list", n=1)


def test_url_format_leaves_one_parameter_to_fill_in(app: FastAPI) -> None:
    request = _request(app)
    assert url_format(request, "staff:client", "link_id").format(link_id=42) == url(request, "staff:client", link_id=42)
    assert url_format(request, "journeys:step", "n", locale="nl") == "/nl/steps/{n}"
    with pytest.raises(NoMatchFound):
        url_format(request, "journeys:step", "m")
    with pytest.raises(NoMatchFound):
        url_format(request, "journeys:step", "n", extra=1)


def test_the_map_is_built_once_per_app(app: FastAPI) -> None:
    assert route_map(app) is route_map(app)
