"""A prompt's usual hour in a zone off the whole hour (India +5:30): the UTC hour holding the
chat's midnight is kept in two buckets (bot/activity.py), and the usual for that hour is both."""

from __future__ import annotations

import random

import pytest

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_engagement import _command, _group, _posted, _tick

# The clock starts at 12:00 UTC, 17:30 in India: midnight there is 18:30 UTC.
TO_1810 = 6 * 3600 + 10 * 60
TO_NOON = 17 * 3600 + 15 * 60  # from 18:45 (after the night's talk) to 12:00 the next day


@pytest.fixture(autouse=True)
def seeded(clocked: tuple[World, Harness]) -> None:
    """The prompt choice is random: seeded, so each run posts the same prompts."""
    clocked[1].services.engagement.rng = random.Random(7)


def _advance(world: World, seconds: float) -> None:
    world.clock.advance(seconds)  # type: ignore[attr-defined]


async def _night_talk(world: World, steward: Harness, members, before=None) -> None:
    """From 18:10 UTC (23:40 in India): m0 says good night; after midnight there (18:40, 18:42,
    18:45 UTC) m1, m2 and m0 again write: four messages, three people in the 18:00 UTC hour.
    `before` runs at 18:35 UTC, just after midnight."""
    await members[0].says("almost midnight, good night all")
    await steward.settle()
    _advance(world, 25 * 60)  # 18:35
    if before is not None:
        await before()
    _advance(world, 5 * 60)  # 18:40
    await members[1].says("happy new day")
    await steward.settle()
    _advance(world, 2 * 60)
    await members[2].says("still awake here too")
    await steward.settle()
    _advance(world, 3 * 60)  # 18:45
    await members[0].says("ok one more message")
    await steward.settle()


async def _india_group(world: World, steward: Harness, extra: int = 0):
    alice, shop, owner = await _group(world, steward)
    assert "Asia/Kolkata" in await _command(steward, owner, "/tz Asia/Kolkata")
    members = [await shop.join(world.user(f"m{i}")) for i in range(3 + extra)]
    await steward.settle()
    return alice, shop, owner, members


async def test_the_usual_for_the_hour_of_midnight_counts_the_talk_after_it(clocked):
    """A group in India talks every night around midnight there: one member just before it,
    two more (and the first again) just after, all within the 18:00 UTC hour. A week on, the
    owner schedules `daily 23:35` (18:05 UTC). /prompt stats said "usually 1.0 at that hour":
    the usual read only the part of the hour before midnight. It is three people (the member
    who wrote on both sides of midnight counted once)."""
    world, steward = clocked
    _alice, shop, owner, members = await _india_group(world, steward)
    for _day in range(7):
        await _tick(world, steward, TO_1810)  # 18:10 UTC
        await _night_talk(world, steward, members)
        await _tick(world, steward, TO_NOON)  # 12:00 the next day
    # Day 8, 12:00 UTC: the schedule's first run is today's 23:35 there (18:05 UTC).
    assert "daily 23:35 (Asia/Kolkata)" in await _command(
        steward, owner, "/schedule add daily 23:35"
    )
    await _tick(world, steward, TO_1810 - 5 * 60 + 5)  # 18:05:05 UTC: the prompt
    assert len(await _posted(steward, shop)) == 1
    world.clock.advance(5 * 60 - 5)  # 18:10
    await _night_talk(world, steward, members)
    await _tick(world, steward, 25 * 60)  # 19:10: measured
    stats = await _command(steward, owner, "/prompt stats")
    assert "3.0 people talking in the hour after a prompt (usually 3.0 at that hour)" in stats, (
        stats
    )


async def test_an_hour_with_a_prompt_just_after_midnight_is_not_a_usual_one(clocked):
    """On the group's first night the owner posts a prompt at 00:05 in India (18:35 UTC), and
    two more members join the talk. That 18:00 UTC hour had a prompt: it is not the usual for
    the `daily 23:35` prompt a week later (its count sat in the bucket after midnight, so the
    hour was taken as a usual one with five people: "usually 3.3")."""
    world, steward = clocked
    _alice, shop, owner, members = await _india_group(world, steward, extra=2)

    async def two_more() -> None:
        await _command(steward, owner, "/prompt post")
        assert len(await _posted(steward, shop)) == 1
        for member in members[3:]:
            await member.says("a prompt, let me answer")
            await steward.settle()

    await _tick(world, steward, TO_1810)  # day 1, 18:10 UTC
    await _night_talk(world, steward, members, before=two_more)
    await _tick(world, steward, TO_NOON)  # day 2, 12:00: the first prompt measured
    for _day in range(6):
        await _tick(world, steward, TO_1810)
        await _night_talk(world, steward, members)
        await _tick(world, steward, TO_NOON)
    # Day 8, 12:00 UTC.
    await _command(steward, owner, "/schedule add daily 23:35")
    await _tick(world, steward, TO_1810 - 5 * 60 + 5)  # 18:05:05 UTC: the prompt
    assert len(await _posted(steward, shop)) == 2
    world.clock.advance(5 * 60 - 5)
    await _night_talk(world, steward, members)
    await _tick(world, steward, 25 * 60)  # 19:10: measured
    stats = await _command(steward, owner, "/prompt stats")
    # The first prompt: five people, nothing to compare its hour with (Steward's first day);
    # the second: three, against the six nights without a prompt.
    assert "4.0 people talking in the hour after a prompt (usually 3.0 at that hour)" in stats, (
        stats
    )
