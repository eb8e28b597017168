"""Telegram message -> plain MessageFacts for the policies (no decisions here)."""

from __future__ import annotations

from datetime import datetime

from telegram import Message, MessageOriginChannel, MessageOriginChat, MessageOriginUser

from bot.store import MemberRecord
from policies import ButtonFact, EntityFact, ForwardFacts, MemberFacts, MessageFacts

_MEDIA = (
    "photo",
    "video",
    "animation",
    "document",
    "audio",
    "voice",
    "video_note",
    "sticker",
    "poll",
    "location",
    "venue",
    "dice",
    "story",
)


def media_type(message: Message) -> str | None:
    """The kind of media a message carries, if any."""
    return next((kind for kind in _MEDIA if getattr(message, kind, None)), None)


def forward_facts(message: Message) -> ForwardFacts | None:
    """Where a forwarded message came from."""
    origin = message.forward_origin
    if origin is None:
        return None
    if isinstance(origin, MessageOriginChannel):
        return ForwardFacts("channel", origin.chat.id, origin.chat.username, origin.chat.title)
    if isinstance(origin, MessageOriginChat):
        chat = origin.sender_chat
        return ForwardFacts("chat", chat.id, chat.username, chat.title)
    if isinstance(origin, MessageOriginUser):
        return ForwardFacts(
            "user",
            origin.sender_user.id,
            origin.sender_user.username,
            origin.sender_user.full_name,
        )
    return ForwardFacts("hidden")


def member_facts(record: MemberRecord | None) -> MemberFacts:
    """The author's standing as the store knows it (nothing known: a newcomer)."""
    if record is None:
        return MemberFacts()
    return MemberFacts(
        joined_at=record.joined_at,
        first_seen_at=record.first_seen_at,
        messages_seen=record.messages_seen,
        trusted=record.trusted,
        approved=record.approved,
        warnings=record.warnings,
    )


def build_facts(
    message: Message,
    member: MemberFacts,
    *,
    edited: bool,
    now: datetime,
    known_members: frozenset[str] = frozenset(),
) -> MessageFacts:
    """Everything the policies may know about one message; `member` is the author's standing
    (`member_facts` of their record, as the caller judged it)."""
    text = message.text or message.caption or ""
    raw_entities = message.entities or message.caption_entities or ()
    entities = tuple(EntityFact(e.type, e.offset, e.length, e.url) for e in raw_entities)
    buttons: tuple[ButtonFact, ...] = ()
    if message.reply_markup is not None:
        buttons = tuple(
            ButtonFact(b.text, b.url) for row in message.reply_markup.inline_keyboard for b in row
        )
    sender_chat = message.sender_chat
    return MessageFacts(
        chat_id=message.chat.id,
        message_id=message.message_id,
        user_id=message.from_user.id if message.from_user else None,
        text=text[:4096],
        date=message.date or now,
        entities=entities,
        sender_chat_id=sender_chat.id if sender_chat is not None else None,
        media_type=media_type(message),
        has_caption=bool(message.caption),
        forward=forward_facts(message),
        reply_to_message_id=message.reply_to_message.message_id
        if message.reply_to_message
        else None,
        buttons=buttons,
        contact_card=message.contact is not None,
        is_edit=edited,
        member=member,
        mentions_of_members=known_members,
        reply_to_user_id=_replied_user(message),
        chat_username=message.chat.username,
        chat_title=message.chat.title or "",
        author_name=message.from_user.full_name[:128] if message.from_user else "",
    )


def _replied_user(message: Message) -> int | None:
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.sender_chat is not None:
        return None
    return replied.from_user.id


def author_id(message: Message) -> int | None:
    """Whose standing a message is judged by (and counted to): the channel it was sent as, else
    the person. A channel's post comes "from" Telegram's Channel_Bot, one account that every
    channel shares: its record is no channel's history."""
    sender_chat = message.sender_chat
    if sender_chat is not None:
        return sender_chat.id
    user = message.from_user
    return user.id if user is not None else None
