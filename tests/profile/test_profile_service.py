"""The profile's and the CV's rules, without the web: where the lines come from, what is refused, where the gaps are."""

from __future__ import annotations

import pytest

from guide.assessment.service import finish_take, record_answer, start_take
from guide.content.library import get_library
from guide.core.db import writing
from guide.core.messages import Problems
from guide.core.models import saved_id
from guide.journeys.service import StepInput, delete_journey, save_step, start_journey
from guide.profile import service
from guide.profile.models import CvEntry, ProfileItem
from guide.profile.service import (
    Entry,
    EntryInput,
    Gap,
    LanguageRow,
    ProfileEdit,
    check_entry,
    check_languages,
    check_profile,
    gaps,
    moved,
    profile_lines,
    save_profile,
)
from guide.profile.views import cv_document, line_text
from skills_audit.framework import get_framework

YEAR = 2026


@pytest.fixture
def journey(db):
    with writing(db):
        found, _code = start_journey(db, "secret", "medway", "en")
    return found


def _answer(db, journey, step, question, text):
    with writing(db):
        save_step(db, journey, step, StepInput(set(), {question: text}), None)


def _assessed(db, journey, value_of):
    """A finished self-assessment: each statement answered value_of(competence id)."""
    fw = get_framework()
    with writing(db):
        take = start_take(db, journey)
        for sid in fw.statement_ids():
            record_answer(db, journey, saved_id(take), sid, value_of(fw.competence_of(sid).id))
        finish_take(db, journey, saved_id(take))


def test_lines_come_from_steps_1_3_7_8_then_the_strengths(db, journey):
    _answer(db, journey, 8, "remember", "I am on time.")
    _answer(db, journey, 1, "proud", "My garden.")
    _answer(db, journey, 2, _first_question(2), "Not in the profile.")
    _assessed(db, journey, lambda cid: 4 if cid == "teamwork" else 1)
    with writing(db):
        lines = profile_lines(db, journey)
    assert [line.key for line in lines] == ["a1-proud", "a8-remember", "s-teamwork"]
    assert lines[0].source == "My garden."


def _first_question(step):
    return get_library().step("en", step).questions[0].id


def test_an_unchanged_answer_follows_its_step_and_an_edited_one_stays(db, journey):
    _answer(db, journey, 1, "proud", "My garden.")
    _answer(db, journey, 7, "learned", "Planning.")
    with writing(db):
        lines = profile_lines(db, journey)
        clean = check_profile(lines, [ProfileEdit("a1-proud", " My garden. ", True),
                                      ProfileEdit("a7-learned", "Planning a week of meals.", True)])
        save_profile(db, saved_id(journey), clean)
    _answer(db, journey, 1, "proud", "My vegetable garden.")
    _answer(db, journey, 7, "learned", "")  # the answer emptied: the person's own words stay
    with writing(db):
        texts = [line_text(line, "en") for line in profile_lines(db, journey)]
    assert texts == ["My vegetable garden.", "Planning a week of meals."]


def test_unknown_keys_are_dropped_and_lines_not_sent_keep_their_place_at_the_end(db, journey):
    _answer(db, journey, 1, "proud", "A.")
    _answer(db, journey, 3, "why", "B.")
    with writing(db):
        lines = profile_lines(db, journey)
    clean = check_profile(lines, [ProfileEdit("a3-why", "B.", True), ProfileEdit("s-nothing", "x", True),
                                  ProfileEdit("a3-why", "twice", False)])
    assert [edit.key for edit in clean] == ["a3-why", "a1-proud"]
    assert moved(clean, 1, -1)[0].key == "a1-proud"
    assert moved(clean, 0, -1) == clean  # nothing above the first line


@pytest.mark.parametrize(("text", "ok"), [("<script>alert(1)</script>", False), ("</b>", False), ("<!-- x", False),
                                          ("less than < 5 km", True), ("x" * service.MAX_ITEM, True),
                                          ("x" * (service.MAX_ITEM + 1), False)])
def test_markup_and_overlong_profile_texts_are_refused(text, ok):
    line = service.ProfileLine("a1-proud", service.ANSWER, "proud", 1, "A.", "", True)
    if ok:
        check_profile([line], [ProfileEdit("a1-proud", text, True)])
    else:
        with pytest.raises(Problems) as raised:
            check_profile([line], [ProfileEdit("a1-proud", text, True)])
        assert set(raised.value.errors) == {"item-0"}


def _entry(**typed):
    base = {"section": "experience", "kind": "paid", "title": "Cook", "place": "", "start_year": "",
            "end_year": "", "ongoing": False, "description": ""}
    return EntryInput(**{**base, **typed})


