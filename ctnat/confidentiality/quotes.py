"""Quotes: ids tied to their text, the assessor's decisions, and the gate every
quoted or excerpted text passes before it reaches a document.

- :func:`quote_id` — ``Q`` + 12 hex digits of the SHA-256 of the quote's text
  (whitespace collapsed). Editing a quote gives it a new id, so a cleared quote
  that is later edited must be cleared again.
- ``data/raw/<ISO3>/quotes.yaml`` — the assessor's decisions, read by ingest
  (:func:`read_decisions`) into ``data/processed/<ISO3>/quote_decisions.csv``::

      Q1a2b3c4d5e6f: clear      # read it: no one can be identified
      Q0f9e8d7c6b5a: withhold   # never quote it

- :class:`QuoteGate` — used where quotes are chosen (report quotes, workshop
  amendments). A text is quoted when the assessor cleared its id, or when the
  name screen finds nothing, no mandate cue (``instruments/mandate_cues.yaml``:
  a one-of-a-kind institution named or described by its mandate) is in it,
  and the assessor did not withhold it. Everything
  withheld is listed in ``analysis/<ISO3>/quotes_to_review.csv`` with its id,
  where it would have appeared, the reason and the text, for the assessor.
  That file holds the withheld text itself and is for the research team only.
"""

from __future__ import annotations

from collections.abc import Sequence

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import catalogue
from ..messages import N_, _
from ..problems import Problem
from .mandates import MandateCue, cues_as_dict, cues_from_dict, mandate_reason
from .screen import NameFingerprints, NameScreen

DECISIONS = ("clear", "withhold")
ID_RX = re.compile(r"Q[0-9a-f]{12}")
REVIEW_COLUMNS = ["quote_id", "status", "source", "where", "reason", "text"]
SCREEN_FILE = catalogue.table("name_screen").file
DECISIONS_FILE = catalogue.table("quote_decisions").file
# Where a withheld text would have appeared, as the review list names it (``QuoteGate.allow``'s source).
SOURCE_WORDS = {"interview": N_("interview"), "workshop_amendment": N_("workshop amendment")}


def normalise_quote(text: str) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip()


def quote_id(text: str) -> str:
    """The id of a quote: changes whenever its text does."""
    return "Q" + hashlib.sha256(normalise_quote(text).encode("utf-8")).hexdigest()[:12]


def read_decisions(path: Path, display_name: str = "quotes.yaml") -> tuple[dict[str, str], list[Problem]]:
    """The assessor's decisions in ``quotes.yaml``: {quote id: clear | withhold}."""
    import yaml

    problems: list[Problem] = []
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()

    def line_of(key: str) -> int | None:
        for i, line in enumerate(lines, start=1):
            if line.lstrip().startswith(str(key)):
                return i
        return None

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return {}, [Problem(display_name, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                            row=mark.line + 1 if mark else None, expected="lines like 'Q1a2b3c4d5e6f: clear'")]
    if not isinstance(data, dict):
        return {}, [Problem(display_name, "the file must be a list of 'quote id: decision' lines",
                            expected="lines like 'Q1a2b3c4d5e6f: clear'")]
    out = {}
    for key, value in data.items():
        row = line_of(key)
        decision = value.get("decision") if isinstance(value, dict) else value
        if not ID_RX.fullmatch(str(key)):
            problems.append(Problem(display_name, f"'{key}' is not a quote id (ids look like Q1a2b3c4d5e6f; copy them from quotes_to_review.csv)", row=row, column="quote id",
                                    value=str(key), expected="an id from quotes_to_review.csv, e.g. Q1a2b3c4d5e6f"))
            continue
        if str(decision).strip().lower() not in DECISIONS:
            problems.append(Problem(display_name, f"'{decision}' is not a decision for quote {key} (write clear or withhold)", row=row,
                                    column="decision", value=str(decision), expected="clear or withhold"))
            continue
        out[str(key)] = str(decision).strip().lower()
    return out, problems


def read_blocklist(path: Path) -> list[str]:
    """Names in a block list: one per line, '#' starts a comment."""
    out = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


