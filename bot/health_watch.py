"""A group's health watched: assessed once a day, a turn for the worse told to the owner.

`health` reads a chat's activity windows into `policies.health.assess`; `watch_health` (run by
the engagement job every few minutes) assesses each active group about once a day, alerts the
owner when it turned "declining" or "dormant" (one alert a fortnight) and, if the chat allows
it, brings its next prompt forward; it also sends the weekly digests that are due (and those
Telegram asked to hold, once its wait is over).
"""

from __future__ import annotations

import logging
import math
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.activity import ACTIVITY, JOINER, SENDER, activity_days, hour_of
from bot.alerts import Alert, Text, t
from bot.calm import CALM_KEY, calm_on
from bot.context import iso_time, zone_named
from bot.names import chat_title
from policies.chatpolicy import ChatPolicy
from policies.health import Health, assess, decline_alert
from policies.schedule import first_outside_quiet, quiet_ends, zone_shown

if TYPE_CHECKING:
    from bot.context import Services
    from bot.store import ChatRecord, ScheduleRecord

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
# Who Telegram asked to wait for with the last digest, and from when to try again.
DIGEST_HELD_KEY = "digest_held"


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
    from bot.digest import send_digest, send_held_digest

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
                elif chat.settings.get(DIGEST_HELD_KEY):
                    await send_held_digest(services, bot, chat, now)
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


async def _boost(
    services: Services, chat: ChatRecord, schedules: list[ScheduleRecord], now: datetime
) -> Text:
    """Bring the chat's next prompt forward to BOOST_TO from now, or, when quiet hours or calm
    mode would hold it back then, to when they end; what the owner is told of it."""
    from bot.engagement import quiet_of, spec_of

    zone = zone_named(chat.timezone)
    quiet = quiet_of(chat)
    target = now + BOOST_TO
    held = ""
    calm_until = iso_time(chat.settings.get(CALM_KEY))
    if calm_on(chat, target) and calm_until is not None:
        target, held = calm_until, "calm"
    after_quiet = quiet_ends(quiet, zone, target)
    if after_quiet != target:
        target, held = after_quiet, "quiet"
    # When the prompt would go out anyway: each schedule's first run the quiet hours let by
    # (one in calm mode is skipped too).
    runs = [first_outside_quiet(spec_of(s), zone, quiet, s.next_run_at) for s in schedules]
    upcoming = min((r for r in runs if r is not None and not calm_on(chat, r)), default=None)
    if upcoming is None or upcoming > target:
        soonest = min(schedules, key=lambda s: s.next_run_at)
        await services.store.move_schedule(soonest.id, target)
        upcoming = target
    if not held or upcoming <= now + BOOST_TO:
        minutes = max(1, math.ceil((upcoming - now).total_seconds() / 60))
        return t("engage.plan_boosted", minutes=minutes)
    local = upcoming.astimezone(zone)
    same_day = local.date() == now.astimezone(zone).date()
    at = local.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")
    return t(f"engage.plan_boosted_{held}", time=at, zone=zone_shown(chat.timezone))


async def _decline(
    services: Services, bot: Any, chat: ChatRecord, found: Health, now: datetime
) -> None:
    store = services.store
    policy = ChatPolicy.from_settings(chat.settings)
    schedules = [s for s in await store.list_schedules(chat.chat_id) if not s.paused]
    if not schedules:
        plan = t("engage.plan_no_schedule")
    elif policy.decline_boost == "on":
        plan = await _boost(services, chat, schedules, now)
    else:
        plan = t("engage.plan_not_boosted")
    text = t(
        "engage.decline_alert",
        title=chat_title(chat),
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
