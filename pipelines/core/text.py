"""Vietnamese text: Unicode normalisation, legacy font encodings, header keys.

Wards still type with old fonts: TCVN3 (ABC, .VnTime) stores each accented
vowel as one Latin-1 character ("Thµnh §«ng"), VNI stores a base letter
followed by mark characters ("Thaønh Ñoâng"). Excel keeps those bytes as
Latin-1 text, so we recognise them and convert to Unicode NFC.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# TCVN3 (TCVN 5712:1993, VN3): one Latin-1 code per lowercase accented letter;
# capitals use the same codes in the ".VnTimeH" fonts, except these seven.
_TCVN3_LOWER = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ"
_UNICODE_LOWER = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_TCVN3_UPPER = "¡¢§£¤¥¦"
_UNICODE_UPPER = "ĂÂĐÊÔƠƯ"
TCVN3_DECODE = str.maketrans(_TCVN3_LOWER + _TCVN3_UPPER, _UNICODE_LOWER + _UNICODE_UPPER)
TCVN3_ENCODE = str.maketrans(_UNICODE_LOWER + _UNICODE_UPPER, _TCVN3_LOWER + _TCVN3_UPPER)

# VNI-Windows: tone marks typed after the vowel; circumflex and breve combine
# with the tone into one mark; i, ơ, ư, đ and ỵ have codes of their own.
_TONES = {"": 0, "\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_VNI_TONE = ["", "ø", "ù", "û", "õ", "ï"]
_VNI_CIRCUMFLEX = ["â", "à", "á", "å", "ã", "ä"]
_VNI_BREVE = ["ê", "è", "é", "ú", "ü", "ë"]
_VNI_I = ["i", "ì", "í", "æ", "ó", "ò"]


def _vni_lower(char: str) -> str | None:
    """VNI spelling of one lowercase Vietnamese letter, None if it has no accent."""
    if char == "đ":
        return "ñ"
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[0], parts[1:]
    tone = next((_TONES[m] for m in marks if m in _TONES), 0)
    if "\u0302" in marks:  # circumflex
        return base + _VNI_CIRCUMFLEX[tone]
    if "\u0306" in marks:  # breve
        return base + _VNI_BREVE[tone]
    if "\u031b" in marks:  # horn: ơ and ư are single codes
        return {"o": "ô", "u": "ö"}[base] + _VNI_TONE[tone]
    if tone == 0:
        return None
    if base == "i":
        return _VNI_I[tone]
    if base == "y" and tone == 5:
        return "î"
    return base + _VNI_TONE[tone]


def _build_vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for char in set(_UNICODE_LOWER) | set("áàãéèêíìóòôõúùýâ"):
        vni = _vni_lower(char)
        if vni:
            table[char] = vni
            table[char.upper()] = vni.upper()
    return table


VNI_ENCODE_TABLE = _build_vni_table()
_VNI_DECODE_TABLE = {vni: uni for uni, vni in VNI_ENCODE_TABLE.items()}
_VNI_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_DECODE_TABLE, key=len, reverse=True))
)


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as Excel shows it (used by the sample generator)."""
    return unicodedata.normalize("NFC", text).translate(TCVN3_ENCODE)


