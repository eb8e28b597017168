"""Plain facts in, verdicts out: the frozen types every policy speaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

ActionKind = Literal["delete", "restrict", "ban", "ban_sender_chat", "warn", "alert"]


@dataclass(frozen=True, slots=True)
class EntityFact:
    """One entity Telegram marked in the text (offsets in UTF-16 units)."""

    type: str
    offset: int
    length: int
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ForwardFacts:
    """Where a forwarded message came from."""

    kind: Literal["user", "chat", "channel", "hidden"]
    chat_id: int | None = None
    username: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class ButtonFact:
    """An inline button attached to a message."""

    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """The author's standing in the group."""

    joined_at: datetime | None = None
    first_seen_at: datetime | None = None
    messages_seen: int = 0
    trusted: bool = False
    approved: bool = False
    warnings: int = 0

    def age(self, now: datetime) -> timedelta | None:
        """How long the member has been around, if known."""
        since = self.joined_at or self.first_seen_at
        return None if since is None else now - since


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """Everything a policy may know about one message, with no Telegram types."""

    chat_id: int
    message_id: int
    user_id: int | None
    text: str
    date: datetime
    entities: tuple[EntityFact, ...] = ()
    sender_chat_id: int | None = None
    media_type: str | None = None
    has_caption: bool = False
    forward: ForwardFacts | None = None
    reply_to_message_id: int | None = None
    buttons: tuple[ButtonFact, ...] = ()
    contact_card: bool = False
    is_edit: bool = False
    member: MemberFacts = field(default_factory=MemberFacts)
    mentions_of_members: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Check:
    """A named check that saw something, with a sentence a moderator can read."""

    name: str
    detail: str
    score: float


@dataclass(frozen=True, slots=True)
class Action:
    """Something the handler should do."""

    kind: ActionKind
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision about one message and why."""

    actions: tuple[Action, ...]
    checks: tuple[Check, ...]
    scores: dict[str, float]
    is_spam: bool
    intended: tuple[Action, ...] = ()
    label: str = "ham"

    @property
    def acted(self) -> bool:
        """Whether any action beyond an alert was decided."""
        return any(a.kind != "alert" for a in self.actions)

    def reasons(self, limit: int = 4) -> str:
        """The strongest reasons in one line."""
        ranked = sorted(self.checks, key=lambda c: -c.score)[:limit]
        return "; ".join(c.detail for c in ranked) if ranked else "no reason"


CLEAN = Verdict(
    actions=(), checks=(), scores={"spam": 0.0, "poaching": 0.0, "complaint": 0.0}, is_spam=False
)
