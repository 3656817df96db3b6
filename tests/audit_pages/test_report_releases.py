"""The report's later releases (issue 13): a new release of a period released already, made on the same page after a
step that says what it does; the page, its downloads and the command line show the newest, name it and its date,
and an earlier release stays readable (?release=1)."""

from __future__ import annotations

import re

from sqlmodel import select

from skills_audit.models import AuditRelease, TableRelease
from tests.conftest import csrf_token, make_staff, sign_in_staff
from tests.skills_audit.factories import release, respondent, survey

BASE = "/en/staff/audit"
QUERY = "region=BE254&sector=care&period=2026"
REPORT = f"{BASE}/report?{QUERY}"
ESCAPED = QUERY.replace("&", "&amp;")  # as the page writes it in a link


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _world(db):  # noqa: ANN001, ANN202
    for i in range(12):
        respondent(db, "kortrijk", "care", {"teamwork": 3 if i < 9 else 2, "reliability": 4})
    survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2)}, vacancies=4)
    release(db)


def _correct(analyst, locale: str = "en"):  # noqa: ANN001, ANN202
    form = {"region": "BE254", "sector": "care", "period": "2026", "correction": "yes", "interim": "yes",
            "csrf_token": csrf_token(analyst)}
    return analyst.post(f"/{locale}/staff/audit/report/release", data=form)


def test_a_new_release_is_offered_then_confirmed_then_shown(client, db):
    _world(db)
    analyst = sign_in_staff(client, db, make_staff(db, "ana-analyst", ("analyst",)))
    page = analyst.get(REPORT).text
    assert "Correct the published figures" in page and f"?{ESCAPED}&amp;correct=1" in page
    assert "Releases of this period" not in page  # one release: nothing to choose
    confirm = analyst.get(f"{REPORT}&correct=1").text
    assert "Make release 2 of 2026?" in _text(confirm)
    assert "The earlier releases stay on record" in _text(confirm) and 'name="correction" value="yes"' in confirm
    respondent(db, "kortrijk", "care", {"teamwork": 4, "reliability": 3})  # a newcomer after the first release
    before = analyst.get(f"{BASE}/report/download/csv?{QUERY}").content
    done = _correct(analyst)
    assert done.status_code == 303 and "released=1" in done.headers["location"]
    newest = _text(analyst.get(REPORT).text)
    assert "Release 2 of 2026, made on" in newest and "It replaces release 1, which stays on record." in newest
    assert "Release 1" in newest and "Release 2 (the newest)" in newest
    first = analyst.get(f"{REPORT}&release=1")
    assert first.status_code == 200
    assert "Release 1 of 2026, made on" in _text(first.text) and "Release 2 has replaced it" in _text(first.text)
    assert "Correct the published figures" not in first.text  # a correction starts from the newest release
    assert f"download/csv?{ESCAPED}&amp;release=1" in first.text
    # the downloads: the newest by default, the earlier one on asking, each naming its release
    csv_newest = analyst.get(f"{BASE}/report/download/csv?{QUERY}")
    assert "release-2.csv" in csv_newest.headers["content-disposition"]
    assert "2026, release 2 of 2, made on " in csv_newest.content.decode("utf-8-sig")
    csv_first = analyst.get(f"{BASE}/report/download/csv?{QUERY}&release=1")
    assert "2026, release 1 of 2, made on " in csv_first.content.decode("utf-8-sig")
    assert csv_first.content != before  # the period column names the release now
    assert len(db.exec(select(AuditRelease)).all()) == 2


def test_bad_release_numbers_get_a_message(client, db):
    _world(db)
    analyst = sign_in_staff(client, db, make_staff(db, "ana-analyst", ("analyst",)))
    for asked, message in (("7", "2026 has no release 7."), ("x1", "Choose a release from the list."),
                           ("99999", "Choose a release from the list.")):
        response = analyst.get(f"{REPORT}&release={asked}")
        assert response.status_code == 404 and message in _text(response.text), asked
        download = analyst.get(f"{BASE}/report/download/csv?{QUERY}&release={asked}")
        assert download.status_code == 404 and "attachment" not in download.headers.get("content-disposition", "")


