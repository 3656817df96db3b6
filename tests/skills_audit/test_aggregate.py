"""The audit's figures against a small data set computed by hand (k = 1: nothing hidden), on each backend."""

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from guide.audit_pages.places import get_places
from guide.core.settings import Settings
from skills_audit.aggregate import (
    ABOVE,
    ALL_PLACES,
    ALL_SECTORS,
    BELOW,
    NONE,
    QUARTER,
    YEAR,
    AuditError,
    N,
    available_periods,
    build_cube,
    parse_period,
    report_period,
    requirements,
)
from skills_audit.framework import get_framework
from skills_audit.places import NO_SECTOR
from tests.skills_audit.factories import respondent, survey

FW = get_framework()
PLACES = get_places()
KORTRIJK, MEDWAY = ("region", "BE254"), ("region", "UKJ41")


def _hand_made(db):
    # Kortrijk, care: teamwork 2, 3 and 4 (the last one's earlier take, level 1, does not count).
    respondent(db, "kortrijk", "care", {"teamwork": 2, "reliability": 4})
    respondent(db, "kortrijk", "care", {"teamwork": 3, "reliability": None})
    j = respondent(db, "kortrijk", "care", {"teamwork": 1}, finished_at=datetime(2026, 1, 5, tzinfo=UTC))
    respondent(db, "kortrijk", "care", {"teamwork": 4}, finished_at=datetime(2026, 3, 5, tzinfo=UTC), journey=j)
    # not counted: a take finished in 2025, an unfinished take
    respondent(db, "kortrijk", "care", {"teamwork": 1}, finished_at=datetime(2025, 12, 31, 23, 59, tzinfo=UTC))
    respondent(db, "kortrijk", "care", {"teamwork": 1}, finished_at=None)
    # Kortrijk, no sector chosen; Medway, care
    respondent(db, "kortrijk", None, {"teamwork": 3})
    respondent(db, "medway", "care", {"teamwork": 1})
    respondent(db, "medway", "care", {"teamwork": None})
    # Employers of Kortrijk in care: teamwork 3 (2 vacancies) and 4 (1 vacancy): the median vacancy asks 3.
    survey(db, "BE254", "care", {"teamwork": (3, 3)}, vacancies=2)
    survey(db, "BE254", "care", {"teamwork": (4, 1)}, vacancies=1)
    # too old for 2026 (more than two years before the period's end)
    survey(db, "BE254", "care", {"teamwork": (1, 1)}, vacancies=50, surveyed_on=datetime(2024, 12, 1).date())


def test_counts_match_the_hand_computed_figures(db):
    _hand_made(db)
    cube = build_cube(db, parse_period("2026"), PLACES, FW, k=1)
    assert cube.hidden == set()
    assert cube.respondents(KORTRIJK, "care") == 3
    assert [cube.get(KORTRIJK, "care", ("teamwork", lv)) for lv in (1, 2, 3, 4)] == [0, 1, 1, 1]
    assert cube.get(KORTRIJK, "care", ("teamwork", NONE)) == 0
    assert cube.get(KORTRIJK, "care", ("reliability", 4)) == 1
    assert cube.get(KORTRIJK, "care", ("reliability", NONE)) == 2  # one NULL level, one take without the row
    req = cube.requirement("BE254", "care", "teamwork")
    assert (req.level, req.importance, req.employers, req.vacancies) == (3, 3, 2, 3)
    assert cube.get(KORTRIJK, "care", ("teamwork", ABOVE)) == 2
    assert cube.get(KORTRIJK, "care", ("teamwork", BELOW)) == 1
    assert cube.respondents(KORTRIJK, NO_SECTOR) == 1
    assert cube.respondents(KORTRIJK, ALL_SECTORS) == 4
    assert cube.respondents(("centre", "kortrijk"), ALL_SECTORS) == 4
    assert cube.respondents(("partner", "Stad Kortrijk"), "care") == 3
    assert cube.respondents(MEDWAY, "care") == 2
    assert [cube.get(MEDWAY, "care", ("teamwork", lv)) for lv in (1, 2, 3, 4, NONE)] == [1, 0, 0, 0, 1]
    assert cube.get(MEDWAY, "care", ("teamwork", ABOVE)) == 0  # Medway's employers said nothing: no requirement
    assert cube.respondents(ALL_PLACES, "care") == 5
    assert cube.total_respondents() == 6
    assert [cube.get(ALL_PLACES, ALL_SECTORS, ("teamwork", lv)) for lv in (1, 2, 3, 4, NONE)] == [1, 1, 2, 1, 1]


def test_quarters_count_only_their_own_takes(db):
    _hand_made(db)
    q1 = build_cube(db, parse_period("2026-Q1"), PLACES, FW, k=1)
    assert q1.respondents(KORTRIJK, "care") == 3
    q2 = build_cube(db, parse_period("2026-Q2"), PLACES, FW, k=1)
    assert q2.total_respondents() == 0
    late = build_cube(db, parse_period("2025"), PLACES, FW, k=1)
    assert late.respondents(KORTRIJK, "care") == 1


