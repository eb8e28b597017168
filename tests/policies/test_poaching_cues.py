"""The poaching lexicon's literal cues cover its patterns: no pattern can match a text that holds
no cue (the fast path skips the patterns for such texts)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policies import poachwords
from policies.text import normalise


def _pieces() -> list[str]:
    """Every literal run of letters in the patterns, plus glue: the stuff matches are made of."""
    words: set[str] = set()
    for pattern in poachwords.PATTERNS:
        words.update(re.findall(r"[^\W\d_]+", pattern.pattern))
    words.discard("s")  # regex escapes such as \s and \b leave single letters behind
    words.discard("b")
    return sorted(words) + [" ", "  ", "@", "'", "\n", ": ", "12345678", "abc123", "!", "-"]


PIECES = _pieces()


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join))
def test_a_text_with_no_cue_matches_no_pattern(raw: str) -> None:
    norm = normalise(raw)
    matched = [p.pattern[:40] for p in poachwords.PATTERNS if p.search(norm)]
    if matched:
        assert poachwords.has_cue(norm), (norm, matched)


WORDS = [w for w in PIECES if w.strip() and w.isalpha()]


def test_every_two_word_phrase_that_matches_holds_a_cue() -> None:
    """Exhaustively: any two pattern words, with a space or glued, in either order."""
    missed = []
    for first in WORDS:
        for second in WORDS:
            for norm in (f"{first} {second}", f"{first}{second}", f"{first} @{second}"):
                if any(p.search(norm) for p in poachwords.PATTERNS) and not poachwords.has_cue(
                    norm
                ):
                    missed.append(norm)
    assert not missed, missed[:20]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=2, max_size=4).map(" ".join))
def test_phrases_of_pattern_words_that_match_hold_a_cue(norm: str) -> None:
    if any(p.search(norm) for p in poachwords.PATTERNS):
        assert poachwords.has_cue(norm), norm


def test_known_phrases_hold_cues() -> None:
    """A sample of each pattern's phrases, as members write them."""
    for raw in (
        "DM me",
        "check your inbox",
        "text me on whatsapp",
        "пишите в лс",
        "加我微信",
        "see my bio",
        "much cheaper",
        "join my group",
        "wechat: abc12345",
    ):
        norm = normalise(raw)
        assert any(p.search(norm) for p in poachwords.PATTERNS), raw
        assert poachwords.has_cue(norm), raw
