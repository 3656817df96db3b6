"""The gap report, the cross-border table, the exports and `tensteps audit export`, on each backend."""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from guide import cli
from guide.audit_pages.places import get_places
from guide.core.settings import get_settings
from guide.journeys.models import StepProgress
from skills_audit import activity_counts
from skills_audit.aggregate import QUARTER, YEAR, AuditError, build_cube, parse_period
from skills_audit.export import export
from skills_audit.framework import get_framework
from skills_audit.report import build_report, name_resolver
from tests.skills_audit.attack import recovered_from
from tests.skills_audit.factories import release, respondent, survey

FW = get_framework()
PLACES = get_places()
NAMES = name_resolver(PLACES, FW)


def _kortrijk_care(db, n=10, small_medway=0, released=True):
    # 10 in Kortrijk aiming at care: teamwork 3 for 6 of them, 2 for 4; employers ask 3.
    for i in range(n):
        respondent(db, "kortrijk", "care", {"teamwork": 3 if i < 6 else 2, "reliability": 4})
    for _ in range(small_medway):
        respondent(db, "medway", "care", {"teamwork": 1})
    for _ in range(7 if small_medway else 0):  # so that Medway's 2 need not take Kortrijk's figures with them
        respondent(db, "great-yarmouth", "care", {"teamwork": 1})
    survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2)}, vacancies=4, employer="Secret Employer")
    if released:
        release(db)  # the reports show releases only


def test_the_gap_report_in_words_and_figures(db):
    _kortrijk_care(db)
    report = build_report(db, "2026", "be254", "Q", PLACES, YEAR)
    gap = report.gap
    assert (report.region, report.sector, gap.employers, gap.vacancies) == ("BE254", "care", 1, 4)
    assert gap.region_figures.respondents == 10
    teamwork = next(f for f in gap.region_figures.competences if f.competence == "teamwork")
    # 4 at level 2 is fewer than 5: hidden, with level 3 (10 - 6 would give it); what is shown is true
    assert teamwork.levels[2] is None and teamwork.levels[3] is None
    assert all(teamwork.levels[lv] in (None, 0) for lv in (1, 4))
    assert teamwork.share is None  # 4 below the level would give the level-2 count away
    reliability = next(f for f in gap.region_figures.competences if f.competence == "reliability")
    assert reliability.levels == {1: 0, 2: 0, 3: 0, 4: 10} and reliability.share == 1.0
    assert reliability.gap_band == "none" and reliability.level_gap == 0
    assert reliability.gap_words.render("en") == "No gap"  # everyone at or above the level: the words say so
    index = FW.competence_ids().index("reliability")
    text = gap.sentences[index].render("en", NAMES)
    assert text == (
        "Of the 10 job seekers in Kortrijk aiming at care and child minding who answered about “Being reliable at "
        "work”, 100% feel at ease at the level employers ask or higher."
    )
    assert "Courtrai" in gap.sentences[index].render("fr", NAMES)


def test_the_cross_border_table_hides_small_regions_and_nothing_for_unpublished_totals(db):
    _kortrijk_care(db, small_medway=2)
    report = build_report(db, "2026", "BE254", "care", PLACES, YEAR)
    # Medway's 2 are hidden. The other regions are shown: "all regions" is published nowhere, so no region minus
    # the others gives Medway away (issue 13: protecting unpublished totals hid most of the report)
    respondents = dict(zip(report.cross_border.regions, report.cross_border.respondents, strict=True))
    assert respondents == {"BE254": 10, "FRE11": 0, "UKH15": 7, "UKJ41": None}
    teamwork = dict(report.cross_border.rows)["teamwork"]
    assert [f.respondents for f in teamwork] == [10, 0, 7, None]
    truth = build_cube(db, parse_period("2026"), PLACES, FW, 5)  # the release keeps no hidden count: count again
    assert recovered_from([report.cube], 5, truth) == {}


def test_the_share_and_the_gap_words(db):
    _kortrijk_care(db, n=10, released=False)
    for _ in range(5):  # 5 more at level 2: 6 of 15 at or above 3, 9 below
        respondent(db, "kortrijk", "care", {"teamwork": 2, "reliability": 4})
    release(db)
    teamwork = next(
        f for f in build_report(db, "2026", "BE254", "care", PLACES, YEAR).gap.region_figures.competences
        if f.competence == "teamwork"
    )
    assert (teamwork.at_or_above, teamwork.below, teamwork.share) == (6, 9, 0.4)
    assert teamwork.gap_band == "large" and teamwork.level_gap == 1  # the median job seeker says 2
    assert teamwork.below_message.render("en") == "60% rate themselves below the level employers ask."


