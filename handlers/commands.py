"""The command framework: who may run a group command, whom it is aimed at, how it answers.

A command is a coroutine taking a `Call`. The `group_command` wrapper checks the caller is an admin
of the chat now (anonymous admins count; the admin cache is refreshed on a miss), that key settings
come from the owner or an admin who may promote members, and refuses everyone else at most once a
minute per person, changing nothing. Targets come from a reply, an @username Steward has seen or a
numeric id, and are checked against Telegram before anything is done.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from telegram import Message, ReplyParameters, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.alerts import Text, clip, refusal_text
from bot.context import Services, StewardContext
from bot.names import chat_name, chat_title, isolated, person_name
from bot.outbound import cut, post, with_retries
from bot.store import DATABASE_ERRORS, AdminRecord, ChatRecord
from handlers.membership import from_linked_channel, refresh_admins, remember
from policies.commands import CommandArgs, ParseError, TargetRef, split_args
from policies.rights import BotRights

log = logging.getLogger(__name__)
# C0 controls but tab and new line, DEL and the C1 range.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


# How much of a word the caller typed a refusal repeats ("I don't understand «5zz»").
ECHOED = 64


def echo(word: str, limit: int = ECHOED, *, marked: bool = False) -> str:
    """A word the caller typed as Steward repeats it inside its own sentence: its start of at
    most `limit` characters (whole ones; ending in "…" when cut and `marked`), its direction
    kept to itself (`isolated`). A typed right-to-left override would draw the rest of the
    answer backwards, and a 3,000-character word would bury it. Controls are dropped before the
    cut (so they take no room) and the isolate is set after it (so the cut never drops its
    closing mark)."""
    word = isolated(word)
    return isolated(clip(word, limit) if marked else cut(word, limit))


class Refused(Exception):
    """A command stops with a message for the caller (a catalogue key and its values)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True)
class Target:
    """Whom a command acts on, as Telegram knows them now."""

    user_id: int | None
    name: str
    status: str  # creator, administrator, member, restricted, left, kicked, or channel
    message: Message | None = None
    sender_chat_id: int | None = None

    @property
    def is_admin(self) -> bool:
        """Owners and administrators are never acted on."""
        return self.status in ("creator", "administrator")

    @property
    def present(self) -> bool:
        """In the chat now."""
        return self.status in ("creator", "administrator", "member", "restricted")


