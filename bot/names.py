"""How people and chats are named in Steward's messages: `@username`, else their name."""

from __future__ import annotations

from typing import Any


def display_name(username: str | None, name: str | None = None, fallback: object = "?") -> str:
    """`@username` when there is one, else the name, else the fallback (an id, "?")."""
    if username:
        return f"@{username}"
    return name or str(fallback)


def person_name(user: Any, fallback: object = "?") -> str:
    """A Telegram user (or a stored user record) as Steward names them."""
    if user is None:
        return str(fallback)
    full = getattr(user, "full_name", None)
    if full is None:
        full = " ".join(
            p for p in (getattr(user, "first_name", None), getattr(user, "last_name", None)) if p
        )
    return display_name(getattr(user, "username", None), full or None, fallback)


def chat_name(chat: Any, fallback: object = "?") -> str:
    """A Telegram chat or channel as Steward names it."""
    if chat is None:
        return str(fallback)
    return display_name(getattr(chat, "username", None), getattr(chat, "title", None), chat.id)


def author_name(message: Any) -> str:
    """Who wrote a message: the channel it was sent as, else the person."""
    sender_chat = message.sender_chat
    if sender_chat is not None and sender_chat.id != message.chat.id:
        return chat_name(sender_chat)
    return person_name(message.from_user)