@pytest.mark.parametrize(
    ("period", "region", "sector", "msgid"),
    [
        ("2026", "XX1", "care", "“%(value)s” is not a partner region. Use one of: %(allowed)s."),
        ("2026", "BE254", "fishing", "“%(value)s” is not a sector of the audit. Use one of: %(allowed)s."),
        ("soon", "BE254", "care", "“%(value)s” is not a period. Reports are made per year: write a year, like 2026."),
        ("2026-Q1", "BE254", "care",
         "“%(value)s” is a quarter, but reports are made per year. Write a year, like %(example)s."),
        ("2024", "BE254", "care", "No one finished a self-assessment in %(period)s."),
        ("2026", "FRE11", "care", "No one in %(region)s finished a self-assessment in %(period)s."),
    ],
)
def test_bad_requests_get_a_message(db, period, region, sector, msgid):
    _kortrijk_care(db)
    with pytest.raises(AuditError) as caught:
        build_report(db, period, region, sector, PLACES, YEAR)
    assert caught.value.message.msgid == msgid
    assert caught.value.message.render("nl", NAMES)


def test_with_quarters_configured_a_quarter_is_reported_and_a_year_refused(db):
    _kortrijk_care(db)  # all in February 2026
    release(db, "2026-Q1", QUARTER)
    report = build_report(db, "2026-q1", "BE254", "care", PLACES, QUARTER)
    assert (report.period_label, report.gap.region_figures.respondents) == ("2026-Q1", 10)
    with pytest.raises(AuditError) as caught:
        build_report(db, "2026", "BE254", "care", PLACES, QUARTER)
    assert caught.value.message.render("en") == (
        "“2026” is a year, but reports are made per quarter. Write a quarter, like 2026-Q1."
    )


def _rows_of_csv(data, delimiter=","):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_exports_hide_what_the_report_hides_and_never_name_employers(db):
    _kortrijk_care(db)
    report = build_report(db, "2026", "BE254", "care", PLACES, YEAR)
    rows = _rows_of_csv(export(report, FW, "en", "csv"))
    header = rows[0]
    assert header[:5] == ["Period", "Region", "Centre", "Sector", "Competence"]
    by_place = {(r[1], r[2], r[4]): dict(zip(header, r, strict=True)) for r in rows[1:]}
    teamwork = by_place[("Kortrijk", "", "Working in a team")]
    assert teamwork["Job seekers"] == "10" and teamwork["Sometimes"] == "hidden (fewer than 5)"  # 4 people
    assert teamwork["Usually"] == "hidden (to protect another figure)"  # 6: 10 - 4 would give the 4 away
    assert teamwork["Level employers ask"] == "3"
    assert by_place[("Medway", "", "Working in a team")]["Job seekers"] == "0"
    reliability = by_place[("Kortrijk", "", "Being reliable at work")]
    assert reliability["Share at or above the level (%)"] == "100" and reliability["In words"].startswith("Of the 10")
    assert ("Kortrijk", "Kortrijk", "Working in a team") in by_place  # the centres of the region
    assert b"Secret Employer" not in export(report, FW, "en", "csv")

    book = load_workbook(io.BytesIO(export(report, FW, "nl", "xlsx")), read_only=True)
    sheet_rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert len(sheet_rows) == len(rows)
    assert "verborgen (minder dan 5)" in [str(c) for r in sheet_rows for c in r]


def test_cli_export_writes_csv_and_xlsx(db, db_engine, monkeypatch, tmp_path, capsys):
    _kortrijk_care(db)
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    out = tmp_path / "report.csv"
    args = ["audit", "export", "--region", "BE254", "--sector", "care", "--period", "2026"]
    assert cli.main([*args, "--out", str(out)]) == 0
    assert _rows_of_csv(out.read_bytes())[0][0] == "Period"
    assert cli.main([*args, "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"), "--lang", "fr"]) == 0
    assert (tmp_path / "r.xlsx").read_bytes().startswith(b"PK")
    assert "r.xlsx" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [("--region", "ZZ9", "is not a partner region"), ("--sector", "mining", "is not a sector"),
     ("--period", "2026-Q7", "is not a period"), ("--period", "2023", "No one finished"),
     ("--period", "2026-Q1", "“2026-Q1” is a quarter, but reports are made per year. Write a year, like 2026.")],
)
def test_cli_export_says_what_is_wrong_without_a_traceback(db, db_engine, monkeypatch, tmp_path, capsys, option,
                                                           value, fragment):
    _kortrijk_care(db)
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    args = {"--region": "BE254", "--sector": "care", "--period": "2026", option: value}
    argv = ["audit", "export", *[x for pair in args.items() for x in pair], "--out", str(tmp_path / "x.csv")]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_cli_export_in_quarters_when_so_configured(db, db_engine, monkeypatch, tmp_path, capsys):
    _kortrijk_care(db)
    release(db, "2026-Q1", QUARTER)
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    monkeypatch.setattr(get_settings(), "audit_period", QUARTER)
    base = ["audit", "export", "--region", "BE254", "--sector", "care", "--lang", "nl"]
    assert cli.main([*base, "--period", "2026-Q1", "--out", str(tmp_path / "q1.csv")]) == 0
    assert _rows_of_csv((tmp_path / "q1.csv").read_bytes(), ";")[1][0] == "2026-Q1"  # Dutch: semicolons
    capsys.readouterr()
    assert cli.main([*base, "--period", "2026", "--out", str(tmp_path / "year.csv")]) == 2
    err = capsys.readouterr().err
    assert "“2026” is een jaar, maar de rapporten gaan per kwartaal. Schrijf een kwartaal, bijvoorbeeld 2026-Q1." in err
    assert "Traceback" not in err and not (tmp_path / "year.csv").exists()


