"""Plain, frozen records the store hands out (handlers never see SQLAlchemy rows)."""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from typing import Any

from policies.values import immutable


class StoreError(Exception):
    """Something the store could not do; the message is for humans."""


class StoreUnavailable(StoreError):
    """The database cannot be opened or reached; one clear line says why."""


@immutable
class ChatRecord:
    """A group Steward knows."""

    chat_id: int
    type: str
    title: str
    username: str | None
    status: str
    language: str | None
    timezone: str | None
    settings: dict[str, Any] = field(default_factory=dict)
    bot_rights: dict[str, Any] = field(default_factory=dict)
    added_by: int | None = None
    added_at: datetime | None = None
    updated_at: datetime | None = None
    migrated_to: int | None = None
    log_chat_id: int | None = None
    unreachable_notice_at: datetime | None = None


@immutable
class MemberRecord:
    """A person's standing in one group."""

    chat_id: int
    user_id: int
    first_seen_at: datetime
    joined_at: datetime | None
    left_at: datetime | None
    messages_seen: int
    last_message_at: datetime | None
    trusted: bool
    approved: bool
    warnings: int

    def counted(self, messages: int, last: datetime) -> MemberRecord:
        """The record with `messages` more messages, the last at `last` (built directly: on
        every group message, `dataclasses.replace` took 5 us of it)."""
        return MemberRecord(
            self.chat_id,
            self.user_id,
            self.first_seen_at,
            self.joined_at,
            self.left_at,
            self.messages_seen + messages,
            last,
            self.trusted,
            self.approved,
            self.warnings,
        )


@immutable
class UserRecord:
    """A person Steward has seen anywhere, and whether it may DM them."""

    user_id: int
    username: str | None
    first_name: str | None
    language_code: str | None
    started_at: datetime | None
    unreachable_at: datetime | None

    @property
    def reachable(self) -> bool:
        """Started the bot and not blocked it since."""
        return self.started_at is not None and self.unreachable_at is None


@immutable
class AdminRecord:
    """One row of a chat's admin cache."""

    chat_id: int
    user_id: int
    status: str
    is_anonymous: bool = False
    can_delete_messages: bool = False
    can_restrict_members: bool = False
    can_promote_members: bool = False
    can_pin_messages: bool = False
    can_change_info: bool = False
    updated_at: datetime | None = None


@immutable
class EventRecord:
    """One entry of the moderation event log."""

    id: int
    chat_id: int
    at: datetime
    kind: str
    actor_id: int | None
    target_user_id: int | None
    target_chat_id: int | None
    message_id: int | None
    checks: list[dict[str, Any]]
    reason: str
    text: str | None


@immutable
class LeaseInfo:
    """Who holds a named lease and until when."""

    acquired: bool
    holder: str
    expires_at: datetime


@immutable
class AlertRecord:
    """An alert Steward raised, and who handled it if anyone did."""

    id: int
    chat_id: int
    kind: str
    severity: str
    event_id: int | None
    text: str
    created_at: datetime
    handled_by: int | None = None
    handled_at: datetime | None = None
    outcome: str | None = None


@immutable
class DeliveryRecord:
    """One attempt to deliver an alert: by DM, to the log chat or in the group."""

    id: int
    alert_id: int
    channel: str
    recipient_id: int
    status: str
    message_id: int | None
    error: str | None
    at: datetime


@immutable
class SampleRow:
    """One labelled sample with its id, for readers that sync new samples incrementally."""

    id: int
    chat_id: int | None
    text: str
    label: str


@immutable
class WindowCount:
    """A count in one detector window: chat (0: all chats), kind, key and bucket start (UTC)."""

    chat_id: int
    kind: str
    key: str
    bucket: datetime
    n: int


@immutable
class ScheduleRecord:
    """A chat's prompt schedule: a crontab in the chat's zone, and when it runs next."""

    id: int
    chat_id: int
    cron: str
    shown: str
    next_run_at: datetime
    paused: bool
    last_run_at: datetime | None
    last_outcome: str | None


@immutable
class PromptRecord:
    """A prompt a chat's owner wrote."""

    id: int
    chat_id: int
    kind: str
    text: str
    options: tuple[str, ...]


@immutable
class PostRecord:
    """A prompt Steward posted, and its effect once measured (None until then)."""

    id: int
    chat_id: int
    schedule_id: int | None
    prompt_key: str
    kind: str
    message_id: int | None
    posted_at: datetime
    measured_at: datetime | None = None
    replies: int | None = None
    messages: int | None = None
    participants: int | None = None
    baseline_messages: float | None = None
    baseline_participants: float | None = None


@immutable
class OutboxRecord:
    """One action a decision led to, and how it stands."""

    id: int
    chat_id: int
    event_id: int | None
    what: str
    target: int
    until: datetime | None
    status: str
    attempts: int
    next_at: datetime | None
    error: str | None
