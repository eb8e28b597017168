"""The message pipeline end to end: borderline warnings, observe mode, reasons in the reader's
language, learning that follows a migration, and two workers sharing one database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import sync_shared_state
from bot.harness import Harness
from bot.sandbox import World
from bot.sandbox.entities import parse_entities
from policies import ChatPolicy, EntityFact, MemberFacts, MessageFacts, evaluate
from policies.text import normalise
from tests.e2e.test_moderation import owner_and_shop

AD = "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh"
# One invite link and nothing else ad-like: between the borderline and removal thresholds. (Not
# "check out my page ... t.me/+...", nor ending on the link: a newcomer pulling members to
# another chat is poaching now.)
BORDERLINE = "Photos from the meetup are in t.me/+Abcdefg, have a look"
# Harmless on its own; a moderator may still teach a chat that it is an ad.
LESSON = "New collection drop tonight in our partner store, prices lower than here, ask me"
FULL = {"can_delete_messages": True, "can_restrict_members": True, "can_pin_messages": True}
# The invite-link reason (checks.invites_1) as bot/locales/<lang>/checks.toml renders it.
INVITE_REASON = {
    "ru": "ссылка-приглашение в другой чат",
    "zh": "1 个指向其他群聊的邀请链接",
}


async def judged_offline(steward: Harness, chat_id: int, text: str):
    """What policies.evaluate says about a newcomer's first message in a chat, with the chat's
    settings and model, before the message is ever sent."""
    services = steward.services
    chat = await services.store.get_chat(chat_id)
    assert chat is not None
    now = services.clock()
    entities = tuple(
        EntityFact(e["type"], e["offset"], e["length"], e.get("url")) for e in parse_entities(text)
    )
    facts = MessageFacts(
        chat_id=chat_id,
        message_id=1,
        user_id=1,
        text=text,
        date=now,
        entities=entities,
        member=MemberFacts(joined_at=now, first_seen_at=now),
    )
    policy = ChatPolicy.from_settings(chat.settings)
    return evaluate(facts, policy, now, model=services.models.for_chat(chat_id))


async def test_borderline_message_is_warned_kept_and_reported(world: World, steward: Harness):
    """A borderline message stays up, its author is warned in the group and the owner is asked."""
    alice, shop = await owner_and_shop(world, steward)
    decision = await judged_offline(steward, shop.id, BORDERLINE)
    assert decision.label == "borderline" and decision.event == "spam_warned"

    dana = await shop.join(world.user("dana"))
    message = await dana.says(BORDERLINE)
    await steward.settle()

    assert not message.deleted
    assert not world.calls_to("deleteMessage")
    assert not shop.is_restricted(world.user("dana"))
    warning = shop.last_bot_message.text
    assert "@dana, please keep to the group's topic" in warning
    assert "invite link" in warning and "Warning 1/3" in warning
    event = await steward.services.store.find_event_by_message(shop.id, message.id)
    assert event is not None and event.kind == "spam_warned"
    assert "done: warn" in event.reason
    member = await steward.services.store.get_member(shop.id, world.user("dana").id)
    assert member is not None and member.warnings == 1
    dm = alice.last_dm
    assert "A message from @dana in «Alice's Shop» looks like it may be spam" in dm.text
    assert f"Event #{event.id}" in dm.text
    assert dm.buttons == ["✅ Confirm spam", "🙅 Not spam"]


async def test_observe_mode_records_what_would_have_been_done(world: World, steward: Harness):
    """In observe mode the event says it would have deleted the ad, and Telegram saw no delete."""
    alice, shop = await owner_and_shop(world, steward, mode="observe")
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    assert not ad.deleted
    assert not world.calls_to("deleteMessage")
    assert not world.calls_to("restrictChatMember") and not world.calls_to("banChatMember")
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and event.kind == "spam_observed"
    assert "done: nothing" in event.reason
    assert "would have done: delete" in event.reason
    assert "Observe mode" in alice.last_dm.text


@pytest.mark.parametrize("lang", ["ru", "zh"])
async def test_alert_speaks_the_owners_language(world: World, steward: Harness, lang: str):
    """An owner whose Telegram speaks ru or zh reads the removal's reasons in that language."""
    alice, shop = await owner_and_shop(world, steward, language=lang)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    assert ad.deleted
    dm = alice.last_dm.text
    assert "@mallory" in dm
    assert INVITE_REASON[lang] in dm
    assert "invite link" not in dm
    # The buttons are in the owner's language too.
    assert "Confirm spam" not in " ".join(alice.last_dm.buttons)


