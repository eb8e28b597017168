"""Edges of moderators' /del, the private settings keyboard and /start in private: an admin's
post made anonymously or through the linked channel needs /del force, keyboard changes reach the
log chat as typed ones do, an owner of many groups pages through all of them, and a setup link
opened by someone who does not run that group still ends on something useful."""

from __future__ import annotations

import pytest

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_alerts import shop
from tests.e2e.test_command_edges import said, team

# -- /del of an admin's post


async def test_del_of_an_anonymous_admins_message_needs_force(world: World, steward: Harness):
    """A moderator replies /del to a post an anonymous admin made as the group ("Store closed
    today"). It is deleted at once, while the same /del on the owner's signed message answers
    "That message is from an admin… reply with /del force". An anonymous admin is an admin:
    their post should need /del force too."""
    _olga, shop_group, mod, _pete, _rita = await team(world, steward)
    notice = await shop_group.anonymous_admin_says("Store closed today, back tomorrow")
    await steward.settle()
    await said(steward, mod, "/del", reply_to=notice)
    assert not notice.deleted
    assert "/del force" in shop_group.last_bot_message.text


async def test_del_force_removes_an_anonymous_admins_message(world: World, steward: Harness):
    """The refusal names "an anonymous admin" (not Telegram's stand-in bot), and /del force
    then removes the post and the command."""
    _olga, shop_group, mod, _pete, _rita = await team(world, steward)
    notice = await shop_group.anonymous_admin_says("Store closed today, back tomorrow")
    await steward.settle()
    await said(steward, mod, "/del", reply_to=notice)
    assert "(an anonymous admin)" in shop_group.last_bot_message.text
    command = await said(steward, mod, "/del force", reply_to=notice)
    assert notice.deleted
    assert command.deleted


@pytest.mark.parametrize("automatic", [True, False], ids=["automatic-forward", "posted-as"])
async def test_del_of_the_linked_channels_post_needs_force(
    world: World, steward: Harness, automatic: bool
):
    """The group's linked channel is run by its admins: its post (the automatic forward, or
    one its admins made as the channel) needs /del force like an admin's own message."""
    _olga, shop_group, mod, _pete, _rita = await team(world, steward)
    channel = world.channel("Olga News", username="olganews")
    shop_group.link_channel(channel)
    post = await shop_group.channel_says(channel, "New arrivals", automatic_forward=automatic)
    await steward.settle()
    await said(steward, mod, "/del", reply_to=post)
    assert not post.deleted
    assert "/del force" in shop_group.last_bot_message.text
    await said(steward, mod, "/del force", reply_to=post)
    assert post.deleted


async def test_del_of_another_channels_post_needs_no_force(world: World, steward: Harness):
    """A post sent as some other channel is no admin's: /del removes it at once."""
    _olga, shop_group, mod, _pete, _rita = await team(world, steward)
    channel = world.channel("Rival Deals", username="rivaldeals")
    post = await shop_group.channel_says(channel, "Cheaper sneakers over at our place")
    await steward.settle()
    await said(steward, mod, "/del", reply_to=post)
    assert post.deleted


# -- the private settings keyboard


async def test_a_settings_change_from_the_keyboard_reaches_the_log_chat(
    world: World, steward: Harness
):
    """The shop sends its moderation log to «Shop log». "/settings warn_limit 5" typed in the
    group appears there ("@alice → changed a setting"); switching the shop to observe mode from
    the private keyboard leaves no line in the log chat, so a moderator can quietly stop all
    moderation. Keyboard changes should be logged there like typed ones."""
    alice, group, _dave = await shop(world, steward)
    log_group = await world.group_with_steward("Shop log", owner=alice)
    await steward.settle()
    await group.member(alice).says(f"/setlog {log_group.id}")
    await steward.settle()
    await alice.dm_bot("/settings")
    await steward.settle()
    await alice.presses(alice.last_dm, "Alice's Shop")
    await steward.settle()
    await alice.presses(alice.last_dm, "Mode: enforce")
    await steward.settle()
    chat = await steward.services.store.get_chat(group.id)
    assert chat is not None and chat.settings.get("mode") == "observe"
    lines = [m.text for m in log_group.bot_messages]
    assert any("mode = observe" in line for line in lines), lines


async def test_a_keyboard_change_is_logged_as_the_typed_one_is(world: World, steward: Harness):
    """The log chat's line for a keyboard change names the group, the person and the change
    exactly as the line for the same change typed in the group does."""
    alice, group, _dave = await shop(world, steward)
    log_group = await world.group_with_steward("Shop log", owner=alice)
    await steward.settle()
    await group.member(alice).says(f"/setlog {log_group.id}")
    await steward.settle()
    await group.member(alice).says("/settings warn_limit 5")
    await steward.settle()
    await alice.dm_bot("/settings")
    await steward.settle()
    await alice.presses(alice.last_dm, "Alice's Shop")
    await steward.settle()
    await alice.presses(alice.last_dm, "Warnings + (5)")
    await steward.settle()
    typed, pressed = log_group.bot_messages[-2:]
    shape = "«Alice's Shop»: @alice → changed a setting:"
    assert shape in typed.text and "warn_limit = 5" in typed.text, typed.text
    assert shape in pressed.text and "warn_limit = 6" in pressed.text, pressed.text


