"""The faster forms of the language, gate-word and money patterns: each must find what the plain
pattern finds, and a short cut in the script test may only skip a count that cannot change the
answer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policies import gates, language, spam
from policies.text import count_in, normalise, without_links

# Characters the patterns care about: Latin letters plain and accented, Cyrillic and Chinese
# letters, a Cyrillic sign that is no letter, digits of three scripts, currency signs, the
# underscore, marks, emoji, and letters no trained script writes (Arabic, Greek).
_ALPHABET = st.sampled_from(
    list("abkzAZ éàỹ×ый҂明天ㄱ")
    + list("09٣²_$€£₽¥₴%￥】")
    + ["\u0301", "\u0483", "😀", "\n", "ب", "λ"]
    + ["usd", "руб", "грн", "元", "k "]
)
_TEXTS = st.lists(_ALPHABET, max_size=30).map("".join)
# The plain money pattern `spam._MONEY_AT` was written from (what the policy used before).
_PLAIN_MONEY = re.compile(r"[$€£₽¥₴]\s?\d|\d\s?(?:usd|usdt|\$|€|£|₽|₴|руб\w*|грн\w*|元|块|万|k\b)")


def _reference_script(text: str) -> bool:
    """The script test as first written: every count taken, in its first order."""
    norm = language.language_view(text)
    if norm.isascii():
        return True
    letters = count_in(re.compile(r"[^\W\d_]+"), norm)
    if letters == 0:
        return True
    accented = count_in(re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]+"), norm)
    trained = count_in(re.compile(r"[a-z\u0400-\u04ff\u3400-\u9fff]+"), norm)
    plain = count_in(re.compile(r"[a-z]+"), norm)
    if accented and accented > language.ACCENTED_SHARE * (accented + plain):
        return False
    return trained + accented >= language.TRAINED_SHARE * letters


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_runs_written_to_be_scanned_for_match_the_plain_runs(sample: str) -> None:
    for fast, plain in (
        (language._TRAINED_RUNS, r"[a-z\u0400-\u04ff\u3400-\u9fff]+"),
        (language._ACCENTED_RUNS, r"[\u00c0-\u024f\u1e00-\u1eff]+"),
        (language._LETTER_RUNS, r"[^\W\d_]+"),
        (language._PLAIN_LATIN_RUNS, r"[a-z]+"),
        (language._ASCII_WORDS, r"[a-zA-Z]+"),
    ):
        assert fast.findall(sample) == re.findall(plain, sample)
    assert (language._LETTER.search(sample) is None) == (
        count_in(language._LETTER_RUNS, sample) == 0
    )


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_script_short_cut_gives_the_full_answer(sample: str) -> None:
    assert language.in_trained_script(sample) == _reference_script(sample)


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_gate_tokens_are_the_plain_tokens(sample: str) -> None:
    assert gates._TOKEN.findall(sample) == gates._WORD.findall(sample)
    if sample.isascii():
        assert gates._ASCII_TOKEN.findall(sample) == gates._WORD.findall(sample)


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_money_found_where_the_plain_pattern_finds_it(sample: str) -> None:
    assert (spam._MONEY_AT.search(sample) is None) == (_PLAIN_MONEY.search(sample) is None)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=6))
def test_gate_answers_are_the_per_token_answers(samples: list[str]) -> None:
    for sample in samples:
        expected: set[str] = set()
        for token in gates._WORD.findall(sample):
            expected |= gates._token_categories(token)
        found = gates.gated_categories(sample)
        # Chinese fragments are found by their own pass; the words' part must all be there.
        assert expected <= found
        if sample.isascii():
            assert found == expected


# Words and links for the language test: English and foreign function words and other words
# (some holding one of those), each followed by a separator or by none (so "the" may run into
# "que"), links bare and full among them, and now and then any character of the alphabet above.
_WORD = st.sampled_from(
    ["the", "you", "de", "que", "não", "und", "yang", "word", "then", "deque", "Bạn"]
    + ["привет", "明天", "x", "Ünd"]
)
_SEPARATOR = st.sampled_from(
    [" ", " ", " ", "", "\u00a0", "\n", ", ", "/", "_", "1", "https://t.me/chat ", "www.a.com "]
)
_WORDY = st.lists(st.tuples(_WORD | _ALPHABET, _SEPARATOR).map("".join), max_size=12).map("".join)


def _reference_language(text: str, norm: str | None = None) -> bool:
    """The language test as written before the split short cut and the shared link removal."""
    if norm is None or (
        not text.isascii() and (language._ACCENTED.search(text) or language._MARK.search(text))
    ):
        norm = language.language_view(text)
    if "/" in norm or "www." in norm:
        norm = without_links(norm)
    if not language.in_trained_script(norm):
        return False
    if not language._PLAIN_LATIN.search(norm):
        return True
    words = re.findall(r"[^\W\d_]+", norm)
    if len(words) < 4 or not language._ENGLISH_WORDS.isdisjoint(words):
        return True
    if not norm.isascii() and not all(w.isascii() or language._ACCENTED.search(w) for w in words):
        return True
    return sum(1 for w in words if w in language._FOREIGN_WORDS) < 2


@settings(max_examples=800, deadline=None)
@given(_WORDY)
def test_language_short_cuts_give_the_full_answer(sample: str) -> None:
    norm = normalise(sample)
    assert language.in_trained_language(sample) == _reference_language(sample)
    assert language.in_trained_language(sample, norm) == _reference_language(sample, norm)
    assert language.model_may_read(sample, norm) == (
        language.has_words(norm) and _reference_language(sample, norm)
    )
