"""Alert delivery and buttons end to end: DMs, log chat, unreachable owners, bursts, presses."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot import outbound
from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import owner_and_shop

AD = "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh"


async def shop(world: World, steward: Harness, *, owner_started: bool = True):
    """A shop owned by alice (who may or may not have started the bot) with a moderator dave."""
    alice = world.user("alice", started_bot=owner_started)
    if owner_started:
        await alice.start_bot()
    group = await world.group_with_steward("Alice's Shop", owner=alice)
    dave = world.user("dave", started_bot=True)
    await dave.start_bot()
    await group.join(dave)
    await group.promote(dave, rights={"can_restrict_members": True})
    await steward.settle()
    return alice, group, dave


async def spam_once(world: World, steward: Harness, group, name: str = "mallory"):
    """A newcomer posts an ad, which Steward removes."""
    spammer = await group.join(world.user(name))
    ad = await spammer.says(AD)
    await steward.settle()
    assert ad.deleted
    return ad


async def test_alert_reaches_owner_with_buttons_and_is_recorded(world: World, steward: Harness):
    """The owner gets a DM with Restore and Confirm; the delivery is recorded as sent."""
    alice, group, _ = await shop(world, steward)
    await spam_once(world, steward, group)
    dm = alice.last_dm
    assert "Removed a message from @mallory" in dm.text
    assert dm.buttons == ["↩️ Restore", "✅ Confirm spam"]
    store = steward.services.store
    alert = (await store.list_alerts(group.id))[0]
    deliveries = await store.list_deliveries(alert.id)
    assert [(d.channel, d.recipient_id, d.status) for d in deliveries] == [
        ("dm", alice.id, "sent")
    ]
    # The buttons carry only opaque tokens, never instructions or ids.
    rows = dm.reply_markup["inline_keyboard"]
    assert all("restore" not in b["callback_data"] for row in rows for b in row)


async def test_opted_in_admin_gets_alerts_and_can_opt_out(world: World, steward: Harness):
    """/alerts on adds a moderator to the DMs; /alerts off removes them again."""
    alice, group, dave = await shop(world, steward)
    await group.member(dave).says("/alerts on")
    await steward.settle()
    assert "You'll get my alerts" in group.last_bot_message.text
    await spam_once(world, steward, group, "m1")
    assert "Removed a message" in dave.last_dm.text
    before = len(dave.dms)
    await group.member(dave).says("/alerts off")
    await spam_once(world, steward, group, "m2")
    assert len(dave.dms) == before
    assert "Removed a message from @m2" in alice.last_dm.text


async def test_owner_can_turn_off_their_own_alerts(world: World, steward: Harness):
    """The owner opting out is respected: with nobody else, the group is told once."""
    alice, group, _ = await shop(world, steward)
    await group.member(alice).says("/alerts off")
    await steward.settle()
    before = len(alice.dms)
    await spam_once(world, steward, group)
    assert len(alice.dms) == before


async def test_unreachable_owner_group_told_once(world: World, steward: Harness):
    """Nobody can be DMed and there is no log chat: the group hears it once, not per alert."""
    _, group, _ = await shop(world, steward, owner_started=False)
    await spam_once(world, steward, group, "m1")
    notices = [m for m in group.bot_messages if "cannot reach anyone" in m.text]
    assert len(notices) == 1
    await spam_once(world, steward, group, "m2")
    notices = [m for m in group.bot_messages if "cannot reach anyone" in m.text]
    assert len(notices) == 1
    store = steward.services.store
    alert = (await store.list_alerts(group.id))[-1]
    statuses = {(d.channel, d.status) for d in await store.list_deliveries(alert.id)}
    assert ("dm", "blocked") in statuses and ("group", "sent") in statuses


@pytest.mark.parametrize("kind", ["5xx", "timeout", "429"])
async def test_a_passing_failure_is_not_told_to_the_group(
    world: World, steward: Harness, monkeypatch: pytest.MonkeyPatch, kind: str
):
    """Telegram failing the owner's DM for a while (after Steward's own retries) is recorded
    as failed; the members are not told that nobody can be reached, the owner can still be."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))
    monkeypatch.setattr(outbound, "MAX_RETRY_AFTER_S", 1.0)
    alice, group, _ = await shop(world, steward)
    world.faults.fail("sendMessage", kind, times=5, retry_after=60, chat_id=alice.id)
    await spam_once(world, steward, group)
    assert not [m for m in group.bot_messages if "cannot reach anyone" in m.text]
    store = steward.services.store
    alert = (await store.list_alerts(group.id))[0]
    assert [(d.channel, d.status) for d in await store.list_deliveries(alert.id)] == [
        ("dm", "failed")
    ]
    chat = await store.get_chat(group.id)
    assert chat is not None and chat.unreachable_notice_at is None


