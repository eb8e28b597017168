"""Carrying out a verdict: delete, mute, ban, warn; record the event; tell the owner why."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from telegram import ChatPermissions, Message

from bot.alerts import Alert, t
from bot.context import StewardContext
from bot.outbound import attempt, post
from bot.store import ChatRecord
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
    await enforce_warn_limit(context, chat.chat_id, user.id, who(message), count, policy, lang)


async def enforce_warn_limit(
    context: StewardContext,
    chat_id: int,
    user_id: int,
    name: str,
    count: int,
    policy: ChatPolicy,
    lang: str,
) -> str:
    """At the warning limit, do what the chat's settings say and start counting again.

    Returns what was done: none, mute, kick or ban.
    """
    outcome = warn_outcome(count, policy.warn_limit, policy.at_limit)
    if outcome.action == "none":
        return "none"
    services = context.services
    now = services.clock()
    await services.store.reset_warnings(chat_id, user_id)
    services.cache.forget_member(chat_id, user_id)
    bot = context.bot
    if outcome.action == "mute":
        call = partial(
            bot.restrict_chat_member,
            chat_id,
            user_id,
            ChatPermissions.no_permissions(),
            until_date=now + policy.mute_for,
        )
        done = await attempt("restrictChatMember", call)
    elif outcome.action == "ban":
        done = await attempt("banChatMember", partial(bot.ban_chat_member, chat_id, user_id))
    else:
        done = await attempt(
            "banChatMember",
            partial(bot.ban_chat_member, chat_id, user_id, until_date=now + timedelta(minutes=1)),
        )
    texts = services.texts
    key = f"spam.limit_{outcome.action}" if done else "spam.limit_failed"
    await post(
        bot,
        chat_id,
        texts.text(
            lang, key, who=name, limit=policy.warn_limit, duration=format_duration(policy.mute_for)
        ),
    )
    return outcome.action if done else "none"


async def _alert_owner(
    context: StewardContext,
    message: Message,
    verdict: Verdict,
    chat: ChatRecord,
    policy: ChatPolicy,
    event_id: int,
    done: list[str],
) -> None:
    if policy.mode == "observe":
        text = t(
            "spam.observed",
            who=who(message),
            title=chat.title,
            reasons=verdict.reasons(),
            event=event_id,
        )
        buttons: tuple[str, ...] = ("confirm", "not_spam")
    else:
        if "ban_sender_chat" in done:
            action = t("spam.action_channel")
        elif "ban" in done:
            action = t("spam.action_ban")
        elif "restrict" in done:
            action = t("spam.action_mute", duration=format_duration(policy.mute_for))
        else:
            action = t("spam.action_delete")
        text = t(
            "spam.alert",
            who=who(message),
            title=chat.title,
            reasons=verdict.reasons(),
            action=action,
            event=event_id,
        )
        buttons = ("restore", "confirm")
    alert = Alert(
        chat_id=chat.chat_id,
        kind="spam",
        text=text,
        severity="warning",
        buttons=buttons,
        event_id=event_id,
    )
    await context.services.alerts.raise_alert(context.bot, alert)
