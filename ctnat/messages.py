"""Every sentence CT-NAT writes, in one gettext catalogue (Babel).

Code writes English message ids and marks them for translation::

    from ..messages import _, ngettext, format_list

    _("Survey respondents: {n}", n=12)
    ngettext("{n} indicator", "{n} indicators", 26)

The catalogue is ``ctnat/locale/messages.pot`` with one ``<lang>/LC_MESSAGES/messages.po``
per language; translators edit the ``.po`` files, not Python. The ``.po`` file is read
at run time (no compile step). A message without a translation is its English id.

The language is the current one of :func:`language` (English unless a build sets
another), and numbers, percentages, dates and lists are written the way that
language writes them (Babel's CLDR data). Labels of instrument things (areas,
indicators, criterion levels, statuses) come from the instruments, not from here.

``python -m ctnat.messages`` extracts the messages from the code (and from the portal's Jinja
templates, which call the same ``_``/``ngettext``) into the ``.pot``
and brings every ``.po`` up to date with it (a test fails when they drift apart).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import functools
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton as _babel_skeleton
from babel.lists import format_list as _babel_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent as _babel_percent
from babel.support import Translations

from .paths import PACKAGE_DIR

LOCALE_DIR = PACKAGE_DIR / "locale"
POT = LOCALE_DIR / "messages.pot"
DOMAIN = "messages"
# The keywords the extractor looks for: _(msgid, **values), ngettext(singular, plural, n, **values),
# N_(msgid) marks a message kept in a table and translated where it is used.
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
# Where the messages are marked: Python code, and the portal's templates ({{ _("Sign in") }}).
METHOD_MAP = [("**.py", "python"), ("portal/templates/**.html", "jinja2.ext:babel_extract")]
# The CLDR locale whose conventions a language's documents follow (dates, numbers, lists).
FORMAT_LOCALE = {"en": "en_GB"}
# Lists whose items hold the conjunction themselves ("prevention, and cooperation and coordination")
# take the serial comma where the language has one.
SERIAL_LIST_LOCALE = {"en": "en"}

_current: contextvars.ContextVar[str] = contextvars.ContextVar("ctnat_language", default="en")


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Write in ``lang`` inside the block: ``with language("ru"): build_report(...)``."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def current_language() -> str:
    return _current.get()


def _locale() -> str:
    lang = _current.get()
    return FORMAT_LOCALE.get(lang, lang)


def languages() -> tuple[str, ...]:
    """The languages CT-NAT writes: English, then each language of ``ctnat/locale/<lang>/``."""
    found = sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir() and p.name != "en") \
        if LOCALE_DIR.exists() else []
    return ("en", *found)


def in_every_language(msgid: str) -> list[str]:
    """A message as each language writes it (English first), for reading back what a document in
    any language says (a workbook's sheet names and headers)."""
    return list(dict.fromkeys(_translations(lang).gettext(msgid) for lang in languages()))


def translations_file(lang: str) -> Path:
    """The ``.po`` file of a language (``ctnat/locale/ru/LC_MESSAGES/messages.po``)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def _translations(lang: str) -> Translations:
    po = translations_file(lang)
    if not po.exists():
        return Translations()  # no catalogue: the English ids
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def _(msgid: str, /, **values) -> str:
    """The message in the current language, its ``{placeholders}`` filled from ``values``."""
    text = _translations(_current.get()).gettext(msgid)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values) -> str:
    """The plural form of the current language for ``n``; ``{n}`` is the number written by locale
    unless ``values`` gives it (e.g. ``n=number_word(5)``)."""
    text = _translations(_current.get()).ngettext(singular, plural, int(n))
    values.setdefault("n", format_number(n))
    return text.format(**values)


def N_(msgid: str) -> str:
    """Mark a message kept in a table; translate it with ``_`` where it is written."""
    return msgid


def label(text: dict | str, lang: str | None = None) -> str:
    """An instrument label ``{en: …, ru: …}`` in the current language (English when missing)."""
    if not isinstance(text, dict):
        return str(text)
    return text.get(lang or _current.get()) or text["en"]


# The instruments' labels by their English text (filled as the instruments are read): a table a shared
# stage wrote holds a label in English, and a document in another language finds its translation here.
_LABELS: dict[str, dict] = {}


def register_labels(labels: Iterable[dict]) -> None:
    """Remember instrument labels ``{en: …, ru: …}`` by their English text (the first one of a text wins)."""
    for item in labels:
        _LABELS.setdefault(str(item["en"]), item)


def translate_label(text) -> str:
    """A label a shared stage stored in English (``Protection and assistance``, ``Survey respondents``) in
    the current language: the instruments' label whose English it is, else the catalogue's message, else
    as stored. In English, the text itself."""
    lang = _current.get()
    if lang == "en" or not isinstance(text, str) or not text:
        return text
    found = _LABELS.get(text)
    if found is not None and found.get(lang):
        return str(found[lang])
    return _translations(lang).gettext(text)


def label_of(value) -> str:
    """A name the data give per language (``{en: Republic of Azerbaijan, ru: Азербайджанская Республика}``)
    or as one text, in the current language (English when the language has none; '' when there is none)."""
    if isinstance(value, dict):
        return str(value.get(_current.get()) or value.get("en") or "")
    return "" if value is None else str(value)


def format_number(n, decimals: int | None = None) -> str:
    """``1234`` → ``1,234`` (English), ``1 234`` (Russian); ``decimals=2``: ``0.5`` → ``0.50``, rounded as
    Python's ``f"{n:.2f}"`` rounds (from the float's exact value)."""
    if decimals is None:
        return format_decimal(n, locale=_locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(decimal.Decimal(float(n)), format=pattern, locale=_locale())


def format_stored(text) -> str:
    """A number as a table stored it (``'2.0'``, ``'2.33'``) written in the current language with the
    same decimals (``2,0``); in English, and for text that is not a plain number, as stored."""
    text = str(text)
    if _current.get() == "en" or not re.fullmatch(r"-?\d+(\.\d+)?", text.strip()):
        return text
    whole, _dot, decimals = text.strip().partition(".")
    return format_number(float(text), decimals=len(decimals)) if decimals else format_number(int(whole))


def format_percent(share: float) -> str:
    """``0.42`` → ``42%`` — whole percents."""
    return _babel_percent(share, locale=_locale())


def shows_share(base, min_base: int, people=None) -> bool:
    """The numbers rule: a figure about people shows its percentage (beside its count) only when
    its base is at least ``min_base`` (rubric.yaml ``percent_min_base``). Answers pooled over several
    statements count their people, not their answers: ``people`` (how many gave them) must reach it too."""
    return int(base) > 0 and min(int(base), int(base if people is None else people)) >= int(min_base)


def share_beside(count, base, min_base: int, people=None) -> str:
    """What follows a count of people ("24 of 40 answers favourable"): ``" (60%)"`` from ``min_base`` up,
    ``""`` on a smaller base — a figure about people is a count, its percentage only beside it, never alone.
    ``people``: for answers pooled over statements, how many people gave them (28 answers from 7
    respondents are a base of 7)."""
    # TRANSLATORS: a percentage printed beside a count ("24 of 40 (60%)"); the space before it is kept.
    return " " + _("({share})", share=format_percent(count / base)) if shows_share(base, min_base, people) else ""


def format_range(low: str, high: str) -> str:
    """``'10'``, ``'20'`` → ``10–20``; a range whose ends are equal is one number (``'6'``, never ``6–6``).
    The ends are written already (``format_number``, a date)."""
    # TRANSLATORS: a range of two numbers written already ("10–20").
    return low if low == high else _("{low}–{high}", low=low, high=high)


def format_date(value) -> str:
    """A date (or ``'2016-01-13'``) → ``13 January 2016``; a year and month (``'2009-08'``) →
    ``August 2009``; text that is not a date is left as written."""
    if not isinstance(value, dt.date) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(value).strip()):
        return format_month(str(value).strip() + "-01")
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return _babel_date(value, "long", locale=_locale())


def format_datetime(value, tz: str = "UTC") -> str:
    """A moment (``datetime`` or ISO text such as ``'2026-12-07T10:05:00+00:00'``) as the current
    language writes it, in the time zone ``tz`` (an IANA name), which it names: ``7 December 2026,
    14:05 (Asia/Baku, UTC+04:00)``, ``7 декабря 2026 г., 10:05 (UTC)``. A time without a zone is
    taken as UTC; text that is not a time is left as written."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_time as _babel_time

    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(ZoneInfo(tz))
    offset = local.utcoffset() or dt.timedelta(0)
    if tz.upper() in ("UTC", "ETC/UTC"):
        zone = "UTC"
    else:
        minutes = int(offset.total_seconds() // 60)
        zone = f"{tz}, UTC{'+' if minutes >= 0 else '−'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    moment = _babel_date(local.date(), "long", locale=_locale()) + ", " + _babel_time(local.time(), "HH:mm",
                                                                                      locale=_locale())
    return f"{moment} ({zone})"


