"""The first-character lookahead (policies/firstchar.py) only speeds a pattern up: where it leads
a pattern, every search finds what the plain pattern finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.train_model import SHARED, corpus_docs, seed_docs
from policies import complaints, complaintwords, poachwords, spam
from policies.firstchar import (
    compile_alternation,
    first_char_class,
    needed_literals,
    top_alternatives,
)
from policies.lexicon import CATEGORY_ANY, category_source

CORPUS = SHARED / "corpus"


@pytest.mark.parametrize(
    ("pattern", "head"),
    [
        ("abc|def", "[ad]"),
        (r"(?<![^\W\d_])foo|\bbar", "[bf]"),
        (r"(?:a|)b", "[ab]"),
        ("x*y", "[xy]"),
        (r"\d+\s*руб", r"[\d]"),
        ("[a-c]z|日结", "[a-c日]"),
        (r"\$\s?\d", r"[\$]"),
        # No set: almost any character, or a match of nothing.
        (r"\w+x", None),
        (r"[^a]b", None),
        (".b", None),
        ("a?", None),
        (r"(?=x)", None),
        (r"(a)\1", "[a]"),
        (r"\1", None),
    ],
)
def test_the_first_characters_of_a_pattern(pattern: str, head: str | None) -> None:
    assert first_char_class(pattern) == head


def test_every_category_pattern_has_a_lookahead() -> None:
    """All of the lexicon's categories start with known characters today; a new alternative
    that starts with `\\w` or `.` would silently lose the speed-up, so it is flagged here."""
    slow = [c for c, p in CATEGORY_ANY.items() if not p.pattern.startswith("(?=[")]
    assert slow == []


def _without_lookahead(fast: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern as written, before `compile_alternation` led it with its lookahead."""
    text = fast.pattern
    if not text.startswith("(?=["):
        return fast
    cut = text.index(")(?:")
    while first_char_class(text[cut + 4 : -1], fast.flags) != text[3:cut]:
        cut = text.index(")(?:", cut + 1)
    return re.compile(text[cut + 4 : -1], fast.flags)


# Every pattern led by a lookahead: the lexicon's categories and the hot patterns of the
# poaching, spam and complaint checks.
FAST = {
    **{f"lexicon.{c}": p for c, p in CATEGORY_ANY.items()},
    **{
        f"{module.__name__}.{name}": pattern
        for module in (poachwords, spam, complaints)
        for name, pattern in vars(module).items()
        if isinstance(pattern, re.Pattern) and pattern.pattern.startswith("(?=[")
    },
    **{f"complaintwords.TOPICS.{name}": p for name, p in complaintwords.TOPICS.items()},
}


def test_the_plain_pattern_is_recovered() -> None:
    plain = re.compile(category_source("contact"))
    assert _without_lookahead(CATEGORY_ANY["contact"]).pattern == plain.pattern
    assert len(FAST) > len(CATEGORY_ANY) + 10


def _same_spans(texts: list[str]) -> list[tuple[str, str]]:
    pairs = [(name, fast, _without_lookahead(fast)) for name, fast in FAST.items()]
    differ = []
    for text in texts:
        for name, fast, plain in pairs:
            a, b = fast.search(text), plain.search(text)
            if (a and a.span()) != (b and b.span()):
                differ.append((name, text[:80]))
    return differ


def test_the_lookahead_finds_what_the_pattern_finds_in_the_seeds() -> None:
    assert _same_spans([d.text for d in seed_docs()]) == []


def test_the_lookahead_finds_what_the_pattern_finds_in_the_corpus() -> None:
    if not (CORPUS / "SOURCES.md").is_file():
        pytest.skip(f"no corpus at {CORPUS} (set STEWARD_SHARED): nothing real to check")
    # Every spam and poaching row, and one ham row in five (the whole corpus takes half a minute).
    docs = corpus_docs(CORPUS)
    texts = [d.text for i, d in enumerate(docs) if d.label != "ham" or i % 5 == 0]
    assert _same_spans(texts) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1 -$日x\n"), max_size=30))
def test_the_lookahead_never_changes_a_match(text: str) -> None:
    for pattern in ("ab|1 ?-|日x", r"(?<!a)b+|\d\s\$", r"(?:a|)b|x*1", r"\bab\b|\$\d"):
        fast, plain = compile_alternation(pattern), re.compile(pattern)
        a, b = fast.search(text), plain.search(text)
        assert (a and a.span()) == (b and b.span())


@pytest.mark.parametrize(
    ("source", "pieces"),
    [
        (r"a|b", ["a", "b"]),
        (r"a(?:b|c)|d", ["a(?:b|c)", "d"]),
        (r"a[|]|b\|c|(?P<x>d|e)", ["a[|]", r"b\|c", "(?P<x>d|e)"]),
        (r"[]|]x|[^]|)]y|z", ["[]|]x", "[^]|)]y", "z"]),
        (r"(a)|\1", [r"(a)|\1"]),  # a numbered group: kept whole
    ],
)
def test_a_source_is_cut_at_its_top_level_bars(source: str, pieces: list[str]) -> None:
    assert top_alternatives(source) == pieces


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"\bwhere\s+is", {"where"}),
        (r"haven'?t\s+\w+", {"havent", "haven't"}),
        (r"(?:x|yz)w", {"xw", "yzw"}),
        (r"жд[уё]м?", {"жду", "ждё"}),
        (r"(?:ab|c\w+)", {"ab", "c"}),
        (r"(?:ab|\w+)", None),
        (r"[^a]+", None),
        (r"(?:abc)?", None),
        (r"(?:abc){2,}", {"abc"}),
        (r"(?i)abc", None),  # a literal would stand for its other cases too
        (r"(?=[ab])(?<![^\W\d_])(?:abc|bcd)", {"abc", "bcd"}),  # assertions are transparent
    ],
)
def test_the_needed_literals_of_a_pattern(pattern: str, needed: set[str] | None) -> None:
    assert needed_literals(pattern) == needed
