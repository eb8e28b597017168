"""One message through every policy: read the text once, one finding per policy, one decision.

    facts -> read_text -> spam.find, poaching.find, complaints.find -> combine

The caller passes the models and the flood sightings it keeps (the store keeps them durable);
everything here is pure.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from policies import complaints, lexicon, poaching, spam
from policies.chatpolicy import ChatPolicy
from policies.combine import combine
from policies.competitors import NONE, Competitors
from policies.facts import Decision, Finding, MessageFacts
from policies.flood import FloodFacts, FloodWindow
from policies.spam import SpamModel
from policies.tally import Tally
from policies.textfacts import TextFacts, read_text


def warm_steps() -> Iterator[None]:
    """Every policy's one-time work done ahead of the first message that needs it (patterns
    analysed and compiled), a small step at a time: the bot runs it in the background after
    start-up, yielding to updates between steps."""
    yield from lexicon.warm_steps()
    yield from complaints.warm_steps()


def flood_tracked(facts: MessageFacts, text: TextFacts) -> bool:
    """Whether a message counts toward the flood windows (new messages with text)."""
    return bool(text.norm) and not facts.is_edit


def findings(
    facts: MessageFacts,
    text: TextFacts,
    policy: ChatPolicy,
    now: datetime,
    *,
    model: SpamModel | None = None,
    flood: FloodFacts | None = None,
    competitors: Competitors = NONE,
    campaigns: Tally | None = None,
    after_complaint: bool = False,
) -> tuple[Finding, ...]:
    """Every message policy's finding about one message, from the text read once.

    `campaigns` is the chat's campaign window: poaching counts this message in it.
    `after_complaint`: the message answers or closely follows another member's complaint.
    """
    return (
        spam.find(facts, text, policy, now, model=model, flood=flood),
        poaching.find(facts, text, policy, now, competitors=competitors, tally=campaigns),
        complaints.find(facts, text, policy, now, after_complaint=after_complaint),
    )


def evaluate(
    facts: MessageFacts,
    policy: ChatPolicy,
    now: datetime,
    *,
    model: SpamModel | None = None,
    flood: FloodWindow | FloodFacts | None = None,
    competitors: Competitors = NONE,
    campaigns: Tally | None = None,
    after_complaint: bool = False,
    text: TextFacts | None = None,
) -> Decision:
    """The whole judgement of one message: every finding and what to do about it.

    `flood` is either the sightings the caller already counted for this message, or an
    in-memory window to count it in (tests, benchmarks, `steward classify`). `text` is the
    message's text already read, when the caller read it.
    """
    if text is None:
        text = read_text(facts)
    seen: FloodFacts | None
    if isinstance(flood, FloodWindow):
        seen = (
            flood.observe(text.norm, facts.chat_id, facts.user_id, now)
            if flood_tracked(facts, text)
            else None
        )
    else:
        seen = flood
    found = findings(
        facts,
        text,
        policy,
        now,
        model=model,
        flood=seen,
        competitors=competitors,
        campaigns=campaigns,
        after_complaint=after_complaint,
    )
    return combine(facts, found, policy, now)