@pytest.mark.parametrize("lang", ["ru", "zh"])
async def test_why_shows_reasons_in_the_groups_language(world: World, steward: Harness, lang: str):
    """/why in a ru or zh group lists each check's reasons in that language."""
    alice, shop = await owner_and_shop(world, steward, language=lang)
    await shop.member(alice).says(f"/lang {lang}")
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and event.kind == "spam_removed"
    await shop.member(alice).says(f"/why {event.id}")
    await steward.settle()
    reply = shop.last_bot_message.text
    assert f"#{event.id}" in reply
    checks = [line for line in reply.splitlines() if line.startswith("•")]
    links = [line for line in checks if line.startswith("• links")]
    assert links and INVITE_REASON[lang] in links[0]
    assert not any("invite link" in line for line in checks)


async def test_migrated_group_keeps_its_model(world: World, steward: Harness):
    """What a moderator's /spam taught a basic group still scores as high in its supergroup."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group("Small group", owner=alice, supergroup=False)
    await group.add_bot(by=alice, admin=True, rights=FULL)
    sly = await group.join(world.user("sly"))
    first = await sly.says(LESSON)
    await steward.settle()
    assert not first.deleted
    await group.member(alice).says("/spam", reply_to=first)
    await steward.settle()
    assert first.deleted
    norm = normalise(LESSON)
    models = steward.services.models
    shared = models.shared.score(norm)
    learned = models.for_chat(group.id).score(norm)
    assert learned > shared + 0.05

    old_id = group.id
    supergroup = await group.migrate_to_supergroup()
    await steward.settle()
    assert supergroup.id != old_id
    assert steward.services.models.for_chat(supergroup.id).score(norm) == pytest.approx(learned)
    await steward.restart()
    assert steward.services.models.for_chat(supergroup.id).score(norm) == pytest.approx(learned)


@pytest.fixture
async def second_worker(world: World, steward: Harness) -> AsyncIterator[Harness]:
    """Another Steward process on the same world and the same SQLite file as `steward`."""
    other = Harness(world, steward.settings)
    await other.start()
    deliver_to(world, steward)  # updates go to the first worker until a test says otherwise
    yield other
    await other.stop()
    assert not other.errors, f"second worker's handlers raised: {other.errors!r}"


def deliver_to(world: World, worker: Harness) -> None:
    """Route the world's next updates to one worker (as a load balancer would)."""
    assert worker.app is not None
    world.attach(worker.app)


async def test_two_workers_share_moderator_learning(
    world: World, steward: Harness, second_worker: Harness
):
    """A /spam handled by one worker teaches the other after its regular sync: it removes the
    same text from the next newcomer."""
    alice, shop = await owner_and_shop(world, steward)
    sly = await shop.join(world.user("sly"))
    first = await sly.says(LESSON)
    await steward.settle()
    assert not first.deleted
    await shop.member(alice).says("/spam", reply_to=first)
    await steward.settle()
    assert first.deleted
    norm = normalise(LESSON)
    learned = steward.services.models.for_chat(shop.id).score(norm)
    # Compared with the seed model, not the second worker's chat model: its own flush job may
    # already have synced by now.
    assert learned > second_worker.services.models.shared.score(norm) + 0.05

    await sync_shared_state(second_worker.services)  # what its flush-counters job runs
    assert second_worker.services.models.for_chat(shop.id).score(norm) == pytest.approx(learned)
    deliver_to(world, second_worker)
    copycat = await shop.join(world.user("copycat"))
    again = await copycat.says(LESSON)
    await second_worker.settle()
    assert again.deleted
    event = await second_worker.services.store.find_event_by_message(shop.id, again.id)
    assert event is not None and event.kind == "spam_removed"
    assert "classifier" in {c["name"] for c in event.checks}


async def test_two_workers_share_flood_counts(
    world: World, steward: Harness, second_worker: Harness
):
    """A newcomer posting one text in two groups is caught by the second worker, which only
    knows of the first post through the store."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Shop", owner=alice)
    market = await world.group_with_steward("Market", owner=alice)
    await steward.settle()
    poster = world.user("poster")
    first = await (await shop.join(poster)).says(LESSON)
    await steward.settle()
    assert not first.deleted
    await sync_shared_state(steward.services)
    await sync_shared_state(second_worker.services)
    deliver_to(world, second_worker)
    second = await (await market.join(poster)).says(LESSON)
    await second_worker.settle()
    assert second.deleted
    event = await second_worker.services.store.find_event_by_message(market.id, second.id)
    assert event is not None and event.kind == "spam_removed"
    assert "flood" in {c["name"] for c in event.checks}
