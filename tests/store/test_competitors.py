"""Competitor lists on both backends: adding (added, already listed, full), first spelling kept,
order, removing, per chat, the MAX_ENTRIES cap, literal and long Unicode text, chat migration,
restarts; and migration 0006 that creates the table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import resources
from string import ascii_lowercase
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import ReflectedColumn

from bot.store import Store
from bot.store.schema import competitors
from policies.competitors import MAX_CHARS, MAX_ENTRIES, Entry, earlier_key, entry_of

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def _e(text: str) -> Entry:
    """The entry a moderator's text makes (the test fails if entry_of refuses it)."""
    entry = entry_of(text)
    assert isinstance(entry, Entry), f"entry_of({text!r}) refused: {entry}"
    return entry


def _at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def _generated(n: int, prefix: str = "Rival") -> list[Entry]:
    """n distinct entries of letters only (digits would be read as leetspeak and collide)."""
    names = [
        f"{prefix} {ascii_lowercase[i // 676 % 26]}{ascii_lowercase[i // 26 % 26]}"
        f"{ascii_lowercase[i % 26]} shop"
        for i in range(n)
    ]
    entries = [_e(name) for name in names]
    assert len({e.key for e in entries}) == n
    return entries


async def _shown(store: Store, chat_id: int) -> list[str]:
    return [e.shown for e in await store.list_competitors(chat_id)]


async def test_add_reports_added_known_and_keeps_the_first_spelling(store: Store) -> None:
    """A batch is added in full; a later batch reports other spellings of listed keys (also a
    repeat inside the batch) as already listed and leaves the first spelling in place."""
    assert await store.list_competitors(-1) == []
    assert await store.count_competitors(-1) == 0
    first = [_e("ShopXyz"), _e("t.me/rivalgroup"), _e("Best.*Shop+")]
    assert await store.add_competitors(-1, first, 7, _at(0)) == (first, [], False)
    assert await store.count_competitors(-1) == 3

    again = [_e("shop_xyz"), _e("Other Store"), _e("S h o p X y z"), _e("other_store")]
    assert again[0].key == first[0].key and again[0].shown != first[0].shown
    added, known, full = await store.add_competitors(-1, again, 8, _at(1))
    assert added == [_e("Other Store")]
    assert known == [_e("shop_xyz"), _e("S h o p X y z"), _e("other_store")]
    assert full is False
    # (The order inside one call is test_list_order_is_the_order_added_within_one_call's.)
    listed = await store.list_competitors(-1)
    assert set(listed[:3]) == set(first) and listed[3] == _e("Other Store")
    assert await store.count_competitors(-1) == 4

    # Only known entries: nothing added, nothing changed.
    assert await store.add_competitors(-1, [_e("SHOPXYZ")], 9, _at(2)) == (
        [],
        [_e("SHOPXYZ")],
        False,
    )
    assert await store.add_competitors(-1, [], 9, _at(3)) == ([], [], False)
    assert set(await _shown(store, -1)) == {
        "ShopXyz",
        "t.me/rivalgroup",
        "Best.*Shop+",
        "Other Store",
    }

    # Who listed it and when are recorded with the row (aware UTC on both backends).
    async with store.engine.connect() as conn:
        row = (
            await conn.execute(
                sa.select(competitors.c.added_by, competitors.c.added_at).where(
                    competitors.c.chat_id == -1, competitors.c.key == first[0].key
                )
            )
        ).one()
    assert row.added_by == 7 and row.added_at == _at(0) and row.added_at.tzinfo is not None


async def test_list_order_is_the_order_added_across_calls(store: Store) -> None:
    """Entries added by separate calls list oldest first, not alphabetically."""
    for i, name in enumerate(["Zeta Shop", "Alpha Shop", "Mid Shop", "Beta Shop"]):
        await store.add_competitors(-1, [_e(name)], None, _at(i))
    assert await _shown(store, -1) == ["Zeta Shop", "Alpha Shop", "Mid Shop", "Beta Shop"]


async def test_list_order_is_the_order_added_within_one_call(store: Store) -> None:
    """Entries added by one call (one /competitor add with several names) keep their order."""
    names = ["Zeta Shop", "Alpha Shop", "Mid Shop", "Beta Shop"]
    added, _known, _full = await store.add_competitors(-1, [_e(n) for n in names], None, _at(0))
    assert [e.shown for e in added] == names
    assert await _shown(store, -1) == names


