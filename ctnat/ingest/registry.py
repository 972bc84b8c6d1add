"""Which received files ingest reads, in which order, and which are left out.

Every file under ``data/raw/<ISO3>/surveys/`` and ``…/interviews/`` is read —
whatever its name or extension (``.xlsm``, a CSV named ``.xls``, a name starting
with dots, an upload stored under a truncated name): the readers decide by
content, and a file that cannot be read is an error naming it, never a silent
skip. The one way to leave a received file out is to withdraw it
(:func:`withdraw_file`, ``ctnat withdraw``): the file stays, the withdrawal is
logged in ``withdrawals.jsonl``.

The order of receipt is the order of ``received.jsonl``. A file placed in the
folder by hand is recorded there (status ``found``) the first time ingest sees
it — an append, the only write ingest makes under ``data/raw``. Files placed by
hand that one ingest sees for the first time are recorded in the order they were
last modified (then by path), never by name alone; two of them with respondents
in common are a warning (:func:`arrived_together`). Later-received files win when
the same respondent appears twice (see :mod:`.corrections`).

A received file is never edited: each ingest compares every survey and interview
file with the SHA-256 of its receipt, and a file whose content changed is an
error naming it (:func:`changed_problems`) — unless the assessor recorded the
change (:func:`accept_change`, ``ctnat accept-change``), which appends an
``accept_change`` entry with the new SHA-256 and the reason to ``received.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from .. import catalogue
from ..messages import _, ngettext
from ..paths import project_root, raw_dir
from ..problems import InputError, MissingInputError, Problem, UsageError, printable
from .store import log_receipt, sha256_of

DATA_FOLDERS = ("surveys", "interviews")
WITHDRAWALS = "withdrawals.jsonl"
ACCEPT_CHANGE = "accept_change"  # the status of a receipt-log entry recording an edit the assessor accepted
MAX_REASON = 1000  # characters of a withdrawal's reason


@dataclass
class ReceivedFile:
    path: Path
    rel: str  # relative to data/raw/<ISO3>/, e.g. "surveys/responses.csv"
    sha256: str
    order: int  # position of its first receipt in received.jsonl
    received: str | None  # time of that receipt


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSON-lines log; a damaged line is an error naming it."""
    if not path.exists():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            # a line cut short by a crash while appending: the entry never finished
            if n == len(path.read_text(encoding="utf-8").splitlines()):
                continue
            raise InputError(f"{path.name} is damaged", [Problem(path.name, "this line is not a JSON record",
                                                                 row=n, value=line[:80])]) from None
        if isinstance(rec, dict):
            out.append(rec)
    return out


def _log_key(rec: dict) -> str | None:
    kind, stored = rec.get("kind"), rec.get("stored_as")
    if not kind or not stored:
        return None
    return f"{kind}/{stored}"


def _first_receipts(log: list[dict]) -> dict[str, tuple[int, dict]]:
    """Each file's first receipt that was not refused: relative path -> (its
    line in ``received.jsonl``, the record)."""
    first: dict[str, tuple[int, dict]] = {}
    for i, rec in enumerate(log):
        key = _log_key(rec)
        if key and key not in first and rec.get("status") not in ("refused", ACCEPT_CHANGE):
            first[key] = (i, rec)
    return first


def _expected(log: list[dict]) -> dict[str, dict]:
    """Each file's content as last recorded: relative path -> the receipt, or
    the latest ``accept_change`` entry after it (the SHA-256 the file must have)."""
    out = {key: rec for key, (_i, rec) in _first_receipts(log).items()}
    for rec in log:
        key = _log_key(rec)
        if key in out and rec.get("status") == ACCEPT_CHANGE:
            out[key] = rec
    return out


def _modified(p: Path) -> tuple[int, str]:
    """When a file was last modified (nanoseconds; 0 when it cannot be told)."""
    try:
        return p.stat().st_mtime_ns, p.name
    except OSError:
        return 0, p.name


