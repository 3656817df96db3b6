"""`tensteps directory import` loads the centres' old help texts once; `tensteps content export` writes the
directory to content/directory/, which the import then prefers."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlmodel import func, select

from guide.directory.models import DirectoryEntry
from tests.content.test_content_sync import content_copy, run  # noqa: F401 - the fixture, used by name


def test_import_then_export_then_the_files_are_what_is_imported(db, content_copy: Path, capsys):  # noqa: F811
    assert run("directory", "import") == 0
    count = db.exec(select(func.count()).select_from(DirectoryEntry)).one()
    assert count > 0 and f"{count} entries imported, 0 refused." in capsys.readouterr().out
    assert run("directory", "import") == 0  # every centre has entries now: none added
    assert "kortrijk: has entries already" in capsys.readouterr().out
    assert db.exec(select(func.count()).select_from(DirectoryEntry)).one() == count
    assert run("content", "export") == 0
    assert "wrote directory/kortrijk.yml" in capsys.readouterr().out
    data = yaml.safe_load((content_copy / "directory" / "kortrijk.yml").read_text(encoding="utf-8"))
    assert {"nl", "fr", "en"} <= set(data["entries"][0]["texts"])


def test_a_directory_file_that_does_not_pass_the_checks_is_refused_entry_by_entry(db, content_copy: Path,  # noqa: F811
                                                                                  capsys):
    folder = content_copy / "directory"
    folder.mkdir()
    good = {"kind": "training", "texts": {"en": {"name": "Course", "text": ""}}, "phone": "+441634306000"}
    (folder / "medway.yml").write_text(yaml.safe_dump({"entries": [good, {**good, "phone": "call us"}]}))
    assert run("directory", "import") == 1
    assert "medway.yml: entry 2: phone" in capsys.readouterr().err
    medway = select(func.count()).select_from(DirectoryEntry).where(DirectoryEntry.centre_id == "medway")
    assert db.exec(medway).one() == 1
