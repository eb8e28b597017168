"""Failed actions are not forgotten (#15, item 3): what Telegram could not do at first is kept in
the outbox, retried with backoff, across a restart, until done or refused for good; the event and
the owner's alert then say how it ended, and nothing is done twice."""

from __future__ import annotations

import pytest

from bot import outbound
from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import AD


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first attempt's quick retries shrink; the outbox's own backoff is on the test clock."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))


async def _shop(world: World, steward: Harness):
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Shop", owner=alice)
    await steward.settle()
    return alice, shop


async def _tick(world: World, steward: Harness, seconds: float) -> int:
    world.clock.advance(seconds)  # type: ignore[attr-defined]
    services = steward.services
    assert steward.app is not None
    tried = await services.outbox.tick(services, steward.app.bot)
    await steward.settle()
    return tried


async def basic_shop(world: World, steward: Harness):
    """An owner who started the bot, and a basic group (not a supergroup) with Steward admin."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group("Tiny", owner=alice, supergroup=False)
    await group.add_bot(by=alice, admin=True)
    await steward.settle()
    return alice, group


async def _ad_whose_mute_failed(world: World, steward: Harness, shop):
    """mallory's ad removed, her mute failed in passing and waiting in the outbox."""
    world.faults.fail("restrictChatMember", "5xx", times=3)
    mallory = world.user("mallory")
    await (await shop.join(mallory)).says(AD)
    await steward.settle()
    return mallory


def _calls(world: World, method: str) -> int:
    return sum(1 for c in world.calls if c.method == method and c.ok)


async def test_a_delete_that_failed_is_retried_across_a_restart_and_the_owner_told(clocked):
    """deleteMessage answers 5xx for a while: the ad stays up at first and the alert says so;
    Steward restarts; the retry removes the ad, once; the event and a follow-up say so."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    world.faults.fail("deleteMessage", "5xx", times=3)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    assert not ad.deleted and shop.is_restricted(world.user("mallory"))
    assert "I'm retrying" in alice.last_dm.text

    await steward.restart()
    assert await _tick(world, steward, 1) == 0  # not due yet (5 s backoff)
    assert await _tick(world, steward, 5) == 1
    assert ad.deleted
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and "done: delete (try 2), restrict" in event.reason
    assert "retrying" not in event.reason
    follow = alice.last_dm.text
    assert f"Update on event #{event.id}:" in follow
    assert "✅ removing the message: done (try 2)" in follow
    deletes = _calls(world, "deleteMessage")
    for _ in range(3):
        assert await _tick(world, steward, 3600) == 0
    assert _calls(world, "deleteMessage") == deletes  # never done twice
    shop_member = shop.member(alice)
    await shop_member.says(f"/why {event.id}")
    await steward.settle()
    assert "done: delete (try 2)" in shop.last_bot_message.text


async def test_backoff_grows_and_a_refusal_ends_it(clocked):
    """A mute keeps timing out: tried again after 5 s, then 15 s, then 45 s; then Telegram
    refuses for good (Steward lost the right): failed, the owner is told, no more tries."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    # Each attempt is a call and its two quick retries: three attempts time out.
    world.faults.fail("restrictChatMember", "timeout", times=3 * 3)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    assert ad.deleted and not shop.is_restricted(world.user("mallory"))
    assert await _tick(world, steward, 5) == 1  # 2nd try: timeout
    assert await _tick(world, steward, 10) == 0  # backoff now 15 s
    assert await _tick(world, steward, 5) == 1  # 3rd try: timeout
    world.faults.clear()
    world.faults.fail("restrictChatMember", "403", times=1)
    assert await _tick(world, steward, 45) == 1  # 4th: refused for good
    assert await _tick(world, steward, 3600) == 0
    assert not shop.is_restricted(world.user("mallory"))
    assert "❌ muting the sender: not done after 4 tries" in alice.last_dm.text
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and "not done: restrict" in event.reason


async def test_thirty_percent_failures_leave_no_ad_up_and_no_spammer_unmuted(
    clocked, monkeypatch: pytest.MonkeyPatch
):
    """With 30% of Bot API calls failing (5xx, timeouts, 429), 40 ads from 40 newcomers: after
    the outbox has had its tries, every ad is gone and every spammer muted, each exactly once."""
    world, steward = clocked
    # A 429 is not waited out on the spot here (real seconds): the outbox retries it later.
    monkeypatch.setattr(outbound, "MAX_RETRY_AFTER_S", 0.0)
    alice, shop = await _shop(world, steward)
    spammers = [await shop.join(world.user(f"spam{i}")) for i in range(40)]
    await steward.settle()
    world.faults.random(
        0.3,
        seed=11,
        kinds=("5xx", "timeout", "429"),
        methods=("deleteMessage", "restrictChatMember"),
    )
    ads = []
    for n, spammer in enumerate(spammers):
        ads.append(await spammer.says(AD.replace("500", str(500 + n))))
    await steward.settle()
    for _ in range(12):
        await _tick(world, steward, 60)
    world.faults.clear()
    await _tick(world, steward, 3600)
    assert [a.id for a in ads if not a.deleted] == []
    assert [
        s.id for s in spammers if not shop.is_restricted(world.user(f"spam{spammers.index(s)}"))
    ] == []
    assert await steward.services.store.pending_outbox() == 0


