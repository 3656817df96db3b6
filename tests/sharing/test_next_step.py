"""The coach's note shows after "Next time:" on the client's task list, and says it once: the coach's hint no longer
asks for the label, and a note typed with it (in any language) is kept without it."""

from __future__ import annotations

import re

import pytest

from guide.sharing.service import without_label
from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff


@pytest.mark.parametrize(("typed", "kept"), [
    ("Next time: bring your CV", "bring your CV"),
    ("next time bring your CV", "bring your CV"),
    ("Volgende keer: breng je cv mee", "breng je cv mee"),
    ("La prochaine fois\u202f: apportez votre CV", "apportez votre CV"),
    ("Bring your CV", "Bring your CV"),
    ("Next timetable: the bus at 8", "Next timetable: the bus at 8"),  # a word that only starts like it
])
def test_a_note_loses_a_label_of_its_own(typed, kept):
    assert without_label(typed) == kept


@pytest.fixture
def coach(app, db):  # noqa: ANN001, ANN201
    from fastapi.testclient import TestClient

    with TestClient(app, follow_redirects=False) as other:
        yield sign_in_staff(other, db, make_staff(db, "anna-coach"))


@pytest.mark.parametrize("locale", ["nl", "fr", "en"])
def test_a_note_written_as_the_old_hint_said_shows_its_label_once(job_seeker, coach, locale):
    link_id = add_client(coach, share_code(job_seeker))
    hint = _spaces(_hint(coach.get(f"/{locale}/staff/clients/{link_id}").text))
    label = {"nl": "Volgende keer:", "fr": "La prochaine fois :", "en": "Next time:"}[locale]
    assert not re.search(re.escape(label) + r"\s*\w", hint), hint  # its example is the note alone, no label
    typed = f"{label} bring your CV"
    saved = coach.post(f"/{locale}/staff/clients/{link_id}/next-step",
                       data={"next_step": typed, "csrf_token": csrf_token(coach, locale)})
    assert saved.status_code == 303
    task_list = job_seeker.get(f"/{locale}/steps").text
    note = re.search(r'<div class="notice next-step"[^>]*>\s*<p>(.*?)</p>', task_list, re.S).group(1)
    assert _spaces(re.sub(r"<[^>]+>", "", note)) == f"{label} bring your CV"  # once: the page's own label
    assert "bring your CV</textarea>" in coach.get(f"/{locale}/staff/clients/{link_id}").text  # the coach's form too


def test_the_clients_page_shows_the_saved_note_and_label_in_its_forms(job_seeker, coach):
    link_id = add_client(coach, share_code(job_seeker))
    for path, field, text in (("next-step", "next_step", "Bring your CV"), ("label", "label", "AB")):
        saved = coach.post(f"/en/staff/clients/{link_id}/{path}", data={field: text, "csrf_token": csrf_token(coach)})
        assert saved.status_code == 303
    page = coach.get(f"/en/staff/clients/{link_id}").text
    assert re.search(r'id="next_step"[^>]*>Bring your CV</textarea>', page)
    assert re.search(r'id="label" name="label" value="AB"', page)


def _hint(page: str) -> str:
    return re.search(r'id="next_step-hint">(.*?)</p>', page, re.S).group(1)


def _spaces(text: str) -> str:
    """Every run of spaces (French puts no-break ones before a colon) as one plain space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()