@dataclass
class Call:
    """One run of a group command: the message, the chat, the caller, the language."""

    context: StewardContext
    message: Message
    chat: ChatRecord
    lang: str
    caller_id: int | None
    anonymous: bool
    admin: AdminRecord | None

    @property
    def services(self) -> Services:
        """The running services."""
        return self.context.services

    @property
    def args(self) -> list[str]:
        """The words after the command."""
        return list(self.context.args or [])

    @property
    def chat_id(self) -> int:
        """The chat the command was sent in."""
        return self.message.chat.id

    def text(self, key: str, /, **values: object) -> str:
        """A catalogue text in the chat's language; Text values are rendered too."""
        texts = self.services.texts
        return Text(key, values).render(texts, self.lang)

    def rest(self, skip: int) -> str:
        """The command's text after its first `skip` words, spacing and new lines kept; control
        characters (NUL, escape, the C1 range) dropped: what is kept here is posted again later
        (a statement, a prompt) and no reader sees them."""
        parts = (self.message.text or "").split(maxsplit=skip)
        text = parts[skip] if len(parts) > skip else ""
        return _CONTROL.sub("", text) if _CONTROL.search(text) else text

    async def reply(self, key: str, /, **values: object) -> Message | None:
        """Answer in the group, as a reply to the command when it still exists."""
        return await self.say(self.text(key, **values))

    async def say(self, text: str) -> Message | None:
        """Post a prepared text in the group, replying to the command."""
        reply = ReplyParameters(self.message.message_id, allow_sending_without_reply=True)
        return await post(self.context.bot, self.chat_id, text, reply_parameters=reply)

    @property
    def replied(self) -> Message | None:
        """The message the command replies to; none for one sent in a forum topic without a
        reply (Telegram makes it "reply" to the topic's creation message)."""
        if _is_topic_root(self.message):
            return None
        return self.message.reply_to_message

    def parse(self, *, takes_duration: bool = False) -> CommandArgs:
        """Split the arguments into target, duration and reason, or refuse with why."""
        has_reply = self.replied is not None
        parsed = split_args(self.args, has_reply=has_reply, takes_duration=takes_duration)
        if isinstance(parsed, ParseError):
            raise Refused(f"commands.{parsed.key}", text=echo(parsed.text))
        return parsed

    def need_rights(self, *rights: str) -> None:
        """Refuse, naming the right to grant, when Steward lacks one of these rights."""
        right = missing_bot_right(self.chat.bot_rights, rights)
        if right is not None:
            raise Refused(
                "commands.bot_lacks_right",
                right=Text(f"rights.{right}"),
                bot=self.context.bot.username or "Steward",
            )

    def need_supergroup(self) -> None:
        """Restrictions only exist in supergroups."""
        if self.message.chat.type != ChatType.SUPERGROUP:
            raise Refused("commands.needs_supergroup")

    async def target(self, ref: TargetRef | None, *, usage: str) -> Target:
        """Resolve a target reference into someone Telegram knows, or refuse with why."""
        if ref is None:
            raise Refused(usage)
        bot = self.context.bot
        if ref.kind == "reply":
            replied = self.replied
            assert replied is not None
            sender_chat = replied.sender_chat
            if sender_chat is not None:
                if sender_chat.id == self.chat_id:
                    raise Refused("commands.target_is_admin", who=self.text("commands.anonymous"))
                if await from_linked_channel(self.context, replied):
                    raise Refused("commands.target_is_linked_channel")
                return Target(
                    user_id=None,
                    name=chat_name(sender_chat),
                    status="channel",
                    message=replied,
                    sender_chat_id=sender_chat.id,
                )
            user = replied.from_user
            if user is None:
                raise Refused(usage)
            await remember(self.services, user)
            user_id, message = user.id, replied
        elif ref.kind == "username":
            assert ref.username is not None
            if ref.username.lower() == (bot.username or "").lower():
                raise Refused("commands.target_is_me")
            known = await self.services.store.find_user_by_username(ref.username)
            if known is None:
                raise Refused("commands.unknown_username", username=ref.username)
            user_id, message = known.user_id, None
        else:
            assert ref.user_id is not None
            user_id, message = ref.user_id, None
        if user_id == bot.id:
            raise Refused("commands.target_is_me")
        try:
            member = await with_retries(
                lambda: bot.get_chat_member(self.chat_id, user_id), what="getChatMember"
            )
        except BadRequest as exc:
            log.info("target %s in %s not found: %s", user_id, self.chat_id, exc.message)
            raise Refused("commands.unknown_target", target=str(user_id)) from None
        if not member.user.is_bot:
            await remember(self.services, member.user)
        status = str(member.status)
        if status == ChatMemberStatus.OWNER:
            status = "creator"
        elif status == ChatMemberStatus.BANNED:
            status = "kicked"
        elif status == ChatMemberStatus.RESTRICTED and not getattr(member, "is_member", True):
            status = "left"
        user = member.user
        return Target(user_id=user_id, name=person_name(user), status=status, message=message)

    async def actionable(self, ref: TargetRef | None, *, usage: str) -> Target:
        """A target that is a person (not an admin) Steward may act on."""
        target = await self.target(ref, usage=usage)
        if target.is_admin:
            raise Refused("commands.target_is_admin", who=target.name)
        return target


def _is_topic_root(message: Message) -> bool:
    # In forum groups every message "replies" to its topic's creation message.
    reply = message.reply_to_message
    return bool(
        reply is not None and message.is_topic_message and reply.forum_topic_created is not None
    )


CommandFn = Callable[[Call], Awaitable[None]]


async def admin_of(context: StewardContext, chat_id: int, user_id: int) -> AdminRecord | None:
    """The caller's admin row if they are an admin of the chat now (refreshed on a miss).

    While Steward is not an admin there, Telegram tells it of no demotion or departure, so the
    stored list is asked again every time: a demoted admin kept every power before."""
    store = context.services.store
    cache = context.services.cache
    chat = await cache.chat(chat_id)
    told_of_changes = chat is not None and chat.bot_rights.get("is_admin") is True
    if told_of_changes and user_id in await cache.admin_ids(chat_id):
        return await store.get_admin(chat_id, user_id)
    await refresh_admins(context, chat_id)
    if user_id in await cache.admin_ids(chat_id):
        return await store.get_admin(chat_id, user_id)
    return None