def test_cli_import_is_all_or_nothing(db_engine, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    bad = tmp_path / "needs.csv"
    bad.write_text("employer,sector,region,survey_date,vacancies,teamwork_level,teamwork_importance\n"
                   "A,care,BE254,2026-01-10,1,3,2\nB,care,BE254,2026-01-10,-1,3,2\n")
    assert cli.main(["audit", "import", str(bad)]) == 2
    assert "line 3, column vacancies" in capsys.readouterr().err
    bad.write_text(bad.read_text().replace(",-1,", ",1,"))
    assert cli.main(["audit", "import", str(bad)]) == 0
    assert "Imported 2 surveys." in capsys.readouterr().out


def test_guide_activity_per_partner_and_quarter(db):
    j = respondent(db, "kortrijk", "care", {"teamwork": 3}, finished_at=datetime(2026, 5, 2, tzinfo=UTC))
    j.created_at = datetime(2026, 2, 1, tzinfo=UTC)
    db.add(j)
    for step in range(1, 11):
        db.add(StepProgress(journey_id=j.id, centre_id=j.centre_id, step=step, status="completed",
                            updated_at=datetime(2026, 2 if step < 10 else 8, 3, tzinfo=UTC)))
    db.commit()
    figures = activity_counts.counts(db, 2026, PLACES)
    q1, q3 = figures[("Stad Kortrijk", 1)], figures[("Stad Kortrijk", 3)]
    assert q1["started"] == 1 and q1["step_5"] == 1
    assert "step_10" not in q1 and q3["step_10"] == 1
    assert q3["finished"] == 1 and "finished" not in q1
    assert not any("self_assessment" in row for row in figures.values())  # withheld (issue 13, point 2)
    assert ("Medway Council", 1) not in figures


def test_guide_activity_over_two_years_counted_together_is_each_years(db):
    # skills_audit.results asks for every year of the programme in one query per indicator: the quarters must
    # come out as they do one year at a time, on both sides of New Year and of 1 April
    from guide.journeys.models import Journey

    def journey(created: datetime, steps: list[tuple[str, datetime]]) -> None:
        made = Journey(code_hash=f"two-years-{created.isoformat()}", centre_id="kortrijk", locale="en",
                       created_at=created)
        db.add(made)
        db.flush()
        for step, (status, at) in enumerate(steps, start=1):
            db.add(StepProgress(journey_id=made.id, centre_id=made.centre_id, step=step, status=status, updated_at=at))

    new_year = datetime(2026, 1, 1, tzinfo=UTC)
    last_second = datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
    journey(last_second, [("completed", last_second)] * 10)  # finished in 2025-Q4
    journey(new_year, [("completed", new_year)] * 9 + [("in_progress", new_year)])  # nine of ten: not finished
    journey(datetime(2026, 3, 31, 23, 59, tzinfo=UTC), [("completed", datetime(2026, 4, 1, tzinfo=UTC))])
    db.commit()
    together = activity_counts.counts_years(db, 2025, 2026, PLACES)
    assert together == {2025: activity_counts.counts(db, 2025, PLACES), 2026: activity_counts.counts(db, 2026, PLACES)}
    assert together[2025] == {("Stad Kortrijk", 4): {"started": 1, "finished": 1,
                                                     **{f"step_{n}": 1 for n in range(1, 11)}}}
    assert together[2026] == {("Stad Kortrijk", 1): {"started": 2, **{f"step_{n}": 1 for n in range(1, 10)}},
                              ("Stad Kortrijk", 2): {"step_1": 1}}
    assert activity_counts.counts_years(db, 2024, 2024, PLACES) == {} == activity_counts.counts(db, 2027, PLACES)


@pytest.mark.parametrize(("at_or_above", "below", "band", "words"), [
    (10, 0, "none", "No gap"),
    (999, 1, "none", "No gap"),  # shown as 100%: the words agree with the figure
    (99, 1, "small", "Small gap"),
    (3, 1, "small", "Small gap"),  # 75%
    (74, 26, "some", "Some gap"),
    (1, 1, "some", "Some gap"),  # 50%
    (49, 51, "large", "Large gap"),
    (1, 3, "large", "Large gap"),  # 25%
    (24, 76, "very_large", "Very large gap"),
    (0, 10, "very_large", "Very large gap"),
])
def test_the_gap_in_words_follows_the_share_shown(at_or_above, below, band, words):
    from skills_audit.aggregate import Requirement
    from skills_audit.report import CompetenceFigures

    figures = CompetenceFigures("teamwork", at_or_above + below, {}, 0, Requirement(3, 2, 1, 1), at_or_above, below)
    assert (figures.gap_band, figures.gap_words.render("en")) == (band, words)
    assert figures.gap_words.render("nl") != words  # and in the reader's language