async def test_remove_returns_the_listed_spelling_then_none(store: Store) -> None:
    """Removing by key gives back the name as listed; a second removal finds nothing."""
    await store.add_competitors(-1, [_e("ShopXyz"), _e("Other Store")], None, _at(0))
    key = _e("shop_xyz").key
    assert await store.remove_competitor(-1, key) == "ShopXyz"
    assert await store.remove_competitor(-1, key) is None
    assert await store.remove_competitor(-1, _e("never listed").key) is None
    assert await _shown(store, -1) == ["Other Store"]
    assert await store.count_competitors(-1) == 1
    # Once removed, another spelling can be listed afresh.
    assert await store.add_competitors(-1, [_e("shop_xyz")], None, _at(1)) == (
        [_e("shop_xyz")],
        [],
        False,
    )
    assert await _shown(store, -1) == ["Other Store", "shop_xyz"]


@pytest.mark.parametrize(
    ("typed", "old_key"),
    [
        ("rivalbags.com/catalog", "rivalbagscomcatalog"),  # a site pasted with a path
        ("https://discord.gg/kickzone", "discordgg"),  # a shared host, once listed by itself
    ],
)
async def test_an_entry_stored_under_an_earlier_key_is_found_by_its_text(
    store: Store, typed: str, old_key: str
) -> None:
    """Entries listed before entry_of read a site's path (stored under the key it gave then)
    are not found by today's key of the same text, and are by `earlier_key`'s; an entry whose
    key never changed has no earlier key."""
    await store.add_competitors(-1, [Entry(old_key, typed), _e("ShopXyz")], None, _at(0))
    assert await store.remove_competitor(-1, _e(typed).key) is None
    assert earlier_key(typed) == old_key
    assert await store.remove_competitor(-1, old_key) == typed
    assert await _shown(store, -1) == ["ShopXyz"]
    assert earlier_key("ShopXyz") is None
    assert earlier_key("https://rivalbags.com/catalog") is None


async def test_lists_are_per_chat(store: Store) -> None:
    """The same key is listed separately per chat; changing one chat leaves the other alone."""
    await store.add_competitors(-1, [_e("ShopXyz"), _e("Alpha Shop")], None, _at(0))
    assert await store.add_competitors(-2, [_e("shop_xyz")], None, _at(1)) == (
        [_e("shop_xyz")],
        [],
        False,
    )
    assert await store.remove_competitor(-1, _e("ShopXyz").key) == "ShopXyz"
    assert await _shown(store, -1) == ["Alpha Shop"]
    assert await _shown(store, -2) == ["shop_xyz"]
    assert await store.remove_competitor(-2, _e("Alpha Shop").key) is None
    assert (await store.count_competitors(-1), await store.count_competitors(-2)) == (1, 1)
    assert await store.list_competitors(-3) == [] and await store.count_competitors(-3) == 0


async def test_max_entries_is_enforced(store: Store) -> None:
    """A chat holds MAX_ENTRIES; beyond that nothing is added and full is reported, while
    known entries, other chats and room freed by removing still work."""
    assert MAX_ENTRIES == 5000
    entries = _generated(MAX_ENTRIES + 3)
    fill, extra = entries[:MAX_ENTRIES], entries[MAX_ENTRIES:]
    assert await store.add_competitors(-1, fill, None, _at(0)) == (fill, [], False)
    assert await store.count_competitors(-1) == MAX_ENTRIES

    assert await store.add_competitors(-1, extra[:1], None, _at(1)) == ([], [], True)
    assert await store.count_competitors(-1) == MAX_ENTRIES
    listed = {e.key for e in await store.list_competitors(-1)}
    assert listed == {e.key for e in fill} and extra[0].key not in listed

    # A known entry while full is just known; another chat has its own room.
    assert await store.add_competitors(-1, [fill[0]], None, _at(2)) == ([], [fill[0]], False)
    assert await store.add_competitors(-2, extra[:1], None, _at(2)) == (extra[:1], [], False)

    # Room for two: a batch of three adds two and reports full; the third is not added.
    for entry in fill[:2]:
        assert await store.remove_competitor(-1, entry.key) == entry.shown
    assert await store.add_competitors(-1, extra, None, _at(3)) == (extra[:2], [], True)
    assert await store.count_competitors(-1) == MAX_ENTRIES
    listed = {e.key for e in await store.list_competitors(-1)}
    assert extra[2].key not in listed and {extra[0].key, extra[1].key} <= listed


METACHARACTERS = [
    "50%_off shop",
    "O'Brien's; DROP TABLE competitors;--",
    'back\\slash "quoted" _%_ shop',
    "best.*shop+ (x|y)[a-z]{2,}$",
    "^(a+)+$ ? | \\d{3} \\1",
    "Łódź 🔥 магазин 商店",
    "e\u0301cole \u00e9cole \u200bzero-width",
]


