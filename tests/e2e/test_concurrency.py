"""One busy group never stalls another (#15, item 2): updates of different chats run at once,
a flood wait holds only the call that got it, and each chat's updates keep their order."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from telegram import Update

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import AD, owner_and_shop


async def _feed(world: World, steward: Harness) -> None:
    """Hand the queued updates to the running application as polling would (its update
    queue, so the update processor decides what runs when)."""
    app = steward.app
    assert app is not None
    while world.queue:
        await app.update_queue.put(Update.de_json(world.queue.popleft(), app.bot))


async def _until(check: Callable[[], bool], limit: float = 10.0) -> float:
    """Wait until check() holds (at most `limit` seconds); the seconds it took."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while not check():
        if loop.time() - start > limit:
            raise AssertionError("timed out")
        await asyncio.sleep(0.01)
    return loop.time() - start


async def _two_groups(world: World, steward: Harness):
    alice, shop = await owner_and_shop(world, steward)
    other = await world.group_with_steward("Other Shop", owner=alice)
    mallory = await other.join(world.user("mallory"))
    await steward.settle()
    return alice, shop, other, mallory


async def test_a_flood_wait_in_one_group_does_not_hold_another(world: World, steward: Harness):
    """Telegram makes the reply to /help in one group wait 3 s: an ad posted in another group
    right after is removed at once, and the /help reply still arrives after its wait."""
    alice, shop, other, mallory = await _two_groups(world, steward)
    world.faults.fail("sendMessage", "429", times=1, retry_after=3, chat_id=shop.id)
    replies = len(shop.bot_messages)
    await shop.member(alice).says("/help")
    ad = await mallory.says(AD)
    await _feed(world, steward)
    assert await _until(lambda: ad.deleted) < 1.0
    assert len(shop.bot_messages) == replies  # still waiting out its flood wait
    await _until(lambda: len(shop.bot_messages) > replies)
    assert "commands for admins" in shop.last_bot_message.text


async def test_a_two_minute_flood_wait_is_not_waited_out(world: World, steward: Harness):
    """retry_after=120 is past the 30 s Steward waits: that reply is given up (and logged),
    nothing else waits for it."""
    alice, shop, other, mallory = await _two_groups(world, steward)
    world.faults.fail("sendMessage", "429", times=5, retry_after=120, chat_id=shop.id)
    await shop.member(alice).says("/help")
    ad = await mallory.says(AD)
    await _feed(world, steward)
    assert await _until(lambda: ad.deleted) < 1.0

    def calls() -> list[Any]:
        return [c for c in world.calls_to("sendMessage") if c.params.get("chat_id") == shop.id]

    await _until(lambda: any(not c.ok for c in calls()))
    await asyncio.sleep(0.2)
    assert len([c for c in calls() if not c.ok]) == 1  # one refusal, no retry loop


async def test_a_burst_of_commands_in_one_group_does_not_delay_an_ad_in_another(
    world: World, steward: Harness
):
    """Twenty-two /help in one group, past Telegram's twenty messages a minute there, then an ad
    in another group, fed at once: the ad is removed within a second while the last replies
    wait their turn in the first group (one after another, each answered)."""
    alice, shop, _other, mallory = await _two_groups(world, steward)
    owner = shop.member(alice)
    replies = len(shop.bot_messages)
    for _ in range(22):
        await owner.says("/help")
    ad = await mallory.says(AD)
    await _feed(world, steward)
    assert await _until(lambda: ad.deleted) < 1.0
    assert len(shop.bot_messages) < replies + 22
    await _until(lambda: len(shop.bot_messages) >= replies + 22, limit=20)