def _iso(ns: int) -> str:
    return dt.datetime.fromtimestamp(ns / 1e9, dt.timezone.utc).isoformat(timespec="seconds")


def data_files(country: str, root=None) -> list[Path]:
    """Every file in the data folders, whatever its name."""
    d = raw_dir(country, root)
    out = []
    for sub in DATA_FOLDERS:
        folder = d / sub
        if folder.exists():
            out += [p for p in folder.rglob("*") if p.is_file() or (p.is_symlink() and not p.is_dir())]
    return sorted(out)


def withdrawn(country: str, root=None) -> dict[str, dict]:
    """Withdrawn files (relative path -> the withdrawal record)."""
    return {r["file"]: r for r in read_jsonl(raw_dir(country, root) / WITHDRAWALS) if r.get("file")}


def received_files(country: str, root=None) -> tuple[list[ReceivedFile], list[dict], list[dict], list[dict]]:
    """(files to ingest in order of receipt, withdrawn files, receipts still to
    record, files changed since their receipt). Files not yet in
    ``received.jsonl`` get a ``found`` receipt, which :func:`record_found`
    appends once ingest succeeds; several of them are recorded in the order they
    were last modified. A changed file is one whose SHA-256 is not the one its
    receipt (or the assessor's latest ``accept_change``) recorded: its path, the
    time of that record and both SHA-256."""
    d = raw_dir(country, root)
    log = read_jsonl(d / "received.jsonl")
    first = {key: (i, rec.get("time")) for key, (i, rec) in _first_receipts(log).items()}
    expected = _expected(log)
    gone = withdrawn(country, root)
    files, out_withdrawn, new, changed = [], [], [], []
    present = set()
    for p in data_files(country, root):
        rel = p.relative_to(d).as_posix()
        present.add(rel)
        digest = sha256_of(p)
        if rel in gone:
            out_withdrawn.append({**gone[rel], "sha256": digest})
            continue
        if rel not in first:
            new.append((p, rel, digest))
            continue
        then = expected[rel]
        if then.get("sha256") and then["sha256"] != digest:
            changed.append({"file": rel, "time": then.get("time"), "sha256": then["sha256"], "now": digest,
                            "status": then.get("status")})
        files.append(ReceivedFile(p, rel, digest, first[rel][0], first[rel][1]))
    # a received file that is no longer there was deleted by hand: received data is never
    # deleted, so that is an error too (withdrawing it is how a file leaves the assessment)
    for rel in sorted(set(first) - present - set(gone)):
        then = expected[rel]
        changed.append({"file": rel, "time": then.get("time"), "sha256": then.get("sha256") or "", "now": "",
                        "status": then.get("status"), "missing": True})
    # placed by hand since the last ingest: first seen now, so in the order they were last modified
    pending, now, n = [], _now(), len(log)
    for p, rel, digest in sorted(new, key=lambda f: (_modified(f[0])[0], f[1])):
        kind, stored = rel.split("/", 1)
        entry = {"name": p.name, "stored_as": stored, "kind": kind, "time": now, "by": None,
                 "sha256": digest, "status": "found", "rows": None, "modified": _iso(_modified(p)[0])}
        pending.append(entry)
        files.append(ReceivedFile(p, rel, digest, n, now))
        n += 1
    files.sort(key=lambda f: (f.order, f.rel))
    return files, out_withdrawn, pending, changed


