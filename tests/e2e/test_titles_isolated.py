"""Group titles and quoted member text in Steward's own sentences: a title holding a direction
override never flips the rest of Steward's line, and a right-to-left title or quote is set in an
isolate (FSI ... PDI) so it does not take Steward's words, numbers and punctuation along. The
assertions are on what Telegram was sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_alerts import AD
from tests.e2e.test_herd import COMPLAINTS

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
FSI, PDI = "\u2068", "\u2069"
EVIL = f"Shop{RLO} evil"
ARABIC = "متجر علي"

# A title as written, and as Steward's sentences should show it.
TITLES = pytest.mark.parametrize(
    ("title", "shown"),
    [(EVIL, "Shop evil"), (ARABIC, f"{FSI}{ARABIC}{PDI}")],
    ids=["override", "arabic"],
)


def _strings(value: Any) -> Iterator[str]:
    """Every string in a Bot API call's parameters (JSON-encoded ones opened too)."""
    if isinstance(value, str):
        yield value
        try:
            opened = json.loads(value)
        except ValueError:
            return
        if not isinstance(opened, str):
            yield from _strings(opened)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "to_dict"):
        yield from _strings(value.to_dict())


def _no_override_sent(world: World) -> None:
    """No call Steward made to Telegram carried a right-to-left override."""
    for call in world.calls:
        for text in _strings(call.params):
            assert RLO not in text, f"{call.method}: {text!r}"