def may_change_key_settings(admin: AdminRecord | None) -> bool:
    """The owner, or an admin who may promote members."""
    return admin is not None and (admin.status == "creator" or admin.can_promote_members)


async def chat_record(context: StewardContext, message: Message) -> ChatRecord:
    """The chat's record, registering it if Steward somehow never saw it being added (with
    the deployment's default language and time zone)."""
    services = context.services
    chat = await services.cache.chat(message.chat.id)
    if chat is None:
        await services.store.upsert_chat(
            message.chat.id,
            type=message.chat.type,
            title=message.chat.title or "",
            username=message.chat.username,
            at=services.clock(),
            language=services.settings.default_language,
            timezone=services.settings.default_timezone,
        )
        services.cache.forget_chat(message.chat.id)
        chat = await services.cache.chat(message.chat.id)
        assert chat is not None
    elif message.chat.title and (
        chat.title != message.chat.title or chat.username != message.chat.username
    ):
        # Renamed, or its public @username changed (Telegram sends no update for that one):
        # alerts, links and /start would name the old one.
        try:
            await services.store.upsert_chat(
                message.chat.id,
                type=message.chat.type,
                title=message.chat.title,
                username=message.chat.username,
                at=services.clock(),
            )
        except DATABASE_ERRORS:
            log.warning("chat %s's new title not written", message.chat.id, exc_info=True)
            return chat
        services.cache.forget_chat(message.chat.id)
        chat = await services.cache.chat(message.chat.id) or chat
    return chat


def missing_bot_right(bot_rights: Mapping[str, object], rights: Iterable[str]) -> str | None:
    """The first of these rights Steward lacks in a group (its stored rights), or None."""
    have = BotRights.from_mapping(bot_rights)
    return next((r for r in rights if not getattr(have, r, False)), None)


def lacking_right(admin: AdminRecord | None, rights: tuple[str, ...]) -> str | None:
    """The first of these admin rights the caller lacks (the owner lacks none; an anonymous
    admin's rights are unknown: None), or None when they hold them all."""
    if admin is None or admin.status == "creator":
        return None
    return next((r for r in rights if not getattr(admin, r, False)), None)


def group_command(
    *,
    admin: bool = True,
    key_setting: bool = False,
    takes: int | None = None,
    rights: tuple[str, ...] = (),
) -> Callable[[CommandFn], Callable[[Update, StewardContext], Coroutine[Any, Any, None]]]:
    """Wrap a command: group only, permission checks, and clear answers for every refusal.

    `takes`: how many words the command reads; words past them are said to be ignored rather
    than silently dropped. `rights`: the admin rights the caller needs themself (an admin the
    owner did not allow to ban cannot ban through Steward either).
    """

    def decorate(fn: CommandFn) -> Callable[[Update, StewardContext], Coroutine[Any, Any, None]]:
        @wraps(fn)
        async def handler(update: Update, context: StewardContext) -> None:
            message = update.effective_message
            if message is None or message.chat.type not in GROUPS:
                return
            services = context.services
            chat = await chat_record(context, message)
            lang = services.texts.pick(chat.language)
            anonymous = message.sender_chat is not None and message.sender_chat.id == chat.chat_id
            user = message.from_user
            caller_id = None if anonymous or user is None else user.id
            record: AdminRecord | None = None
            if caller_id is not None:
                record = await admin_of(context, chat.chat_id, caller_id) if admin else None
            call = Call(context, message, chat, lang, caller_id, anonymous, record)
            try:
                if admin and not anonymous and record is None:
                    await _refuse(call, "commands.admins_only")
                    return
                missing = lacking_right(record, rights)
                if missing is not None:
                    await call.reply(
                        "commands.caller_lacks_right", right=Text(f"rights.{missing}")
                    )
                    return
                if key_setting and not may_change_key_settings(record):
                    # An admin is answered every time (the once-a-minute limit is members').
                    key = "commands.anonymous_key_setting" if anonymous else "commands.owner_only"
                    await call.reply(key)
                    return
                await fn(call)
                extra = call.args[takes:] if takes is not None else []
                if extra:
                    await call.reply("commands.ignored", words=echo(" ".join(extra), 80))
            except Refused as refusal:
                if await _answers_every_refusal(call, admin):
                    await call.reply(refusal.key, **refusal.values)
                elif services.refusals.ready(caller_id, services.clock().timestamp()):
                    # A member repeating a refused /report gets one answer a minute: each
                    # spends the group's sends, and the flood held moderation back.
                    await call.reply(refusal.key, **refusal.values)
            except RetryAfter:
                await call.reply("commands.telegram_busy")
            except Forbidden as exc:
                log.info("command %s in %s: %s", fn.__name__, chat.chat_id, exc.message)
            except BadRequest as exc:
                # Telegram's own words only for refusals the catalogue does not know.
                reason = refusal_text(clip(exc.message, 200))
                if "not enough rights" in exc.message.lower():
                    await call.reply("commands.not_enough_rights", reason=reason)
                else:
                    await call.reply("commands.telegram_refused", reason=reason)
            except TelegramError as exc:
                log.warning("command %s in %s failed: %s", fn.__name__, chat.chat_id, exc)
                await call.reply("commands.telegram_failed")

        return handler

    return decorate