async def test_sql_and_regex_metacharacters_round_trip(store: Store) -> None:
    """Text with SQL and regex metacharacters is stored, listed and removed exactly as typed."""
    entries = [_e(text) for text in METACHARACTERS]
    assert len({e.key for e in entries}) == len(entries)
    for i, entry in enumerate(entries):
        assert await store.add_competitors(-1, [entry], None, _at(i)) == ([entry], [], False)
    assert await store.list_competitors(-1) == entries
    assert await store.remove_competitor(-1, entries[1].key) == METACHARACTERS[1]
    assert await _shown(store, -1) == METACHARACTERS[:1] + METACHARACTERS[2:]
    assert await store.count_competitors(-1) == len(entries) - 1


async def test_keys_are_matched_literally(store: Store) -> None:
    """Keys with LIKE wildcards and quotes are compared exactly: % and _ match nothing else."""
    odd = [Entry("50%", "fifty percent"), Entry("a_c", "a underscore c"), Entry("it's", "q")]
    assert await store.add_competitors(-1, odd, None, _at(0)) == (odd, [], False)
    assert await store.add_competitors(-1, [Entry("abc", "abc")], None, _at(1)) == (
        [Entry("abc", "abc")],
        [],
        False,
    )
    for wildcard in ("%", "5%", "50_", "a%", "___", "it''s"):
        assert await store.remove_competitor(-1, wildcard) is None
    assert await store.count_competitors(-1) == 4
    assert await store.remove_competitor(-1, "a_c") == "a underscore c"
    assert await store.remove_competitor(-1, "it's") == "q"
    assert await _shown(store, -1) == ["fifty percent", "abc"]


async def test_long_unicode_fills_the_column(store: Store) -> None:
    """Unicode up to the 160-character column (emoji, CJK, RTL, combining) round-trips; the
    longest name a moderator may type does too; longer shown text is cut to the column."""
    pattern = "商店🔥Ωмагазинمتجر\u05e9\u05d5\u05e7e\u0301"
    shown = (pattern * 20)[:160]
    key = ("ключ🔑鍵" * 60)[:160]
    assert len(shown) == len(key) == 160
    typed = ("Магазин «Ёлка» 🌲 商店 " * 10)[:MAX_CHARS].strip()
    longest = _e(typed)
    assert longest.shown == typed and len(typed) >= MAX_CHARS - 1
    entries = [Entry(key, shown), longest]
    for i, entry in enumerate(entries):
        assert await store.add_competitors(-1, [entry], None, _at(i)) == ([entry], [], False)
    too_long = Entry("toolongshown", "ж" * 160 + "🔥" * 40)
    await store.add_competitors(-1, [too_long], None, _at(2))
    listed = await store.list_competitors(-1)
    assert listed == [*entries, Entry("toolongshown", "ж" * 160)]
    assert await store.remove_competitor(-1, key) == shown


async def test_every_name_entry_of_accepts_can_be_stored(store: Store) -> None:
    """A name entry_of accepts is listed back exactly; one whose key Unicode normalisation makes
    longer than the store's column (⑳ -> 20, ß -> ss, ㎏ -> kg) is refused as too long."""
    assert entry_of("⑳" * MAX_CHARS) == "competitor_long"
    names = ["Straße " + "ß" * 70, "⑳" * 70, "㎏ shop " * 16]
    entries = [_e(name) for name in names]
    assert all(len(e.shown) <= MAX_CHARS and len(e.key) <= 160 for e in entries)
    for i, entry in enumerate(entries):
        assert await store.add_competitors(-1, [entry], None, _at(i)) == ([entry], [], False)
    assert await store.list_competitors(-1) == entries


async def test_migrate_chat_moves_the_list(store: Store) -> None:
    """A group's list moves to the supergroup in its order; the old id is left empty."""
    await store.upsert_chat(-10, type="group", title="G", username=None, at=T0)
    await store.add_competitors(-10, [_e("Zeta Shop")], 1, _at(0))
    await store.add_competitors(-10, [_e("ShopXyz")], 1, _at(1))
    await store.add_competitors(-10, [_e("Alpha Shop")], 1, _at(2))
    await store.add_competitors(-20, [_e("Untouched Shop")], 1, _at(3))
    assert await store.migrate_chat(-10, -1001, _at(10))
    assert not await store.migrate_chat(-10, -1001, _at(11))
    assert await _shown(store, -1001) == ["Zeta Shop", "ShopXyz", "Alpha Shop"]
    assert await store.list_competitors(-10) == [] and await store.count_competitors(-10) == 0
    assert await store.count_competitors(-1001) == 3
    assert await _shown(store, -20) == ["Untouched Shop"]
    # The moved list behaves as the new chat's own.
    assert await store.add_competitors(-1001, [_e("shop_xyz")], 1, _at(12)) == (
        [],
        [_e("shop_xyz")],
        False,
    )
    assert await store.remove_competitor(-1001, _e("ShopXyz").key) == "ShopXyz"


