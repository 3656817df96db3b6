"""Every POST route of the app, attacked with random forms by a visitor who may use it: never a server error.

- Which routes: every POST route of guide.app.ROUTERS, read at collection, so a new form is attacked without anyone
  writing a line (test_every_post_route_is_attacked checks the app has none elsewhere).
- Who attacks: the first persona of FUZZ_ORDER the app lets through (not sent to a sign-in page, not refused), found
  by posting an empty form once. Every try starts from that persona's browser signed in again (Cast.ready), since a
  try may sign out, stop a session or delete the journey.
- Which fields: the names in the route's own <form> (or an hx-post inside one) on the app's pages, read by loading
  every GET page as every persona of FUZZ_ORDER. What those forms offer (options, hidden values, buttons) is tried
  as well as garbage, so attacks get past the first check. A route whose form is on no page needs an entry in
  FIELDS_WITHOUT_A_PAGE, or in AFTER_A_POST when another post shows it.
- Which values: any unicode, control and invisible characters, huge strings, numbers far out of range, bytes that
  are not UTF-8, empty; fields missing, repeated and unknown; with and without htmx's header; uploads that are real
  files, spliced ones and noise. Path parameters: the cast's real ids often, otherwise 2^31, 2^63 and more,
  negative, zero, not a number, any text.
- It fails on any 5xx and on "Traceback" in a body. TENSTEPS_FUZZ_EXAMPLES sets the tries per route (CI_EXAMPLES by
  default); bench/fuzz_forms.py runs many more and prints the counts, which TENSTEPS_FUZZ_STATS names a file for.
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlencode, urlsplit

import pytest
from babel.messages.pofile import read_po, write_po
from fastapi.testclient import TestClient
from httpx2 import Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.app import ROUTERS
from guide.core.settings import get_settings
from guide.listen.audio import audio_dir
from tests.conftest import STAFF_PASSWORD
from tests.security.conftest import Cast, fill, path_params, route_table
from tests.security.test_route_table import REFUSED, answer_kind
from tests.staff.test_staff_authorisation import _api_routes

# Tries per route. CI: the whole file in well under a minute per database on two cores; bench/fuzz_forms.py: more.
CI_EXAMPLES = 12
EXAMPLES = int(os.environ.get("TENSTEPS_FUZZ_EXAMPLES", CI_EXAMPLES))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # argon2 on the staff forms and the editor's readability on huge texts take their time
    # One cast per route, made by function-scoped fixtures, serves all its tries: each try starts by signing the
    # persona in again (Cast.ready), and what a try leaves (an answer saved, a link stopped) is ordinary data.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ_ORDER = ("anonymous", "job_seeker", "linked_coach", "fr_editor", "analyst", "admin", "all_partners_admin")
# (method, path) of every route, read from the routers before any app exists, so that pytest can parametrise by them.
ROUTES = sorted({(m, path) for router in ROUTERS for path, route in _api_routes(router.routes) for m in route.methods})
POST_ROUTES = [path for method, path in ROUTES if method == "POST"]

# Forms the cast's pages do not show. "{name}" in a value is one of the cast's ids.
FIELDS_WITHOUT_A_PAGE: dict[str, dict[str, list[str]]] = {
    "/{locale}/session/keepalive": {},  # the time-out warning's "Continue" posts only the token, from app.js
    "/{locale}/assessment/start": {},  # offered only while no self-assessment is open (the cast's is)
    "/{locale}/staff/content/{lang}/review/{key:path}": {"base": ["{revision_id}"]},  # only a text to review
    # the release form comes with a report, and the cast has no self-assessments to report
    # the banner's forms, shown only to a participant in a workshop (the poll's once it is asked)
    "/{locale}/workshop/leave": {"workshop": ["{workshop_id}"], "from": ["steps", "plan"]},
    "/{locale}/workshop/poll": {"workshop": ["{workshop_id}"], "answer": ["1", "2", "3", "4"],
                                "from": ["steps", "plan"]},
    "/{locale}/staff/audit/report/release": {"region": ["BE254"], "sector": ["care"], "period": ["2025", "2026"],
                                             "interim": ["yes"], "correction": ["yes"]},
    # a new release of a quarter is offered only once it is released (the cast's are not): its one more field
    "/{locale}/staff/audit/breakdowns/release": {"correction": ["yes"]},
    "/{locale}/staff/audit/stops/release": {"correction": ["yes"]},
    "/{locale}/staff/audit/groups/release": {"correction": ["yes"]},
    # "check your answers" comes only with every answer in its address; "followed up" only on an answered check-in
    # (the cast's checkin_id is the open one, for the check-in's questions)
    "/{locale}/outcomes/check": {"kind": ["job", "training"], "hours": ["20_30"], "contract": ["permanent"],
                                 "month": ["1", "12"], "year": ["2026"], "outcome": ["{outcome_id}"]},
    "/{locale}/staff/clients/{link_id}/checkins/{checkin_id}/followed-up": {},
    # a partner's recording (guide.listen): the form is on the editor's page of a text with a Listen control, and
    # the cast's item is a step's title, which has none
    "/{locale}/staff/content/{lang}/recording/{key:path}": {"part": ["0", "1"]},
    # a job seeker's neighbourhood: asked only where the centre has some, and the cast's (Medway) has none
    "/{locale}/neighbourhood": {"neighbourhood": ["Overleie", "", "Heule"]},
}
# Their file fields, with the good files _read_real_files gives
FILES_WITHOUT_A_PAGE = {"/{locale}/staff/content/{lang}/recording/{key:path}": {"recording"}}
# Forms only a post shows: the import's confirmation comes with the preview of a real file (see _real_files).
AFTER_A_POST = {"/{locale}/staff/content/{lang}/import/confirm": ("fr_editor", "/{locale}/staff/content/{lang}/import")}

OUT_OF_RANGE = ("2147483648", "9223372036854775807", "9223372036854775808", "18446744073709551616", "-1", "0",
                "-9223372036854775809", "1e309", "NaN", "inf", "0x10", "１２", "²", "١٢", "1.5", " 1", "+1")


# --- what the pages' forms ask ---------------------------------------------------------------------------------------


# A value each kind of field would get from someone filling the form in properly, and for the fields where that is
# not enough: attacks that change only a field or two of a good form get past the first check.
PLAUSIBLE_BY_TYPE = {"date": "2025-06-15", "number": "3", "password": "Harbour-violet-stone-42", "email": "a@b.be"}
PLAUSIBLE = {"survey_date": "2025-06-15", "vacancies": "3", "current_password": STAFF_PASSWORD}


@dataclass
class FormSpec:
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> the values the form offers
    plausible: dict[str, str] = field(default_factory=dict)  # name -> what a person would send
    free: set[str] = field(default_factory=set)  # fields typed freely: made unique per try (duplicates are refused)
    files: set[str] = field(default_factory=set)

    def merge(self, other: FormSpec) -> None:
        for name, values in other.fields.items():
            known = self.fields.setdefault(name, [])
            known.extend(v for v in values if v not in known)
        for name, value in other.plausible.items():
            self.plausible.setdefault(name, value)
        self.free |= other.free
        self.files |= other.files


class _Forms(HTMLParser):
    """The post forms of a page: each one's action and hx-post targets, with its fields and the values offered."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[set[str], FormSpec]] = []
        self.by_id: dict[str, FormSpec] = {}
        self.current: FormSpec | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.current = FormSpec()
            targets = {a["hx-post"]} if "hx-post" in a else set()
            if a.get("method", "get").lower() == "post":
                targets.add(a.get("action", ""))
            self.forms.append((targets, self.current))
            if "id" in a:
                self.by_id[a["id"]] = self.current
            return
        spec = self.by_id.get(a["form"]) if "form" in a else self.current
        if spec is None:
            return
        if "hx-post" in a:  # htmx posts the enclosing form's fields
            next(targets for targets, form in self.forms if form is spec).add(a["hx-post"])
        name = a.get("name", "")
        if tag == "select":
            self.select = name
        elif tag == "option" and self.select:
            spec.fields.setdefault(self.select, []).append(a.get("value", ""))
            if a.get("value"):
                spec.plausible.setdefault(self.select, a["value"])
        elif tag in ("input", "textarea", "button") and name and name != "csrf_token":
            values = spec.fields.setdefault(name, [])
            kind = a.get("type", "text" if tag == "input" else tag)
            if a.get("value"):
                values.append(a["value"])
            if kind == "file":
                spec.files.add(name)
            elif kind not in ("submit", "button", "reset"):
                guess = PLAUSIBLE.get(name) or a.get("value") or PLAUSIBLE_BY_TYPE.get(kind)
                spec.plausible.setdefault(name, guess or "some-text")
                if kind in ("text", "textarea") and name not in PLAUSIBLE:
                    spec.free.add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_on(html: str) -> list[tuple[set[str], FormSpec]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


# What the pages show is the same for every cast (on either database), so it is read once per run.
_FORMS: dict[str, FormSpec] = {}  # route -> its form
_FILES: dict[str, list[tuple[str, bytes]]] = {}  # upload route -> good files for it


def _real_files(cast: Cast, route: str) -> list[tuple[str, bytes]]:
    if route not in _FILES:
        _FILES[route] = _read_real_files(cast, route)
    return _FILES[route]


def _read_real_files(cast: Cast, route: str) -> list[tuple[str, bytes]]:
    """Good files for an upload form, to splice garbage into: the French texts as the export gives them (one
    changed, so a preview has something to confirm), the audit's example CSV."""
    if "/recording" in route:  # a partner's recording: the cast's speech, an Ogg file (tests/security/conftest.py)
        return [("voice.ogg", (audio_dir(get_settings()) / cast.ids["name"]).read_bytes())]
    if "/staff/content/" in route:
        editor = cast.ready(cast.personas["fr_editor"])
        po = editor.get("/en/staff/content/fr/export?format=po").content
        catalog = read_po(io.BytesIO(po))
        for message in catalog:
            if message.id and message.context:
                message.string = f"{message.string} (changed)"
                break
        out = io.BytesIO()
        write_po(out, catalog)
        xliff = editor.get("/en/staff/content/fr/export?format=xliff").content
        return [("texts.po", out.getvalue()), ("texts.xlf", xliff)]
    if "/staff/audit/" in route:
        return [("needs.csv", (get_settings().content_dir / "audit" / "employer-needs-example.csv").read_bytes())]
    return []


def page_forms(cast: Cast) -> dict[str, FormSpec]:
    """Every POST route's form, read from the pages every persona of FUZZ_ORDER sees."""
    if _FORMS:
        return _FORMS
    targets = {fill(path, cast.ids): path for path in POST_ROUTES}
    found: dict[str, FormSpec] = {}

    def read(html: str) -> None:
        for actions, spec in forms_on(html):
            for action in actions:
                path = targets.get(unquote(urlsplit(action).path))  # a partner's id has spaces: %20 in the page
                if path:
                    found.setdefault(path, FormSpec()).merge(spec)

    gets = [path for method, path in ROUTES if method == "GET"]
    for name in FUZZ_ORDER:
        client = cast.ready(cast.personas[name])
        for path in gets:
            response = client.get(fill(path, cast.ids))
            if response.headers.get("content-type", "").startswith("text/html"):
                read(response.text)
    for route, (name, post) in AFTER_A_POST.items():
        who = cast.personas[name]
        client = cast.ready(who)
        for filename, content in _real_files(cast, post):
            response = client.post(fill(post, cast.ids), data={"csrf_token": who.token},
                                   files={"file": (filename, content)})
            read(response.text)
        assert route in found, f"{post} shows no form for {route}"
    for route, fields in FIELDS_WITHOUT_A_PAGE.items():
        spec = FormSpec({name: [v.format(**cast.ids) for v in values] for name, values in fields.items()})
        found.setdefault(route, FormSpec()).merge(spec)
        found[route].files |= FILES_WITHOUT_A_PAGE.get(route, set())
    _FORMS.update(found)
    return _FORMS


# --- the attack ------------------------------------------------------------------------------------------------------

# Characters nobody types: controls (NUL included), zero-width and direction marks, line and paragraph separators.
ODD = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Co"])
NUMBERS = st.one_of(
    st.integers().map(str),
    st.integers(min_value=2**31 - 2, max_value=2**80).map(str),
    st.integers(max_value=-(2**31) + 2).map(str),
    st.sampled_from(OUT_OF_RANGE),
)
GARBAGE = st.one_of(
    st.text(max_size=40),
    st.text(ODD, max_size=12),
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=3),
              st.sampled_from([1_000, 20_000, 300_000])),  # huge
    NUMBERS,
    NUMBERS,
    st.just(""),
    st.binary(max_size=24),  # not UTF-8, as a forged request may send
)


