"""Membership: Steward added, promoted, demoted or removed; members joining, leaving; migration."""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import (
    Chat,
    ChatMember,
    ChatMemberAdministrator,
    ChatMemberOwner,
    Message,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.context import Services, StewardContext, zone_named
from bot.engagement import spec_of
from bot.i18n import keyed_reason
from bot.names import chat_title, inert
from bot.outbound import post, send_dm, with_retries
from bot.store import AdminRecord
from policies.rights import BotRights, rights_change, start_payload
from policies.schedule import next_run

log = logging.getLogger(__name__)

_PRESENT = {
    ChatMemberStatus.OWNER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.MEMBER,
}
_GROUP_TYPES = {ChatType.GROUP, ChatType.SUPERGROUP}


def is_present(member: ChatMember) -> bool:
    """Whether a chat member is in the chat (restricted members may still be in it)."""
    if member.status == ChatMemberStatus.RESTRICTED:
        return bool(getattr(member, "is_member", False))
    return member.status in _PRESENT


def rights_of(member: ChatMember) -> BotRights:
    """Steward's rights as a ChatMember of a group reports them."""
    if isinstance(member, ChatMemberOwner):
        return BotRights(True, True, True, True)
    if isinstance(member, ChatMemberAdministrator):
        return BotRights(
            is_admin=True,
            can_delete_messages=bool(member.can_delete_messages),
            can_restrict_members=bool(member.can_restrict_members),
            can_pin_messages=bool(member.can_pin_messages),
        )
    return BotRights()


def admin_record(chat_id: int, member: ChatMember) -> AdminRecord | None:
    """An admin-cache row for an owner or administrator, None for anyone else."""
    if isinstance(member, ChatMemberOwner):
        return AdminRecord(
            chat_id=chat_id,
            user_id=member.user.id,
            status="creator",
            is_anonymous=bool(member.is_anonymous),
            can_delete_messages=True,
            can_restrict_members=True,
            can_promote_members=True,
            can_pin_messages=True,
            can_change_info=True,
        )
    if isinstance(member, ChatMemberAdministrator):
        return AdminRecord(
            chat_id=chat_id,
            user_id=member.user.id,
            status="administrator",
            is_anonymous=bool(member.is_anonymous),
            can_delete_messages=bool(member.can_delete_messages),
            can_restrict_members=bool(member.can_restrict_members),
            can_promote_members=bool(member.can_promote_members),
            can_pin_messages=bool(member.can_pin_messages),
            can_change_info=bool(member.can_change_info),
        )
    return None


async def remember(services: Services, user: User) -> None:
    """Keep a person's names and language current in the store."""
    await services.cache.remember_person(
        user.id,
        username=user.username,
        first_name=user.first_name,
        language_code=user.language_code,
        at=services.clock(),
    )


async def refresh_admins(context: StewardContext, chat_id: int) -> list[AdminRecord]:
    """Reload a chat's admin list from Telegram into the cache; on failure keep what we had."""
    store = context.services.store
    try:
        members = await with_retries(
            lambda: context.bot.get_chat_administrators(chat_id), what="getChatAdministrators"
        )
    except TelegramError as exc:
        log.warning("could not load admins of %s: %s", chat_id, exc)
        return await store.list_admins(chat_id)
    records = [r for m in members if (r := admin_record(chat_id, m)) is not None]
    for member in members:
        if not member.user.is_bot:
            await remember(context.services, member.user)
    await store.replace_admins(chat_id, records, context.services.clock())
    context.services.cache.forget_admins(chat_id)
    return records


def describe_rights(services: Services, lang: str, rights: BotRights) -> str:
    """One line per needed right: granted or missing, and why it is needed."""
    texts = services.texts
    lines = [
        texts.text(lang, "rights.have", right=texts.text(lang, f"rights.{name}"))
        for name in rights.granted()
    ]
    lines += [
        texts.text(
            lang,
            "rights.missing",
            right=texts.text(lang, f"rights.{name}"),
            why=texts.text(lang, f"rights.why_{name}"),
        )
        for name in rights.missing()
    ]
    return "\n".join(lines)


def howto_grant(services: Services, lang: str, rights: BotRights, bot_name: str) -> str:
    """How to grant the rights Steward lacks."""
    texts = services.texts
    names = ", ".join(texts.text(lang, f"rights.{r}") for r in rights.missing())
    return texts.text(lang, "rights.howto", bot=bot_name, rights=names)


def rights_advice(services: Services, lang: str, rights: BotRights, bot_name: str) -> str:
    """'All set' or how to grant what is missing."""
    if not rights.missing():
        return services.texts.text(lang, "setup.all_good")
    howto = howto_grant(services, lang, rights, bot_name)
    return services.texts.text(lang, "setup.advice_missing", howto=howto)


async def dm_language(services: Services, user_id: int) -> str:
    """The language to DM someone in: theirs if Steward knows and speaks it."""
    user = await services.store.get_user(user_id)
    return services.texts.pick(user.language_code if user else None)


async def on_my_chat_member(update: Update, context: StewardContext) -> None:
    """Steward's own membership changed: added, promoted, demoted, removed, blocked in private."""
    change = update.my_chat_member
    if change is None:
        return
    services = context.services
    chat = change.chat
    if chat.type == ChatType.PRIVATE:
        if change.new_chat_member.status == ChatMemberStatus.BANNED:
            await services.store.mark_user_unreachable(chat.id, services.clock())
        elif change.new_chat_member.status == ChatMemberStatus.MEMBER:
            await services.store.mark_user_started(chat.id, services.clock())
        return
    was_in, now_in = is_present(change.old_chat_member), is_present(change.new_chat_member)
    if chat.type not in _GROUP_TYPES:
        log.info("ignoring membership in %s %s: Steward serves groups", chat.type, chat.id)
        if now_in and not was_in and not change.from_user.is_bot:
            # Added to a channel by mistake: the adder hears why nothing happens.
            await _tell_groups_only(context, change.from_user, chat_title(chat, chat.id))
        return
    if now_in and not was_in:
        await _bot_added(context, chat, change.from_user, rights_of(change.new_chat_member))
    elif was_in and not now_in:
        kicked = change.new_chat_member.status == ChatMemberStatus.BANNED
        await _bot_removed(context, chat, kicked=kicked)
    elif now_in:
        if await context.services.store.get_chat(chat.id) is None:
            # Steward missed its own arrival (added while offline): onboard now.
            await _bot_added(context, chat, change.from_user, rights_of(change.new_chat_member))
        else:
            await _bot_rights_changed(context, chat, rights_of(change.new_chat_member))


async def _tell_groups_only(context: StewardContext, adder: User, title: str) -> None:
    services = context.services
    lang = services.texts.pick(adder.language_code)
    text = services.texts.text(lang, "setup.channel", title=title)
    await send_dm(services, context.bot, adder.id, text)


async def _resume_schedules_paused_by_removal(
    services: Services, chat_id: int, timezone: str | None, now: datetime
) -> None:
    """Schedules whose run found Steward gone were paused for it ("chat_gone"); added back,
    Steward picks up where it left off (as its goodbye promised), from the next run on."""
    zone = zone_named(timezone)
    for schedule in await services.store.list_schedules(chat_id):
        if schedule.paused and schedule.last_outcome == "chat_gone":
            following = next_run(spec_of(schedule), zone, now)
            await services.store.set_schedule_paused(chat_id, schedule.id, False, following)


async def _bot_added(context: StewardContext, chat: Chat, adder: User, rights: BotRights) -> None:
    services = context.services
    store, texts, now = services.store, services.texts, services.clock()
    # A chat Steward knew keeps its language and time zone; a new one speaks its adder's.
    record = await store.onboard_chat(
        chat.id,
        type=chat.type,
        title=chat.title or "",
        username=chat.username,
        rights=rights.to_mapping(),
        added_by=adder.id,
        language=texts.pick(adder.language_code, services.settings.default_language),
        timezone=services.settings.default_timezone,
        at=now,
    )
    lang = texts.pick(record.language)
    await remember(services, adder)
    services.cache.forget_chat(chat.id)
    await _resume_schedules_paused_by_removal(services, chat.id, record.timezone, now)

    # Any member may read the admin list, so this works before Steward is promoted too.
    admins = await refresh_admins(context, chat.id)
    admin_ids = {a.user_id for a in admins}
    adder_is_admin = adder.id in admin_ids
    if adder_is_admin:
        recipient: int | None = adder.id
    else:
        recipient = next((a.user_id for a in admins if a.status == "creator"), None)

    bot_name = f"@{context.bot.username}"
    title = chat_title(chat)
    dm_ok = False
    if recipient is not None:
        r_lang = await dm_language(services, recipient)
        summary = texts.text(
            r_lang,
            "setup.summary",
            title=title,
            rights=describe_rights(services, r_lang, rights),
            advice=rights_advice(services, r_lang, rights, bot_name),
        )
        dm_ok = await send_dm(services, context.bot, recipient, summary)

    parts = [texts.text(lang, "greeting.intro", title=title)]
    if not rights.is_admin:
        parts.append(texts.text(lang, "greeting.not_admin"))
        parts.append(howto_grant(services, lang, rights, bot_name))
    elif rights.missing():
        parts.append(texts.text(lang, "greeting.some_missing"))
        parts.append(describe_rights(services, lang, rights))
        parts.append(howto_grant(services, lang, rights, bot_name))
    else:
        parts.append(texts.text(lang, "greeting.all_rights"))
    if not adder_is_admin:
        parts.append(texts.text(lang, "greeting.non_admin_adder"))
    if dm_ok and recipient is not None:
        user = await store.get_user(recipient)
        name = (inert(user.first_name) if user and user.first_name else "") or str(recipient)
        parts.append(texts.text(lang, "greeting.dm_sent", name=name))
    else:
        link = f"https://t.me/{context.bot.username}?start={start_payload(chat.id)}"
        parts.append(texts.text(lang, "greeting.dm_link", link=link))
    await post(context.bot, chat.id, "\n\n".join(parts))
    await store.record_event(
        chat.id,
        at=now,
        kind="bot_added",
        actor_id=adder.id,
        reason=keyed_reason("events.why_bot_added"),
        checks=[{"name": "rights", "detail": ", ".join(rights.granted()) or "none"}],
    )


async def owner_to_tell(services: Services, chat_id: int) -> int | None:
    """Who hears about Steward's own changes: its adder if still an admin, else the owner."""
    store = services.store
    chat = await store.get_chat(chat_id)
    admins = await store.list_admins(chat_id)
    admin_ids = {a.user_id for a in admins}
    if chat is not None and chat.added_by in admin_ids:
        return chat.added_by
    creator = next((a.user_id for a in admins if a.status == "creator"), None)
    if creator is not None:
        return creator
    return chat.added_by if chat is not None else None


async def _bot_rights_changed(context: StewardContext, chat: Chat, new: BotRights) -> None:
    services = context.services
    store, texts, now = services.store, services.texts, services.clock()
    record = await store.get_chat(chat.id)
    if record is None:
        return
    old = BotRights.from_mapping(record.bot_rights)
    await store.set_bot_rights(chat.id, new.to_mapping(), now)
    services.cache.forget_chat(chat.id)
    change = rights_change(old, new)
    if not change.changed:
        return
    if new.is_admin:
        await refresh_admins(context, chat.id)
    recipient = await owner_to_tell(services, chat.id)
    bot_name = f"@{context.bot.username}"
    title = chat_title(chat) or chat_title(record)
    group_lang = texts.pick(record.language)
    lang = await dm_language(services, recipient) if recipient else group_lang

    def told(lang: str) -> str:
        if change.demoted:
            howto = howto_grant(services, lang, new, bot_name)
            return texts.text(lang, "setup.demoted", title=title, howto=howto)
        lines = []
        if change.promoted:
            lines.append(texts.text(lang, "setup.promoted", title=title))
        if change.gained:
            names = ", ".join(texts.text(lang, f"rights.{r}") for r in change.gained)
            lines.append(texts.text(lang, "setup.gained", rights=names))
        if change.lost:
            names = ", ".join(texts.text(lang, f"rights.{r}") for r in change.lost)
            lines.append(texts.text(lang, "setup.lost", rights=names))
        return texts.text(
            lang,
            "setup.rights_changed",
            title=title,
            changes="\n".join(lines),
            advice=rights_advice(services, lang, new, bot_name),
        )

    delivered = recipient is not None and await send_dm(
        services, context.bot, recipient, told(lang)
    )
    if not delivered:
        await post(context.bot, chat.id, told(group_lang))  # the group reads its language
    await store.record_event(
        chat.id,
        at=now,
        kind="bot_rights_changed",
        reason=keyed_reason("events.why_rights_changed"),
        checks=[
            {"name": "gained", "detail": ", ".join(change.gained) or "none"},
            {"name": "lost", "detail": ", ".join(change.lost) or "none"},
        ],
    )


async def _bot_removed(context: StewardContext, chat: Chat, *, kicked: bool) -> None:
    services = context.services
    store, now = services.store, services.clock()
    record = await store.get_chat(chat.id)
    if record is None:
        return
    await store.set_chat_status(chat.id, "kicked" if kicked else "left", now)
    services.cache.forget_chat(chat.id)
    stop_chat_jobs(context, chat.id)
    recipient = await owner_to_tell(services, chat.id)
    if recipient is not None:
        lang = await dm_language(services, recipient)
        text = services.texts.text(
            lang, "setup.removed", title=chat_title(chat) or chat_title(record)
        )
        await send_dm(services, context.bot, recipient, text)
    await store.record_event(
        chat.id, at=now, kind="bot_removed", reason=keyed_reason("events.why_bot_removed")
    )


def stop_chat_jobs(context: StewardContext, chat_id: int) -> None:
    """Cancel every scheduled job that belongs to a chat (jobs are named 'chat:<id>:...')."""
    queue = context.job_queue
    if queue is None:
        return
    prefix = f"chat:{chat_id}:"
    for job in queue.jobs():
        if job.name and job.name.startswith(prefix):
            job.schedule_removal()


async def on_chat_member(update: Update, context: StewardContext) -> None:
    """Someone else's membership changed: joins, leaves, promotions and demotions."""
    change = update.chat_member
    if change is None or change.chat.type not in _GROUP_TYPES:
        return
    services = context.services
    store, now = services.store, services.clock()
    user = change.new_chat_member.user
    if user.id == context.bot.id:
        return
    chat_id = change.chat.id
    if not user.is_bot:
        await remember(services, user)
    was_in, now_in = is_present(change.old_chat_member), is_present(change.new_chat_member)
    if now_in and not was_in:
        if services.cache.first_news_of_join(chat_id, user.id):
            await services.cache.member_joined(chat_id, user.id, now)
            if not user.is_bot:
                services.activity.joined(chat_id, user.id, now)
    elif was_in and not now_in:
        await store.member_left(chat_id, user.id, now)
        if not user.is_bot:
            services.activity.left(chat_id, user.id, now)
        services.cache.forget_member(chat_id, user.id)
        services.cache.forget_join(chat_id, user.id)
    else:
        services.cache.forget_member(chat_id, user.id)
    record = admin_record(chat_id, change.new_chat_member)
    if record is not None:
        await store.upsert_admin(record, now)
        services.cache.forget_admins(chat_id)
    elif admin_record(chat_id, change.old_chat_member) is not None:
        await store.remove_admin(chat_id, user.id)
        services.cache.forget_admins(chat_id)


async def is_admin_now(context: StewardContext, chat_id: int, user_id: int) -> bool:
    """Ask Telegram whether someone is an admin of a chat right now (the admin cache may lag a
    promotion); an admin found this way is added to the cache. Unknown answers are False."""
    services = context.services
    try:
        member = await with_retries(
            lambda: context.bot.get_chat_member(chat_id, user_id), what="getChatMember"
        )
    except TelegramError as exc:
        log.info("getChatMember %s in %s failed: %s", user_id, chat_id, exc)
        return False
    record = admin_record(chat_id, member)
    if record is None:
        return False
    await services.store.upsert_admin(record, services.clock())
    services.cache.forget_admins(chat_id)
    return True


async def from_linked_channel(context: StewardContext, message: Message) -> bool:
    """Whether a group message comes from the group's own linked channel: its automatic
    forward, or a post its admins made as the channel. Asked only of posts sent as another
    chat (getChat, not cached: rare); an unknown answer is False."""
    if message.is_automatic_forward:
        return True
    sender = message.sender_chat
    if sender is None or sender.id == message.chat.id:
        return False
    try:
        chat = await with_retries(lambda: context.bot.get_chat(message.chat.id), what="getChat")
    except TelegramError as exc:
        log.info("getChat %s failed: %s", message.chat.id, exc)
        return False
    return chat.linked_chat_id == sender.id


async def on_members_service_message(update: Update, context: StewardContext) -> None:
    """Join and leave service messages: member bookkeeping when chat_member updates are absent."""
    message = update.effective_message
    if message is None or message.chat.type not in _GROUP_TYPES:
        return
    services = context.services
    store, now = services.store, services.clock()
    for user in message.new_chat_members or ():
        if user.id == context.bot.id or user.is_bot:
            continue
        if not services.cache.first_news_of_join(message.chat.id, user.id):
            continue  # the chat_member update already booked it
        await remember(services, user)
        await services.cache.member_joined(message.chat.id, user.id, now)
        services.activity.joined(message.chat.id, user.id, now)
    left = message.left_chat_member
    if left is not None and left.id != context.bot.id and not left.is_bot:
        await store.member_left(message.chat.id, left.id, now)
        # An admin who left administers it no more: /start, /settings, /health and the alerts
        # in private stop naming the group (Telegram sends a non-admin bot no other news of it).
        await store.remove_admin(message.chat.id, left.id)
        services.cache.forget_admins(message.chat.id)
        services.activity.left(message.chat.id, left.id, now)
        services.cache.forget_member(message.chat.id, left.id)
        services.cache.forget_join(message.chat.id, left.id)


async def on_migration(update: Update, context: StewardContext) -> None:
    """A group became a supergroup: move every row to the new id, once, and tell the owner."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old_id, new_id = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old_id, new_id = message.migrate_from_chat_id, message.chat.id
    else:
        return
    services = context.services
    now = services.clock()
    await services.cache.flush()  # counts buffered under the old id must move too
    moved = await services.store.migrate_chat(old_id, new_id, now)
    # This process's models follow the group even when another worker moved its rows first.
    services.models.move_chat(old_id, new_id)
    services.herd.move(old_id, new_id)
    services.activity.move(old_id, new_id)
    services.engagement.move(old_id, new_id)
    if not moved:
        return
    services.cache.clear()
    log.info("chat %s migrated to %s", old_id, new_id)
    stop_chat_jobs(context, old_id)
    record = await services.store.get_chat(new_id)
    if record is not None and record.type != ChatType.SUPERGROUP:
        await services.store.upsert_chat(
            new_id, type=ChatType.SUPERGROUP, title=record.title, username=record.username, at=now
        )
    recipient = await owner_to_tell(services, new_id)
    if recipient is not None and record is not None:
        lang = await dm_language(services, recipient)
        text = services.texts.text(lang, "setup.migrated", title=chat_title(record))
        await send_dm(services, context.bot, recipient, text)