async def test_an_ad_in_a_group_upgraded_before_steward_acted_is_not_reported_removed(clocked):
    """Telegram upgrades a basic group between the ad and Steward's action: the delete gets
    ChatMigrated. The message stays in the old group's history, out of anyone's reach; it was
    retried in the new supergroup, "not found" there, and reported "removing the message:
    done". Now the alert says it was not deleted, and the mute reaches the author in the
    supergroup."""
    world, steward = clocked
    alice, group = await basic_shop(world, steward)
    mallory = await group.join(world.user("mallory"))
    await steward.settle()
    ad = await mallory.says(AD)
    supergroup = await group.migrate_to_supergroup()
    await steward.settle()
    for _ in range(4):
        await _tick(world, steward, 600)
    assert not ad.deleted
    told = "\n".join(m.text for m in alice.dms)
    assert "removing the message: done" not in told
    assert "NOT deleted" in told
    assert supergroup.is_restricted(world.user("mallory"))


async def test_a_restored_member_is_not_muted_by_the_outbox_afterwards(clocked):
    """The ad is removed, the mute fails in passing and waits in the outbox; the owner presses
    Restore (the message was fine) and Steward restarts: the retry muted the member the owner
    had just restored, for a day. Restoring drops the event's pending steps."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    mallory = await _ad_whose_mute_failed(world, steward, shop)
    assert not shop.is_restricted(mallory)
    await alice.presses(alice.last_dm, "↩️ Restore")
    await steward.settle()
    await steward.restart()
    for _ in range(4):
        await _tick(world, steward, 60)
    assert not shop.is_restricted(mallory)
    assert await steward.services.store.pending_outbox() == 0


async def test_unmute_drops_a_mute_still_waiting_in_the_outbox(clocked):
    """/unmute of a member whose mute is still to be retried answered "not muted", and a minute
    later the retry muted her. The waiting mute is dropped and the unmute confirmed."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    mallory = await _ad_whose_mute_failed(world, steward, shop)
    await shop.member(alice).says("/unmute @mallory")
    await steward.settle()
    assert "not muted" not in shop.last_bot_message.text
    for _ in range(4):
        await _tick(world, steward, 60)
    assert not shop.is_restricted(mallory)
    assert await steward.services.store.pending_outbox() == 0


async def _basic_group_with_an_ad(world: World, steward: Harness, *, observe: bool = False):
    """A basic group where mallory posted an ad, and bob, a member."""
    alice, group = await basic_shop(world, steward)
    if observe:
        await group.member(alice).says("/mode observe")
        await steward.settle()
    mallory = await group.join(world.user("mallory"))
    await group.join(world.user("bob"))
    await steward.settle()
    ad = await mallory.says(AD)
    await steward.settle()
    return alice, group, ad


async def _innocent_messages(world: World, steward: Harness, supergroup, count: int):
    """bob talks in the supergroup until its message ids pass `count`."""
    bob = supergroup.member(world.user("bob"))
    said = [await bob.says(f"hello everyone, message {n}") for n in range(count)]
    await steward.settle()
    return said


async def test_a_pending_delete_is_not_retried_in_the_supergroup(clocked):
    """The delete failed in passing in a basic group, which was then upgraded: the step moved
    to the supergroup's id, and its retry deleted bob's message with the ad's id there."""
    world, steward = clocked
    world.faults.fail("deleteMessage", "5xx", times=3)
    alice, group, ad = await _basic_group_with_an_ad(world, steward)
    assert not ad.deleted
    supergroup = await group.migrate_to_supergroup()
    await steward.settle()
    await steward.restart()
    innocent = await _innocent_messages(world, steward, supergroup, ad.id + 2)
    for _ in range(4):
        await _tick(world, steward, 600)
    assert [m.id for m in innocent if m.deleted] == []
    assert await steward.services.store.pending_outbox() == 0


async def test_confirm_spam_after_an_upgrade_deletes_nothing_in_the_supergroup(clocked):
    """Observe mode noted an ad in a basic group; after the upgrade, Confirm spam on its alert
    deleted the supergroup's message with the ad's id, an innocent one."""
    world, steward = clocked
    alice, group, ad = await _basic_group_with_an_ad(world, steward, observe=True)
    alert = alice.last_dm
    supergroup = await group.migrate_to_supergroup()
    await steward.settle()
    await steward.restart()
    innocent = await _innocent_messages(world, steward, supergroup, ad.id + 2)
    await alice.presses(alert, "✅ Confirm spam")
    await steward.settle()
    assert [m.id for m in innocent if m.deleted] == []


async def test_an_owner_whose_first_alert_copy_failed_learns_how_it_ended(clocked):
    """The delete and the alert DM both failed in passing. The retried delete removed the ad,
    but its follow-up went only to delivered copies (none); a minute later the copy was sent
    again with its first text: "NOT deleted, I'm retrying", and nothing after. The copy sent
    again now says how it ended."""
    world, steward = clocked
    alice, shop = await _shop(world, steward)
    world.faults.fail("deleteMessage", "5xx", times=3)
    world.faults.fail("sendMessage", "5xx", times=3, chat_id=alice.id)
    before = len(alice.dms)
    ad = await (await shop.join(world.user("mallory"))).says(AD)
    await steward.settle()
    assert not ad.deleted
    await steward.restart()
    await _tick(world, steward, 6)
    assert ad.deleted
    for _ in range(3):
        world.clock.advance(61)
        assert steward.app is not None
        await steward.services.alerts.retry_failed(steward.app.bot)
        await steward.settle()
    got = "\n".join(m.text for m in alice.dms[before:])
    assert "removing the message: done" in got, got
