"""Members' /report end to end: what the threshold hides, and what an admin's answer undoes."""

from __future__ import annotations

from typing import Any

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import owner_and_shop


async def _regulars(world: World, steward: Harness, shop, count: int) -> list[Any]:
    """Members who each said a few ordinary things (so /report is theirs to use)."""
    members = []
    for n in range(count):
        member = await shop.join(world.user(f"regular{n}"))
        for k in range(3):
            await member.says(f"morning all, nice to see the new stock {k}")
        members.append(member)
    await steward.settle()
    return members


async def _reported(steward: Harness, message, reporters) -> None:
    for reporter in reporters:
        await reporter.says("/report", reply_to=message)
        await steward.settle()


async def test_observe_mode_does_not_hide_a_reported_message(world: World, steward: Harness):
    """Three reports in observe mode: the message stays (it was deleted: observe mode promises
    to touch nothing), the record says it would have been hidden, and the admins are told."""
    alice, shop = await owner_and_shop(world, steward, mode="observe")
    author, *reporters = await _regulars(world, steward, shop, 4)
    message = await author.says("honestly their prices are better than here")
    await steward.settle()
    await _reported(steward, message, reporters)
    assert not message.deleted
    event = await steward.services.store.find_event_by_message(shop.id, message.id)
    assert event is not None and event.kind == "report"
    assert "would be hidden (observe mode)" in event.reason


async def test_restoring_a_hidden_report_keeps_an_admins_mute(world: World, steward: Harness):
    """The owner muted the author for a week; members' reports then hid the message; Restore
    brings the message back and leaves the owner's mute (it lifted it)."""
    alice, shop = await owner_and_shop(world, steward)
    author, *reporters = await _regulars(world, steward, shop, 4)
    message = await author.says("honestly their prices are better than here")
    await steward.settle()
    await shop.member(alice).says("/mute 1w flooding", reply_to=message)
    await steward.settle()
    assert shop.is_restricted(world.user("regular0"))
    await _reported(steward, message, reporters)
    assert message.deleted
    await alice.presses(alice.last_dm, "↩️ Restore")
    await steward.settle()
    assert shop.is_restricted(world.user("regular0"))
    assert "honestly their prices are better than here" in shop.last_bot_message.text


async def test_a_hidden_photo_is_not_said_to_be_unmuted(world: World, steward: Harness):
    """A photo hidden by reports, restored: Steward said "they can write again" of a member
    nobody had muted. It says the photo is fine and asks for it again."""
    alice, shop = await owner_and_shop(world, steward)
    author, *reporters = await _regulars(world, steward, shop, 4)
    photo = await author.says(photo=True)
    await steward.settle()
    await _reported(steward, photo, reporters)
    assert photo.deleted
    await alice.presses(alice.last_dm, "↩️ Restore")
    await steward.settle()
    said = shop.last_bot_message.text
    assert "can write again" not in said and "please send it again" in said


async def test_report_wording_holds_at_a_threshold_of_one_and_of_never(
    world: World, steward: Harness
):
    """At report_threshold 1 one report hid the message with "Several members reported" and
    "reported by 1 members"; at 0 (never hide) the alert read "(1 of - reports to hide it)"."""
    alice, shop = await owner_and_shop(world, steward, report_threshold=1)
    author, reporter = await _regulars(world, steward, shop, 2)
    message = await author.says("honestly their prices are better than here")
    await steward.settle()
    await _reported(steward, message, [reporter])
    assert message.deleted
    assert "Several" not in shop.last_bot_message.text
    assert "reached 1 of 1 reports" in alice.last_dm.text and "1 members" not in alice.last_dm.text
    await shop.member(alice).says("/settings report_threshold 0")
    await steward.settle()
    other = await author.says("and their delivery is quicker too")
    await steward.settle()
    await _reported(steward, other, [reporter])
    assert not other.deleted
    assert "reports never hide messages here" in alice.last_dm.text


async def test_an_older_report_alert_cannot_undo_a_restore(world: World, steward: Harness):
    """Each report raised an alert; the third hid the message and the owner restored it from
    that alert. Confirm on the first alert then banned the restored author; now it answers
    that the message was already restored."""
    alice, shop = await owner_and_shop(world, steward)
    author, *reporters = await _regulars(world, steward, shop, 4)
    message = await author.says("honestly their prices are better than here")
    await steward.settle()
    alerts = []
    for reporter in reporters:
        await reporter.says("/report", reply_to=message)
        await steward.settle()
        alerts.append(alice.last_dm)
    await alice.presses(alerts[-1], "↩️ Restore")
    await steward.settle()
    press = await alice.presses(alerts[0], "✅ Confirm spam")
    await steward.settle()
    assert author.id not in shop.banned
    assert "already restored" in (press.answer_text or "")


async def test_a_member_repeating_a_refused_report_gets_one_answer_a_minute(world, steward):
    """25 /report with nothing replied to got 25 answers: each spent the group's sends, and
    the group's moderation waited behind them. Members get one a minute, as other refusals."""
    _, shop = await owner_and_shop(world, steward)
    mallory = await shop.join(world.user("mallory"))
    await steward.settle()
    before = len(_sent_to(world, shop.id))
    for _ in range(25):
        await mallory.says("/report")
    await steward.settle()
    assert len(_sent_to(world, shop.id)) - before == 1


def _sent_to(world, chat_id: int) -> list[str]:
    return [
        str(c.params.get("text"))
        for c in world.calls_to("sendMessage")
        if int(c.params["chat_id"]) == chat_id
    ]
