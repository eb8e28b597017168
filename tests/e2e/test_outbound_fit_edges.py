"""Texts Steward cuts to fit Telegram: the private settings page of a group with long lists, a long
group title on its button, a quoted message; a cut never splits what a person sees as one
character (a flag, an emoji joined with ZWJ, a skin tone, a letter with its accent)."""

from __future__ import annotations

import unicodedata

import pytest

from bot import outbound
from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_alerts import shop


def _cut_inside_grapheme(whole: str, cut: int) -> bool:
    """Whether cutting `whole` at `cut` splits a user-perceived character: before a combining
    mark, a joiner, a variation selector or a skin tone; after a joiner; or between the two
    regional indicators of a flag."""
    if cut <= 0 or cut >= len(whole):
        return False
    after, before = whole[cut], whole[cut - 1]
    if unicodedata.category(after) in ("Mn", "Me") or after in "\u200d\ufe0f":
        return True
    if "\U0001f3fb" <= after <= "\U0001f3ff" or before == "\u200d":
        return True

    def regional(ch: str) -> bool:
        return "\U0001f1e6" <= ch <= "\U0001f1ff"

    if regional(before) and regional(after):
        run = 0
        while cut - 1 - run >= 0 and regional(whole[cut - 1 - run]):
            run += 1
        return run % 2 == 1
    return False


async def _long_allow_list(world: World, steward: Harness):
    """Alice's Shop with 190 partner sites allowed, and its page opened in private /settings."""
    alice, group, _dave = await shop(world, steward)
    domains = " ".join(f"shop{n:03d}-partner.com" for n in range(190))
    await group.member(alice).says("/settings allow_domains " + domains)
    await steward.settle()
    assert "Done: allow_domains" in group.last_bot_message.text
    await alice.dm_bot("/settings")
    await steward.settle()
    await alice.presses(alice.last_dm, "Alice's Shop")
    await steward.settle()
    return alice, group


async def test_the_private_settings_page_of_a_group_with_long_lists_fits_one_message(
    world: World, steward: Harness
):
    """An owner allows 190 partner sites (/settings allow_domains …, accepted). Opening the
    group in the private /settings keyboard edits the menu into the whole settings page,
    about 5,400 characters: Telegram refuses it ("message is too long") and the owner's
    button does nothing. The page should be cut (or split) to fit 4,096 characters like the
    same page typed in the group."""
    await _long_allow_list(world, steward)
    edits = world.calls_to("editMessageText")
    assert edits, "the group's page was never shown"
    assert len(edits[-1].params["text"]) <= 4096, len(edits[-1].params["text"])


async def test_a_long_list_on_the_private_settings_page_is_counted_and_the_rest_still_shown(
    world: World, steward: Harness
):
    """The owner of that group sees every setting, the language, time zone and log chat, and
    the long list as its count with the command that lists it all (not a page cut off after
    the list with "…"); a short list stays written out, and the keyboard still works."""
    alice, group = await _long_allow_list(world, steward)
    page = alice.last_dm
    text = page.text
    assert len(text) <= 4096
    assert "allow_domains = 190" in text and "/allow" in text, text
    assert "shop000-partner.com" not in text
    assert "Time zone:" in text and "warn_limit = " in text and not text.endswith("…"), text
    await group.member(alice).says("/allow handle alices_outlet")
    await steward.settle()
    await alice.presses(page, page.buttons[0])  # the mode button: the page is drawn again
    await steward.settle()
    again = alice.last_dm.text
    assert "allow_handles = alices_outlet" in again and "allow_domains = 190" in again, again


async def test_a_long_group_title_is_not_cut_inside_a_flag_on_its_settings_button(
    world: World, steward: Harness
):
    """A group titled with 59 letters then the Ukrainian flag 🇺🇦 (two regional indicators).
    The private /settings keyboard cuts titles to 60 code points, between the flag's two
    halves: the button shows a stray boxed "🇺" letter instead of the flag. The cut should
    fall between whole characters (drop the flag or keep it)."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    title = "Kyiv handmade market and friends of the market, est in 2020"[:59] + "🇺🇦 shop"
    assert len(title[:59]) == 59
    await world.group_with_steward(title, owner=alice)
    await steward.settle()
    await alice.dm_bot("/settings")
    await steward.settle()
    label = alice.last_dm.buttons[0]
    assert title.startswith(label), (label, title)
    assert not _cut_inside_grapheme(title, len(label)), repr(label)


@pytest.mark.parametrize(
    "title",
    [
        "x" * 58 + "👩\u200d👩\u200d👧\u200d👦 family",  # a family: four people joined by ZWJ
        "x" * 59 + "👋🏽 hi",  # a wave with a skin tone
        "x" * 58 + "e\u0301\u0301 cafe",  # a letter with two accents
    ],
    ids=["family", "skin_tone", "accents"],
)
async def test_a_long_group_title_keeps_joined_emoji_and_accents_whole_on_its_button(
    world: World, steward: Harness, title: str
):
    """The 60th code point of a title falls inside a family emoji, a toned hand or an accented
    letter: the button shows it whole or not at all."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    await world.group_with_steward(title, owner=alice)
    await steward.settle()
    await alice.dm_bot("/settings")
    await steward.settle()
    label = alice.last_dm.buttons[0]
    assert title.startswith(label) and len(label) <= 60, (label, title)
    assert not _cut_inside_grapheme(title, len(label)), repr(label)


