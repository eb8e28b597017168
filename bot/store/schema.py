"""The store's tables as SQLAlchemy Core metadata (the migrations create them; code reads them)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    false,
)

metadata = MetaData()


# Per backend, the remembered datetime conversion (see UTCDateTime.bind_processor).
_CONVERTERS: dict[str, Any] = {}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both backends (SQLite would otherwise hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store only takes timezone-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def bind_processor(self, dialect: Any) -> Any:
        """The conversion of a value for the driver, remembered for recent values: a batch of
        window counts repeats one bucket and one "touched" time hundreds of times, and SQLite's
        string formatting of each was most of the cost of writing them. One memory per backend,
        shared by every statement (SQLAlchemy asks for a processor per compiled statement)."""
        convert = _CONVERTERS.get(dialect.name)
        if convert is None:
            base = super().bind_processor(dialect)
            if base is None:
                return None
            convert = _CONVERTERS[dialect.name] = lru_cache(maxsize=1024)(base)
        return convert

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


TS = UTCDateTime()


class StoredText(TypeDecorator[str]):
    """Text as people wrote it, made storable on both backends: PostgreSQL refuses a NUL
    character ("invalid byte sequence for encoding UTF8: 0x00") and its driver a lone
    surrogate, and one member's message holding either would fail the write of its event
    (Steward took that for the database going away). Both become U+FFFD; SQLite kept them."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if not isinstance(value, str):
            return value
        if "\x00" in value:
            value = value.replace("\x00", "\ufffd")
        if not value.isascii() and _SURROGATE.search(value):
            value = _SURROGATE.sub("\ufffd", value)
        return value


_SURROGATE = re.compile("[\ud800-\udfff]")
TEXT = StoredText()

chats = Table(
    "chats",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("type", String(16), nullable=False),
    Column("title", TEXT, nullable=False, default=""),
    Column("username", String(64)),
    Column("status", String(16), nullable=False, default="active"),
    Column("language", String(8)),
    Column("timezone", String(64)),
    Column("settings", JSON, nullable=False, default=dict),
    Column("bot_rights", JSON, nullable=False, default=dict),
    Column("added_by", BigInteger),
    Column("added_at", TS),
    Column("updated_at", TS, nullable=False),
    Column("migrated_to", BigInteger),
    # Where alerts go when no admin can be DMed (a private log group or channel).
    Column("log_chat_id", BigInteger),
    # When the group was told nobody can receive alerts (said once until someone can again).
    Column("unreachable_notice_at", TS),
)

members = Table(
    "members",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("first_seen_at", TS, nullable=False),
    Column("joined_at", TS),
    Column("left_at", TS),
    Column("messages_seen", Integer, nullable=False, default=0),
    Column("last_message_at", TS),
    Column("trusted", Boolean, nullable=False, default=False),
    Column("approved", Boolean, nullable=False, default=False),
    Column("warnings", Integer, nullable=False, default=0),
)

users = Table(
    "users",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("username", String(64)),
    Column("username_lower", String(64)),
    Column("first_name", TEXT),
    Column("language_code", String(16)),
    Column("started_at", TS),
    Column("unreachable_at", TS),
    Column("updated_at", TS, nullable=False),
    Index("ix_users_username_lower", "username_lower"),
)

chat_admins = Table(
    "chat_admins",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("status", String(16), nullable=False),
    Column("is_anonymous", Boolean, nullable=False, default=False),
    Column("can_delete_messages", Boolean, nullable=False, default=False),
    Column("can_restrict_members", Boolean, nullable=False, default=False),
    Column("can_promote_members", Boolean, nullable=False, default=False),
    Column("can_pin_messages", Boolean, nullable=False, default=False),
    Column("can_change_info", Boolean, nullable=False, default=False),
    Column("updated_at", TS, nullable=False),
    Index("ix_chat_admins_user", "user_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("at", TS, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("actor_id", BigInteger),
    Column("target_user_id", BigInteger),
    Column("target_chat_id", BigInteger),
    Column("message_id", BigInteger),
    Column("checks", JSON, nullable=False, default=list),
    Column("reason", TEXT, nullable=False, default=""),
    Column("text", TEXT),
    Index("ix_events_chat_at", "chat_id", "at"),
    Index("ix_events_chat_message", "chat_id", "message_id"),
)

leases = Table(
    "leases",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("expires_at", TS, nullable=False),
)

samples = Table(
    "samples",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # NULL: a sample for the shared model; otherwise feedback that only shapes this chat.
    Column("chat_id", BigInteger),
    Column("text", TEXT, nullable=False),
    Column("label", String(8), nullable=False),
    Column("lang", String(8)),
    Column("source", String(16), nullable=False),
    Column("actor_id", BigInteger),
    Column("at", TS, nullable=False),
    Index("ix_samples_chat", "chat_id"),
)

# Who wants alert DMs for a chat. No row: the owner and Steward's adder get them, others do not.
alert_prefs = Table(
    "alert_prefs",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("enabled", Boolean, nullable=False),
    Column("updated_at", TS, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("event_id", Integer),
    Column("text", TEXT, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("handled_by", BigInteger),
    Column("handled_at", TS),
    Column("outcome", String(32)),
    Index("ix_alerts_chat_created", "chat_id", "created_at"),
)

# An inline button's callback data is only its token; what it does is read from here.
alert_buttons = Table(
    "alert_buttons",
    metadata,
    Column("token", String(32), primary_key=True),
    Column("alert_id", Integer, nullable=False),
    Column("action", String(32), nullable=False),
    Index("ix_alert_buttons_alert", "alert_id"),
)

alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, nullable=False),
    Column("channel", String(8), nullable=False),  # dm, log or group
    Column("recipient_id", BigInteger, nullable=False),
    Column("status", String(8), nullable=False),  # sent, blocked or failed
    Column("message_id", BigInteger),
    Column("error", TEXT),
    Column("at", TS, nullable=False),
    Index("ix_alert_deliveries_alert", "alert_id"),
)

# Alerts raised per chat, kind and fixed window: the first few go out, the rest make one digest.
alert_windows = Table(
    "alert_windows",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(32), primary_key=True),
    Column("window_start", TS, primary_key=True),
    Column("total", Integer, nullable=False),
    Column("digested", Boolean, nullable=False, server_default=false()),
    Index("ix_alert_windows_digest", "digested", "window_start"),
)

