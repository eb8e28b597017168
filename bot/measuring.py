"""Measuring engagement: each prompt's hour against the same hour of the week before.

An hour after a prompt its effect is read from the activity windows (bot/activity.py): replies
to it, and the messages and distinct participants of its hour against the same hour of the past
week on days without a prompt. The engagement job (bot/engagement.py) measures every minute;
the outcomes feed the bandit that picks the next prompts.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.activity import ACTIVITY, EFFECT, SENDER, OpenPost, hour_of
from policies.bandit import Outcome

if TYPE_CHECKING:
    from bot.context import Services
    from bot.store import PostRecord, Store

log = logging.getLogger(__name__)


async def messages_last_hour(services: Services, chat_id: int, now: datetime) -> int:
    """Members' messages in about the last hour (this hour, and the part of the last one
    that falls inside it)."""
    current = hour_of(now)
    rows = await services.store.chat_windows(
        chat_id, (ACTIVITY,), current - timedelta(hours=1), key_prefix="messages"
    )
    share = 1.0 - (now - current).total_seconds() / 3600
    total = 0.0
    for row in rows:
        if row.key != "messages":
            continue
        total += row.n if row.bucket >= current else row.n * share
    return round(total)


async def watch_open(services: Services, now: datetime) -> int:
    """At start-up: the prompts whose hour is still running are watched again at once, so
    the replies Telegram kept for Steward while it was stopped count for them (the first
    engagement run came after those updates). How many."""
    watched = 0
    for post in await services.store.open_posts(now - timedelta(hours=2)):
        if post.posted_at + timedelta(hours=1, minutes=1) > now:
            services.activity.watch(
                post.chat_id, OpenPost(post.id, post.message_id, post.posted_at)
            )
            watched += 1
    return watched


async def measure(services: Services, now: datetime) -> int:
    """Measure every prompt whose hour is over; how many were measured."""
    store = services.store
    done = 0
    for post in await store.open_posts(now - timedelta(days=7)):
        if post.posted_at + timedelta(hours=1, minutes=1) > now:
            services.activity.watch(
                post.chat_id, OpenPost(post.id, post.message_id, post.posted_at)
            )
            continue
        try:
            await measure_post(store, post, now)
        except Exception:
            log.exception("prompt %s in %s not measured", post.id, post.chat_id)
            continue
        services.activity.unwatch(post.chat_id, post.id)
        done += 1
    return done


async def measure_post(store: Store, post: PostRecord, now: datetime) -> Outcome:
    """A prompt's hour against the same hour of the past week on days without a prompt."""
    rows = await store.chat_windows(
        post.chat_id, (EFFECT,), hour_of(post.posted_at), key_prefix=f"{post.id}:"
    )
    counts: dict[str, int] = defaultdict(int)
    people = 0
    for row in rows:
        name = row.key.split(":", 1)[1]
        if name.startswith("u"):
            people += 1
        else:
            counts[name] += row.n
    hour = hour_of(post.posted_at + timedelta(minutes=30))
    comparable = {hour - timedelta(days=k) for k in range(1, 8)}
    past = await store.chat_windows(
        post.chat_id, (ACTIVITY, SENDER), min(comparable), key_prefix=""
    )
    messages: dict[datetime, int] = defaultdict(int)
    senders: dict[datetime, int] = defaultdict(int)
    prompted: set[datetime] = set()
    for row in past:
        if row.bucket not in comparable:
            continue
        if row.kind == SENDER:
            senders[row.bucket] += 1
        elif row.key == "messages":
            messages[row.bucket] += row.n
        elif row.key == "prompts" and row.n > 0:
            prompted.add(row.bucket)
    hours = [h for h in comparable if h not in prompted]
    base_m = sum(messages[h] for h in hours) / len(hours) if hours else 0.0
    base_p = sum(senders[h] for h in hours) / len(hours) if hours else 0.0
    outcome = Outcome(
        replies=counts["replies"],
        messages=counts["messages"],
        participants=people,
        baseline_messages=round(base_m, 2),
        baseline_participants=round(base_p, 2),
    )
    await store.set_post_effect(
        post.id,
        replies=outcome.replies,
        messages=outcome.messages,
        participants=outcome.participants,
        baseline_messages=outcome.baseline_messages,
        baseline_participants=outcome.baseline_participants,
        at=now,
    )
    return outcome