async def _shop(world: World, steward: Harness, title: str):
    """alice (who started the bot) owns a group of that title with Steward in it."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group_with_steward(title, owner=alice)
    await steward.settle()
    return alice, group


@TITLES
async def test_the_setup_messages_and_the_spam_alert_set_the_title_apart(
    world: World, steward: Harness, title: str, shown: str
):
    """Adding Steward sends the owner a setup summary and greets the group, and a removed ad
    sends the owner an alert: each names the group «title» mid-sentence."""
    alice, group = await _shop(world, steward, title)
    assert f"Steward is now in «{shown}»." in alice.dms[-1].text, alice.dms[-1].text
    assert f"I keep «{shown}» free of ad spam" in group.bot_messages[0].text
    spammer = await group.join(world.user("mallory"))
    ad = await spammer.says(AD)
    await steward.settle()
    assert ad.deleted
    assert f"Removed a message from @mallory in «{shown}»: " in alice.last_dm.text
    _no_override_sent(world)


async def test_the_private_lists_of_groups_set_titles_apart(world: World, steward: Harness):
    """/start, /settings (its keyboard and a group's page) and /health in private list the
    owner's groups by title, one a line."""
    alice, _evil = await _shop(world, steward, EVIL)
    await world.group_with_steward(ARABIC, owner=alice)
    await steward.settle()
    await alice.dm_bot("/start")
    await steward.settle()
    start = alice.last_dm.text
    assert "• Shop evil: " in start and f"• {FSI}{ARABIC}{PDI}: " in start, start
    await alice.dm_bot("/settings")
    await steward.settle()
    assert sorted(alice.last_dm.buttons) == sorted(["Shop evil", f"{FSI}{ARABIC}{PDI}"])
    await alice.presses(alice.last_dm, f"{FSI}{ARABIC}{PDI}")
    await steward.settle()
    assert f"Settings of «{FSI}{ARABIC}{PDI}»" in alice.last_dm.text, alice.last_dm.text
    await alice.dm_bot("/health")
    await steward.settle()
    listing = alice.last_dm.text
    assert "Shop evil" in listing and f"{FSI}{ARABIC}{PDI}" in listing, listing
    await alice.dm_bot("/health 1")
    await steward.settle()
    assert "Health of «" in alice.last_dm.text
    _no_override_sent(world)


@TITLES
async def test_calm_mode_and_the_complaint_watch_set_the_title_apart(
    world: World, steward: Harness, title: str, shown: str
):
    """/herd calm answers «title» until when; /herd shows the watch of «title»."""
    alice, group = await _shop(world, steward, title)
    await group.member(alice).says("/herd calm 2h")
    await steward.settle()
    assert f"Calm mode is on in «{shown}» until " in group.last_bot_message.text
    await group.member(alice).says("/herd calm off")
    await steward.settle()
    assert f"Calm mode is off in «{shown}»;" in group.last_bot_message.text
    await group.member(alice).says("/herd")
    await steward.settle()
    assert f"Complaint watch in «{shown}»: " in group.last_bot_message.text
    _no_override_sent(world)


@TITLES
async def test_the_herd_alert_and_its_buttons_set_the_title_apart(
    clocked: tuple[World, Harness], title: str, shown: str
):
    """Complaints pile up: the owner's alert, the list of who complained and the calm button's
    answer each name «title»."""
    world, steward = clocked
    alice, group = await _shop(world, steward, title)
    for n in range(3):
        member = await group.join(world.user(f"buyer{n}"))
        world.clock.advance(60)  # type: ignore[attr-defined]
        await member.says(COMPLAINTS[n])
        await steward.settle()
    [alert] = [m for m in alice.dms if "complaints are piling up" in m.text]
    assert f"complaints are piling up in «{shown}»\n" in alert.text, alert.text
    await alice.presses(alert, "👥 Who complained")
    await steward.settle()
    assert f"Who complained in «{shown}» (3):" in alice.last_dm.text
    press = await alice.presses(alert, "🧘 Calm mode on")
    await steward.settle()
    assert f"Calm mode is on in «{shown}» until " in (press.answer_text or ""), press
    _no_override_sent(world)


@TITLES
async def test_the_digest_caption_sets_the_title_apart(
    world: World, steward: Harness, title: str, shown: str
):
    """/digest now: the chart's caption names «title» before the group's stage."""
    alice, group = await _shop(world, steward, title)
    await group.member(alice).says("/digest now")
    await steward.settle()
    photos = [m for m in alice.dms if "photo" in m.state.data]
    assert len(photos) == 1
    assert f"Weekly digest: «{shown}» (" in photos[0].text, photos[0].text
    _no_override_sent(world)


@pytest.mark.parametrize(
    ("said", "quoted"),
    [
        (f"this shop is a scam{RLO} trust me 100", "this shop is a scam trust me 100"),
        ("مرحبا، هذا المتجر احتيال", f"{FSI}مرحبا، هذا المتجر احتيال{PDI}"),
        # An isolate ends with its line: each line of the quote is set apart.
        ("هذا المتجر\nاحتيال 100", f"{FSI}هذا المتجر{PDI}\n{FSI}احتيال 100{PDI}"),
    ],
    ids=["override", "arabic", "arabic-two-lines"],
)
async def test_the_report_alert_sets_the_quoted_message_apart(
    world: World, steward: Harness, said: str, quoted: str
):
    """A member reports a message: the owner's alert quotes it «text» between Steward's words
    and the event number, and names the group «title»."""
    alice, group = await _shop(world, steward, ARABIC)
    author = await group.join(world.user("author"))
    bob = await group.join(world.user("bob"))
    message = await author.says(said)
    await steward.settle()
    await bob.says("/report", reply_to=message)
    await steward.settle()
    text = alice.last_dm.text
    assert f"in «{FSI}{ARABIC}{PDI}» (1 of 3 reports to hide it):\n«{quoted}»\nEvent #" in text, (
        text
    )
    _no_override_sent(world)


@pytest.mark.parametrize(
    ("tail", "quoted"),
    [(f" {RLO}now", f"«{AD} now»"), (" مرحبا بكم", f"«{FSI}{AD} مرحبا بكم{PDI}»")],
    ids=["override", "arabic"],
)
async def test_the_restored_message_is_quoted_apart(
    world: World, steward: Harness, tail: str, quoted: str
):
    """/restore N reposts the removed text as a quote: a direction override in it does not
    flip the closing quote mark, and right-to-left text in it is set in an isolate."""
    alice, group = await _shop(world, steward, EVIL)
    spammer = await group.join(world.user("mallory"))
    ad = await spammer.says(AD + tail)
    await steward.settle()
    assert ad.deleted
    store = steward.services.store
    event = next(e for e in await store.list_events(group.id) if e.kind == "spam_removed")
    await group.member(alice).says(f"/restore {event.id}")
    await steward.settle()
    text = group.last_bot_message.text
    assert "which I removed by mistake" in text, text
    assert text.endswith(quoted), repr(text)
    _no_override_sent(world)


@pytest.mark.parametrize(
    ("channel", "shown"),
    [(f"Deals{RLO} daily", "Deals daily"), ("عروض اليوم", f"{FSI}عروض اليوم{PDI}")],
    ids=["override", "arabic"],
)
async def test_a_forwarded_channels_title_in_the_reasons_is_set_apart(
    world: World, steward: Harness, channel: str, shown: str
):
    """A newcomer forwards a rival's pitch from a channel: the owner's alert names the channel by
    its title mid-line, among the reasons and as the rival, before the action and event; and
    the alert's button that lists the rival names it so."""
    alice, group = await _shop(world, steward, "Alice's Shop")
    spammer = await group.join(world.user("mallory"))
    ad = await spammer.says("Same kicks 30% cheaper, DM me", forward_from=world.channel(channel))
    await steward.settle()
    assert ad.deleted
    text = alice.last_dm.text
    assert f"forwarded from another channel ({shown}); " in text, text
    assert f"Rival: {shown}. Action: " in text, text
    press = await alice.presses(alice.last_dm, "📋 Add to competitors")
    await steward.settle()
    answer = press.answer_text or ""
    assert f"Added {shown} to the competitor list of «Alice's Shop»." in answer, answer
    _no_override_sent(world)