def changed_problems(changed: list[dict], country: str) -> list[Problem]:
    """An error for every received file changed since its receipt: what
    happened, and how to send a correction instead (or record the change)."""
    out = []
    for c in changed:
        rel = printable(c["file"])
        folder = rel.split("/", 1)[0]
        if c.get("missing"):
            out.append(Problem(c["file"], _(
                "the file received on {date} (SHA-256 {then}…) is no longer in the folder, and received data is "
                "never deleted", date=str(c.get("time") or "")[:10], then=c["sha256"][:12]),
                expected=_("put the file back as it was received; to take it out of the assessment, withdraw it once "
                           "it is back: ctnat withdraw {file} --country {country} --reason \"…\"",
                           file=rel, country=country)))
            continue
        out.append(Problem(c["file"], _(
            "the file has changed since it was received on {date}: its content is no longer the one recorded "
            "then (SHA-256 {then}…, now {now}…), and a received file is never edited",
            date=str(c.get("time") or "")[:10], then=c["sha256"][:12], now=c["now"][:12]),
            expected=_(
            "put the file back as it was received and send the correction as a new file in {folder}/ (its records "
            "replace the earlier ones of the same respondents) or as a line in cleaning_log.csv; to keep the file "
            "as it is now, record the change: ctnat accept-change {file} --country {country} --reason \"…\"",
            folder=folder, file=rel, country=country)))
    return out
def receipt_numbers(country: str, root=None) -> dict[str, int]:
    """Every data file's number in order of receipt (relative path -> 1, 2, …),
    withdrawn files included: the numbers the portal's "Received files" page
    shows and the report's data annex uses (ingest records them in the
    manifest). A file placed by hand and not yet recorded comes after the
    logged ones, in the order they were last modified, as ingest will record them."""
    d = raw_dir(country, root)
    log = read_jsonl(d / "received.jsonl")
    return _numbered([p.relative_to(d).as_posix() for p in data_files(country, root)], _first_receipts(log), len(log),
                     d)


def _numbered(rels: list[str], first: dict[str, tuple[int, dict]], logged: int, d: Path) -> dict[str, int]:
    """``rels`` numbered in order of their first receipt (line in the log),
    files not in the log after the ``logged`` lines, in the order they were last
    modified (as ingest will record them)."""
    ordered = sorted(rels, key=lambda rel: (first[rel][0], 0, rel) if rel in first else
                     (logged, _modified(d / rel)[0], rel))
    return {rel: n for n, rel in enumerate(ordered, 1)}


def received_overview(country: str, root=None) -> list[dict]:
    """Every survey and interview file of a country, in order of receipt, with
    what the researcher needs to decide on a withdrawal (the portal's "Received
    files" page): ``no`` (its number in order of receipt), ``file`` (path in the
    country folder), ``kind``, ``received`` (time of its first receipt; None for
    a file placed by hand that no ingest has recorded yet), ``by``, ``how`` (the
    status of that receipt: ``accepted``, ``stored``, ``found`` when placed by
    hand …), ``sha256``,
    ``rows`` and ``superseded`` (records read, and replaced by later files, in
    the last ingest; None when the last ingest did not read this file),
    ``status`` (``received``, ``partly superseded``, ``superseded`` or
    ``withdrawn``) and ``withdrawal`` (the withdrawal record, or None). Reads
    the logs and the last ingest's manifest; changes nothing."""
    country = country.upper()
    d = raw_dir(country, root)
    log = read_jsonl(d / "received.jsonl")
    first = _first_receipts(log)
    manifest = catalogue.read_json("manifest", country, root, missing_ok=True, default={})
    prefix = f"data/raw/{country}/"
    read = {str(i["path"])[len(prefix):]: i for i in manifest.get("inputs", [])
            if str(i.get("path", "")).startswith(prefix)}
    replaced: dict[str, int] = {}
    for rec in manifest.get("superseded", []):
        replaced[rec.get("file", "")] = replaced.get(rec.get("file", ""), 0) + 1
    gone = withdrawn(country, root)
    out = []
    for p in data_files(country, root):
        rel = p.relative_to(d).as_posix()
        digest = sha256_of(p)
        rec = first.get(rel, (0, {}))[1]
        last = read.get(rel)
        rows = last.get("rows") if last and last.get("sha256") == digest else None
        n_replaced = replaced.get(rel, 0) if rows is not None else None
        if rel in gone:
            status = "withdrawn"
        elif rows and n_replaced and n_replaced >= rows:
            status = "superseded"
        elif n_replaced:
            status = "partly superseded"
        else:
            status = "received"
        out.append({"file": rel, "kind": "survey" if rel.startswith("surveys/") else "interview",
                    "received": rec.get("time"), "by": rec.get("by"), "how": rec.get("status"), "sha256": digest,
                    "rows": rows,
                    "superseded": n_replaced, "status": status, "withdrawal": gone.get(rel)})
    numbers = _numbered([f["file"] for f in out], first, len(log), d)  # as receipt_numbers, without reading again
    out.sort(key=lambda f: numbers[f["file"]])
    for f in out:
        f["no"] = numbers[f["file"]]
    return out


