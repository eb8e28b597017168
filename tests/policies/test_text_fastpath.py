"""The cheap first tests of policies/text.py: each may only skip a regex that cannot match, and a
count taken another way must be the count the regex gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies import text
from policies.text import (
    count_in,
    digit_count,
    emoji_count,
    normalise,
    text_units,
)

# Characters the patterns care about: letters of three scripts, digits of two, the separators of
# spaced and dotted letters, link punctuation, Chinese, emoji, and characters a case-blind [a-z]
# also matches (the Kelvin sign, the long s, the dotless and dotted i).
_ALPHABET = st.sampled_from(
    list("ab zK.:/-*_·@$09")
    + list("ый")
    + list("明天")
    + ["٣", "０", "²", "\u212a", "\u017f", "\u0131", "\u0130", "😀", "\u2600", "\ufe0f", "\n"]
)
_TEXTS = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_first_tests_skip_only_what_cannot_match(sample: str) -> None:
    assert text._may_hold_link(sample) == (text._DOTTED.search(sample) is not None)
    if text._SPACED.search(sample):
        assert text._SPACED_LETTER.search(sample)
    if text._DOTTED_LETTERS.search(sample):
        assert text._SEPARATED_LETTER.search(sample)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_counts_are_the_regex_counts(sample: str) -> None:
    assert digit_count(sample) == count_in(text._DIGITS, sample)
    assert emoji_count(sample) == count_in(text._EMOJI_RUNS, sample)
    han = count_in(text._HAN_RUNS, sample)
    assert text_units(sample) == len(sample) + (text.HAN_WEIGHT - 1) * han


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("join t . me / abc", "join t.me/abc"),
        ("s p a c e d", "spaced"),
        ("w.h.a.t.s.a.p.p me", "whatsapp me"),
        ("в С н и к е р", "в сникер"),
        ("ok see you tomorrow", "ok see you tomorrow"),
    ],
)
def test_disguises_still_undone(raw: str, norm: str) -> None:
    assert normalise(raw) == norm


def test_links_found_with_and_without_a_dot() -> None:
    assert text.extract("see shop.example.com now", "see shop.example.com now").domains
    assert text.extract("tg://join?invite=abc", "tg://join?invite=abc").invite_links == 1
    assert text.extract("no link here", "no link here") is text.EMPTY
