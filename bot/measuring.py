"""Measuring engagement: each prompt's hour against the usual for that hour.

An hour after a prompt its effect is read from the activity windows (bot/activity.py): replies
to it, and the messages and distinct participants of its hour against the usual for that hour:
the same hour on the (up to `USUAL_DAYS`) latest days without a prompt then, looking back up to
`LOOK_BACK` days and not before Steward was added to the group. A daily prompt leaves no such
day in the past week, so the days before it began are used; with none in reach the baseline is
missing (NaN in the outcome, as the bandit reads it; no figure in the store), never the 0 of
hours nobody was asked about. The engagement job (bot/engagement.py) measures every minute;
the outcomes feed the bandit that picks the next prompts.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.activity import ACTIVITY, EFFECT, SENDER, OpenPost, hour_of
from policies.bandit import Outcome

if TYPE_CHECKING:
    from bot.context import Services
    from bot.store import PostRecord, Store, WindowCount

log = logging.getLogger(__name__)

# The usual for a prompt's hour: the same hour on this many days without a prompt, the latest
# within LOOK_BACK days (the activity windows keep eight weeks; a prompt is measured within one).
USUAL_DAYS = 7
LOOK_BACK = 42


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
    """A prompt's hour against the usual for that hour: the same hour on the latest days
    without a prompt (see the module's docstring); NaN baselines when there is none."""
    rows = await store.chat_windows(
        post.chat_id, (EFFECT,), hour_of(post.posted_at), key_prefix=f"{post.id}:"
    )
    counts: dict[str, int] = defaultdict(int)
    people: set[str] = set()  # each participant once, however many rows they are in
    for row in rows:
        name = row.key.split(":", 1)[1]
        if name.startswith("u"):
            people.add(name)
        else:
            counts[name] += row.n
    hour = hour_of(post.posted_at + timedelta(minutes=30))
    chat = await store.get_chat(post.chat_id)
    oldest = hour - timedelta(days=LOOK_BACK)
    if chat is not None and chat.added_at is not None:
        # Hours before Steward was in the group were never counted: not quiet hours.
        oldest = max(oldest, chat.added_at)
    comparable = [
        h for h in (hour - timedelta(days=k) for k in range(1, LOOK_BACK + 1)) if h >= oldest
    ]
    # A day's hour had a prompt when one was counted in it, or when a prompt's own hour was
    # mostly in it (posted at 12:40, its effect is 13:00's: that 13:00 is no usual 13:00).
    earlier = await store.list_posts(post.chat_id, since=oldest - timedelta(hours=1))
    prompted = {hour_of(p.posted_at + timedelta(minutes=30)) for p in earlier}
    activity = await store.chat_windows(post.chat_id, (ACTIVITY,), oldest)
    usual = _usual(activity, [h for h in comparable if h not in prompted])
    base_m = base_p = math.nan  # no hour to compare with
    if usual:
        past = await store.chat_windows(post.chat_id, (SENDER,), min(usual))
        # Each sender once an hour: one who wrote on both sides of the chat's midnight is in
        # both of that hour's buckets.
        senders: dict[datetime, set[str]] = defaultdict(set)
        for row in past:
            if (at := hour_of(row.bucket)) in usual:
                senders[at].add(row.key)
        base_m = sum(usual.values()) / len(usual)
        base_p = sum(len(senders[h]) for h in usual) / len(usual)
    outcome = Outcome(
        replies=counts["replies"],
        messages=counts["messages"],
        participants=len(people),
        baseline_messages=round(base_m, 2),
        baseline_participants=round(base_p, 2),
    )
    # No usual is kept as no figure (NULL), the same on both backends: PostgreSQL would keep
    # a NaN, SQLite turns it into NULL. The columns are nullable (PostRecord reads them so).
    await store.set_post_effect(
        post.id,
        replies=outcome.replies,
        messages=outcome.messages,
        participants=outcome.participants,
        baseline_messages=_figure(outcome.baseline_messages),
        baseline_participants=_figure(outcome.baseline_participants),
        at=now,
    )
    return outcome


def _usual(rows: list[WindowCount], comparable: list[datetime]) -> dict[datetime, int]:
    """The latest `USUAL_DAYS` of the comparable hours (newest first) that had no prompt, with
    their members' messages. Each bucket counts for the UTC hour it lies in (the part of an
    hour after the chat's midnight, in a zone off the whole hour, is a bucket of its own)."""
    messages: dict[datetime, int] = defaultdict(int)
    prompted: set[datetime] = set()
    for row in rows:
        if row.key == "messages":
            messages[hour_of(row.bucket)] += row.n
        elif row.key == "prompts" and row.n > 0:
            prompted.add(hour_of(row.bucket))
    hours = [h for h in comparable if h not in prompted][:USUAL_DAYS]
    return {h: messages[h] for h in hours}


def _figure(value: float) -> float | None:
    """A baseline as stored: None for a missing one (NaN)."""
    return None if math.isnan(value) else value