def order_of_receipt(country: str, root, by_kind: dict[str, list[Path]]):
    """Put ``by_kind['survey']`` and ``by_kind['interview']`` in order of receipt
    and take withdrawn files out of them. Returns ({path: time received}, the
    withdrawn files, receipts still to record for files placed by hand, files
    changed since their receipt)."""
    files, gone, pending, changed = received_files(country, root)
    order = {f.path: i for i, f in enumerate(files)}
    times = {f.path: f.received for f in files}
    for kind in ("survey", "interview"):
        if kind in by_kind:
            by_kind[kind] = sorted((p for p in by_kind[kind] if p in order), key=lambda p: order[p])
    return times, gone, pending, changed


def arrived_together(pending: list[dict], codes_of: dict[str, set[str]], country: str) -> list[Problem]:
    """A warning for every two survey files placed by hand that this ingest sees
    for the first time and that share respondents: the later-modified one is
    taken as the later one, which may not be what the sender meant. ``codes_of``:
    relative path -> its respondent codes (trimmed, case-folded)."""
    found = [f"{e['kind']}/{e['stored_as']}" for e in pending if e.get("kind") == "surveys"]
    when = {f"{e['kind']}/{e['stored_as']}": e.get("modified") for e in pending}
    out = []
    for i, earlier in enumerate(found):
        for later in found[i + 1:]:
            both = sorted(codes_of.get(earlier, set()) & codes_of.get(later, set()))
            if not both:
                continue
            out.append(Problem(later, ngettext(
                "{earlier} and {later} were both placed in the folder by hand and are taken in by the same "
                "ingest, and {n} respondent is in both; {later} was modified later ({when}), so it counts as "
                "received later and its records replace those of {earlier}",
                "{earlier} and {later} were both placed in the folder by hand and are taken in by the same "
                "ingest, and {n} respondents are in both; {later} was modified later ({when}), so it counts as "
                "received later and its records replace those of {earlier}", len(both),
                earlier=printable(earlier), later=printable(later), when=str(when.get(later) or "")[:16]),
                value=", ".join(both[:5]) + ("…" if len(both) > 5 else ""),
                expected=_("if {earlier} is the correction, withdraw the other file: ctnat withdraw {later} "
                           "--country {country} --reason \"…\" (files sent through the portal are ordered by "
                           "when they arrived)", earlier=printable(earlier), later=printable(later), country=country),
                severity="warning"))
    return out


def record_found(country: str, pending: list[dict], root=None) -> None:
    """Append the receipts of files placed by hand (append-only)."""
    for entry in pending:
        log_receipt(country, entry, root)


def resolve_received(file: str | Path, country: str, root=None) -> tuple[Path, str]:
    """(path, path relative to ``data/raw/<ISO3>/``) of a received file given as
    a path from here or from the project root (``data/raw/AZE/surveys/x.csv``),
    from the country folder (``surveys/x.csv``) or as a name in ``surveys/`` or
    ``interviews/``. A file elsewhere is an error."""
    country = country.upper()
    d = raw_dir(country, root)
    p = Path(file)
    candidates = [p] if p.is_absolute() else [Path.cwd() / p, project_root(root) / p, d / p] + [
        d / sub / p for sub in DATA_FOLDERS]
    target = next((c for c in candidates if c.is_file()), None)
    if target is None:
        raise MissingInputError(f"{file} is not a received file of {country}", [Problem(
            str(file), "the file does not exist", expected=f"a file under {d / 'surveys'} or {d / 'interviews'}")])
    try:
        rel = target.resolve().relative_to(d.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{file} is not a received file of {country}", [Problem(
            str(file), f"the file is not in {d}", expected="a file under surveys/ or interviews/")]) from None
    return target, rel


