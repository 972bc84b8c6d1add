"""The name screen: does a piece of free text look like it names a person?

Four kinds of evidence, each a reason a quote is withheld until the assessor
clears it (none of the reasons repeats the name):

1. **Known names** — the personal fields of every interview header (any format)
   and the assessor's block lists. They reach the screen only as salted SHA-256
   fingerprints (:class:`NameFingerprints`), so processed data never holds them
   in clear. A name matches as a whole word, in any letter case, and with up to
   three letters of grammatical ending (Мамедов → Мамедова, Мамедову).
2. **A title or honorific next to a capitalised word** — "Colonel Mammadli",
   "Dr Beridze", "полковника Иванова", "Rashad bəy", "господин Петросян".
3. **A capitalised word with a surname or patronymic ending** used in Azerbaijan,
   Armenia, Georgia, Russia and their neighbours (-ov/-ova, -ev/-eva, -li/-lı,
   -zade, -yan, -shvili, -dze, -enko, -ovich/-ovna, -ов/-ова, -ян, -швили, -дзе,
   -ович/-овна …), Latin or Cyrillic, unless it is a known place, nationality or
   common word ("Moldova", "Geneva", "Armenian").
4. **An initial before a capitalised word** — "R. Mammadli", "Р. Мамедли",
   "Ա. Մելիք"; in Georgian script, which has no capitals, before any word
   ("ნ. შენგელია"; not the abbreviations ქ., ს., წ., ე.).
5. **A name alone in parentheses beside another form of it** — "По словам
   Ивана Ковальчука (Ковальчук, НПО)", "Ըստ Աննա Մելիքի (Մելիք)",
   "შენგელიას თქმით (შენგელია)": whatever the surname's ending.

The screen is a heuristic: it catches the ways names are usually written in
interview notes from this region; it cannot recognise every name (a first name
on its own that no header or block list holds, a name in a script it does not
know). That is why quotes are also withheld from the report until an assessor
has read the review list, when any of the rules above fires.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from ..messages import _

UPPER = "A-ZÀ-ÖØ-ÞĀ-ſƏÇĞİÖŞÜА-ЯЁІЇЄҐӘҒҚҢӨҮҰҺԱ-Ֆ"  # Latin (with Azerbaijani/Turkish), Cyrillic, Armenian capitals
LETTER = r"[^\W\d_]"
CAP_WORD = rf"[{UPPER}]{LETTER}+(?:[-'’][{UPPER}]?{LETTER}+)?"

# Titles and honorifics written BEFORE a name (Latin and Cyrillic; Cyrillic stems
# take case endings: полковник, полковника, полковнику …).
TITLES_BEFORE = [
    "mr", "mrs", "ms", "miss", "mister", "madam", "madame", "sir", "dr", "doctor", "prof", "professor",
    "colonel", "col", "lt", "lieutenant", "general", "gen", "major", "maj", "captain", "capt", "sergeant", "sgt",
    "commander", "commissioner", "inspector", "officer", "judge", "justice", "prosecutor", "investigator",
    "minister", "ambassador", "director", "mayor", "governor", "senator", "deputy", "chairman", "chairwoman",
    "chairperson", "president", "advocate", "attorney", "lawyer", "father", "sister", "imam", "rev", "reverend",
    "mp", "cənab", "cenab", "batono", "kalbatono", "paron", "tikin", "herr", "frau",
]
CYR_TITLES_BEFORE = [
    "господин", "госпож", "г-н", "г-жа", "гражданин", "гражданк", "товарищ", "полковник", "подполковник",
    "генерал", "майор", "капитан", "лейтенант", "сержант", "судь", "судья", "министр", "замминистр", "прокурор",
    "следовател", "инспектор", "директор", "начальник", "заместител", "доктор", "профессор", "депутат", "посол",
    "мэр", "губернатор", "председател", "адвокат", "юрист", "батоно", "калбатоно", "парон", "тикин",
]
# Honorifics written AFTER a (first) name: Azerbaijani bəy/xanım/müəllim, Turkish bey/hanım.
TITLES_AFTER = ["bəy", "bey", "xanım", "xanim", "hanım", "hanim", "müəllim", "muallim", "муаллим", "бей", "ханум",
                "ханым"]

SURNAME_ENDINGS_LATIN = ["ov", "ova", "ev", "eva", "yev", "yeva", "iyev", "iyeva", "li", "lı", "lu", "lü",
                         "zade", "zada", "zadeh", "yan", "yants", "ian", "shvili", "dze", "adze", "idze", "uri",
                         "enko", "sky", "ski", "skaya", "skiy", "ovich", "evich", "ovna", "evna", "oglu", "oğlu",
                         "qizi", "qızı", "kizi", "kızı", "beyli", "bayli", "ova", "aeva", "ich", "iani", "uli"]
SURNAME_ENDINGS_CYR = ["ов", "ова", "ев", "ева", "ёв", "ёва", "ин", "ина", "ли", "лы", "заде", "ян", "янц",
                       "швили", "дзе", "ури", "енко", "ский", "ская", "цкий", "цкая", "ович", "евич", "ич",
                       "овна", "евна", "ична", "оглы", "кызы", "бейли", "иани", "ули",
                       # the same surnames declined: Алиевым, Ивановой, Петросяну, Сагашвили stays
                       "ову", "овым", "овой", "еву", "евым", "евой", "ского", "скому", "ским", "ской", "яну", "яном",
                       "овича", "евича", "овичу", "овны", "евны", "овне"]
# Armenian script: -յան (-yan) and -յանց, also declined (Պետրոսյանի, Պետրոսյանին, Պետրոսյանից)
SURNAME_ENDINGS_ARM = ["յան", "յանց", "յանի", "յանին", "յանից", "յանով", "ունի"]
# Georgian script has no capital letters, so a word counts by its ending alone: -შვილი and -ძე, declined
# (ბერიძის, ბერიძემ, გელაშვილს, გელაშვილმა …); long words only (შვილი alone means "child").
GEORGIAN_SURNAME_RX = re.compile(r"(?<![\u10d0-\u10ff])[\u10d0-\u10ff]{3,}(?:შვილ(?:ი|ის|მა|ს|თან|ზე|ად)?|ძე(?:მ|ს|თან|ზე)?|ძის)"
                                 r"(?![\u10d0-\u10ff])")
# capitalised words with those endings that are not people
NOT_NAMES = {
    # places
    "moldova", "geneva", "kiev", "kyiv", "rostov", "kosovo", "lankaran", "lenkoran", "shirvan", "sheki", "saatli",
    "sabirabad", "tovuz", "ismayilli", "goychay", "barda", "bilasuvar", "imishli", "masalli", "astara", "lerik",
    "yardimli", "khachmaz", "quba", "qusar", "shamakhi", "agdash", "ujar", "zardab", "kurdamir", "hajigabul",
    "neftchala", "salyan", "nakhchivan", "ordubad", "sharur", "julfa", "babek", "kangarli", "shahbuz", "tbilisi",
    "batumi", "kutaisi", "rustavi", "zugdidi", "gori", "poti", "telavi", "yerevan", "gyumri", "vanadzor",
    "abovyan", "ijevan", "dilijan", "sevan", "goris", "kapan", "meghri", "baku", "ganja", "sumgayit", "mingachevir",
    "naftalan", "lachin", "kalbajar", "gubadli", "zangilan", "jabrayil", "fuzuli", "aghdam",
    "khojavend", "khojali", "shusha", "berlin", "turin", "beijing", "dublin", "kremlin",
    "молдова", "женева", "киев", "ростов", "косово", "берлин", "пекин", "кремль", "тбилиси", "ереван", "баку",
    "гянджа", "сумгаит", "лянкяран", "шеки", "нахчыван", "батуми", "кутаиси", "гюмри", "ванадзор", "физули",
    "лачин", "кельбаджар", "губадлы", "зангилан", "джебраил", "агдам", "ходжавенд", "ходжалы", "шуша",
    # nationalities, languages and common words
    "armenian", "georgian", "russian", "ukrainian", "belarusian", "bosnian", "croatian", "albanian", "estonian",
    "latvian", "lithuanian", "romanian", "bulgarian", "macedonian", "serbian", "slovenian", "italian", "indian",
    "iranian", "syrian", "egyptian", "asian", "european", "canadian", "australian", "austrian", "norwegian",
    "mongolian", "palestinian", "jordanian", "nigerian", "tunisian", "brazilian", "hungarian", "christian",
    "civilian", "parliamentarian", "guardian", "librarian", "humanitarian", "historian", "politician",
    "technician", "physician", "musician", "statistician", "electrician", "custodian", "comedian", "median",
    "israeli", "nepali", "somali", "bengali", "deli", "persian", "caspian", "ossetian", "abkhazian", "circassian",
    "arabian", "bahraini", "oman", "nova", "supernova", "casanova", "meridian", "pediatrician", "agrarian", "sectarian", "totalitarian", "ovich",
    "improv", "brezhnev", "gorbachev", "iconic", "soviet", "via", "which", "rich", "sandwich", "ostrich",
    "uri", "curie", "mercury", "luxury", "century", "injury", "jury", "treasury", "usury", "fury", "missouri",
    "rev", "prev", "ev", "ov", "li", "yan", "ian", "ich", "ski", "sky", "русский", "русская", "польский", "английский", "азербайджанский", "армянский", "грузинский",
    "советский", "городской", "российский", "украинский", "морской", "детский", "женский", "мужской",
    "областной", "районный", "национальный", "международный", "министр", "министерство", "правительство",
    "один", "одна", "свои", "свой", "около", "после", "более", "менее", "кроме", "вместе", "сейчас", "также",
    "жертв", "жертва", "жертвы", "мужчин", "женщин", "причин", "причина", "половина", "машина", "страна",
    "граница", "границ", "полиция", "полиции", "закон", "законов", "органов", "органы", "случаев",
    "уровень", "уровня", "часть", "вопрос", "вопросов", "путин", "ленин", "сталин",
}
# words after a title that make it an institution, not a person ("General Assembly",
# "судьи Верховного суда"): prefixes of the normalised word
ORG_PREFIXES = ("assembl", "prosecut", "office", "secretar", "staff", "director", "department", "ministr", "court",
                "council", "police", "service", "affair", "government", "administrat", "inspector", "committee",
                "commission", "agenc", "board", "state", "national", "republic", "migration", "border", "customs",
                "labour", "labor", "justice", "interior", "internal", "foreign", "health", "education", "social",
                "anti", "general", "deputy", "head", "chief", "public", "supreme", "constitutional", "district",
                "regional", "city", "municipal", "unit", "division", "section", "team", "group",
                "верховн", "государствен", "национальн", "министерств", "миграцион", "прокуратур", "генеральн",
                "полици", "служб", "комитет", "управлени", "совет", "суд", "департамент", "отдел", "внутренн",
                "юстиции", "труда", "республик", "пограничн", "таможен", "област", "районн", "городск")
# name particles that are not names themselves
STEM_VOWELS = set("аяеиоыуюაეიოუաէեիոու")
CONNECTORS = {"de", "van", "von", "der", "al", "el", "bin", "ibn", "ogly", "oglu", "оглы", "кызы", "qizi", "qızı"}


def _norm(s: str) -> str:
    """Casefolded, accents folded (ə, ı and ğ kept apart by NFKD are mapped too)."""
    s = unicodedata.normalize("NFKC", str(s)).casefold()
    s = s.replace("ı", "i").replace("ə", "e").replace("ё", "е")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s).strip()


WORD_RX = re.compile(rf"{LETTER}+(?:[-'’]{LETTER}+)*")


def words(text: str) -> list[str]:
    return WORD_RX.findall(str(text or ""))


# ------------------------------------------------------------------ fingerprints
@dataclass
class NameFingerprints:
    """Salted SHA-256 fingerprints of names and name words: the form in which
    names from interview headers and block lists travel beyond ingest."""

    salt: str = field(default_factory=lambda: secrets.token_hex(16))
    words: set[str] = field(default_factory=set)
    phrases: set[str] = field(default_factory=set)
    phrase_lengths: set[int] = field(default_factory=set)

    def _fp(self, s: str) -> str:
        return hashlib.sha256((self.salt + "\x00" + _norm(s)).encode("utf-8")).hexdigest()

    def add_name(self, value: str) -> None:
        """A person's name: the whole name and each of its words (3 letters or more)."""
        self.add_phrase(value)
        for w in words(value):
            if len(w) >= 3 and _norm(w) not in CONNECTORS:
                self.words.add(self._fp(w))
                # a Cyrillic, Armenian or Georgian name declines by its last vowel (Гасанова → Гасановой,
                # ბერიძე → ბერიძის): its stem matches then, as a longer word does (text words lose up to 3 letters)
                n = _norm(w)
                if len(n) >= 5 and not re.fullmatch(r"[a-z'’-]+", n) and n[-1] in STEM_VOWELS:
                    self.words.add(self._fp(n[:-1]))

    def add_phrase(self, value: str) -> None:
        """A phrase blocked only as a whole (e.g. a respondent's official title)."""
        ws = words(value)
        if ws:
            self.phrases.add(self._fp(" ".join(ws)))
            self.phrase_lengths.add(len(ws))

    def __len__(self) -> int:
        return len(self.words) + len(self.phrases)

    def hits(self, text: str) -> str | None:
        ws = words(text)
        for w in ws:
            n = _norm(w)
            cands = {n} | ({n[:-k] for k in (1, 2, 3) if len(n) - k >= 3})
            if n.endswith(("'s", "’s")):
                cands.add(n[:-2])
            if any(self._fp(c) in self.words for c in cands):
                return _("a name from an interview header or a block list")
        for k in self.phrase_lengths:
            for i in range(len(ws) - k + 1):
                if self._fp(" ".join(ws[i:i + k])) in self.phrases:
                    return _("a name or title from an interview header or a block list")
        return None

    def as_dict(self) -> dict:
        return {"salt": self.salt, "words": sorted(self.words), "phrases": sorted(self.phrases),
                "phrase_lengths": sorted(self.phrase_lengths)}

    @classmethod
    def from_dict(cls, d: dict) -> NameFingerprints:
        return cls(d["salt"], set(d.get("words", [])), set(d.get("phrases", [])), set(d.get("phrase_lengths", [])))


