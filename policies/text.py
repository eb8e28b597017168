"""Normalisation and entity extraction: what a message says once its disguises are removed.

Spammers hide words from filters with full-width letters, zero-width characters, direction
overrides, combining marks, Cyrillic or Greek look-alikes inside Latin words (and the reverse),
s p a c e d or d.o.t.t.e.d letters and digits for letters. `normalise` undoes those, cheaply:
whole-string C-level passes (NFKC, translate, regex) with fast paths, and per-token work only for
tokens that mix scripts or letters and digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

import ahocorasick

from policies.hanzi import TRADITIONAL_TO_SIMPLIFIED
from policies.values import immutable

# Zero-width, joiners, bidi controls, soft hyphen, word joiner, BOM, variation selectors.
_INVISIBLE = dict.fromkeys(
    [
        0x00AD,
        0x034F,
        0x061C,
        0x115F,
        0x1160,
        0x180E,
        0x200B,
        0x200C,
        0x200D,
        0x200E,
        0x200F,
        0x202A,
        0x202B,
        0x202C,
        0x202D,
        0x202E,
        0x2060,
        0x2061,
        0x2062,
        0x2063,
        0x2064,
        0x2066,
        0x2067,
        0x2068,
        0x2069,
        0x3164,
        0xFEFF,
        0xFFA0,
        # Mongolian free variation selectors, interlinear annotation marks.
        0x180B,
        0x180C,
        0x180D,
        0x180F,
        0xFFF9,
        0xFFFA,
        0xFFFB,
        0x2800,  # the braille blank: put between letters, it shows as a space
    ]
    + list(range(0xFE00, 0xFE10))
    # Tag characters and the supplementary variation selectors: invisible, one after each
    # letter splits every word of an ad.
    + list(range(0xE0000, 0xE0080))
    + list(range(0xE0100, 0xE01F0)),
    None,
)

# str.translate with a dict walks every character in Python-level lookups; a regex finds the
# rare message that holds any of them far faster.


def char_ranges(codes: Iterable[int]) -> str:
    """Code points as the inside of a regex character class, runs written as ranges (a class
    listing hundreds of characters one by one, above U+FFFF above all, is searched slowly)."""
    out: list[str] = []
    run: list[int] = []
    for code in sorted(codes):
        if run and code == run[-1] + 1:
            run.append(code)
            continue
        if run:
            out.append(_range(run[0], run[-1]))
        run = [code]
    if run:
        out.append(_range(run[0], run[-1]))
    return "".join(out)


def _range(first: int, last: int) -> str:
    if first == last:
        return re.escape(chr(first))
    return f"{re.escape(chr(first))}-{re.escape(chr(last))}"


_INVISIBLE_CLASS = char_ranges(_INVISIBLE)
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")


def visible(text: str) -> str:
    """A text without its invisible characters (zero-width spaces and joiners, direction
    controls, the BOM...): what a reader sees, e.g. in a time pasted from elsewhere."""
    return text.translate(_INVISIBLE) if _HAS_INVISIBLE.search(text) else text


MARKS = (  # combining marks, as a character class's contents
    r"\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    r"\ufe20-\ufe2f"
)
# Letters written with a mark: accented Latin ("Éárn"), and Cyrillic letters a mark makes out of
# another (ќ, ѓ, ѝ, ѐ, the marked letters of U+04C1-U+04FF). Read without the mark; й, ё, ї and ў
# are letters of their own and stay.
_MARKED = re.compile(
    f"[{MARKS}\u00c0-\u024f\u1e00-\u1eff\u0400\u0403\u040c\u040d\u0450\u0453"
    "\u045c\u045d\u04c1-\u04ff]"
)
_MARK_AFTER = re.compile(f"(.)([{MARKS}]+)", re.DOTALL)
_OWN_LETTERS = {
    **dict.fromkeys("иИуУ", "\u0306"),  # й, ў
    **dict.fromkeys("еЕіІ", "\u0308"),  # ё, ї
}

# Look-alikes: Cyrillic and Greek letters that read as Latin, and the reverse mapping.
_CYR_TO_LAT = str.maketrans("аеорсухкмтвнізјԁԛԝѕ", "aeopcyxkmtbhi3jdqws")
_CYR_LOOKALIKES = frozenset("аеорсухкмтвнijјԁԛԝѕі")
_GRK_TO_LAT = str.maketrans("αβεικνορτυχωηζ", "abeiknoptuxwnz")
_LAT_TO_CYR = str.maketrans("aeopcyxkmtbhun", "аеорсухкмтвнип")
# Letters no language writes ordinary words with, which ads use to slip past filters: small
# capitals ("Пᴏсле"), a Cyrillic "twe" for т, a Tai Lue sign for е, the kra for к. Read as the
# letter they imitate (small capitals as Latin, which the mixed-word fold below turns Cyrillic
# inside Cyrillic words).
_EXOTIC = str.maketrans(
    "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢᴩᴨᴦᴫꚍᧉĸ",
    "abcdefghijklmnoprstuvwyzpпглтeк",
)
_HAS_EXOTIC = re.compile("[ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢᴩᴨᴦᴫꚍᧉĸ]")
# Greek letters inside a Cyrillic word stand for the Cyrillic letter they look like ("ΒОΛΟСЫ").
# Read before case folding: capital gamma looks like Г, small gamma like у.
_GRK_TO_CYR = str.maketrans(
    "ΑΒΓΕΗΚΛΜΟΠΡΤΥΧΦαβγεικλμοπρτυχφ",
    "АВГЕНКЛМОПРТУХФавуеiклмопртухф",
)
_CYR_GREEK_TOKEN = re.compile(
    r"\w*(?:[\u0400-\u04ff]\w*[\u0370-\u03ff]|[\u0370-\u03ff]\w*[\u0400-\u04ff])\w*"
)
_HAS_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HAS_GREEK = re.compile(r"[\u0370-\u03ff]")
_ANY_LATIN_OR_GREEK = re.compile(r"[a-zA-Z\u0370-\u03ff]")
_CYR = "\u0400-\u04ff"
_OTHER = "a-zA-Z\u0370-\u03ff"
# A word disguised with another alphabet's letters: foreign letters between Cyrillic ones or
# Cyrillic between foreign ones ("пapтнep", "ΓOЛOΒΕ", "pаypal"), or any exotic letter. A brand
# with a Russian ending ("VPNа", "iPhoneы") switches once and is not one; nor is ë for ё.
_DISGUISE = re.compile(
    rf"[{_CYR}](?![iI]+[{_CYR}])[{_OTHER}]+[{_CYR}]|[{_OTHER}][{_CYR}]+[{_OTHER}]|"
    "[ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢᴩᴨᴦᴫꚍᧉĸ]"
)
_WORD = re.compile(r"\w+")
_HAS_LATIN = re.compile(r"[a-z]")
_LATIN_BUT_I = re.compile(r"[a-hj-zA-HJ-Z]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def count_in(runs: re.Pattern[str], text: str) -> int:
    """How many characters of a class a text holds, with `runs` the class repeated
    (`[...]+`): the same count as a findall of the single class, but one match per run of
    them, not one per character (a Russian sentence: 15 matches, not 75; 3 µs, not 15)."""
    return sum(map(len, runs.findall(text)))


_MIXED_TOKEN = re.compile(
    r"[\w@$]*(?:[a-z][\w$@]*[\u0370-\u04ff]|[\u0370-\u04ff][\w$@]*[a-z])"
    r"[\w@$]*"
)
_LEET_TOKEN = re.compile(r"\b(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[0-9@$])[a-z0-9@$]{3,}\b")
_LEET = str.maketrans("0134578@$", "oieastbas")
# Single letters joined by dots, dashes, stars or underscores (d.o.t.t.e.d), and single letters
# separated by single spaces (s p a c e d), where a wider gap still separates words.
_DOTTED_LETTERS = re.compile(r"(?<![\w.])(?:\w[.\-*_·]){2,}\w(?![\w])")
_SPACED = re.compile(r"(?<!\S)(?:\w ){2,}\w(?!\S)")
# Cheap first tests: what every match of the two holds ("-x-", " x y"). Each starts with a
# character or a class, which `re` looks for by a quick scan; the patterns above start with a
# look-behind, so `re` tries them at every character of every message.
_SEPARATED_LETTER = re.compile(r"[.\-*_·]\w[.\-*_·]")
_SPACED_LETTER = re.compile(r" \w \w")
# Two Chinese characters standing alone a space apart ("私 我"): Chinese is written without
# spaces, so the pair is one word pulled apart (three or more are _SPACED's).
_SPACED_HAN_PAIR = re.compile(r"(?<!\S)([\u4e00-\u9fff]) ([\u4e00-\u9fff])(?!\S)")
_HAN_SPACE_HAN = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")  # its cheap first test
# A one-letter word before a name spelled out in capitals ("в С н и к е р", "a S h o p").
_SMALL_WORD_BEFORE_NAME = re.compile(r"(?<!\S)([вускоиa]) (?=[A-ZА-ЯЁ] \w(?: |$))")
_SEPARATORS = re.compile(r"[ .\-*_·]")
_DOT_WORD = re.compile(r"\s*[(\[{]\s*(?:dot|точка|点|\.)\s*[)\]}]\s*")
# "t。me", and "t dot me" or "shop dot com" before a link's host or a domain ending.
_IDEOGRAPHIC_DOT = re.compile(r"(?<=[a-z0-9])\u3002(?=[a-z])")
_BARE_DOT_WORD = re.compile(
    r"(?<=[a-z0-9]) (?:dot|точка) (?=(?:me|dog|com|net|org|ru|io|xyz|top|shop|store|site)\b)"
)
# Letters O for zeros after a digit ("5ООО$", "1oo"): a sum in disguise.
_O_FOR_ZERO = re.compile(r"(?<=\d)[oо]+(?![^\W\d_])")
_DIGIT_THEN_O = re.compile(r"[0-9][oо]")  # a cheap first test
# One letter written three times or more ("Eaaarn", "дооостаток"): read once. Not w or x
# ("www", "xxx" say something), and never inside a handle or a link.
_REPEATED = re.compile(r"([a-vyzа-яё])\1{2,}")
_THRICE = re.compile(r"(.)\1\1")  # a cheap first test: any character three times
# "t . me / +abc": link hosts written with spaces around the dot and the slash.
_SPACED_LINK = re.compile(r"\b(t|telegram|wa)\s*\.\s*(me|dog)\s*/\s*")
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
# A number written in Chinese numerals to get past filters ("三二一四五六七八", spaced or not): a
# run of six or more is a QQ or phone number, read as digits. Shorter runs are words ("一二三",
# "周一二三四五").
_NUMERALS = "零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖貳參叄陸"  # and traditional forms
_AS_DIGITS = str.maketrans(_NUMERALS, "00123456789" + "1" + "123456789" + "2336")
_NUMERAL_RUN = re.compile(rf"[{_NUMERALS}](?:[ .\-·]?[{_NUMERALS}]){{5,}}")
# Emoji and symbols put between two single letters to split a messenger's name ("v❤x", "q☆q").
SYMBOLS = "\u2190-\u21ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d"
_SYMBOL_SPLIT = re.compile(rf"(?<![^\W\d_])([a-z])[{SYMBOLS}]{{1,3}}(?=[a-z](?![^\W\d_]))")
_SYMBOL_THEN_LETTER = re.compile(rf"[{SYMBOLS}][a-z]")  # a cheap first test (few texts have one)
_LONG_TOKEN = re.compile(r"[A-Za-z0-9]{25,}")


def _without_marks(text: str) -> str:
    """A text with its letters' marks taken off (see _MARKED), й, ё, ї and ў kept whole."""
    decomposed = _MARK_AFTER.sub(_keep_own_mark, unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", decomposed)


def _keep_own_mark(match: re.Match[str]) -> str:
    base = match.group(1)
    own = _OWN_LETTERS.get(base)
    return base + own if own is not None and own in match.group(2) else base


# Letters drawn as emoji: negative circled and negative squared (🅐, 🅰), and regional
# indicators (🇪🇦🇷🇳) in a run of three or more (two are a flag).
_EMOJI_LETTERS = {
    **{0x1F150 + i: chr(0x61 + i) for i in range(26)},
    **{0x1F170 + i: chr(0x61 + i) for i in range(26)},
}
_HAS_EMOJI_LETTER = re.compile("[\U0001f150-\U0001f189\U0001f1e6-\U0001f1ff]")
_INDICATOR_WORD = re.compile("[\U0001f1e6-\U0001f1ff]{3,}")
_INDICATORS = {0x1F1E6 + i: chr(0x61 + i) for i in range(26)}
# Parenthesised letters ("⒠⒜⒭⒩"), which NFKC writes as "(e)(a)(r)(n)": read as "earn".
_PARENTHESISED_RUN = re.compile(r"(?:\([a-z]\)){2,}")


def _without_parentheses(match: re.Match[str]) -> str:
    return match.group(0)[1::3]


# A WeChat contact drawn in emoji: 🛰 for 卫星 (a homophone of 微信), ➕ for 加 before a name.
_PLUS_ADD = re.compile("\u2795(?=\\s*(?:我|[\u4e00-\u9fff]|[vq]))")


def _indicators_as_letters(match: re.Match[str]) -> str:
    return match.group(0).translate(_INDICATORS)


def _fold_mixed(match: re.Match[str]) -> str:
    token = match.group(0)
    if not _LATIN_BUT_I.search(token):
        # A Ukrainian or Belarusian word typed with the Latin i for і ("привiт") is Cyrillic.
        return token.replace("i", "і").replace("I", "І")
    # A word whose Cyrillic letters all have Latin twins is Latin in disguise ("Ноt" = "hot");
    # one with a letter Latin lacks (б, ж, з...) is Russian with Latin look-alikes mixed in.
    cyrillic = _HAS_CYRILLIC.findall(token)
    if all(c in _CYR_LOOKALIKES for c in cyrillic):
        return token.translate(_CYR_TO_LAT).translate(_GRK_TO_LAT)
    return token.translate(_LAT_TO_CYR)


# A number with a unit ("10kg", "3pm", "20min", "2nd") is a quantity, not letters in disguise.
_QUANTITY = re.compile(
    r"\d+(?:kg|g|mg|ml|l|km|m|cm|mm|min|mins|h|hr|hrs|am|pm|st|nd|rd|th|k|x|p|gb|tb|mb|s|d|w|"
    r"yo|usd|eur|rub|mln|lbs?|oz|ft|in)"
)


def _unleet(match: re.Match[str]) -> str:
    token = match.group(0)
    if token.isdigit() or _QUANTITY.fullmatch(token):
        return token
    # Money and model numbers such as "500k", "iphone15", "5g" keep their digits.
    letters = sum(c.isalpha() for c in token)
    if letters <= 1 or token[-1].isdigit() and token.rstrip("0123456789").isalpha():
        return token
    return token.translate(_LEET)


def _greek_as_cyrillic(match: re.Match[str]) -> str:
    return match.group(0).translate(_GRK_TO_CYR)


# A Latin word with three accented letters or more ("ónlíné", "dépósít"): no language writes
# words so (a Vietnamese syllable has at most two marked vowels, French words seldom three).
# Vietnamese đ, ơ and ư are letters of their own, not marks: "được" has one mark, not three.
_ACCENTED = r"[\u00c0-\u010f\u0112-\u019f\u01a2-\u01ae\u01b1-\u024f\u1e00-\u1eff]"
SPRINKLED = re.compile(rf"\b(?:[^\W\d_]*?{_ACCENTED}){{3}}[^\W\d_]*")
_SPRINKLED_ANY = re.compile(_ACCENTED)


def sprinkled_words(text: str) -> int:
    """How many words have accents sprinkled over them to pass filters (see SPRINKLED); one
    alone is a French "préféré", two or more a disguise."""
    if not _SPRINKLED_ANY.search(text):
        return 0
    found = len(SPRINKLED.findall(unicodedata.normalize("NFC", text)))
    return found if found >= 2 else 0


def disguised_words(text: str) -> int:
    """How many words are written with look-alike letters of another alphabet mixed in, or with
    accents sprinkled over them: ordinary members never do it, ads do it to get past filters."""
    if not text or text.isascii():
        return 0
    sprinkled = sprinkled_words(text)
    if not _HAS_EXOTIC.search(text) and not (
        _HAS_CYRILLIC.search(text) and _ANY_LATIN_OR_GREEK.search(text)
    ):
        return sprinkled
    folded = unicodedata.normalize("NFKC", text)
    # The scan for a switch of alphabets is linear; only a text that has one is split in words.
    if not _DISGUISE.search(folded):
        return sprinkled
    return sprinkled + sum(1 for word in _WORD.findall(folded) if _DISGUISE.search(word))


def _numeral_run_as_digits(match: re.Match[str]) -> str:
    return _SEPARATORS.sub("", match.group(0)).translate(_AS_DIGITS)


def numerals_as_digits(text: str) -> str:
    """A text with its runs of six or more Chinese numerals written as digits."""
    return _NUMERAL_RUN.sub(_numeral_run_as_digits, text)


def _zeros(match: re.Match[str]) -> str:
    return "0" * len(match.group(0))


def _once(match: re.Match[str]) -> str:
    start, text = match.start(), match.string
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    if start and text[start - 1] in "@/.:#+":
        return match.group(0)  # a handle, a link's path, a hashtag or an invite code
    return match.group(1)


def _join_spaced(match: re.Match[str]) -> str:
    return _SEPARATORS.sub("", match.group(0))


_OVERRIDDEN = re.compile("\u202e([^\u202c\n]*)\u202c?")


def _as_shown(match: re.Match[str]) -> str:
    return match.group(1)[::-1]


# Any character one of the disguises below is made of but the Latin and Cyrillic letters of a
# mixed word: one scan tells plain Russian (or any such) text it needs only case folding and the
# mixed-alphabet check.
_ANY_DISGUISE = re.compile(
    "[\u202e"
    + _INVISIBLE_CLASS
    + _MARKED.pattern[1:-1]
    + _HAS_EXOTIC.pattern[1:-1]
    + "\u0370-\u03ff"
    + _HAN.pattern[1:-1]
    + SYMBOLS
    + "]"
)


def _unicode_disguises(out: str) -> str:
    """Case-folded, with the disguises made of non-ASCII characters undone: reversed runs,
    invisible and combining marks, small capitals and the like, Greek in Cyrillic words,
    traditional characters and Chinese numerals, symbols splitting a name, mixed alphabets."""
    out = _character_disguises(out) if _ANY_DISGUISE.search(out) else out.casefold()
    if _HAS_LATIN.search(out) and (_HAS_CYRILLIC.search(out) or _HAS_GREEK.search(out)):
        out = _MIXED_TOKEN.sub(_fold_mixed, out)
    return out


def _character_disguises(out: str) -> str:
    """Case-folded, with the disguises made of the characters _ANY_DISGUISE looks for undone."""
    if "\u202e" in out:
        # A right-to-left override shows what follows it reversed (up to its pop or the end of
        # the line): "\u202etsop" reads "post" on screen, so it is read as shown.
        out = _OVERRIDDEN.sub(_as_shown, out)
    if _HAS_INVISIBLE.search(out):
        out = out.translate(_INVISIBLE)
    if _MARKED.search(out):
        out = _without_marks(out)
    if not out.isascii():
        if _HAS_EXOTIC.search(out):
            out = out.translate(_EXOTIC)
        if _HAS_EMOJI_LETTER.search(out):
            out = out.translate(_EMOJI_LETTERS)
            if _INDICATOR_WORD.search(out):
                out = _INDICATOR_WORD.sub(_indicators_as_letters, out)
        if _HAS_GREEK.search(out) and _HAS_CYRILLIC.search(out):
            out = _CYR_GREEK_TOKEN.sub(_greek_as_cyrillic, out)
    out = out.casefold()
    if _HAN.search(out):
        out = out.translate(TRADITIONAL_TO_SIMPLIFIED)
        if "\U0001f6f0" in out:
            out = out.replace("\U0001f6f0", "卫星")
        if "\u2795" in out:
            out = _PLUS_ADD.sub("加", out)
        if _NUMERAL_RUN.search(out):
            out = numerals_as_digits(out)
    if not out.isascii() and _SYMBOL_THEN_LETTER.search(out):
        out = _SYMBOL_SPLIT.sub(r"\1", out)
    return out


def normalise(text: str) -> str:
    """Lower-case text with disguises undone, for matching (not for showing)."""
    if not text:
        return ""
    out = unicodedata.normalize("NFKC", text)
    # The disguises undone first are all made of characters outside ASCII: most chat skips them.
    out = _unicode_disguises(out) if not out.isascii() else out.casefold()
    if _SPACED_LETTER.search(out) and _SPACED.search(out):
        if _SMALL_WORD_BEFORE_NAME.search(text):
            # "в С н и к е р Б а з е": the preposition is no letter of the name.
            return normalise(_SMALL_WORD_BEFORE_NAME.sub(r"\1  ", text))
        out = _SPACED.sub(_join_spaced, out)
    if not out.isascii() and _HAN_SPACE_HAN.search(out):
        out = _SPACED_HAN_PAIR.sub(r"\1\2", out)
    if "(" in out or "[" in out:
        out = _DOT_WORD.sub(".", out)
        if _PARENTHESISED_RUN.search(out):
            out = _PARENTHESISED_RUN.sub(_without_parentheses, out)
    if "\u3002" in out:
        out = _IDEOGRAPHIC_DOT.sub(".", out)
    if " dot " in out or " точка " in out:
        out = _BARE_DOT_WORD.sub(".", out)
    if "/" in out and (" ." in out or ". " in out):
        out = _SPACED_LINK.sub(r"\1.\2/", out)
    if _SEPARATED_LETTER.search(out) and _DOTTED_LETTERS.search(out):
        out = _DOTTED_LETTERS.sub(_join_spaced, out)
    if _DIGIT.search(out):
        if _DIGIT_THEN_O.search(out):
            out = _O_FOR_ZERO.sub(_zeros, out)
        out = _LEET_TOKEN.sub(_unleet, out)
    if _THRICE.search(out):
        out = _REPEATED.sub(_once, out)
    return " ".join(out.split())


# -- entities -----------------------------------------------------------------------------------

_URL = re.compile(
    r"(?:(?:https?|tg)://\S+|(?<![\w@.])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|net|org|io|me|ru|su|cn|xyz|top|app|site|online|shop|store|info|biz|cc|co|ly|gg|"
    r"link|live|club|vip|pro|win|bet|fun|icu|tk|ml|ga|cf|uk|us|de|ua|kz|by|in|to|tv|ws|"
    r"[a-z]{2,3}/\S*)\b(?:/\S*)?)",
    re.IGNORECASE,
)


def without_links(raw: str) -> str:
    """A raw text with its links blanked out."""
    return _URL.sub(" ", raw)


# An invite link, its code captured (however the address is written: with or without
# "https://" or "www.", "+" or "joinchat/", a trailing slash).
_INVITE = re.compile(
    r"t(?:elegram)?\.(?:me|dog)/(?:\+|joinchat/)([\w-]+)|tg://join\?invite=([\w-]*)", re.IGNORECASE
)
_TME = re.compile(r"t(?:elegram)?\.(?:me|dog)/([a-z][\w]{3,31})", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@([a-z][a-z0-9_]{3,31})", re.IGNORECASE)
# Words after "@" that are no account: group pings ("@everyone", "@admin") and the annotations of
# pasted code ("* @author", "@param", "@Override").
NOT_HANDLES = frozenset(
    {
        "everyone",
        "admin",
        "admins",
        "all",
        "here",
        "channel",
        "author",
        "param",
        "return",
        "returns",
        "throws",
        "override",
        "deprecated",
        "since",
        "version",
        "todo",
        "property",
        "staticmethod",
        "classmethod",
        "dataclass",
        "interface",
        "component",
        "injectable",
        "test",
        "before",
        "after",
    }
)
# One line's digits: a number never runs on over a line break (a list of addresses does).
_PHONE = re.compile(
    r"(?<!(?![\u3400-\u9fff])[\w+])\+?\d[\d \t\u00a0().-]{7,17}\d(?!(?![\u3400-\u9fff])\w)"
)
# Digits with no "+" and no separators are a phone number only in the shape people type a mobile
# number or a hotline in ("89161234567", "13800138000", "0888123456", "4008001234"); any other
# bare run is an id (an account or user id, an ID card or an order number), which members paste
# all day. Except in Chinese text: there a bare run is how a QQ number or a group number is given.
_BARE_MOBILE = re.compile(r"[089]\d{9,10}|1[3-9]\d{9}|7\d{10}|[48]00\d{7}", re.ASCII)
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# A date (2026-02-13, 13.02.2026) inside a run of digits: a log line's time stamp, not a phone.
_DATE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d|[0-3]\d\.[01]\d\.(?:19|20)\d\d")
_MESSENGER_WORDS = frozenset(
    {
        "whatsapp",
        "viber",
        "wechat",
        "weixin",
        "qq",
        "skype",
        "signal",
        "vx",
        "dm",
        "pm",
        "direct",
        "ватсап",
        "вотсап",
        "вайбер",
        "тг",
        "лс",
    }
)
_MESSENGER_PREFIXES = ("телеграм", "личк", "whatsap")
_MESSENGER_FRAGMENTS = ("微信", "v信", "加v", "扣扣", "wa.me/", "line id", "whats app")
# Every word, prefix and fragment as a plain substring: a text none of them occurs in can hold no
# messenger token, so one scan settles most messages before they are split into tokens.
_MESSENGER_ANYWHERE = re.compile(
    "|".join(
        re.escape(w)
        for w in sorted(
            {*_MESSENGER_WORDS, *_MESSENGER_PREFIXES, *_MESSENGER_FRAGMENTS}, key=len, reverse=True
        )
    )
)
# A word starts after no letter or digit: "3pm" and "q2xdm" hold no "pm" or "dm", "qq123" a "qq".
_TOKEN = re.compile(r"(?<![^\W_])[^\W\d_]+")
# An IP address or a version number ("149.154.167.220", "5.01.1.0"): three dots or more between
# groups of one to three digits. (Phone numbers longer than 15 digits do not exist.)
_DOTTED_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3}){3,}")
_SIGNALS = re.compile(r"(?:crypto|trading|trade|forex|buy|sell|market|futures?)\s+signals?")
_PM = re.compile(r"(?<![^\W\d_])pm(?![^\W\d_])")
_TIME_PM = re.compile(r"\d\s?pm(?![^\W\d_])")