async def test_blocked_owner_falls_back_to_log_chat(world: World, steward: Harness):
    """An owner who blocked the bot: alerts go to the log chat set with /setlog."""
    alice, group, _ = await shop(world, steward)
    log_group = await world.group_with_steward("Shop log", owner=alice)
    await steward.settle()
    await group.member(alice).says("/setlog")
    await steward.settle()
    assert str(group.id) in group.last_bot_message.text
    await group.member(alice).says(f"/setlog {log_group.id}")
    await steward.settle()
    assert "alerts and events go to «Shop log»" in group.last_bot_message.text
    assert "now receives Steward's alerts" in log_group.last_bot_message.text
    await alice.block_bot()
    await steward.settle()
    await spam_once(world, steward, group)
    assert "Removed a message from @mallory" in log_group.last_bot_message.text
    assert log_group.last_bot_message.buttons == ["↩️ Restore", "✅ Confirm spam"]
    assert not [m for m in group.bot_messages if "cannot reach anyone" in m.text]


async def test_setlog_refuses_chats_steward_or_caller_is_not_in(world: World, steward: Harness):
    """A log chat must hold Steward, and the caller must administer it."""
    alice, group, _ = await shop(world, steward)
    stranger = world.user("stranger")
    elsewhere = await world.group_with_steward("Stranger's", owner=stranger)
    no_bot = await world.group("No bot here", owner=alice)
    await steward.settle()
    await group.member(alice).says(f"/setlog {no_bot.id}")
    await steward.settle()
    assert "I'm not in" in group.last_bot_message.text
    await group.member(alice).says(f"/setlog {elsewhere.id}")
    await steward.settle()
    assert "You must be an admin of" in group.last_bot_message.text
    await group.member(alice).says("/setlog nonsense!")
    await steward.settle()
    assert "Use /setlog" in group.last_bot_message.text
    chat = await steward.services.store.get_chat(group.id)
    assert chat is not None and chat.log_chat_id is None


async def test_setlog_refuses_the_group_by_its_own_username(world: World, steward: Harness):
    """/setlog @the_group's_own_username is the group itself: refused like its id, or every
    private alert (with its reasons) would be posted to the members."""
    alice, group, _ = await shop(world, steward)
    group.chat.username = "alices_shop_chat"
    await group.member(alice).says("/setlog @alices_shop_chat")
    await steward.settle()
    assert "can't be its own log chat" in group.last_bot_message.text
    chat = await steward.services.store.get_chat(group.id)
    assert chat is not None and chat.log_chat_id is None


async def spam_wave(world: World, steward: Harness, group, count: int, tag: str = "") -> None:
    """`count` newcomers each post a crypto ad (all removed, each raising an alert)."""
    for n in range(count):
        spammer = await group.join(world.user(f"spammer{tag}{n}"))
        await spammer.says(f"Crypto signals, double your deposit, write me t.me/+Sig{tag}{n}x")
    await steward.settle()


async def digests(world: World, steward: Harness, after_s: float) -> int:
    """Move the clock on and run the digest job once; how many digests went out."""
    world.clock.advance(after_s)  # type: ignore[attr-defined]
    sent = await steward.services.alerts.send_digests(steward.app.bot)  # type: ignore[union-attr]
    await steward.settle()
    return sent


async def test_burst_of_fifty_alerts_becomes_a_few_messages(clocked):
    """Fifty alerts in a minute: three DMs now, one digest after the window, nothing queued."""
    world, steward = clocked
    alice, group, _ = await shop(world, steward)
    before = len(alice.dms)
    await spam_wave(world, steward, group, 50)
    assert len(alice.dms) - before == 3
    assert await digests(world, steward, 0) == 0
    assert await digests(world, steward, 61) == 1
    assert len(alice.dms) - before == 4
    assert "More alerts (spam) in «Alice's Shop» in the last minute: 47." in alice.last_dm.text


