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

APPLICATION = "CT-NAT"


def author_of(context: dict, fallback: str = "CT-NAT assessment team") -> str:
    """Who is named as author: context.yaml ``author``, else its ``assessor``,
    else the desk review's assessor (ingest keeps it as ``desk_assessor``)."""
    for key in ("author", "assessor", "desk_assessor"):
        value = context.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return fallback


def set_core(props, title: str, subject: str, author: str, keywords: str = "", comments: str = "") -> None:
    """Fill python-docx / python-pptx ``core_properties``."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = APPLICATION
    props.keywords = keywords
    props.comments = comments or f"Drafted with CT-NAT {__version__}"
    props.category = "Counter-trafficking needs assessment"
    props.created = now
    props.modified = now
    props.revision = 1
    if hasattr(props, "last_printed"):
        props.last_printed = now


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
                    text = data.decode("utf-8")
                    text = re.sub(r"<Application>.*?</Application>", f"<Application>{APPLICATION}</Application>", text)
                    text = re.sub(r"<AppVersion>.*?</AppVersion>", "", text)
                    text = re.sub(r"<Company>.*?</Company>", "", text)
                    text = re.sub(r"<Template>.*?</Template>", "", text)
                    data = text.encode("utf-8")
                elif item.filename == "_rels/.rels":
                    data = re.sub(rb'<Relationship[^>]*thumbnail[^>]*/>', b"", data)
                elif item.filename == "[Content_Types].xml":
                    data = re.sub(rb'<Override[^>]*thumbnail\.jpeg[^>]*/>', b"", data)
                dst.writestr(item, data)
        shutil.move(str(out), str(path))
