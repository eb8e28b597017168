"""Carrying out a verdict: delete, mute, ban, warn; record the event; tell the owner why."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from telegram import ChatPermissions, Message

from bot.context import StewardContext
from bot.outbound import attempt, post, send_dm
from bot.store import ChatRecord
from handlers.membership import dm_language, owner_to_tell
from policies import ChatPolicy, Verdict
from policies.commands import format_duration, warn_outcome

log = logging.getLogger(__name__)


def who(message: Message) -> str:
    """How a message's author is named in alerts."""
    if message.sender_chat is not None and message.sender_chat.id != message.chat.id:
        chat = message.sender_chat
        return f"@{chat.username}" if chat.username else (chat.title or str(chat.id))
    user = message.from_user
    if user is None:
        return "?"
    return f"@{user.username}" if user.username else user.full_name


async def carry_out(
    context: StewardContext,
    message: Message,
    verdict: Verdict,
    chat: ChatRecord,
    policy: ChatPolicy,
) -> None:
    """Do what the verdict says, record it, and alert the owner (aggregated by kind)."""
    services = context.services
    bot, store, texts, now = context.bot, services.store, services.texts, services.clock()
    chat_id, user = message.chat.id, message.from_user
    kinds = {a.kind for a in verdict.actions}
    done: list[str] = []
    if "delete" in kinds and await attempt(
        "deleteMessage", lambda: bot.delete_message(chat_id, message.message_id)
    ):
        done.append("delete")
    for action in verdict.actions:
        if action.kind == "restrict" and user is not None:
            call = partial(
                bot.restrict_chat_member,
                chat_id,
                user.id,
                ChatPermissions.no_permissions(),
                until_date=action.until,
            )
            if await attempt("restrictChatMember", call):
                done.append("restrict")
        elif action.kind == "ban" and user is not None:
            if await attempt("banChatMember", partial(bot.ban_chat_member, chat_id, user.id)):
                done.append("ban")
        elif action.kind == "ban_sender_chat" and message.sender_chat is not None:
            call = partial(bot.ban_chat_sender_chat, chat_id, message.sender_chat.id)
            if await attempt("banChatSenderChat", call):
                done.append("ban_sender_chat")
    lang = texts.pick(chat.language)
    if "warn" in kinds and user is not None:
        await _warn(context, message, verdict, chat, policy, lang)
        done.append("warn")
    kind = (
        "spam_observed"
        if policy.mode == "observe"
        else ("spam_removed" if verdict.is_spam else "spam_warned")
    )
    event_id = await store.record_event(
        chat_id,
        at=now,
        kind=kind,
        target_user_id=user.id if user else None,
        target_chat_id=message.sender_chat.id if message.sender_chat else None,
        message_id=message.message_id,
        checks=[
            {"name": c.name, "detail": c.detail, "score": round(c.score, 3)}
            for c in verdict.checks
        ],
        reason=f"{verdict.label} ({verdict.scores['spam']:.2f}): {verdict.reasons()}; "
        f"done: {', '.join(done) or 'nothing'}",
        text=(message.text or message.caption or "")[:4096]
        if services.settings.retention_days > 0
        else None,
    )
    if "alert" in kinds and (verdict.is_spam or policy.mode == "observe"):
        await _alert_owner(context, message, verdict, chat, policy, event_id, done)


async def _warn(
    context: StewardContext,
    message: Message,
    verdict: Verdict,
    chat: ChatRecord,
    policy: ChatPolicy,
    lang: str,
) -> None:
    services = context.services
    user = message.from_user
    assert user is not None
    now = services.clock()
    count = await services.store.add_warning(chat.chat_id, user.id, now)
    services.cache.forget_member(chat.chat_id, user.id)
    texts = services.texts
    await post(
        context.bot,
        chat.chat_id,
        texts.text(
            lang,
            "spam.warned",
            who=who(message),
            reasons=verdict.reasons(2),
            count=count,
            limit=policy.warn_limit,
        ),
    )
    outcome = warn_outcome(count, policy.warn_limit, policy.at_limit)
    if outcome.action == "none":
        return
    await services.store.reset_warnings(chat.chat_id, user.id)
    if outcome.action == "mute":
        until = now + policy.mute_for
        await attempt(
            "restrictChatMember",
            lambda: context.bot.restrict_chat_member(
                chat.chat_id, user.id, ChatPermissions.no_permissions(), until_date=until
            ),
        )
    elif outcome.action == "ban":
        await attempt("banChatMember", lambda: context.bot.ban_chat_member(chat.chat_id, user.id))
    elif outcome.action == "kick":
        await attempt(
            "banChatMember",
            lambda: context.bot.ban_chat_member(
                chat.chat_id, user.id, until_date=now + timedelta(minutes=1)
            ),
        )
    await post(
        context.bot,
        chat.chat_id,
        texts.text(
            lang,
            "spam.limit_reached",
            who=who(message),
            limit=policy.warn_limit,
            duration=format_duration(policy.mute_for),
        ),
    )


async def _alert_owner(
    context: StewardContext,
    message: Message,
    verdict: Verdict,
    chat: ChatRecord,
    policy: ChatPolicy,
    event_id: int,
    done: list[str],
) -> None:
    services = context.services
    folded = services.throttle.admit(chat.chat_id, "spam")
    if folded is None:
        return  # a wave of spam: this one is counted into the next alert
    recipient = await owner_to_tell(services, chat.chat_id)
    if recipient is None:
        return
    lang = await dm_language(services, recipient)
    texts = services.texts
    if policy.mode == "observe":
        text = texts.text(
            lang,
            "spam.observed",
            who=who(message),
            title=chat.title,
            reasons=verdict.reasons(),
            event=event_id,
        )
    else:
        if "ban_sender_chat" in done:
            action = texts.text(lang, "spam.action_channel")
        elif "ban" in done:
            action = texts.text(lang, "spam.action_ban")
        elif "restrict" in done:
            action = texts.text(
                lang, "spam.action_mute", duration=format_duration(policy.mute_for)
            )
        else:
            action = texts.text(lang, "spam.action_delete")
        text = texts.text(
            lang,
            "spam.alert",
            who=who(message),
            title=chat.title,
            reasons=verdict.reasons(),
            action=action,
            event=event_id,
        )
    if folded:
        text += "\n" + texts.text(lang, "spam.folded", count=folded)
    await send_dm(services, context.bot, recipient, text)
