"""Members' /report at its edges: who the owner's alert names, what a Dismiss settles, fresh
accounts against a regular, and an alert that says why a message reaching the threshold is
still up (observe mode, a missing right)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.harness import Harness
from bot.sandbox import World
from bot.sandbox.handles import Message
from tests.e2e.test_moderation import owner_and_shop
from tests.e2e.test_reports import _regulars


async def test_a_reporter_without_a_username_is_named_in_the_owners_alert(
    world: World, steward: Harness
):
    """Dora has no @username. She reported a message; the owner's alert read "🚩 1003 reported
    a message from @regular0", a bare number nobody can place, though Telegram gave her name. It
    names her as every other alert names people without a username ("Dora")."""
    alice, group = await owner_and_shop(world, steward)
    (author,) = await _regulars(world, steward, group, 1)
    dora = await group.join(world.user("dora"))
    dora.user.state.username = None
    for k in range(3):
        await dora.says(f"good morning everyone {k}")
    message = await author.says("honestly their prices are better than here")
    await steward.settle()
    await dora.says("/report", reply_to=message)
    await steward.settle()
    alert = alice.last_dm.text
    assert "reported a message from @regular0" in alert
    assert alert.startswith("🚩 Dora reported"), alert


async def test_a_dismissed_report_is_not_brought_back_by_the_same_reporter(
    world: World, steward: Harness
):
    """The owner pressed Dismiss on regular1's report ("this message is fine"). Dismiss forgot
    every report of the message, so regular1 reported it again and, with two friends, hid the
    very message the owner cleared (and got the report back in their allowance). Now the
    dismissed reporter hears "You've already reported that message", the others that an admin
    already looked at it, the owner is not alerted again, the message stays, and the dismissed
    report still counts toward regular1's allowance."""
    alice, group = await owner_and_shop(world, steward)
    author, first, second, third = await _regulars(world, steward, group, 4)
    message = await author.says("honestly their prices are better than here")
    await steward.settle()
    await first.says("/report", reply_to=message)
    await steward.settle()
    press = await alice.presses(alice.last_dm, "👌 Dismiss")
    await steward.settle()
    assert "dismissed" in (press.answer_text or "")
    alerts = len(alice.dms)
    answers = []
    for reporter in (first, second, third):
        await reporter.says("/report", reply_to=message)
        await steward.settle()
        answers.append(group.last_bot_message.text)
    assert not message.deleted
    assert "already reported" in answers[0]
    assert all("already looked at that message" in a for a in answers[1:]), answers
    assert len(alice.dms) == alerts
    since = steward.services.clock() - timedelta(minutes=10)
    assert await steward.services.store.reports_by(first.id, since) == 1


async def test_accounts_that_joined_a_moment_ago_cannot_hide_a_regulars_message(
    world: World, steward: Harness
):
    """A rival brings three throwaway accounts into the shop; each joins and at once sends
    /report on a long-standing member's message. Three reports hid it: anyone with three
    fresh accounts could silence any member. Reports from accounts still in their first
    messages no longer count against a regular's message; the owner still gets each one, named
    as from a new account."""
    alice, group = await owner_and_shop(world, steward)
    (regular,) = await _regulars(world, steward, group, 1)
    message = await regular.says("the new stock arrived, the blue ones look great")
    await steward.settle()
    for n in range(3):
        sock = await group.join(world.user(f"throwaway{n}"))
        await sock.says("/report", reply_to=message)
        await steward.settle()
    assert not message.deleted
    alert = alice.last_dm.text
    assert alert.startswith("🚩 @throwaway2, an account new here, reported"), alert
    assert "(0 of 3 reports to hide it; 3 from new accounts not counted)" in alert, alert


async def test_a_report_threshold_reached_without_the_delete_right_says_why_nothing_hid(
    world: World, steward: Harness
):
    """Steward lacks "Delete messages". Three members report a message: the owner's alert said
    "(3 of 3 reports to hide it)", the message was still up, and nothing said why. The alert
    now says the message reached the threshold but could not be hidden, naming the right to
    grant, as every other place where Steward lacks a right does."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group_with_steward(
        "Shop", owner=alice, rights={"can_delete_messages": False}
    )
    await steward.settle()
    message = await _reported_by_three(world, steward, group)
    assert not message.deleted
    alert = alice.last_dm.text
    assert "3 of 3" in alert and "could not hide it" in alert
    assert "Delete messages" in alert, alert


async def test_observe_mode_report_alert_says_the_message_would_have_been_hidden(
    world: World, steward: Harness
):
    """Observe mode: the third report reaches the threshold. The owner's alert read exactly as
    the first two ("3 of 3 reports to hide it") while the message stayed up; only the stored
    event said "would be hidden (observe mode)". The alert now says it would have been hidden
    and was left up because of observe mode."""
    alice, group = await owner_and_shop(world, steward, mode="observe")
    message = await _reported_by_three(world, steward, group)
    assert not message.deleted
    alert = alice.last_dm.text
    assert "3 of 3" in alert
    assert "observe" in alert.lower() and "would have hidden it" in alert, alert


async def _reported_by_three(world: World, steward: Harness, group: Any) -> Message:
    """A regular's message, reported by three other regulars one after another."""
    author, *reporters = await _regulars(world, steward, group, 4)
    message: Message = await author.says("honestly their prices are better than here")
    await steward.settle()
    for reporter in reporters:
        await reporter.says("/report", reply_to=message)
        await steward.settle()
    return message