def format_month(value) -> str:
    """A date (or ``'2016-01-13'``) → ``January 2016`` (month and year, as a cover gives them)."""
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return _babel_skeleton("yMMMM", value, locale=_locale())


def format_list(items: Iterable[str], serial: bool = False, style: Literal["standard", "or"] = "standard") -> str:
    """``['a', 'b', 'c']`` → ``a, b and c`` in the current language; ``serial=True`` for items that
    hold the conjunction themselves → ``a, b, and c and d``; ``style="or"`` → ``a, b or c``."""
    items = [str(i) for i in items]
    lang = _current.get()
    locale = SERIAL_LIST_LOCALE.get(lang, _locale()) if serial else _locale()
    return _babel_list(items, style=style, locale=locale) if items else ""


# TRANSLATORS: small numbers written as words in running text ("in five areas").
_NUMBER_WORDS = {1: N_("one"), 2: N_("two"), 3: N_("three"), 4: N_("four"), 5: N_("five"), 6: N_("six"),
                 7: N_("seven"), 8: N_("eight"), 9: N_("nine"), 10: N_("ten")}
# TRANSLATORS: ordinal words ("first choices count 3").
_ORDINALS = {1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"), 5: N_("fifth"),
             6: N_("sixth"), 7: N_("seventh"), 8: N_("eighth"), 9: N_("ninth"), 10: N_("tenth")}


