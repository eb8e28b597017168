"""Moderator commands that act on one member: warn, mute, ban, kick, delete, approve."""

from __future__ import annotations

from datetime import datetime

from telegram import Message

from bot.alerts import Text, clip, duration_text
from bot.names import chat_name, person_name
from bot.outbound import in_topic
from handlers.commands import (
    Call,
    Refused,
    Target,
    admin_of,
    group_command,
    reason_line,
    record,
)
from handlers.membership import from_linked_channel
from handlers.moderation import enforce_warn_limit
from policies.commands import MIN_DURATION, Duration, until_from

SEP = " · "
# Characters of names an /approved answer lists (the rest of the 4,096 is its wording).
APPROVED_BUDGET = 3600


def _duration_text(call: Call, duration: Duration | None) -> str:
    if duration is None or duration.length is None:
        return call.text("commands.forever")
    return duration_text(call.services.texts, call.lang, duration.length)


def _clamped_note(call: Call, duration: Duration | None) -> str:
    """Say so when the asked length was brought into Telegram's 30 s to 366 days."""
    if duration is None or duration.length is None or not duration.clamped:
        return ""
    short = duration.length <= MIN_DURATION
    return call.text(
        "commands.duration_clamped_short" if short else "commands.duration_clamped_long"
    )


def _until(call: Call, duration: Duration | None) -> datetime | None:
    if duration is None or duration.length is None:
        return None
    return until_from(call.services.clock(), duration.length)


def _person(target: Target) -> int:
    if target.user_id is None:
        raise Refused("commands.channel_not_person")
    return target.user_id


@group_command()
async def warn(call: Call) -> None:
    """/warn [target] [reason]: add a warning; at the limit the chat's setting applies."""
    args = call.parse()
    target = await call.actionable(args.target, usage="commands.usage_warn")
    user_id = _person(target)
    services = call.services
    count = await services.store.add_warning(call.chat_id, user_id, services.clock())
    services.cache.forget_member(call.chat_id, user_id)
    policy = services.cache.policy(call.chat)
    await record(call, "mod_warn", target, args.reason)
    await call.reply(
        "commands.warned",
        who=target.name,
        count=count,
        limit=policy.warn_limit,
        reason=reason_line(call, args.reason),
    )
    await enforce_warn_limit(
        call.context,
        call.chat_id,
        user_id,
        target.name,
        count,
        policy,
        call.lang,
        topic=in_topic(call.message),
        bot_rights=call.chat.bot_rights,
    )


@group_command()
async def unwarn(call: Call) -> None:
    """/unwarn [target]: take one warning back."""
    args = call.parse()
    target = await call.target(args.target, usage="commands.usage_unwarn")
    user_id = _person(target)
    services = call.services
    member = await services.store.get_member(call.chat_id, user_id)
    if member is None or member.warnings <= 0:
        raise Refused("commands.no_warnings", who=target.name)
    count = await services.store.add_warning(call.chat_id, user_id, services.clock(), n=-1)
    services.cache.forget_member(call.chat_id, user_id)
    await record(call, "mod_unwarn", target, args.reason)
    limit = services.cache.policy(call.chat).warn_limit
    await call.reply("commands.unwarned", who=target.name, count=count, limit=limit)


@group_command()
async def warns(call: Call) -> None:
    """/warns [target]: how many warnings someone has, and what happens at the limit."""
    args = call.parse()
    target = await call.target(args.target, usage="commands.usage_warns")
    user_id = _person(target)
    member = await call.services.store.get_member(call.chat_id, user_id)
    policy = call.services.cache.policy(call.chat)
    await call.reply(
        "commands.warns",
        who=target.name,
        count=member.warnings if member else 0,
        limit=policy.warn_limit,
        at_limit=Text(f"commands.at_limit_{policy.at_limit}"),
    )


@group_command(rights=("can_restrict_members",))
async def mute(call: Call) -> None:
    """/mute [target] [duration] [reason]: the member may read but not write."""
    call.need_supergroup()
    call.need_rights("can_restrict_members")
    args = call.parse(takes_duration=True)
    target = await call.actionable(args.target, usage="commands.usage_mute")
    user_id = _person(target)
    if not target.present:
        raise Refused("commands.not_in_chat", who=target.name)
    until = _until(call, args.duration)
    (await call.services.actuator.restrict(call.chat_id, user_id, until)).raise_if_failed()
    await record(call, "mod_mute", target, args.reason)
    await call.reply(
        "commands.muted",
        who=target.name,
        duration=_duration_text(call, args.duration),
        note=_clamped_note(call, args.duration),
        reason=reason_line(call, args.reason),
    )


