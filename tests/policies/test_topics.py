"""Table tests for a chat's learned topics: which ad categories a text talks of, when a category
becomes the chat's topic, and what that changes for the spam policy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Models
from policies import ChatPolicy, MemberFacts, MessageFacts, evaluate, read_text
from policies.topics import counter_name, from_counters, spoken, topics_of

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _facts(text: str, topics: frozenset[str] = frozenset(), title: str = "") -> MessageFacts:
    newcomer = MemberFacts(joined_at=NOW, first_seen_at=NOW)
    return MessageFacts(
        chat_id=-100,
        message_id=1,
        user_id=5,
        text=text,
        date=NOW,
        member=newcomer,
        chat_topics=topics,
        chat_title=title,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bitcoin will pump after the airdrop", {"crypto"}),
        ("ставки на спорт с гарантией, букмекер", {"gambling"}),
        # Pushing people elsewhere and urgency are never a group's topic.
        ("write me in dm, hurry now", set()),
        ("hi, is the blue hoodie in stock?", set()),
        ("", set()),
    ],
    ids=["crypto", "gambling", "never-topical", "plain", "empty"],
)
def test_spoken(text: str, expected: set[str]) -> None:
    """The topical categories whose phrases a text uses."""
    assert spoken(read_text(_facts(text))) == expected


@pytest.mark.parametrize(
    ("counts", "messages", "expected"),
    [
        ({"crypto": 12}, 200, {"crypto"}),
        ({"crypto": 11}, 200, set()),
        # In a busy chat a dozen uses are not enough: at least 1% of its messages.
        ({"crypto": 12}, 5000, set()),
        ({"crypto": 50}, 5000, {"crypto"}),
        ({"crypto": 30, "gambling": 13, "job": 2}, 400, {"crypto", "gambling"}),
        ({"contact": 500}, 600, set()),
    ],
    ids=["at-the-bar", "below", "busy-chat", "busy-chat-enough", "two-topics", "not-topical"],
)
def test_topics_of(counts: dict[str, int], messages: int, expected: set[str]) -> None:
    assert topics_of(counts, messages) == expected


def test_topics_from_activity_counters() -> None:
    """The bot keeps the counts as activity counters beside the chat's message count."""
    counters = {"messages": 300, counter_name("crypto"): 20, "replies": 40, "spam": 3}
    assert from_counters(counters) == {"crypto"}
    assert from_counters({counter_name("crypto"): 20}) == {"crypto"}
    assert from_counters({}) == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        "any crypto recomendation for today?",
        "I want buy bitcoin and usdt today",
        "which coin will pump next? need crypto signals",
        # Asked ("Bitcoin price prediction for tomorrow?") it is a question, and no longer
        # acted on in a shop's group either (see test_spam's question tests).
        "need bitcoin price prediction for tomorrow",
    ],
)
def test_a_chats_own_topic_is_not_held_against_a_newcomer(text: str) -> None:
    """Crypto talk from a newcomer reads as an ad in a shop's group; in a chat whose members talk
    crypto all day it is a question like any other."""
    model = Models.build().shared
    assert evaluate(_facts(text), ChatPolicy(), NOW, model=model).label == "spam"
    learned = evaluate(_facts(text, frozenset({"crypto"})), ChatPolicy(), NOW, model=model)
    assert learned.label == "ham", learned.reasons()


def test_other_evidence_still_counts_in_a_topic_chat() -> None:
    """The topic only silences its own wording: an invite link with a pitch is still an ad."""
    model = Models.build().shared
    ad = "Join our crypto signals, 10x pump every week t.me/+AbCdEfGh"
    verdict = evaluate(_facts(ad, frozenset({"crypto"})), ChatPolicy(), NOW, model=model)
    assert verdict.label == "spam"
    assert "stop_phrases" not in {c.name for c in verdict.checks}
