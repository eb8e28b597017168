"""Engagement prompts, schedules, group health and the weekly digest at their edges, over days on
the fake clock: each test failed while its bug lived (found by using them as an owner would)."""

from __future__ import annotations

import random
from datetime import UTC, date, timedelta
from typing import Any

import pytest

from bot.activity import ACTIVITY, SENDER
from bot.harness import Harness
from bot.sandbox import World
from bot.store import WindowCount
from tests.e2e.test_engagement import _command, _group, _posted, _tick


@pytest.fixture(autouse=True)
def seeded(clocked: tuple[World, Harness]) -> None:
    """The prompt choice is random: seeded, so each run posts the same prompts."""
    clocked[1].services.engagement.rng = random.Random(7)


def _content(message: Any) -> str:
    """What members see of a prompt: its text, or a poll's question and options."""
    poll = message.state.data.get("poll")
    if poll:
        options = [o["text"] if isinstance(o, dict) else str(o) for o in poll["options"]]
        return "\n".join([poll["question"], *options])
    return str(message.text)


async def _busy_then_quiet(steward: Harness, world: World, shop) -> None:
    """Four busy weeks in the store's history, then a quiet week; the last stage 'steady'."""
    services = steward.services
    now = world.clock()
    rows = []
    for day in range(8, 36):
        at = (now - timedelta(days=day)).replace(minute=0, second=0, microsecond=0)
        rows.append(WindowCount(shop.id, ACTIVITY, "messages", at, 60))
        rows += [WindowCount(shop.id, SENDER, str(1000 + u), at, 6) for u in range(10)]
    for day in range(1, 8):
        at = (now - timedelta(days=day)).replace(minute=0, second=0, microsecond=0)
        rows.append(WindowCount(shop.id, ACTIVITY, "messages", at, 4))
        rows.append(WindowCount(shop.id, SENDER, "1000", at, 4))
    await services.store.add_to_windows(rows, now)
    await services.store.update_chat_settings(shop.id, {"health_stage": "steady"})


async def test_prompt_preview_shows_the_prompt_that_prompt_post_then_posts(clocked):
    """README: `/prompt preview` shows "what would be posted next". The owner previews (a poll
    about new arrivals), likes it, sends /prompt post at once: a different prompt is posted
    (a question about wearing a purchase); it happens on each try, because preview and post each
    draw their own random pick. The previewed prompt should be the one posted next."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    preview = await _command(steward, owner, "/prompt preview")
    previewed = preview.split("\n")[1]  # "Next prompt (kind):" then the prompt's text
    await owner.says("/prompt post")
    await steward.settle()
    [posted] = await _posted(steward, shop)
    assert previewed in _content(posted), (preview, _content(posted))


async def test_an_admin_demoted_and_gone_no_longer_gets_the_groups_digest(clocked):
    """Dave, a moderator, sends /digest on; the owner then demotes him and he leaves the
    group. A week later Dave still gets the group's weekly digest (its activity, joins,
    complaints) by DM, and every week after. Alerts go only to admins of the group right now;
    the digest should too."""
    world, steward = clocked
    _alice, shop, _owner = await _group(world, steward)
    dave = world.user("dave", started_bot=True)
    await dave.start_bot()
    await shop.join(dave)
    await shop.promote(dave)
    await steward.settle()
    assert "every week" in await _command(steward, shop.member(dave), "/digest on")
    await shop.demote(dave)
    await steward.settle()
    await shop.member(dave).leaves()
    await steward.settle()
    await _tick(world, steward, 7 * 24 * 3600 + 60)
    digests = [m for m in dave.dms if "photo" in m.state.data]
    assert digests == [], [m.text[:60] for m in digests]


async def test_the_owners_bot_commands_are_not_counted_as_the_group_talking(clocked):
    """Nobody says a word in the new group for a week; only the owner checks on it with
    /schedule list once a day. /health then reports "messages 7, members who wrote 1 ... Top 3
    members wrote 100%" (and the digest "Messages: 7 · active members: 1"): commands to Steward
    are counted as the group's conversation, so an owner who checks often hides a dead group
    (it is never "dormant"). It should read messages 0, members who wrote 0."""
    world, steward = clocked
    _alice, _shop, owner = await _group(world, steward)
    for _ in range(8):
        await _tick(world, steward, 24 * 3600)
        await _command(steward, owner, "/schedule list")
    report = await _command(steward, owner, "/health")
    assert "The last 7 full days: messages 0, members who wrote 0" in report, report


async def test_a_decline_boost_never_makes_a_fifth_prompt_in_a_day(clocked):
    """README: "At most 4 prompts a day in all". A group with `daily 13:00,14:00,15:00,16:00`
    turns declining at 12:01: the alert says the next prompt was brought forward, and the group
    gets prompts at 12:20, 13:00, 14:00, 15:00 and 16:00: five that day. Bringing the 13:00
    prompt forward should move it, not add one."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    answer = await _command(steward, owner, "/schedule add daily 13:00,14:00,15:00,16:00")
    assert "Schedule #1" in answer
    await _busy_then_quiet(steward, world, shop)
    for _ in range(12 * 11):  # 5-minute steps to 23:00
        await _tick(world, steward, 300)
    assert "I brought the next scheduled prompt forward" in alice.last_dm.text
    posts = await steward.services.store.list_posts(shop.id)
    today = [p.posted_at for p in posts if p.posted_at.astimezone(UTC).date() == date(2026, 1, 1)]
    assert len(today) <= 4, sorted(today)


async def test_post_a_prompt_now_pressed_by_two_admins_posts_one_prompt(clocked):
    """The decline alert reaches the owner and a co-admin, each with "💬 Post a prompt now".
    Both press it (and the owner presses again, unsure it worked): three prompts land in the
    group back to back, each press answered "A prompt was posted". README: on alert buttons
    "the first press wins, and every copy then shows who handled it". One prompt, and the
    later presses told it was already done."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    bob = world.user("bob", started_bot=True)
    await bob.start_bot()
    await shop.join(bob)
    await shop.promote(bob)
    await steward.settle()
    await _command(steward, shop.member(bob), "/alerts on")
    await _command(steward, owner, "/schedule add weekly mon 18:00")
    await _busy_then_quiet(steward, world, shop)
    await _tick(world, steward, 60)
    to_alice, to_bob = alice.last_dm, bob.last_dm
    assert "Declining" in to_alice.text and "Declining" in to_bob.text
    await alice.presses(to_alice, "💬 Post a prompt now")
    await steward.settle()
    await bob.presses(to_bob, "💬 Post a prompt now")
    await steward.settle()
    await alice.presses(to_alice, "💬 Post a prompt now")
    await steward.settle()
    assert len(await _posted(steward, shop)) == 1


async def test_a_schedule_inside_the_quiet_hours_is_not_announced_as_coming(clocked):
    """Quiet hours 23:00-06:00, then `/schedule add weekly sat 23:30`: the answer says "Next
    prompt: 2026-01-03 23:30" and /schedule list keeps showing that time, yet every one of its
    runs is skipped for the quiet hours, so the prompt never comes and nobody is told until a
    run has already been skipped. The answer should say the time falls in the quiet hours."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule quiet 23:00-06:00")
    answer = await _command(steward, owner, "/schedule add weekly sat 23:30")
    assert "Schedule #1" in answer
    await _tick(world, steward, (2 * 24 + 11) * 3600 + 40 * 60)  # Sat 23:40
    assert await _posted(steward, shop) == []  # skipped, as quiet hours want
    assert "quiet" in answer.lower(), answer
