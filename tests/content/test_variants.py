"""Country variants of step texts: content/steps/<lang>/<COUNTRY>/<file>.md holds what differs in that country."""

import shutil
from pathlib import Path

import pytest

from guide.content.library import ContentError, build_library, load_files, split_variant, variant_key
from guide.core.settings import REPO_ROOT
from tests.conftest import start_journey

CONTENT = REPO_ROOT / "content"


@pytest.fixture(scope="module")
def library():
    return build_library(load_files(CONTENT), languages=("nl", "fr", "en"))


def _copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def test_variant_keys_name_the_item_and_the_country():
    assert variant_key("step/6/body", "BE") == "step/6/body@BE"
    assert split_variant("step/6/checklist/language-course@FR") == ("step/6/checklist/language-course", "FR")
    assert split_variant("step/6/body") == ("step/6/body", "")


@pytest.mark.parametrize(("lang", "country", "word"), [
    ("fr", "BE", "néerlandais"), ("fr", "GB", "anglais"),
    ("en", "BE", "Dutch"), ("en", "FR", "French"),
    ("nl", "FR", "Frans"), ("nl", "GB", "Engels"),
])
def test_the_variant_of_step_6_names_the_language_of_the_country(library, lang, country, word):
    step = library.step(lang, 6, country)
    course = next(item for item in step.checklist if item.id == "language-course")
    assert word in course.text and course.locale == lang
    assert word in step.summary
    assert word in step.questions[0].hint
    assert word in step.body_html
    # the rest is the default's: the title, the other checklist items, the label
    default = library.step(lang, 6)
    assert step.title == default.title
    assert [i.text for i in step.checklist if i.id != "language-course"] == \
        [i.text for i in default.checklist if i.id != "language-course"]
    assert step.questions[0].label == default.questions[0].label


def test_the_default_is_for_every_other_country(library):
    assert library.step("nl", 6, "BE") is library.step("nl", 6)  # Dutch's default is written for Belgium
    assert library.step("fr", 6, "FR") is library.step("fr", 6)
    assert library.step("en", 6, "GB") is library.step("en", 6)
    assert library.step("fr", 6, "NL") is library.step("fr", 6)  # no centre there, no variant
    assert library.step("fr", 1, "BE") is library.step("fr", 1)  # step 1 does not vary


def test_a_missing_variant_falls_back_to_the_same_languages_default_not_another_languages_variant(library):
    # English has a variant of step 4 for Belgium; Dutch and French do not: they read their own default.
    assert "VDAB" in library.step("en", 4, "BE").body_html
    assert library.step("fr", 4, "BE") is library.step("fr", 4)
    assert library.step("nl", 4, "FR") is library.step("nl", 4)
    # Dutch has no variant for Belgium at all: never the English one
    nl = library.step("nl", 6, "BE")
    assert nl.locale == "nl" and "Dutch" not in nl.body_html


def test_a_part_the_variant_leaves_out_is_the_same_languages_default(tmp_path):
    content = _copy(tmp_path)
    (content / "steps/fr/BE/01-talents.md").write_text('---\nsummary: "Résumé pour la Belgique."\n---\n',
                                                       encoding="utf-8")
    lib = build_library(load_files(content), languages=("nl", "fr", "en"))
    variant, default = lib.step("fr", 1, "BE"), lib.step("fr", 1)
    assert variant.summary == "Résumé pour la Belgique."
    assert variant.body_html == default.body_html  # an empty body is no body variant
    assert variant.title == default.title and variant.locale_of("title") == "fr"
    assert lib.has_variants("fr", "BE") and not lib.has_variants("nl", "BE")


def test_only_pairs_with_variants_are_built(library):
    assert set(library.variants) == {("en", "BE"), ("en", "FR"), ("fr", "BE"), ("fr", "GB"), ("nl", "FR"),
                                     ("nl", "GB")}
    assert set(library.variants[("fr", "BE")]) == {2, 6, 9}


def test_an_unknown_id_in_a_variant_file_is_an_error_naming_the_file(tmp_path):
    content = _copy(tmp_path)
    path = content / "steps/fr/BE/06-learn.md"
    path.write_text('---\nchecklist:\n  no-such-item: "Un texte."\n---\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"fr/BE/06-learn\.md.*no-such-item"):
        load_files(content)


def test_a_variant_file_without_an_english_step_is_an_error(tmp_path):
    content = _copy(tmp_path)
    (content / "steps/fr/BE/11-extra.md").write_text("---\n---\nTexte.\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"11-extra\.md"):
        load_files(content)


def test_a_variant_folder_is_named_by_a_country_code(tmp_path):
    content = _copy(tmp_path)
    (content / "steps/fr/belgique").mkdir()
    with pytest.raises(ContentError, match="belgique"):
        load_files(content)


def test_a_variant_of_another_step_number_is_an_error(tmp_path):
    content = _copy(tmp_path)
    (content / "steps/fr/BE/01-talents.md").write_text("---\nstep: 2\n---\nTexte.\n", encoding="utf-8")
    with pytest.raises(ContentError, match="01-talents"):
        load_files(content)


# --- job seekers read their centre's country's variant -------------------------------------------------------------


def test_a_french_speaker_in_kortrijk_reads_about_dutch(client):
    start_journey(client, "fr", centre="kortrijk")
    page = client.get("/fr/steps/6").text
    assert "Le néerlandais" in page and "Trouvez un cours de néerlandais" in page
    assert "Le français</h2>" not in page
    assert "Le néerlandais, l’informatique" in client.get("/fr/steps").text  # the task list's summary
    assert "Trouvez un cours de néerlandais" in client.get("/fr/plan").text


def test_an_english_speaker_in_grande_synthe_reads_about_french(client):
    start_journey(client, "en", centre="grande-synthe")
    page = client.get("/en/steps/6").text
    assert "Find a French course near you." in page and "English course" not in page
    assert "France Travail" in client.get("/en/steps/9").text
    assert "Courses for French" in client.get("/en/steps").text


def test_an_english_speaker_in_medway_reads_the_default(client):
    start_journey(client, "en", centre="medway")
    assert "Find an English course near you." in client.get("/en/steps/6").text
    assert "Courses for English" in client.get("/en/steps").text


def test_the_cached_shells_differ_by_country_where_variants_exist(app, client):
    start_journey(client, "en", centre="grande-synthe")
    assert "Courses for French" in client.get("/en/steps").text
    other = type(client)(app)
    with other:
        start_journey(other, "en", centre="medway")
        assert "Courses for English" in other.get("/en/steps").text
        assert "Find an English course" in other.get("/en/steps/6").text
    assert "Find a French course" in client.get("/en/steps/6").text
