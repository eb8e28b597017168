"""Complaint pile-ups end to end: the owner's alert and its escalation, each button, calm mode
across a restart, /herd, and what is no herd (one loud member, a complaint edited away)."""

from __future__ import annotations

from typing import Any

from bot.calm import CALM_KEY
from bot.harness import Harness
from bot.herd import STATE_KEY
from bot.sandbox import World
from policies.herd import COMPLAINT, SHORT, State
from tests.e2e.test_outbox import basic_shop

COMPLAINTS = [
    "Where is my order?? Paid two weeks ago and still haven't received it",
    "My parcel arrived damaged, the box was crushed",
    "Still not received my order, tracking hasn't updated in 10 days",
    "I want a refund, my order never arrived!!!",
    "Wrong size again, this is not what I ordered",
    "Where is my package? Ordered on the 3rd, still nothing",
]
TITLE = "Alice's Shop"


async def _shop(world: World, steward: Harness):
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward(TITLE, owner=alice)
    await steward.settle()
    return alice, shop


async def _complain(world: World, steward: Harness, shop, count: int, start: int = 0):
    """`count` different members each post one complaint, a minute apart."""
    posted = []
    for n in range(start, start + count):
        member = await shop.join(world.user(f"buyer{n}"))
        world.clock.advance(60)  # type: ignore[attr-defined]
        posted.append(await member.says(COMPLAINTS[n % len(COMPLAINTS)]))
        await steward.settle()
    return posted


def _herd_dms(alice) -> list[Any]:
    return [m for m in alice.dms if "complaints are piling up" in m.text]


async def test_a_pile_up_alerts_the_owner_once_and_escalation_edits_that_alert(clocked):
    """Three complainers in a few minutes: one DM with the evidence and the ready response;
    two more: the same DM now says warning. Nobody's complaint is deleted."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    posted = await _complain(world, steward, shop, 2)
    assert _herd_dms(alice) == []  # two complaints are no surge
    posted += await _complain(world, steward, shop, 1, start=2)

    alerts = _herd_dms(alice)
    assert len(alerts) == 1
    alert = alerts[0]
    assert f"👀 Watch: complaints are piling up in «{TITLE}»" in alert.text
    assert "3 members, 3 complaints since it began." in alert.text
    assert "3 members complained in the last half hour (usually 0.0)" in alert.text
    assert "Where is my order??" in alert.text and "arrived damaged" in alert.text
    assert f"https://t.me/c/{str(shop.id)[4:]}/" in alert.text  # links to the messages
    assert "Topics: " in alert.text and "damaged 1" in alert.text
    assert "we see your messages about orders and deliveries" in alert.text
    assert alert.buttons == [
        "📣 Post statement",
        "🧘 Calm mode on",
        "👥 Who complained",
        "👌 Dismiss",
    ]
    assert not any(m.deleted for m in posted)

    await _complain(world, steward, shop, 2, start=3)
    assert len(_herd_dms(alice)) == 1  # escalation edits the same alert
    assert "⚠️ Warning: complaints are piling up" in alert.text
    assert "5 members, 5 complaints since it began." in alert.text
    assert alert.buttons[0] == "📣 Post statement"


async def test_the_buttons_post_the_statement_list_complainers_and_toggle_calm_mode(clocked):
    """Post statement posts and pins once; Who complained arrives in private; Calm mode on
    narrows the group to text and Calm mode off (offered once it is on) gives the group's
    permissions back exactly."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await _complain(world, steward, shop, 3)
    alert = _herd_dms(alice)[0]
    before = dict(shop.chat.permissions)

    press = await alice.presses(alert, "📣 Post statement")
    await steward.settle()
    assert press.answer_text == "Posted and pinned the statement in the group."
    statement = shop.last_bot_message
    assert "we see your messages about orders and deliveries" in statement.text
    assert shop.pinned == [statement.id]
    assert alert.buttons[0] == "✔️ statement posted by @alice"
    again = await alice.presses(alert, "✔️ statement posted by @alice")
    await steward.settle()
    assert again.answer_text == "The statement for this surge is already posted."
    assert shop.pinned == [statement.id]

    listing = await alice.presses(alert, "👥 Who complained")
    await steward.settle()
    assert listing.answer_text == "I've sent you the list in private."
    assert f"Who complained in «{TITLE}» (3):" in alice.last_dm.text
    assert "@buyer0" in alice.last_dm.text and "@buyer2" in alice.last_dm.text

    calm = await alice.presses(alert, "🧘 Calm mode on")
    await steward.settle()
    assert calm.answer_text is not None and "Calm mode is on in «Alice's Shop»" in calm.answer_text
    assert shop.chat.permissions["can_send_photos"] is False
    assert shop.chat.permissions["can_send_polls"] is False
    assert shop.chat.permissions.get("can_send_messages", True) is True
    assert "Calm mode until" in shop.last_bot_message.text

    off = await alice.presses(alert, "🧘 Calm mode off")
    await steward.settle()
    assert (
        off.answer_text
        == "Calm mode is off in «Alice's Shop»; the group's own permissions are back."
    )
    for name, value in before.items():
        assert shop.chat.permissions.get(name, True) == value, name
    assert shop.chat.permissions.get("can_send_photos", True) is True