def _site_or_link(match: re.Match[str]) -> str:
    return match.group(0) if "/" in match.group(0) else " "


def messengers_in(norm: str) -> tuple[str, ...]:
    """Messenger names and private-chat hand-offs in a normalised text (token lookups)."""
    if not _MESSENGER_ANYWHERE.search(norm):
        return ()  # most messages: one scan, no tokens
    # A messenger's name inside a bare domain ("whatsapp.net") names a site, not a contact (a
    # link to a chat on it, "chat.whatsapp.com/...", still is one).
    words = _URL.sub(_site_or_link, norm) if "." in norm else norm
    found = [
        t
        for t in dict.fromkeys(_TOKEN.findall(words))
        if t in _MESSENGER_WORDS or t.startswith(_MESSENGER_PREFIXES)
    ]
    if "pm" in found and len(_PM.findall(norm)) == len(_TIME_PM.findall(norm)):
        found.remove("pm")  # "1:01 PM", "at 5 pm": a time of day, not a private message
    if "signal" in found and _SIGNALS.search(norm):
        found.remove("signal")  # "crypto signal": a trading tip, not the messenger
    found += [f for f in _MESSENGER_FRAGMENTS if f in norm]
    return tuple(found)


_CRYPTO = re.compile(
    r"\b(?:0x[a-fA-F0-9]{40}|T[1-9A-HJ-NP-Za-km-z]{33}|bc1[a-z0-9]{25,59}|[13][1-9A-HJ-NP-Za-km-z]"
    r"{25,34})\b"
)
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")


