"""The update processor: different chats at once, one chat's updates in arrival order."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User

from bot.updates import PerChatUpdateProcessor, turn_of


def _update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, "supergroup" if chat_id < 0 else "private")
    user = User(7, "u", False)
    return Update(update_id, message=Message(update_id, None, chat, from_user=user))  # type: ignore[arg-type]


async def test_one_chat_in_order_other_chats_meanwhile() -> None:
    """A slow first update of chat A holds A's second update but not chat B's."""
    processor = PerChatUpdateProcessor(16)
    seen: list[str] = []
    release = asyncio.Event()

    async def handle(name: str, wait: bool = False) -> None:
        if wait:
            await release.wait()
        seen.append(name)

    tasks = [
        asyncio.create_task(processor.process_update(_update(1, -1), handle("a1", wait=True))),
        asyncio.create_task(processor.process_update(_update(2, -1), handle("a2"))),
        asyncio.create_task(processor.process_update(_update(3, -2), handle("b1"))),
    ]
    for _ in range(10):
        await asyncio.sleep(0)
    assert seen == ["b1"]  # B went ahead; A's second waits for A's first
    release.set()
    await asyncio.gather(*tasks)
    assert seen == ["b1", "a1", "a2"]
    assert processor.chats_waiting == 0  # locks of idle chats are dropped


async def test_many_updates_of_one_chat_keep_their_order() -> None:
    processor = PerChatUpdateProcessor(256)
    seen: list[int] = []

    async def handle(n: int) -> None:
        await asyncio.sleep(0.001 * (n % 3))
        seen.append(n)

    await asyncio.gather(*(processor.process_update(_update(n, -5), handle(n)) for n in range(50)))
    assert seen == list(range(50))


def test_whose_turn() -> None:
    """A chat's updates share its turn; updates without a chat use the sender's; else one."""
    assert turn_of(_update(1, -100)) == -100
    assert turn_of(_update(1, 42)) == 42
    assert turn_of(Update(5)) == 0
    assert turn_of("not an update") == 0