# ------------------------------------------------------------------ heuristics
def _alt(items) -> str:
    return "|".join(re.escape(t) for t in sorted(items, key=len, reverse=True))


TITLE_BEFORE_RX = re.compile(
    rf"(?<!{LETTER})(?:(?i:{_alt(TITLES_BEFORE)})\.?|(?i:{_alt(CYR_TITLES_BEFORE)}){LETTER}{{0,3}})\s+({CAP_WORD})")
TITLE_AFTER_RX = re.compile(rf"({CAP_WORD})\s+(?i:{_alt(TITLES_AFTER)})(?!{LETTER})")
INITIAL_RX = re.compile(rf"(?<!{LETTER})[{UPPER}]\.\s?(?:[{UPPER}]\.\s?)?({CAP_WORD})")
CAP_RX = re.compile(CAP_WORD)
# the endings as _norm writes the words they are matched against (й → и: "Гасановой" → "гасановои")
_LAT_END = re.compile(rf"(?:{_alt({_norm(e) for e in SURNAME_ENDINGS_LATIN})})$", re.IGNORECASE)
_CYR_END = re.compile(rf"(?:{_alt({_norm(e) for e in SURNAME_ENDINGS_CYR})})$", re.IGNORECASE)
_ARM_END = re.compile(rf"(?:{_alt({_norm(e) for e in SURNAME_ENDINGS_ARM})})$", re.IGNORECASE)
_TITLE_WORDS = {_norm(t) for t in TITLES_BEFORE + CYR_TITLES_BEFORE + TITLES_AFTER}
_CYR_WEAK = ("ин", "ина", "ич", "ли", "ури")  # endings too common alone: need a second capitalised word
_LAT_WEAK = ("li", "lu", "lü", "ian", "uri", "ich", "ski", "sky", "ov", "ev")


