"""Telegram's flood limits applied to what they limit: sending messages, not moderating.

python-telegram-bot's AIORateLimiter puts every call that names a group chat under the group's
20-messages-a-minute budget, deletions and restrictions included, so cleaning up a wave of fifty
ads would take minutes. Telegram's limits are about messages the bot sends; moderation calls only
keep the retry on 429, which the parent class provides.
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
        """Limit sends as Telegram does; let moderation calls through (still retrying 429s)."""
        if not is_sending(endpoint):
            data = {k: v for k, v in data.items() if k != "chat_id"}
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
