"""Adding Steward to an active group: the members who were there before it are not judged as
newcomers on their first messages, while people who join afterwards are."""

from __future__ import annotations

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import owner_and_shop

# One invite link with a friendly line: a newcomer is warned for it, a regular is not.
MEETUP = "Photos from the meetup are in t.me/+Abcdefg, have a look"


async def test_members_from_before_steward_are_not_newcomers(world: World, steward: Harness):
    alice, shop = await owner_and_shop(world, steward)
    sent_before = len(world.calls_to("sendMessage"))
    # Bob was in the group before Steward came: Steward never saw him join.
    old_timer = await shop.member(world.user("bob")).says(MEETUP)
    await steward.settle()
    assert not old_timer.deleted
    said = world.calls_to("sendMessage")[sent_before:]
    assert not [c for c in said if c.params.get("chat_id") == shop.id], "no warning in the group"

    # Someone who joins now and posts the same is a newcomer, and acted on.
    newcomer = await (await shop.join(world.user("dana"))).says(MEETUP)
    await steward.settle()
    assert newcomer.deleted or "Warning 1/3" in shop.last_bot_message.text


async def test_an_old_timer_is_still_judged(world: World, steward: Harness):
    """Not a newcomer is not trusted: a clear ad from someone who predates Steward goes."""
    alice, shop = await owner_and_shop(world, steward)
    ad = await shop.member(world.user("bob")).says(
        "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh"
    )
    await steward.settle()
    assert ad.deleted


def test_only_an_admin_steward_knows_who_predates_it() -> None:
    """Steward is told of every join only as an admin: without that, nobody is taken for an
    old-timer; someone seen joining never is."""
    from datetime import UTC, datetime

    from bot.store import ChatRecord, MemberRecord
    from handlers.messages import predates_steward

    added = datetime(2026, 3, 1, tzinfo=UTC)
    chat = ChatRecord(
        -1,
        "supergroup",
        "G",
        None,
        "active",
        None,
        None,
        bot_rights={"is_admin": True},
        added_at=added,
    )
    plain = ChatRecord(-1, "supergroup", "G", None, "active", None, None, added_at=added)
    joined = MemberRecord(-1, 5, added, added, None, 0, None, False, False, 0)
    unseen = MemberRecord(-1, 6, added, None, None, 0, None, False, False, 0)
    assert predates_steward(None, chat) and predates_steward(unseen, chat)
    assert not predates_steward(joined, chat)
    assert not predates_steward(None, plain)
