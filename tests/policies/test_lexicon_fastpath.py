"""The lexicon's piece search: an opened category is searched one top-level alternative at a time,
and only where the text holds a literal every match of that alternative contains. It may skip
only what cannot match: the whole category pattern (`CATEGORY_ANY`) must agree on every text,
ads are still found, and ordinary chat that opens a gate is cleared without a search."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies import lexicon, phrasesearch
from policies.firstchar import top_alternatives
from policies.gates import gated_categories
from policies.text import normalise

_SEARCH = lexicon._PHRASES  # the lexicon's fast search (policies.phrasesearch)
for _name in lexicon.CATEGORIES:
    _SEARCH._category(_name)  # every category analysed, so the tables below can name pieces
_PIECES = [(name, piece) for name in lexicon.CATEGORIES for piece in _SEARCH._built[name].pieces]


def live(norm: str, category: str) -> list[phrasesearch._Piece]:
    """The pieces of a category that would be searched on a text."""
    seen = phrasesearch._Seen(norm, {}, _SEARCH._opens)
    return [*_SEARCH._built[category].always, *seen.live.get(category, ())]


def whole(norm: str) -> tuple[str, ...]:
    """The categories the whole patterns find, their gates open (what `matching` was before)."""
    gates = gated_categories(norm)
    return tuple(
        c for c in lexicon.CATEGORY_ANY if c in gates and lexicon.CATEGORY_ANY[c].search(norm)
    )


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("Earn $500 a day from home, no experience needed!", ("earnings", "job")),
        ("How do I make money from home online", ("job",)),
        ("DM me for details", ("contact",)),
        ("Join our channel for free signals", ("contact",)),
        ("you have been selected, claim your prize now", ("giveaway",)),
        ("Вы выиграли iPhone! Заберите приз по ссылке", ("giveaway",)),
        ("Verify your account or it will be suspended", ("phishing",)),
        ("Ваш аккаунт будет заблокирован, подтвердите данные", ("phishing",)),
        ("兼职刷单，日结300", ("earnings", "job")),
        ("The casino scene in that film was great", ("gambling",)),
    ],
)
def test_ads_are_still_found(text: str, categories: tuple[str, ...]) -> None:
    norm = normalise(text)
    assert lexicon.matching(norm, gated_categories(norm)) == categories == whole(norm)


@pytest.mark.parametrize(
    "text",
    [
        "I got a new job today, finally!",
        "click here",
        "Nice work everyone",
        "Good morning everyone",
        "Спасибо, быстро ответили",
        "今天日子过得不错",
    ],
)
def test_ordinary_chat_with_an_open_gate_is_cleared_with_no_piece_searched(text: str) -> None:
    """A gate opens ("job", "click", "быстр", "日"...), yet no piece of the category has its
    literal here: none is searched, and the whole patterns agree that nothing matches."""
    norm = normalise(text)
    gates = gated_categories(norm)
    opened = [c for c in lexicon.CATEGORIES if c in gates]
    assert opened, norm  # the gates alone would search
    assert [c for c in opened if live(norm, c)] == [], norm
    assert lexicon.matching(norm, gates) == () == whole(norm)


def test_the_entries_are_cut_whole_and_every_piece_has_literals() -> None:
    """The pieces put back make each entry, and none is searched unconditionally."""
    for _category, _weight, entry in lexicon._RAW:
        assert "|".join(top_alternatives(entry)) == entry
    assert _SEARCH.categories == lexicon.CATEGORIES
    assert [name for name in lexicon.CATEGORIES if _SEARCH._built[name].always] == []


def test_an_alphabetic_piece_keeps_the_no_letter_before_condition() -> None:
    """`category_source` tries the English and Russian entries only where no Latin letter comes
    before; each piece of them keeps it, the Chinese ones stay as written."""
    norm = normalise("xdm me for details")  # "dm me" inside a longer word
    assert lexicon.CATEGORY_ANY["contact"].search(norm) is None
    assert not lexicon.speaks(norm, frozenset({"contact"}), "contact")
    assert lexicon.speaks(normalise("abc兼职"), frozenset({"job"}), "job")


_DRAWN = settings(
    deadline=None,
    max_examples=8,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


@pytest.mark.parametrize("index", range(len(_PIECES)))
@_DRAWN
@given(data=st.data())
def test_a_piece_that_matches_is_live(index: int, data: st.DataObject) -> None:
    """A text drawn from a piece's own words: where the piece finds it (as drawn, or once
    normalised), one of its literals is there, so it is searched."""
    category, piece = _PIECES[index]
    plain = re.sub(r"^\(\?=\[[^]]*\]\)", "", piece.source)
    text = data.draw(st.from_regex(plain))
    for norm in (text, normalise(text)):
        if piece.pattern.search(norm):
            assert piece in live(norm, category), norm


# Words from the lexicon's phrases and ordinary chat, strung together: the piece search answers
# as the whole pattern does, category by category.
_WORDS = [
    "earn",
    "$500",
    "a day",
    "from home",
    "no experience needed",
    "dm me",
    "message",
    "me",
    "for details",
    "link in bio",
    "check out my",
    "channel",
    "you have been",
    "selected",
    "won",
    "claim your prize",
    "verify your account",
    "will be",
    "blocked",
    "casino",
    "crypto",
    "usdt",
    "100%",
    "daily",
    "пишите",
    "в лс",
    "заработок",
    "от 3000",
    "в день",
    "вы выиграли",
    "нужны",
    "курьеры",
    "兼职",
    "日结",
    "300",
    "中奖",
    "the",
    "and",
    "x",
    ".",
    "!",
    "?",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10), st.sampled_from(["", " "]))
def test_the_piece_search_answers_as_the_whole_pattern(words: list[str], sep: str) -> None:
    norm = normalise(sep.join(words))
    for category in lexicon.CATEGORIES:
        expected = lexicon.CATEGORY_ANY[category].search(norm) is not None
        assert lexicon.speaks(norm, frozenset({category}), category) is expected, (category, norm)


def test_a_shut_gate_is_no_whatever_the_text() -> None:
    norm = normalise("DM me for details")
    assert lexicon.speaks(norm, frozenset({"contact"}), "contact")
    assert not lexicon.speaks(norm, frozenset(), "contact")
    assert lexicon.matching(norm, frozenset()) == ()
    assert lexicon.matching(norm, frozenset({"contact"}), among={"job"}) == ()


def test_the_second_ask_of_a_text_is_answered_without_a_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The poaching policy asks again of categories the spam policy just searched: the last
    text's answers serve, and another text is never answered from them."""
    searched: list[str] = []

    class Counting:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, norm: str) -> re.Match[str] | None:
            searched.append(norm)
            return self.pattern.search(norm)

    for _category, piece in _PIECES:
        monkeypatch.setattr(piece, "_pattern", Counting(piece.pattern))
    first = normalise("Earn $500 a day from home, no experience needed!")
    gates = gated_categories(first)
    assert lexicon.matching(first, gates) == ("earnings", "job")
    assert searched and set(searched) == {first}
    done = len(searched)
    assert lexicon.speaks(first, gates, "earnings") and lexicon.speaks(first, gates, "job")
    assert not lexicon.speaks(first, gates, "loan")
    assert lexicon.matching(first, gates, among={"job", "loan"}) == ("job",)
    assert len(searched) == done
    # Another text with the same gates: searched afresh, not answered from the last one.
    other = normalise("money from home? no, I earn it in an office")
    assert not lexicon.speaks(other, gates, "job") and "job" not in whole(other)
    assert len(searched) > done and set(searched[done:]) == {other}