async def test_alerts_held_back_survive_a_restart(clocked):
    """The burst count lives in the store: after a restart the held-back alerts still make
    their digest, and the new process does not start a fresh burst in the same minute."""
    world, steward = clocked
    alice, group, _ = await shop(world, steward)
    before = len(alice.dms)
    await spam_wave(world, steward, group, 6)
    assert len(alice.dms) - before == 3
    await steward.restart()
    await spam_wave(world, steward, group, 1, tag="late")
    assert len(alice.dms) - before == 3  # still the same burst window
    assert await digests(world, steward, 61) == 1
    assert "More alerts (spam) in «Alice's Shop» in the last minute: 4." in alice.last_dm.text


async def test_two_workers_on_one_database_share_one_burst(clocked):
    """A second process on the same store counts into the same window: three alerts go out
    between them, not three each, and only one of them sends the digest. (On the test's own
    clock: on the wall clock a minute could turn mid-burst and let a fourth through.)"""
    from bot.alerts import Alert, Alerts, t

    world: World = clocked[0]
    steward: Harness = clocked[1]
    alice, group, _ = await shop(world, steward)
    services = steward.services
    other = Alerts(services.store, services.texts, services.clock)
    before = len(alice.dms)
    for n in range(10):
        worker = services.alerts if n % 2 else other
        alert = Alert(group.id, "spam", t("alerts.kind_spam"))
        await worker.raise_alert(steward.app.bot, alert)  # type: ignore[union-attr]
    await steward.settle()
    assert len(alice.dms) - before == 3

    def later() -> datetime:
        now: datetime = world.now()
        return now + timedelta(minutes=2)

    one, two = (Alerts(services.store, services.texts, later) for _ in range(2))
    first = await one.send_digests(steward.app.bot)  # type: ignore[union-attr]
    second = await two.send_digests(steward.app.bot)  # type: ignore[union-attr]
    assert (first, second) == (1, 0)
    assert "More alerts (spam) in «Alice's Shop» in the last minute: 7." in alice.last_dm.text


async def test_a_press_while_the_database_is_locked_is_answered(
    world: World, steward: Harness, monkeypatch: pytest.MonkeyPatch
):
    """A button pressed while the database does not answer: a clear pop-up, the alert stays
    open, and a press once the database is back works."""
    from sqlalchemy.exc import OperationalError

    alice, group, _ = await shop(world, steward)
    await spam_once(world, steward, group)
    store = steward.services.store
    original = store.claim_alert

    async def locked(*_args: object, **_kwargs: object) -> bool:
        raise OperationalError("UPDATE alerts", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "claim_alert", locked)
    press = await alice.presses(alice.last_dm, "✅ Confirm spam")
    await steward.settle()
    assert press.answer_text is not None and "My database did not answer" in press.answer_text
    assert world.user("mallory").id not in group.banned
    assert [type(e).__name__ for e in steward.errors] == ["OperationalError"]
    steward.errors.clear()
    monkeypatch.setattr(store, "claim_alert", original)
    await alice.presses(alice.last_dm, "✅ Confirm spam")
    await steward.settle()
    assert world.user("mallory").id in group.banned


async def test_restore_button_undoes_and_marks_every_copy(world: World, steward: Harness):
    """Restore lifts the mute, reposts the text, learns it; copies show who handled it."""
    alice, group, dave = await shop(world, steward)
    await group.member(dave).says("/alerts on")
    await steward.settle()
    await spam_once(world, steward, group)
    mallory = world.user("mallory")
    assert group.is_restricted(mallory)
    press = await alice.presses(alice.last_dm, "↩️ Restore")
    await steward.settle()
    assert press.answered and "restored by @alice" in (press.answer_text or "")
    assert not group.is_restricted(mallory)
    assert "which I removed by mistake" in group.last_bot_message.text
    assert alice.last_dm.buttons == ["✔️ restored by @alice"]
    assert dave.last_dm.buttons == ["✔️ restored by @alice"]
    again = await dave.presses(dave.last_dm, "✔️ restored by @alice")
    await steward.settle()
    assert again.answer_text == "Already handled by @alice: restored."


