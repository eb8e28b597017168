"""Long lists in the group's answers, and the words a moderator typed as Steward repeats them.

A group allowing hundreds of domains and handles, or listing a hundred rivals with long names,
read its /settings, /allow and /competitor list cut off with "…" in the middle of an entry: the
moderator could not tell what was cut nor how many. They now see whole entries, how many more
there are and the command that shows them. A word echoed inside «…» in a refusal ("/mute 5zz",
an unknown setting, a rival's name) is set apart (`bot.names.isolated`) and cut short, so a typed
right-to-left override or a 3,000-character word neither flips nor floods Steward's reply."""

from __future__ import annotations

import re

import pytest

from bot.harness import Harness
from bot.outbound import MAX_MESSAGE, within
from bot.sandbox import World
from policies.competitors import Entry, entry_of
from tests.e2e.test_command_edges import new_texts, said, team

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
MORE = re.compile(r"… and (\d+) more: (/\S+(?: list(?: \d+)?)?)")


def domains(count: int, length: int = 20) -> list[str]:
    """`count` valid domains of about `length` characters each (labels of at most 60)."""
    out = []
    for i in range(count):
        body = f"shop{i:04d}" + "x" * max(0, length - 20)
        labels = [body[j : j + 60] for j in range(0, len(body), 60)]
        out.append(".".join(labels) + ".example.com")
    return out


def handles(count: int) -> list[str]:
    return [f"shop_handle_{i:04d}" for i in range(count)]


async def allowing(steward: Harness, chat_id: int, **lists: list[str]) -> None:
    """The group's allowed lists, as a settings file or an earlier version could leave them."""
    await steward.services.store.update_chat_settings(chat_id, lists)
    steward.services.cache.forget_chat(chat_id)


def listed_items(line: str) -> list[str]:
    """The entries a list line shows, without its "… and N more" tail."""
    body = MORE.split(line)[0] if MORE.search(line) else line
    return [item.strip() for item in body.split(",") if item.strip()]


def setting_line(text: str, name: str) -> str:
    line = next(line for line in text.splitlines() if line.startswith(f"• {name} = "))
    return line.removeprefix(f"• {name} = ").rsplit(" (", 1)[0]


# -- /settings in the group


@pytest.mark.parametrize("length", [20, 250], ids=["short-domains", "253-char-domains"])
async def test_group_settings_show_whole_entries_and_count_the_rest(
    world: World, steward: Harness, length: int
):
    """300 allowed domains: /settings answers in one message, every other setting and the
    footer still there, the list line showing whole domains then "… and N more: /allow list"
    with N the ones not shown."""
    _olga, shop, mod, _pete, _rita = await team(world, steward)
    allowed = domains(300, length)
    await allowing(steward, shop.id, allow_domains=allowed)
    command = await said(steward, mod, "/settings")
    (text,) = new_texts(shop, command)
    assert len(text) <= MAX_MESSAGE
    assert "Time zone:" in text and "/setlog" in text and "warn_limit = " in text
    line = setting_line(text, "allow_domains")
    match = MORE.search(line)
    assert match is not None, line
    shown = listed_items(line)
    assert shown and set(shown) <= set(allowed), shown[-1]
    assert int(match.group(1)) == 300 - len(shown)
    assert match.group(2) == "/allow list"


async def test_group_settings_with_both_lists_long_keep_both_readable(
    world: World, steward: Harness
):
    """300 domains and 300 handles: both lines show entries and their own count."""
    _olga, shop, mod, _pete, _rita = await team(world, steward)
    await allowing(steward, shop.id, allow_domains=domains(300), allow_handles=handles(300))
    command = await said(steward, mod, "/settings")
    (text,) = new_texts(shop, command)
    assert len(text) <= MAX_MESSAGE
    for name, items in (("allow_domains", domains(300)), ("allow_handles", handles(300))):
        line = setting_line(text, name)
        shown = listed_items(line)
        match = MORE.search(line)
        assert shown and set(shown) <= set(items) and match is not None, line
        assert int(match.group(1)) == 300 - len(shown)


async def test_short_lists_read_as_before(world: World, steward: Harness):
    _olga, shop, mod, _pete, _rita = await team(world, steward)
    await allowing(steward, shop.id, allow_domains=["b.com", "a.com"])
    command = await said(steward, mod, "/settings")
    (text,) = new_texts(shop, command)
    assert setting_line(text, "allow_domains") == "a.com, b.com"
    assert "more" not in text


# -- /allow lists every entry, page by page


