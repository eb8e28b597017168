"""What the spam classifier may read: a text with words outside its links, in a script and a
language it learned (Latin as English writes it, Cyrillic, Chinese).

Elsewhere its n-grams are noise: a Portuguese self-introduction or a Persian greeting would be
judged on a few shared letters, digits and emoji, not on what it says. Pure and cheap: an ASCII
English text is settled by one set operation.
"""

from __future__ import annotations

import re
import unicodedata

from policies.text import MARKS, count_in, normalise, sprinkled_words, without_links

# The scripts the classifier learned from (Latin, Cyrillic, Chinese). A text mostly in another
# (Persian, Arabic, Uzbek in Cyrillic is fine) is not judged by the model at all: what it would
# say there rests on a few shared n-grams, digits and emoji, not on the language.
# (Runs are written "[...][...]*", not "[...]+": the same matches, but starting with one class,
# which `re` scans for, rather than trying the repeat at every character.)
_TRAINED_RUNS = re.compile(r"[a-z\u0400-\u04ff\u3400-\u9fff][a-z\u0400-\u04ff\u3400-\u9fff]*")
# Latin letters with diacritics: a few in English or Portuguese chat, a third of Vietnamese.
_ACCENTED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
_ACCENTED_RUNS = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff][\u00c0-\u024f\u1e00-\u1eff]*")
_LETTER = re.compile(r"[^\W\d_]")
_LETTER_RUNS = re.compile(r"[^\W\d_][^\W\d_]*")
_PLAIN_LATIN = re.compile(r"[a-z]")
_PLAIN_LATIN_RUNS = re.compile(r"[a-z][a-z]*")
TRAINED_SHARE = 0.5
ACCENTED_SHARE = 0.15


# Function words of Latin-script languages the classifier never learned (Portuguese, Spanish,
# French, Italian, German, Indonesian, Uzbek), and English ones those languages do not use.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FOREIGN_WORDS = _word_set(
    "de que não nao em um uma para com os se por mais eu você voce é está muito também "
    "el la los las y es del en una pero como está usted "
    "le les des est et je vous pour pas dans qui avec sur "
    "il che di non per sono gli della "
    "der die das und ist nicht ich sie mit ein eine zu auf "
    "yang dan ini itu saya tidak untuk dengan ada aku "
    "va bu uchun bilan men ham yoki"
)
_ENGLISH_WORDS = _word_set(
    "the and you your is are to of with this that for have has it was will can what how "
    "just get from they would there i my me we our please"
)
_WORDS = _LETTER_RUNS
_ASCII_WORDS = re.compile(r"[a-zA-Z][a-zA-Z]*")


MIN_WORD_LETTERS = 12
_MARK = re.compile(f"[{MARKS}]")


def language_view(text: str) -> str:
    """A message's text as its letters show, for telling its language: lower-case, compatibility
    forms folded (full-width, math letters), accented letters kept as typed. Normalised text
    will not do: it reads "Bạn cài xong" as "ban cai xong", Vietnamese as English. Loose marks
    are dropped first, so marks stacked on an English ad's letters do not make it "accented"."""
    if text.isascii():
        return text.lower()
    if sprinkled_words(text):
        return normalise(text)  # English with accents sprinkled over it to pass filters
    if _MARK.search(text):
        text = _MARK.sub("", text)
    return unicodedata.normalize("NFKC", text).casefold()


def has_words(norm: str) -> bool:
    """Whether a text says something outside its links for the classifier to read."""
    return len(norm) >= 4 and _has_words_beside(norm, _linkless(norm))


def _has_words_beside(norm: str, rest: str) -> bool:
    """has_words' answer given `rest`, `_linkless(norm)`: a text that can hold no link has its
    words; one that can is read without them."""
    return not _may_hold_links(norm) or (
        count_in(_ASCII_WORDS if rest.isascii() else _LETTER_RUNS, rest) >= MIN_WORD_LETTERS
    )


