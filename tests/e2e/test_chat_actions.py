"""Chat-level decisions through the actuator: post, pin, set and restore permissions."""

from __future__ import annotations

from bot.actuator import RecordingActuator
from bot.chat_actions import SAVED_KEY, carry_out_chat, restore_permissions
from bot.harness import Harness
from bot.sandbox import World
from policies.chatlevel import ChatAction, ChatDecision

TEXT_ONLY = {
    "can_send_messages": True,
    "can_send_photos": False,
    "can_send_videos": False,
    "can_send_polls": False,
    "can_send_other_messages": False,
    "can_add_web_page_previews": False,
}


async def _shop(world: World, steward: Harness):
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Alice's Shop", owner=alice)
    await steward.settle()
    return shop


def _bot(steward: Harness):
    assert steward.app is not None
    return steward.app.bot


def _calm(chat_id: int) -> ChatDecision:
    return ChatDecision(
        chat_id,
        actions=(
            ChatAction("post", text_key="spam.action_delete"),
            ChatAction("pin"),
            ChatAction("set_permissions", permissions=TEXT_ONLY),
        ),
    )


async def test_post_pin_and_permissions_are_restored_exactly_after_a_restart(
    world: World, steward: Harness
):
    """A chat decision posts and pins a text and narrows permissions; after a restart the
    chat's own permissions come back exactly, and restoring twice does nothing more."""
    shop = await _shop(world, steward)
    before = dict(shop.chat.permissions)
    done = await carry_out_chat(steward.services, _bot(steward), _calm(shop.id))
    assert [d.what for d in done] == ["post", "pin", "set_permissions"]
    assert all(d.ok for d in done)
    assert shop.pinned == [shop.last_bot_message.id]
    assert shop.chat.permissions["can_send_photos"] is False
    await steward.restart()
    services = steward.services
    restored = await restore_permissions(services, services.actuator, shop.id)
    assert restored is not None and restored.ok
    for name, value in before.items():
        assert shop.chat.permissions.get(name, True) == value, name
    assert shop.chat.permissions.get("can_send_photos", True) is True
    assert await restore_permissions(services, services.actuator, shop.id) is None


async def test_without_the_right_nothing_is_half_done(world: World, steward: Harness):
    """Lacking the right to change permissions, the failure is reported and nothing is kept
    to restore later."""
    shop = await _shop(world, steward)
    shop.chat.members[world.bot.id].rights["can_restrict_members"] = False
    before = dict(shop.chat.permissions)
    decision = ChatDecision(shop.id, (ChatAction("set_permissions", permissions=TEXT_ONLY),))
    done = await carry_out_chat(steward.services, _bot(steward), decision)
    assert len(done) == 1 and not done[0].ok and done[0].error
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and SAVED_KEY not in chat.settings
    assert shop.chat.permissions == before


async def test_recording_actuator_makes_no_call(world: World, steward: Harness):
    """The record-only actuator goes through the same steps and calls nothing."""
    shop = await _shop(world, steward)
    calls = len(world.calls)
    recorder = RecordingActuator()
    done = await carry_out_chat(steward.services, _bot(steward), _calm(shop.id), recorder)
    assert [d.what for d in done] == ["post", "pin", "set_permissions"]
    assert [d.what for d in recorder.done] == ["post", "pin", "set_permissions"]
    assert not world.calls[calls:]
    assert shop.pinned == []