@pytest.mark.parametrize("length", [20, 250], ids=["short-domains", "253-char-domains"])
async def test_allow_lists_every_entry_page_by_page(world: World, steward: Harness, length: int):
    """/allow with 300 handles and 300 domains: each message under Telegram's limit, whole
    entries only, each page naming the next; all 600 are seen once by paging through."""
    _olga, shop, mod, _pete, _rita = await team(world, steward)
    allowed = {"allow_handles": handles(300), "allow_domains": domains(300, length)}
    await allowing(steward, shop.id, **allowed)
    everything = set(allowed["allow_handles"]) | set(allowed["allow_domains"])
    seen: list[str] = []
    command, page = "/allow", 1
    while True:
        message = await said(steward, mod, command)
        (text,) = new_texts(shop, message)
        assert len(text) <= MAX_MESSAGE
        assert f"page {page} of " in text, text[:200]
        for line in text.splitlines():
            if line.startswith(("handles and links: ", "domains: ")):
                seen += listed_items(line.split(": ", 1)[1])
        match = MORE.search(text)
        if match is None:
            break
        page += 1
        assert match.group(2) == f"/allow list {page}"
        assert int(match.group(1)) == len(everything) - len(seen)
        command = match.group(2)
        assert page < 100
    assert sorted(seen) == sorted(everything)
    assert page > 1


async def test_allow_list_past_the_end_shows_the_last_page(world: World, steward: Harness):
    _olga, shop, mod, _pete, _rita = await team(world, steward)
    await allowing(steward, shop.id, allow_handles=handles(300))
    command = await said(steward, mod, "/allow list 99")
    (text,) = new_texts(shop, command)
    assert MORE.search(text) is None and "shop_handle_0299" in text


async def test_a_short_allowed_list_reads_as_before(world: World, steward: Harness):
    _olga, shop, mod, _pete, _rita = await team(world, steward)
    await allowing(steward, shop.id, allow_handles=["shop_one"])
    command = await said(steward, mod, "/allow")
    (text,) = new_texts(shop, command)
    assert "handles and links: shop_one" in text and "domains: -" in text
    assert "page" not in text
    command = await said(steward, mod, "/allow list")
    assert new_texts(shop, command) == [text]


# -- /competitor list


async def test_a_page_of_long_competitor_names_fits_and_names_the_next(
    world: World, steward: Harness
):
    """120 rivals with 120-character names: page 1 shows its 50 in one message (they were cut
    off with "…" before the 50th) and says how many more and where."""
    _olga, shop, mod, _pete, _rita = await team(world, steward)
    names = [f"Rival Store Number {i:03d} " + "w" * 97 for i in range(120)]
    entries = [e for e in map(entry_of, names) if isinstance(e, Entry)]
    store = steward.services.store
    await store.add_competitors(shop.id, entries, None, steward.services.clock())
    command = await said(steward, mod, "/competitor list")
    (text,) = new_texts(shop, command)
    assert len(text) <= MAX_MESSAGE
    assert not text.endswith("…"), text[-200:]
    assert sum(line.startswith("• ") for line in text.splitlines()) == 50
    match = MORE.search(text)
    assert match is not None and match.groups() == ("70", "/competitor list 2"), text[-200:]


# -- the private settings page shares the group's way of fitting a long list


async def test_the_private_settings_page_counts_a_long_list_with_the_command_that_lists_it(
    world: World, steward: Harness
):
    """The keyboard's page of a group with 300 allowed domains (the same code as /settings in
    the group) counts them and names /allow list, which now lists them all; the other list,
    short, stays written out."""
    olga, shop, _mod, _pete, _rita = await team(world, steward)
    await allowing(steward, shop.id, allow_domains=domains(300), allow_handles=["shop_one"])
    await olga.dm_bot("/settings")
    await steward.settle()
    await olga.presses(olga.last_dm, "Olga's Sneakers")
    await steward.settle()
    text = olga.last_dm.text
    assert len(text) <= MAX_MESSAGE and "Time zone:" in text
    line = setting_line(text, "allow_domains")
    assert line.startswith("300 items") and "/allow list" in line, line
    assert setting_line(text, "allow_handles") == "shop_one"


# -- words the moderator typed, echoed