class QuoteGate:
    """Decides, text by text, what may be quoted, and remembers what it withheld."""

    def __init__(self, screen: NameScreen, decisions: dict[str, str] | None = None, missing: str | None = None,
                 mandates: list[MandateCue] | None = None):
        self.screen = screen
        self.mandates = mandates or []  # instruments/mandate_cues.yaml, as ingest read it
        self.decisions = decisions or {}
        self.missing = missing  # when set, nothing is quoted: the screen's inputs are missing
        self.withheld: list[dict] = []

    @classmethod
    def for_country(cls, country: str, root=None) -> QuoteGate:
        """The gate for ``country`` from the processed name screen and decisions.
        Without them (processed data from before the screen existed) nothing passes."""
        screen = catalogue.read_json("name_screen", country, root, missing_ok=True)
        if screen is None:
            return cls(NameScreen(), {}, missing=_("{file} is missing: run ingest again", file=SCREEN_FILE))
        fp = NameFingerprints.from_dict(screen)
        decisions = {}
        t = catalogue.read("quote_decisions", country, root, missing_ok=True)
        if t is not None:
            decisions = dict(zip(t["quote_id"], t["decision"]))
        return cls(NameScreen(fp), decisions, mandates=cues_from_dict(screen.get("mandates")))

    def check(self, text: str, flagged: str | None = None, voice: bool = True) -> tuple[bool, str, str]:
        """(may be quoted, status, reason) for ``text``; ``flagged`` is a reason
        found elsewhere (e.g. by ingest) to withhold it unless the assessor clears it.
        ``voice``: the text is what someone told the research team (an interview
        passage), so naming a one-of-a-kind institution identifies them too; a
        workshop group's wording of a recommendation is not screened for that."""
        qid = quote_id(text)
        decision = self.decisions.get(qid)
        if decision == "withhold":
            return False, _("withheld by the assessor"), _("the assessor withheld it")
        if decision == "clear":
            return True, _("cleared"), ""
        if flagged:
            return False, _("to review"), flagged
        if self.missing:
            return False, _("to review"), self.missing
        reason = self.screen.reason(text) or (mandate_reason(text, self.mandates) if voice else None)
        if reason:
            return False, _("to review"), reason
        return True, _("passed"), ""

    def allow(self, text: str, source: str, where: str = "", flagged: str | None = None) -> bool:
        """May ``text`` be quoted? If not, it is listed for review."""
        ok, status, reason = self.check(text, flagged, voice=source == "interview")
        if not ok:
            qid = quote_id(text)
            if not any(w["quote_id"] == qid and w["where"] == where for w in self.withheld):
                source = _(SOURCE_WORDS[source]) if source in SOURCE_WORDS else source
                self.withheld.append({"quote_id": qid, "status": status, "source": source, "where": where,
                                      "reason": reason, "text": normalise_quote(text)})
        return ok

    def screen_amendments(self, recs: pd.DataFrame) -> pd.DataFrame:
        """Recommendations with every workshop amendment the gate withholds
        replaced by the draft wording (what should change) and a note naming the
        quote id."""
        if "validated_text" not in recs:
            return recs
        recs = recs.copy()
        for i, r in recs.iterrows():
            text = str(r.get("validated_text") or "")
            if text.strip() and not self.allow(text, "workshop_amendment", str(r.get("id", ""))):
                draft = r.get("change") or r.get("text") or ""
                recs.at[i, "validated_text"] = _("{draft} (the group's amended wording is withheld until the "
                                                 "assessor clears it: {quote_id})", draft=draft, quote_id=quote_id(text))
        return recs

    def write_review(self, country: str, root=None) -> Path:
        """``analysis/<ISO3>/quotes_to_review.csv``: every text withheld so far."""
        return catalogue.write("quotes_to_review", pd.DataFrame(self.withheld, columns=REVIEW_COLUMNS), country, root)


@dataclass
class ScreenInputs:
    """What ingest writes for the name screen."""
    outputs: dict = field(default_factory=dict)  # processed file name -> text | DataFrame
    problems: list = field(default_factory=list)
    rows: dict = field(default_factory=dict)  # received path -> entries taken


def screen_inputs(country: str, root, headers: list[tuple[str, str]], blocklists: Sequence[Path] = (),
                  quotes: Path | None = None, mandates: Sequence[MandateCue] = ()) -> ScreenInputs:
    """The name screen's processed files, made by ingest from ``headers`` — (field
    key, value) pairs of every personal interview-header field —, the block lists
    (``instruments/names_blocklist.txt`` for the project and the country's
    ``data/raw/<ISO3>/names_blocklist.txt``: one name per line), the assessor's
    ``data/raw/<ISO3>/quotes.yaml`` and the mandate cues (``instruments/mandate_cues.yaml``).

    ``name_screen.json`` holds salted SHA-256 fingerprints, never a name;
    ``quote_decisions.csv`` the quote ids and decisions."""
    from ..paths import instruments_dir

    out = ScreenInputs()
    fp = NameFingerprints(salt=hashlib.sha256(f"ctnat-name-screen:{country.upper()}".encode()).hexdigest()[:32])
    for key, value in headers:
        value = str(value or "").strip()
        if not value:
            continue
        if "name" in key:
            fp.add_name(value)
        else:
            fp.add_phrase(value)  # e.g. an official title: blocked only as a whole
    project_list = instruments_dir(root) / "names_blocklist.txt"
    for path in [project_list] * project_list.exists() + list(blocklists):
        names = read_blocklist(path)
        for name in names:
            fp.add_name(name)
        out.rows[path] = len(names)
    decisions: dict[str, str] = {}
    if quotes is not None:
        decisions, out.problems = read_decisions(quotes, "quotes.yaml")
        out.rows[quotes] = len(decisions)
    screen = fp.as_dict()
    screen["mandates"] = cues_as_dict(list(mandates))
    out.outputs[SCREEN_FILE] = json.dumps(screen, indent=0)
    out.outputs[DECISIONS_FILE] = pd.DataFrame(sorted(decisions.items()), columns=["quote_id", "decision"])
    return out


def personal_header_values(header: dict, guide) -> list[tuple[str, str]]:
    """(key, value) of the header fields the guide marks ``personal: true``."""
    header = {str(k).strip().lower(): v for k, v in (header or {}).items()}
    keys = [h.key for h in guide.header_fields if h.personal]
    return [(k, str(header[k])) for k in keys if header.get(k) not in (None, "")]


__all__ = ["QuoteGate", "personal_header_values", "quote_id", "read_decisions", "screen_inputs"]