@immutable
class Extracted:
    """Entities found in a message's text."""

    urls: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    invite_links: int = 0
    telegram_links: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    messengers: tuple[str, ...] = ()
    crypto: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()  # domains of links hidden behind other words (text_link)
    # Addresses only inline buttons hold (counted in `urls` too; the button check weighs them).
    behind_buttons: tuple[str, ...] = ()


EMPTY = Extracted()


def invite_keys(text: str) -> list[str]:
    """The invite links a text (or an address) holds, each as its code in lower case: one
    invite written differently (`t.me/+Code`, `https://www.t.me/+Code/`) is one key."""
    return [(a or b).lower() for a, b in _INVITE.findall(text)]


def telegram_handles(urls: Iterable[str]) -> list[str]:
    """The t.me/<handle> names these addresses point to, lower case (one per occurrence)."""
    return [m.group(1).lower() for url in urls for m in _TME.finditer(url)]


def domain_of(url: str) -> str:
    """The host of a link, lower-case, without `www.`."""
    rest = url.split("://", 1)[-1]
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0].lower()
    return host.removeprefix("www.")


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOTTED = re.compile(r"[a-z0-9]\.[a-z]|://", re.IGNORECASE)


def _may_hold_link(text: str) -> bool:
    """Whether a text has the shape of a link somewhere (_DOTTED). It needs a dot or "://",
    which most chat lacks: two substring tests in C settle it there, where the case-blind
    regex costs about 250 instructions a character."""
    return ("." in text or "://" in text) and _DOTTED.search(text) is not None


