"""Commands about the chat itself: help, settings, mode, why, log, setlog, alerts, lang, tz."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden

from bot.alerts import Text, clip
from bot.context import zone_named
from bot.engagement import rezone_schedules
from bot.i18n import Catalog, reason_text, stored_check_text
from bot.names import chat_title, isolated, person_name
from bot.outbound import MAX_MESSAGE, post, with_retries, within
from bot.store import ChatRecord, EventRecord
from handlers.commands import (
    Call,
    Refused,
    echo,
    group_command,
    may_change_key_settings,
    record,
)
from policies.chatpolicy import (
    EDITABLE,
    KEY_SETTINGS,
    ChatPolicy,
    SettingError,
    parse_setting,
    show_value,
)
from policies.commands import ParseError, split_args
from policies.facts import NAMING_CHECKS
from policies.schedule import ScheduleError, parse_zone, zone_shown

MAX_LOG = 50
# "Done: allow_domains = ..." repeats at most this much of the list (then how many more).
CHANGED_LIST = 1000
_CHAT_REF = re.compile(r"^(-?\d{1,16}|@[A-Za-z][A-Za-z0-9_]{3,31})$")


@group_command(admin=False)
async def help_command(call: Call) -> None:
    """/help: moderators see every command; members see what they can do."""
    services = call.services
    if call.anonymous or (
        call.caller_id is not None
        and call.caller_id in await services.cache.admin_ids(call.chat_id)
    ):
        await call.reply("help.group_admin", bot=call.context.bot.username or "Steward")
        return
    who = call.caller_id if call.caller_id is not None else call.chat_id
    if services.refusals.ready(("help", who), services.clock().timestamp()):
        await call.reply("help.group_member")


def settings_text(
    texts: Catalog,
    lang: str,
    chat: ChatRecord,
    policy: ChatPolicy,
    *,
    private: bool = False,
    limit: int = MAX_MESSAGE,
) -> str:
    """Every editable setting with its value, plus language, time zone and log chat, in one
    message of at most `limit` characters. A list too long for it (hundreds of allowed domains)
    shows the whole entries that fit, how many more there are and the command that lists them
    all, so every other setting and the footer stay in the message. On the private keyboard's
    page (`private`), which is about its buttons, such a list is only counted, with that
    command (which works in the group)."""
    lists = [name for name in EDITABLE if isinstance(getattr(policy, name), frozenset)]

    def page(values: Mapping[str, str]) -> str:
        lines = [texts.text(lang, "settings.header", title=chat_title(chat))]
        for name in EDITABLE:
            value = values[name] if name in values else show_value(getattr(policy, name))
            label = texts.text(lang, f"settings.label_{name}")
            lines.append(texts.text(lang, "settings.line", name=name, value=value, label=label))
        log = chat.log_chat_id if chat.log_chat_id is not None else "-"
        tz = zone_shown(chat.timezone)
        lines.append(
            texts.text(lang, "settings.footer", lang=texts.pick(chat.language), tz=tz, log=log)
        )
        return "\n".join(lines)

    whole = {name: isolated(show_value(getattr(policy, name))) for name in lists}
    text = page(whole)
    if len(text) <= limit:
        return text
    room = limit - len(page(dict.fromkeys(lists, "")))
    shown: dict[str, str] = {}
    # The shorter list takes what it needs of an even share; the longer one, the rest.
    for left, name in enumerate(sorted(lists, key=lambda n: len(whole[n]))):
        share = room // (len(lists) - left)
        value: frozenset[str] = getattr(policy, name)
        if private and len(whole[name]) > share:
            shown[name] = texts.text(lang, "menu.listed", count=len(value))
        else:
            shown[name] = list_shown(texts, lang, value, share)
        room -= len(shown[name])
    return page(shown)


def list_shown(texts: Catalog, lang: str, value: frozenset[str], room: int) -> str:
    """A list setting (allowed domains or handles) in at most `room` characters: all of it when
    it fits, else the whole entries that fit, how many more there are and /allow list, which
    lists them all. Anyone could write a list in a settings file: its entries keep their
    direction to themselves."""
    whole = isolated(show_value(value))
    if len(whole) <= room:
        return whole
    return within(
        [isolated(item) for item in sorted(value)],
        room,
        lambda n: texts.text(lang, "settings.more", count=n),
        none=lambda n: texts.text(lang, "settings.listed", count=n),
    )


@group_command()
async def settings(call: Call) -> None:
    """/settings shows the chat's settings; /settings KEY VALUE changes one."""
    services = call.services
    policy = services.cache.policy(call.chat)
    args = call.args
    if not args:
        await call.say(settings_text(services.texts, call.lang, call.chat, policy))
        return
    if len(args) < 2:
        raise Refused("settings.usage")
    name, raw = args[0].lower().replace("-", "_"), " ".join(args[1:])
    value = parse_setting(name, raw, policy)
    if isinstance(value, SettingError):
        raise Refused(f"settings.{value.key}", name=echo(name, 40), detail=echo(value.detail))
    if name == "borderline" and value > policy.threshold:
        raise Refused("settings.borderline_above", threshold=f"{policy.threshold:.2f}")
    if name == "threshold" and value < policy.borderline:
        raise Refused("settings.threshold_below", borderline=f"{policy.borderline:.2f}")
    if name in KEY_SETTINGS and not may_change_key_settings(call.admin):
        raise Refused(
            "commands.anonymous_key_setting" if call.anonymous else "commands.owner_only"
        )
    await change_setting(call, name, value)


