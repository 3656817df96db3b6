"""Rendering: the templates and the one way to render them (render: a page, its htmx blocks, or the shell of a
page rendered once per shape)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from jinja2_fragments import render_blocks
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from guide.content.library import STEP_COUNT
from guide.core import i18n
from guide.core.settings import get_settings
from guide.listen.audio import audio_name
from guide.listen.recordings import text_hash
from guide.listen.texts import page_text
from guide.sessions.service import job_seeker_policy
from guide.web.deps import current_locale, is_htmx
from guide.web.security import CSRF_FIELD, csrf_token
from guide.web.urls import template_url, url

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

V = TypeVar("V")
Slots = Callable[[str, str], Markup]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
# The kit's templates (base, macros, error pages) first, then each feature's own templates/<feature>/ folder.
TEMPLATE_DIRS = [HERE / "templates", *sorted(HERE.parent.glob("*/templates"))]


@lru_cache
def static_version(relpath: str) -> str:
    """A content hash for cache busting: assets can then be cached for a year."""
    return hashlib.sha256((STATIC_DIR / relpath).read_bytes()).hexdigest()[:10]


def static_url(relpath: str) -> str:
    return f"/static/{relpath}?v={static_version(relpath)}"


@pass_context
def lang_attr(context: Context, text_lang: str | None) -> Markup:
    """` lang="fr"` (and `dir`) on a text in another language than the page's; nothing for the page's own. A
    function, not a macro: pages call it for every title, item and question."""
    locale = context["locale"]
    if not text_lang or text_lang == locale:
        return Markup("")
    attr = Markup(' lang="{}"').format(text_lang)
    if i18n.text_direction(text_lang) != i18n.text_direction(locale):
        attr += Markup(' dir="{}"').format(i18n.text_direction(text_lang))
    return attr


def _make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIRS),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates change only with a deploy; no stat() per render
    )
    # Jinja's newstyle gettext formats the %(name)s variables itself: hand it the bare look-ups.
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension loaded above
        lambda message: i18n.translations().gettext(message),
        lambda singular, plural, n: i18n.translations().ngettext(singular, plural, n),
        newstyle=True,
    )
    env.globals.update(
        static_url=static_url,
        url=template_url,
        lang_attr=lang_attr,
        language_name=i18n.language_name,
        language_label=i18n.language_label,
        language_in_text=i18n.language_in_text,
        fmt_date=i18n.fmt_date,
        fmt_datetime=i18n.fmt_datetime,
        fmt_month=i18n.fmt_month,
        fmt_time=i18n.fmt_time,
        fmt_number=i18n.fmt_number,
        STEP_COUNT=STEP_COUNT,
        direction=i18n.text_direction,
        gettext_in=lambda code, message: i18n.translations(code).gettext(message),
        audio_name=audio_name,  # the Listen control's files (macros.listen): they depend on the text alone
        recording_hash=text_hash,  # and a partner's recording of the same words, where the page has `recordings`
        page_text=page_text,
    )
    return env


templates = _make_env()


def locale_url(request: Request, locale: str) -> str:
    """The same page in another language: the first path segment is the locale."""
    parts = request.url.path.split("/")
    if len(parts) > 1 and parts[1] in i18n.available_locales():
        parts[1] = locale
        return "/".join(parts)
    return url(request, "journeys:start_page", locale=locale)


def base_context(request: Request) -> dict[str, Any]:
    """What every template of a request gets. A page renders its fragments too (panels, banners), each with this:
    what follows from the request alone is made once per request; who is signed in and the CSRF token (a sign-in
    changes both) every time."""
    state = request.scope.setdefault("state", {})
    fixed = state.get("base_context")
    if fixed is None:
        fixed = state["base_context"] = _request_context(request)
    return {
        **fixed,
        "csrf_token": csrf_token(request),
        "signed_in": getattr(request.state, "journey", None) is not None,
        "staff": getattr(request.state, "staff", None),
    }


def _request_context(request: Request) -> dict[str, Any]:
    locale = current_locale(request)
    settings = get_settings()
    policy = job_seeker_policy(settings)
    return {
        "request": request,
        "locale": locale,
        "dir": i18n.text_direction(locale),
        "languages": [(code, i18n.language_name(code), locale_url(request, code)) for code in i18n.available_locales()],
        "csrf_field": CSRF_FIELD,
        # What a page has unless it says otherwise (templates are rendered with StrictUndefined): no form errors,
        # no notice, and a full page rather than an htmx fragment's out-of-band parts.
        "errors": {},
        "notice": "",
        "oob": False,
        "staff_area": request.url.path.split("/")[2:3] == ["staff"],  # a staff page: the staff footer
        "timeout_seconds": int(settings.session_timeout_minutes * 60),
        "warning_seconds": int(settings.session_warning_minutes * 60),
        # The page ends the session itself, before the server would: the server may have noted the person's last
        # request up to a touch interval late (guide.sessions.policy).
        "page_timeout_seconds": round((policy.idle - policy.touch_interval).total_seconds(), 3),
        "page_warning_seconds": round(settings.session_warning_minutes * 60, 3),
        # ... and tells the server that the person types or clicks at most this often (see app.js).
        "presence_every_seconds": round(policy.touch_interval.total_seconds(), 3),
    }


class FieldValues(dict[str, Any]):
    """A form's errors (field -> message) or what was typed (field -> text): a field not in it has "" (templates ask
    `errors.code` or `typed.code` of every field, and StrictUndefined would refuse a missing key)."""

    def __missing__(self, _field: str) -> str:
        return ""


def _values(context: DataclassInstance | dict[str, Any] | None) -> dict[str, Any]:
    """The page's own names: a view's fields (shallow: a field that is itself a view stays one), or a dict's keys."""
    if context is None:
        return {}
    if is_dataclass(context):
        return {f.name: getattr(context, f.name) for f in fields(context)}
    return dict(context)