def _urls(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(0).rstrip(".,;:!?)»\"'") for m in _URL.finditer(text)))


def handles_in(text: str) -> tuple[str, ...]:
    """The @handles a text names, lower-cased, in order (group pings and code annotations are
    none)."""
    if "@" not in text:
        return ()
    found = dict.fromkeys(m.group(1).lower() for m in _HANDLE.finditer(text))
    return tuple(h for h in found if h not in NOT_HANDLES)


def _is_phone(candidate: str, chinese: bool) -> bool:
    """Whether a run of digits read by _PHONE is a phone number (see _BARE_MOBILE and _DATE)."""
    if not 9 <= sum(c.isdigit() for c in candidate) <= 15:
        return False
    if _DOTTED_NUMBER.search(candidate) or _DATE.search(candidate):
        return False
    if not candidate.isdigit() or chinese:
        return True
    return _BARE_MOBILE.fullmatch(candidate.translate(_FULL_WIDTH_DIGITS)) is not None


def extract(
    raw: str,
    norm: str,
    *,
    messengers: bool = True,
    hidden_links: tuple[str, ...] = (),
    button_links: tuple[str, ...] = (),
) -> Extracted:
    """Links, invites, handles, phones, messenger ids, crypto addresses and hashtags.

    `hidden_links` are the addresses of links Telegram shows as other words (text_link
    entities): they count as links, and are also named as hidden. `button_links` are the
    addresses of inline buttons: they count as links (the button check names them).
    """
    if not raw and not hidden_links and not button_links:
        return EMPTY
    # Each extractor runs only when a cheap test says it can find something.
    urls: tuple[str, ...] = ()
    telegram: tuple[str, ...] = ()
    invites: list[str] = []  # one key per invite link met (see invite_keys)
    if _may_hold_link(raw):
        urls = _urls(raw)
    # A link disguised with spaces or "(dot)" only shows once normalised.
    source = raw if urls or not _may_hold_link(norm) else norm
    if not urls and source is norm:
        urls = _urls(norm)
        if urls and "@" in raw and _EMAIL.search(raw):
            # Normalising reads an e-mail's "@" and digits as letters ("abc@163.com" becomes
            # "abcai6e.com"): keep only links the raw text really holds.
            lowered = raw.lower()
            urls = tuple(u for u in urls if u in lowered)
    if urls:
        telegram = tuple(m.group(1).lower() for m in _TME.finditer(source))
        invites = invite_keys(source)
    elif "tg://" in raw:
        invites = invite_keys(raw)
    hidden: tuple[str, ...] = ()
    on_buttons: tuple[str, ...] = ()
    if hidden_links or button_links:
        extra = tuple(u for u in dict.fromkeys((*hidden_links, *button_links)) if u not in urls)
        urls += extra
        for url in extra:
            telegram += tuple(m.group(1).lower() for m in _TME.finditer(url))
            invites += invite_keys(url)
        if hidden_links:
            behind = frozenset(hidden_links)
            hidden = tuple(dict.fromkeys(domain_of(u) for u in extra if u in behind))
        if button_links:
            linked = frozenset(button_links).difference(hidden_links)
            on_buttons = tuple(u for u in extra if u in linked)
    handles = handles_in(norm)
    chinese = not raw.isascii() and _HAN.search(raw) is not None
    # A number written in Chinese numerals is a number all the same.
    numbers = numerals_as_digits(raw) if chinese and _NUMERAL_RUN.search(raw) else raw
    phones: tuple[str, ...] = ()
    if digit_count(numbers) >= 9:
        # Numbers inside links (a message link's chat and post ids) are not phone numbers.
        plain = without_links(numbers) if urls else numbers
        phones = tuple(
            p for p in (m.group(0) for m in _PHONE.finditer(plain)) if _is_phone(p, chinese)
        )
    crypto = tuple(_CRYPTO.findall(raw)) if _LONG_TOKEN.search(raw) else ()
    talk = messengers_in(norm) if messengers or "wa.me" in norm else ()
    tags = tuple(m.group(1).lower() for m in _HASHTAG.finditer(norm)) if "#" in norm else ()
    if not (urls or invites or handles or phones or talk or crypto or tags):
        return EMPTY  # most messages: nothing to point anywhere (and no value to build)
    return Extracted(
        urls=urls,
        domains=tuple(dict.fromkeys(domain_of(u) for u in urls)) if urls else (),
        # Invites counted by their code: the text's `t.me/+Code` and a button's or a text
        # link's `https://t.me/+Code` are one invite, not two.
        invite_links=len(set(invites)),
        telegram_links=telegram,
        handles=handles,
        phones=phones,
        messengers=talk,
        crypto=crypto,
        hashtags=tags,
        hidden=hidden,
        behind_buttons=on_buttons,
    )


