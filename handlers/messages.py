"""Group messages: who may be judged, member bookkeeping, and (later) the moderation path."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatType

from bot.context import StewardContext

log = logging.getLogger(__name__)

_INACTIVE = {"left", "kicked", "migrated"}


def is_exempt(message: Message, bot_id: int) -> bool:
    """Messages Steward never judges: its own, anonymous admins', and the linked channel's."""
    if message.from_user is not None and message.from_user.id == bot_id:
        return True
    sender_chat = message.sender_chat
    if sender_chat is not None and sender_chat.id == message.chat.id:
        return True  # an anonymous admin speaking as the group
    return bool(message.is_automatic_forward)


async def on_group_message(update: Update, context: StewardContext) -> None:
    """Count a member's message; register a chat Steward has not seen (added while offline)."""
    message = update.effective_message
    if message is None or message.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    if is_exempt(message, context.bot.id):
        return
    services = context.services
    cache, now = services.cache, services.clock()
    chat = await cache.chat(message.chat.id)
    if chat is None:
        store = services.store
        await store.upsert_chat(
            message.chat.id,
            type=message.chat.type,
            title=message.chat.title or "",
            username=message.chat.username,
            at=now,
        )
        await store.set_chat_language(message.chat.id, services.settings.default_language)
        await store.set_chat_timezone(message.chat.id, services.settings.default_timezone)
        cache.forget_chat(message.chat.id)
    elif chat.status in _INACTIVE:
        log.debug("ignoring a message in inactive chat %s (%s)", chat.chat_id, chat.status)
        return
    user = message.from_user
    if user is None or message.sender_chat is not None:
        return
    if update.edited_message is None:
        await cache.remember_person(
            user.id,
            username=user.username,
            first_name=user.first_name,
            language_code=user.language_code,
            at=now,
        )
        await cache.count_message(message.chat.id, user.id, now)