def _may_hold_links(text: str) -> bool:
    """Whether a text can hold a link (`without_links` finds none without "/" or "www.")."""
    return "/" in text or "www." in text


def _linkless(text: str) -> str:
    """A text with its links taken out, asked of the link pattern only where it can hold one:
    the pattern is tried at every character."""
    return without_links(text) if _may_hold_links(text) else text


def _needs_view(text: str) -> bool:
    """Whether normalising loses what tells a text's language (accents, marks): then it is read
    in its `language_view`."""
    return not text.isascii() and bool(_ACCENTED.search(text) or _MARK.search(text))


def model_may_read(text: str, norm: str) -> bool:
    """`has_words(norm) and in_trained_language(text, norm)`, with the links taken out of `norm`
    once for both."""
    if len(norm) < 4:
        return False
    rest = _linkless(norm)
    if not _has_words_beside(norm, rest):
        return False
    if _needs_view(text):
        rest = _linkless(language_view(text))
    return _reads_as_trained(rest)


def in_trained_language(text: str, norm: str | None = None) -> bool:
    """Whether the classifier may speak about a text (as sent): its script is one it learned,
    and a text in Latin letters reads as English, not as Portuguese, Spanish or another
    Latin-script language it never saw (there its n-grams are noise: a Portuguese
    self-introduction reads "ad-like" to a model that knows English ads). Links are not
    language: "vào nhóm sau https://t.me/chat_ms_product_keys" is Vietnamese, however many
    Latin letters its link has. `norm`, the text normalised, saves the work where it has no
    accent to lose."""
    if norm is None or _needs_view(text):
        norm = language_view(text)
    return _reads_as_trained(_linkless(norm))


def _reads_as_trained(norm: str) -> bool:
    """in_trained_language's answer on the text's view with its links taken out."""
    if not in_trained_script(norm):
        return False
    if not _PLAIN_LATIN.search(norm):
        return True
    # A word between spaces (or at an end) is a whole run of letters, so an English one among
    # the space-split words is among the words found below: it settles the common case with a
    # split, not the pattern's walk over every character.
    if not _ENGLISH_WORDS.isdisjoint(norm.split()):
        return True
    # (In ASCII a letter is a-z or A-Z: the same words, without a Unicode look-up a character.)
    words = (_ASCII_WORDS if norm.isascii() else _WORDS).findall(norm)
    if len(words) < 4 or not _ENGLISH_WORDS.isdisjoint(words):
        return True  # short, or English (the common case, settled by one set operation)
    if not norm.isascii() and not all(w.isascii() or _ACCENTED.search(w) for w in words):
        return True  # Latin mixed with Cyrillic or Chinese words: judged as such
    return sum(1 for w in words if w in _FOREIGN_WORDS) < 2


def in_trained_script(text: str) -> bool:
    """Whether a text (as sent) is mostly in what the classifier learned from: Latin as
    English writes it, Cyrillic, Chinese (not Arabic or Persian, nor a Latin language dense
    with diacritics such as Vietnamese)."""
    norm = language_view(text)
    if norm.isascii():
        return True
    accented = count_in(_ACCENTED_RUNS, norm) if _ACCENTED.search(norm) else 0
    if accented and accented > ACCENTED_SHARE * (accented + count_in(_PLAIN_LATIN_RUNS, norm)):
        return not _LETTER.search(norm)  # dense with diacritics, unless it has no letter at all
    trained = count_in(_TRAINED_RUNS, norm)
    # A text has no more letters than characters: where the trained ones are half its length,
    # they are half its letters, and the slow count of letters (a Unicode look-up a character)
    # is not needed. That is most Russian and Chinese chat.
    if trained + accented >= TRAINED_SHARE * len(norm):
        return True
    letters = count_in(_LETTER_RUNS, norm)
    return letters == 0 or trained + accented >= TRAINED_SHARE * letters
