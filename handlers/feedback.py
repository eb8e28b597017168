"""Moderator feedback that teaches the spam model: /spam by reply, /restore by event id."""

from __future__ import annotations

import logging
from functools import partial

from telegram import ChatPermissions, Message, Update
from telegram.constants import ChatType

from bot.alerts import clip
from bot.context import StewardContext
from bot.outbound import attempt, post
from bot.store import EventRecord
from handlers.membership import refresh_admins
from handlers.moderation import who

log = logging.getLogger(__name__)


async def is_admin_now(context: StewardContext, message: Message) -> bool:
    """The caller is an admin of this chat now (anonymous admins count); refresh on a miss."""
    if message.sender_chat is not None and message.sender_chat.id == message.chat.id:
        return True
    user = message.from_user
    if user is None:
        return False
    cache = context.services.cache
    if user.id in await cache.admin_ids(message.chat.id):
        return True
    await refresh_admins(context, message.chat.id)
    return user.id in await cache.admin_ids(message.chat.id)


async def _reply(context: StewardContext, message: Message, key: str, **values: object) -> None:
    services = context.services
    chat = await services.cache.chat(message.chat.id)
    lang = services.texts.pick(chat.language if chat else None)
    await post(context.bot, message.chat.id, services.texts.text(lang, key, **values))


async def on_spam(update: Update, context: StewardContext) -> None:
    """/spam in reply to a message: delete it, ban its author, learn it as spam for this chat."""
    message = update.effective_message
    if message is None or message.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    if not await is_admin_now(context, message):
        return  # non-admins get no answer: nothing to learn from them
    target = message.reply_to_message
    if target is None:
        await _reply(context, message, "feedback.spam_needs_reply")
        return
    services = context.services
    text = target.text or target.caption or ""
    author = target.from_user
    if author is not None and author.id in await services.cache.admin_ids(message.chat.id):
        await _reply(context, message, "feedback.target_is_admin")
        return
    bot, chat_id, now = context.bot, message.chat.id, services.clock()
    await attempt("deleteMessage", partial(bot.delete_message, chat_id, target.message_id))
    await attempt("deleteMessage", partial(bot.delete_message, chat_id, message.message_id))
    if target.sender_chat is not None and target.sender_chat.id != chat_id:
        await attempt(
            "banChatSenderChat", partial(bot.ban_chat_sender_chat, chat_id, target.sender_chat.id)
        )
    elif author is not None:
        await attempt("banChatMember", partial(bot.ban_chat_member, chat_id, author.id))
    if text:
        services.models.learn(chat_id, text, "spam")
        await services.store.add_samples(
            [(chat_id, text, "spam")],
            source="moderator",
            at=now,
            actor_id=message.from_user.id if message.from_user else None,
        )
    await services.store.record_event(
        chat_id,
        at=now,
        kind="moderator_spam",
        actor_id=message.from_user.id if message.from_user else None,
        target_user_id=author.id if author else None,
        message_id=target.message_id,
        reason="marked as spam by a moderator",
        text=text or None,
    )
    await _reply(context, message, "feedback.spam_done", who=who(target))


async def on_restore(update: Update, context: StewardContext) -> None:
    """/restore <event id>: undo Steward's action, repost the text as a quote, learn it as ham."""
    message = update.effective_message
    if message is None or message.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    if not await is_admin_now(context, message):
        return
    services = context.services
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("#").isdigit() or len(args[0]) > 12:
        await _reply(context, message, "feedback.restore_usage")
        return
    event = await services.store.get_event(int(args[0].lstrip("#")))
    if event is None or event.chat_id != message.chat.id or not restorable(event):
        await _reply(context, message, "feedback.no_such_event", event=args[0][:12])
        return
    actor = message.from_user.id if message.from_user else None
    await restore_event(context, event, actor)


def restorable(event: EventRecord) -> bool:
    """Events whose action a moderator can undo: Steward's removals and hidden reports."""
    return event.kind.startswith("spam") or event.kind == "report_hidden"


async def _name(context: StewardContext, user_id: int | None) -> str:
    user = await context.services.store.get_user(user_id) if user_id else None
    if user and user.username:
        return f"@{user.username}"
    return user.first_name if user and user.first_name else "?"


async def restore_event(context: StewardContext, event: EventRecord, actor: int | None) -> None:
    """Undo an event: lift the mute or ban, repost the text as a quote, learn it as ham."""
    services = context.services
    bot, chat_id, now = context.bot, event.chat_id, services.clock()
    if event.target_user_id is not None:
        everything = ChatPermissions.all_permissions()
        await attempt(
            "restrictChatMember",
            partial(bot.restrict_chat_member, chat_id, event.target_user_id, everything),
        )
        await attempt(
            "unbanChatMember",
            partial(bot.unban_chat_member, chat_id, event.target_user_id, only_if_banned=True),
        )
    if event.target_chat_id is not None and event.target_chat_id != chat_id:
        await attempt(
            "unbanChatSenderChat",
            partial(bot.unban_chat_sender_chat, chat_id, event.target_chat_id),
        )
    name = await _name(context, event.target_user_id)
    chat = await services.cache.chat(chat_id)
    lang = services.texts.pick(chat.language if chat else None)
    if event.text:
        services.models.learn(chat_id, event.text, "ham")
        await services.store.add_samples(
            [(chat_id, event.text, "ham")], source="moderator", at=now, actor_id=actor
        )
        text = services.texts.text(lang, "feedback.restored_quote", who=name, text=event.text)
    else:
        text = services.texts.text(lang, "feedback.restored", who=name)
    await post(bot, chat_id, clip(text, 4096))
    await services.store.record_event(
        chat_id,
        at=now,
        kind="moderator_restore",
        actor_id=actor,
        target_user_id=event.target_user_id,
        message_id=event.message_id,
        reason=f"event #{event.id} undone by a moderator",
    )


async def confirm_event(context: StewardContext, event: EventRecord, actor: int | None) -> None:
    """Confirm an event as spam: remove the message if still there, ban, learn the text."""
    services = context.services
    bot, chat_id, now = context.bot, event.chat_id, services.clock()
    if event.message_id is not None:
        await attempt("deleteMessage", partial(bot.delete_message, chat_id, event.message_id))
    if event.target_chat_id is not None and event.target_chat_id != chat_id:
        await attempt(
            "banChatSenderChat", partial(bot.ban_chat_sender_chat, chat_id, event.target_chat_id)
        )
    elif event.target_user_id is not None:
        await attempt("banChatMember", partial(bot.ban_chat_member, chat_id, event.target_user_id))
    if event.text:
        services.models.learn(chat_id, event.text, "spam")
        await services.store.add_samples(
            [(chat_id, event.text, "spam")], source="moderator", at=now, actor_id=actor
        )
    await services.store.record_event(
        chat_id,
        at=now,
        kind="moderator_confirm",
        actor_id=actor,
        target_user_id=event.target_user_id,
        target_chat_id=event.target_chat_id,
        message_id=event.message_id,
        reason=f"event #{event.id} confirmed as spam by a moderator",
    )
