"""Group messages: who may be judged, member bookkeeping, and the moderation path."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import filters

from bot.activity import Activity
from bot.albums import with_album_note
from bot.caches import HotCache
from bot.calm import CALM_KEY
from bot.context import StewardContext
from bot.store import DATABASE_ERRORS, ChatRecord, MemberRecord
from handlers.commands import chat_record
from handlers.facts import author_id, build_facts, member_facts
from handlers.membership import from_linked_channel, is_admin_now
from handlers.moderation import carry_out
from policies import (
    ChatPolicy,
    Decision,
    MemberFacts,
    MessageFacts,
    TextFacts,
    combine,
    findings,
    read_text,
)
from policies.calm import breaks_calm
from policies.explain import checks_json
from policies.pipeline import flood_tracked
from policies.topics import TOPICAL, counter_name, spoken

log = logging.getLogger(__name__)

_INACTIVE = {"left", "kicked", "migrated"}
# A member from before Steward came is taken to have been around this long before it.
PREDATES = timedelta(days=30)
_GROUP_TYPES = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})


class OrdinaryGroupMessage(filters.MessageFilter):
    """A member's message in a group (not a service message), new or edited.

    Equivalent to `GROUPS & ~StatusUpdate.ALL`, but a message with text or a caption is settled
    with two attribute reads instead of some thirty status filters: this runs on every message.
    """

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        if message.chat.type not in _GROUP_TYPES:
            return False
        if message.text is not None or message.caption is not None:
            return True
        return not filters.StatusUpdate.ALL.check_update(_as_update(message))


def _as_update(message: Message) -> Update:
    return Update(0, message=message)


def is_exempt(message: Message, bot_id: int) -> bool:
    """Messages Steward never judges: its own, other bots' (only an admin can add a bot to a
    group), anonymous admins', and the linked channel's."""
    user = message.from_user
    if user is not None and (user.id == bot_id or (user.is_bot and message.sender_chat is None)):
        return True  # (a channel's post also comes "from" Telegram's Channel_Bot: judged)
    sender_chat = message.sender_chat
    if sender_chat is not None and sender_chat.id == message.chat.id:
        return True  # an anonymous admin speaking as the group
    return bool(message.is_automatic_forward)


async def _mentioned_members(cache: HotCache, message: Message) -> frozenset[str]:
    """The @handles a message mentions that belong to people in this chat."""
    if not (message.entities or message.caption_entities):
        return frozenset()
    found = message.parse_entities([MessageEntity.MENTION]) or message.parse_caption_entities(
        [MessageEntity.MENTION]
    )
    handles = {text.lstrip("@").lower() for text in found.values()}
    if not handles:
        return frozenset()
    return await cache.members_among(message.chat.id, list(handles)[:20])


async def on_group_message(update: Update, context: StewardContext) -> None:
    """A group message (new or edited): book its author, judge it, carry out the decision."""
    message = update.effective_message
    if message is None or message.chat.type not in _GROUP_TYPES:
        return
    if is_exempt(message, context.bot.id):
        return
    chat = await chat_record(context, message)
    if chat.status in _INACTIVE:
        log.debug("ignoring a message in inactive chat %s (%s)", chat.chat_id, chat.status)
        return
    edited = update.edited_message is not None
    if await _from_admin(context, message, edited):
        return  # admins are never judged
    if (
        message.media_group_id is not None
        and not edited
        and await _rest_of_removed_album(context, message)
    ):
        return
    decision, policy, facts = await judge(context, message, chat, edited)
    user = message.from_user
    if message.sender_chat is not None and not edited and decision.counts:
        # A channel's history is its own (judge() reads it): its messages count to it.
        await context.services.cache.count_message(
            message.chat.id, message.sender_chat.id, context.services.clock()
        )
    if user is not None and message.sender_chat is None and not edited and decision.counts:
        now = context.services.clock()
        await context.services.cache.count_message(message.chat.id, user.id, now)
        if not is_command(message):
            context.services.activity.message(
                message.chat.id, user.id, now, reply_to=facts.reply_to_message_id
            )
            await context.services.activity.flush_if_full(context.services.store, now)
    if not decision.actions and CALM_KEY in chat.settings:
        await _keep_calm(context, message, facts, policy)
    if decision.actions and edited and await _decided_before(context, message, decision):
        return
    if decision.actions:
        # The admin cache may lag a promotion: Telegram is asked before acting on anyone.
        if (
            user is not None
            and message.sender_chat is None
            and await is_admin_now(context, message.chat.id, user.id)
        ):
            log.info("not acting on %s in %s: an admin now", user.id, message.chat.id)
            return
        if message.sender_chat is not None and await from_linked_channel(context, message):
            return  # the group's own channel, posting as itself in its discussion group
        await carry_out(context, message, decision, chat, policy)
        if message.media_group_id is not None and _removes(decision):
            await _remove_album(context, message)
        if decision.lead is not None and _counts_as_activity(decision) and not edited:
            context.services.activity.count(
                message.chat.id, decision.lead.label, context.services.clock()
            )
    complaint = decision.finding("complaint")
    if complaint is not None and complaint.level == "hit" and not edited:
        context.services.activity.count(message.chat.id, "complaints", context.services.clock())
    if complaint is not None and policy.herd == "on" and (complaint.level == "hit" or edited):
        services = context.services
        await services.herd.observe(services, context.bot, facts, complaint)


def _removes(decision: Decision) -> bool:
    """Whether Steward removes the message (not in observe mode, not a warning)."""
    return not decision.observe and any(a.kind == "delete" for a in decision.actions)


async def _rest_of_removed_album(context: StewardContext, message: Message) -> bool:
    """A message of an album: noted (bot/albums.py), and removed when another message of its
    album was removed as an ad already (Telegram sends each photo of an album separately; the
    caption rides on one). True when it was the rest of a removed post."""
    services = context.services
    album = message.media_group_id
    assert album is not None
    if not services.albums.arrived(message.chat.id, album, message.message_id, services.clock()):
        return False
    done = await services.actuator.delete(message.chat.id, message.message_id)
    log.info(
        "removed message %s of album %s in %s with the rest of the post: %s",
        message.message_id,
        album,
        message.chat.id,
        "done" if done.ok else done.error,
    )
    if done.ok:
        await _note_album(context, message.chat.id, album, 1)
    return True


async def _remove_album(context: StewardContext, message: Message) -> None:
    """The message removed belongs to an album: the album's other messages (those seen so far
    now, the rest as they arrive) are the same post and go too."""
    album = message.media_group_id
    assert album is not None
    removed = await remove_album(context, message.chat.id, album, message.message_id)
    if removed:
        await _note_album(context, message.chat.id, album, removed)


async def remove_album(context: StewardContext, chat_id: int, album: str, message_id: int) -> int:
    """Message `message_id` of `album` was removed: the album is condemned (its messages still
    to come go as they arrive, bot/albums.py) and its other messages seen so far are removed
    now; how many of them were."""
    services = context.services
    others = services.albums.condemn(chat_id, album, message_id, services.clock())
    removed = 0
    for other in others:
        done = await services.actuator.delete(chat_id, other)
        if done.ok:
            removed += 1
        else:
            log.info(
                "message %s of album %s in %s not removed: %s", other, album, chat_id, done.error
            )
    return removed


async def _note_album(context: StewardContext, chat_id: int, album: str, n: int) -> None:
    """`n` more messages of a removed album went: the event about the message whose removal
    condemned it says how many went with it (one event and one alert for the post, not one per
    photo)."""
    services = context.services
    lead, removed = services.albums.removed(chat_id, album, n, services.clock())
    if lead is None:
        return
    store = services.store
    try:
        event = await store.find_event_by_message(chat_id, lead)
        reason = (event.reason or "") if event is not None else ""
        # Steward's own decision ("<label> (<score>): <reasons>; done: ..."), written already
        # (not when the store was away); a moderator's /spam keeps its fixed reason.
        if event is None or not event.kind.endswith("_removed") or "; done:" not in reason:
            return
        await store.set_event_reason(event.id, with_album_note(reason, removed))
    except DATABASE_ERRORS as exc:
        log.warning("album %s in %s: its event not told of %d removed: %s", album, chat_id, n, exc)


def _counts_as_activity(decision: Decision) -> bool:
    """Whether a decision goes into the hour's spam or poaching figure, the digest's "removed":
    Steward removed the message. Observed ones did nothing, a warned one stays up, and a member
    the group knows only asking about a listed rival ("is X legit?") was reported to the owner,
    not caught poaching."""
    return decision.lead is not None and _removes(decision)


async def _decided_before(context: StewardContext, message: Message, decision: Decision) -> bool:
    """Whether Steward already removed this message, or made this same decision about it: an
    edit that arrives after its message was handled (a spammer touching up the ad, edits made
    before Steward got to the post) is not acted on, recorded and alerted a second time. An
    edit that makes a warned message worse is still acted on."""
    try:
        event = await context.services.store.find_event_by_message(
            message.chat.id, message.message_id
        )
    except (SQLAlchemyError, OSError) as exc:  # the database away: judged as if first seen
        log.warning("edit of %s not checked against earlier events: %s", message.message_id, exc)
        return False
    return event is not None and (event.kind.endswith("_removed") or event.kind == decision.event)


async def _keep_calm(
    context: StewardContext, message: Message, facts: MessageFacts, policy: ChatPolicy
) -> None:
    """Calm mode is on: a link or a forward is removed (Telegram's permissions cannot stop
    them); the event says why, the owner is not alerted (they turned calm mode on)."""
    why = breaks_calm(facts, read_text(facts), policy)
    if why is None:
        return
    user = message.from_user
    if message.sender_chat is not None:
        if await from_linked_channel(context, message):
            return  # the group's own channel speaking, as its admins do
    elif user is not None and await is_admin_now(context, message.chat.id, user.id):
        return
    services = context.services
    outcome = "nothing (observe mode)"
    if policy.mode != "observe":
        done = await services.actuator.delete(message.chat.id, message.message_id)
        outcome = "deleted" if done.ok else f"not deleted ({done.error or 'failed'})"
    await services.watch.record(
        services,
        {
            "chat_id": message.chat.id,
            "at": services.clock(),
            "kind": "calm_removed",
            "target_user_id": facts.user_id,
            "target_chat_id": facts.sender_chat_id,
            "message_id": message.message_id,
            "checks": checks_json((why,)),
            "reason": f"{why.detail}; done: {outcome}",
        },
    )


def is_command(message: Message) -> bool:
    """A command to a bot (/health, /schedule list): not activity of the group's own. An owner
    checking on a silent group daily made it read as alive ("messages 7, members who wrote 1")."""
    entities = message.entities
    return bool(entities) and entities[0].type == "bot_command" and entities[0].offset == 0


async def _from_admin(context: StewardContext, message: Message, edited: bool) -> bool:
    """Remember who wrote (new messages); an admin's message is counted and never judged."""
    user = message.from_user
    if user is None or message.sender_chat is not None:
        return False
    services = context.services
    cache, now = services.cache, services.clock()
    if not edited:
        await cache.remember_person(
            user.id,
            username=user.username,
            first_name=user.first_name,
            language_code=user.language_code,
            at=now,
        )
    if user.id not in await cache.admin_ids(message.chat.id):
        return False
    if not edited:
        await cache.count_message(message.chat.id, user.id, now)
        if is_command(message):
            return True  # a command to Steward is not the group talking
        reply = message.reply_to_message
        services.activity.message(
            message.chat.id, user.id, now, reply_to=reply.message_id if reply else None
        )
        if message.text or message.caption:
            # What the admins talk about is the group's topic above all.
            text = read_text(build_facts(message, MemberFacts(), edited=False, now=now))
            learn_topics(services.activity, message.chat.id, text, now)
    return True


