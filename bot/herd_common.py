"""Small helpers both halves of the herd effect use: the alert (bot/herd.py) and calm mode with
the holding statement (bot/calm.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.context import zone_named

if TYPE_CHECKING:
    from bot.store import ChatRecord


def zone_of(chat: ChatRecord | None) -> ZoneInfo:
    """A chat's time zone (UTC when unset or unknown)."""
    return zone_named(chat.timezone if chat else None)


def iso_text(at: datetime | None) -> str:
    """A time as stored in a chat's settings ("" for none): how a surge's start is named."""
    return at.isoformat() if at else ""
