"""The feedback service: what an answer may hold, which revision it is about, the figures per text that restart
with a publication, the comments an editor of a language sees, and the deletion after TENSTEPS_FEEDBACK_DAYS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from guide.content.revisions import FILE_VERSION, save
from guide.core.db import writing
from guide.core.messages import Problems
from guide.core.models import utcnow
from guide.feedback import views
from guide.feedback.models import ReaderFeedback
from guide.feedback.service import (
    ASSESSMENT,
    CLEAR,
    HARD,
    Clarity,
    FeedbackInput,
    FeedbackNotFound,
    about_of,
    check_feedback,
    clarity_counts,
    group_of,
    mark_handled,
    open_comments,
    purge_old,
    record_feedback,
    text_revision,
)
from tests.conftest import make_staff


def _send(db: Session, about: str = "3", locale: str = "fr", clear: str = "yes", hard: tuple[str, ...] = (),
          comment: str = "", **kw) -> int:  # noqa: ANN003
    with writing(db):
        return record_feedback(db, about, locale, "kortrijk", FeedbackInput(clear, hard, comment), **kw)


def test_the_words_name_the_services_choices_in_their_order():
    assert tuple(views.CLEAR_WORDS) == CLEAR
    assert tuple(views.HARD_WORDS) == HARD


@pytest.mark.parametrize("comment", ["a < b", "<3 merci", "2 <= 3", "x<", "« citation »", ""])
def test_a_comment_without_markup_is_kept(comment):
    assert check_feedback(FeedbackInput("partly", ("too_long",), comment)) == ("partly", ("too_long",), comment)


@pytest.mark.parametrize("comment", ["<b>fort</b>", "un <script>", "</p>", "<!-- x -->", "<é>", "voir <a href=x>"])
def test_markup_is_refused_and_said_why(comment):
    with pytest.raises(Problems) as refused:
        check_feedback(FeedbackInput("no", (), comment))
    assert set(refused.value.errors) == {"comment"}
    assert "“<”" in refused.value.worded("en")["comment"]


def test_over_500_characters_unknown_choices_are_refused_field_by_field():
    with pytest.raises(Problems) as refused:
        check_feedback(FeedbackInput("maybe", ("boring",), "x" * 501))
    worded = refused.value.worded("en")
    assert list(worded) == ["clear", "hard", "comment"]
    assert "501 characters" in worded["comment"]
    assert check_feedback(FeedbackInput("no", (), "x" * 500))[2] == "x" * 500
    with pytest.raises(Problems):
        check_feedback(FeedbackInput("", (), ""))  # the question itself must be answered


def test_what_was_hard_is_kept_once_each_in_the_lists_order():
    assert check_feedback(FeedbackInput("no", ("listening", "hard_words", "listening")))[1] == ("hard_words",
                                                                                              "listening")


def test_texts_are_steps_and_the_self_assessment():
    assert group_of("3") == "step/3" and about_of("step/3") == "3"
    assert group_of(ASSESSMENT) == "skills" and about_of("skills") == ASSESSMENT
    assert about_of("centre/medway") is None and about_of("sectors") is None and about_of("step/11") is None


def test_an_answer_names_the_revision_read_and_nothing_of_the_reader(db):
    first = _send(db, comment="Le mot « CV » est difficile.")
    row = db.get(ReaderFeedback, first)
    assert (row.about, row.locale, row.centre_id, row.revision_id, row.clear) == ("3", "fr", "kortrijk",
                                                                                  FILE_VERSION, "yes")
    assert not {"journey_id", "session_id", "ip", "address"} & set(ReaderFeedback.model_fields)
    with writing(db):
        published = save(db, "step/3/checklist/" + _a_checklist_id(), "fr", "Un point", "ed", None, publish=True)
        draft = save(db, "step/3/title", "fr", "Un titre", "ed", None)  # a draft: readers do not see it
        save(db, "step/4/title", "fr", "Autre étape", "ed", None, publish=True)
    assert text_revision(db, "3", "fr") == published.id != draft.id
    assert text_revision(db, "3", "nl") == FILE_VERSION  # the other languages read what they read
    second = _send(db)
    assert db.get(ReaderFeedback, second).revision_id == published.id


def _a_checklist_id() -> str:
    from guide.content.library import get_library

    return get_library().step("en", 3).checklist[0].id


def test_the_figures_restart_when_a_new_revision_is_published(db):
    for clear in ("yes", "yes", "no"):
        _send(db, clear=clear)
    _send(db, locale="nl", clear="partly")
    assert clarity_counts(db)[("3", "fr")] == Clarity(yes=2, partly=0, no=1)
    with writing(db):
        save(db, "step/3/title", "fr", "Un meilleur titre", "ed", None, publish=True)
    counts = clarity_counts(db)
    assert ("3", "fr") not in counts  # nothing yet about the new text
    assert counts[("3", "nl")] == Clarity(partly=1)  # another language's text did not change
    _send(db, clear="yes")
    assert clarity_counts(db)[("3", "fr")] == Clarity(yes=1)


def test_an_editor_sees_the_comments_of_their_language_until_handled(db):
    with_comment = _send(db, clear="no", comment="Trop long pour moi.")
    _send(db, clear="partly", hard=("hard_words",))
    _send(db, clear="yes")  # a bare answer is a figure, not a comment
    _send(db, locale="nl", clear="no", comment="Te lang.")
    _send(db, about="4", clear="no", comment="Autre étape.")
    shown = open_comments(db, "3", ["fr"])
    assert [r.comment for r in shown] == ["", "Trop long pour moi."]  # newest first
    assert shown[0].hard == ("hard_words",) and all(r.current for r in shown)
    editor = make_staff(db, "fr-editor", ("editor",), languages=("fr",))
    with pytest.raises(FeedbackNotFound), writing(db):  # a Dutch page cannot handle a French answer
        mark_handled(db, with_comment, "nl", editor.id)
    with writing(db):
        mark_handled(db, with_comment, "fr", editor.id)
    assert [r.comment for r in open_comments(db, "3", ["fr"])] == [""]
    handled = db.get(ReaderFeedback, with_comment)
    assert handled.handled_at is not None and handled.handled_by == editor.id
    assert open_comments(db, "3", []) == []


def test_answers_older_than_the_retention_are_deleted(db):
    now = utcnow()
    _send(db, comment="Ancien.", now=now - timedelta(days=366))
    kept = _send(db, comment="Récent.", now=now - timedelta(days=364))
    with writing(db):
        assert purge_old(db, 365, now) == 1
    assert [r.id for r in db.exec(select(ReaderFeedback))] == [kept]