async def judge(
    context: StewardContext, message: Message, chat: ChatRecord, edited: bool
) -> tuple[Decision, ChatPolicy, MessageFacts]:
    """The decision about one message: facts from Telegram and the store, then the policies."""
    services = context.services
    cache, now = services.cache, services.clock()
    author = author_id(message)
    member = await cache.member(message.chat.id, author) if author is not None else None
    policy = cache.policy(chat)
    standing = member_facts(member)
    if (
        message.sender_chat is None
        and author is not None
        and chat.added_at is not None
        and predates_steward(member, chat)
    ):
        standing = established(standing, chat.added_at, policy)
    facts = build_facts(
        message,
        standing,
        edited=edited,
        now=now,
        known_members=await _mentioned_members(cache, message),
    )
    text = read_text(facts)
    if text.gates & TOPICAL:
        # Only a message with topical ad wording needs the chat's learned topics (most have
        # none: no lookup, and no cache entry for a chat that never talks of such things).
        facts = replace(facts, chat_topics=await cache.topics(message.chat.id, now))
    flood = (
        services.flood.observe(text.norm, facts.chat_id, author, now)
        if flood_tracked(facts, text)
        else None
    )
    found = findings(
        facts,
        text,
        policy,
        now,
        model=services.models.for_chat(facts.chat_id),
        flood=flood,
        competitors=await cache.competitors(facts.chat_id),
        campaigns=services.campaigns.window,
        after_complaint=await services.herd.follows(services, facts, text.norm, now),
    )
    decision = combine(facts, found, policy, now)
    if (
        decision.counts
        and not decision.actions
        and not edited
        and established_author(facts, policy)
    ):
        learn_topics(services.activity, facts.chat_id, text, now)
    return decision, policy, facts