def _is_cyrillic(w: str) -> bool:
    return bool(re.search("[а-яёА-ЯЁәғқңөүұһӘҒҚҢӨҮҰҺ]", w))


def _is_armenian(w: str) -> bool:
    return bool(re.search("[\u0531-\u0587]", w))


def _endings(w: str) -> re.Pattern:
    return _CYR_END if _is_cyrillic(w) else _ARM_END if _is_armenian(w) else _LAT_END


def _surname_like(w: str) -> bool:
    n = _norm(w)
    if len(n) < 4 or n in NOT_NAMES or n in _TITLE_WORDS:
        return False
    return bool(_endings(w).search(n))


def _weak(w: str, sentence_start: bool) -> bool:
    """Endings too common to flag a word on its own (it then needs a capitalised
    neighbour): -ian, -uri, -ин, -ич always; -li, -ov, -ski … in words under 7
    letters; and any Cyrillic ending at the start of a sentence, where Russian
    plurals and adjectives are capitalised too ("Органов", "Случаев", "Основа")."""
    n = _norm(w)
    cyr = _is_cyrillic(w)
    if sentence_start and cyr:
        return True
    m = _endings(w).search(n)
    if not m:
        return False
    end = m.group(0)
    always = ("ин", "ина", "ич", "ури", "ули") if cyr else ("ian", "uri", "uli")
    short = ("ли", "лы") if cyr else ("li", "lu", "lü", "ich", "ski", "sky", "ov", "ev")
    return end in always or (end in short and len(n) < 7)


