"""Private chat with Steward: /start (with or without a setup deep link), /help, and an answer to
any other command sent here."""

from __future__ import annotations

from collections.abc import Callable, Collection, Coroutine
from datetime import timedelta
from functools import partial
from typing import Any

from telegram import Update

from bot.context import Services, StewardContext
from bot.names import chat_title, isolated
from bot.outbound import cut, pieces, with_retries
from bot.store import ChatRecord
from handlers.membership import remember, rights_advice
from policies.rights import BotRights, group_state, parse_start_payload


def _group_line(services: Services, lang: str, chat: ChatRecord) -> str:
    texts = services.texts
    rights = BotRights.from_mapping(chat.bot_rights)
    state = group_state(chat.status, rights)
    missing = ", ".join(texts.text(lang, f"rights.{r}") for r in rights.missing())
    state_text = texts.text(lang, f"start.state_{state}", rights=missing)
    return texts.text(lang, "start.group_line", title=chat_title(chat), state=state_text)


async def on_start(update: Update, context: StewardContext) -> None:
    """Remember the user can be DMed and show the groups they run with Steward."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    store, texts, now = services.store, services.texts, services.clock()
    await remember(services, user)
    await store.mark_user_started(user.id, now)
    lang = texts.pick(user.language_code)
    bot_name = context.bot.username

    chats = [c for c in await store.list_admin_chats(user.id) if c.status != "migrated"]
    parts = [texts.text(lang, "start.welcome", name=isolated(user.first_name))]
    payload = context.args[0] if context.args else None
    chosen: ChatRecord | None = None
    if payload:
        wanted = parse_start_payload(payload)
        # The greeting's link of a group since upgraded names its old id: follow it along.
        for _ in range(3):
            old = await store.get_chat(wanted) if wanted is not None else None
            if old is None or old.status != "migrated" or old.migrated_to is None:
                break
            wanted = old.migrated_to
        chosen = next((c for c in chats if c.chat_id == wanted), None)
        if chosen is None:
            parts.append(texts.text(lang, "start.payload_unknown"))
        else:
            rights = BotRights.from_mapping(chosen.bot_rights)
            parts.append(
                texts.text(lang, "start.payload_group", title=chat_title(chosen))
                + "\n"
                + _group_line(services, lang, chosen)
                + "\n"
                + rights_advice(services, lang, rights, f"@{bot_name}")
            )
            chats = [c for c in chats if c.chat_id != chosen.chat_id]
    if chats:
        lines = [_group_line(services, lang, c) for c in chats]
        parts.append(texts.text(lang, "start.groups_header") + "\n" + "\n".join(lines))
    elif chosen is None:
        # A link for a group they do not run (a member tapping the setup link posted in the
        # group) promised "what I know of yours instead": that is how to add Steward to a
        # group of theirs.
        parts.append(texts.text(lang, "start.no_groups", bot=bot_name))
    # An owner of many groups gets the list in as many messages as it takes.
    for piece in pieces("\n\n".join(parts)):
        await with_retries(partial(message.reply_text, piece), what="/start reply")


async def on_private_help(update: Update, context: StewardContext) -> None:
    """Explain what Steward is and what works in private."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    texts = context.services.texts
    lang = texts.pick(user.language_code if user else None)
    reply = texts.text(lang, "help.private")
    await with_retries(lambda: message.reply_text(reply), what="/help reply")


# Words (not commands) sent in private get what works here at most once in this long per
# person: silence reads as a broken bot, an answer to every line as a noisy one.
WORDS_ANSWERED_EVERY = timedelta(minutes=10)
_WORDS_MEMORY = 10_000  # people remembered at most (the oldest forgotten first)


async def on_private_words(update: Update, context: StewardContext) -> None:
    """A message in words to Steward in private: what it understands here, once in a while."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    now = context.services.clock()
    answered = context.services.words_answered
    last = answered.get(user.id)
    if last is not None and now - last < WORDS_ANSWERED_EVERY:
        return
    if len(answered) >= _WORDS_MEMORY:
        answered.pop(next(iter(answered)))
    answered.pop(user.id, None)
    answered[user.id] = now
    texts = context.services.texts
    reply = texts.text(texts.pick(user.language_code), "help.words")
    await with_retries(lambda: message.reply_text(reply), what="an answer to words in private")


def other_command(
    group_commands: Collection[str],
) -> Callable[[Update, StewardContext], Coroutine[Any, Any, None]]:
    """The answer to a command private chat does not run: a group's command (`/warn`, `/tz`)
    is said to work in the group, anything else to be unknown; silence read as a broken bot."""

    async def on_other_command(update: Update, context: StewardContext) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or not message.text:
            return
        name = message.text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()
        texts = context.services.texts
        lang = texts.pick(user.language_code if user else None)
        key = "help.group_only" if name in group_commands else "help.unknown"
        reply = texts.text(lang, key, command=cut(name, 32))
        await with_retries(lambda: message.reply_text(reply), what=f"/{cut(name, 32)} in private")

    return on_other_command