async def test_migrate_chat_merges_with_a_list_the_supergroup_already_has(store: Store) -> None:
    """When the supergroup already lists a key, one row remains (the supergroup's, as merge.py
    keeps the new chat's row for tables without a merge rule) and the rest move over."""
    await store.upsert_chat(-10, type="group", title="G", username=None, at=T0)
    await store.add_competitors(-10, [_e("ShopXyz")], 1, _at(0))
    await store.add_competitors(-10, [_e("Old Only")], 1, _at(1))
    await store.add_competitors(-1001, [_e("shop_xyz")], 2, _at(5))
    assert await store.migrate_chat(-10, -1001, _at(10))
    assert await _shown(store, -1001) == ["Old Only", "shop_xyz"]
    assert await store.count_competitors(-1001) == 2
    assert await store.count_competitors(-10) == 0


async def test_list_survives_a_restart(store_url: str) -> None:
    """Closing the store and opening the same database again keeps every list as it was."""
    first = await Store.open(store_url)
    try:
        await first.add_competitors(-1, [_e("Zeta Shop"), _e("ShopXyz")], 7, _at(0))
        await first.add_competitors(-1, [_e("Alpha Shop")], 7, _at(1))
        await first.add_competitors(-2, [_e("Other Store")], 7, _at(1))
        assert await first.remove_competitor(-1, _e("Zeta Shop").key) == "Zeta Shop"
    finally:
        await first.close()
    second = await Store.open(store_url)
    try:
        assert await _shown(second, -1) == ["ShopXyz", "Alpha Shop"]
        assert await _shown(second, -2) == ["Other Store"]
        assert await second.count_competitors(-1) == 2
        assert await second.add_competitors(-1, [_e("shop_xyz")], 7, _at(2)) == (
            [],
            [_e("shop_xyz")],
            False,
        )
    finally:
        await second.close()


# -- migration 0006 ----------------------------------------------------------------------------


def _alembic(connection: Connection, action: Callable[[Config], None]) -> None:
    config = Config()
    config.set_main_option("script_location", str(resources.files("bot.store") / "migrations"))
    config.attributes["connection"] = connection
    action(config)


def _tables(connection: Connection) -> set[str]:
    return set(sa.inspect(connection).get_table_names())


async def test_migration_0006_creates_the_competitors_table(store: Store) -> None:
    """0006 follows 0005 and creates competitors as the schema declares it: (chat_id, key) is
    the primary key, key and shown hold 160 characters, shown and added_at are required."""
    script = ScriptDirectory(str(resources.files("bot.store") / "migrations"))
    revision = script.get_revision("0006")
    assert revision is not None and revision.down_revision == "0005"

    def inspect(connection: Connection) -> tuple[dict[str, ReflectedColumn], list[str], Any]:
        inspector = sa.inspect(connection)
        columns = {c["name"]: c for c in inspector.get_columns("competitors")}
        primary = inspector.get_pk_constraint("competitors")["constrained_columns"]
        version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        return columns, primary, version

    async with store.engine.connect() as conn:
        columns, primary, version = await conn.run_sync(inspect)
    assert version == script.get_current_head()
    assert "0006" in {r.revision for r in script.iterate_revisions(version, "base")}
    assert list(columns) == [c.name for c in competitors.columns]
    assert primary == ["chat_id", "key"]
    assert isinstance(columns["chat_id"]["type"], sa.BigInteger)
    assert isinstance(columns["added_by"]["type"], sa.BigInteger)
    assert isinstance(columns["added_at"]["type"], sa.DateTime)
    for name in ("key", "shown"):
        column_type = columns[name]["type"]
        assert isinstance(column_type, sa.String) and column_type.length == 160
    assert columns["shown"]["nullable"] is False and columns["added_at"]["nullable"] is False
    assert columns["added_by"]["nullable"] is True


async def test_migration_0006_downgrades_and_upgrades_again(store: Store) -> None:
    """Downgrading to 0005 drops competitors (and what later revisions added); upgrading again
    gives a working table."""
    await store.add_competitors(-1, [_e("ShopXyz")], None, _at(0))
    async with store.engine.begin() as conn:
        before = await conn.run_sync(_tables)
        await conn.run_sync(_alembic, lambda config: command.downgrade(config, "0005"))
        after = await conn.run_sync(_tables)
    later = {"schedules", "chat_prompts", "prompt_posts", "outbox"}  # revisions 0007, 0008
    assert before - after == {"competitors", *later} and "windows" in after
    async with store.engine.begin() as conn:
        await conn.run_sync(_alembic, lambda config: command.upgrade(config, "head"))
        assert "competitors" in await conn.run_sync(_tables)
    assert await store.list_competitors(-1) == []
    assert await store.add_competitors(-1, [_e("ShopXyz")], None, _at(1)) == (
        [_e("ShopXyz")],
        [],
        False,
    )
    assert await _shown(store, -1) == ["ShopXyz"]
