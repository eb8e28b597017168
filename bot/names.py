"""How people and chats are named in Steward's messages: `@username`, else their name."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Something in a free-text name Telegram would make a link of ("t.me/+abc", "scam.shop").
_LINKISH = re.compile(r"(?i)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?")
# Explicit direction controls: embeddings, overrides and their PDF (U+202A-U+202E), isolates and
# their PDI (U+2066-U+2069). Marks (LRM, RLM, ALM) open nothing and stay.
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_FSI, _PDI = "\u2068", "\u2069"
# A line as the bidi algorithm reads a paragraph: what runs between paragraph separators.
_PARAGRAPH = re.compile("[^\n\r\x1c-\x1e\x85\u2029]+")


def display_name(username: str | None, name: str | None = None, fallback: object = "?") -> str:
    """`@username` when there is one, else the name (made `inert`: anyone can write anything
    in their name), else the fallback (an id, "?")."""
    if username:
        return f"@{username}"
    return (inert(name) if name else "") or str(fallback)


def isolated(text: str) -> str:
    """User text (a name, a quoted message) as Steward sets it inside its own sentence. Its
    direction controls are dropped: an override left open ("Bob" + U+202E) would draw the rest
    of Steward's line backwards, and a stray PDI would close an isolate around it. Text holding
    right-to-left letters (Arabic, Hebrew) is then set in an isolate (FSI ... PDI): it reads
    right to left as written without taking Steward's words, numbers and punctuation after it
    along. Any other text is returned as is."""
    text = _DIRECTION_CONTROLS.sub("", text)
    # An isolate ends with its paragraph: a quote of several lines is set apart line by line.
    return _PARAGRAPH.sub(_isolate_line, text)


def _isolate_line(line: re.Match[str]) -> str:
    text = line.group(0)
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return f"{_FSI}{text}{_PDI}"
    return text


def inert(name: str) -> str:
    """A free-text name as Steward repeats it. Written like a handle ("@dave", a moderator's) it
    would pass for that account in the owner's alerts, and a link in it ("FREE USDT t.me/+abc")
    would be posted again by Steward after the spam was removed: such a name is quoted, its @
    made full-width (no mention) and its dots one-dot leaders (no link). Its direction is
    kept to itself (`isolated`)."""
    name = isolated(name)
    if "@" not in name and _LINKISH.search(name) is None:
        return name
    cleaned = _LINKISH.sub(lambda m: m.group(0).replace(".", "\u2024"), name.replace("@", "＠"))
    return f"“{cleaned}”"


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


def chat_title(chat: Any, fallback: object = "") -> str:
    """A chat's title as Steward sets it inside its own sentence («Shop»): `isolated`, since
    whoever names a group writes what they like; a chat not known, or untitled, by the
    fallback (its id, say)."""
    title = getattr(chat, "title", None) if chat is not None else None
    return (isolated(title) if title else "") or str(fallback)


def author_name(message: Any) -> str:
    """Who wrote a message: the channel it was sent as, else the person."""
    sender_chat = message.sender_chat
    if sender_chat is not None and sender_chat.id != message.chat.id:
        return chat_name(sender_chat)
    return person_name(message.from_user)
