"""Document properties for every file CT-NAT writes (report, handout, slides):
title, subject, author (``context.yaml`` ``author``, else the desk review's
``assessor``), CT-NAT as the producing application and last editor, and the
time of writing — never the libraries' defaults ("python-docx", 2013).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from .. import __version__
from ..messages import _

APPLICATION = "CT-NAT"


def author_of(context: dict, fallback: str | None = None) -> str:
    """Who is named as author: context.yaml ``author``, else its ``assessor``,
    else the desk review's assessor (ingest keeps it as ``desk_assessor``)."""
    for key in ("author", "assessor", "desk_assessor"):
        value = context.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return fallback if fallback is not None else _("CT-NAT assessment team")


def set_core(props, title: str, subject: str, author: str, keywords: str = "", comments: str = "") -> None:
    """Fill python-docx / python-pptx ``core_properties``."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = APPLICATION
    props.keywords = keywords
    props.comments = comments or _("Drafted with CT-NAT {version}", version=__version__)
    props.category = _("Counter-trafficking needs assessment")
    props.created = now
    props.modified = now
    props.revision = 1
    if hasattr(props, "last_printed"):
        props.last_printed = now


_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


def _stamped_app_xml(data: bytes) -> bytes:
    text = data.decode("utf-8")
    text = re.sub(r"<Application>.*?</Application>", f"<Application>{APPLICATION}</Application>", text)
    text = re.sub(r"<AppVersion>.*?</AppVersion>", "", text)
    text = re.sub(r"<Company>.*?</Company>", "", text)
    text = re.sub(r"<Template>.*?</Template>", "", text)
    return text.encode("utf-8")


def stamp_document(document) -> bool:
    """What :func:`stamp_application` does to a saved file, done to a
    python-docx ``Document`` or python-pptx ``Presentation`` before it is saved,
    so the file is written once (rewriting the saved file took as long as
    saving it). It reaches into the package (``Part._blob``; both libraries are
    pinned in ``pyproject.toml``) and checks that it took: False when it could
    not, and the caller stamps the saved file instead."""
    package = document.part.package
    rels = package.rels if hasattr(package, "rels") else package._rels  # python-docx, python-pptx
    app = [rel for rel in rels.values() if rel.reltype == _EXTENDED_PROPERTIES and not rel.is_external]
    if len(app) != 1:
        return False
    part = app[0].target_part
    stamped = _stamped_app_xml(part.blob)
    if getattr(part, "_blob", None) is None:
        return False
    part._blob = stamped
    if part.blob != stamped:
        return False
    for rId in [rId for rId, rel in rels.items() if rel.reltype == _THUMBNAIL]:
        rels.pop(rId)  # the part, now unreferenced, is not saved
    return True


def save_stamped(document, out: str | Path) -> Path:
    """Save a python-docx or python-pptx document to ``out`` atomically, naming
    CT-NAT as its application (:func:`stamp_document`, else the saved file is
    stamped)."""
    from ..atomic import atomic_path

    stamped = stamp_document(document)
    with atomic_path(out) as tmp:
        document.save(str(tmp))
        if not stamped:
            stamp_application(tmp)
    return Path(out)


def stamp_application(path: str | Path) -> None:
    """Rewrite ``docProps/app.xml`` so the file names CT-NAT as the application
    that made it (and drop the template's thumbnail of someone else's page)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        out = Path(tmp) / path.name
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                if item.filename == "docProps/thumbnail.jpeg":
                    continue
                data = src.read(item.filename)
                if item.filename == "docProps/app.xml":
                    data = _stamped_app_xml(data)
                elif item.filename == "_rels/.rels":
                    data = re.sub(rb'<Relationship[^>]*thumbnail[^>]*/>', b"", data)
                elif item.filename == "[Content_Types].xml":
                    data = re.sub(rb'<Override[^>]*thumbnail\.jpeg[^>]*/>', b"", data)
                dst.writestr(item, data)
        shutil.move(str(out), str(path))
