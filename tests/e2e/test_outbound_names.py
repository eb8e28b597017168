"""Names and quoted text in Steward's own sentences: whatever direction controls a person puts in
their name or message, the rest of Steward's line reads as written; right-to-left names stay
readable; a name in the group's greeting never passes for a handle or a link."""

from __future__ import annotations

from typing import Any

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_alerts import AD, shop
from tests.e2e.test_herd import _herd_dms, _shop

# Direction controls: embeddings and overrides (closed by PDF) and isolates (closed by PDI).
_OPENERS = {"\u202a", "\u202b", "\u202d", "\u202e"}
_ISOLATES = {"\u2066", "\u2067", "\u2068"}
_PDF, _PDI = "\u202c", "\u2069"


def _direction_open_at(text: str, index: int) -> bool:
    """Whether an embedding, override or isolate opened earlier on the same line is still in
    force at `index`, as the Unicode bidi algorithm reads it (a PDI also ends what opened inside
    its isolate; a new line ends everything)."""
    start = text.rfind("\n", 0, index) + 1
    stack: list[str] = []
    for ch in text[start:index]:
        if ch in _OPENERS:
            stack.append("e")
        elif ch in _ISOLATES:
            stack.append("i")
        elif ch == _PDF and stack and stack[-1] == "e":
            stack.pop()
        elif ch == _PDI and "i" in stack:
            while stack.pop() != "i":
                pass
    return bool(stack)


async def test_a_direction_override_in_a_spammers_name_does_not_flip_the_owners_alert(
    world: World, steward: Harness
):
    """A spammer without a username calls themself "Bob" + U+202E (right-to-left override):
    everything after the name on the owner's alert line (the group, the reasons) was drawn
    backwards."""
    alice, group, _dave = await shop(world, steward)
    bob = world.user("bob", first_name="Bob\u202e")
    bob.state.username = None
    spammer = await group.join(bob)
    ad = await spammer.says(AD)
    await steward.settle()
    assert ad.deleted
    text = alice.last_dm.text
    assert "Bob" in text
    after_name = text.index(" in «Alice's Shop»")
    assert not _direction_open_at(text, after_name), repr(text)


async def test_a_direction_override_in_a_members_name_does_not_flip_the_groups_warning(
    world: World, steward: Harness
):
    """A moderator warns a member whose name starts with U+202E: "has been warned (1/3)." was
    drawn reversed after the name for everyone in the group."""
    _alice, group, dave = await shop(world, steward)
    evan = world.user("evan", first_name="\u202eEvan")
    evan.state.username = None
    member = await group.join(evan)
    said = await member.says("hello all")
    await steward.settle()
    await group.member(dave).says("/warn off-topic", reply_to=said)
    await steward.settle()
    text = group.last_bot_message.text
    assert "Evan has been warned" in text.replace("\u2068", "").replace("\u2069", ""), text
    assert not _direction_open_at(text, text.index("has been warned")), repr(text)


async def test_an_arabic_name_is_kept_and_set_apart_from_stewards_words(
    world: World, steward: Harness
):
    """A right-to-left name keeps its letters, set in an isolate so it does not take the words
    and numbers after it along; an unclosed override inside it is dropped."""
    _alice, group, dave = await shop(world, steward)
    omar = world.user("omar", first_name="عمر\u202b")
    omar.state.username = None
    member = await group.join(omar)
    said = await member.says("hello all")
    await steward.settle()
    await group.member(dave).says("/warn off-topic", reply_to=said)
    await steward.settle()
    text = group.last_bot_message.text
    assert "\u2068عمر\u2069 has been warned (1/3)." in text, repr(text)


async def test_the_greeting_names_its_adder_inert(world: World, steward: Harness):
    """The owner who adds Steward is named in the group's greeting. A first name written like a
    moderator's handle or holding an invite link was repeated as is: a mention of @dave and a
    live link, posted by Steward in the group."""
    alice = world.user("alice", first_name="@dave t.me/+FreeUSDT", started_bot=True)
    await alice.start_bot()
    await steward.settle()
    group = await world.group_with_steward("Alice's Shop", owner=alice)
    await steward.settle()
    text = group.last_bot_message.text
    assert "sent the setup summary to" in text, text
    assert "@dave" not in text and "t.me/+FreeUSDT" not in text, text
    assert "＠dave t\u2024me/+FreeUSDT" in text, text


async def test_a_direction_override_in_the_adders_name_does_not_flip_the_greeting(
    world: World, steward: Harness
):
    """An adder named "Alice" + U+202E: "in private." was drawn backwards after the name."""
    alice = world.user("alice", first_name="Alice\u202e", started_bot=True)
    await alice.start_bot()
    await steward.settle()
    group = await world.group_with_steward("Alice's Shop", owner=alice)
    await steward.settle()
    text = group.last_bot_message.text
    assert "sent the setup summary to Alice" in text, text
    assert not _direction_open_at(text, text.index(" in private.")), repr(text)


async def test_a_direction_override_in_a_complaint_does_not_flip_the_herd_alert(
    clocked: tuple[World, Harness],
):
    """The herd alert quotes the most telling complaints mid-line, «text» then the link to the
    message. A complaint holding an unclosed U+202E drew the closing quote and the link after it
    backwards on the owner's screen."""
    world, steward = clocked
    alice, group = await _shop(world, steward)
    for n in range(3):
        member = await group.join(world.user(f"buyer{n}"))
        world.clock.advance(60)  # type: ignore[attr-defined]
        await member.says(f"Where is my order?? \u202ePaid two weeks ago, still nothing {n}")
        await steward.settle()
    alerts = _herd_dms(alice)
    assert len(alerts) == 1
    text: str = alerts[0].text
    quoted = [line for line in text.split("\n") if line.startswith("• ") and "Paid two" in line]
    assert quoted, text
    for line in quoted:
        assert not _direction_open_at(line, line.index("» https://t.me/")), repr(line)


async def test_a_direction_override_in_a_complainers_name_does_not_flip_the_list(
    clocked: tuple[World, Harness],
):
    """ "Who complained" lists each complainer then their id and messages on one line; a name
    ending in U+202E drew the rest of the line backwards."""
    world, steward = clocked
    alice, group = await _shop(world, steward)
    for n in range(3):
        user = world.user(f"buyer{n}", first_name=f"Buyer{n}\u202e")
        user.state.username = None
        member = await group.join(user)
        world.clock.advance(60)  # type: ignore[attr-defined]
        await member.says("Where is my order?? Paid two weeks ago and still haven't received it")
        await steward.settle()
    alert: Any = _herd_dms(alice)[0]
    await alice.presses(alert, "👥 Who complained")
    await steward.settle()
    text = alice.last_dm.text
    lines = [line for line in text.split("\n") if line.startswith("• ")]
    assert len(lines) == 3, text
    for line in lines:
        assert not _direction_open_at(line, line.index(" (id ")), repr(line)