def _clean(w: str) -> str:
    return re.sub(r"['’]s$", "", w)


def _org(w: str) -> bool:
    n = _norm(_clean(w))
    return n in _TITLE_WORDS or n in NOT_NAMES or n.startswith(ORG_PREFIXES)


# Russian case endings a surname takes (Гасанова → Гасановой, Гасанову, Гасановым), as _norm writes them
_DECLENSION = sorted({_norm(e) for e in ("ой", "ою", "ым", "ом", "ому", "ого", "ых", "ыми", "у", "а", "е", "ы", "я",
                                          "ю", "и")}, key=len, reverse=True)


def _stem(n: str) -> str:
    for e in _DECLENSION:
        if n.endswith(e) and len(n) - len(e) >= 4:
            return n[:-len(e)]
    return n


def _declined_pair(text: str) -> bool:
    """A capitalised Cyrillic word with a surname ending that also stands in the
    text in another grammatical form: "По словам … Гасановой (Гасанова, НПО)" —
    the nominative in parentheses would pass on its own (any capitalised word
    after a bracket may start a sentence), the pair does not."""
    forms: dict[str, set[str]] = {}
    for m in CAP_RX.finditer(text):
        w = _clean(m.group(0))
        if _is_cyrillic(w):
            n = _norm(w)
            forms.setdefault(_stem(n), set()).add(n)
    return any(len(fs) > 1 and any(_surname_like(f) for f in fs) for fs in forms.values())