reports = Table(
    "reports",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("message_id", BigInteger, primary_key=True, autoincrement=False),
    Column("reporter_id", BigInteger, primary_key=True, autoincrement=False),
    Column("target_user_id", BigInteger),
    Column("at", TS, nullable=False),
    # The reporter was still in their first messages here: not counted against a regular.
    Column("newcomer", Boolean, nullable=False, server_default=false()),
    # An admin decided on the message (dismissed it): the report no longer counts toward hiding
    # it, and is kept so the reporter's allowance is not given back. The decision itself is a
    # row of its own, reporter_id 0 (alerting.DECIDED): it stands with no report, past retention.
    Column("settled", Boolean, nullable=False, server_default=false()),
    Index("ix_reports_reporter_at", "reporter_id", "at"),
)

# Detector windows per chat, kind, key and time bucket, counted by commutative upserts so several
# workers sharing the database see one count. chat_id 0 means all chats (no foreign key).
windows = Table(
    "windows",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(32), primary_key=True),
    Column("key", String(160), primary_key=True),
    Column("bucket", TS, primary_key=True),
    Column("count", Integer, nullable=False),
    Column("touched_at", TS, nullable=False),
    Index("ix_windows_kind_touched", "kind", "touched_at"),
    Index("ix_windows_bucket", "bucket"),
)

# Each chat's competitors: the squashed key they are matched by, and what the moderator typed.
competitors = Table(
    "competitors",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("key", String(160), primary_key=True),
    Column("shown", String(160), nullable=False),
    Column("added_by", BigInteger),
    Column("added_at", TS, nullable=False),
)

# Engagement prompt schedules: a crontab in the chat's time zone and its next run. One job claims
# due rows (claimed_until is the claim's lease, so a worker that dies mid-post releases it).
schedules = Table(
    "schedules",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("cron", String(120), nullable=False),
    Column("shown", String(200), nullable=False),
    Column("next_run_at", TS, nullable=False),
    Column("paused", Boolean, nullable=False, server_default=false()),
    Column("claimed_until", TS),
    Column("last_run_at", TS),
    Column("last_outcome", String(32)),
    Column("created_by", BigInteger),
    Column("created_at", TS, nullable=False),
    Index("ix_schedules_due", "paused", "next_run_at"),
    Index("ix_schedules_chat", "chat_id"),
)

# Prompts a chat's owner wrote (`/prompt add`); the shipped library lives in bot/prompts/.
chat_prompts = Table(
    "chat_prompts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", TEXT, nullable=False),
    Column("options", JSON, nullable=False, default=list),
    Column("created_by", BigInteger),
    Column("created_at", TS, nullable=False),
    Index("ix_chat_prompts_chat", "chat_id"),
)

# Every prompt posted, and once its hour is over, what it did: replies to it, messages and
# distinct participants in the hour after it, against comparable hours without a prompt.
prompt_posts = Table(
    "prompt_posts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("schedule_id", Integer),
    Column("prompt_key", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("message_id", BigInteger),
    Column("posted_at", TS, nullable=False),
    Column("measured_at", TS),
    Column("replies", Integer),
    Column("messages", Integer),
    Column("participants", Integer),
    Column("baseline_messages", Float),
    Column("baseline_participants", Float),
    Index("ix_prompt_posts_chat_posted", "chat_id", "posted_at"),
    Index("ix_prompt_posts_unmeasured", "measured_at", "posted_at"),
)

# Every action a decision about a message led to (delete, mute, ban), with its outcome. A step
# Telegram could not take for a passing reason stays pending and is retried with backoff by one
# worker at a time (claimed_until), until it is done or fails for good.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("event_id", Integer),
    Column("what", String(24), nullable=False),
    Column("target", BigInteger, nullable=False),
    Column("until", TS),
    Column("status", String(8), nullable=False),  # pending, done, gone or failed
    Column("attempts", Integer, nullable=False, default=1),
    Column("next_at", TS),
    Column("claimed_until", TS),
    Column("error", TEXT),
    Column("created_at", TS, nullable=False),
    Column("settled_at", TS),
    Index("ix_outbox_due", "status", "next_at"),
    Index("ix_outbox_event", "event_id"),
)