def predates_steward(member: MemberRecord | None, chat: ChatRecord) -> bool:
    """Whether a member was in the group before Steward came: Steward, an admin there (so it is
    told of every join), never saw them join."""
    if chat.added_at is None or chat.bot_rights.get("is_admin") is not True:
        return False
    return member is None or member.joined_at is None


def established(member: MemberFacts, added_at: datetime, policy: ChatPolicy) -> MemberFacts:
    """A member from before Steward came (it was added at `added_at`) is no newcomer (their
    history is unknown, so they are not trusted either): the regulars of an active group are
    not judged as strangers on the day Steward is added."""
    since = added_at - PREDATES
    first = member.first_seen_at
    return replace(
        member,
        messages_seen=max(member.messages_seen, policy.new_member_messages),
        first_seen_at=since if first is None or first > since else first,
    )


def established_author(facts: MessageFacts, policy: ChatPolicy) -> bool:
    """Whether the author is past their first messages (newcomers never teach a chat's topics:
    a raid cannot make its own wording the group's)."""
    member = facts.member
    return member.trusted or member.approved or member.messages_seen >= policy.new_member_messages


def learn_topics(activity: Activity, chat_id: int, text: TextFacts, now: datetime) -> None:
    """Count the topical ad categories a message left alone talks of (policies/topics.py)."""
    for category in spoken(text):
        activity.count(chat_id, counter_name(category), now)