def _value(offered: list[str], plausible: str) -> st.SearchStrategy:
    """Garbage, or what the form offers; a field that takes a number gets numbers out of range more often."""
    garbage = st.one_of(NUMBERS, GARBAGE) if plausible.isdigit() else GARBAGE
    return st.one_of(st.sampled_from(offered), garbage) if offered else garbage


def _path_value(name: str, real: str) -> st.SearchStrategy[str]:
    if name == "locale":
        return st.one_of(*[st.just("en")] * 4, st.sampled_from(["nl", "fr", "xx", "EN", "en-GB", ""]))
    safe = "/" if name == "key" else ""
    wrong = st.one_of(NUMBERS, st.text(min_size=1, max_size=20)).map(lambda v: quote(v, safe=safe))
    return st.one_of(st.just(real), st.just(real), wrong)


@dataclass
class Attack:
    url: str
    pairs: list[tuple[str, str | bytes]]
    files: list[tuple[str, tuple[str, bytes]]]
    htmx: bool

    def send(self, client: TestClient, token: str) -> Response:
        headers = {"HX-Request": "true"} if self.htmx else {}
        pairs = [*self.pairs, ("csrf_token", token)]
        if self.files:
            data: dict[str, list[str | bytes]] = {}
            for name, value in pairs:
                data.setdefault(name, []).append(value)
            return client.post(self.url, data=data, files=self.files, headers=headers)
        body = urlencode(pairs)
        headers["content-type"] = "application/x-www-form-urlencoded"
        return client.post(self.url, content=body, headers=headers)