async def test_calm_mode_ends_on_time_after_a_restart(clocked):
    """/herd calm 30m, a restart, 31 minutes: the job restores the permissions exactly, once."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    before = dict(shop.chat.permissions)
    await shop.member(alice).says("/herd calm 30m")
    await steward.settle()
    assert "Calm mode is on" in shop.last_bot_message.text
    assert shop.chat.permissions["can_send_photos"] is False

    await steward.restart()
    world.clock.advance(31 * 60)
    services = steward.services
    await services.herd.tick(services, steward.app.bot)
    await steward.settle()
    for name, value in before.items():
        assert shop.chat.permissions.get(name, True) == value, name
    assert "Calm mode is over" in shop.last_bot_message.text
    chat = await services.store.get_chat(shop.id)
    assert chat is not None and CALM_KEY not in chat.settings
    await shop.member(alice).says("/herd calm off")
    await steward.settle()
    assert shop.last_bot_message.text == "Calm mode is not on."


async def test_a_calm_mode_ending_on_another_day_gives_its_date(clocked):
    """/herd calm 7d at 12:00 said "until 12:00", which reads as now; the date is given when
    the end is not today, in the answer and in the group's notice."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await shop.member(alice).says("/herd calm 7d")
    await steward.settle()
    notice, answer = shop.bot_messages[-2:]
    assert "until 2026-01-08 12:00" in answer.text and "until 2026-01-08 12:00" in notice.text
    await shop.member(alice).says("/herd calm 30m")
    await steward.settle()
    assert "until 12:30" in shop.last_bot_message.text


async def test_calm_mode_without_the_right_changes_nothing(world: World, steward: Harness):
    """Steward may not restrict members: a clear answer, the permissions untouched."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward(
        TITLE, owner=alice, rights={"can_restrict_members": False}
    )
    await steward.settle()
    before = dict(shop.chat.permissions)
    await shop.member(alice).says("/herd calm 1h")
    await steward.settle()
    assert "I need the right to restrict members" in shop.last_bot_message.text
    assert shop.chat.permissions == before
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and CALM_KEY not in chat.settings


async def test_one_member_posting_many_complaints_is_not_a_herd(clocked):
    """Ten complaints from one account: one complainer, no alert."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    loud = await shop.join(world.user("loud"))
    for n in range(10):
        world.clock.advance(30)
        await loud.says(COMPLAINTS[n % len(COMPLAINTS)] + f" ({n})")
        await steward.settle()
    assert _herd_dms(alice) == []


async def test_a_complaint_edited_into_praise_no_longer_counts(clocked):
    """The edit takes the complaint back out of the windows."""
    world, steward = clocked
    _alice, shop = await _shop(world, steward)
    [message] = await _complain(world, steward, shop, 1)
    services = steward.services
    now = services.clock()
    assert services.herd.window.windows(shop.id, now).distinct(COMPLAINT, now - SHORT) == 1
    member = shop.member(world.user("buyer0"))
    await member.edits(message, "Got it today, thanks, great shop!")
    await steward.settle()
    assert services.herd.window.windows(shop.id, now).distinct(COMPLAINT, now - SHORT) == 0