async def test_a_reported_row_of_flags_is_not_quoted_with_half_a_flag(
    world: World, steward: Harness
):
    """A member posts a long row of flags (🇺🇦🇵🇱🇬🇪…, two code points each) and another member
    /reports it. The owner's alert quotes the message cut to 600 code points, which falls
    between the two halves of a flag: the quote ends in a stray boxed letter before "…". The
    quote should be cut between whole characters."""
    alice, group, _dave = await shop(world, steward)
    flags = "🇺🇦🇵🇱🇬🇪🇱🇹🇱🇻🇪🇪🇲🇩🇨🇿" * 40  # 640 code points
    poster = await group.join(world.user("paula"))
    reporter = await group.join(world.user("rita"))
    posted = await poster.says(flags)
    await steward.settle()
    await reporter.says("/report", reply_to=posted)
    await steward.settle()
    text = alice.last_dm.text
    assert "reported a message" in text, text
    quoted = text.split("\n«", 1)[1].split("»", 1)[0]
    assert quoted.endswith("…") and flags.startswith(quoted[:-1]), quoted
    assert not _cut_inside_grapheme(flags, len(quoted) - 1), repr(quoted[-4:])


def test_a_hard_cut_of_a_long_line_falls_between_whole_characters() -> None:
    """A line longer than a message (a wall of flags, no line breaks) is cut where it must be,
    but between flags; the pieces still add up to the whole text."""
    flags = "🇺🇦🇵🇱🇬🇪" * 700  # 4,200 code points, one line
    got = outbound.pieces(flags, 4095)
    assert "".join(got) == flags and all(len(p) <= 4095 for p in got)
    assert not _cut_inside_grapheme(flags, len(got[0]))
    fitted = outbound.fit("🇺🇦" + flags)
    assert len(fitted) <= 4096 and fitted.endswith("\n…")
    assert not _cut_inside_grapheme("🇺🇦" + flags, len(fitted) - 2)


def test_cut_keeps_short_texts_and_never_splits_a_character() -> None:
    cut = outbound.cut
    assert cut("short", 10) == "short"
    assert cut("ab🇺🇦", 3) == "ab"
    assert cut("ab🇺🇦", 4) == "ab🇺🇦"
    assert cut("👩\u200d👧x", 2) == ""
    assert cut("👩\u200d👧x", 4) == "👩\u200d👧x"
    assert cut("e\u0301" * 3, 5) == "e\u0301e\u0301"


async def test_an_unknown_time_zone_is_quoted_back_without_half_a_flag(
    world: World, steward: Harness
):
    """An owner types /tz with 63 letters then a flag: the refusal quotes the name cut to 64
    code points, which used to fall between the flag's two halves."""
    alice, group, _dave = await shop(world, steward)
    name = "x" * 63 + "🇺🇦"
    await group.member(alice).says(f"/tz {name}")
    await steward.settle()
    text = group.last_bot_message.text
    quoted = text.split("«", 1)[1].split("»", 1)[0]
    assert "not a time zone" in text and name.startswith(quoted), text
    assert not _cut_inside_grapheme(name, len(quoted)), repr(quoted[-3:])


async def test_an_unknown_setting_is_quoted_back_without_half_an_emoji(
    world: World, steward: Harness
):
    """/settings with a made-up key whose 40th code point is inside a toned thumbs-up: the
    refusal names it whole or without the emoji."""
    alice, group, _dave = await shop(world, steward)
    name = "x" * 39 + "👍🏽"
    await group.member(alice).says(f"/settings {name} 5")
    await steward.settle()
    text = group.last_bot_message.text
    quoted = text.split("«", 1)[1].split("»", 1)[0]
    assert "no setting" in text and name.startswith(quoted), text
    assert not _cut_inside_grapheme(name, len(quoted)), repr(quoted[-3:])
