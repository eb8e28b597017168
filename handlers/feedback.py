"""Moderator feedback that teaches the spam model: /spam by reply, /restore by event id."""

from __future__ import annotations

import logging

from bot.alerts import Text, clip
from bot.context import StewardContext
from bot.i18n import keyed_reason
from bot.names import author_name, isolated, person_name
from bot.outbound import cut, in_topic
from bot.store import EventRecord
from handlers.commands import Call, Refused, copy_to_log, group_command
from handlers.membership import from_linked_channel
from handlers.messages import remove_album
from policies import is_restorable, label_of

log = logging.getLogger(__name__)


@group_command(rights=("can_delete_messages", "can_restrict_members"))
async def on_spam(call: Call) -> None:
    """/spam in reply to a message: delete it, ban its author, learn it as spam for this chat."""
    target = call.replied
    if target is None:
        raise Refused("feedback.spam_needs_reply")
    services = call.services
    text = target.text or target.caption or ""
    author = target.from_user
    chat_id = call.chat_id
    if (target.sender_chat is not None and target.sender_chat.id == chat_id) or (
        author is not None and author.id in await services.cache.admin_ids(chat_id)
    ):
        raise Refused("feedback.target_is_admin")
    if target.sender_chat is not None and await from_linked_channel(call.context, target):
        raise Refused("commands.target_is_linked_channel")
    call.need_rights("can_delete_messages", "can_restrict_members")
    actuator, now = services.actuator, services.clock()
    await actuator.delete(chat_id, target.message_id)
    if target.media_group_id is not None:
        # One photo of an album: the post's other photos Steward saw are the same spam.
        await remove_album(call.context, chat_id, target.media_group_id, target.message_id)
    await actuator.delete(chat_id, call.message.message_id)
    banned = None
    if target.sender_chat is not None:
        banned = await actuator.ban_sender_chat(chat_id, target.sender_chat.id)
    elif author is not None:
        banned = await actuator.ban(chat_id, author.id)
    if text:
        await learn(call.context, chat_id, text, "spam", call.caller_id)
    event_id = await services.store.record_event(
        chat_id,
        at=now,
        kind="moderator_spam",
        actor_id=call.caller_id,
        target_user_id=author.id if author else None,
        message_id=target.message_id,
        reason=keyed_reason("events.why_spam_by_mod"),
        text=text or None,
    )
    done, action = "feedback.spam_done", "commands.action_moderator_spam"
    if banned is not None and not banned.ok:
        # Say what Telegram did: the message went, its author did not.
        done, action = "feedback.spam_not_banned", "commands.action_moderator_spam_not_banned"
    # Copied to the log chat as every other moderator's action is.
    await copy_to_log(call, event_id, Text(action), author_name(target))
    text = call.text(done, who=author_name(target))
    await actuator.post(chat_id, text, **in_topic(call.message))


@group_command(rights=("can_restrict_members",))
async def on_restore(call: Call) -> None:
    """/restore <event id>: undo Steward's action, repost the text as a quote, learn it as ham."""
    args = call.args
    number = args[0].lstrip("#") if len(args) == 1 else ""
    # isdecimal and ASCII: "²" and "①" are digits to isdigit() and no number to int().
    if not (number.isdecimal() and number.isascii()) or len(args[0]) > 12:
        raise Refused("feedback.restore_usage")
    event = await call.services.store.get_event(int(number))
    if event is None or event.chat_id != call.chat_id or not restorable(event):
        raise Refused("feedback.no_such_event", event=cut(args[0], 12))
    if await call.services.store.was_undone(event):
        raise Refused("feedback.already_restored", event=event.id)
    if event.kind != "report_hidden":
        call.need_rights("can_restrict_members")  # named, not "Telegram failed"
    undone = await restore_event(call.context, event, call.caller_id)
    name = await _name(call.context, event.target_user_id)
    action = Text("commands.action_moderator_restore", {"event": event.id})
    await copy_to_log(call, undone, action, name)


async def learn(
    context: StewardContext, chat_id: int, text: str, label: str, actor: int | None
) -> None:
    """A moderator's decision: into the store, then into this process's models from there (so
    every worker, and this one after a restart, learns the same samples)."""
    services = context.services
    await services.store.add_samples(
        [(chat_id, text, label)], source="moderator", at=services.clock(), actor_id=actor
    )
    await services.models.sync(services.store)


def restorable(event: EventRecord) -> bool:
    """Events whose action a moderator can undo: Steward's own decisions and hidden reports."""
    return is_restorable(event.kind)


async def _name(context: StewardContext, user_id: int | None) -> str:
    user = await context.services.store.get_user(user_id) if user_id else None
    return person_name(user)