async def change_setting(call: Call, name: str, value: object) -> None:
    """Store one setting, drop the cached policy, log it and confirm."""
    services = call.services
    stored = sorted(value) if isinstance(value, frozenset) else value
    await services.store.update_chat_settings(call.chat_id, {name: stored})
    services.cache.forget_chat(call.chat_id)
    await record(call, "settings", None, f"{name} = {show_value(value)}")
    shown = show_value(value)
    if isinstance(value, frozenset):
        shown = list_shown(services.texts, call.lang, value, CHANGED_LIST)
    await call.reply("settings.changed", name=name, value=shown)


@group_command(key_setting=True, takes=1)
async def mode(call: Call) -> None:
    """/mode observe|enforce: observe decides, records and alerts but touches nothing."""
    args = call.args
    current = call.services.cache.policy(call.chat).mode
    if not args:
        await call.reply("settings.mode_now", mode=current)
        return
    value = parse_setting("mode", args[0])
    if isinstance(value, SettingError):
        raise Refused("settings.mode_usage")
    await change_setting(call, "mode", value)


async def event_sentence(call: Call, event: EventRecord, key: str, at_format: str) -> str:
    """An event as a sentence in the reader's language: who did what to whom, and why."""
    store = call.services.store
    if event.actor_id is None:
        actor = call.text("events.steward")
    elif event.actor_id == event.chat_id:
        actor = call.text("commands.anonymous")
    else:
        actor = person_name(await store.get_user(event.actor_id), fallback=event.actor_id)
    if event.target_user_id is not None:
        who = person_name(
            await store.get_user(event.target_user_id), fallback=event.target_user_id
        )
        target = call.text("events.target", who=who)
    elif event.target_chat_id is not None:
        channel = call.text("events.channel", id=event.target_chat_id)
        target = call.text("events.target", who=channel)
    else:
        target = ""
    action_key = f"events.kind_{event.kind}"
    known = action_key in call.services.texts.keys(call.lang)
    reason = _reason_line(call, event)
    return call.text(
        key,
        event=event.id,
        at=event.at.astimezone(zone_named(call.chat.timezone)).strftime(at_format),
        actor=actor,
        action=call.text(action_key) if known else event.kind,
        target=target,
        reason=call.text("events.reason", text=reason) if reason else "",
    )


async def describe_event(call: Call, event: EventRecord) -> str:
    """An event with every check that led to it."""
    lines = [await event_sentence(call, event, "events.why_header", "%Y-%m-%d %H:%M")]
    for check in event.checks:
        score = check.get("score")
        lines.append(
            call.text(
                "why.check",
                name=check.get("name", "?"),
                detail=_rights_named(call, check)
                or stored_check_text(call.services.texts, call.lang, check),
                score=f"{score:.2f}" if isinstance(score, (int, float)) else "-",
            )
        )
    if not event.checks:
        lines.append(call.text("why.no_checks"))
    return clip("\n".join(lines), 4096)