def withdraw_file(file: str | Path, country: str, reason: str, root=None, by: str | None = None) -> dict:
    """Withdraw a received file: it stays where it is, the withdrawal is logged,
    and ingest leaves it out from then on."""
    country = country.upper()
    d = raw_dir(country, root)
    reason = (reason or "").strip()
    if not reason:
        raise UsageError("a withdrawal needs a reason", [Problem(str(file), "no reason given",
                                                                 expected="a reason, in words, why the file is withdrawn")])
    if len(reason) > MAX_REASON:
        raise UsageError("the reason is too long", [Problem(
            str(file), f"the reason has {len(reason)} characters", value=reason[:40] + "…",
            expected=f"at most {MAX_REASON} characters (it is printed in the report's data annex)")])
    target, rel = resolve_received(file, country, root)
    if rel.split("/", 1)[0] not in DATA_FOLDERS:
        raise UsageError(f"{file} cannot be withdrawn", [Problem(
            rel, "only survey and interview files can be withdrawn", expected="a file under surveys/ or interviews/")])
    earlier = withdrawn(country, root).get(rel)
    if earlier is not None:
        raise UsageError(f"{rel} is already withdrawn", [Problem(
            rel, f"the file is already withdrawn (since {str(earlier.get('time', ''))[:10]}: {earlier.get('reason')})")])
    entry = {"file": rel, "sha256": sha256_of(target), "reason": reason, "by": by, "time": _now()}
    with open(d / WITHDRAWALS, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
    return entry


def accept_change(file: str | Path, country: str, reason: str, root=None, by: str | None = None) -> dict:
    """Record that a received survey or interview file was changed on purpose:
    appends an ``accept_change`` entry (the new SHA-256, the one before, the
    reason, who, when) to ``received.jsonl``, so ingest takes the file in as
    it is now. The file keeps its place in the order of receipt."""
    country = country.upper()
    d = raw_dir(country, root)
    reason = (reason or "").strip()
    if not reason:
        raise UsageError(_("a change needs a reason"), [Problem(str(file), _("no reason given"), expected=_(
            "a reason, in words, why the received file was changed"))])
    if len(reason) > MAX_REASON:
        raise UsageError(_("the reason is too long"), [Problem(
            str(file), _("the reason has {n} characters", n=len(reason)), value=reason[:40] + "…",
            expected=_("at most {n} characters", n=MAX_REASON))])
    target, rel = resolve_received(file, country, root)
    log = read_jsonl(d / "received.jsonl")
    then = _expected(log).get(rel)
    if rel.split("/", 1)[0] not in DATA_FOLDERS or then is None:
        raise UsageError(_("{file} has no receipt", file=printable(rel)), [Problem(
            rel, _("only a survey or interview file that an ingest or the portal has recorded can have a change "
                   "recorded"), expected=_("a file under surveys/ or interviews/ that was received before"))])
    digest = sha256_of(target)
    if digest == then.get("sha256"):
        raise UsageError(_("{file} has not changed", file=printable(rel)), [Problem(
            rel, _("the file is as it was recorded on {date}: there is no change to record",
                   date=str(then.get("time") or "")[:10]))])
    kind, stored = rel.split("/", 1)
    entry = {"name": target.name, "stored_as": stored, "kind": kind, "time": _now(), "by": by, "sha256": digest,
             "previous_sha256": then.get("sha256"), "status": ACCEPT_CHANGE, "reason": reason, "rows": None}
    log_receipt(country, entry, root)
    return entry
