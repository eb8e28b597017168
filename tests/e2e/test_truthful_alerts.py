"""Alerts say what Telegram actually did (#15, item 1): a removal that failed is not reported
as done, a mute that failed is not reported as a mute, and the event records both."""

from __future__ import annotations

import pytest

from bot import outbound
from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import AD, owner_and_shop


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry delays shrink so fault tests stay quick; the number of attempts is unchanged."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))


async def test_a_delete_telegram_refused_is_not_reported_as_removed(
    world: World, steward: Harness
):
    """deleteMessage keeps failing (5xx): the ad stays up and the owner is told so, with the
    mute that did happen; the event says what was and was not done."""
    alice, shop = await owner_and_shop(world, steward)
    world.faults.fail("deleteMessage", "5xx", times=10)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()

    assert not ad.deleted
    dm = alice.last_dm.text
    assert "Removed a message" not in dm
    assert "but I could not remove it" in dm
    assert "NOT deleted (" in dm and "author muted for 1d" in dm
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and "retrying: delete (" in event.reason
    assert "I'm retrying and will tell you how it ends" in dm


async def test_a_mute_that_failed_is_not_reported_as_a_mute(world: World, steward: Harness):
    """The ad is deleted but restrictChatMember fails: the alert says the author was NOT
    muted, never "muted"."""
    alice, shop = await owner_and_shop(world, steward)
    world.faults.fail("restrictChatMember", "5xx", times=10)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()

    assert ad.deleted and not shop.is_restricted(world.user("mallory"))
    dm = alice.last_dm.text
    assert "Removed a message from @mallory" in dm
    assert "Action: deleted, author NOT muted (" in dm
    assert "author muted for" not in dm


async def test_a_ban_setting_reports_a_ban_not_a_mute(world: World, steward: Harness):
    """With spam_action delete_ban the alert says banned, and nothing about muting."""
    alice, shop = await owner_and_shop(world, steward, spam_action="delete_ban")
    mallory = await shop.join(world.user("mallory"))
    await mallory.says(AD)
    await steward.settle()
    dm = alice.last_dm.text
    assert "Action: deleted, author banned." in dm and "muted" not in dm