@st.composite
def attacks(draw: st.DrawFn, route: str, spec: FormSpec, ids: dict[str, str], files: list[tuple[str, bytes]]):  # noqa: ANN201
    url = fill(route, {name: draw(_path_value(name, ids[name])) for name in path_params(route)})
    pairs: list[tuple[str, str | bytes]] = []
    names = [name for name in spec.fields if name not in spec.files]
    # Half the attacks are a good form with a field or two spoilt; the others spoil every field.
    if names and draw(st.booleans()):
        spoilt = {draw(st.sampled_from(names)) for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3])))}
    else:
        spoilt = set(names)
    for name in names:
        if name not in spoilt:
            if name in spec.free:
                pairs.append((name, f"{spec.plausible[name]}-{draw(st.integers(0, 10**9))}"))
            elif name in spec.plausible:
                pairs.append((name, spec.plausible[name]))
            continue
        for _ in range(draw(st.sampled_from([1, 1, 1, 0, 2]))):  # mostly there, sometimes missing or twice
            pairs.append((name, draw(_value(spec.fields[name], spec.plausible.get(name, "")))))
    pairs += draw(st.lists(st.tuples(st.text(max_size=12), GARBAGE), max_size=3))  # fields no form has
    uploads = []
    for name in sorted(spec.files):
        content = st.binary(max_size=2_000)
        if files:
            real = st.sampled_from([content for _name, content in files])
            spliced = st.builds(lambda f, at, junk: f[:at] + junk + f[at:], real, st.integers(0, 4_000),
                                st.binary(min_size=1, max_size=40))
            content = st.one_of(real, spliced, content)
        filename = st.one_of(st.sampled_from([f for f, _c in files] or ["file.txt"]), st.text(max_size=30))
        for _ in range(draw(st.sampled_from([1, 1, 0, 2]))):
            uploads.append((name, (draw(filename), draw(content))))
    return Attack(url, pairs, uploads, draw(st.booleans()))


