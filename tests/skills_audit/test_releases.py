"""Releases (issue 13): a period's protected table stored once, and every report of it cut from it, so that what
happens afterwards (a new person, a "Delete my data", a new employer's survey) changes no published figure and two
downloads can never be subtracted from each other."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from guide.audit_pages.places import get_places
from guide.core.db import writing
from guide.journeys.service import delete_journey
from skills_audit.aggregate import YEAR, AuditError, build_cube, parse_period
from skills_audit.export import export
from skills_audit.framework import get_framework
from skills_audit.models import AuditRelease
from skills_audit.releases import make_release
from skills_audit.report import NotReleased, build_report
from tests.skills_audit.attack import recovered_from
from tests.skills_audit.factories import respondent, survey

PLACES, FW = get_places(), get_framework()
AFTER_2026 = datetime(2027, 1, 2, tzinfo=UTC)
DURING_2026 = datetime(2026, 6, 1, tzinfo=UTC)


def _data(db):  # noqa: ANN001, ANN202
    people = [respondent(db, "kortrijk", "care", {"teamwork": 3 if i < 9 else 2, "reliability": 4}) for i in range(12)]
    for _ in range(7):
        respondent(db, "medway", "care", {"teamwork": 1})
    survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2)}, vacancies=4)
    return people


def _release(db, period="2026", now=AFTER_2026, interim=False):  # noqa: ANN001, ANN202
    with writing(db):
        return make_release(db, period, YEAR, PLACES, FW, 5, now, interim=interim)


def _everything(db):  # noqa: ANN001, ANN202
    """Every report and download of 2026 the app serves: each region and sector, CSV in each language."""
    reports = [build_report(db, "2026", r, s, PLACES, YEAR)
               for r in ("BE254", "UKJ41") for s in PLACES.auditable_sectors()]
    files = [export(rep, FW, lang, "csv") for rep in reports for lang in ("en", "nl")]
    return reports, files


def test_a_released_period_stays_as_released_whatever_happens_next(db):
    people = _data(db)
    truth = build_cube(db, parse_period("2026"), PLACES, FW, 5)  # what the release was made of
    _release(db)
    reports, files = _everything(db)
    assert all(r.release is not None and not r.release.interim for r in reports)
    # a new person, a deletion, a survey that moves the level employers ask: ordinary work after a release
    respondent(db, "kortrijk", "care", {"teamwork": 1, "reliability": 2})
    with writing(db):
        delete_journey(db, people[0])
    survey(db, "BE254", "care", {"teamwork": (4, 3)}, vacancies=40)
    again, files_again = _everything(db)
    assert files_again == files
    # the attacker's union of every page and download: nothing small recovered
    assert recovered_from([r.cube for r in reports + again], 5, truth) == {}


def test_no_figure_of_a_period_is_shown_before_it_is_released(db, db_engine, monkeypatch, tmp_path, capsys):
    from guide import cli

    _data(db)
    with pytest.raises(NotReleased) as caught:
        build_report(db, "2026", "BE254", "care", PLACES, YEAR)
    assert caught.value.message.render("nl") == (
        "2026 is nog niet gepubliceerd: de cijfers komen er pas als een analist de periode publiceert."
    )
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    out = tmp_path / "r.csv"
    args = ["audit", "export", "--region", "BE254", "--sector", "care", "--period", "2026", "--out", str(out)]
    assert cli.main(args) == 2
    assert "has not been released yet" in capsys.readouterr().err and not out.exists()


def test_two_publications_around_a_new_person_do_not_give_the_person_away(db):
    """What the review did: publish, add one person, publish again, and difference the two. Before its release a
    period publishes nothing; after it, the same figures, and no second table of the period to subtract."""
    _data(db)
    with pytest.raises(NotReleased):
        _everything(db)
    _release(db)
    reports, files = _everything(db)
    respondent(db, "kortrijk", "care", {"teamwork": 2, "reliability": 4})  # the newcomer
    again, files_again = _everything(db)
    assert files_again == files
    assert [f.levels for r in again for f in r.gap.region_figures.competences] == [
        f.levels for r in reports for f in r.gap.region_figures.competences
    ]
    with pytest.raises(AuditError):
        _release(db)


def test_an_open_period_is_released_only_on_the_interim_choice(db):
    _data(db)
    with pytest.raises(AuditError) as refused:
        _release(db, now=DURING_2026)
    assert refused.value.message.msgid.startswith("%(period)s has not ended yet.")
    assert db.exec(select(func.count()).select_from(AuditRelease)).one() == 0
    release = _release(db, now=DURING_2026, interim=True)
    assert release.interim
    assert build_report(db, "2026", "BE254", "care", PLACES, YEAR).release.interim


def test_a_period_is_released_once(db):
    _data(db)
    first = _release(db)
    with pytest.raises(AuditError) as refused:
        _release(db)
    assert refused.value.message.msgid.startswith("%(period)s has been released already.")
    assert db.exec(select(AuditRelease)).all() == [first]


def test_a_period_without_data_is_not_released(db):
    _data(db)
    with pytest.raises(AuditError) as refused:
        _release(db, period="2025")
    assert refused.value.message.msgid == "No one finished a self-assessment in %(period)s."
    assert db.exec(select(func.count()).select_from(AuditRelease)).one() == 0


def test_a_release_keeps_no_hidden_count(db):
    _data(db)
    release = _release(db)
    report = build_report(db, "2026", "BE254", "care", PLACES, YEAR)
    teamwork = next(f for f in report.gap.region_figures.competences if f.competence == "teamwork")
    assert teamwork.levels[2] is None and teamwork.reason(2) == "small"  # 3 people: hidden, and labelled so
    assert '"small"' in release.figures and ', 3, "small"' not in release.figures


def test_the_command_line_releases_and_then_exports_the_release(db, db_engine, monkeypatch, tmp_path, capsys):
    from guide import cli

    _data(db)
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    open_now = datetime.now(UTC).year == 2026
    if open_now:  # 2026 has not ended: without --interim it is refused, with a message and no traceback
        assert cli.main(["audit", "release", "--period", "2026"]) == 2
        assert "has not ended yet" in capsys.readouterr().err
    assert cli.main(["audit", "release", "--period", "2026", "--interim", "--lang", "fr"]) == 0
    assert "2026 est publiée." in capsys.readouterr().out
    assert cli.main(["audit", "release", "--period", "2026", "--interim"]) == 2
    assert "has been released already" in capsys.readouterr().err
    out = tmp_path / "r.csv"
    args = ["audit", "export", "--region", "BE254", "--sector", "care", "--period", "2026", "--out", str(out)]
    assert cli.main(args) == 0
    first = out.read_bytes()
    respondent(db, "kortrijk", "care", {"teamwork": 1, "reliability": 1})
    assert cli.main(args) == 0
    assert out.read_bytes() == first  # served from the release
