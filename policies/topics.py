"""A chat's own topics, learned from what its established members talk about.

Ad wording is evidence only where it is out of place: "airdrop", "pump" and "bitcoin" are what
a crypto group talks about all day, "ставки" what a betting-tips group does. The group's title
says some of it (`policies.spam.title_topic`); the rest is learned from the chat itself. Every
message an admin or an established member writes that Steward leaves alone adds one to each
topical ad category whose phrases it uses; once a category is used in enough such messages
(MIN_MESSAGES, and MIN_SHARE of the chat's counted messages over the window), it is the chat's
topic and its phrases no longer count against anyone there. Newcomers' messages never teach it,
so a raid cannot make its own wording a topic, and the other checks (links, contacts, handles,
the model, disguises) still judge every message.

Pure: the bot keeps the counts as hourly activity counters (`topic_<category>`), the replay in
memory; both decide with `topics_of`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from policies.lexicon import matching
from policies.textfacts import TextFacts

# Categories a group can be about. Pressure to act now, pushing people elsewhere, phishing and
# text-message conventions are never a group's topic.
TOPICAL = frozenset(
    {"crypto", "gambling", "job", "earnings", "loan", "health", "promo", "giveaway", "adult"}
)
MIN_MESSAGES = 12
MIN_SHARE = 0.01
WINDOW = timedelta(days=30)
COUNTER_PREFIX = "topic_"


def spoken(text: TextFacts) -> frozenset[str]:
    """The topical ad categories whose phrases a text uses."""
    if text.gates.isdisjoint(TOPICAL):
        return frozenset()
    return frozenset(matching(text.norm, text.gates, TOPICAL))


def topics_of(counts: Mapping[str, int], messages: int) -> frozenset[str]:
    """The chat's topics from its counts: category -> messages using its phrases, out of
    `messages` counted in the same window."""
    bar = max(MIN_MESSAGES, MIN_SHARE * messages)
    return frozenset(c for c, n in counts.items() if c in TOPICAL and n >= bar)


def counter_name(category: str) -> str:
    """The activity counter a category's uses are kept under."""
    return COUNTER_PREFIX + category


def from_counters(counters: Mapping[str, int]) -> frozenset[str]:
    """The chat's topics from its activity counters over the window (`messages` and
    `topic_<category>`)."""
    counts = {
        key[len(COUNTER_PREFIX) :]: n
        for key, n in counters.items()
        if key.startswith(COUNTER_PREFIX)
    }
    return topics_of(counts, counters.get("messages", 0))
