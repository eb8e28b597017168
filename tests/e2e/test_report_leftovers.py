"""Leftovers of members' reports and warnings: an admin's "this message is fine" is remembered
when nobody had reported the message yet and after the retention purge, and /warn at the limit
names the right Steward lacks, as the other moderation commands do."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import owner_and_shop
from tests.e2e.test_pipeline import BORDERLINE
from tests.e2e.test_reports import _regulars

OPINION = "honestly their prices are better than here"


async def test_a_not_spam_message_reported_later_is_not_raised_again(
    world: World, steward: Harness
):
    """dana's borderline message gets her a warning and the owner an alert; the owner presses
    Not spam. Nobody had reported it, so nothing remembered the decision: three members then
    reported it, it was hidden, and the owner was asked again about a message they had already
    cleared. Their reports now hear that an admin already looked at it; it stays up."""
    alice, group = await owner_and_shop(world, steward)
    reporters = await _regulars(world, steward, group, 3)
    dana = await group.join(world.user("dana"))
    message = await dana.says(BORDERLINE)
    await steward.settle()
    assert "Warning 1/3" in group.last_bot_message.text
    press = await alice.presses(alice.last_dm, "🙅 Not spam")
    await steward.settle()
    assert "marked not spam" in (press.answer_text or "")
    alerts = len(alice.dms)
    answers = await _report_again(steward, group, message, reporters)
    assert not message.deleted
    assert all("already looked at that message" in a for a in answers), answers
    assert len(alice.dms) == alerts


async def _report_again(steward: Any, group: Any, message: Any, reporters: Any) -> list[str]:
    """Each reporter reports the message in turn; Steward's answer to each."""
    answers = []
    for reporter in reporters:
        await reporter.says("/report", reply_to=message)
        await steward.settle()
        answers.append(group.last_bot_message.text)
    return answers


async def test_a_dismissal_outlives_the_retention_purge(clocked):
    """The owner dismissed regular1's report of a message. Eight days later the retention
    purge (RETENTION_DAYS=7) forgot the old reports, and with them the dismissal: two members
    reported the message again, the owner was alerted as if nobody had looked. The dismissal
    holds no text and is kept; the new reports hear that an admin already looked at it."""
    world, steward = clocked
    alice, group = await owner_and_shop(world, steward)
    author, first, second, third = await _regulars(world, steward, group, 4)
    message = await author.says(OPINION)
    await steward.settle()
    await first.says("/report", reply_to=message)
    await steward.settle()
    press = await alice.presses(alice.last_dm, "👌 Dismiss")
    await steward.settle()
    assert "dismissed" in (press.answer_text or "")
    world.clock.advance(timedelta(days=8).total_seconds())
    assert steward.app is not None and steward.app.job_queue is not None
    (retention,) = steward.app.job_queue.get_jobs_by_name("retention")
    await retention.run(steward.app)
    alerts = len(alice.dms)
    answers = await _report_again(steward, group, message, (second, third))
    assert not message.deleted
    assert all("already looked at that message" in a for a in answers), answers
    assert len(alice.dms) == alerts


async def test_warn_at_the_limit_names_the_right_steward_lacks(world: World, steward: Harness):
    """Steward lacks "Ban users"; the chat mutes at the limit. The owner's third /warn reaches
    it and Telegram refuses the mute: the group read only "Please check my admin rights", while
    /mute and the automatic warnings name the right to grant. /warn now names it too."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group_with_steward(
        "Shop", owner=alice, rights={"can_restrict_members": False}
    )
    await steward.settle()
    await steward.services.store.update_chat_settings(group.id, {"at_limit": "mute"})
    steward.services.cache.forget_chat(group.id)
    dana = await group.join(world.user("dana"))
    await dana.says("morning all")
    await steward.settle()
    owner = group.member(alice)
    for _ in range(3):
        await owner.says("/warn @dana")
        await steward.settle()
    assert not group.is_restricted(world.user("dana"))
    said = "\n".join(m.text for m in group.bot_messages[-3:])
    assert "reached the warning limit (3)" in said, said
    assert "I need the right «Ban users»" in said, said
    assert "@StewardTestBot, and turn it on" in said, said