async def test_dismiss_teaches_the_chats_normal(clocked):
    """After Dismiss, a later surge of the same size is this group's normal: no new alert."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await _complain(world, steward, shop, 3)
    alert = _herd_dms(alice)[0]
    press = await alice.presses(alert, "👌 Dismiss")
    await steward.settle()
    assert press.answer_text is not None and "dismissed" in press.answer_text
    world.clock.advance(3 * 3600)
    services = steward.services
    await services.herd.tick(services, steward.app.bot)
    chat = await services.store.get_chat(shop.id)
    assert chat is not None and State.decode(chat.settings[STATE_KEY]).level == "calm"
    await _complain(world, steward, shop, 3, start=3)
    assert len(_herd_dms(alice)) == 1


async def test_herd_command_shows_and_tunes_the_watch(clocked):
    """/herd shows the state; thresholds, statement and on/off are checked and kept."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    owner = shop.member(alice)

    await owner.says("/herd")
    await steward.settle()
    status = shop.last_bot_message.text
    assert f"Complaint watch in «{TITLE}»: on" in status
    assert "Alerts at 3 / 5 / 10 complainers" in status
    assert "Statement (the default):" in status

    for bad in ("/herd thresholds 5 3 10", "/herd thresholds 1 2 3", "/herd thresholds x y z"):
        await owner.says(bad)
        await steward.settle()
        assert "Thresholds are three whole numbers" in shop.last_bot_message.text
    await owner.says("/herd thresholds 4 6 12")
    await steward.settle()
    assert shop.last_bot_message.text == "Alerts now at 4 / 6 / 12 complainers in half an hour."

    await owner.says("/herd statement " + "x" * 4001)
    await steward.settle()
    assert "That statement is 4001 characters; Telegram allows 4000." in shop.last_bot_message.text
    # Control characters (a NUL, an escape) are dropped: nobody sees them where it is posted.
    await owner.says(
        "/herd statement We know, parcels\x00 are late.\nDM us your order\x1b number. <b>"
    )
    await steward.settle()
    assert "Statement saved (" in shop.last_bot_message.text
    await owner.says("/herd post")
    await steward.settle()
    posted, answer = shop.bot_messages[-2:]
    assert posted.text == "We know, parcels are late.\nDM us your order number. <b>"
    assert shop.pinned == [posted.id]
    assert answer.text == "Posted and pinned the statement in the group."

    await owner.says("/herd calm forever")
    await steward.settle()
    assert "Calm mode needs a time from 1 minute to 7 days" in shop.last_bot_message.text
    await owner.says("/herd frobnicate")
    await steward.settle()
    assert "Usage: /herd" in shop.last_bot_message.text

    await owner.says("/herd off")
    await steward.settle()
    await _complain(world, steward, shop, 6)
    assert _herd_dms(alice) == []


async def test_members_cannot_run_herd(world: World, steward: Harness):
    """Only admins see or change the complaint watch."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward(TITLE, owner=alice)
    bob = await shop.join(world.user("bob"))
    await bob.says("/herd off")
    await steward.settle()
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and "herd" not in chat.settings


async def test_a_migration_during_a_surge_keeps_its_alert_thread(clocked):
    """A basic group becomes a supergroup mid-surge: the complaints, the state and the alert
    thread follow it, so the next complainers escalate the same alert."""
    world, steward = clocked
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group(TITLE, owner=alice, supergroup=False)
    await group.add_bot(by=alice, admin=True)
    await steward.settle()
    await _complain(world, steward, group, 3)
    [alert] = _herd_dms(alice)
    assert "👀 Watch" in alert.text
    supergroup = await group.migrate_to_supergroup()
    await steward.settle()
    await _complain(world, steward, supergroup, 2, start=3)
    assert [m.id for m in _herd_dms(alice)] == [alert.id]
    assert "⚠️ Warning" in alert.text and "5 members, 5 complaints" in alert.text


async def test_complaints_in_a_language_steward_does_not_read_are_not_counted(clocked):
    """Persian complaints are not recognised: nothing is counted, nobody is alerted, nothing is
    deleted (the herd detector never guesses)."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    posted = []
    for n in range(5):
        member = await shop.join(world.user(f"fa{n}"))
        world.clock.advance(60)
        posted.append(await member.says("سفارش من هنوز نرسیده، کی ارسال میشه؟"))
        await steward.settle()
    assert _herd_dms(alice) == [] and not any(m.deleted for m in posted)
    now = steward.services.clock()
    windows = steward.services.herd.window.windows(shop.id, now)
    assert windows.distinct(COMPLAINT, now - SHORT) == 0