def test_a_category_first_analysed_after_a_text_was_passed_is_still_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A text already passed under the literals of the categories known then: a category
    analysed afterwards passes it again (its literals were not in the first pass)."""
    nothing = phrasesearch._Opens(None, frozenset())
    monkeypatch.setattr(_SEARCH, "_built", {})
    monkeypatch.setattr(_SEARCH, "_opens", nothing)
    monkeypatch.setattr(_SEARCH, "_last", phrasesearch._Seen("", {}, nothing))
    norm = normalise("DM me for details about the job")
    gates = gated_categories(norm)
    assert not lexicon.speaks(norm, gates, "job")
    assert set(_SEARCH._built) == {"job"}
    assert lexicon.speaks(norm, gates, "contact")
    assert set(_SEARCH._built) == {"job", "contact"}
    assert lexicon.matching(norm, gates) == whole(norm) == ("contact",)


def test_import_analyses_and_compiles_nothing() -> None:
    """Start-up: the categories are analysed when their gate first opens, the whole patterns
    compiled when first asked for (both cost 200-250 ms at import)."""
    code = (
        "import policies.lexicon as lexicon\n"
        "assert not lexicon._PHRASES._built, lexicon._PHRASES._built\n"
        "assert not lexicon.CATEGORY_ANY._compiled\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_warming_prepares_every_pattern_once() -> None:
    """The bot warms the policies in the background after start-up (bot.app.warm_policies):
    every category analysed and every piece of the lexicon and of the complaint policy compiled,
    so no message waits for it; a second warming (a restart in the same process) does nothing."""
    code = (
        "import policies.complaints as complaints\n"
        "import policies.lexicon as lexicon\n"
        "from policies.pipeline import warm_steps\n"
        "steps = sum(1 for _ in warm_steps())\n"
        "built = lexicon._PHRASES._built\n"
        "assert set(built) == set(lexicon.CATEGORIES), set(built)\n"
        "pieces = [p for c in built.values() for p in c.pieces]\n"
        "assert all(p._pattern is not None for p in pieces)\n"
        "assert all(p._pattern is not None for p in complaints._PIECES)\n"
        "assert steps == len(pieces) + len(complaints._PIECES), steps\n"
        "assert sum(1 for _ in warm_steps()) == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
