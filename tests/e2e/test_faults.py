"""Telegram misbehaving during onboarding: 429, 5xx, timeouts and 403 are survived."""

from __future__ import annotations

import pytest

from bot import outbound
from bot.harness import Harness
from bot.sandbox import World


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry delays shrink so fault tests stay quick; the number of attempts is unchanged."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))


@pytest.mark.parametrize("kind", ["5xx", "timeout", "429"], ids=["5xx", "timeout", "429"])
async def test_greeting_survives_a_transient_fault(world: World, steward: Harness, kind: str):
    """One failed sendMessage during onboarding is retried and the greeting still arrives."""
    alice = world.user("alice")
    world.faults.fail("sendMessage", kind, times=1, retry_after=1)
    shop = await world.group_with_steward("Shop", owner=alice)
    await world.settle()
    assert "I'm Steward" in shop.last_bot_message.text
    failed = [c for c in world.calls_to("sendMessage") if not c.ok]
    assert len(failed) == 1


async def test_persistent_outage_is_logged_not_fatal(world: World, steward: Harness, caplog):
    """When Telegram keeps failing, Steward gives up on that message, logs it, and carries on."""
    alice = world.user("alice")
    world.faults.fail("sendMessage", "5xx", times=10)
    shop = await world.group_with_steward("Shop", owner=alice)
    await world.settle()
    assert not shop.bot_messages
    assert "could not post" in caplog.text
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and chat.status == "active"


async def test_admin_list_failure_falls_back(world: World, steward: Harness):
    """If the admin list cannot be read, onboarding still registers the chat and greets."""
    alice = world.user("alice")
    world.faults.fail("getChatAdministrators", "5xx", times=10)
    shop = await world.group_with_steward("Shop", owner=alice)
    await world.settle()
    assert shop.bot_messages


async def test_dm_403_is_remembered_and_not_retried(world: World, steward: Harness):
    """A user who blocked Steward after /start: one 403, remembered, no second attempt."""
    alice = world.user("alice")
    await alice.start_bot()
    await world.settle()
    world.faults.fail("sendMessage", "403", times=5, chat_id=alice.id)
    shop = await world.group_with_steward("Shop", owner=alice)
    await world.settle()
    to_alice = [c for c in world.calls_to("sendMessage") if c.params.get("chat_id") == alice.id]
    assert len(to_alice) == 2  # the /start reply earlier, then the one refused DM
    assert not await steward.services.store.can_dm(alice.id)
    assert "start=setup_m" in shop.last_bot_message.text
    await shop.promote_bot(by=alice, rights={"can_delete_messages": False})
    await world.settle()
    again = [c for c in world.calls_to("sendMessage") if c.params.get("chat_id") == alice.id]
    assert len(again) == 2


async def test_retry_after_that_escapes_the_limiter_is_waited_out(world: World, steward: Harness):
    """Three 429s in a row are each waited out by the call that got them, then it succeeds."""
    alice = world.user("alice")
    world.faults.fail("sendMessage", "429", times=3, retry_after=1)
    shop = await world.group_with_steward("Shop", owner=alice)
    await world.settle()
    assert "I'm Steward" in shop.last_bot_message.text
