"""Reading posted fields: what a robot can post (a file for a text, a value off the list, a field twice) reads as
the default, so no form parser fails on the shape of what was sent."""

from __future__ import annotations

import io

from starlette.datastructures import FormData, Headers, UploadFile

from guide.web.forms import choice, is_yes, text, texts, upload


def _file(name: str = "a.po") -> UploadFile:
    return UploadFile(io.BytesIO(b"x"), filename=name, headers=Headers({"content-type": "text/plain"}))


def test_text_is_cut_and_a_file_reads_as_the_default() -> None:
    form = FormData([("name", "abcdef"), ("file", _file())])
    assert text(form, "name", 3) == "abc"
    assert text(form, "name") == "abcdef"
    assert text(form, "file", default="none") == "none"
    assert text(form, "missing", default="x") == "x"


def test_texts_keep_every_text_value_and_drop_files() -> None:
    form = FormData([("tick", "a"), ("tick", _file()), ("tick", "b")])
    assert texts(form, "tick") == ["a", "b"]


def test_a_choice_off_the_list_reads_as_the_default() -> None:
    form = FormData([("go", "next"), ("action", "drop table")])
    assert choice(form, "go", ("next", "previous"), "") == "next"
    assert choice(form, "action", ("complete",), "") == ""
    assert is_yes(FormData([("confirm", "yes")]), "confirm")
    assert not is_yes(FormData([("confirm", "YES please")]), "confirm")


def test_an_upload_without_a_file_name_is_no_file() -> None:
    assert upload(FormData([("file", _file(""))]), "file") is None
    assert upload(FormData([("file", "text")]), "file") is None
    chosen = _file("needs.csv")
    assert upload(FormData([("file", chosen)]), "file") is chosen