# --- counting, for bench/fuzz_forms.py -------------------------------------------------------------------------------

# With TENSTEPS_FUZZ_STATS set, every try runs and server errors are counted into that file instead of failing the
# test at the first one (and shrinking it): the benchmark wants how many, and where.
STATS = os.environ.get("TENSTEPS_FUZZ_STATS", "")
REQUESTS: Counter[tuple[str, str]] = Counter()  # (database, route) -> requests sent
SERVER_ERRORS: dict[tuple[str, str], list[str]] = {}  # (database, route) -> what each server error was


@pytest.fixture(scope="module", autouse=True)
def _write_counts() -> Iterator[None]:
    yield
    if STATS:
        with open(STATS, "a", encoding="utf-8") as out:
            for (database, route), requests in sorted(REQUESTS.items()):
                errors = SERVER_ERRORS.get((database, route), [])
                row = {"database": database, "route": route, "requests": requests, "server_errors": len(errors),
                       "examples": sorted(set(errors))[:5]}
                out.write(json.dumps(row) + "\n")


_WHO: dict[str, str] = {}  # route -> its attacker; the same for every cast


def _who(cast: Cast, route: str) -> str:
    """The first persona of FUZZ_ORDER that the app lets post to the route."""
    if route in _WHO:
        return _WHO[route]
    for name in FUZZ_ORDER:
        who = cast.personas[name]
        response = cast.ready(who).post(fill(route, cast.ids), data={"csrf_token": who.token})
        if answer_kind(response) not in REFUSED:
            _WHO[route] = name
            return name
    raise AssertionError(f"nobody in {FUZZ_ORDER} may post to {route}: add the persona who may to the cast")


