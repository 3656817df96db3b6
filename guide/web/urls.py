"""The one way to build a URL: from a route's name ("feature:endpoint"), as a path (the app runs behind proxies)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from jinja2 import pass_context
from jinja2.runtime import Context
from starlette.convertors import Convertor
from starlette.requests import Request
from starlette.routing import BaseRoute, NoMatchFound, Route, compile_path, replace_params

from guide.web.deps import current_locale


@dataclass(frozen=True)
class NamedPath:
    """A route's full path, compiled once: its format ("/{locale}/steps/{n}") and its parameters' convertors."""

    path: str
    path_format: str
    convertors: dict[str, Convertor[Any]]


def route_map(app: Any) -> dict[str, NamedPath]:  # noqa: ANN401 - any Starlette app: its routes and its state
    """Every named route of the app by name, built once per app and kept on app.state (Starlette's url_path_for
    tries every route on each call; a caseload page has hundreds of links)."""
    found: dict[str, NamedPath] | None = getattr(app.state, "url_routes", None)
    if found is None:
        found = {}
        for name, path in _named_paths(app.routes):
            if name in found:
                raise RuntimeError(f"two routes are named {name!r}")
            _regex, path_format, convertors = compile_path(path)
            found[name] = NamedPath(path, path_format, convertors)
        app.state.url_routes = found
    return found


def _named_paths(routes: Iterable[BaseRoute], prefix: str = "") -> Iterable[tuple[str, str]]:
    """(name, full path) of every route, through included routers whichever way FastAPI keeps them (from 0.16x as
    they are, with the prefix of the include beside them)."""
    for route in routes:
        if isinstance(route, Route):
            yield route.name, prefix + route.path
        elif (included := getattr(route, "original_router", None)) is not None:
            yield from _named_paths(included.routes, prefix + getattr(route, "include_context").prefix)  # noqa: B009


def url(request: Request, name: str, /, *, query: Mapping[str, str] | None = None, **params: str | int) -> str:
    """The path of the route `name` with these path parameters, `locale` the request's unless given, and `query`
    urlencoded after it. An unknown name or a missing or extra parameter raises NoMatchFound: a programming error."""
    path = _path(request, name, params)
    return f"{path}?{urlencode(query)}" if query else path


def url_format(request: Request, name: str, param: str, /, **params: str | int) -> str:
    """The path of the route `name` as url() builds it, with `{param}` left in it for str.format: one look-up for a
    page of links that differ only in one whole number (a caseload's clients), whose convertor writes it as str()."""
    return _path(request, name, params, param)


def _path(request: Request, name: str, params: dict[str, str | int], left: str = "") -> str:
    """The route's path with `params` filled in and `{left}`, when named, left as it is."""
    named = route_map(request.app).get(name)
    if named is None:
        raise NoMatchFound(name, params)
    if "locale" in named.convertors and "locale" not in params:
        params["locale"] = current_locale(request)
    if params.keys() | ({left} if left else set()) != named.convertors.keys() or left in params:
        raise NoMatchFound(name, params)
    values: dict[str, Any] = dict(params)  # the convertors write ints and strings alike
    path, _remaining = replace_params(named.path_format, named.convertors, values)
    return path


@pass_context
def template_url(context: Context, name: str, /, *, query: Mapping[str, str] | None = None, **params: Any) -> str:  # noqa: ANN401
    """url() for templates: the request is the page's own (every context has it, see render.base_context)."""
    return url(context["request"], name, query=query, **params)
