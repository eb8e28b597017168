"""The error handler: log what went wrong with which update, and keep the bot running."""

from __future__ import annotations

import logging
from contextlib import suppress

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError

from bot.context import StewardContext
from bot.store import DATABASE_ERRORS, database_reason

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
    if isinstance(error, DATABASE_ERRORS):
        # Locked, full or unreachable: what was done on Telegram stays done; the next update
        # tries again. One line, not a traceback: this is the machine, not a bug.
        log.warning("%s: the database did not answer: %s", where, database_reason(error))
        await _tell_database_failed(update, context)
        return
    log.error("%s: unhandled %s", where, type(error).__name__, exc_info=error)


async def _tell_database_failed(update: object, context: StewardContext) -> None:
    """Someone who pressed a button or sent a command is told it did not go through (ordinary
    messages are not answered: their senders asked for nothing)."""
    if not isinstance(update, Update):
        return
    texts = context.services.texts
    user = update.effective_user
    text = texts.text(texts.pick(user.language_code if user else None), "commands.database_failed")
    with suppress(TelegramError):
        query = update.callback_query
        if query is not None:
            await query.answer(text, show_alert=True)
            return
        message = update.effective_message
        if message is not None and (message.text or "").startswith("/"):
            await message.reply_text(text)