def _rights_named(call: Call, check: Mapping[str, Any]) -> str:
    """Steward's rights as the reader's language names them ("Delete messages", not
    can_delete_messages) for the checks of its arrival and of a change of its rights."""
    detail = check.get("detail")
    if check.get("name") not in ("rights", "gained", "lost") or not isinstance(detail, str):
        return ""
    names = [n.strip() for n in detail.split(",") if n.strip()]
    keys = call.services.texts.keys(call.lang)
    if not names or not all(n == "none" or f"rights.{n}" in keys for n in names):
        return ""
    return ", ".join(
        call.text("why.no_rights") if n == "none" else call.text(f"rights.{n}") for n in names
    )


def _reason_line(call: Call, event: EventRecord) -> str:
    """The event's one-line reason, its reasons rendered in the reader's language.

    Steward's decisions are logged as `<label> (<score>): <reasons>; done: ...`; the reasons are
    rebuilt from the stored checks (the strongest four, as the log line has them).
    """
    reason = reason_text(call.services.texts, call.lang, event.reason or "")
    if reason == event.kind:
        return ""  # older moderators' actions logged their kind as the reason ("mod_mute")
    cut = reason.find("; done:")
    if call.lang == "en" or not event.checks or cut < 0 or ": " not in reason[:cut]:
        return reason
    head = reason[: reason.index(": ")]
    ranked = sorted(
        (c for c in event.checks if c.get("name") not in NAMING_CHECKS),
        key=lambda c: -float(c.get("score") or 0),
    )[:4]
    texts = call.services.texts
    glue = texts.text(call.lang, "checks.join_semi")
    reasons = glue.join(stored_check_text(texts, call.lang, c) for c in ranked)
    return f"{head}: {reasons}{reason[cut:]}"


@group_command(takes=1)
async def why(call: Call) -> None:
    """/why by reply to a message Steward acted on, or /why EVENT: the checks and reasons."""
    store = call.services.store
    replied = call.replied
    event: EventRecord | None = None
    if call.args:
        word = call.args[0].lstrip("#")
        if not word.isdecimal() or len(word) > 12:
            raise Refused("why.usage")
        event = await store.get_event(int(word))
        if event is None or event.chat_id != call.chat_id:
            raise Refused("why.no_event", event=word)
    elif replied is not None:
        event = await store.find_event_by_message(call.chat_id, replied.message_id)
        if event is None:
            raise Refused("why.not_acted")
    else:
        raise Refused("why.usage")
    await call.say(await describe_event(call, event))


@group_command(takes=1)
async def log_command(call: Call) -> None:
    """/log [n]: the chat's latest moderation events (10 by default, at most 50)."""
    count = 10
    if call.args:
        word = call.args[0]
        if not word.isdecimal() or not 1 <= int(word) <= MAX_LOG:
            raise Refused("log.usage", most=MAX_LOG)
        count = int(word)
    events = await call.services.store.list_events(call.chat_id, count)
    if not events:
        await call.reply("log.empty")
        return
    lines = [call.text("log.header", count=len(events))]
    for event in events:
        line = await event_sentence(call, event, "events.line", "%m-%d %H:%M")
        lines.append(clip(line, 160))
    await call.say(clip("\n".join(lines), 4096))


@group_command(key_setting=True)
async def setlog(call: Call) -> None:
    """/setlog CHAT: send alerts and events to a log group or channel; /setlog off stops."""
    services, bot = call.services, call.context.bot
    if not call.args:
        current = call.chat.log_chat_id
        await call.reply(
            "setlog.status",
            current=current if current is not None else "-",
            here=call.chat_id,
        )
        return
    word = call.args[0]
    if word.lower() in ("off", "none", "-"):
        await services.store.set_log_chat(call.chat_id, None)
        services.cache.forget_chat(call.chat_id)
        await call.reply("setlog.off")
        return
    if not _CHAT_REF.match(word):
        raise Refused("setlog.usage")
    ref: int | str = int(word) if word.lstrip("-").isdigit() else word
    if ref == call.chat_id:
        raise Refused("setlog.not_here")
    try:
        target = await with_retries(partial(bot.get_chat, ref), what="getChat")
        me = await with_retries(
            partial(bot.get_chat_member, target.id, bot.id), what="getChatMember"
        )
        caller = (
            await with_retries(
                partial(bot.get_chat_member, target.id, call.caller_id), what="getChatMember"
            )
            if call.caller_id is not None
            else None
        )
    except (BadRequest, Forbidden):
        raise Refused("setlog.not_member", chat=echo(word)) from None
    if target.id == call.chat_id:
        raise Refused("setlog.not_here")  # the group's own @username: its alerts are private
    if me.status not in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR):
        raise Refused("setlog.not_member", chat=echo(word))
    if caller is None or caller.status not in (
        ChatMemberStatus.OWNER,
        ChatMemberStatus.ADMINISTRATOR,
    ):
        raise Refused("setlog.caller_not_admin", chat=echo(word))
    hello = call.text("setlog.hello", title=chat_title(call.chat))
    if await post(bot, target.id, hello) is None:
        raise Refused("setlog.cannot_post", chat=echo(word))
    await services.store.set_log_chat(call.chat_id, target.id)
    services.cache.forget_chat(call.chat_id)
    await call.reply("setlog.done", chat=chat_title(target, echo(word)))