async def _drop_pending(call: Call, user_id: int, what: str) -> bool:
    """Drop a mute or ban of a member still waiting in the outbox; whether there was one."""
    services = call.services
    dropped = await services.store.cancel_outbox(
        call.chat_id, services.clock(), target=user_id, whats=(what,)
    )
    for event_id in dropped:
        await services.outbox.settled(services, call.context.bot, event_id)
    return bool(dropped)


@group_command(rights=("can_restrict_members",))
async def unmute(call: Call) -> None:
    """/unmute [target]: lift a mute."""
    call.need_supergroup()
    call.need_rights("can_restrict_members")
    args = call.parse()
    target = await call.actionable(args.target, usage="commands.usage_unmute")
    user_id = _person(target)
    # A mute Telegram could not give at first waits in the outbox: dropping it is the unmute.
    pending = await _drop_pending(call, user_id, "restrict")
    if target.status != "restricted" and not pending:
        raise Refused("commands.not_muted", who=target.name)
    (await call.services.actuator.unrestrict(call.chat_id, user_id)).raise_if_failed()
    await record(call, "mod_unmute", target, args.reason)
    await call.reply("commands.unmuted", who=target.name)


@group_command(rights=("can_restrict_members",))
async def ban(call: Call) -> None:
    """/ban [target] [duration] [reason]: remove and keep out (a channel: ban the channel)."""
    call.need_rights("can_restrict_members")
    args = call.parse(takes_duration=True)
    target = await call.actionable(args.target, usage="commands.usage_ban")
    actuator = call.services.actuator
    if target.sender_chat_id is not None:
        call.need_supergroup()
        (await actuator.ban_sender_chat(call.chat_id, target.sender_chat_id)).raise_if_failed()
    else:
        user_id = _person(target)
        if target.status == "kicked":
            raise Refused("commands.already_banned", who=target.name)
        # The end date is sent in basic groups too, never dropped (the Bot API documents it as
        # applied in supergroups and channels only, so a basic group may still ignore it).
        (await actuator.ban(call.chat_id, user_id, _until(call, args.duration))).raise_if_failed()
    await record(call, "mod_ban", target, args.reason)
    await call.reply(
        "commands.banned",
        who=target.name,
        duration=_duration_text(call, args.duration),
        note=_clamped_note(call, args.duration),
        reason=reason_line(call, args.reason),
    )


@group_command(rights=("can_restrict_members",))
async def unban(call: Call) -> None:
    """/unban [target]: let a banned person (or channel) back in."""
    call.need_rights("can_restrict_members")
    args = call.parse()
    target = await call.target(args.target, usage="commands.usage_unban")
    actuator = call.services.actuator
    if target.sender_chat_id is not None:
        (await actuator.unban_sender_chat(call.chat_id, target.sender_chat_id)).raise_if_failed()
    else:
        user_id = _person(target)
        pending = await _drop_pending(call, user_id, "ban")
        if target.status != "kicked" and not pending:
            raise Refused("commands.not_banned", who=target.name)
        (await actuator.unban(call.chat_id, user_id)).raise_if_failed()
    await record(call, "mod_unban", target, args.reason)
    await call.reply("commands.unbanned", who=target.name)


@group_command(rights=("can_restrict_members",))
async def kick(call: Call) -> None:
    """/kick [target] [reason]: remove from the group; they may come back by invite."""
    call.need_rights("can_restrict_members")
    args = call.parse()
    target = await call.actionable(args.target, usage="commands.usage_kick")
    user_id = _person(target)
    if not target.present:
        raise Refused("commands.not_in_chat", who=target.name)
    actuator = call.services.actuator
    (await actuator.ban(call.chat_id, user_id)).raise_if_failed()
    # In supergroups an unban lets them rejoin; in basic groups removal never bans.
    key = "commands.kicked"
    supergroup = call.message.chat.type == "supergroup"
    if supergroup and not (await actuator.unban(call.chat_id, user_id)).ok:
        key = "commands.kicked_still_banned"  # removed for good, unless told
    await record(call, "mod_kick", target, args.reason)
    await call.reply(key, who=target.name, reason=reason_line(call, args.reason))


