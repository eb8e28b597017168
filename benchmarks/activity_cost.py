"""The hourly activity bookkeeping on the message path: its cost per message, and the rows a
second of traffic hands the store.

`Activity.message` runs for every counted member message (bot/activity.py). It must not move the
policy and end-to-end figures: this prints its cost per message on its own, with a prompt being
measured in some chats, and the size of the batch one flush writes.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from bot.activity import Activity, OpenPost

MESSAGES = 300_000
CHATS = 10_000
PROMPTED = 500  # chats with a prompt in its first hour


def _traffic(n: int) -> list[tuple[int, int, datetime, int | None]]:
    rng = random.Random(5)
    start = datetime(2026, 6, 1, 12, tzinfo=UTC)
    out = []
    for i in range(n):
        chat = -(1000 + rng.randrange(CHATS))
        user = rng.randrange(50_000)
        reply = 77 if rng.random() < 0.2 else None
        out.append((chat, user, start + timedelta(milliseconds=i * 10), reply))
    return out


def main() -> None:
    """Print the per-message cost and a flush's batch."""
    traffic = _traffic(MESSAGES)
    activity = Activity()
    start = datetime(2026, 6, 1, 12, tzinfo=UTC)
    for chat in range(PROMPTED):
        activity.watch(-(1000 + chat), OpenPost(chat, 77, start))
    elapsed = 0.0
    for start_at in range(0, MESSAGES, 200):  # the flush job empties the counters every second
        t0 = time.perf_counter()
        for chat, user, at, reply in traffic[start_at : start_at + 200]:
            activity.message(chat, user, at, reply_to=reply)
        elapsed += time.perf_counter() - t0
        activity.drain()
    per = elapsed / MESSAGES * 1e9
    print(
        f"activity bookkeeping: {per:,.0f} ns a message ({MESSAGES:,} messages, {CHATS:,} chats,"
    )
    print(f"  {PROMPTED} with a prompt being measured; drained every 200 messages, as a flush)")
    one_second = Activity()
    for chat, user, at, reply in traffic[:200]:
        one_second.message(chat, user, at, reply_to=reply)
    print(f"  a second at 200 messages/s flushes {one_second.pending} window rows in one upsert")


if __name__ == "__main__":
    main()
