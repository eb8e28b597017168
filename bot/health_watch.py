"""A group's health watched: assessed once a day, a turn for the worse told to the owner.

`health` reads a chat's activity windows into `policies.health.assess`; `watch_health` (run by
the engagement job every few minutes) assesses each active group about once a day, alerts the
owner when it turned "declining" or "dormant" (one alert a fortnight) and, if the chat allows
it, brings its next prompt forward; it also sends the weekly digests that are due.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.activity import ACTIVITY, JOINER, SENDER, activity_days, hour_of
from bot.alerts import Alert, t
from bot.context import iso_time, zone_named
from policies.chatpolicy import ChatPolicy
from policies.health import Health, assess, decline_alert

if TYPE_CHECKING:
    from bot.context import Services
    from bot.store import ChatRecord

log = logging.getLogger(__name__)

HEALTH_EVERY = timedelta(hours=24)
# A group that flaps between declining and steady alerts once a fortnight at most.
ALERT_EVERY = timedelta(days=14)
# The weekly digest.
DIGEST_EVERY = timedelta(days=7)
# A decline brings the next prompt this close (when the chat allows it).
BOOST_TO = timedelta(minutes=15)
STAGE_KEY = "health_stage"  # the stage last assessed
CHECKED_KEY = "health_checked_at"  # when (ISO)
ALERTED_KEY = "health_alerted_at"  # when the owner was last told of a decline (ISO)
DIGEST_KEY = "digest_users"  # user ids who want the weekly digest
DIGEST_SENT_KEY = "digest_sent_at"  # when the last digest went out (ISO)


async def health(
    services: Services, chat: ChatRecord, now: datetime, *, flush: bool = True
) -> Health:
    """A chat's health now, from its activity windows (the counts in memory written first,
    unless the caller just did)."""
    store = services.store
    if flush:
        try:
            await services.activity.flush(store, now)
        except Exception:
            log.warning("activity counts not written before a health check", exc_info=True)
    zone = zone_named(chat.timezone)
    today = now.astimezone(zone).date()
    since = hour_of(now) - timedelta(days=36)
    rows = await store.chat_windows(chat.chat_id, (ACTIVITY, SENDER, JOINER), since)
    joiners: dict[int, date] = {}
    first = today
    for row in rows:
        day = row.bucket.astimezone(zone).date()
        first = min(first, day)
        if row.kind == JOINER and row.key.isdigit() and day >= today - timedelta(days=30):
            who = int(row.key)
            joiners[who] = min(day, joiners.get(who, day))
    daily = activity_days(rows, zone)
    added = chat.added_at.astimezone(zone).date() if chat.added_at else first
    return assess(daily, today, first_seen=min(first, added), joiners=joiners)


async def watch_health(services: Services, bot: Any, now: datetime) -> None:
    """Assess each active chat about once a day; alert on a turn for the worse; send the
    weekly digests that are due."""
    from bot.digest import send_digest

    for chat in await services.store.list_chats(status="active"):
        if chat.type not in ("group", "supergroup"):
            continue
        checked = iso_time(chat.settings.get(CHECKED_KEY))
        try:
            if checked is None or now - checked >= HEALTH_EVERY:
                await check_health(services, bot, chat, now)
            if chat.settings.get(DIGEST_KEY):
                sent = iso_time(chat.settings.get(DIGEST_SENT_KEY))
                if sent is None or now - sent >= DIGEST_EVERY:
                    await send_digest(services, bot, chat, now)
        except Exception:
            log.exception("health of %s not watched", chat.chat_id)


async def check_health(services: Services, bot: Any, chat: ChatRecord, now: datetime) -> Health:
    """Assess one chat, keep its stage, and alert when it turned declining or dormant."""
    # The job wrote the counts in memory as it began: a daily look needs no fresher ones,
    # and a write per chat made the first run after a start stall the chats' traffic.
    found = await health(services, chat, now, flush=False)
    previous = chat.settings.get(STAGE_KEY)
    await services.store.update_chat_settings(
        chat.chat_id, {STAGE_KEY: found.stage, CHECKED_KEY: now.isoformat()}
    )
    services.cache.forget_chat(chat.chat_id)
    alerted = iso_time(chat.settings.get(ALERTED_KEY))
    if decline_alert(previous if isinstance(previous, str) else None, found) and (
        alerted is None or now - alerted >= ALERT_EVERY
    ):
        # A group right at the threshold may flap declining/steady: one alert a fortnight.
        await services.store.update_chat_settings(chat.chat_id, {ALERTED_KEY: now.isoformat()})
        await _decline(services, bot, chat, found, now)
    return found


async def _decline(
    services: Services, bot: Any, chat: ChatRecord, found: Health, now: datetime
) -> None:
    store = services.store
    policy = ChatPolicy.from_settings(chat.settings)
    schedules = [s for s in await store.list_schedules(chat.chat_id) if not s.paused]
    if not schedules:
        plan = t("engage.plan_no_schedule")
    elif policy.decline_boost == "on":
        soonest = min(schedules, key=lambda s: s.next_run_at)
        if soonest.next_run_at > now + BOOST_TO:
            await store.move_schedule(soonest.id, now + BOOST_TO)
        plan = t("engage.plan_boosted", minutes=int(BOOST_TO.total_seconds() // 60))
    else:
        plan = t("engage.plan_not_boosted")
    text = t(
        "engage.decline_alert",
        title=chat.title,
        stage=t(f"health.stage_{found.stage}"),
        reason=t(f"health.{found.reason[0]}", **dict(found.reason[1])),
        suggestion=t(f"health.{found.suggestion[0]}", **dict(found.suggestion[1])),
        messages_week=found.messages_week,
        messages_prev=round(found.messages_prev),
        active_week=found.active_week,
        active_prev=round(found.active_prev),
        plan=plan,
    )
    event_id = await store.record_event(
        chat.chat_id,
        at=now,
        kind="health_declining",
        reason=f"stage {found.stage}: {found.reason[0]}",
    )
    await services.alerts.raise_alert(
        bot,
        Alert(
            chat.chat_id,
            "health",
            text,
            "warning",
            ("prompt_now", "dismiss"),
            event_id=event_id,
        ),
    )