# a word standing alone at the head of a parenthesis: "(Гасанова, НПО)", "(Պետրոսյան)", "(შენგელია, …)"
PAREN_WORD_RX = re.compile(rf"\(\s*({LETTER}+(?:[-'’]{LETTER}+)?)\s*[,;)]")
# an initial in Georgian script, which has no capitals ("ნ. შენგელია"); not the abbreviations of
# city, village, year and "so-called" (ქ. თბილისი, ს. ერედვი, 2015 წ., ე.წ.)
GEORGIAN_INITIAL_RX = re.compile(r"(?<![\u10d0-\u10ff\d.])[\u10d0-\u10ff]\.\s?[\u10d0-\u10ff]{3,}")
GEORGIAN_ABBREVIATIONS = set("ქსწე")


def _georgian(w: str) -> bool:
    return bool(re.search("[\u10d0-\u10ff]", w))


def _alone_in_parentheses(text: str) -> bool:
    """A word alone in parentheses (or before a comma there) whose other form stands
    before it: "По словам Ивана Ковальчука (Ковальчук, НПО)", "Ըստ Աննա Մելիքի (Մելիք)",
    "შენგელიას თქმით (შენგელია)" — an attribution, whatever the surname's ending. In
    Latin, Cyrillic and Armenian both forms are capitalised; Georgian has no capitals."""
    for m in PAREN_WORD_RX.finditer(text):
        word = m.group(1)
        n = _norm(word)
        if len(n) < 3 or _org(word) or not (_georgian(word) or word[0].isupper()):
            continue
        stems = {n} | ({n[:-1]} if len(n) >= 4 and n[-1] in STEM_VOWELS else set())
        for w in WORD_RX.findall(text[:m.start()]):
            nw = _norm(_clean(w))
            if nw != n and (_georgian(w) or w[0].isupper()) and any(
                    nw.startswith(s) and 1 <= len(nw) - len(s) <= 4 for s in stems):
                return True
    return False


