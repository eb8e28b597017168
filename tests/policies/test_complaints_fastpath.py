"""The complaint policy's piece gate: a phrase or problem is searched one alternative at a time,
and only where the text holds a literal every match of that alternative contains. It may skip
only what cannot match: complaints are still found, ordinary chat is cleared without a search."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies import ChatPolicy, MessageFacts, complaints, complaintwords
from policies.facts import Finding
from policies.firstchar import top_alternatives, with_lookahead
from policies.textfacts import read_text

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def norm_of(text: str) -> str:
    return read_text(MessageFacts(chat_id=-1, message_id=1, user_id=7, text=text, date=NOW)).norm


def judge(text: str) -> Finding:
    facts = MessageFacts(chat_id=-1, message_id=1, user_id=7, text=text, date=NOW)
    return complaints.find(facts, read_text(facts), ChatPolicy(), NOW)


def searched(norm: str) -> set[str]:
    """The topics whose phrases still run on a text after the gate."""
    opened = complaints.opened_topics(norm)
    return {p.topic for p in complaints.live_pieces(norm) if not p.problem and p.topic in opened}


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Where is my order?? still not received", "late"),
        ("my order still hasn't shown up", "late"),
        ("My package says delivered but I never got it", "late"),
        ("It never arrived", "late"),
        ("the courier never came", "late"),
        ("Где мой заказ? Жду уже три недели", "late"),
        ("快递太慢了，等了一个星期还没收到", "late"),
        ("五天才收到", "late"),
        ("Two items missing from my order", "missing"),
        ("Second time my parcel got lost", "missing"),
        ("My parcel arrived damaged, the box was crushed", "damaged"),
        ("коробка пришла мокрая", "damaged"),
        ("You sent me the wrong size", "wrong_item"),
        ("ordered the blue one, got green", "wrong_item"),
        ("买的M码，寄来的是XL", "wrong_item"),
        ("I want a refund", "refund"),
        ("poor quality, fell apart", "quality"),
        ("nobody answers", "service"),
        ("客服不回复消息，态度太差", "service"),
        # Problems beside an order: the problem pieces pass the gate too.
        ("my parcel is stuck in customs", "late"),
        ("the seller ghosted me after I paid", "service"),
        ("посылка висит на таможне", "late"),
        ("the shirt I ordered shrank after the first wash", "damaged"),
    ],
)
def test_complaints_are_still_found(text: str, topic: str) -> None:
    finding = judge(text)
    assert finding.level != "clear" and finding.topic == topic, finding


@pytest.mark.parametrize(
    "text",
    [
        "I didn't know that",
        "Didn't expect that, haha",
        "nobody knows",
        "thanks for the quick answer!",
        "the answer is in the pinned message",
        "до сих пор помню этот день",
        "я не то имел в виду",
        "他的态度很好",
        "我还没吃饭",
    ],
)
def test_ordinary_chat_with_a_cue_is_cleared_with_no_phrase_searched(text: str) -> None:
    """A cue opens topics ("didn", "nobody", "до сих пор", "态度"...), yet no piece of them has
    its literal here: none is searched, and the whole patterns agree that nothing matches."""
    norm = norm_of(text)
    assert complaints.opened_topics(norm), norm  # the cue pass alone would search
    assert searched(norm) == set(), norm
    assert not any(p.search(norm) for p in complaintwords.TOPICS.values()), norm
    assert judge(text) == complaints.CLEAR


def test_an_order_named_in_passing_runs_no_problem() -> None:
    """ "курьерская служба" opens the problems, but none has its literal in the text."""
    norm = norm_of("курьерская служба работает до 18")
    assert complaints.ORDERED in complaints.opened_topics(norm)
    assert not [p for p in complaints.live_pieces(norm) if p.problem]
    assert judge("курьерская служба работает до 18") == complaints.CLEAR


def test_a_cue_free_text_runs_nothing() -> None:
    norm = norm_of("good morning everyone, lovely weather")
    assert not complaints.opened_topics(norm)
    assert judge("good morning everyone, lovely weather") == complaints.CLEAR


def test_every_piece_has_literals_and_the_sources_are_cut_whole() -> None:
    """Nothing is searched unconditionally, and the pieces put back make the source."""
    assert complaints._PIECES_ALWAYS == ()
    for source in (*complaintwords.TOPIC_SOURCES.values(), *complaintwords.PROBLEMS.values()):
        assert "|".join(top_alternatives(source)) == source


_DRAWN = settings(
    deadline=None,
    max_examples=12,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


@pytest.mark.parametrize("index", range(len(complaints._PIECES)))
@_DRAWN
@given(data=st.data())
def test_a_piece_that_matches_is_live(index: int, data: st.DataObject) -> None:
    """A text drawn from a piece's own words: where the piece finds it once normalised, one of
    its literals is there, so the gate lets it run."""
    piece = complaints._PIECES[index]
    plain = re.sub(r"^\(\?=\[[^]]*\]\)", "", piece.pattern.pattern)
    text = data.draw(st.from_regex(plain))
    norm = norm_of(text)
    if piece.pattern.search(norm):
        assert piece in complaints.live_pieces(norm), norm


# The problems as one alternation, costliest first (as the policy searched them before it
# searched them a piece at a time): the piece search must find the same place, end and kind.
_PROBLEM_ANY = re.compile(
    "(?<![^\\W\\d_])(?:"
    + "|".join(
        f"(?P<{name}>{with_lookahead(complaintwords.PROBLEMS[name])})"
        for name in sorted(complaintwords.PROBLEMS, key=lambda n: -complaintwords.WEIGHT.get(n, 1))
    )
    + ")"
)
_WORDS = [
    "my order",
    "stuck",
    "still waiting",
    "for 2 weeks",
    "never got",
    "it",
    "broken",
    "torn",
    "fake",
    "nobody answered",
    "no refund",
    "got a red instead of",
    "was lost",
    "every day",
    "заказ",
    "висит",
    "уже две недели",
    "пропал",
    "молчит",
    "сломан",
    ".",
    "!",
    "x",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12))
def test_the_first_problem_is_the_alternations_match(words: list[str]) -> None:
    norm = norm_of(" ".join(words))
    for pieces in (complaints._PROBLEM_PIECES, complaints.live_pieces(norm)):
        problems = [p for p in pieces if p.problem]
        pos = 0
        while True:
            whole = _PROBLEM_ANY.search(norm, pos)
            first = complaints._first_problem(norm, pos, len(norm), problems)
            if whole is None or first is None:
                assert whole is None and first is None, norm
                break
            assert (first[0], first[1].span()) == (whole.lastgroup, whole.span()), norm
            pos = whole.start() + 1
