"""The error handler: log what went wrong with which update, and keep the bot running."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter

from bot.context import StewardContext

log = logging.getLogger("steward.errors")


def describe_update(update: object) -> str:
    """A short, log-safe description of an update (ids, not message texts)."""
    if not isinstance(update, Update):
        return repr(update)[:200]
    chat = update.effective_chat
    user = update.effective_user
    kind = next(
        (
            name
            for name in (
                "message",
                "edited_message",
                "callback_query",
                "my_chat_member",
                "chat_member",
                "channel_post",
            )
            if getattr(update, name) is not None
        ),
        "update",
    )
    return (
        f"update {update.update_id} ({kind}) in chat {chat.id if chat else '-'}"
        f" from user {user.id if user else '-'}"
    )


async def on_error(update: object, context: StewardContext) -> None:
    """Log a failure with its update: Telegram hiccups get one line, bugs a traceback."""
    error = context.error
    where = describe_update(update)
    if isinstance(error, (RetryAfter, Forbidden, NetworkError)):
        log.warning("%s: Telegram said %s", where, error)
        return
    log.error("%s: unhandled %s", where, type(error).__name__, exc_info=error)
