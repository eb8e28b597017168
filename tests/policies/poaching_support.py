"""Shared facts, policies and helpers for the poaching table tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from policies import (
    ChatPolicy,
    Finding,
    ForwardFacts,
    MemberFacts,
    MessageFacts,
    poaching,
    read_text,
)
from policies.competitors import Competitors, Entry, entry_of
from policies.tally import Tally

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NEWCOMER = MemberFacts(joined_at=NOW - timedelta(minutes=5), messages_seen=0)
REGULAR = MemberFacts(joined_at=NOW - timedelta(days=60), messages_seen=12)
DEFAULT = ChatPolicy()
# A shop group: its own site, its news channel and its official account are allowed.
SHOP = ChatPolicy.from_settings(
    {"allow_domains": ["myshop.com"], "allow_handles": ["@MyShop_News", "myshop_support"]}
)
# A group whose own public handle is `shopxyz`.
OWN_HANDLE = ChatPolicy.from_settings({"allow_handles": ["shopxyz"]})
RIVAL_CHANNEL = ForwardFacts("channel", chat_id=-1002002, username="rivaldeals", title="Deals")


def listed(*raws: str) -> Competitors:
    """A competitor list from entries as moderators type them."""
    entries = [entry_of(raw) for raw in raws]
    assert all(isinstance(e, Entry) for e in entries), entries
    return Competitors(e for e in entries if isinstance(e, Entry))


RIVALS = listed("ShopXyz", "Rival Store")
NO_RIVALS = Competitors(())


def facts(text: str, member: MemberFacts = REGULAR, **extra: Any) -> MessageFacts:
    """A group message with sensible defaults."""
    values: dict[str, Any] = {"chat_id": -100, "message_id": 7, "user_id": 42}
    values.update(extra)
    return MessageFacts(text=text, date=values.pop("date", NOW), member=member, **values)


def judge(
    message: MessageFacts,
    policy: ChatPolicy = DEFAULT,
    *,
    competitors: Competitors = RIVALS,
    tally: Tally | None = None,
    now: datetime = NOW,
) -> Finding:
    """The poaching finding about one message."""
    return poaching.find(
        message, read_text(message), policy, now, competitors=competitors, tally=tally
    )


def names(finding: Finding) -> set[str]:
    return {c.name for c in finding.checks}


def show(finding: Finding) -> str:
    checks = ", ".join(f"{c.name}={c.score}" for c in finding.checks)
    return f"{finding.level} {finding.score} [{checks}]"


def campaign() -> Tally:
    return Tally(poaching.CAMPAIGN_WINDOW, record=True)


def reach_of(finding: Finding) -> tuple[float, object] | None:
    for c in finding.checks:
        if c.name == "campaign_reach":
            return c.score, c.reasons[0].values()["count"]
    return None


def accounts_of(finding: Finding) -> tuple[float, object] | None:
    for c in finding.checks:
        if c.name == "campaign_accounts":
            return c.score, c.reasons[0].values()["count"]
    return None
