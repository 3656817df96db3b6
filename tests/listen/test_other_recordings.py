"""A partner's recordings of the texts outside the steps (issue 17, Listen): the self-assessment's statements and
scale, and the start, code and result pages. Editors of a language record them on one page linked from the
translation status; job seekers then hear them on those pages, until the words change."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from guide.listen.models import AudioRecording
from tests.assessment.test_routes_assessment import _start
from tests.conftest import csrf_token, start_journey
from tests.editor.test_routes_editor import fr_editor, nl_editor  # noqa: F401 - fixtures
from tests.listen.test_recordings import _wav, data_folder, ogg  # noqa: F401 - fixtures

STATEMENT = "assessment/statement/name-strengths"
PAGE = "/en/staff/content/fr/recordings"
STATUS = "/en/staff/content?lang=fr&group=step/1"


def _post(client, key: str, data: bytes, lang: str = "fr", name: str = "voice.wav", locale: str = "en"):  # noqa: ANN001, ANN201
    return client.post(f"/{locale}/staff/content/{lang}/recordings",
                       data={"csrf_token": csrf_token(client, locale), "part": "0", "key": key},
                       files={"recording": (name, data, "application/octet-stream")})


def _question_page(make_client) -> str:  # noqa: ANN001
    seeker = make_client()
    start_journey(seeker, "fr")
    return str(seeker.get(_start(seeker, "fr")).text)


def test_the_status_page_links_to_each_languages_recordings_page(fr_editor):  # noqa: F811
    status = fr_editor.get(STATUS).text
    for code in ("nl", "fr", "en"):
        assert f'href="/en/staff/content/{code}/recordings"' in status
    page = fr_editor.get(PAGE)
    assert page.status_code == 200
    # every text outside the steps, each with its form: the pages, the scale and every statement
    for key in ("page-start", "page-code", "page-result", "assessment-scale", "assessment-statement-name-strengths"):
        assert f'id="recording-{key}"' in page.text
    assert 'action="/en/staff/content/fr/recordings"' in page.text and 'name="key" value="page/start"' in page.text
    assert "Je peux citer trois choses que je fais bien." in page.text
    assert 'name="recording"' not in fr_editor.get("/en/staff/content/nl/recordings").text  # read only
    assert fr_editor.get("/en/staff/content/xx/recordings").status_code == 404


def test_a_recording_of_a_statement_reaches_the_assessment_page(data_folder, fr_editor, make_client, db):  # noqa: F811
    assert "listen-recorded" not in _question_page(make_client)
    response = _post(fr_editor, STATEMENT, _wav(1.0))
    assert response.status_code == 303
    assert response.headers["location"] == f"{PAGE}?saved=recorded#recording-assessment-statement-name-strengths-part"
    [row] = db.exec(select(AudioRecording)).all()
    assert (row.item_key, row.locale, row.part, row.media_type) == (STATEMENT, "fr", 0, "audio/wav")
    question = _question_page(make_client)
    control = re.search(r'<details class="listen listen-recorded" id="statement-listen"[^>]*>', question)
    assert control and f'data-recorded="/audio/recorded/{row.file_name}"' in control[0]
    assert question.count("listen-recorded") == 1  # the scale keeps its synthetic speech
    page = fr_editor.get(f"{PAGE}?saved=recorded").text
    assert "The recording is saved." in page and "By fr-editor" in page


def test_recordings_of_the_scale_and_the_start_page_reach_their_pages(data_folder, fr_editor, make_client):  # noqa: F811
    assert _post(fr_editor, "assessment/scale", _wav(1.0)).status_code == 303
    assert re.search(r'class="listen listen-recorded" id="scale-listen"', _question_page(make_client))
    assert "listen-recorded" not in make_client().get("/fr/").text
    assert _post(fr_editor, "page/start", _wav(1.5)).status_code == 303
    assert re.search(r'class="listen listen-recorded" id="start-listen"', make_client().get("/fr/").text)
    assert "listen-recorded" not in make_client().get("/en/").text  # other languages: the synthetic speech


def test_a_changed_statement_needs_a_new_recording(data_folder, fr_editor, make_client):  # noqa: F811
    assert _post(fr_editor, STATEMENT, _wav(1.0)).status_code == 303
    assert "need a new recording" not in fr_editor.get(STATUS).text
    edit = "/en/staff/content/fr/item/skills/statement/name-strengths"
    response = fr_editor.post(edit, data={"csrf_token": csrf_token(fr_editor), "base": "", "action": "publish",
                                          "text": "Je connais trois choses que je fais bien."})
    assert response.status_code == 303
    assert "listen-recorded" not in _question_page(make_client)  # the new words: the synthetic speech again
    status = fr_editor.get(STATUS).text
    assert re.search(r'href="/en/staff/content/fr/recordings">[^<]*</a> <span class="cell-note">1 needs a new '
                     r"recording</span>", status)
    page = fr_editor.get(PAGE).text
    part = page[page.index('id="recording-assessment-statement-name-strengths-part"'):]
    assert "Needs a new recording" in part[:part.index('<div class="recording"')]
    assert page.count("Needs a new recording") == 1
    assert _post(fr_editor, STATEMENT, _wav(1.2)).status_code == 303  # recorded again
    assert "need a new recording" not in fr_editor.get(STATUS).text
    assert "listen-recorded" in _question_page(make_client)


def test_an_editor_of_dutch_may_not_record_french(data_folder, nl_editor, db, ogg):  # noqa: F811
    assert _post(nl_editor, STATEMENT, ogg).status_code == 403
    assert _post(nl_editor, "page/start", ogg).status_code == 403
    assert _post(nl_editor, "page/start", ogg, lang="nl").status_code == 303  # their own language
    assert [row.locale for row in db.exec(select(AudioRecording)).all()] == ["nl"]


@pytest.mark.parametrize(("data", "words"), [
    (b"<html><body>not a sound</body></html>", "This file is not a sound file we can play."),
    (b"", "Choose a sound file of this text, or record one."),
    (_wav(181), "This recording is longer than 3 minutes."),
    (b"OggS" + bytes(7_000_000), "This file is larger than 5 MB."),  # under the request's limit: this message
])
def test_bad_uploads_are_refused_on_the_recordings_page(data_folder, fr_editor, db, data, words):  # noqa: F811
    response = _post(fr_editor, "page/code", data)
    assert response.status_code == 422
    assert words in response.text
    assert 'class="error-message" id="recording-page-code-error"' in response.text
    assert '<a href="#recording-page-code">' in response.text
    assert db.exec(select(AudioRecording)).all() == []
    assert not (data_folder / "audio" / "recorded").exists()


def test_an_unknown_text_is_not_found(data_folder, fr_editor, ogg):  # noqa: F811
    for key in ("page/nowhere", "assessment/statement/nobody", "step/1/title", ""):
        assert _post(fr_editor, key, ogg).status_code == 404


def test_the_french_page_says_it_in_french(data_folder, fr_editor):  # noqa: F811
    response = _post(fr_editor, "page/result", b"nope", locale="fr")
    assert response.status_code == 422
    assert "Ce fichier n’est pas un fichier son" in response.text
