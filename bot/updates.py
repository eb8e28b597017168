"""Updates of different chats at once, each chat's in order.

python-telegram-bot handles one update at a time by default, so a busy group (forty `/help`
commands, a flood wait on one chat's reply) holds every other group's moderation. With this
processor updates run concurrently, but the updates of one chat (or of one private chat, or one
person's button presses) take turns in arrival order: a chat's messages are judged in order, a
join is booked before that member's first message, and nothing in Steward has to guard against
two updates of one chat at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates that name no chat and no person (rare: polls, some business updates) share one turn.
_NOBODY = 0


def turn_of(update: object) -> int:
    """Whose turn an update waits for: its chat, else its sender, else the common one."""
    if not isinstance(update, Update):
        return _NOBODY
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    user = update.effective_user
    return user.id if user is not None else _NOBODY


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat (FIFO locks, dropped when idle)."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run one update once every earlier update of its chat has finished."""
        key = turn_of(update)
        lock = self._turns.get(key)
        if lock is None:
            lock = self._turns[key] = asyncio.Lock()
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            left = self._waiting[key] - 1
            if left:
                self._waiting[key] = left
            else:
                # Nobody else waits for this chat: forget its lock (memory stays bounded).
                del self._waiting[key]
                del self._turns[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    @property
    def chats_waiting(self) -> int:
        """Chats with an update running or waiting (for tests and figures)."""
        return len(self._turns)
