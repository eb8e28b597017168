"""Owner alert DMs and their buttons, pressed in odd orders and situations.

Each test failed while its bug lived; the docstring says what the owner saw and should see.
"""

from __future__ import annotations

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_alerts import shop, spam_once
from tests.e2e.test_herd import TITLE, _complain
from tests.e2e.test_pipeline import BORDERLINE

# A plain opinion members may report; it reads as no ad, so only reports bring it to the owner.
OPINION = "to be fair the stall by the station sells these for half, just saying"


async def _reported(world: World, steward: Harness, group):
    """A member reports someone's message once: the owner's alert offers Confirm / Dismiss."""
    author = await group.join(world.user("seller"))
    reporter = await group.join(world.user("reporter"))
    await reporter.says("good morning everyone")
    await steward.settle()
    message = await author.says(OPINION)
    await steward.settle()
    await reporter.says("/report", reply_to=message)
    await steward.settle()
    return message


async def test_restore_does_not_lift_a_ban_a_moderator_gave_by_hand(
    world: World, steward: Harness
):
    """Steward muted mallory for an ad; the owner then looked closer and banned her with
    `/ban @mallory scammer`. Later someone presses the old alert's Restore: mallory is unbanned
    and can come straight back. Restore should undo Steward's own mute, not a moderator's later
    ban (the restore code already spares a moderator's mute for hidden reports)."""
    alice, group, _dave = await shop(world, steward)
    await spam_once(world, steward, group)
    mallory = world.user("mallory")
    alert = alice.last_dm
    await group.member(alice).says("/ban @mallory scammer")
    await steward.settle()
    assert mallory.id in group.banned
    await alice.presses(alert, "↩️ Restore")
    await steward.settle()
    assert mallory.id in group.banned, "Restore lifted the ban the owner gave by hand"


async def test_confirm_spam_needs_the_delete_right_as_spam_does(world: World, steward: Harness):
    """README: `/spam` needs both "Delete messages" and "Ban users", "the same holds for alert
    buttons". Dave may ban but not delete; on a report alert (the message still up) his
    Confirm spam deletes the message anyway. He should be told he lacks «Delete messages»,
    and the message should stay."""
    alice, group, dave = await shop(world, steward)
    await group.member(dave).says("/alerts on")
    await steward.settle()
    message = await _reported(world, steward, group)
    assert dave.last_dm.buttons == ["✅ Confirm spam", "👌 Dismiss"]
    press = await dave.presses(dave.last_dm, "✅ Confirm spam")
    await steward.settle()
    assert not message.deleted, "an admin without «Delete messages» deleted through a button"
    assert "Delete messages" in (press.answer_text or ""), press.answer_text


async def test_restore_after_steward_was_removed_does_not_say_restored(
    world: World, steward: Harness
):
    """The owner removed Steward from the group, then presses Restore on an alert: the answer
    is "✔️ restored by @alice", every copy is closed as restored and the text is learned as
    fine, yet Telegram did nothing (mallory stays muted, no repost). The owner should be told
    Steward is no longer in that group, and the alert should stay open."""
    alice, group, _dave = await shop(world, steward)
    await spam_once(world, steward, group)
    alert = alice.last_dm
    await group.remove_bot(by=alice)
    await steward.settle()
    press = await alice.presses(alert, "↩️ Restore")
    await steward.settle()
    assert "restored" not in (press.answer_text or ""), press.answer_text
    record = (await steward.services.store.list_alerts(group.id))[0]
    assert record.handled_by is None


async def test_restore_when_steward_lost_the_ban_right_names_it(world: World, steward: Harness):
    """The owner took Steward's admin rights away, then presses Restore: the press answers
    "✔️ restored by @alice" and the alert is closed as restored while mallory stays muted; the
    group is told Telegram "failed on its side" and to try again in a moment, which will never
    work. README: Steward "names the right to grant when it lacks one". The press should say
    Steward needs «Ban users» and leave the alert open."""
    alice, group, _dave = await shop(world, steward)
    await spam_once(world, steward, group)
    alert = alice.last_dm
    await group.demote_bot(by=alice)
    await steward.settle()
    press = await alice.presses(alert, "↩️ Restore")
    await steward.settle()
    assert group.is_restricted(world.user("mallory"))  # Telegram lifted nothing
    assert "Ban users" in (press.answer_text or ""), press.answer_text
    assert alert.buttons == ["↩️ Restore", "✅ Confirm spam"], alert.buttons


async def test_confirm_when_steward_cannot_ban_does_not_say_done(world: World, steward: Harness):
    """The owner took Steward's admin rights away, then presses Confirm spam: the answer and
    every copy read "✔️ confirmed as spam by @alice", yet mallory is not banned (Telegram
    refused). The Ban author button says "Telegram would not let me ban them" in the same
    case; Confirm should say so too instead of reporting success."""
    alice, group, _dave = await shop(world, steward)
    await spam_once(world, steward, group)
    alert = alice.last_dm
    await group.demote_bot(by=alice)
    await steward.settle()
    press = await alice.presses(alert, "✅ Confirm spam")
    await steward.settle()
    assert world.user("mallory").id not in group.banned  # Telegram refused the ban
    answer = press.answer_text or ""
    assert answer != "✔️ confirmed as spam by @alice" and "ban" in answer.lower(), answer


async def test_not_spam_on_a_warning_takes_the_warning_back(world: World, steward: Harness):
    """A borderline message: dana is warned in the group ("Warning 1/3") and the owner asked.
    The owner presses Not spam: the answer is "marked not spam", yet dana's warning still
    counts, so two more borderline messages mute her for something the owner called fine.
    Not spam should take back the warning Steward gave for that message."""
    alice, group, _dave = await shop(world, steward)
    dana = await group.join(world.user("dana"))
    await dana.says(BORDERLINE)
    await steward.settle()
    assert "Warning 1/3" in group.last_bot_message.text
    press = await alice.presses(alice.last_dm, "🙅 Not spam")
    await steward.settle()
    assert "marked not spam" in (press.answer_text or "")
    member = await steward.services.store.get_member(group.id, dana.id)
    assert member is not None and member.warnings == 0, member


async def test_post_statement_after_removal_answers_in_the_owners_language(clocked):
    """A Russian owner presses «Опубликовать заявление» after removing Steward from the group:
    the answer reads "Не получилось опубликовать заявление: Forbidden: bot was kicked from
    the supergroup chat", Telegram's raw English error. It should say, in Russian, that Steward is
    no longer in that group (as "Post a prompt now" does)."""
    world, steward = clocked
    alice = world.user("alice", started_bot=True, language_code="ru")
    await alice.start_bot()
    group = await world.group_with_steward(TITLE, owner=alice)
    await steward.settle()
    await _complain(world, steward, group, 3)
    [alert] = [m for m in alice.dms if "копятся жалобы" in m.text]
    await group.remove_bot(by=alice)
    await steward.settle()
    press = await alice.presses(alert, "📣 Опубликовать заявление")
    await steward.settle()
    answer = press.answer_text or ""
    assert answer and "Forbidden" not in answer and "kicked" not in answer, answer