@pytest.mark.parametrize(("typed", "field"), [
    ({"start_year": "2020", "end_year": "2019"}, "end_year"),
    ({"start_year": "2027"}, "start_year"),
    ({"start_year": "2020", "end_year": "2030"}, "end_year"),
    ({"start_year": "20"}, "start_year"),
    ({"start_year": "１９９９"}, "start_year"),
    ({"start_year": "1900"}, "start_year"),
    ({"end_year": "2020"}, "start_year"),
    ({"title": "  "}, "title"),
    ({"kind": "course"}, "kind"),  # a training's kind for an experience
    ({"place": "<img src=x>"}, "place"),
])
def test_entries_that_make_no_sense_are_refused_field_by_field(typed, field):
    with pytest.raises(Problems) as raised:
        check_entry(_entry(**typed), YEAR)
    assert field in raised.value.errors


def test_an_ongoing_entry_drops_its_end_year():
    clean = check_entry(_entry(start_year="2020", end_year="2010", ongoing=True), YEAR)
    assert (clean.start_year, clean.end_year, clean.ongoing) == ("2020", "", True)


def _e(start, end=None, ongoing=False, section="experience"):
    return Entry(1, section, "paid", "x", "", start, end, ongoing, "")


def test_gaps_of_two_years_or_more_are_found_up_to_now():
    assert gaps([_e(2010, 2014), _e(2023, ongoing=True)], YEAR) == [Gap(2015, 2022)]
    assert gaps([_e(2010, 2014)], YEAR) == [Gap(2015, 2026)]
    assert gaps([_e(2010, 2014), _e(2016, 2026)], YEAR) == []  # one year is no gap to explain
    assert gaps([_e(2010, 2014), _e(2015, 2020, section="training"), _e(2021, ongoing=True)], YEAR) == []
    assert gaps([_e(None)], YEAR) == []


def test_languages_need_a_name_and_a_level():
    assert check_languages([LanguageRow(" Dutch ", "B1"), LanguageRow("", "")]) == [LanguageRow("Dutch", "B1")]
    with pytest.raises(Problems) as raised:
        check_languages([LanguageRow("Dutch", ""), LanguageRow("", "A2"), LanguageRow("Arabic", "Z9")])
    assert set(raised.value.errors) == {"language-0-level", "language-1-name", "language-2-level"}


def test_the_document_is_worded_in_its_language_with_the_persons_words_as_typed(db, journey):
    _answer(db, journey, 1, "proud", "Mijn moestuin.")
    _assessed(db, journey, lambda cid: 4 if cid == "teamwork" else 1)
    with writing(db):
        service.save_languages(db, saved_id(journey), [LanguageRow("Arabisch", "native"), LanguageRow("Frans", "A2")])
        parts = service.cv_parts(db, journey)
    document = cv_document(parts, "fr", None)
    headings = [section.heading for section in document.sections]
    assert headings == ["Ce que je peux offrir", "Langues"]
    offer = [item.text for item in document.sections[0].items]
    assert offer == ["Mijn moestuin.", get_framework().competence_name("teamwork", "fr")]
    assert [(i.text, i.detail) for i in document.sections[1].items] == [("Arabisch", "langue maternelle"),
                                                                         ("Frans", "A2")]
    assert document.name == "" and document.contact == ()


def test_deleting_the_journey_deletes_its_profile_and_cv(db, journey):
    _answer(db, journey, 1, "proud", "A.")
    with writing(db):
        lines = profile_lines(db, journey)
        save_profile(db, saved_id(journey), check_profile(lines, []))
        service.add_entry(db, saved_id(journey), check_entry(_entry(), YEAR))
    with writing(db):
        delete_journey(db, journey)
    assert db.exec(ProfileItem.__table__.select()).all() == []  # type: ignore[attr-defined]
    assert db.exec(CvEntry.__table__.select()).all() == []  # type: ignore[attr-defined]


def test_a_strength_no_longer_scored_leaves_unless_the_person_wrote_it_in_their_words(db, journey):
    _assessed(db, journey, lambda cid: 4 if cid in ("teamwork", "motivation") else 1)
    with writing(db):
        lines = profile_lines(db, journey)
        save_profile(db, saved_id(journey), check_profile(lines, [ProfileEdit("s-teamwork", "I like a team.", True)]))
    _assessed(db, journey, lambda cid: 1)
    with writing(db):
        assert [(line.key, line.text) for line in profile_lines(db, journey)] == [("s-teamwork", "I like a team.")]