def test_the_required_level_is_the_vacancy_weighted_upper_median(db):
    survey(db, "BE254", "care", {"teamwork": (2, 1)}, vacancies=0)  # weighs as one
    survey(db, "BE254", "care", {"teamwork": (4, 3)}, vacancies=1)
    req = requirements(db, parse_period("2026"))[("BE254", "care", "teamwork")]
    assert (req.level, req.importance) == (4, 3)  # half of the weight asks 4: the upper median


@pytest.mark.parametrize("text", ["", "2026-Q5", "26", "last year", "2026-13", "1999"])
def test_bad_periods_are_refused_with_a_message(text):
    with pytest.raises(AuditError) as caught:
        parse_period(text)
    assert "is not a period" in caught.value.message.msgid


def test_periods():
    q4 = parse_period("2026-q4")
    assert q4.label == "2026-Q4"
    assert (q4.start, q4.end) == (datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert parse_period(" 2026 ").last_day.isoformat() == "2026-12-31"


# --- one kind of period for reports: a year and its quarters overlap, and suppression is done per period ---


@pytest.mark.parametrize(("text", "kind", "label"), [
    ("2026", YEAR, "2026"), (" 2026 ", YEAR, "2026"), ("2026-Q2", QUARTER, "2026-Q2"), ("2026q4", QUARTER, "2026-Q4"),
])
def test_a_report_period_of_the_configured_kind_is_taken(text, kind, label):
    period = report_period(text, kind)
    assert (period.label, period.kind) == (label, kind)
    assert period == parse_period(text)


@pytest.mark.parametrize(("text", "kind", "msgid", "example"), [
    ("2026-Q2", YEAR, "“%(value)s” is a quarter, but reports are made per year. Write a year, like %(example)s.",
     "2026"),
    (" 2025 ", QUARTER,
     "“%(value)s” is a year, but reports are made per quarter. Write a quarter, like %(example)s.", "2025-Q1"),
])
def test_a_report_period_of_the_other_kind_is_refused_saying_what_to_write(text, kind, msgid, example):
    with pytest.raises(AuditError) as caught:
        report_period(text, kind)
    message = caught.value.message
    assert message.msgid == msgid and message.params == {"value": text.strip(), "example": example}
    if kind == YEAR:
        assert message.render("en") == "“2026-Q2” is a quarter, but reports are made per year. Write a year, like 2026."
        assert message.render("nl") == (
            "“2026-Q2” is een kwartaal, maar de rapporten gaan per jaar. Schrijf een jaar, bijvoorbeeld 2026."
        )
        assert "2026" in message.render("fr") and message.render("fr") != message.render("en")


@pytest.mark.parametrize(("kind", "says"), [(YEAR, "write a year, like 2026."),
                                            (QUARTER, "write a quarter, like 2026-Q1.")])
def test_no_period_at_all_is_refused_with_the_configured_kind_as_example(kind, says):
    with pytest.raises(AuditError) as caught:
        report_period("2026-Q5", kind)
    text = caught.value.message.render("en")
    assert text.startswith("“2026-Q5” is not a period.") and text.endswith(says)


def test_only_periods_of_the_configured_kind_are_offered(db):
    respondent(db, "kortrijk", "care", {"teamwork": 3}, finished_at=datetime(2025, 5, 2, tzinfo=UTC))
    respondent(db, "kortrijk", "care", {"teamwork": 3}, finished_at=datetime(2026, 2, 1, tzinfo=UTC))
    today = date(2026, 8, 15)
    assert available_periods(db, today, YEAR) == ("2026", "2025")
    assert available_periods(db, today, QUARTER) == (
        "2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2",
    )
    for kind in (YEAR, QUARTER):
        assert all(report_period(label, kind).kind == kind for label in available_periods(db, today, kind))


def test_with_no_data_this_year_or_quarter_is_offered(db):
    assert available_periods(db, date(2027, 11, 30), YEAR) == ("2027",)
    assert available_periods(db, date(2027, 11, 30), QUARTER) == ("2027-Q4",)


def test_the_period_setting_is_years_unless_set_to_quarters(monkeypatch):
    monkeypatch.delenv("TENSTEPS_AUDIT_PERIOD", raising=False)
    assert Settings().audit_period == YEAR
    monkeypatch.setenv("TENSTEPS_AUDIT_PERIOD", "quarter")
    assert Settings().audit_period == QUARTER
    monkeypatch.setenv("TENSTEPS_AUDIT_PERIOD", "month")
    with pytest.raises(ValidationError):
        Settings()


def test_n_is_the_respondents_key():
    assert N == ("n",)