async def test_a_removal_is_restored_once(world: World, steward: Harness):
    """/restore N twice, or /restore N and then the alert's button: the text is reposted and
    learned once; the second asks says it is already done (each used to repost and re-learn)."""
    alice, group, _ = await shop(world, steward)
    await spam_once(world, steward, group)
    store = steward.services.store
    event = next(e for e in await store.list_events(group.id) if e.kind == "spam_removed")
    await group.member(alice).says(f"/restore {event.id}")
    await steward.settle()
    assert "which I removed by mistake" in group.last_bot_message.text
    await group.member(alice).says(f"/restore {event.id}")
    await steward.settle()
    assert group.last_bot_message.text == f"Event #{event.id} is already restored."
    press = await alice.presses(alice.last_dm, "↩️ Restore")
    await steward.settle()
    assert "already restored" in (press.answer_text or "")
    quotes = [m for m in group.bot_messages if "which I removed by mistake" in m.text]
    assert len(quotes) == 1
    kinds = [e.kind for e in await store.list_events(group.id)]
    assert kinds.count("moderator_restore") == 1


async def test_confirm_button_bans_and_learns(world: World, steward: Harness):
    """Confirm bans the author and teaches the chat's model the text is spam."""
    alice, group, _ = await shop(world, steward)
    await spam_once(world, steward, group)
    await alice.presses(alice.last_dm, "✅ Confirm spam")
    await steward.settle()
    assert world.user("mallory").id in group.banned
    samples = await steward.services.store.list_samples()
    assert (group.id, AD, "spam") in samples


async def test_forged_and_stale_presses_change_nothing(world: World, steward: Harness):
    """Made-up data, or a real token pressed by someone no longer an admin, is refused."""
    alice, group, dave = await shop(world, steward)
    await group.member(dave).says("/alerts on")
    await steward.settle()
    await spam_once(world, steward, group)
    mallory = world.user("mallory")
    forged = await alice.presses(alice.last_dm, "restore:42")
    await steward.settle()
    assert forged.answer_text == "This button is no longer valid."
    await group.demote(dave)
    await steward.settle()
    stale = await dave.presses(dave.last_dm, "↩️ Restore")
    await steward.settle()
    assert stale.answer_text == "Only admins of that group can do this."
    assert group.is_restricted(mallory)
    alert = (await steward.services.store.list_alerts(group.id))[0]
    assert alert.handled_by is None


async def test_report_alerts_admins_and_enough_reports_hide(world: World, steward: Harness):
    """Members report by reply; duplicates count once; three distinct reports hide it."""
    alice, group, _ = await shop(world, steward)
    seller = await group.join(world.user("seller"))
    reporters = [await group.join(world.user(f"r{n}")) for n in range(3)]
    for reporter in reporters:
        await reporter.says("hi all")
    await steward.settle()
    dodgy = await seller.says("honestly the half price stuff at the market is better")
    await steward.settle()
    await reporters[0].says("/report", reply_to=dodgy)
    await steward.settle()
    assert group.last_bot_message.text == "Thanks, the admins have been told."
    assert "@r0 reported a message from @seller" in alice.last_dm.text
    assert alice.last_dm.buttons == ["✅ Confirm spam", "👌 Dismiss"]
    await reporters[0].says("/report", reply_to=dodgy)
    await steward.settle()
    assert group.last_bot_message.text == "You've already reported that message."
    await reporters[1].says("/report", reply_to=dodgy)
    await reporters[2].says("/report", reply_to=dodgy)
    await steward.settle()
    assert dodgy.deleted
    assert "hidden it until an admin decides" in group.last_bot_message.text
    await alice.presses(alice.last_dm, "↩️ Restore")
    await steward.settle()
    assert "half price stuff" in group.last_bot_message.text


@pytest.mark.parametrize("target", ["admin", "self", "bot"], ids=["admin", "self", "bot"])
async def test_report_refuses_admins_self_and_steward(world: World, steward: Harness, target):
    """Reporting an admin, yourself or Steward is answered, and nobody is alerted."""
    alice, group, _ = await shop(world, steward)
    bob = await group.join(world.user("bob"))
    if target == "admin":
        message = await group.member(alice).says("welcome everyone")
    elif target == "self":
        message = await bob.says("my own words")
    else:
        message = group.bot_messages[0]
    before = len(alice.dms)
    await bob.says("/report", reply_to=message)
    await steward.settle()
    assert len(alice.dms) == before
    assert group.last_bot_message.text in (
        "That message is from an admin.",
        "You can't report your own message.",
        "That's my own message.",
    )


