"""Listen (issue 17): every text a job seeker reads has audio after `tensteps audio build`, in its language and at
two speeds; the pages link to it (fetched only when played) and the audio route serves it by its name alone."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest

from guide import cli
from guide.content.library import Library, Step, get_library
from guide.core.settings import get_settings
from guide.listen import audio, service
from guide.listen.audio import SPEEDS, Text, audio_name, build, plain_text, sections, sentences
from guide.listen.texts import PAGE_TEXTS, all_texts, page_text, question_text, scale_text, step_sections
from guide.web.render import TEMPLATE_DIRS
from skills_audit.framework import Framework, get_framework
from tests.conftest import csrf_token, start_journey
from tests.editor.test_routes_editor import fr_editor  # noqa: F401 - fixture

LOCALES = ["nl", "fr", "en"]


def _small_step(step: Step) -> Step:
    parts = sections(step.body_html)
    return dataclasses.replace(step, body_html="".join(parts[:2]), checklist=step.checklist[:1],
                               questions=step.questions[:1])


def small_content() -> tuple[Library, Framework]:
    """The guide cut down to a short step 1 (two parts, a thing to do, a question) and one statement: every kind of
    text, quick to synthesise."""
    full, fw = get_library(), get_framework()
    library = Library(steps={lang: {1: _small_step(full.steps[lang][1])} for lang in LOCALES}, centres=full.centres,
                      sectors=full.sectors)
    first = dataclasses.replace(fw.competences[0], statements=fw.competences[0].statements[:1])
    return library, dataclasses.replace(fw, competences=(first,))


@pytest.fixture
def audio_folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(get_settings(), "data_dir", tmp_path)
    return tmp_path / "audio"


def test_sentences_and_text_as_read():
    assert sentences("Iedereen heeft talenten. Jij ook!\nEen lijst\n\n  zonder punt") == [
        "Iedereen heeft talenten.", "Jij ook!", "Een lijst", "zonder punt"]
    assert plain_text("<h2>Kop</h2>\n<p>Een &amp; twee.</p><ul><li>drie</li></ul>") == "Kop\n\nEen & twee.\ndrie"
    assert audio_name("Een tekst.", "nl", "normal") == audio_name(" Een  tekst. ", "nl", "normal")
    names = {audio_name("Een tekst.", lang, speed) for lang in LOCALES for speed in SPEEDS}
    assert len(names) == 6 and all(audio.AUDIO_NAME.fullmatch(name) for name in names)


def test_the_build_gives_audio_for_every_text_in_every_language_and_skips_what_exists(audio_folder):
    library, fw = small_content()
    texts = list(all_texts(library, fw, LOCALES))
    step = library.steps["nl"][1]
    kinds = {t.text for t in texts}
    assert {item.text for item in step.checklist} <= kinds
    assert {question_text(q) for q in step.questions} <= kinds
    assert {text for _html, text in step_sections(step)} <= kinds
    assert page_text("start", "fr") in kinds and page_text("code", "en") in kinds
    assert {t.lang for t in texts} == set(LOCALES)
    report = build(texts, audio_folder)
    assert report.made == len({audio_name(t.text, t.lang, s) for t in texts for s in SPEEDS}) > 40
    for t in texts:
        for speed in SPEEDS:
            name = audio_name(t.text, t.lang, speed)
            data = (audio_folder / f"{name}.ogg").read_bytes()
            assert data[:4] == b"OggS" and b"OpusHead" in data[:64], t
            timings = json.loads((audio_folder / f"{name}.json").read_text())
            assert [s["text"] for s in timings] == sentences(t.text)
            assert all(0 <= s["start"] < s["end"] for s in timings)
    # slower is longer
    slow = json.loads((audio_folder / f"{audio_name(texts[0].text, texts[0].lang, 'slow')}.json").read_text())
    normal = json.loads((audio_folder / f"{audio_name(texts[0].text, texts[0].lang, 'normal')}.json").read_text())
    assert slow[-1]["end"] > normal[-1]["end"]
    again = build(texts, audio_folder)
    assert again.made == 0 and again.existing == report.made and again.total_bytes == report.total_bytes > 0


def test_the_command_builds_and_prints_the_count_and_size(audio_folder, monkeypatch, capsys):
    library, fw = small_content()
    few = [t for t in all_texts(library, fw, LOCALES) if t.lang == "en"][:2]
    monkeypatch.setattr(service, "all_texts", lambda *_args: iter(few))
    assert cli.main(["audio", "build"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"4 audio file\(s\) made, 0 already there; \d+\.\d MB in all\.\n", out), out
    assert cli.main(["audio", "build"]) == 0
    assert "0 audio file(s) made, 4 already there" in capsys.readouterr().out


def test_each_page_text_is_on_its_page():
    templates = {"start": "journeys/start.html", "code": "journeys/code.html", "result": "assessment/result.html"}
    for page, messages in PAGE_TEXTS.items():
        source = next(d / templates[page] for d in TEMPLATE_DIRS if (d / templates[page]).exists()).read_text()
        for message in messages:
            assert f'_("{message}")' in source, (page, message)
        assert f'page_text("{page}", locale)' in source


def _sources(page: str) -> list[str]:
    return re.findall(r'<audio controls preload="none" src="/audio/([0-9a-f]{24})\.ogg"', page)


@pytest.mark.parametrize(("locale", "label"), [("nl", "Luisteren"), ("fr", "Écouter"), ("en", "Listen")])
def test_a_step_page_has_a_listen_control_for_each_text_fetched_only_when_played(client, locale, label):
    start_journey(client, locale)
    page = client.get(f"/{locale}/steps/1").text
    step = get_library().step(locale, 1)
    expected = [
        *(Text(text, step.locale_of("body")) for _html, text in step_sections(step)),
        *(Text(item.text, item.locale or step.locale) for item in step.checklist),
        *(Text(question_text(q), q.locale or step.locale) for q in step.questions),
    ]
    assert _sources(page) == [audio_name(t.text, t.lang, speed) for t in expected for speed in SPEEDS]
    assert page.count(f"<summary>{label}</summary>") == len(expected)
    assert "<audio" in page and 'preload="auto"' not in page and "autoplay" not in page
    assert html.escape(step.checklist[0].text) in page


def test_start_code_question_and_scale_have_listen_controls(client):
    start = client.get("/fr/").text
    assert _sources(start) == [audio_name(page_text("start", "fr"), "fr", s) for s in SPEEDS]
    code_page = client.post("/fr/start", data={"centre": "kortrijk", "csrf_token": csrf_token(client, "fr")}).text
    assert _sources(code_page) == [audio_name(page_text("code", "fr"), "fr", s) for s in SPEEDS]
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', code_page)[1]  # type: ignore[index]
    assert code not in page_text("code", "fr")  # the code is never read out: it is a credential
    started = client.post("/fr/assessment/start", data={"csrf_token": csrf_token(client, "fr")})
    question = client.get(started.headers["location"]).text
    fw = get_framework()
    statement = fw.text("statements", fw.statement_ids()[0], "fr")
    scale = scale_text(fw, "fr")
    assert _sources(question) == [audio_name(statement.text, statement.locale, s) for s in SPEEDS] + [
        audio_name(scale.text, scale.lang, s) for s in SPEEDS]
    assert question.count("<summary>Écouter</summary>") == 2


def test_the_audio_route_serves_a_built_file_by_its_name_and_nothing_else(client, audio_folder):
    text = Text("Waar ben je trots op?", "nl")
    build([text], audio_folder)
    name = audio_name(text.text, text.lang, "normal")
    response = client.get(f"/audio/{name}.ogg")
    assert response.status_code == 200 and response.content[:4] == b"OggS"
    assert response.headers["content-type"] == "audio/ogg"
    assert "immutable" in response.headers["cache-control"]
    timings = client.get(f"/audio/{name}.json")
    assert timings.status_code == 200 and timings.json()[0]["text"] == "Waar ben je trots op?"
    for wrong in (f"{'0' * 24}.ogg", f"{name}.wav", f"{name.upper()}.ogg", f"{name}", "..%2Fsecret_key",
                  f"{name}.ogg.json", "x" * 300):
        assert client.get(f"/audio/{wrong}").status_code == 404, wrong
    ranged = client.get(f"/audio/{name}.ogg", headers={"range": "bytes=0-9"})
    assert ranged.status_code == 206 and len(ranged.content) == 10  # players seek by ranges


def test_publishing_a_text_makes_its_audio_after_the_response(audio_folder, fr_editor):  # noqa: F811
    new = "Notez trois choses que vous savez bien faire."
    key = "step/1/checklist/list-good-at"
    response = fr_editor.post(f"/en/staff/content/fr/item/{key}", data={
        "csrf_token": csrf_token(fr_editor), "text": new, "base": "", "action": "publish"})
    assert response.status_code == 303
    for speed in SPEEDS:
        assert (audio_folder / f"{audio_name(new, 'fr', speed)}.ogg").is_file()
    assert len(list(audio_folder.glob("*.ogg"))) == 2  # that text only: a publish does not wait for a whole build
