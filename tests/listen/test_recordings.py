"""A partner's recordings (issue 17, Listen, item 1): an editor uploads a recording of a text in a language they may
edit; job seekers then hear it instead of the synthetic speech, until the text changes; bad uploads are refused with
a localised message and nothing stored."""

from __future__ import annotations

import io
import re
import struct
import wave
from pathlib import Path

import pytest
from sqlmodel import select

from guide.core.settings import get_settings
from guide.listen import recordings
from guide.listen.audio import synthesise
from guide.listen.models import AudioRecording
from tests.conftest import csrf_token, start_journey
from tests.editor.test_routes_editor import fr_editor  # noqa: F401 - fixture

KEY = "step/1/checklist/list-good-at"
EDIT = f"/en/staff/content/fr/item/{KEY}"
UPLOAD = f"/en/staff/content/fr/recording/{KEY}"
STATUS = "/en/staff/content?lang=fr&group=step/1"  # the page of step 1's texts


@pytest.fixture
def data_folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(get_settings(), "data_dir", tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def ogg(tmp_path_factory) -> bytes:
    """A short Ogg Opus file, made the way guide.listen.audio makes speech (espeak-ng, then opusenc)."""
    folder = tmp_path_factory.mktemp("ogg")
    return synthesise("Notez ce que vous savez bien faire.", "fr", "normal", folder).read_bytes()


def _wav(seconds: float) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(b"\x80" * int(8000 * seconds))
    return out.getvalue()


def _upload(client, data: bytes, name: str = "voice.ogg", url: str = UPLOAD, part: str = "0"):  # noqa: ANN001, ANN201
    return client.post(url, data={"csrf_token": csrf_token(client), "part": part},
                       files={"recording": (name, data, "application/octet-stream")})


def _seeker_step(make_client, locale: str = "fr") -> str:  # noqa: ANN001
    seeker = make_client()
    start_journey(seeker, locale)
    return str(seeker.get(f"/{locale}/steps/1").text)


def test_durations_are_read_from_each_formats_header(ogg):
    assert recordings.sniff(ogg) == "ogg" and 1 < (recordings.seconds(ogg, "ogg") or 0) < 10
    assert recordings.sniff(_wav(2.5)) == "wav" and recordings.seconds(_wav(2.5), "wav") == 2.5
    mvhd = b"\0\0\0\x18ftypM4A \0\0\0\0M4A isom" + b"\0\0\0\x6cmoov\0\0\0\x64mvhd" + bytes(12) + struct.pack(
        ">II", 1000, 95_000) + bytes(80)
    assert recordings.sniff(mvhd) == "m4a" and recordings.seconds(mvhd, "m4a") == 95.0
    frame = bytes([0xFF, 0xFB, 0x90, 0x64])  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz
    mp3 = frame + bytes(16_000 - 4)
    assert recordings.sniff(mp3) == "mp3" and recordings.seconds(mp3, "mp3") == 1.0
    # a MediaRecorder's WebM: no Duration, a cluster at 4000 ms whose last block is 500 ms later
    webm = (b"\x1a\x45\xdf\xa3\x80" + b"\x1f\x43\xb6\x75\x01\xff\xff\xff\xff\xff\xff\xff"
            + b"\xe7\x82\x0f\xa0" + b"\xa3\x84\x81\x01\xf4\x80")
    assert recordings.sniff(webm) == "webm" and recordings.seconds(webm, "webm") == 4.5
    assert recordings.sniff(b"<html>") is None and recordings.sniff(b"") is None


def test_an_upload_is_stored_and_job_seekers_get_it_instead_of_the_synthetic_speech(
        data_folder, fr_editor, make_client, db, ogg):  # noqa: F811
    assert "/audio/recorded/" not in _seeker_step(make_client)  # the shell is cached now
    page = fr_editor.get(EDIT).text
    assert 'enctype="multipart/form-data"' in page and 'name="recording"' in page
    assert "At most 3 minutes and 5 MB." in page
    response = _upload(fr_editor, ogg)
    assert response.status_code == 303 and response.headers["location"] == f"{EDIT}?saved=recorded"
    [row] = db.exec(select(AudioRecording)).all()
    assert (row.item_key, row.locale, row.part, row.recorded_by, row.media_type) == (
        KEY, "fr", 0, "fr-editor", "audio/ogg")
    assert row.size_bytes == len(ogg) and 1 < row.duration_seconds < 10
    assert (data_folder / "audio" / "recorded" / row.file_name).read_bytes() == ogg
    served = make_client().get(f"/audio/recorded/{row.file_name}")
    assert served.status_code == 200 and served.content == ogg and served.headers["content-type"] == "audio/ogg"
    assert "immutable" in served.headers["cache-control"]
    for wrong in (f"{'0' * 24}.ogg", row.file_name.replace(".ogg", ".exe"), "..%2Fsecret_key"):
        assert make_client().get(f"/audio/recorded/{wrong}").status_code == 404
    step = _seeker_step(make_client)
    control = re.search(r'<details class="listen listen-recorded" id="tick-list-good-at-listen"[^>]*>', step)
    assert control and 'data-highlight="off"' in control[0]
    assert f'src="/audio/recorded/{row.file_name}"' in step
    # other texts keep their synthetic speech, and so does the same item in other languages
    assert step.count("listen-recorded") == 1
    assert "/audio/recorded/" not in _seeker_step(make_client, "en")
    edited = fr_editor.get(f"{EDIT}?saved=recorded").text
    assert "The recording is saved." in edited and "By fr-editor" in edited
    # a second recording becomes the current one; the first is kept as its older revision
    assert _upload(fr_editor, _wav(1.0), "again.wav").status_code == 303
    assert len(db.exec(select(AudioRecording)).all()) == 2
    assert ".wav" in _seeker_step(make_client) and row.file_name not in _seeker_step(make_client)


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"<html><body>not a sound</body></html>", "page.ogg", "This file is not a sound file we can play."),
    (b"", "empty.ogg", "Choose a sound file of this text, or record one."),
    (_wav(181), "long.wav", "This recording is longer than 3 minutes."),
    (b"OggS" + bytes(5_000_000), "large.ogg", "This file is larger than 5 MB."),
    # well over the file's limit, still under the request's: the recording's own message, not the request's 413
    (b"OggS" + bytes(9_000_000), "larger.ogg", "This file is larger than 5 MB."),
])
def test_bad_uploads_are_refused_with_a_message_and_nothing_stored(data_folder, fr_editor, db, data, name, words):  # noqa: F811
    response = _upload(fr_editor, data, name)
    assert response.status_code == 422
    assert words in response.text
    assert 'class="error-message" id="recording-0-error"' in response.text
    assert '<a href="#recording-0">' in response.text  # the error summary links to the field
    assert db.exec(select(AudioRecording)).all() == []
    assert not (data_folder / "audio" / "recorded").exists() or not any((data_folder / "audio" / "recorded").iterdir())