async def _answers_every_refusal(call: Call, admin_command: bool) -> bool:
    """Admins (and anonymous admins) get every refusal answered; members once a minute."""
    if admin_command or call.anonymous or call.caller_id is None:
        return True
    return call.caller_id in await call.services.cache.admin_ids(call.chat_id)


async def _refuse(call: Call, key: str) -> None:
    """A short refusal, at most once a minute per person (and per chat for anonymous callers)."""
    who: Any = call.caller_id if call.caller_id is not None else ("chat", call.chat_id)
    if call.services.refusals.ready(who, call.services.clock().timestamp()):
        await call.reply(key)


def reason_line(call: Call, reason: str) -> str:
    """The moderator's reason as a line to append, or nothing."""
    return call.text("commands.reason_line", reason=reason) if reason else ""


async def record(call: Call, kind: str, target: Target | None, reason: str = "") -> int:
    """Log a moderator's action as an event and echo it to the log chat if one is set."""
    services = call.services
    event_id = await services.store.record_event(
        call.chat_id,
        at=services.clock(),
        kind=kind,
        # An anonymous admin is the group itself to Telegram, and so here ("an anonymous admin"
        # in /log, not Steward, whose own actions have no actor).
        actor_id=call.chat_id if call.anonymous else call.caller_id,
        target_user_id=target.user_id if target else None,
        target_chat_id=target.sender_chat_id if target else None,
        message_id=target.message.message_id if target and target.message else None,
        reason=reason,
    )
    who = target.name if target else ""
    await copy_to_log(call, event_id, Text(f"commands.action_{kind}"), who, reason)
    return event_id


async def copy_to_log(call: Call, event_id: int, action: Text, who: str, reason: str = "") -> None:
    """A moderator's action (an event already recorded) copied to the group's log chat, when
    one is set: "#12 «Shop»: @dave → banned @bob"."""
    actor = call.message.from_user
    anonymous = call.anonymous or actor is None
    name = call.text("commands.anonymous") if anonymous else person_name(actor)
    await post_to_log(call.context, call.chat, event_id, name, action, who, reason)


async def post_to_log(
    context: StewardContext,
    chat: ChatRecord,
    event_id: int,
    actor: str,
    action: Text,
    who: str,
    reason: str = "",
) -> None:
    """An event already recorded, copied to the group's log chat in the group's language when
    one is set; for changes made elsewhere than the group (the private settings keyboard) too."""
    if chat.log_chat_id is None:
        return
    texts = context.services.texts
    lang = texts.pick(chat.language)
    values: dict[str, object] = {
        "event": event_id,
        "title": chat_title(chat),
        "actor": actor,
        "action": action,
        "who": who,
        "reason": Text("commands.reason_line", {"reason": reason}) if reason else "",
    }
    line = Text("commands.log_line", values).render(texts, lang)
    await post(context.bot, chat.log_chat_id, clip(line, 4096))