@group_command(rights=("can_delete_messages",))
async def delete(call: Call) -> None:
    """/del (by reply): delete that message, and the command."""
    replied = call.replied
    if replied is None:
        raise Refused("commands.usage_del")
    call.need_rights("can_delete_messages")
    author, sender_chat = replied.from_user, replied.sender_chat
    forced = any(word.lower() in ("force", "!") for word in call.args[:1])
    # Posted as a chat: the group itself (an anonymous admin), a channel; Telegram names a
    # stand-in bot as its author, never the admin behind it.
    if sender_chat is None:
        name = person_name(author)
    elif sender_chat.id == call.chat_id:
        name = call.text("commands.anonymous")
    else:
        name = chat_name(sender_chat)
    # An admin's message goes only when the moderator says so twice, never by a slip: an
    # anonymous admin's post and the linked channel's (its automatic forward, or a post its
    # admins made as the channel) are admins' too.
    if not forced and await _from_an_admin(call, replied):
        raise Refused("commands.del_admin", who=name)
    actuator = call.services.actuator
    (await actuator.delete(call.chat_id, replied.message_id)).raise_if_failed()
    await actuator.delete(call.chat_id, call.message.message_id)
    target = Target(
        user_id=author.id if author and sender_chat is None else None,
        name=name,
        status="member" if sender_chat is None else "channel",
        message=replied,
        sender_chat_id=sender_chat.id if sender_chat else None,
    )
    reason = " ".join(call.args[1:]) if forced else call.parse().reason
    await record(call, "mod_delete", target, reason)


async def _from_an_admin(call: Call, message: Message) -> bool:
    """Whether a message is an admin's: signed by one, posted anonymously as the group, or
    from the group's linked channel."""
    sender_chat = message.sender_chat
    if sender_chat is not None:
        return sender_chat.id == call.chat_id or await from_linked_channel(call.context, message)
    author = message.from_user
    return (
        author is not None
        and author.id != call.context.bot.id
        and await admin_of(call.context, call.chat_id, author.id) is not None
    )


@group_command()
async def approve(call: Call) -> None:
    """/approve [target]: this member skips content checks from now on."""
    args = call.parse()
    target = await call.actionable(args.target, usage="commands.usage_approve")
    user_id = _person(target)
    services = call.services
    await services.store.set_member_approved(call.chat_id, user_id, True, services.clock())
    services.cache.forget_member(call.chat_id, user_id)
    await record(call, "mod_approve", target, args.reason)
    await call.reply("commands.approved", who=target.name)


@group_command()
async def unapprove(call: Call) -> None:
    """/unapprove [target]: content checks apply to this member again."""
    args = call.parse()
    target = await call.target(args.target, usage="commands.usage_unapprove")
    user_id = _person(target)
    services = call.services
    member = await services.store.get_member(call.chat_id, user_id)
    if member is None or not member.approved:
        raise Refused("commands.not_approved", who=target.name)
    await services.store.set_member_approved(call.chat_id, user_id, False, services.clock())
    services.cache.forget_member(call.chat_id, user_id)
    await record(call, "mod_unapprove", target, args.reason)
    await call.reply("commands.unapproved", who=target.name)


@group_command(takes=0)
async def approved(call: Call) -> None:
    """/approved: the members who skip content checks."""
    store = call.services.store
    ids = await store.list_approved(call.chat_id)
    if not ids:
        await call.reply("commands.approved_none")
        return
    # Names until the answer would pass Telegram's 4,096 characters (a long list got no answer
    # at all); the rest are counted.
    names: list[str] = []
    used = 0
    for user_id in ids:
        name = clip(person_name(await store.get_user(user_id), fallback=user_id), 80)
        if used + len(name) + len(SEP) > APPROVED_BUDGET:
            break
        names.append(name)
        used += len(name) + len(SEP)
    listed = SEP.join(names)
    if len(names) < len(ids):
        listed += f" … +{len(ids) - len(names)}"
    await call.reply("commands.approved_list", count=len(ids), names=listed)