def test_a_body_over_twice_the_files_limit_is_refused_before_it_is_read(data_folder, fr_editor, db):  # noqa: F811
    response = _upload(fr_editor, b"OggS" + bytes(10_100_000), "huge.ogg")
    assert response.status_code == 413
    assert db.exec(select(AudioRecording)).all() == []


def test_the_message_is_in_the_page_language(data_folder, fr_editor):  # noqa: F811
    response = _upload(fr_editor, b"nope", url=f"/fr/staff/content/fr/recording/{KEY}")
    assert response.status_code == 422
    assert "Ce fichier n’est pas un fichier son" in response.text


def test_an_editor_may_not_record_a_language_they_may_not_edit(data_folder, fr_editor, db, ogg):  # noqa: F811
    response = _upload(fr_editor, ogg, url=f"/en/staff/content/nl/recording/{KEY}")
    assert response.status_code == 403
    assert 'name="recording"' not in fr_editor.get(f"/en/staff/content/nl/item/{KEY}").text
    assert _upload(fr_editor, ogg, part="7").status_code == 422  # no such text in the item
    assert db.exec(select(AudioRecording)).all() == []


def test_when_the_text_changes_the_recording_needs_redoing_and_job_seekers_hear_the_new_words(
        data_folder, fr_editor, make_client, ogg):  # noqa: F811
    assert _upload(fr_editor, ogg).status_code == 303
    assert KEY in fr_editor.get(STATUS).text and "needs a new recording" not in fr_editor.get(STATUS).text
    response = fr_editor.post(EDIT, data={"csrf_token": csrf_token(fr_editor), "base": "", "action": "publish",
                                          "text": "Écrivez trois choses que vous faites bien."})
    assert response.status_code == 303
    step = _seeker_step(make_client)
    assert "/audio/recorded/" not in step and "listen-recorded" not in step
    status = fr_editor.get(STATUS).text
    assert re.search(rf'href="/en/staff/content/fr/item/{re.escape(KEY)}">(?:(?!</td>).)*needs a new recording',
                     status, re.S)  # in that text's cell
    assert status.count("needs a new recording") == 1
    assert "Needs a new recording" in fr_editor.get(EDIT).text
    assert _upload(fr_editor, _wav(1.0), "new.wav").status_code == 303  # recorded again: heard again
    assert ".wav" in _seeker_step(make_client)
    assert "needs a new recording" not in fr_editor.get(STATUS).text
