"""Complaint-surge (herd) edges: a complaint taken back by an edit (its quote, its count and
its "me too" all go), a watch turned off and on again days later, and a "me too" reply read the
same after a restart. Each was a bug users saw; these tests drive the real Application."""

from __future__ import annotations

from tests.e2e.test_herd import COMPLAINTS, _complain, _herd_dms, _herd_tick, _shop


async def test_a_complaint_edited_into_thanks_is_not_shown_as_evidence_of_the_surge(clocked):
    """buyer1 complains, then edits it into "it just arrived, thanks". Three others complain
    and the owner is alerted. The alert said "4 members, 4 complaints since it began", quoted
    buyer1's taken-back complaint among the most telling, and Who complained listed buyer1;
    it should count, quote and list only the three who still complain."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    posted = await _complain(world, steward, shop, 2)
    buyer1 = shop.member(world.user("buyer1"))
    await buyer1.edits(posted[1], "Sorry, it just arrived, all good, thanks!")
    await steward.settle()
    await _complain(world, steward, shop, 2, start=2)

    [alert] = _herd_dms(alice)
    assert "3 members complained in the last half hour" in alert.text
    assert "3 members, 3 complaints since it began." in alert.text, alert.text
    assert COMPLAINTS[1] not in alert.text, alert.text  # buyer1's words, taken back
    await alice.presses(alert, "👥 Who complained")
    await steward.settle()
    listing = alice.last_dm.text
    assert "@buyer1" not in listing, listing
    assert f"Who complained in «{shop.title}» (3):" in listing, listing


async def test_me_too_replies_taken_back_do_not_bring_the_alert_closer(clocked):
    """The owner set /herd thresholds 4 6 12. Two members answer a complaint with "same here",
    then both edit it into "never mind, mine just arrived". With three members complaining,
    the owner got a Watch alert ("2 members joined others' complaints"): the taken-back "me
    too"s still counted as contagion. Three complainers are under the owner's 4: no alert."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await shop.member(alice).says("/herd thresholds 4 6 12")
    await steward.settle()
    first = await (await shop.join(world.user("a1"))).says(COMPLAINTS[0])
    await steward.settle()
    for name in ("b1", "c1"):
        follower = await shop.join(world.user(name))
        world.clock.advance(60)
        said = await follower.says("same here", reply_to=first)
        await steward.settle()
        await follower.edits(said, "oh never mind, mine just arrived, sorry")
        await steward.settle()
    await _complain(world, steward, shop, 2, start=1)

    alerts = _herd_dms(alice)
    assert alerts == [], alerts[0].text


async def test_me_too_replies_taken_back_after_a_restart_stop_counting_too(clocked):
    """As above with a restart (a deploy) between the "same here"s and their edits into "never
    mind": the worker that reads the edits never counted the replies, and takes them back off
    every count the store has for them. Four complainers are under the owner's 5: no alert."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    await shop.member(alice).says("/herd thresholds 5 6 12")
    await steward.settle()
    first = await (await shop.join(world.user("a1"))).says(COMPLAINTS[0])
    await steward.settle()
    said = {}
    for name in ("b1", "c1"):
        follower = await shop.join(world.user(name))
        world.clock.advance(60)
        said[name] = (follower, await follower.says("same here", reply_to=first))
        await steward.settle()
    await steward.restart()
    for follower, message in said.values():
        await follower.edits(message, "oh never mind, mine just arrived, sorry")
        await steward.settle()
    await _complain(world, steward, shop, 3, start=1)

    alerts = _herd_dms(alice)
    assert alerts == [], alerts[0].text


async def test_turning_the_watch_off_and_on_days_later_starts_from_calm(clocked):
    """A surge alerts; the owner sends /herd off, and three days later /herd on. /herd still
    said "Now: 👀 Watch", a fresh surge of three complainers raised no alert at all, and two
    more only edited the three-day-old DM ("8 members, 8 complaints since it began"). The old
    surge ended long ago: /herd should say calm and the new surge should get its own alert."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    owner = shop.member(alice)
    await _complain(world, steward, shop, 3)
    assert len(_herd_dms(alice)) == 1
    await owner.says("/herd off")
    await steward.settle()
    for _ in range(3 * 24 * 6):
        await _herd_tick(world, steward, 600)
    await owner.says("/herd on")
    await steward.settle()
    await owner.says("/herd")
    await steward.settle()
    assert "Now: ✅ Calm" in shop.last_bot_message.text, shop.last_bot_message.text

    await _complain(world, steward, shop, 3, start=3)
    alerts = _herd_dms(alice)
    assert len(alerts) == 2, [a.text[:120] for a in alerts]
    assert "3 members, 3 complaints since it began." in alerts[1].text


async def test_a_me_too_reply_counts_the_same_after_a_restart(clocked):
    """Two members complain; a quarter of an hour later a third replies "same here" to the
    first complaint. Without a restart that is the third complainer and the owner is alerted;
    with a restart (a deploy) in between, the reply was not read as a complaint and nothing
    was said. A restart should not change what counts."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    posted = await _complain(world, steward, shop, 2)
    world.clock.advance(15 * 60)
    await steward.restart()
    follower = await shop.join(world.user("follower"))
    await follower.says("same here", reply_to=posted[0])
    await steward.settle()
    assert len(_herd_dms(alice)) == 1


async def test_a_long_complaint_is_stored_cut_between_whole_characters(clocked):
    """The herd keeps a complaint's text (its first 1,000 characters) as evidence for the
    owner's alert. It was cut by code points: a flag at the cut was kept as half a flag (a lone
    regional indicator, shown as a stray letter). It is cut between whole characters now."""
    world, steward = clocked
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Flag Shop", owner=alice)
    await steward.settle()
    member = await shop.join(world.user("buyer"))
    text = "Where is my order?? Paid two weeks ago and still haven't received it "
    text = text + " " * (999 - len(text)) + "\U0001f1fa\U0001f1f8 please answer"
    await member.says(text)
    await steward.settle()
    stored = [e.text for e in await steward.services.store.list_events(shop.id) if e.text]
    assert stored, "the complaint was not kept as evidence"
    assert all(not s.endswith("\U0001f1fa") for s in stored), [s[-3:] for s in stored]
    assert all(len(s) <= 1000 for s in stored)