def number_word(n) -> str:
    """``5`` → ``five`` for one to ten, the number otherwise."""
    word = _NUMBER_WORDS.get(int(n))
    return _(word) if word else format_number(n)


def ordinal_word(n) -> str:
    """``2`` → ``second`` for one to ten, the number otherwise."""
    word = _ORDINALS.get(int(n))
    return _(word) if word else format_number(n)


# ---------------------------------------------------------------- the catalogue files
_HEADER_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)  # fixed: the files change only with the messages


def extract(package_dir: Path = PACKAGE_DIR):
    """Every message marked in the package's code, as a template catalogue (a Babel ``Catalog``)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="CT-NAT", version="", creation_date=_HEADER_DATE, revision_date=_HEADER_DATE,
                      msgid_bugs_address="", fuzzy=False)
    marked, found = _marked(package_dir), set()
    for filename, _lineno, message, comments, context in extract_from_dir(
            str(package_dir), method_map=METHOD_MAP, keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        first = message if isinstance(message, str) else message[0]
        message = marked.get(first, (message, ""))[0]  # as the code marks it (Babel misreads nested calls)
        found.add(first)
        catalog.add(message, locations=[(f"ctnat/{filename}", None)], auto_comments=comments, context=context,
                    flags=("python-brace-format",) if "{" in first else ())
    for first, (message, where) in marked.items():  # the ones Babel's extractor missed
        if first in found:
            continue
        catalog.add(message, locations=[(where, None)], flags=("python-brace-format",) if "{" in first else ())
    return catalog


def _marked(package_dir: Path) -> dict:
    """Every message the code marks, read from its syntax tree: ``{msgid: (msgid or (singular, plural), file)}``.
    Babel's extractor misreads a call inside another call's arguments (``_("… {x}", x=", ".join(
    ngettext("{n} a", "{n} as", k) for …))``: the inner one is lost or the outer one takes ``", "`` as
    its plural); this reading is what :func:`extract` holds it to."""
    import ast

    out: dict = {}
    for path in sorted(Path(package_dir).rglob("*.py")):
        rel = "ctnat/" + path.relative_to(package_dir).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS):
                continue
            n_ids = 2 if node.func.id == "ngettext" else 1
            args = node.args[:n_ids]
            if len(args) < n_ids or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                continue
            ids = tuple(a.value for a in args)  # type: ignore[attr-defined]
            if ids[0]:
                out.setdefault(ids[0], (ids if n_ids == 2 else ids[0], rel))
    return out


def _write(catalog, path: Path) -> None:
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=True, include_lineno=False, omit_header=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def update_catalogues(package_dir: Path = PACKAGE_DIR, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write ``messages.pot`` from the code and merge it into every language's ``.po``."""
    template = extract(package_dir)
    _write(template, locale_dir / "messages.pot")
    written = [locale_dir / "messages.pot"]
    for po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        lang = po.parent.parent.name
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.revision_date = _HEADER_DATE
        _write(catalog, po)
        written.append(po)
    return written


if __name__ == "__main__":
    for p in update_catalogues():
        print(p)
