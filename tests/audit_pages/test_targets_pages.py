"""The targets page: an admin sets a partner's targets for a year (their own partner; every partner for an
all-partners admin), bad figures are said beside their field with nothing stored, and the file is imported."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from guide.core.db import writing
from skills_audit.models import ProgrammeTarget
from skills_audit.targets import current_targets
from tests.conftest import csrf_token, make_staff, sign_in_staff

YEAR = str(date.today().year)
MEDWAY, KORTRIJK = "Medway Council", "Stad Kortrijk"


@pytest.fixture
def admin(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "partner-admin", ("admin",)))


def _post(client, path, locale="en", **fields):  # noqa: ANN001, ANN201
    return client.post(f"/{locale}/staff/audit/targets{path}",
                       data={"csrf_token": csrf_token(client, locale), **fields})


def test_an_admin_sets_targets_and_sees_them_with_who_changed_them(admin, db):
    page = admin.get("/en/staff/audit/targets")
    assert page.status_code == 200
    assert f'name="t-house_visit-{YEAR}-Q1"' in page.text and f'name="t-started-{YEAR}-Q4"' in page.text
    assert 'name="t-finished-programme"' in page.text
    response = _post(admin, "", partner=MEDWAY, year=YEAR, **{f"t-house_visit-{YEAR}-Q2": "1 000",
                                                              "t-started-programme": "300"})
    assert response.status_code == 303
    assert current_targets(db) == {(MEDWAY, "house_visit", f"{YEAR}-Q2"): 1000, (MEDWAY, "started", "programme"): 300}
    shown = admin.get(response.headers["location"])
    assert "The targets are saved." in shown.text
    assert f'id="t-house_visit-{YEAR}-Q2" name="t-house_visit-{YEAR}-Q2" value="1000"' in shown.text
    assert "partner-admin" in shown.text.split("Latest changes")[1]


@pytest.mark.parametrize("locale", ["en", "nl", "fr"])
def test_a_bad_figure_is_said_beside_its_field_and_nothing_is_stored(admin, db, locale):
    field = f"t-started-{YEAR}-Q1"
    response = _post(admin, "", locale, partner=MEDWAY, year=YEAR, **{field: "lots", f"t-finished-{YEAR}-Q1": "5"})
    assert response.status_code == 422
    assert f'href="#{field}"' in response.text and f'id="{field}-error"' in response.text
    assert 'value="lots"' in response.text and 'value="5"' in response.text  # what was typed is kept
    assert db.exec(select(ProgrammeTarget)).all() == []


def test_a_partner_admin_sets_only_their_own_partners_targets(admin, db):
    assert admin.get(f"/en/staff/audit/targets?partner={KORTRIJK}").status_code == 403
    response = _post(admin, "", partner=KORTRIJK, year=YEAR, **{f"t-started-{YEAR}-Q1": "9"})
    assert response.status_code == 403
    assert db.exec(select(ProgrammeTarget)).all() == []
    nowhere = _post(admin, "", partner="Nowhere", year="1900", **{f"t-started-{YEAR}-Q1": "9"})
    assert nowhere.status_code == 422 and "Choose a partner from the list." in nowhere.text
    assert 'href="#partner"' in nowhere.text and 'id="partner"' in nowhere.text


def test_an_all_partners_admin_chooses_the_partner(client, db):
    sign_in_staff(client, db, make_staff(db, "all-admin", ("admin",), all_partners=True))
    page = client.get(f"/en/staff/audit/targets?partner={KORTRIJK}")
    assert page.status_code == 200 and f'<option value="{KORTRIJK}" selected>' in page.text
    assert _post(client, "", partner=KORTRIJK, year=YEAR, **{f"t-started-{YEAR}-Q1": "9"}).status_code == 303
    assert current_targets(db) == {(KORTRIJK, "started", f"{YEAR}-Q1"): 9}
    unknown = client.get("/en/staff/audit/targets?partner=Nowhere&year=1900")
    assert unknown.status_code == 422 and "Choose a partner from the list." in unknown.text


def test_the_file_is_imported_for_the_admins_partner_only(admin, db):
    assert "No targets are stored yet" in admin.get("/en/staff/audit/targets").text
    response = _post(admin, "/import", partner=MEDWAY, year=YEAR)
    assert response.status_code == 303
    partners = {partner for partner, _key, _period in current_targets(db)}
    assert partners == {MEDWAY}
    assert current_targets(db)[(MEDWAY, "started", f"{YEAR}-Q3")] == 75
    assert "The targets file is imported." in admin.get(response.headers["location"]).text


def test_a_broken_file_is_said_on_the_page_and_nothing_is_stored(admin, db, tmp_path, monkeypatch):
    from guide.audit_pages import routes

    broken = tmp_path / "targets.yml"
    broken.write_text('"Medway Council":\n  every_quarter: {visits: 3}\n', encoding="utf-8")
    monkeypatch.setattr(routes, "targets_path", lambda: broken)
    response = _post(admin, "/import", partner=MEDWAY, year=YEAR)
    assert response.status_code == 422
    assert "names an indicator that is not in the report: visits" in response.text
    assert 'href="#import"' in response.text
    with writing(db):
        assert current_targets(db) == {}


def test_analysts_do_not_see_the_targets_link_admins_do(app, db, admin):
    assert 'href="/en/staff/audit/targets"' in admin.get("/en/staff/audit").text
    with TestClient(app, follow_redirects=False) as other:
        analyst = sign_in_staff(other, db, make_staff(db, "an-analyst", ("analyst",)))
        home = analyst.get("/en/staff/audit")
        assert home.status_code == 200 and 'href="/en/staff/audit/targets"' not in home.text
