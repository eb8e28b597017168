"""The record-only actuator decides exactly as the live bot acts, over the evaluation set."""

from __future__ import annotations

import json
from pathlib import Path

from bot.classify import classify_one
from bot.harness import Harness
from bot.sandbox import World
from policies import ChatPolicy

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


def _texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(DATA.glob("eval_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    # Each text once: the same text from many accounts is a flood, which classify cannot see.
    return list(dict.fromkeys(texts))


async def test_classify_and_the_live_bot_agree_on_every_evaluation_message(
    world: World, steward: Harness
):
    """Every evaluation message, sent by a newcomer in a live group, gets the action that
    `steward classify` (the record-only actuator) reports for it."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Alice's Shop", owner=alice)
    await steward.settle()
    services = steward.services
    texts = _texts()
    assert len(texts) > 1000
    disagreements = []
    seen: dict[str, int] = {}
    for number, text in enumerate(texts):
        person = world.user(f"member{number}")
        member = await shop.join(person)
        sent = await member.says(text)
        await steward.settle()
        event = await services.store.find_event_by_message(shop.id, sent.id)
        if sent.deleted:
            live = "delete_mute" if shop.is_restricted(person) else "delete"
        elif event is not None and event.kind.endswith("_warned"):
            live = "warn"
        else:
            live = "none"
        recorded = classify_one({"text": text}, services.models, ChatPolicy())["action"]
        seen[live] = seen.get(live, 0) + 1
        if live != recorded:
            disagreements.append((text[:60], live, recorded))
    assert not disagreements, disagreements[:5]
    # Both sides of the set were exercised: ads removed and ordinary chat left alone.
    assert seen.get("delete_mute", 0) > 300 and seen.get("none", 0) > 300, seen