async def test_an_owner_of_many_groups_reaches_every_group_from_the_keyboard(
    world: World, steward: Harness
):
    """An owner with 55 shops sends /settings in private: the keyboard lists 50 of them and
    nothing else (no "more" button, no second message); shops 51 to 55 cannot be opened at all.
    Every group should be reachable."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    titles = [f"Shop {n:02d}" for n in range(55)]
    for title in titles:
        await world.group_with_steward(title, owner=alice)
    await steward.settle()
    before = len(alice.dms)
    await alice.dm_bot("/settings")
    await steward.settle()
    shown: set[str] = set()
    for dm in alice.dms[before:]:
        shown.update(dm.buttons)
    # A paging button ("more", "»") may lead on: follow whatever is not a group, a few times.
    for _ in range(5):
        others = [b for b in alice.last_dm.buttons if b not in titles]
        if not others or set(titles) <= shown:
            break
        await alice.presses(alice.last_dm, others[-1])
        await steward.settle()
        shown.update(alice.last_dm.buttons)
    missing = [t for t in titles if t not in shown]
    assert not missing, missing


async def _owner_of(world: World, steward: Harness, count: int):
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    groups = [await world.group_with_steward(f"Shop {n:02d}", owner=alice) for n in range(count)]
    await steward.settle()
    await alice.dm_bot("/settings")
    await steward.settle()
    return alice, groups


async def test_the_group_list_pages_back_and_forth(world: World, steward: Harness):
    """Page two has "‹ Prev" back to page one, the text says which groups are shown, and every
    button's data fits Telegram's 64 bytes."""
    alice, _groups = await _owner_of(world, steward, 45)
    menu = alice.last_dm
    assert "Groups 1–40 of 45" in menu.text
    assert menu.buttons[-1] == "Next ›" and "‹ Prev" not in menu.buttons
    await alice.presses(menu, "Next ›")
    await steward.settle()
    assert "Groups 41–45 of 45" in alice.last_dm.text
    assert alice.last_dm.buttons == [f"Shop {n}" for n in range(40, 45)] + ["‹ Prev"]
    rows = (alice.last_dm.reply_markup or {})["inline_keyboard"]
    assert all(len(b["callback_data"].encode()) <= 64 for row in rows for b in row)
    await alice.presses(alice.last_dm, "‹ Prev")
    await steward.settle()
    assert alice.last_dm.buttons[0] == "Shop 00" and alice.last_dm.buttons[-1] == "Next ›"


async def test_back_from_a_group_returns_to_its_page(world: World, steward: Harness):
    """ "« All groups" under a group of page two leads back to page two, not to the start."""
    alice, _groups = await _owner_of(world, steward, 45)
    await alice.presses(alice.last_dm, "Next ›")
    await steward.settle()
    await alice.presses(alice.last_dm, "Shop 42")
    await steward.settle()
    await alice.presses(alice.last_dm, "« All groups")
    await steward.settle()
    assert "Shop 42" in alice.last_dm.buttons
    assert "Groups 41–45 of 45" in alice.last_dm.text


async def test_a_page_that_no_longer_exists_shows_the_last_one(world: World, steward: Harness):
    """Steward leaves ten of the 45 groups while the first page is open: its "Next ›" then
    leads to the 35 groups left (one page now), never to an empty keyboard."""
    alice, groups = await _owner_of(world, steward, 45)
    menu = alice.last_dm
    for group in groups[:10]:
        await group.remove_bot(by=alice)
    await steward.settle()
    await alice.presses(menu, "Next ›")
    await steward.settle()
    assert menu.buttons == [f"Shop {n}" for n in range(10, 45)]  # (the removals DM'd her too)


async def test_forged_list_pages_are_refused(world: World, steward: Harness):
    """A page that is no number (or another list operation) is an expired button, not an
    error."""
    alice, _groups = await _owner_of(world, steward, 3)
    for data in ("cfg:list:page=abc", "cfg:list:mode=observe", "cfg:list:page"):
        press = await alice.presses(alice.last_dm, data)
        await steward.settle()
        assert press.answer_text, data


# -- the private chat


async def test_a_setup_link_opened_by_a_member_does_not_end_on_an_empty_promise(
    world: World, steward: Harness
):
    """Bob, a plain member, taps the setup link Steward posts in groups whose owner it cannot
    DM. Steward answers "That start link is not for a group you run with me; here is what I
    know of yours instead." and then nothing: the promised list never comes, nor the
    how-to-add-me hint a /start without a link gives. He should get that hint (or his groups)."""
    alice, group, _dave = await shop(world, steward)
    bob = world.user("bob", started_bot=True)
    await group.join(bob)
    await steward.settle()
    await bob.start_bot(f"setup_m{-group.id}")
    await steward.settle()
    reply = bob.last_dm.text
    assert "not for a group you run with me" in reply, reply
    assert "You have no groups with Steward yet" in reply, reply


async def test_a_setup_link_of_another_group_lists_the_groups_one_runs(
    world: World, steward: Harness
):
    """Dave moderates Alice's shop and owns a group of his own; the setup link of a group he
    does not run lists both, with no how-to-add-me hint."""
    alice, _group, dave = await shop(world, steward)
    await world.group_with_steward("Dave's Corner", owner=dave)
    other = await world.group_with_steward("Carol's Bakery", owner=world.user("carol"))
    await steward.settle()
    await dave.start_bot(f"setup_m{-other.id}")
    await steward.settle()
    reply = dave.last_dm.text
    assert "not for a group you run with me" in reply, reply
    assert "Dave's Corner" in reply and "Alice's Shop" in reply, reply
    assert "You have no groups with Steward yet" not in reply
    assert "Carol's Bakery" not in reply
