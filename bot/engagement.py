"""Engagement in use: scheduled prompts posted, their effect measured, each group's health.

The clock is python-telegram-bot's JobQueue; the schedule is rows in the store. Every minute one
job claims the runs that are due (`Store.claim_schedule`, atomic, with a short lease), decides
(a run missed by more than its grace time is skipped, as are quiet hours and a busy group),
picks a prompt (the bandit over this chat's measured outcomes with a prior shared across chats,
never repeating until the library is used up, in the chat's language), posts it and records the
post while advancing the schedule in one transaction. So a restart neither loses nor repeats a
run, an outage skips rather than bursts, and two workers never post the same one.

The same job measures each prompt an hour after it (bot/measuring.py) and watches each group's
health once a day (bot/health_watch.py): a turn to "declining" or "dormant" alerts the owner
and, if the chat allows it, brings the next prompt forward.
"""

from __future__ import annotations

import logging
import random
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from telegram import Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.activity import OpenPost
from bot.alerts import Alert, clip, refusal_text, t
from bot.calm import calm_on
from bot.context import zone_named
from bot.health_watch import watch_health
from bot.measuring import measure, messages_last_hour
from bot.names import chat_title
from bot.outbound import cut, retry_seconds
from bot.prompts import library
from bot.store import DATABASE_ERRORS, PostRecord, ScheduleRecord
from bot.store.engagement import SENDING
from policies.bandit import ArmStats, Choice, Outcome, choose, next_prompt, reward
from policies.prompts import Prompt
from policies.schedule import GRACE, Quiet, Spec, due, in_quiet, next_run, parse_quiet

if TYPE_CHECKING:
    from bot.context import Services
    from bot.store import ChatRecord

log = logging.getLogger(__name__)

# How long a claimed run stays ours while it is posted (then another worker may take it).
LEASE = timedelta(minutes=2)
# A run Telegram could not take for a passing reason (5xx) is tried again this much later.
RETRY_LATER = timedelta(minutes=1)
# Health is assessed about once a day per chat; which chats are due is looked at this often.
SCAN_EVERY = timedelta(minutes=10)
# Outcomes older than this no longer shape the choice.
OUTCOMES_FOR = timedelta(days=120)
SHARED_TTL = timedelta(minutes=10)
# Due runs are read this many at a time; one run of the job goes on reading until none is left
# (3,000 groups on "daily 09:00" are all posted at 09:00, not a hundred a minute until the
# rest fall out of their grace), or until it has worked this long: the rest are the next run's.
CLAIM_BATCH = 100
TICK_BUDGET_S = 50.0
# Keys in a chat's stored settings.
QUIET_KEY = "engage_quiet"  # quiet hours as typed, e.g. "23:00-08:00"
PROMPTED_KEY = "prompt_alert"  # the decline alert whose "post a prompt now" last posted one
POSTED = "prompt_posted"
SKIPPED = "prompt_skipped"
_INACTIVE = ("left", "kicked", "migrated")


@dataclass(frozen=True, slots=True)
class Picked:
    """The prompt chosen for a chat, and why its kind."""

    prompt: Prompt
    choice: Choice | None


@dataclass(frozen=True, slots=True)
class Posted:
    """How posting a prompt went: the post (None when not posted) and a catalogue key."""

    post: PostRecord | None
    key: str
    values: tuple[tuple[str, object], ...] = ()


def quiet_of(chat: ChatRecord) -> Quiet | None:
    """A chat's quiet hours (None: none set, or unreadable)."""
    raw = chat.settings.get(QUIET_KEY)
    if not isinstance(raw, str):
        return None
    parsed = parse_quiet(raw)
    return parsed if isinstance(parsed, Quiet) else None


