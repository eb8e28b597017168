"""Replaying Telegram Desktop chat exports through Steward: reading them is `exports`."""

from bot.replay.exports import (
    PSEUDO_ID_MIN,
    ChatExport,
    Entity,
    ExportError,
    Record,
    in_time_order,
    open_export,
    pseudo_id,
)

__all__ = [
    "PSEUDO_ID_MIN",
    "ChatExport",
    "Entity",
    "ExportError",
    "Record",
    "in_time_order",
    "open_export",
    "pseudo_id",
]