async def restore_event(context: StewardContext, event: EventRecord, actor: int | None) -> int:
    """Undo an event: lift the mute or ban, repost the text as a quote, learn it as ham; the id
    of the event that records it."""
    services = context.services
    actuator, chat_id = services.actuator, event.chat_id
    # Members' reports only hid the message: nobody was muted or banned by them, and a mute an
    # admin gave the author meanwhile is theirs to lift, not this restore's.
    reported = event.kind == "report_hidden"
    # What Telegram could not do at first waits in the outbox: the undone event's steps, and
    # any mute or ban of its author, are dropped before they are retried.
    await _drop_pending(context, event, None if reported else event.target_user_id)
    lifted = []
    later = await _moderated_since(context, event) if not reported else set()
    if event.target_user_id is not None and not reported and "ban" not in later:
        # A mute or ban a moderator gave since is theirs to lift, not this restore's.
        if "mute" not in later:
            lifted.append(await actuator.unrestrict(chat_id, event.target_user_id))
        lifted.append(await actuator.unban(chat_id, event.target_user_id))
    if event.target_chat_id is not None and event.target_chat_id != chat_id and not reported:
        lifted.append(await actuator.unban_sender_chat(chat_id, event.target_chat_id))
    name = await _name(context, event.target_user_id)
    chat = await services.cache.chat(chat_id)
    lang = services.texts.pick(chat.language if chat else None)
    if event.text:
        await learn(context, chat_id, event.text, "ham", actor)
        quote = isolated(event.text)
        text = services.texts.text(lang, "feedback.restored_quote", who=name, text=quote)
    elif reported:
        text = services.texts.text(lang, "feedback.restored_no_text", who=name)
    else:
        text = services.texts.text(lang, "feedback.restored", who=name)
    if not all(done.ok for done in lifted):
        # The repost must not read as all undone while the mute or ban is still on.
        text += "\n\n" + services.texts.text(lang, "feedback.restore_not_lifted", who=name)
    await actuator.post(chat_id, clip(text, 4096))
    return await _record_decision(context, event, actor, "moderator_restore", "undone")


# Moderators' actions that keep a member out or quiet, by what they are.
_MODERATED = {
    "mod_ban": "ban",
    "moderator_ban": "ban",
    "moderator_spam": "ban",
    "mod_mute": "mute",
}


async def _moderated_since(context: StewardContext, event: EventRecord) -> set[str]:
    """What moderators did to the event's author since it ("ban", "mute")."""
    if event.target_user_id is None:
        return set()
    store, found = context.services.store, set()
    for kind, what in _MODERATED.items():
        for later in await store.events_since(event.chat_id, kind, event.at):
            if later.id > event.id and later.target_user_id == event.target_user_id:
                found.add(what)
    return found


async def _drop_pending(context: StewardContext, event: EventRecord, member: int | None) -> None:
    """Drop the outbox steps a moderator undid (an event's own, a member's mute or ban)."""
    services = context.services
    dropped = await services.store.cancel_outbox(
        event.chat_id,
        services.clock(),
        event_id=event.id,
        target=member,
        whats=("restrict", "ban"),
    )
    for event_id in dropped:
        await services.outbox.settled(services, context.bot, event_id)


async def not_spam_event(context: StewardContext, event: EventRecord, actor: int | None) -> None:
    """A moderator says a message Steward only noted (observe mode) or warned about is fine:
    learn it as ham, and take back the warning it cost its author."""
    if event.text:
        await learn(context, event.chat_id, event.text, "ham", actor)
    if event.kind.endswith("_warned") and event.target_user_id is not None:
        await _take_back_warning(context, event.chat_id, event.target_user_id)
    await _record_decision(context, event, actor, "moderator_not_spam", "not_spam")


async def _take_back_warning(context: StewardContext, chat_id: int, user_id: int) -> None:
    services = context.services
    member = await services.store.get_member(chat_id, user_id)
    if member is not None and member.warnings > 0:
        await services.store.add_warning(chat_id, user_id, services.clock(), n=-1)
        services.cache.forget_member(chat_id, user_id)


async def _record_decision(
    context: StewardContext,
    event: EventRecord,
    actor: int | None,
    kind: str,
    what: str,
    *,
    target_chat_id: int | None = None,
) -> int:
    """Log a moderator's decision about an earlier event; its id."""
    return await context.services.store.record_event(
        event.chat_id,
        at=context.services.clock(),
        kind=kind,
        actor_id=actor,
        target_user_id=event.target_user_id,
        target_chat_id=target_chat_id,
        message_id=event.message_id,
        reason=keyed_reason(f"events.why_decision_{what}", event=event.id),
    )


def _label(event: EventRecord) -> str:
    """What a confirmed event's text teaches: its label (a hidden report confirms spam)."""
    return label_of(event.kind) or "spam"


async def confirm_event(context: StewardContext, event: EventRecord, actor: int | None) -> None:
    """Confirm an event as spam: remove the message if still there, ban, learn the text."""
    actuator, chat_id = context.services.actuator, event.chat_id
    if event.message_id is not None:
        await actuator.delete(chat_id, event.message_id)
    if event.target_chat_id is not None and event.target_chat_id != chat_id:
        await actuator.ban_sender_chat(chat_id, event.target_chat_id)
    elif event.target_user_id is not None:
        await actuator.ban(chat_id, event.target_user_id)
    if event.text:
        await learn(context, chat_id, event.text, _label(event), actor)
    await _record_decision(
        context,
        event,
        actor,
        "moderator_confirm",
        "confirmed",
        target_chat_id=event.target_chat_id,
    )
