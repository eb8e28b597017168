"""Members, admins, migration and restarts, end to end through the sandbox."""

from __future__ import annotations

from bot.harness import Harness
from bot.sandbox import World

FULL = {"can_delete_messages": True, "can_restrict_members": True, "can_pin_messages": True}


async def test_join_leave_rejoin_keeps_first_seen(world: World, steward: Harness):
    """A member's first-seen time survives leaving and coming back; messages are counted."""
    alice = world.user("alice")
    shop = await world.group_with_steward("Shop", owner=alice)
    bob = world.user("bob")
    member = await shop.join(bob)
    await member.says("hi")
    await member.says("anyone here?")
    await steward.settle()
    store = steward.services.store
    first = await store.get_member(shop.id, bob.id)
    assert first is not None and first.messages_seen == 2
    await member.leaves()
    await steward.settle()
    gone = await store.get_member(shop.id, bob.id)
    assert gone is not None and gone.left_at is not None
    await shop.join(bob)
    await steward.settle()
    back = await store.get_member(shop.id, bob.id)
    assert back is not None
    assert back.first_seen_at == first.first_seen_at
    assert back.left_at is None
    assert back.messages_seen == 2


async def test_a_join_told_twice_is_booked_once(world: World, steward: Harness, monkeypatch):
    """Telegram reports a join as a chat_member update and a service message: one write, and
    the newcomer's first message needs no read of the store; a rejoin after leaving is news."""
    alice = world.user("alice")
    shop = await world.group_with_steward("Shop", owner=alice)
    store = steward.services.store
    booked: list[int] = []
    reads: list[int] = []
    original_joined, original_get = store.member_joined, store.get_member

    async def joined(chat_id, user_id, at):
        booked.append(user_id)
        return await original_joined(chat_id, user_id, at)

    async def get_member(chat_id, user_id):
        reads.append(user_id)
        return await original_get(chat_id, user_id)

    monkeypatch.setattr(store, "member_joined", joined)
    monkeypatch.setattr(store, "get_member", get_member)
    bob = world.user("bob")
    member = await shop.join(bob)
    await member.says("hello, just found this shop")
    await steward.settle()
    assert booked == [bob.id]
    assert bob.id not in reads
    await member.leaves()
    await steward.settle()
    await shop.join(bob)
    await steward.settle()
    assert booked == [bob.id, bob.id]


async def test_admin_cache_follows_promotions(world: World, steward: Harness):
    """Promoting and demoting a member updates the admin cache without asking Telegram."""
    alice = world.user("alice")
    shop = await world.group_with_steward("Shop", owner=alice)
    mod = world.user("mod")
    await shop.join(mod)
    await steward.settle()
    store = steward.services.store
    assert await store.get_admin(shop.id, mod.id) is None
    await shop.promote(mod, rights={"can_delete_messages": True, "can_restrict_members": True})
    await steward.settle()
    cached = await store.get_admin(shop.id, mod.id)
    assert cached is not None and cached.can_restrict_members and not cached.can_promote_members
    await shop.demote(mod)
    await steward.settle()
    assert await store.get_admin(shop.id, mod.id) is None
    owner = await store.get_admin(shop.id, alice.id)
    assert owner is not None and owner.status == "creator"


async def test_migration_moves_every_row(world: World, steward: Harness):
    """Upgrading to a supergroup moves the chat, its members, admins and events to the new id."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group("Small group", owner=alice, supergroup=False)
    await group.add_bot(by=alice, admin=True, rights=FULL)
    bob = await group.join(world.user("bob"))
    await bob.says("hello")
    await steward.settle()
    old_id = group.id
    store = steward.services.store
    events_before = await store.list_events(old_id)
    assert events_before
    supergroup = await group.migrate_to_supergroup()
    await steward.settle()
    new_id = supergroup.id
    assert new_id != old_id
    old = await store.get_chat(old_id)
    assert old is not None and old.status == "migrated" and old.migrated_to == new_id
    new = await store.get_chat(new_id)
    assert new is not None and new.status == "active" and new.type == "supergroup"
    assert new.added_by == alice.id
    member = await store.get_member(new_id, world.user("bob").id)
    assert member is not None and member.messages_seen == 1
    assert await store.get_member(old_id, world.user("bob").id) is None
    assert await store.get_admin(new_id, alice.id) is not None
    assert len(await store.list_events(new_id)) == len(events_before)
    assert await store.list_events(old_id) == []
    assert "upgraded to a supergroup" in alice.last_dm.text


async def test_migration_message_twice_is_harmless(world: World, steward: Harness):
    """Both migration service messages (old and new chat) arrive; the owner is told once."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group("Tiny", owner=alice, supergroup=False)
    await group.add_bot(by=alice, admin=True, rights=FULL)
    await steward.settle()
    await group.migrate_to_supergroup()
    await steward.settle()
    told = [m for m in alice.dms if "upgraded to a supergroup" in m.text]
    assert len(told) == 1


async def test_restart_keeps_everything(world: World, steward: Harness):
    """After a restart on the same database, chats, members, admins and DM reachability remain."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Shop", owner=alice)
    bob = await shop.join(world.user("bob"))
    await bob.says("one")
    await steward.settle()
    await steward.restart()
    store = steward.services.store
    chat = await store.get_chat(shop.id)
    assert chat is not None and chat.status == "active" and chat.bot_rights["is_admin"]
    member = await store.get_member(shop.id, world.user("bob").id)
    assert member is not None and member.messages_seen == 1
    assert await store.can_dm(alice.id)
    await bob.says("two")
    await alice.start_bot()
    await steward.settle()
    member = await store.get_member(shop.id, world.user("bob").id)
    assert member is not None and member.messages_seen == 2
    assert "Shop: active, all rights" in alice.last_dm.text


async def test_messages_from_exempt_senders_are_not_counted(world: World, steward: Harness):
    """Anonymous admins and the bot itself are not members to count."""
    alice = world.user("alice")
    shop = await world.group_with_steward("Shop", owner=alice)
    await shop.anonymous_admin_says("Announcement: new stock on Friday")
    await steward.settle()
    store = steward.services.store
    assert await store.get_member(shop.id, world.bot_user.id) is None
    assert not steward.errors


async def test_message_in_unknown_chat_registers_it(world: World, tmp_path):
    """A group Steward joined while it was offline is registered on its first message."""
    from bot.harness import sandbox_settings

    alice = world.user("alice")
    shop = await world.group_with_steward("Offline shop", owner=alice)
    world.drop_pending_updates()
    harness = Harness(world, sandbox_settings(tmp_path / "s.sqlite3", world))
    await harness.start()
    try:
        bob = await shop.join(world.user("bob"))
        await bob.says("hello?")
        await world.settle()
        chat = await harness.services.store.get_chat(shop.id)
        assert chat is not None and chat.status == "active"
    finally:
        await harness.stop()
    assert not harness.errors