async def test_report_is_rate_limited_per_reporter(world: World, steward: Harness):
    """A reporter filing many reports is slowed down after five in ten minutes."""
    alice, group, _ = await shop(world, steward)
    author = await group.join(world.user("author"))
    bob = await group.join(world.user("bob"))
    messages = [await author.says(f"message number {n}") for n in range(7)]
    await steward.settle()
    for message in messages:
        await bob.says("/report", reply_to=message)
    await steward.settle()
    assert "many reports" in group.last_bot_message.text
    events = await steward.services.store.list_events(group.id)
    assert [e.kind for e in events].count("report") == 5


async def test_private_settings_keyboard(world: World, steward: Harness):
    """In private, /settings lists the caller's groups; buttons change settings after checks."""
    alice, group, dave = await shop(world, steward)
    await alice.dm_bot("/settings")
    await steward.settle()
    assert alice.last_dm.buttons == ["Alice's Shop"]
    await alice.presses(alice.last_dm, "Alice's Shop")
    await steward.settle()
    assert "warn_limit = 3" in alice.last_dm.text
    await alice.presses(alice.last_dm, "Mode: enforce")
    await steward.settle()
    chat = await steward.services.store.get_chat(group.id)
    assert chat is not None and chat.settings["mode"] == "observe"
    await alice.presses(alice.last_dm, "Warnings + (3)")
    await steward.settle()
    assert "warn_limit = 4" in alice.last_dm.text
    # Dave may restrict but not promote: mode is not his to change.
    await dave.dm_bot("/settings")
    await steward.settle()
    await dave.presses(dave.last_dm, "Alice's Shop")
    await steward.settle()
    press = await dave.presses(dave.last_dm, "Mode: observe")
    await steward.settle()
    assert press.answer_text is not None and "Only the owner" in press.answer_text
    forged = await dave.presses(dave.last_dm, "cfg:-100999:mode")
    await steward.settle()
    assert forged.answer_text == "Only admins of that group can do this."
    chat = await steward.services.store.get_chat(group.id)
    assert chat is not None and chat.settings["mode"] == "observe"


async def test_buttons_still_work_after_a_restart(world: World, steward: Harness):
    """Alert buttons live in the store: a press after a restart is honoured once."""
    alice, group, _ = await shop(world, steward)
    await spam_once(world, steward, group)
    await steward.restart()
    press = await alice.presses(alice.last_dm, "↩️ Restore")
    await steward.settle()
    assert press.answer_text == "✔️ restored by @alice"
    assert not group.is_restricted(world.user("mallory"))


async def test_mute_in_a_basic_group_explains_supergroups(world: World, steward: Harness):
    """Telegram cannot restrict in basic groups; the moderator is told why instead of an error."""
    alice = world.user("alice", started_bot=True)
    basic = await world.group("Small club", owner=alice, supergroup=False)
    await basic.add_bot(by=alice, admin=True)
    bob = await basic.join(world.user("bob"))
    await steward.settle()
    await basic.member(alice).says("/mute @bob")
    await steward.settle()
    assert "only allows that in supergroups" in basic.last_bot_message.text
    assert not world.calls_to("restrictChatMember")
    assert bob.id not in basic.banned