def encode_vni(text: str) -> str:
    """Unicode → VNI as Excel shows it (used by the sample generator)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(VNI_ENCODE_TABLE.get(char, char) for char in text)


def decode_tcvn3(text: str) -> str:
    return text.translate(TCVN3_DECODE)


def decode_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda match: _VNI_DECODE_TABLE[match.group(0)], text)


# A small validator of Vietnamese syllables decides which reading is right:
# "Toàn" is valid Unicode, while its VNI reading "Tồn" is no better, so the
# original wins; "Nguyeãn" is no syllable, its VNI reading "Nguyễn" is.
_ONSETS = [
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
]
_CODAS = (["ng", "nh", "ch", "c", "m", "n", "p", "t"]) + [""]
_NUCLEI = set(
    [
        "a",
        "ă",
        "â",
        "e",
        "ê",
        "i",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "y",
        "ai",
        "ao",
        "au",
        "ay",
        "âu",
        "ây",
        "eo",
        "êu",
        "ia",
        "iê",
        "iu",
        "oa",
        "oă",
        "oe",
        "oi",
        "ôi",
        "ơi",
        "oo",
        "ua",
        "uâ",
        "uê",
        "ui",
        "uô",
        "uơ",
        "ưa",
        "ưi",
        "ươ",
        "ưu",
        "uy",
        "yê",
        "iêu",
        "yêu",
        "oai",
        "oay",
        "oao",
        "oeo",
        "uây",
        "uôi",
        "ươi",
        "ươu",
        "uya",
        "uyê",
        "uyu",
    ]
)
_LETTERS = re.compile(r"[^\W\d_]+")


def _strip_tone(word: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for ch in decomposed if ch in _TONES and ch)
    kept = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", kept), tones


def _is_syllable(word: str) -> bool:
    if any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False)):
        return False  # "QuÕ", "lÖ": a capital inside a word is a TCVN3 letter
    word, tones = _strip_tone(word.lower())
    if tones > 1:
        return False
    onset = next((o for o in _ONSETS if word.startswith(o)), "")
    rest = word[len(onset) :]
    if onset == "gi" and rest and rest[0] not in "aăâeêoôơuư":
        onset, rest = "g", word[1:]
    for coda in _CODAS:
        if coda and not rest.endswith(coda):
            continue
        nucleus = rest[: len(rest) - len(coda)] if coda else rest
        if nucleus in _NUCLEI or (onset in ("qu", "gi") and nucleus == ""):
            return True
    return False


def _score(text: str) -> int:
    """Valid syllables minus characters no Vietnamese word contains."""
    valid = sum(1 for word in _LETTERS.findall(text) if _is_syllable(word))
    foreign = sum(1 for ch in text if "\x80" <= ch <= "\xff" and ch not in _VIET_LATIN1)
    return valid - 2 * foreign


def _is_clean_vietnamese(text: str) -> bool:
    """Every word a syllable and no foreign character: Unicode as typed ("Có/Không")."""
    words = _LETTERS.findall(text)
    return all(_is_syllable(word) for word in words) and not any(
        "\x80" <= ch <= "\xff" and ch not in _VIET_LATIN1 for ch in text
    )


_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


def _has_unicode_vietnamese(text: str) -> bool:
    return any("\u0100" <= ch <= "\u01b0" or "\u1ea0" <= ch <= "\u1ef9" for ch in text)


@lru_cache(maxsize=65536)
def fix_encoding(text: str, hint: str | None = None) -> tuple[str, str | None]:
    """Return (text in Unicode NFC, name of the legacy encoding converted or None).

    `hint` is the encoding already seen in the same file: it settles ties such
    as "giái", which reads as a syllable in Unicode and as "giỏi" in TCVN3.
    """
    nfc = unicodedata.normalize("NFC", text)
    if nfc.isascii() or _has_unicode_vietnamese(nfc) or _is_clean_vietnamese(nfc):
        return nfc, None
    candidates = [(_score(nfc), 0, nfc, None)]
    for rank, (name, decoder) in enumerate((("VNI", decode_vni), ("TCVN3", decode_tcvn3)), 1):
        decoded = decoder(nfc)
        if decoded != nfc:
            tie_break = 1 if name == hint else -rank
            candidates.append((_score(decoded), tie_break, decoded, name))
    best = max(candidates)
    return best[2], best[3]


def workbook_encoding(cells: list[str]) -> str | None:
    """The legacy encoding a workbook as a whole is typed in, decided from all its text:
    the one most of its non-ASCII cells read as, when they outnumber the cells that read
    as Unicode already ("Cã", which is also a Unicode word, then reads as "Có")."""
    votes: dict[str, int] = {}
    unicode_cells = 0
    for text in cells:
        if text.isascii():
            continue
        _, encoding = fix_encoding(text)
        if encoding:
            votes[encoding] = votes.get(encoding, 0) + 1
        else:
            unicode_cells += 1
    if not votes:
        return None
    encoding = max(votes, key=votes.get)
    return encoding if votes[encoding] > unicode_cells else None


def decode_legacy(text: str, encoding: str) -> str:
    """A cell of a workbook typed in TCVN3 or VNI, in Unicode. Capitals typed in the
    .VnTimeH font are the lowercase codes shown as capitals: a cell whose every ASCII
    letter is a capital comes back all in capitals ("NGUYÔN V¡N AN" → "NGUYỄN VĂN AN")."""
    if text.isascii() or any(ord(ch) > 0xFF for ch in text):
        return text  # nothing legacy in it, or Unicode typed later into the file
    decoded = unicodedata.normalize(
        "NFC", decode_tcvn3(text) if encoding == "TCVN3" else decode_vni(text)
    )
    letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        decoded = decoded.upper()
    return decoded


def clean_text(value: str, hint: str | None = None) -> str:
    """NFC, legacy encodings converted, spaces trimmed and collapsed."""
    fixed, _ = fix_encoding(value, hint)
    return " ".join(fixed.split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Key for matching headers and labels: no case, diacritics, spacing or line breaks."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


# "Họ và tên\n(1)", "Ngày tháng năm sinh\n(2&3)", "Số CCCD (4, 5)": a numbered note
_NOTE_SUFFIX = re.compile(r"\s*[\(\[]\s*\d+(\s*[&,;\-–]\s*\d+)*\s*[\)\]]\s*$")
_STAR = re.compile(r"[*:]+\s*$")


@lru_cache(maxsize=16384)
def header_key(text: str) -> str:
    """Header cell → key: folded, numbered notes ("Họ và tên\\n(1)") and stars dropped."""
    fixed, _ = fix_encoding(str(text))
    key = fold(fixed)
    key = _NOTE_SUFFIX.sub("", key)
    return _STAR.sub("", key).strip()


def title_case_name(name: str) -> str:
    """ "NGUYỄN VĂN AN" → "Nguyễn Văn An"; names already mixed-case keep their capitals."""
    if name.isupper():
        return " ".join(part.capitalize() for part in name.split())
    return name


def person_name(name: str) -> str:
    """A person's name has a capital on every word: "Trần thị bình" → "Trần Thị Bình".
    Not for collectives: "Tổ dân phố 5" is written that way on purpose."""
    name = title_case_name(name)
    return " ".join(
        word[:1].upper() + word[1:] if word[:1].islower() else word for word in name.split()
    )


# Titles offices write before a person's name ("Ông", "Đại tá", "Đ/c"), folded: they are
# kept apart (`honorific`) so a person's name matches across lists and years.
HONORIFICS = (
    "dai tuong", "thuong tuong", "trung tuong", "thieu tuong",
    "dai ta", "thuong ta", "trung ta", "thieu ta",
    "dai uy", "thuong uy", "trung uy", "thieu uy",
    "dong chi", "d/c", "đ/c", "dc", "ong", "ba", "anh", "chi", "co", "thay",
    "bac si", "bs", "ths", "ts", "pgs.ts", "pgs", "gs.ts", "gs", "ks", "nha giao",
)  # fmt: skip


def split_honorific(name: str) -> tuple[str | None, str]:
    """ "Đại tá Nguyễn Văn An" → ("Đại tá", "Nguyễn Văn An"); a name alone stays whole.
    Only a title followed by at least two more words is split off: "Bà Triệu" stays."""
    words = name.split()
    for size in (2, 1):
        if len(words) < size + 2:
            continue
        head = " ".join(words[:size])
        if fold(head).rstrip(".:") in HONORIFICS:
            return head.rstrip(":"), " ".join(words[size:])
    return None, name


# Roman numerals as offices number quarters and levels (Quý IV, Mức II), folded.
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
