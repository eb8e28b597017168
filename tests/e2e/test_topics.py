"""A chat learns its own topic from its members: the ad wording it talks of all day is no longer
held against anyone there, while every other check still judges each message."""

from __future__ import annotations

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import owner_and_shop

QUESTION = "which coin will pump next? need crypto signals"
CRYPTO_TALK = [
    "bitcoin looks strong today, the crypto market is waking up",
    "the airdrop for holders starts next week",
    "did anyone stake their tokens before the listing?",
    "crypto fees are high again, bitcoin mempool is full",
]


async def _talk_crypto(steward: Harness, speaker, times: int) -> None:
    for n in range(times):
        await speaker.says(f"{CRYPTO_TALK[n % len(CRYPTO_TALK)]} ({n})")
    await steward.settle()
    services = steward.services
    await services.activity.flush(services.store, services.clock())
    services.cache.clear()  # the learned topics are re-read every ten minutes


async def test_a_crypto_group_learns_its_topic_from_its_owner(world: World, steward: Harness):
    """Before the group talks crypto, a newcomer's crypto question reads as an ad and is removed;
    once the owner has talked crypto a dozen times, the same question stays up. A newcomer's
    invite-link pitch is still removed, and the wording no longer shows among its reasons."""
    alice, shop = await owner_and_shop(world, steward)
    early = await (await shop.join(world.user("dana"))).says(QUESTION)
    await steward.settle()
    assert early.deleted

    await _talk_crypto(steward, shop.member(alice), 12)
    later = await (await shop.join(world.user("erin"))).says(QUESTION)
    await steward.settle()
    assert not later.deleted

    ad = await (await shop.join(world.user("mallory"))).says(
        "Join our crypto signals, 10x pump every week t.me/+AbCdEfGh"
    )
    await steward.settle()
    assert ad.deleted
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and "invite link" in event.reason
    assert "crypto" not in event.reason


async def test_newcomers_never_teach_a_group_its_topic(world: World, steward: Harness):
    """A raid of newcomers talking crypto does not make crypto the group's topic."""
    alice, shop = await owner_and_shop(world, steward)
    for n in range(14):
        newcomer = await shop.join(world.user(f"raider{n}"))
        await newcomer.says(CRYPTO_TALK[n % len(CRYPTO_TALK)])
    await _talk_crypto(steward, shop.member(alice), 0)
    late = await (await shop.join(world.user("erin"))).says(QUESTION)
    await steward.settle()
    assert late.deleted


async def test_health_names_the_learned_topics(world: World, steward: Harness):
    """/health tells the admins what Steward learned the group talks about, in their language."""
    alice, shop = await owner_and_shop(world, steward)
    owner = shop.member(alice)
    await owner.says("/health")
    await steward.settle()
    assert "Topics its members talk about" not in shop.last_bot_message.text

    await _talk_crypto(steward, owner, 12)
    await owner.says("/health")
    await steward.settle()
    report = shop.last_bot_message.text
    learned = "Topics its members talk about, learned by Steward: crypto or investment pitch"
    assert learned in report
