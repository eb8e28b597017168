"""Gate words (policies/gates.py) are an exact shortcut: the pipeline searches a category's
patterns only where its gate opened, so a pattern that can match where its gate stays shut is
either wording the bot never sees (a missing gate stem) or a pattern that matches inside other
words (kept quiet only by the gate). Both are checked on every text at hand."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from bot.train_model import SHARED, Doc, corpus_docs, seed_docs
from policies.gates import gated_categories
from policies.lexicon import _RAW, CATEGORY_ANY, speaks
from policies.text import normalise
from policies.values import NOTHING

CORPUS = SHARED / "corpus"


def _matched_behind_a_shut_gate(docs: list[Doc]) -> list[tuple[str, str, str]]:
    found = []
    for doc in docs:
        gates = gated_categories(doc.text)
        for category, pattern in CATEGORY_ANY.items():
            if category in gates:
                continue
            match = pattern.search(doc.text)
            if match:
                found.append((category, match.group(0), doc.text[:120]))
    return found


def test_no_seed_matches_a_category_whose_gate_is_shut() -> None:
    assert _matched_behind_a_shut_gate(seed_docs()) == []


def test_no_corpus_text_matches_a_category_whose_gate_is_shut() -> None:
    if not (CORPUS / "SOURCES.md").is_file():
        pytest.skip(f"no corpus at {CORPUS} (set STEWARD_SHARED): nothing real to check")
    assert _matched_behind_a_shut_gate(corpus_docs(CORPUS)) == []


@pytest.mark.parametrize(
    ("text", "category", "matches"),
    [
        # Wording whose gate stem was missing, so it never counted.
        ("Making money online is easier than you think, I show how", "job", True),
        ("代刷播放量，一万播放只要10元", "promo", True),
        ("Пишите мне в лс, всё расскажу", "contact", True),
        ("Успей, торопитесь, осталось 3 места", "urgency", True),
        ("Лучшие слоты и казино с бонусом", "gambling", True),
        ("Надёжный обменник крипты", "crypto", True),
        ("Порно без регистрации", "adult", True),
        ("See my new pics in the profile", "adult", True),
        # Found by generating texts from each pattern: stems the gate lacked, and a token split
        # ("1xbet" reads as "1" and "xbet", "x10" as "x" and "10").
        ("x10 your money in a week", "crypto", True),
        ("Sign up on 1xbet today", "gambling", True),
        ("bonus 150% on the first top-up", "gambling", True),
        ("Платим за закладки каждый день", "drugs", True),
        ("make money from home, write me", "job", True),
        # Words that hold a pattern inside them: only a shut gate kept them quiet.
        ("Доктор, пропишите мне что-нибудь от кашля", "contact", False),
        ("Ты купишь мне хлеба по дороге?", "contact", False),
        ("Мы поторопились с релизом", "urgency", False),
        ("Лимонная кислоты не боится", "gambling", False),
        ("Выложу архив на файлообменник", "crypto", False),
        ("Он упорно учит английский", "adult", False),
        ("这件衣服买的xxxl，大小正好", "adult", False),
        ("SWIFT code SCBLHKHHXXX for the transfer", "adult", False),
        # A creator's own videos are self-promotion (poaching reads it), not an adult lure.
        ("check my videos and subscribe please", "adult", False),
    ],
)
def test_gated_wording(text: str, category: str, matches: bool) -> None:
    norm = normalise(text)
    assert speaks(norm, gated_categories(norm), category) is matches
    if not matches:
        assert not CATEGORY_ANY[category].search(norm), "matched, kept quiet only by its gate"


def _generated_texts_that_miss_the_gate(category: str, raw: str) -> list[str]:
    """Texts written by one pattern (normalised) that match its category but leave its gate
    shut."""
    alphabet = st.characters(
        codec="utf-8", categories=["L", "N", "P", "S"], include_characters=" "
    )
    shut: list[str] = []

    @settings(
        max_examples=20,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.from_regex(re.compile(raw), fullmatch=True, alphabet=alphabet))
    def written_by(text: str) -> None:
        norm = normalise(text)
        if CATEGORY_ANY[category].search(norm) and category not in gated_categories(norm):
            shut.append(norm[:80])

    written_by()
    return shut


def test_texts_generated_from_each_pattern_open_its_gate() -> None:
    """Texts written by each pattern itself (hypothesis's `from_regex`), once normalised, open
    that pattern's gate: a gate stem missing for some alternative, or a token the gate's
    tokenizer splits ("1xbet" reads as "1" and "xbet"), shows up here even when no seed or
    corpus text happens to use that wording."""
    shut: list[tuple[str, str]] = []
    unsatisfiable = 0
    for category, _weight, raw in _RAW:
        try:
            shut.extend((category, t) for t in _generated_texts_that_miss_the_gate(category, raw))
        except Unsatisfiable:
            unsatisfiable += 1  # its lookarounds are more than the generator can satisfy
    assert shut == []
    assert unsatisfiable <= 2


def _word(i: int) -> str:
    """The i-th made-up all-letter word ("qa", "qb", ...): one gate token each."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = "q"
    while True:
        out += letters[i % 26]
        i //= 26
        if not i:
            return out


def test_the_gate_memo_stays_small(monkeypatch: pytest.MonkeyPatch):
    """A group's chat brings new words without end: the memo of each word's gates is bounded, and
    words with the same answer share it (a frozenset per word took 62 MB when the memo was full
    at 200,000 words)."""
    from policies import gates

    monkeypatch.setattr(gates, "_MEMO", {})
    monkeypatch.setattr(gates, "_MEMO_MAX", 2_000)
    for start in range(0, 5_000, 50):
        gated_categories(" ".join(_word(i) for i in range(start, start + 50)))
    assert 0 < len(gates._MEMO) <= 2_000
    answers = {id(v) for v in gates._MEMO.values()}
    assert answers == {id(NOTHING)}  # made-up words open no gate: one shared answer
    gated_categories("earn easy money daily, earn fast")
    for word in ("earn", "easy", "money"):
        assert gates._MEMO[word] is gates._token_categories(word)  # one shared copy per answer