def _georgian_initial(text: str) -> bool:
    return any(m.group(0)[0] not in GEORGIAN_ABBREVIATIONS for m in GEORGIAN_INITIAL_RX.finditer(text))


def heuristic_reason(text: str) -> str | None:
    """Why ``text`` looks like it names someone, by the rules 2–5 above, or None."""
    text = str(text or "")
    for m in TITLE_BEFORE_RX.finditer(text):
        if not _org(m.group(1)):
            return _("a title or honorific followed by a capitalised word")
    for m in TITLE_AFTER_RX.finditer(text):
        if not _org(m.group(1)):
            return _("a capitalised word followed by an honorific")
    for m in INITIAL_RX.finditer(text):
        if not _org(m.group(1)) and len(m.group(1)) >= 3:
            return _("an initial followed by a capitalised word")
    if _georgian_initial(text):
        return _("an initial followed by a word in Georgian script")
    if GEORGIAN_SURNAME_RX.search(text):
        return _("a word in Georgian script with a surname ending")
    if _declined_pair(text):
        return _("a surname written in two grammatical forms")
    if _alone_in_parentheses(text):
        return _("a name alone in parentheses beside another form of it")
    caps = list(CAP_RX.finditer(text))
    for i, m in enumerate(caps):
        w = _clean(m.group(0))
        if not _surname_like(w) or _norm(w).endswith("wich"):
            continue
        start = not text[:m.start()].strip() or bool(re.search(r"[.!?:;«\"“]\s*$", text[:m.start()]))
        if not _weak(w, start):
            return _("a capitalised word with a surname or patronymic ending")
        # weak endings (-li, -ian, -ин …) count only next to another capitalised word
        for j in (i - 1, i + 1):
            if 0 <= j < len(caps):
                a, b = sorted((caps[j], m), key=lambda x: x.start())
                if re.fullmatch(r"\s+", text[a.end():b.start()]) and _norm(caps[j].group(0)) not in NOT_NAMES:
                    return _("two capitalised words, one with a surname ending")
    return None


@dataclass
class NameScreen:
    """Fingerprints of known names plus the heuristics; :meth:`reason` says why a
    text is flagged (never repeating the name), or None."""

    fingerprints: NameFingerprints = field(default_factory=NameFingerprints)
    heuristics: bool = True

    def reason(self, text: str) -> str | None:
        r = self.fingerprints.hits(text)
        if r:
            return r
        return heuristic_reason(text) if self.heuristics else None
