"""Table tests for the combiner's word on a member's standing: which messages count toward it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from policies import ChatPolicy, Finding, MemberFacts, MessageFacts, combine
from policies.facts import Level, check

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NEWCOMER = MemberFacts(joined_at=NOW - timedelta(minutes=5), messages_seen=0)
MESSAGE = MessageFacts(
    chat_id=-100, message_id=7, user_id=42, text="a message", date=NOW, member=NEWCOMER
)


def finding(label: str, level: Level, *checks: str) -> Finding:
    """A policy's finding with named checks (the combiner reads their names, not their words)."""
    score = {"hit": 0.9, "borderline": 0.6, "clear": 0.0}[level]
    return Finding(label, score, level, tuple(check(c, 0.5) for c in checks))


@pytest.mark.parametrize(
    ("found", "settings_", "event", "counts"),
    [
        pytest.param((), {}, None, True, id="nothing-found"),
        pytest.param((finding("spam", "clear"),), {}, None, True, id="clear"),
        pytest.param(
            (finding("spam", "hit", "links"),), {}, "spam_removed", False, id="spam-removed"
        ),
        pytest.param(
            (finding("spam", "borderline", "links"),),
            {},
            "spam_warned",
            False,
            id="spam-warned",
        ),
        pytest.param(
            (finding("poaching", "hit", "other_chat"),),
            {"poaching_action": "warn"},
            "poaching_warned",
            False,
            id="rival-hit-only-warned",
        ),
        pytest.param(
            (finding("spam", "borderline", "links"),),
            {"mode": "observe"},
            "spam_observed",
            False,
            id="would-have-warned",
        ),
        pytest.param(
            (finding("poaching", "borderline", "other_chat"),),
            {},
            "poaching_warned",
            False,
            id="rival-warned",
        ),
        pytest.param(
            (finding("poaching", "borderline", "rival", "asked_about"),),
            {},
            "poaching_reported",
            True,
            id="rival-only-asked-about",
        ),
        # A newcomer's own sale with a number to call (policies/poaching.py): borderline, so
        # the post stays and, as README's "in between" says, the member is warned.
        pytest.param(
            (finding("poaching", "borderline", "contacts", "personal_sale"),),
            {},
            "poaching_warned",
            False,
            id="newcomers-own-sale-warned-not-removed",
        ),
        # The chat only records complaints: nothing done, the message counts.
        pytest.param(
            (finding("complaint", "hit", "late"),), {}, None, True, id="complaint-recorded"
        ),
    ],
)
def test_what_steward_acts_on_is_no_part_of_a_members_clean_record(
    found: tuple[Finding, ...], settings_: dict[str, str], event: str | None, counts: bool
) -> None:
    """Messages removed or warned about (or that would be, observing) do not count toward the
    member's standing: three warned ads must not end a newcomer's first messages, nor count
    toward the clean messages that exempt a regular. A rival only asked about is no offence."""
    decision = combine(MESSAGE, found, ChatPolicy.from_settings(settings_), NOW)
    assert decision.event == event
    assert decision.counts is counts
