"""Telegram's flood limits applied to what they limit: sending messages, not moderating.

python-telegram-bot's AIORateLimiter puts every call that names a group chat under the group's
20-messages-a-minute budget, deletions and restrictions included, so cleaning up a wave of fifty
ads would take minutes. Telegram's limits are about messages the bot sends; moderation calls are
not throttled here.

A 429 is not waited out here either: the parent class sleeps through any `retry_after` (even two
minutes) and holds every other call of the bot meanwhile, so one group's flood wait froze all
groups. Here a 429 goes straight back to the caller, whose retry (bot/outbound.py) waits for that
one call only, and gives up past MAX_RETRY_AFTER_S.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.ext import AIORateLimiter

SENDING_PREFIXES = ("send", "copy", "forward")


def is_sending(endpoint: str) -> bool:
    """Whether a Bot API method posts a message (and so counts against flood limits)."""
    return endpoint.startswith(SENDING_PREFIXES)


class StewardRateLimiter(AIORateLimiter):
    """AIORateLimiter whose chat limits apply to sending methods only."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Limit sends as Telegram does; let moderation calls through; a 429 is the caller's."""
        chat_id = data.get("chat_id") if is_sending(endpoint) else None
        group: int | str | bool = False
        if isinstance(chat_id, str):
            try:
                chat_id = int(chat_id)
            except ValueError:
                group = chat_id  # an @username: channels and supergroups only
        if isinstance(chat_id, int) and chat_id < 0:
            group = chat_id
        return await self._run_request(
            chat=chat_id is not None,
            group=group,
            allow_paid_broadcast=bool(data.get("allow_paid_broadcast", False)),
            callback=callback,
            args=args,
            kwargs=kwargs,
        )
