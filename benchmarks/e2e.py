"""End-to-end throughput: the real Steward Application vs a bare python-telegram-bot one.

Both run on the in-process sandbox in the same process, on the same kind of traffic (ordinary
group messages from many members in several groups), one after the other. Printed: updates per
second for each and their ratio, p50/p99 of the time from an update entering the Application to
the end of its processing (every API call it makes is awaited inside), and peak resident memory.
"""

from __future__ import annotations

import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from telegram.ext import MessageHandler, filters

from bot.harness import Harness, bare_application, sandbox_settings
from bot.sandbox import World

GROUPS = 10
MEMBERS_PER_GROUP = 20
MESSAGES = 3000
VOCABULARY = (
    "red",
    "blue",
    "green",
    "black",
    "white",
    "size",
    "small",
    "large",
    "medium",
    "cotton",
    "wool",
    "summer",
    "winter",
    "gift",
    "mum",
    "brother",
    "friday",
    "monday",
    "tomorrow",
    "today",
    "again",
    "please",
    "really",
    "maybe",
    "soon",
    "later",
    "also",
    "too",
    "nice",
    "great",
    "cool",
    "ok",
    "sure",
    "thanks",
    "box",
    "bag",
    "shoes",
    "cap",
    "hoodie",
    "socks",
)
LINES = (
    "Hi! Is the blue hoodie still in stock in M?",
    "Thanks, parcel arrived today 👍",
    "Какой размер брать на рост 180?",
    "请问这款还有货吗？",
    "lol same",
    "When is the next drop?",
)


async def _populate(world: World, owner_name: str, *, with_bot: bool) -> list[Any]:
    owner = world.user(owner_name)
    members = []
    for g in range(GROUPS):
        if with_bot:
            group = await world.group_with_steward(f"Shop {g}", owner=owner)
        else:
            group = await world.group(f"Shop {g}", owner=owner)
            await group.add_bot(by=owner, admin=True)
        for m in range(MEMBERS_PER_GROUP):
            members.append(await group.join(world.user(f"{owner_name}-m{g}-{m}")))
    return members


async def _drive(
    world: World, app: Any, members: list[Any], finish: Callable[[], Awaitable[None]] | None = None
) -> tuple[float, list[float]]:
    """Queue MESSAGES messages, then time their delivery (and `finish`) through the app."""
    rng = random.Random(7)
    for i in range(MESSAGES):
        # Distinct texts, as in a real group: identical lines repeated thousands of times across
        # chats would (rightly) be judged a flood campaign.
        words = " ".join(rng.sample(VOCABULARY, 3))
        await members[i % len(members)].says(f"{LINES[i % len(LINES)]} {words}")
    latencies: list[float] = []
    original = app.process_update

    async def timed(update: Any) -> None:
        start = time.perf_counter()
        await original(update)
        latencies.append(time.perf_counter() - start)

    app.process_update = timed
    start = time.perf_counter()
    await world.settle()
    if finish is not None:
        await finish()  # the write-behind counters reach the database inside the timed window
    elapsed = time.perf_counter() - start
    app.process_update = original
    return elapsed, latencies


async def bench_steward() -> tuple[float, list[float]]:
    """Steward with its store (SQLite file) on the sandbox."""
    world = World(bot_username="BenchBot")
    with tempfile.TemporaryDirectory() as tmp:
        harness = Harness(world, sandbox_settings(Path(tmp) / "bench.sqlite3", world))
        app = await harness.start()
        members = await _populate(world, "owner", with_bot=True)
        await harness.settle()
        elapsed, latencies = await _drive(world, app, members, harness.services.cache.flush)
        await harness.stop()
    return MESSAGES / elapsed, latencies


async def start_bare(world: World) -> Any:
    """A started python-telegram-bot Application with one no-op handler, attached to world."""
    app = bare_application(world)

    async def noop(_update: object, _context: object) -> None:
        return None

    app.add_handler(MessageHandler(filters.ALL, noop))
    await app.initialize()
    await app.start()
    world.attach(app)
    return app


async def bench_bare() -> tuple[float, list[float]]:
    """python-telegram-bot with one no-op message handler on the same sandbox traffic."""
    world = World(bot_username="BareBot")
    app = await start_bare(world)
    members = await _populate(world, "owner", with_bot=False)
    await world.settle()
    elapsed, latencies = await _drive(world, app, members)
    await app.stop()
    await app.shutdown()
    return MESSAGES / elapsed, latencies


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1e6


async def _main() -> None:
    bare_rate, bare_lat = await bench_bare()
    steward_rate, steward_lat = await bench_steward()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"end to end: {MESSAGES} group messages, {GROUPS} groups x {MEMBERS_PER_GROUP} members")
    print(
        f"  bare PTB (no-op handler)   {bare_rate:9.0f} updates/s   "
        f"p50 {_pct(bare_lat, 0.5):7.0f} µs   p99 {_pct(bare_lat, 0.99):7.0f} µs"
    )
    print(
        f"  Steward (store + sandbox)  {steward_rate:9.0f} updates/s   "
        f"p50 {_pct(steward_lat, 0.5):7.0f} µs   p99 {_pct(steward_lat, 0.99):7.0f} µs"
    )
    ratio = steward_rate / bare_rate
    verdict = "meets" if ratio >= 0.5 else "BELOW"
    print(f"  ratio Steward / bare: {ratio:.2f} ({verdict} the 0.5 goal)")
    print(f"  mean Steward latency {statistics.fmean(steward_lat) * 1e6:.0f} µs")
    print(f"  peak resident memory: {peak_mb:.0f} MB")


def main() -> None:
    """Run the end-to-end benchmark and print its figures."""
    asyncio.run(_main())
    sys.stdout.flush()


if __name__ == "__main__":
    main()