async def test_calm_mode_removes_links_and_forwards_but_not_text(clocked):
    """Telegram's permissions cannot stop links or forwards: while calm mode is on, Steward
    removes them (an admin's stay); plain text stays; after calm mode, links are fine again."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await shop.member(alice).says("/herd calm 1h")
    regular = await shop.join(world.user("regular"))
    await steward.settle()

    link = await regular.says("look at this https://example.org/news")
    forward = await regular.says("see", forward_from=world.user("someone"))
    text = await regular.says("any news about the delivery?")
    admin_link = await shop.member(alice).says("Courier's update: https://example.org/status")
    await steward.settle()
    assert link.deleted and forward.deleted
    assert not text.deleted and not admin_link.deleted
    event = await steward.services.store.find_event_by_message(shop.id, link.id)
    assert event is not None and event.kind == "calm_removed"
    assert "a link (example.org) while calm mode is on" in event.reason

    await shop.member(alice).says("/herd calm off")
    await steward.settle()
    later = await regular.says("look at this https://example.org/news")
    await steward.settle()
    assert not later.deleted


async def test_a_rise_to_critical_is_also_said_in_a_new_message(clocked):
    """Warning edits the alert silently; critical edits it and sends one short notice under it
    (Telegram notifies nobody of an edit)."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await _complain(world, steward, shop, 5)
    [alert] = _herd_dms(alice)
    assert "⚠️ Warning" in alert.text
    dms = len(alice.dms)
    for n in range(5, 10):
        member = await shop.join(world.user(f"late{n}"))
        world.clock.advance(30)
        await member.says(COMPLAINTS[n % len(COMPLAINTS)])
        await steward.settle()
    assert "🚨 Critical" in alert.text
    notices = alice.dms[dms:]
    assert len(notices) == 1
    assert notices[0].text.startswith("🚨 The complaint surge in «Alice's Shop» is now critical")


async def _herd_tick(world: World, steward: Harness, seconds: float) -> None:
    world.clock.advance(seconds)  # type: ignore[attr-defined]
    services = steward.services
    assert steward.app is not None
    await services.herd.tick(services, steward.app.bot)
    await steward.settle()


async def test_an_alerts_buttons_act_on_its_own_surge_once_it_is_over(clocked):
    """Post statement, then two quiet hours, then Post statement again on the same alert: not
    posted and pinned a second time (nor a third...). Who complained still lists the three
    the alert named (it said nobody had complained "in this surge")."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await _complain(world, steward, shop, 3)
    alert = _herd_dms(alice)[0]
    await alice.presses(alert, "📣 Post statement")
    await steward.settle()
    for _ in range(13):
        await _herd_tick(world, steward, 600)
    before = len(shop.bot_messages)
    # The button now reads what was done; its press is the same (the alert's statement token).
    again = await alice.presses(alert, "✔️ statement posted by @alice")
    await steward.settle()
    assert len(shop.bot_messages) == before, again.answer_text
    assert again.answer_text == "The statement for this surge is already posted."
    await alice.presses(alert, "👥 Who complained")
    await steward.settle()
    assert all(f"buyer{n}" in alice.last_dm.text for n in range(3)), alice.last_dm.text


async def test_dismiss_pressed_late_learns_the_whole_surge(clocked):
    """Dismiss forty minutes on learned the last half hour's complainers (none: "1"), and the
    same surge alerted again later; it learns the surge's three."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await _complain(world, steward, shop, 3)
    alert = _herd_dms(alice)[0]
    await _herd_tick(world, steward, 40 * 60)
    await alice.presses(alert, "👌 Dismiss")
    await steward.settle()
    for _ in range(15):
        await _herd_tick(world, steward, 600)
    await _complain(world, steward, shop, 3, start=3)
    assert len(_herd_dms(alice)) == 1


