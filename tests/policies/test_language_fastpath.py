"""The faster forms of the language, gate-word and money patterns: each must find what the plain
pattern finds, and a short cut in the script test may only skip a count that cannot change the
answer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policies import gates, language, spam
from policies.text import count_in

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
    assert (spam._MONEY_AT.search(sample) is None) == (spam._MONEY.search(sample) is None)


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
