"""Store a newly received file in ``data/raw/<ISO3>/<kind>/``, append-only.

A file is written under a temporary name in ``data/raw/<ISO3>/.incoming/`` and
linked to its final name in one step; the receipt is logged after that, so a
kill leaves either no file or a complete one (an unlogged complete file is
recorded by the next ingest). Nothing already there is ever overwritten: the same content twice is
recognised by its SHA-256 and not stored again; the same name with new content
gets a new name (``responses (2).csv``). Every receipt is logged in
``data/raw/<ISO3>/received.jsonl`` (name, time, who, SHA-256, status, rows) — never
any respondent data. The web portal uses this function for uploads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..paths import raw_dir
from ..problems import UsageError

KINDS = ("surveys", "interviews", "coding", "narrative", "workshop", "nap")


@dataclass
class StoredFile:
    path: Path
    sha256: str
    duplicate: bool


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def safe_name(name: str) -> str:
    """A file name that cannot leave its folder: no path parts, no '..', only
    letters, digits, spaces, dots, dashes, underscores and brackets."""
    base = unicodedata.normalize("NFKC", str(name)).replace("\\", "/").split("/")[-1]
    base = re.sub(r"[^\w .()\-]", "_", base, flags=re.UNICODE).strip(" .")
    base = re.sub(r"\.{2,}", ".", base)
    if len(base) > 120:  # shorten the stem, never the extension ('….cs' would lose the file type)
        stem, suffix = os.path.splitext(base)
        suffix = suffix if len(suffix) <= 12 else ""
        base = stem[:120 - len(suffix)].rstrip(" .") + suffix
    return base or "upload"


def log_receipt(country: str, record: dict, root=None) -> None:
    d = raw_dir(country, root)
    d.mkdir(parents=True, exist_ok=True)
    with open(d / "received.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def store_received_file(source: str | Path | bytes, country: str, kind: str, original_name: str | None = None,
                        root=None, uploaded_by: str | None = None, status: str = "stored",
                        rows: int | None = None) -> StoredFile:
    """Copy ``source`` (a path or bytes) into ``data/raw/<ISO3>/<kind>/`` without
    overwriting anything; returns where it is and whether it was already there."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind of file '{kind}'; expected one of {', '.join(KINDS)}")
    country = country.upper()
    data = Path(source).read_bytes() if not isinstance(source, (bytes, bytearray)) else bytes(source)
    name = safe_name(original_name or (Path(source).name if not isinstance(source, (bytes, bytearray)) else "upload"))
    digest = hashlib.sha256(data).hexdigest()
    folder = raw_dir(country, root) / kind
    folder.mkdir(parents=True, exist_ok=True)
    for existing in sorted(folder.iterdir()):
        if existing.is_file() and existing.stat().st_size == len(data) and sha256_of(existing) == digest:
            log_receipt(country, {"name": name, "stored_as": existing.name, "kind": kind,
                                  "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                  "by": uploaded_by, "sha256": digest, "status": "duplicate", "rows": rows}, root)
            return StoredFile(existing, digest, True)
    # write the whole file under a temporary name outside the data folders, then
    # give it its final name in one step: a kill leaves no partial file in surveys/
    incoming = raw_dir(country, root) / ".incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="upload-", suffix=".part", dir=incoming)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        stem, suffix = os.path.splitext(name)
        target = folder / name
        n = 2
        while True:
            try:
                os.link(tmp, target)  # fails if the name exists: never overwrite
                break
            except FileExistsError:
                target = folder / f"{stem} ({n}){suffix}"
                n += 1
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    log_receipt(country, {"name": name, "stored_as": target.name, "kind": kind,
                          "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                          "by": uploaded_by, "sha256": digest, "status": status, "rows": rows}, root)
    return StoredFile(target, digest, False)
