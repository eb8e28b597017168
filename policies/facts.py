"""Plain facts in, verdicts out: the frozen types every policy speaks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from datetime import datetime, timedelta
from typing import Literal

from policies.explain import Joiner, Reason, english
from policies.values import immutable

ActionKind = Literal["delete", "restrict", "ban", "ban_sender_chat", "warn", "alert"]


@immutable
class EntityFact:
    """One entity Telegram marked in the text (offsets in UTF-16 units)."""

    type: str
    offset: int
    length: int
    url: str | None = None


@immutable
class ForwardFacts:
    """Where a forwarded message came from."""

    kind: Literal["user", "chat", "channel", "hidden"]
    chat_id: int | None = None
    username: str | None = None
    title: str | None = None


@immutable
class ButtonFact:
    """An inline button attached to a message."""

    text: str
    url: str | None = None


@immutable
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


@immutable
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
    # Whom the message answers, and the group's own public username (its links are its own).
    reply_to_user_id: int | None = None
    chat_username: str | None = None
    # The group's title: what it says is the group's own topic and site (a "Crypto.com" group
    # talks about crypto and links crypto.com; neither is an ad there).
    chat_title: str = ""
    # The author's display name as Telegram shows it: rivals write their contact into it.
    author_name: str = ""
    # Ad categories that are this chat's own topic, learned from its members (policies/topics).
    chat_topics: frozenset[str] = frozenset()


@immutable
class Check:
    """A named check that saw something, with a sentence a moderator can read.

    `detail` is the English sentence; `reasons` (catalogue keys and parameters) let every reader
    see it in their own language.
    """

    name: str
    score: float
    reasons: tuple[Reason, ...] = ()
    join: Joiner = "semi"

    @property
    def detail(self) -> str:
        """The English sentence, made only when someone reads it (most checks are never read)."""
        return english(self.reasons, self.join)


def check(name: str, score: float, *reasons: Reason, join: Joiner = "semi") -> Check:
    """A check from its reasons."""
    return Check(name, score, reasons, join)


@immutable
class Action:
    """Something the actuator should do about a message."""

    kind: ActionKind
    until: datetime | None = None


Level = Literal["hit", "borderline", "clear"]


@immutable
class Finding:
    """What one policy (spam, poaching, complaint) found in one message, and why."""

    label: str
    score: float
    level: Level
    checks: tuple[Check, ...] = ()
    # Facts the combiner needs beyond the score (e.g. the author is exempt from this policy).
    exempt: bool = False
    topic: str | None = None
    # The policy's own hallmark was seen (a listed rival, "cheaper elsewhere", a campaign): a hit
    # with it leads over other policies' hits, which may only have seen its side effects.
    hallmark: bool = False

    def reasons(self, limit: int = 4) -> str:
        """The strongest reasons in one line."""
        return strongest(self.checks, limit)


# Checks that name something for the reader (the rival) rather than give a reason; sentences of
# reasons leave them out, since the alert names them on a line of their own.
NAMING_CHECKS = frozenset({"rival", "severity"})


def ranked(checks: Iterable[Check], limit: int = 4) -> list[Check]:
    """The strongest checks that are reasons, strongest first: those that spoke against the
    message when any did (an alert saying why a message was warned listed "reads like ordinary
    chat (0.43)" among its reasons), else every one."""
    reasons = [c for c in checks if c.name not in NAMING_CHECKS]
    against = [c for c in reasons if c.score > 0]
    return sorted(against or reasons, key=lambda c: -c.score)[:limit]


def strongest(checks: tuple[Check, ...], limit: int = 4) -> str:
    """The strongest reasons in one line (English)."""
    best = ranked(checks, limit)
    return "; ".join(c.detail for c in best) if best else "no reason"


@immutable
class AlertPlan:
    """An alert the combiner asks for: its kind (a label), what it says and its buttons."""

    kind: str
    text: str
    severity: Literal["info", "warning", "critical"] = "warning"
    buttons: tuple[str, ...] = ()


@immutable
class Decision:
    """The decision about one message: every policy's finding, and what to do about it."""

    findings: tuple[Finding, ...]
    actions: tuple[Action, ...]
    # What enforcement would do; in observe mode the actions are only an alert.
    intended: tuple[Action, ...] = ()
    # The finding that decided (None: nothing to do), and the event kind to record.
    lead: Finding | None = None
    event: str | None = None
    alert: AlertPlan | None = None
    observe: bool = False
    # Whether the message counts toward the member's standing and the chat's activity.
    counts: bool = True

    @property
    def label(self) -> str:
        """The lead finding's verdict: its label, "borderline", or "ham"."""
        if self.lead is None or self.lead.level == "clear":
            return "ham"
        return self.lead.label if self.lead.level == "hit" else "borderline"

    @property
    def is_spam(self) -> bool:
        """Whether the message was judged spam."""
        return self.lead is not None and self.lead.label == "spam" and self.lead.level == "hit"

    @property
    def explained(self) -> Finding | None:
        """The finding whose checks explain the decision: the lead (or spam, the first policy,
        when none leads)."""
        return self.lead or self.finding("spam")

    @property
    def checks(self) -> tuple[Check, ...]:
        """The checks of the finding that explains the decision."""
        finding = self.explained
        return finding.checks if finding is not None else ()

    @property
    def scores(self) -> dict[str, float]:
        """Every label's score."""
        out = dict.fromkeys(LABELS, 0.0)
        for f in self.findings:
            out[f.label] = round(f.score, 4)
        return out

    @property
    def acted(self) -> bool:
        """Whether any action beyond an alert was decided."""
        return any(a.kind != "alert" for a in self.actions)

    def finding(self, label: str) -> Finding | None:
        """One policy's finding, if it ran."""
        return next((f for f in self.findings if f.label == label), None)

    def reasons(self, limit: int = 4) -> str:
        """The strongest reasons in one line."""
        return strongest(self.checks, limit)


# Every label a message policy can give, in the order the combiner prefers them.
LABELS: tuple[str, ...] = ("spam", "poaching", "complaint")

CLEAN = Decision(findings=(), actions=())