def _context(request: Request, context: DataclassInstance | dict[str, Any] | None, **overrides: Any) -> dict[str, Any]:
    """What every template gets: the base context, the page's own values, its errors and typed values as
    FieldValues."""
    merged = {**base_context(request), **_values(context), **overrides}
    merged["errors"] = FieldValues(merged["errors"] or {})
    if isinstance(merged.get("typed"), dict):
        merged["typed"] = FieldValues(merged["typed"])
    return merged


def _page_html(request: Request, template: str, context: DataclassInstance | dict[str, Any] | None) -> str:
    return templates.get_template(template).render(_context(request, context))


def fragment(request: Request, template: str, context: dict[str, Any] | None = None, *,
             shell: Shell[Any] | None = None) -> Markup:
    """A partial template rendered on its own, with the base context, as markup to fill a shell's slot (e.g. the
    self-assessment panel, the one per-person part of step 5 and the task list); with `shell`, from its shell as
    render() does (`context` is not used)."""
    if shell is not None:
        return Markup(_filled_shell(request, template, shell))
    return Markup(templates.get_template(template).render(_context(request, context)))


@dataclass(frozen=True)
class Shell(Generic[V]):
    """A page rendered once per shape and filled in per person (see below).

    `view` is a frozen dataclass of every value the page's markup depends on besides each person's values and the
    request-wide ones (path, language, who is signed in, the time-out settings): it is the cache key. `build` makes
    the template's context from the view alone, so no value outside the view can reach the cached markup. `slots`
    gives the person's values; `content` is the guide as loaded now (new content, new shells). `path` stands for
    the request's path in the key where that holds a person's id which the page has as slots, its language links
    included (a take's question: one shell for every take)."""

    view: V
    build: Callable[[V], dict[str, Any]]
    slots: Slots
    content: object
    path: str | None = None