async def test_calm_mode_ends_on_a_worker_that_did_not_turn_it_on(clocked):
    """Two workers share a database: the one that turned calm mode on goes away. The other
    knew the end only if it had started after it; now it reads the ends from the store every
    few minutes and ends calm mode on time (it stayed on for good)."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await _herd_tick(world, steward, 1)  # this worker has started and read the store
    before = dict(shop.chat.permissions)
    await shop.member(alice).says("/herd calm 30m")
    await steward.settle()
    steward.services.herd.calm_mode._ends.clear()  # what a worker that did not turn it on holds
    await _herd_tick(world, steward, 31 * 60)
    assert "Calm mode is over" in shop.last_bot_message.text
    for name, value in before.items():
        assert shop.chat.permissions.get(name, True) == value, name


async def test_a_complaint_counted_on_another_worker_and_edited_is_not_counted_twice(clocked):
    """Two workers: the complaint was counted on the other one (this worker does not remember
    the message). A typo fixed in it counted it a second time; now the store says it was
    counted."""
    world, steward = clocked
    _alice, shop = await _shop(world, steward)
    [message] = await _complain(world, steward, shop, 1)
    services = steward.services
    services.herd.window._messages.clear()  # what the other worker holds
    member = shop.member(world.user("buyer0"))
    await member.edits(message, COMPLAINTS[0] + "!!")
    await steward.settle()
    now = services.clock()
    assert services.herd.window.windows(shop.id, now).total(COMPLAINT, now - SHORT) == 1


async def test_a_complaint_counted_on_another_worker_and_edited_away_no_longer_counts(clocked):
    """Two workers: a complaint counted on the other one and edited into praise here still
    counted; now the store says it was counted, and the taking back is recorded for the other
    worker too (an edit back into a complaint counts it once again)."""
    world, steward = clocked
    _alice, shop = await _shop(world, steward)
    [message] = await _complain(world, steward, shop, 1)
    services = steward.services
    window = services.herd.window
    window._messages.clear()
    member = shop.member(world.user("buyer0"))
    await member.edits(message, "Got it today, thanks, great shop!")
    await steward.settle()
    now = services.clock()
    assert window.windows(shop.id, now).total(COMPLAINT, now - SHORT) == 0
    window._messages.clear()
    await member.edits(message, "Thanks again, all good")  # still praise: nothing to take back
    await steward.settle()
    assert window.windows(shop.id, now).total(COMPLAINT, now - SHORT) == 0
    window._messages.clear()
    await member.edits(message, COMPLAINTS[0])
    await steward.settle()
    assert window.windows(shop.id, now).total(COMPLAINT, now - SHORT) == 1


async def test_an_older_alerts_buttons_act_on_its_own_surge_during_a_newer_one(clocked):
    """Wave one alerts, two quiet hours end it, wave two opens a new alert. Who complained on
    the first alert listed wave two's members, and its Dismiss taught the detector wave two."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await _complain(world, steward, shop, 3)
    [first] = _herd_dms(alice)
    for _ in range(15):
        await _herd_tick(world, steward, 600)
    await _complain(world, steward, shop, 3, start=3)
    assert len(_herd_dms(alice)) == 2
    await alice.presses(first, "👥 Who complained")
    await steward.settle()
    listing = alice.last_dm.text
    assert all(f"buyer{n}" in listing for n in range(3)), listing
    assert not any(f"buyer{n}" in listing for n in range(3, 6)), listing
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None
    before = State.decode(chat.settings.get(STATE_KEY))
    await alice.presses(first, "👌 Dismiss")
    await steward.settle()
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None
    after = State.decode(chat.settings.get(STATE_KEY))
    assert after.level == before.level and after.since == before.since


async def test_calm_mode_taken_along_to_a_supergroup_leaves_the_old_id_alone(clocked):
    """Calm mode on in a basic group that was then upgraded: it ended in the supergroup, but
    the old id kept its calm-mode end, and every minute, for good, Steward tried to end calm
    mode there (Telegram refusing: the group migrated)."""
    world, steward = clocked
    alice, group = await basic_shop(world, steward)
    await group.member(alice).says("/herd calm 30m")
    await steward.settle()
    supergroup = await group.migrate_to_supergroup()
    await steward.settle()
    await steward.restart()
    before = len(world.calls)
    for _ in range(40):
        await _herd_tick(world, steward, 60)
    assert "Calm mode is over" in supergroup.last_bot_message.text
    calls = [c for c in world.calls[before:] if c.method == "setChatPermissions"]
    assert [str(c.params.get("chat_id")) for c in calls] == [str(supergroup.id)]
