"""Every Word and PowerPoint file CT-NAT writes names CT-NAT as its application
and carries no thumbnail of the template's page (``ctnat/report/properties.py``).
The stamp is put on the document before it is saved, so the file is written
once; when that cannot be done the saved file is stamped instead."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document
from pptx import Presentation

from ctnat.documents import properties
from ctnat.documents.properties import save_stamped, stamp_document


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _blank(kind):
    # the libraries' own templates carry a thumbnail and name another application, as ours did
    return Document() if kind == "docx" else Presentation()


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_saved_once_it_names_ctnat_and_has_no_thumbnail(kind, tmp_path):
    doc = _blank(kind)
    assert stamp_document(_blank(kind))  # the in-memory stamp works on this library version
    out = save_stamped(doc, tmp_path / f"out.{kind}")
    parts = _parts(out)
    app = parts["docProps/app.xml"].decode()
    assert "<Application>CT-NAT</Application>" in app and "<Template>" not in app and "<Company>" not in app
    assert not [n for n in parts if "thumbnail" in n]
    assert b"thumbnail" not in parts["_rels/.rels"] and b"thumbnail" not in parts["[Content_Types].xml"]


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_stamped_before_or_after_saving_the_file_says_the_same(kind, tmp_path, monkeypatch):
    before = _parts(save_stamped(_blank(kind), tmp_path / f"before.{kind}"))
    monkeypatch.setattr(properties, "stamp_document", lambda document: False)  # e.g. a library whose parts differ
    after = _parts(save_stamped(_blank(kind), tmp_path / f"after.{kind}"))
    assert before["docProps/app.xml"] == after["docProps/app.xml"]
    assert sorted(n for n in before if "thumbnail" not in n) == sorted(after)
    assert "<Application>CT-NAT</Application>" in after["docProps/app.xml"].decode()