def render(
    request: Request,
    template: str,
    context: DataclassInstance | dict[str, Any] | None = None,
    *,
    blocks: Sequence[str] = (),
    titled: bool = False,
    shell: Shell[Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The one way to render a page.

    `context` is the page's view: a frozen dataclass whose fields the template reads (a dict only where a context
    is built from a view, as a shell's is).

    - By default the whole page.
    - With `blocks`, and when htmx asks: only those blocks, the same markup the whole page has, for htmx to swap in
      (the first block is the target; later ones carry hx-swap-oob through the `oob` flag). `titled` leads them with
      the page's <title>, so that the tab's title follows. Without htmx, the whole page.
    - With `shell` (a GET of the busiest pages): the page's shell for its view, rendered once, with this person's
      values filled in; `context` is not used."""
    if blocks and is_htmx(request):
        merged = _context(request, context, oob=True)  # once: the base context is not free (CSRF token, links)
        html = "".join(render_blocks(templates, template, list(blocks), merged))
        if titled:
            title = "".join(render_blocks(templates, template, ["title"], merged))
            html = f"<title>{title.strip()} – {i18n.gettext('Ten Steps to work')}</title>\n{html}"
        return HTMLResponse(html, status_code=status_code)
    if shell is not None:
        return HTMLResponse(_filled_shell(request, template, shell), status_code=status_code)
    return HTMLResponse(_page_html(request, template, context), status_code=status_code)


# --- pages rendered once per shape, filled per person -----------------------------------------------------------
#
# A step page is the same for everyone who sees the same step, in the same language, at the same centre, with the
# same status: only the CSRF token, the ticks, the answers and the time of the last save differ. Rendering that
# page once per shape and filling in those values per request keeps the busiest page cheap. The template marks
# each per-person value with slot(name, arg); rendered normally, slot() gives the value itself, so there is one
# template and one set of rules either way.

# The marks hold a random token made once per process: no text of the guide, however it was written or imported,
# can contain it, so a mark is never mistaken for content (control characters, once the marks, can come in a file).
_MARK_TOKEN = f"tensteps-slot-{secrets.token_hex(16)}"
_SLOT_MARK = re.compile(f"{_MARK_TOKEN}:([a-z_]+):(.*?):{_MARK_TOKEN}", re.S)
SHELL_CACHE_SIZE = 2000


class ShellCache:
    """An app's shells, the most recently made kept (an app-scoped service: create_app puts one on app.state)."""

    def __init__(self, size: int = SHELL_CACHE_SIZE) -> None:
        self.size = size
        self._shells: OrderedDict[tuple[object, ...], tuple[object, list[str]]] = OrderedDict()

    def get(self, key: tuple[object, ...], content: object) -> list[str] | None:
        cached = self._shells.get(key)
        # The content is kept with its shell, so its id cannot stand for other content while the shell is cached.
        if cached is None or cached[0] is not content:
            return None
        self._shells.move_to_end(key)  # least recently used goes first: a busy step's shell is kept
        return cached[1]

    def put(self, key: tuple[object, ...], content: object, parts: list[str]) -> None:
        self._shells[key] = (content, parts)
        if len(self._shells) > self.size:
            self._shells.popitem(last=False)

    def __len__(self) -> int:
        return len(self._shells)


def _shell_slot(name: str, arg: str = "") -> Markup:
    return Markup(f"{_MARK_TOKEN}:{name}:{arg}:{_MARK_TOKEN}")


def _filled_shell(request: Request, template: str, shell: Shell[Any]) -> str:
    settings = get_settings()
    key = (
        template, request.url.path if shell.path is None else shell.path, current_locale(request),
        getattr(request.state, "journey", None) is not None,
        getattr(request.state, "staff", None) is not None, settings.session_timeout_minutes,
        settings.session_warning_minutes, id(shell.content), shell.view,
    )
    shells: ShellCache = request.app.state.shells
    parts = shells.get(key, shell.content)
    if parts is None:
        marks = _context(request, shell.build(shell.view), csrf_token=_shell_slot("csrf"), slot=_shell_slot)
        # Split once at the marks: [text, name, arg, text, name, arg, ..., text], so a request only joins.
        parts = _SLOT_MARK.split(templates.get_template(template).render(marks))
        shells.put(key, shell.content, parts)
    token = csrf_token(request)
    out = [parts[0]]
    for i in range(1, len(parts), 3):
        name, arg = parts[i], parts[i + 1]
        out.append(token if name == "csrf" else shell.slots(name, arg))
        out.append(parts[i + 2])
    return "".join(out)
