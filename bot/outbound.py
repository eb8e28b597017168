"""Calls to Telegram that survive its moods: retries for transient faults; DMs remember 403s."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

import regex
from telegram import Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

log = logging.getLogger(__name__)

T = TypeVar("T")

# Delays between attempts after a timeout or a 5xx; a 429 waits what Telegram asks, up to a cap.
RETRY_DELAYS: tuple[float, ...] = (0.25, 1.0)
MAX_RETRY_AFTER_S = 30.0
# A call waits out at most this many 429s, and never more than MAX_RETRY_AFTER_S in all: only the
# call that got the 429 waits (bot/ratelimit.py holds nothing else back).
MAX_FLOOD_WAITS = 4


async def with_retries(call: Callable[[], Awaitable[T]], *, what: str) -> T:
    """Run a Bot API call, retrying timeouts, 5xx and 429; other errors surface at once."""
    attempt = 0
    flood_waits, waited = 0, 0.0
    while True:
        try:
            return await call()
        except RetryAfter as exc:
            wait = retry_seconds(exc)
            if flood_waits >= MAX_FLOOD_WAITS or waited + wait > MAX_RETRY_AFTER_S:
                raise
            log.info("%s: Telegram asked to wait %.1fs, retrying", what, wait)
            flood_waits, waited = flood_waits + 1, waited + wait
            await asyncio.sleep(wait)
            continue
        except (BadRequest, Forbidden):
            raise
        except NetworkError as exc:  # timeouts and 5xx arrive as NetworkError subclasses
            if attempt >= len(RETRY_DELAYS):
                raise
            log.info("%s: %s, retrying", what, exc)
            await asyncio.sleep(RETRY_DELAYS[attempt])
        attempt += 1


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked to wait, in seconds."""
    # PTB 22 warns on .retry_after (its type changes in v23); the timedelta it keeps is stable.
    delay = getattr(exc, "_retry_after", None)
    total = getattr(delay, "total_seconds", None)
    return float(total()) if callable(total) else 1.0


async def attempt(what: str, call: Callable[[], Awaitable[object]]) -> bool:
    """Run a Bot API call with retries; Telegram refusing (gone, too old, no rights) is logged."""
    try:
        await with_retries(call, what=what)
    except (BadRequest, Forbidden) as exc:
        log.info("%s refused: %s", what, exc.message)
        return False
    except TelegramError as exc:
        log.warning("%s failed: %s", what, exc)
        return False
    return True


class DMServices(Protocol):
    """What a DM needs: the store (who can be reached) and the clock."""

    @property
    def store(self) -> Any:
        """The store."""
        ...

    @property
    def clock(self) -> Callable[[], datetime]:
        """The clock."""
        ...


async def send_dm(services: DMServices, bot: Any, user_id: int, text: str, **kwargs: Any) -> bool:
    """DM a user if they started the bot; a 403 is remembered so nobody retries in a loop."""
    store = services.store
    if not await store.can_dm(user_id):
        return False
    try:
        await with_retries(
            lambda: bot.send_message(user_id, text, **kwargs), what=f"DM to {user_id}"
        )
    except Forbidden as exc:
        log.info("user %s cannot be reached by DM: %s", user_id, exc.message)
        await store.mark_user_unreachable(user_id, services.clock())
        return False
    except TelegramError as exc:
        log.warning("DM to %s failed: %s", user_id, exc)
        return False
    return True


# Telegram refuses a message longer than this (characters, after entities are parsed).
MAX_MESSAGE = 4096


# One character as a person sees it (an extended grapheme cluster: a flag, emoji joined by ZWJ, a
# skin tone, a letter with its accents). A flag's two regional indicators are matched first: \X
# alone counts a row of flags back to its start for each flag, slow on a long row.
_GRAPHEME = regex.compile(r"\p{RI}{2}[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}]*|\X")
# The last place (searching back) where two characters are surely apart: after a line feed, or
# between two ASCII characters other than CR LF (no rule joins an ASCII character to another).
_APART = regex.compile(r"(?r)(?<=\n)(?=[\s\S])|(?<=[\x00-\x0c\x0e-\x7f])(?=[\x00-\x7f])")


def cut(text: str, limit: int) -> str:
    """The longest start of a text within `limit` characters (code points) that ends between
    characters as a person sees them: a flag, emoji joined by ZWJ, a skin tone or a letter with
    its accents is kept or dropped whole, never split. A text that fits is returned as it is."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    # Segment only from the last sure boundary at or before the limit (often the limit itself).
    # The character at the limit is in view, so a cluster ending at the limit is seen whole.
    apart = _APART.search(text, 0, limit + 1)
    end = apart.start() if apart else 0
    if end < limit:
        for match in _GRAPHEME.finditer(text, end, limit + 1):
            if match.end() > limit:
                break
            end = match.end()
    return text[:end]


def pieces(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """A text in messages Telegram takes, cut between lines where it can be (a line longer
    than a message is cut where it must be, between whole characters)."""
    out: list[str] = []
    while len(text) > limit:
        at = text.rfind("\n", 0, limit + 1)
        # One "character" longer than a message (a letter under thousands of accents) is split.
        at = at if at > limit // 2 else len(cut(text, limit)) or limit
        out.append(text[:at])
        text = text[at:].lstrip("\n")
    return [*out, text] if text or not out else out


def fit(text: str, limit: int = MAX_MESSAGE) -> str:
    """A text cut to one message, between lines where it can be, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    return pieces(text, limit - 2)[0] + "\n…"


def within(
    items: Sequence[str],
    room: int,
    more: Callable[[int], str],
    *,
    none: Callable[[int], str] | None = None,
    sep: str = ", ",
    gap: str = " ",
) -> str:
    """Items joined by `sep` when they fit in `room` characters; else as many whole items as fit
    with `more(n)` after them (after `gap`), naming the n left out ("a.com, b.com … and 212
    more: /allow list"), or `none(n)` when not even one fits. Never a part of an item: a list
    cut mid-entry shows an entry that does not exist, and hides how many were left out."""
    whole = sep.join(items)
    if len(whole) <= room:
        return whole
    best = (none or more)(len(items))
    length = -len(sep)
    for count, item in enumerate(items, 1):
        length += len(sep) + len(item)
        if length >= room:
            break
        tail = more(len(items) - count)
        if length + len(gap) + len(tail) <= room:
            best = f"{whole[:length]}{gap}{tail}"
    return best


def in_topic(message: Any) -> dict[str, Any]:
    """What to send with a post that answers a message, so the post lands in its forum topic
    (without it, a topic's answer goes to the General topic)."""
    if getattr(message, "is_topic_message", False) and message.message_thread_id:
        return {"message_thread_id": message.message_thread_id}
    return {}


async def post(bot: Any, chat_id: int, text: str, **kwargs: Any) -> Message | None:
    """Post in a chat (a text too long for one message is cut to fit, never refused); failures
    are logged, never raised into a handler."""
    text = fit(text)
    try:
        message: Message = await with_retries(
            lambda: bot.send_message(chat_id, text, **kwargs), what=f"post in {chat_id}"
        )
    except TelegramError as exc:
        log.warning("could not post in chat %s: %s", chat_id, exc)
        return None
    return message