# --- the tests -------------------------------------------------------------------------------------------------------


def test_every_post_route_is_attacked(app):
    assert {path for method, path in route_table(app) if method == "POST"} == set(POST_ROUTES), (
        "a POST route outside guide.app.ROUTERS is not attacked: put it in a router"
    )


def test_every_post_route_has_its_fields_known(cast):
    forms = page_forms(cast)
    missing = [route for route in POST_ROUTES if route not in forms]
    assert missing == [], "no page has a form for these: add them to FIELDS_WITHOUT_A_PAGE or AFTER_A_POST"


@pytest.mark.parametrize("route", POST_ROUTES)
@FUZZ
@given(data=st.data())
def test_no_form_gives_a_server_error(db_engine, cast, no_rate_limits, route, data):
    name = _who(cast, route)
    who = cast.personas[name]
    spec = page_forms(cast).get(route, FormSpec())
    attack = data.draw(attacks(route, spec, cast.ids, _real_files(cast, route) if spec.files else []))
    client = cast.ready(who)
    key = (db_engine.dialect.name, route)
    REQUESTS[key] += 1
    try:
        response = attack.send(client, who.token)
    except Exception as exc:
        SERVER_ERRORS.setdefault(key, []).append(f"{type(exc).__name__} on {attack.url}")
        if STATS:
            return
        raise
    if response.status_code >= 500 or "Traceback" in response.text:
        SERVER_ERRORS.setdefault(key, []).append(f"{response.status_code} on {attack.url}")
    if STATS:
        return
    assert response.status_code < 500, (name, attack.url, response.text[:300])
    assert "Traceback" not in response.text