def test_the_page_names_the_release_in_each_language(client, db):
    _world(db)
    analyst = sign_in_staff(client, db, make_staff(db, "ana-analyst", ("analyst",)))
    assert _correct(analyst).status_code == 303
    nl = _text(analyst.get(f"/nl/staff/audit/report?{QUERY}").text)
    fr = _text(analyst.get(f"/fr/staff/audit/report?{QUERY}&release=1").text)
    assert "Publicatie 2 van 2026, gemaakt op" in nl and "Ze vervangt publicatie 1" in nl
    assert "Publication 1 de 2026, faite le" in fr and "La publication 2 l’a remplacée :" in fr


def test_the_command_line_makes_a_correction_and_exports_the_newest(db, db_engine, monkeypatch, tmp_path, capsys):
    from guide import cli

    _world(db)
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    respondent(db, "kortrijk", "care", {"teamwork": 4, "reliability": 3})
    assert cli.main(["audit", "release", "--period", "2026", "--interim"]) == 2  # released already
    assert cli.main(["audit", "release", "--period", "2026", "--interim", "--correction", "--lang", "nl"]) == 0
    assert "Publicatie 2 van 2026 is gemaakt" in capsys.readouterr().out
    monkeypatch.chdir(tmp_path)
    assert cli.main(["audit", "export", "--region", "BE254", "--sector", "care", "--period", "2026"]) == 0
    assert "2026, release 2 of 2" in (tmp_path / "audit-BE254-care-2026-release-2.csv").read_text("utf-8-sig")
    assert cli.main(["audit", "export", "--region", "BE254", "--sector", "care", "--period", "2026",
                     "--release", "1"]) == 0
    assert "2026, release 1 of 2" in (tmp_path / "audit-BE254-care-2026-release-1.csv").read_text("utf-8-sig")


def test_a_quarter_is_released_again_and_its_page_and_download_name_each_release(client, db):
    from guide.audit_pages.tables import BREAKDOWNS
    from tests.audit_pages.test_breakdowns_pages import YEAR, _people
    from tests.skills_audit.factories import release_quarter

    _people(db, "medway", 3)
    _people(db, "kortrijk", 8)
    _people(db, "grande-synthe", 9)
    release_quarter(db, BREAKDOWNS, f"{YEAR}-Q1")
    analyst = sign_in_staff(client, db, make_staff(db, "ana-analyst", ("analyst",)))
    page = f"/en/staff/audit/breakdowns?year={YEAR}&quarter=1"
    first = analyst.get(page).text
    assert "Correct the published figures" in first and "&amp;correct=1" in first
    assert "Make release 2 of" in _text(analyst.get(f"{page}&correct=1").text)
    _people(db, "grande-synthe", 1)  # a newcomer (at Kortrijk it is refused: see test_correction_releases)
    form = {"year": str(YEAR), "quarter": "1", "correction": "yes", "interim": "yes",
            "csrf_token": csrf_token(analyst)}
    done = analyst.post("/en/staff/audit/breakdowns/release", data=form)
    assert done.status_code == 303, _text(done.text)[:2500]
    newest = _text(analyst.get(page).text)
    assert f"Release 2 of {YEAR}-Q1, made on" in newest and "Release 2 (the newest)" in newest
    earlier = analyst.get(f"{page}&release=1").text
    assert f"Release 1 of {YEAR}-Q1, made on" in _text(earlier) and "Correct the published figures" not in earlier
    assert "release=1" in earlier.split("Download as CSV")[0].rsplit("href=", 1)[-1]
    download = analyst.get(f"/en/staff/audit/breakdowns/download/csv?year={YEAR}&quarter=1&release=1")
    assert f"breakdowns-{YEAR}-Q1-release-1.csv" in download.headers["content-disposition"]
    assert f"Release 1 of {YEAR}-Q1, made on" in download.content.decode("utf-8-sig").splitlines()[0]
    missing = analyst.get(f"{page}&release=5")
    assert missing.status_code == 404 and f"{YEAR}-Q1 has no release 5." in _text(missing.text)
    bad = analyst.get(f"{page}&release=abc")
    assert bad.status_code == 422 and "Choose a release from the list." in _text(bad.text)
    assert len(db.exec(select(TableRelease)).all()) == 2