async def rezone_schedules(services: Services, chat_id: int, zone: ZoneInfo) -> int:
    """After the chat's time zone changed: every running schedule's next run read again in the
    new zone ("daily 15:00" means 15:00 there); how many moved. Paused ones get theirs when
    resumed."""
    now = services.clock()
    moved = 0
    for row in await services.store.list_schedules(chat_id):
        if row.paused:
            continue
        upcoming = next_run(spec_of(row), zone, now)
        if upcoming != row.next_run_at:
            await services.store.move_schedule(row.id, upcoming)
            moved += 1
    return moved


def spec_of(schedule: ScheduleRecord) -> Spec:
    """A stored schedule's spec."""
    return Spec(cron=schedule.cron, shown=schedule.shown)


class Engagement:
    """Schedules run, prompts chosen and posted, effects measured, health watched."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self.rng = rng or random.Random()
        self._shared: tuple[datetime, dict[str, ArmStats]] | None = None
        self._scanned: datetime | None = None
        # Runs posted whose record the store failed to take, by (schedule, run): the retry
        # records them instead of posting a second prompt.
        self._unrecorded: dict[tuple[int, datetime], tuple[PostRecord, Picked, datetime]] = {}
        # The pick `/prompt preview` showed, per chat: the next post uses it (this worker's).
        self._previewed: dict[int, Picked] = {}

    def move(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: the prompt `/prompt preview` showed follows it."""
        held = self._previewed.pop(old_id, None)
        if held is not None:
            self._previewed.setdefault(new_id, held)

    # -- the job --------------------------------------------------------------------------

    async def tick(self, services: Services, bot: Any) -> None:
        """Run what is due, measure prompts whose hour is over, assess health once a day."""
        now = services.clock()
        store = services.store
        try:
            await services.activity.flush(store, now)
        except Exception:
            log.warning("activity counts not written before the engagement job", exc_info=True)
        await self._run_due(services, bot, now)
        await measure(services, now)
        if self._scanned is None or now - self._scanned >= SCAN_EVERY:
            # Health is daily and digests weekly: the chats are read every few minutes, not
            # on every run of the minute job.
            self._scanned = now
            await watch_health(services, bot, now)

    async def _run_due(self, services: Services, bot: Any, now: datetime) -> None:
        """Every run due now, CLAIM_BATCH at a time, within TICK_BUDGET_S. A run taken once
        (posted, skipped, failed or held by another worker) is not taken again in this pass,
        and is read past: each batch brings up to CLAIM_BATCH not seen yet, or the pass ends."""
        store = services.store
        seen: set[int] = set()
        deadline = time.monotonic() + TICK_BUDGET_S
        while time.monotonic() < deadline:
            rows = await store.due_schedules(now, CLAIM_BATCH + len(seen))
            fresh = [s for s in rows if s.id not in seen]
            if not fresh:
                return
            for schedule in fresh:
                seen.add(schedule.id)
                if not await store.claim_schedule(schedule, now, now + LEASE):
                    continue  # another worker has it
                try:
                    await self._run(services, bot, schedule, now)
                except Exception:
                    log.exception("schedule %s in %s not run", schedule.id, schedule.chat_id)
                    await store.release_schedule(schedule.id, now + RETRY_LATER)

    async def _run(
        self, services: Services, bot: Any, schedule: ScheduleRecord, now: datetime
    ) -> None:
        store = services.store
        chat = await store.get_chat(schedule.chat_id)
        if chat is None or chat.status in _INACTIVE:
            await store.finish_schedule(
                schedule.id,
                next_run_at=schedule.next_run_at,
                outcome="chat_gone",
                at=now,
                pause=True,
            )
            return
        run = (schedule.id, schedule.next_run_at)
        owed = self._unrecorded.get(run)
        if owed is not None:  # posted already: only its record is owed
            owed_post, owed_pick, owed_next = owed
            owed_id = await store.finish_schedule(
                schedule.id, next_run_at=owed_next, outcome="posted", at=now, post=owed_post
            )
            del self._unrecorded[run]
            await self._posted(services, chat, owed_post, owed_id, owed_pick, now)
            return
        zone = zone_named(chat.timezone)
        spec = spec_of(schedule)
        if schedule.last_outcome == SENDING:
            # Marked as being sent, then neither finished nor given back: the prompt may be in
            # the group (its record failed, then a restart). Never post the run a second time.
            await store.finish_schedule(
                schedule.id, next_run_at=next_run(spec, zone, now), outcome="unrecorded", at=now
            )
            return
        verdict = due(schedule.next_run_at, now)
        if verdict == "wait":
            await store.release_schedule(schedule.id, now)
            return
        following = next_run(spec, zone, max(now, schedule.next_run_at))
        why = ""
        if verdict == "skip":
            why = "missed"
            # The first run not missed by more than the grace: one still within it (Steward
            # was down over 13:00 and back at 14:10: the 14:00 run) is posted now.
            following = next_run(spec, zone, now - GRACE)
        elif in_quiet(quiet_of(chat), now.astimezone(zone)):
            why = "quiet"
        elif calm_on(chat, now):
            why = "calm"  # members may send text only: no "show us" or poll into a surge
        else:
            busy = services.cache.policy(chat).busy_messages
            if busy and await messages_last_hour(services, chat.chat_id, now) >= busy:
                why = "busy"
        if why:
            await store.finish_schedule(schedule.id, next_run_at=following, outcome=why, at=now)
            await store.record_event(
                chat.chat_id, at=now, kind=SKIPPED, reason=f"schedule #{schedule.id}: {why}"
            )
            later = replace(schedule, next_run_at=following, last_run_at=now, last_outcome=why)
            if following <= now and await store.claim_schedule(later, now, now + LEASE):
                await self._run(services, bot, later, now)  # a later run, still in its grace
            return
        picked = await self.pick(services, chat, now)
        if picked is None:
            await store.finish_schedule(
                schedule.id, next_run_at=following, outcome="no_prompt", at=now
            )
            return
        await store.mark_sending(schedule, now)
        posted = await self._send(services, bot, chat, picked, now, schedule=schedule)
        if posted.key == "retry":
            return
        if posted.post is None:
            refused = posted.key == "refused"
            await store.finish_schedule(
                schedule.id,
                next_run_at=following,
                outcome=posted.key,
                at=now,
                pause=refused,
            )
            if refused:
                await self._tell_refused(services, bot, chat, schedule, dict(posted.values))
            return
        run_at = schedule.next_run_at
        if next_run(spec, zone, run_at - timedelta(seconds=1)) != run_at:
            # A run the decline alert brought forward (off the schedule's times): it took the
            # place of the next run, which is not posted too (a fifth prompt in a day).
            following = next_run(spec, zone, following)
        try:
            post_id = await store.finish_schedule(
                schedule.id, next_run_at=following, outcome="posted", at=now, post=posted.post
            )
        except DATABASE_ERRORS:
            # The prompt is in the group: the retry must record it, not post another.
            self._unrecorded[run] = (posted.post, picked, following)
            raise
        await self._posted(services, chat, posted.post, post_id, picked, now)

    async def post_now(
        self, services: Services, bot: Any, chat: ChatRecord, actor: int | None
    ) -> Posted:
        """Post a prompt now, outside any schedule (`/prompt post`, the decline alert)."""
        now = services.clock()
        picked = await self.pick(services, chat, now)
        if picked is None:
            return Posted(None, "prompt.none_left")
        posted = await self._send(services, bot, chat, picked, now, schedule=None)
        if posted.post is None:
            return posted
        post_id = await services.store.record_post(posted.post)
        await self._posted(services, chat, posted.post, post_id, picked, now, actor=actor)
        await self._instead_of_brought_forward(services, chat, now)
        return posted

    async def _instead_of_brought_forward(
        self, services: Services, chat: ChatRecord, now: datetime
    ) -> None:
        """A prompt posted now takes the place of a run the decline alert brought forward (not
        a second prompt in a quarter of an hour): the schedule moves on as that run would."""
        zone = zone_named(chat.timezone)
        for row in await services.store.list_schedules(chat.chat_id):
            if row.paused or row.next_run_at <= now:
                continue  # a due run may be being posted: left to the job
            spec = spec_of(row)
            run_at = row.next_run_at
            if next_run(spec, zone, run_at - timedelta(seconds=1)) == run_at:
                continue  # on the schedule's own times: not brought forward
            await services.store.move_schedule(
                row.id, next_run(spec, zone, next_run(spec, zone, run_at))
            )

    async def _send(
        self,
        services: Services,
        bot: Any,
        chat: ChatRecord,
        picked: Picked,
        now: datetime,
        *,
        schedule: ScheduleRecord | None,
    ) -> Posted:
        """Post once: a 429 or 5xx gives the run back to be tried later (never doubled); a
        timeout may have posted, so it is not tried again; a refusal pauses the schedule."""
        prompt = picked.prompt
        try:
            message = await self._post(bot, chat.chat_id, prompt)
        except RetryAfter as exc:
            if schedule is not None:
                await services.store.release_schedule(
                    schedule.id, now + timedelta(seconds=retry_seconds(exc)), unsent=schedule
                )
            return Posted(None, "retry" if schedule else "prompt.not_posted_later")
        except (Forbidden, BadRequest) as exc:
            log.info("prompt in %s refused: %s", chat.chat_id, exc.message)
            return Posted(None, "refused", (("error", refusal_text(clip(exc.message, 200))),))
        except TimedOut:
            log.warning("prompt in %s timed out: it may have been posted", chat.chat_id)
            return Posted(None, "unsure")
        except NetworkError as exc:
            log.warning("prompt in %s failed: %s", chat.chat_id, exc)
            if schedule is not None:
                await services.store.release_schedule(
                    schedule.id, now + RETRY_LATER, unsent=schedule
                )
            return Posted(None, "retry" if schedule else "prompt.not_posted_later")
        post = PostRecord(
            id=0,
            chat_id=chat.chat_id,
            schedule_id=schedule.id if schedule else None,
            prompt_key=prompt.key,
            kind=prompt.kind,
            message_id=message.message_id,
            posted_at=now,
        )
        return Posted(post, "prompt.posted")

    @staticmethod
    async def _post(bot: Any, chat_id: int, prompt: Prompt) -> Message:
        if prompt.options:
            message: Message = await bot.send_poll(chat_id, prompt.text, list(prompt.options))
        else:
            message = await bot.send_message(chat_id, prompt.text)
        return message

    async def _posted(
        self,
        services: Services,
        chat: ChatRecord,
        post: PostRecord,
        post_id: int | None,
        picked: Picked,
        now: datetime,
        *,
        actor: int | None = None,
    ) -> None:
        if post_id is not None:
            services.activity.watch(chat.chat_id, OpenPost(post_id, post.message_id, now))
        services.activity.count(chat.chat_id, "prompts", now)
        why = ""
        if picked.choice is not None:
            best = picked.choice.arms.index(picked.choice.arm)
            why = f"; {picked.choice.arm} expected {picked.choice.means[best]:.1f}"
        await services.store.record_event(
            chat.chat_id,
            at=now,
            kind=POSTED,
            actor_id=actor,
            message_id=post.message_id,
            reason=f"{post.kind} prompt {post.prompt_key}{why}",
            text=cut(picked.prompt.text, 1000),
        )

    async def _tell_refused(
        self,
        services: Services,
        bot: Any,
        chat: ChatRecord,
        schedule: ScheduleRecord,
        values: dict[str, object],
    ) -> None:
        text = t(
            "prompt.refused_alert",
            title=chat_title(chat),
            id=schedule.id,
            error=values.get("error", ""),
        )
        await services.alerts.raise_alert(bot, Alert(chat.chat_id, "engagement", text))

    # -- choosing -------------------------------------------------------------------------

    async def candidates(self, services: Services, chat: ChatRecord) -> list[Prompt]:
        """The prompts a chat may get: its own first, then the library's for its theme."""
        lang = services.texts.pick(chat.language)
        theme = services.cache.policy(chat).prompt_theme
        own = [
            Prompt(key=f"own:{p.id}", kind=p.kind, theme="any", text=p.text, options=p.options)
            for p in await services.store.list_chat_prompts(chat.chat_id)
        ]
        shipped = [p for p in library(lang) if theme == "any" or p.theme in (theme, "any")]
        return own + shipped

    async def pick(
        self, services: Services, chat: ChatRecord, now: datetime, *, preview: bool = False
    ) -> Picked | None:
        """The next prompt for a chat: its kind by the bandit, then one not used this round. A
        pick shown by `/prompt preview` (`preview`) is held, and is the one posted next."""
        candidates = await self.candidates(services, chat)
        if not candidates:
            return None
        posts = await services.store.list_posts(chat.chat_id, limit=1000)
        used = used_this_round([p.prompt_key for p in posts], {p.key for p in candidates})
        held = self._previewed.get(chat.chat_id)
        if held is not None and not preview:
            del self._previewed[chat.chat_id]
        if (
            held is not None
            and held.prompt.key not in used
            and held.prompt in candidates  # not removed, nor edited, since
        ):
            return held
        shared = await self.shared_stats(services, now)
        picked = self._choose(candidates, used, posts, shared, now)
        if preview and picked is not None:
            self._previewed[chat.chat_id] = picked
        return picked

    def _choose(
        self,
        candidates: list[Prompt],
        used: set[str],
        posts: list[PostRecord],
        shared: dict[str, ArmStats],
        now: datetime,
    ) -> Picked | None:
        kinds = sorted({p.kind for p in candidates})
        mine = arm_stats(p for p in posts if p.posted_at >= now - OUTCOMES_FOR)
        choice = choose(kinds, mine, shared, self.rng)
        prompt = next_prompt(
            candidates, used, choice.arm, self.rng, key=lambda p: p.key, kind_of=lambda p: p.kind
        )
        return Picked(prompt, choice) if prompt is not None else None

    async def shared_stats(self, services: Services, now: datetime) -> dict[str, ArmStats]:
        """Every chat's outcomes per kind (the prior), read at most every few minutes."""
        if self._shared is not None and now - self._shared[0] < SHARED_TTL:
            return self._shared[1]
        posts = await services.store.measured_posts(since=now - OUTCOMES_FOR)
        stats = arm_stats(posts)
        self._shared = (now, stats)
        return stats


def used_this_round(recent: list[str], keys: set[str]) -> set[str]:
    """The prompts used since the library last started over (recent: newest first). Never
    all of them: the one used longest ago is free again once everything was used."""
    used: set[str] = set()
    for key in recent:
        if key not in keys or key in used:
            continue
        if len(used) + 1 >= len(keys):
            break
        used.add(key)
    return used


def arm_stats(posts: Any) -> dict[str, ArmStats]:
    """Measured posts' rewards summed per kind."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    nan = float("nan")
    for post in posts:
        if post.measured_at is None:
            continue
        outcome = Outcome(
            replies=post.replies or 0,
            messages=post.messages or 0,
            participants=post.participants or 0,
            # No usual (NULL: no comparable hour) is NaN, as reward() reads it: no extra
            # participants, not all of them as if the usual were nobody.
            baseline_messages=nan if post.baseline_messages is None else post.baseline_messages,
            baseline_participants=(
                nan if post.baseline_participants is None else post.baseline_participants
            ),
        )
        totals[post.kind][0] += 1
        totals[post.kind][1] += reward(outcome)
    return {kind: ArmStats(int(n), float(r)) for kind, (n, r) in totals.items()}