@group_command()
async def alerts(call: Call) -> None:
    """/alerts on|off: whether the caller (or, for the owner, another admin) gets alert DMs."""
    services = call.services
    if call.caller_id is None:
        raise Refused("alerts_cmd.anonymous")
    args = call.args
    if not args:
        recipients = await services.alerts.recipients(call.chat)
        state = "on" if call.caller_id in recipients else "off"
        await call.reply("alerts_cmd.status", state=Text(f"alerts_cmd.state_{state}"))
        return
    choice = args[0].lower()
    if choice not in ("on", "off"):
        raise Refused("alerts_cmd.usage")
    user_id, name = call.caller_id, None
    if len(args) > 1:
        if not may_change_key_settings(call.admin):
            raise Refused("commands.owner_only")
        parsed = split_args(args[1:2], has_reply=False, takes_duration=False)
        ref = None if isinstance(parsed, ParseError) else parsed.target
        target = await call.target(ref, usage="alerts_cmd.usage")
        if not target.is_admin or target.user_id is None:
            raise Refused("alerts_cmd.not_admin", who=target.name)
        user_id, name = target.user_id, target.name
    await services.store.set_alert_pref(call.chat_id, user_id, choice == "on", services.clock())
    if choice == "on" and not await services.store.can_dm(user_id):
        await call.reply("alerts_cmd.on_but_unreachable", bot=call.context.bot.username or "")
        return
    key = f"alerts_cmd.{choice}" if name is None else f"alerts_cmd.{choice}_other"
    await call.reply(key, who=name or "")


@group_command(takes=1)
async def lang(call: Call) -> None:
    """/lang [code]: the language Steward speaks in this group."""
    texts = call.services.texts
    if not call.args:
        await call.reply("lang.status", lang=call.lang, choices=", ".join(texts.languages))
        return
    wanted = call.args[0].lower()
    if wanted not in texts.languages:
        raise Refused("lang.unknown", lang=echo(wanted, 16), choices=", ".join(texts.languages))
    await call.services.store.set_chat_language(call.chat_id, wanted)
    call.services.cache.forget_chat(call.chat_id)
    call.lang = wanted
    await call.reply("lang.done", lang=wanted)


@group_command(takes=1)
async def tz(call: Call) -> None:
    """/tz [Area/City]: the group's time zone, for logs and scheduled posts."""
    if not call.args:
        now = call.services.clock().astimezone(zone_named(call.chat.timezone)).strftime("%H:%M")
        await call.reply("tz.status", tz=zone_shown(call.chat.timezone), now=now)
        return
    name = call.args[0]
    # The same reading as a schedule's zone: an IANA name in any case, UTC, or a whole-hour
    # offset; never a folder of zones ("America") or the server's own ("localtime").
    zone = parse_zone(name)
    if isinstance(zone, ScheduleError):
        raise Refused("tz.unknown", tz=echo(name))
    await call.services.store.set_chat_timezone(call.chat_id, zone.key)
    call.services.cache.forget_chat(call.chat_id)
    await rezone_schedules(call.services, call.chat_id, zone)
    now = call.services.clock().astimezone(zone).strftime("%H:%M")
    await call.reply("tz.done", tz=zone_shown(zone.key), now=now)
