"""`steward replay` throughput and memory on generated exports of 100,000 and 1,000,000 messages.

A generated export is a single-chat `result.json` as Telegram Desktop writes it: members joining
by link, ordinary chat of several lengths and languages, a few ads from newcomers, complaint
bursts, replies, service lines. The file is written as a stream, so generating a million
messages needs no more memory than a hundred. Printed per size: messages a second through the
whole replay (reading, every policy, the herd detector, the report) and the peak memory of the
process (peak resident memory, which only grows: the same figure after the larger export means
the replay's memory did not grow with it).
"""

from __future__ import annotations

import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

CHAT_ID = 1234567890
START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SIZES = (100_000, 1_000_000)

_CHAT = [
    "ok",
    "thanks!",
    "good morning everyone",
    "did anyone get the new drop yet?",
    "I think the blue one looks better in person, the photos don't do it justice",
    "Когда следующая поставка?",
    "спасибо, всё пришло",
    "请问这款还有货吗？",
    "哈哈哈",
    "lol same",
    "what size do you usually take? I'm between M and L",
    "Meeting at 6 tomorrow, don't forget",
]
_ADS = [
    "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh",
    "Crypto signals, double your deposit in 24h, join t.me/joinchat/XyZ123456",
    "兼职日结，手机操作，加微信 abc12345 详聊",
]
_COMPLAINTS = [
    "Where is my order?? Paid two weeks ago and still haven't received it",
    "My parcel arrived damaged, the box was crushed",
    "Где мой заказ? Жду уже три недели",
    "快递太慢了，等了一个星期还没收到",
]


def _messages(count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    members = 0
    at = START
    for n in range(1, count + 1):
        at += timedelta(seconds=rng.randint(1, 40))
        roll = rng.random()
        stamp = {
            "date": at.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(int(at.timestamp())),
        }
        if roll < 0.02 or members < 5:
            members += 1
            yield {
                "id": n,
                "type": "service",
                **stamp,
                "actor": f"Member {members}",
                "actor_id": f"user{1000 + members}",
                "action": "join_group_by_link",
                "inviter": "Group",
                "text": "",
                "text_entities": [],
            }
            continue
        if roll < 0.025:
            text, author = rng.choice(_ADS), 1000 + members  # the newest member
        elif roll < 0.03:
            text, author = rng.choice(_COMPLAINTS), 1000 + rng.randint(1, members)
        else:
            text, author = rng.choice(_CHAT), 1000 + rng.randint(1, members)
        record: dict[str, Any] = {
            "id": n,
            "type": "message",
            **stamp,
            "from": f"Member {author - 1000}",
            "from_id": f"user{author}",
            "text": text,
            "text_entities": [{"type": "plain", "text": text}],
        }
        if rng.random() < 0.2 and n > 1:
            record["reply_to_message_id"] = n - rng.randint(1, min(n - 1, 20))
        yield record


def write_export(path: Path, count: int, seed: int = 7) -> Path:
    """A single-chat `result.json` with `count` records, written as a stream."""
    with path.open("w", encoding="utf-8") as fh:
        _write(fh, count, seed)
    return path


def _write(fh: TextIO, count: int, seed: int) -> None:
    head = {"name": "Generated Shop", "type": "private_supergroup", "id": CHAT_ID}
    fh.write(json.dumps(head)[:-1] + ', "messages": [\n')
    for n, message in enumerate(_messages(count, seed)):
        fh.write(("," if n else "") + json.dumps(message, ensure_ascii=False) + "\n")
    fh.write("]}\n")


def measure(path: Path) -> tuple[int, float, float]:
    """Replay one export: messages, seconds, the process's peak resident memory in MiB so far
    (tracemalloc would slow the replay several times over)."""
    from bot.models import Models
    from bot.replay.exports import in_time_order, open_export
    from bot.replay.run import replay
    from policies import ChatPolicy

    model = Models.build().shared
    [chat] = open_export(path)
    start = time.perf_counter()
    report = replay(chat, in_time_order(chat.records()), ChatPolicy(), model)
    seconds = time.perf_counter() - start
    report.close()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return report.messages, seconds, peak_kib / 1024


def main(sizes: tuple[int, ...] = SIZES) -> None:
    """Generate, replay and print."""
    print("replay of generated exports (one core; peak resident memory of the process)")
    with tempfile.TemporaryDirectory(prefix="steward-replay-bench-") as tmp:
        for size in sizes:
            path = write_export(Path(tmp) / f"result_{size}.json", size)
            messages, seconds, peak = measure(path)
            print(
                f"  {size:>9,} records: {messages:,} messages in {seconds:.1f} s, "
                f"{messages / seconds:,.0f} messages a second, peak memory {peak:.1f} MiB"
            )
            path.unlink()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