_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u3030\u303d\u3297\u3299\ufe0f]"
)
_EMOJI_RUNS = re.compile(f"{_EMOJI.pattern}+")


def emoji_count(text: str) -> int:
    """How many emoji-like symbols a text holds."""
    # (Looked for first: a run pattern, `[...]+`, gives `re` no first character to scan for,
    # and is tried at every position of the many texts with none.)
    return count_in(_EMOJI_RUNS, text) if not text.isascii() and _EMOJI.search(text) else 0


# One Chinese character carries about as much as three Latin letters (a word is 1-2 characters).
HAN_WEIGHT = 3


def text_units(text: str) -> int:
    """A length comparable across scripts: Chinese characters count three times."""
    han = count_in(_HAN_RUNS, text) if not text.isascii() and _HAN.search(text) else 0
    return len(text) + (HAN_WEIGHT - 1) * han if han else len(text)


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _letters_in(text: str, ascii_letters: bytes, test: Callable[[str], bool]) -> int:
    """How many letters of one case a text holds (ASCII counted in C: 0.3 us, not 2.8, for 80
    characters)."""
    if text.isascii():
        return len(text) - len(text.encode().translate(None, ascii_letters))
    return sum(map(test, text))


_ASCII_DIGITS = b"0123456789"


def digit_count(text: str) -> int:
    """How many decimal digits (`\\d`) a text holds: in ASCII counted in C, elsewhere only
    looked for when one is there (most chat has none; `\\d+`, with no first character for `re`
    to scan for, is tried at every position)."""
    if text.isascii():
        return len(text) - len(text.encode().translate(None, _ASCII_DIGITS))
    return count_in(_DIGITS, text) if _DIGIT.search(text) else 0


def upper_count(text: str) -> int:
    """How many upper-case letters a text holds."""
    return _letters_in(text, _ASCII_UPPER, str.isupper)


def caps_ratio(text: str) -> float:
    """Share of upper-case among cased letters (0 when there are fewer than 12)."""
    upper = upper_count(text)
    total = upper + _letters_in(text, _ASCII_LOWER, str.islower)
    return upper / total if total >= 12 else 0.0


def script_of(text: str) -> str:
    """The main script of a text: zh, ru, en (Latin) or other."""
    han = cyr = lat = 0
    for ch in text[:400]:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            han += 1
        elif 0x0400 <= o <= 0x04FF:
            cyr += 1
        elif ch.isascii() and ch.isalpha():
            lat += 1
    if han and han * 2 >= cyr + lat:
        return "zh"
    if cyr > lat:
        return "ru"
    return "en" if lat else "other"


def literal_automaton(words: Mapping[str, object]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton over literal words, each carrying its value: one pass over a
    text finds them all (an alternation of a hundred literals in `re` tries each at every
    position, about five times slower)."""
    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton
