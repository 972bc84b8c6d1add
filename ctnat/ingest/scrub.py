"""Remove e-mail addresses and phone numbers from free text before anything
downstream can quote it."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# international or local phone numbers: 7+ digits with spaces, dots, dashes or brackets
PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\d[\d\s().-]{5,}\d(?![\w/])")


def _looks_like_phone(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    if len(digits) < 7:
        return False
    # years and ranges such as "2014-2018" or "2014 2018" are not phone numbers
    if re.fullmatch(r"(19|20)\d\d\s*[-–]\s*(19|20)\d\d", match.strip()):
        return False
    return True


def scrub_text(text) -> str:
    """``text`` with e-mails replaced by ``[e-mail removed]`` and phone numbers by
    ``[phone removed]``."""
    if text is None:
        return ""
    s = EMAIL.sub("[e-mail removed]", str(text))
    return PHONE.sub(lambda m: "[phone removed]" if _looks_like_phone(m.group(0)) else m.group(0), s)
