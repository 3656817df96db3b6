"""The CV's files: any letters a person may type go in, and nothing of them goes to a log."""

from __future__ import annotations

import io
import logging

from docx import Document
from pypdf import PdfReader

from guide.profile import documents
from guide.profile.views import CvDocument, CvItem, CvSection

ODD = "Zoë Łukasz Ayşe Ελένη Олена مريم 李 😀 \ufffe\uffff\x0b\u202e end"


def _document() -> CvDocument:
    return CvDocument("en", ODD, ("Kortrijk", "0470 12 34 56"),
                      (CvSection("Experience", (CvItem(ODD, "2019–2023", "Paid work", ODD),), note=ODD),), "CV")


def test_the_pdf_takes_any_letters_and_logs_none_of_them(caplog):
    caplog.set_level(logging.DEBUG)
    pdf = documents.cv_pdf(_document())
    words = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Łukasz" in words and "Олена" in words
    assert "Łukasz" not in caplog.text and "李" not in caplog.text


def test_the_word_file_leaves_out_what_xml_cannot_hold():
    docx = documents.cv_docx(_document())
    paragraphs = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert any("Łukasz" in p and "\ufffe" not in p for p in paragraphs)
    props = Document(io.BytesIO(docx)).core_properties
    assert (props.author, props.last_modified_by) == ("", "")  # no name in the file's own data either


def test_the_contact_details_are_not_in_a_repr():
    from guide.profile.forms import Contact

    document = CvDocument("en", "Qwyneth Zorbaskova", ("0470 31 41 59",), (), "CV")
    contact = Contact("Qwyneth Zorbaskova", "0470 31 41 59")
    for text in (repr(document), repr(contact)):
        assert "Qwyneth" not in text and "0470" not in text