async def test_a_copy_that_failed_in_passing_is_sent_again_later(
    clocked, monkeypatch: pytest.MonkeyPatch
):
    """Telegram fails the owner's DM for a while: a minute on, the job sends it again, with its
    buttons, once; a copy that keeps failing is tried four times in all, then given up."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))
    world, steward = clocked
    alice, group, _ = await shop(world, steward)
    world.faults.fail("sendMessage", "5xx", times=3, chat_id=alice.id)
    dms = len(alice.dms)
    await spam_once(world, steward, group)
    assert len(alice.dms) == dms
    services = steward.services
    assert steward.app is not None
    bot = steward.app.bot
    assert await services.alerts.retry_failed(bot) == 0  # not a minute yet
    world.clock.advance(61)
    assert await services.alerts.retry_failed(bot) == 1
    await steward.settle()
    assert "Removed a message from @mallory" in alice.last_dm.text
    assert alice.last_dm.buttons == ["↩️ Restore", "✅ Confirm spam"]
    world.clock.advance(3600)
    assert await services.alerts.retry_failed(bot) == 0  # delivered: nothing left to send
    alert = (await services.store.list_alerts(group.id))[0]
    statuses = [d.status for d in await services.store.list_deliveries(alert.id)]
    assert statuses == ["retried", "sent"]

    world.faults.fail("sendMessage", "5xx", times=30, chat_id=alice.id)
    await spam_once(world, steward, group, "m2")
    for _ in range(6):
        world.clock.advance(61)
        await services.alerts.retry_failed(bot)
    alert = (await services.store.list_alerts(group.id))[0]
    statuses = [d.status for d in await services.store.list_deliveries(alert.id)]
    assert statuses == ["retried", "retried", "retried", "retried"]


async def _settings_of(steward: Harness, user, title: str) -> None:
    await user.dm_bot("/settings")
    await steward.settle()
    await user.presses(user.last_dm, title)
    await steward.settle()


async def test_the_keyboard_of_a_group_steward_left_says_so(world: World, steward: Harness):
    """The owner presses the keyboard of a group Steward was removed from: told Steward is no
    longer there (it said "Only admins of that group can do this." to the owner)."""
    alice, group, _ = await shop(world, steward)
    await _settings_of(steward, alice, "Alice's Shop")
    keyboard = alice.last_dm
    await group.remove_bot(by=alice)
    await steward.settle()
    press = await alice.presses(keyboard, "Warnings + (3)")
    await steward.settle()
    assert "no longer in that group" in (press.answer_text or "")


async def test_a_quick_second_press_on_a_setting_changes_nothing(world: World, steward: Harness):
    """Two quick presses on "Mode: enforce", the second on the keyboard not yet redrawn: the
    mode is observe (the second press toggled it back to enforce, a second event recorded)."""
    alice, group, _ = await shop(world, steward)
    await _settings_of(steward, alice, "Alice's Shop")
    keyboard = alice.last_dm
    stale = dict(keyboard.state.data)  # what the owner's client still shows
    await alice.presses(keyboard, "Mode: enforce")
    keyboard.state.data.update(stale)  # the second press lands on the old keyboard
    await alice.presses(keyboard, "Mode: enforce")
    await steward.settle()
    chat = await steward.services.store.get_chat(group.id)
    assert chat is not None
    assert chat.settings.get("mode") == "observe", chat.settings
    events = [
        e for e in await steward.services.store.list_events(group.id) if e.kind == "settings"
    ]
    assert len(events) == 1


async def test_a_settings_press_on_a_group_message_edits_nothing(world, steward):
    """The settings keyboard lives in private: a forged "cfg:" press on Steward's greeting in
    the group turned it into a "you administer no group" notice, or (the owner pressing) into
    the group's settings page, shown to every member."""
    alice, shop = await owner_and_shop(world, steward)
    greeting = shop.last_bot_message
    original = greeting.text
    mallory = await shop.join(world.user("mallory"))
    await steward.settle()
    await mallory.presses(greeting, "cfg:list")
    await steward.settle()
    await shop.member(alice).presses(greeting, f"cfg:{shop.id}")
    await steward.settle()
    assert greeting.text == original
    assert not greeting.buttons


async def test_the_settings_keyboard_reads_in_the_owners_language(world: World, steward: Harness):
    """ru/zh: the buttons read "Режим: enforce", "Со спамом: delete_mute", "模式：enforce"."""
    alice = world.user("alice", started_bot=True, language_code="ru")
    await alice.start_bot()
    await world.group_with_steward("Магазин", owner=alice)
    await steward.settle()
    await alice.dm_bot("/settings")
    await steward.settle()
    await alice.presses(alice.last_dm, "Магазин")
    await steward.settle()
    buttons = " ".join(alice.last_dm.buttons)
    assert "действую" in buttons and "удалять и мутить" in buttons, buttons
    assert "enforce" not in buttons and "delete_mute" not in buttons