@pytest.mark.parametrize(
    ("command", "kept"),
    [
        (f"/mute 5{RLO}zz", "5zz"),  # by reply: a bad duration
        (f"/settings warn{RLO}_limits 5", "warn_limits"),
        (f"/competitor remove {RLO}Rival Deals", "Rival Deals"),
        (f"/competitor add {RLO}ab", "ab"),
        (f"/allow remove {RLO}shop.example", "shop.example"),
        (f"/settings allow_domains {RLO}shop.example", "shop.example"),
        (f"/tz Europe/{RLO}Nowhere", "Europe/Nowhere"),
        (f"/lang {RLO}xx", "xx"),
        (f"/prompt add poll Which? | {RLO}blue | {RLO}blue", "blue"),  # an option twice
        (f"/prompt add poll Which? | {'x' * 120}{RLO}y | z", "xxxx"),  # an option too long
        (f"/herd on {RLO}now please", "please"),  # words ignored
    ],
)
async def test_a_typed_override_is_not_echoed(
    world: World, steward: Harness, command: str, kept: str
):
    """A moderator's word holding U+202E is echoed without it: Steward's own words after it
    stay the right way round; the rest of the word is still shown."""
    _olga, shop, mod, pete, _rita = await team(world, steward)
    target = await said(steward, pete, "hello") if command.startswith("/mute") else None
    message = await said(steward, mod, command, reply_to=target)
    texts = new_texts(shop, message)
    assert texts, "no answer"
    assert not any(RLO in text for text in texts), texts
    assert any(kept in text for text in texts), texts


async def test_a_listed_rivals_override_is_not_echoed(world: World, steward: Harness):
    """A rival listed with U+202E in its name: /competitor add and /competitor list name it
    without the override."""
    _olga, shop, mod, _pete, _rita = await team(world, steward)
    added = await said(steward, mod, f"/competitor add Rival {RLO}Deals Shop")
    await said(steward, mod, "/competitor list")
    texts = new_texts(shop, added)
    assert len(texts) == 2 and all("Deals Shop" in text for text in texts), texts
    assert not any(RLO in text for text in texts), texts


@pytest.mark.parametrize(
    "command",
    [
        "/mute 5{word}",
        "/settings {word} 5",
        "/tz {word}",
        "/allow remove {word}",
        "/settings allow_domains {word}.com",
        "/competitor remove {word}",
    ],
)
async def test_a_3000_character_word_is_echoed_short(world: World, steward: Harness, command: str):
    """A 3,000-character word is echoed cut to a few dozen characters, not in full."""
    _olga, shop, mod, pete, _rita = await team(world, steward)
    target = await said(steward, pete, "hello") if command.startswith("/mute") else None
    message = await said(steward, mod, command.format(word="z" * 3000), reply_to=target)
    texts = new_texts(shop, message)
    assert len(texts) == 1, texts
    assert len(texts[0]) < 400, texts[0]
    assert "z" * 65 not in texts[0]


async def test_a_change_to_a_long_list_is_confirmed_short(world: World, steward: Harness):
    """/allow domain one more, with 199 long domains allowed: "Done: allow_domains = ..."
    repeated the whole list, cut off with "…" in the middle of a domain; it now names the
    first whole ones and how many more, with /allow list."""
    _olga, shop, mod, _pete, _rita = await team(world, steward)
    allowed = domains(199, 250)
    await allowing(steward, shop.id, allow_domains=allowed)
    command = await said(steward, mod, "/allow domain newshop.example.com")
    (text,) = new_texts(shop, command)
    assert text.startswith("Done: allow_domains = ") and len(text) < 1200, text[-300:]
    line = text.removeprefix("Done: allow_domains = ").removesuffix(".")
    match = MORE.search(line)
    shown = listed_items(line)
    assert match is not None and match.group(2) == "/allow list", line[-200:]
    assert set(shown) <= {*allowed, "newshop.example.com"}
    assert int(match.group(1)) == 200 - len(shown)


def test_within_keeps_whole_items_and_counts_the_rest():
    """The shared helper: all items when they fit; else whole ones and the count left out; the
    count alone when not one fits."""
    items = ["aaaa", "bbbb", "cccc", "dddd", "eeee"]
    more = "… and {} more".format
    assert within(items, 100, more) == "aaaa, bbbb, cccc, dddd, eeee"
    assert within(items, 23, more) == "aaaa, bbbb … and 3 more"
    assert within(items, 22, more) == "aaaa … and 4 more"
    assert within(items, 5, more, none="{} items".format) == "5 items"
    shown = within([f"item{i:03d}" for i in range(300)], 200, more)
    assert len(shown) <= 200 and shown.endswith(f"… and {300 - shown.count(',') - 1} more")
