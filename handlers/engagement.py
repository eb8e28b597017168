"""/prompt, /schedule, /health and /digest: engagement prompts and a group's health."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Update

from bot import health_watch
from bot.alerts import Lines, Text, clip
from bot.context import StewardContext, zone_named
from bot.digest import effect_line, send_digest, usual_shown
from bot.engagement import QUIET_KEY, quiet_of, spec_of
from bot.health_watch import DIGEST_KEY, DIGEST_SENT_KEY
from bot.names import chat_title, isolated
from bot.outbound import with_retries
from bot.store import ChatRecord, ScheduleRecord
from handlers.commands import Call, Refused, echo, group_command, record
from policies.bandit import summary
from policies.health import Health
from policies.prompts import PromptError, parse_owner_prompt
from policies.schedule import (
    MAX_PER_DAY,
    ScheduleError,
    first_outside_quiet,
    next_run,
    parse_quiet,
    parse_spec,
    too_often,
    zone_shown,
)

MAX_OWN_PROMPTS = 200
# /prompt list shows this many of the group's own prompts a page: at most about 185 characters
# a line (texts and options are shortened to 80), so a page stays within Telegram's 4,096.
PROMPT_PAGE = 20
MAX_SCHEDULES = 10
_ALL = ("all", "*")


def _number(word: str | None, usage: str) -> int:
    """A row number a moderator typed (`3`, `#3`), or a refusal saying how to use it."""
    text = (word or "").lstrip("#")
    if not text.isdecimal() or len(text) > 9:
        raise Refused(usage)
    return int(text)


# The most row numbers one command takes ("/schedule remove 1 2 3").
MAX_NUMBERS = 20


def _numbers(words: list[str], usage: str) -> list[int]:
    """Row numbers a moderator typed ("3", "#3", "1 2", "1,2"), each once in the order typed,
    or a refusal saying how to use the command: none, a word that is not one, or too many."""
    parts = [p for w in words for p in w.split(",") if p]
    if not parts or len(parts) > MAX_NUMBERS:
        raise Refused(usage)
    return list(dict.fromkeys(_number(p, usage) for p in parts))


def _ids(numbers: list[int]) -> str:
    return ", ".join(f"#{n}" for n in numbers)


def _local(at: datetime | None, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if at else "-"


# -- /prompt ------------------------------------------------------------------------------


@group_command()
async def prompt(call: Call) -> None:
    """/prompt [add TEXT | list [page] | preview [N] | remove N | stats | post]."""
    verb = call.args[0].lower() if call.args else ""
    if verb == "add":
        await _prompt_add(call)
    elif verb in ("list", "ls"):
        page = call.args[1] if len(call.args) > 1 else "1"
        if not page.isdecimal() or not 1 <= int(page) <= MAX_OWN_PROMPTS // PROMPT_PAGE + 1:
            raise Refused("prompt.usage")
        await _prompt_list(call, int(page))
    elif verb == "preview":
        await _prompt_preview(call, call.args[1:2])
    elif verb in ("remove", "rm", "del", "delete"):
        await _prompt_remove(call, call.args[1:])
    elif verb == "stats":
        await _prompt_stats(call)
    elif verb in ("post", "now"):
        await _prompt_post(call)
    else:
        raise Refused("prompt.usage")


async def _prompt_add(call: Call) -> None:
    parsed = parse_owner_prompt(call.rest(2))
    if isinstance(parsed, PromptError):
        raise Refused(f"prompt.{parsed.key}", **_echoed(parsed.values))
    services = call.services
    own = await services.store.list_chat_prompts(call.chat_id)
    if len(own) >= MAX_OWN_PROMPTS:
        raise Refused("prompt.too_many", limit=MAX_OWN_PROMPTS)
    if any(p.text == parsed.text and p.options == parsed.options for p in own):
        raise Refused("prompt.known")
    prompt_id = await services.store.add_chat_prompt(
        call.chat_id,
        kind=parsed.kind,
        text=parsed.text,
        options=parsed.options,
        created_by=call.caller_id,
        at=services.clock(),
    )
    await record(call, "settings", None, f"prompt #{prompt_id} added ({parsed.kind})")
    await call.reply("prompt.added", id=prompt_id, kind=call.text(f"prompt.kind_{parsed.kind}"))


async def _prompt_list(call: Call, page: int) -> None:
    services = call.services
    own = await services.store.list_chat_prompts(call.chat_id)
    shipped = await services.engagement.candidates(services, call.chat)
    if not own:
        text = call.text(
            "prompt.list",
            own=0,
            shipped=len(shipped),
            lines=call.text("prompt.list_none"),
        )
        await call.say(clip(text, 4096))
        return
    # Paged as /competitor list is: one page was cut at Telegram's 4,096 characters, and the
    # prompts past the cut were shown nowhere (their numbers needed to preview or remove them).
    pages = (len(own) + PROMPT_PAGE - 1) // PROMPT_PAGE
    page = min(page, pages)
    lines = [
        call.text(
            "prompt.list_line",
            id=p.id,
            kind=call.text(f"prompt.kind_{p.kind}"),
            text=clip(" ".join(p.text.split()), 80),
            options=clip(" | ".join(p.options), 80) if p.options else "",
        )
        for p in own[(page - 1) * PROMPT_PAGE : page * PROMPT_PAGE]
    ]
    # Telegram refuses a message over 4,096 characters (the list then got no answer at all).
    text = call.text(
        "prompt.list_page",
        own=len(own),
        shipped=len(shipped) - len(own),
        page=page,
        pages=pages,
        lines="\n".join(lines),
    )
    await call.say(clip(text, 4096))


async def _prompt_preview(call: Call, words: list[str]) -> None:
    services = call.services
    if words:
        wanted = _number(words[0], "prompt.preview_usage")
        found = next(
            (p for p in await services.store.list_chat_prompts(call.chat_id) if p.id == wanted),
            None,
        )
        if found is None:
            raise Refused("prompt.unknown", id=wanted)
        text, options, kind = found.text, found.options, found.kind
    else:
        picked = await services.engagement.pick(
            services, call.chat, services.clock(), preview=True
        )
        if picked is None:
            raise Refused("prompt.none_left")
        text, options, kind = picked.prompt.text, picked.prompt.options, picked.prompt.kind
    await call.reply(
        "prompt.preview",
        kind=call.text(f"prompt.kind_{kind}"),
        text=text,
        options="\n".join(f"☐ {o}" for o in options),
    )


async def _prompt_remove(call: Call, words: list[str]) -> None:
    store = call.services.store
    known = {p.id for p in await store.list_chat_prompts(call.chat_id)}
    await _remove_numbered(call, words, "prompt", known, store.remove_chat_prompt)


async def _remove_numbered(
    call: Call,
    words: list[str],
    kind: str,
    known: set[int],
    remove: Callable[[int, int], Awaitable[bool]],
) -> None:
    """`/prompt remove` and `/schedule remove`: every number typed, all or nothing (a typo
    removes nothing and is named); `kind` names the catalogue keys and the log line."""
    wanted = _numbers(words, f"{kind}.remove_usage")
    missing = [n for n in wanted if n not in known]
    if missing:
        raise Refused(f"{kind}.unknown", id=_ids(missing).removeprefix("#"))
    removed = [n for n in wanted if await remove(call.chat_id, n)]
    if not removed:
        raise Refused(f"{kind}.unknown", id=_ids(wanted).removeprefix("#"))
    await record(call, "settings", None, f"{kind} {_ids(removed)} removed")
    if len(removed) == 1:
        await call.reply(f"{kind}.removed", id=removed[0])
    else:
        await call.reply(f"{kind}.removed_many", ids=_ids(removed))


async def _prompt_stats(call: Call) -> None:
    from bot.engagement import OUTCOMES_FOR, arm_stats

    services = call.services
    now = services.clock()
    posts = await services.store.list_posts(call.chat_id, since=now - OUTCOMES_FOR)
    candidates = await services.engagement.candidates(services, call.chat)
    kinds = sorted({p.kind for p in candidates} | {p.kind for p in posts})
    if not kinds:
        raise Refused("prompt.none_left")
    mine = arm_stats(posts)
    shared = await services.engagement.shared_stats(services, now)
    lines = [
        call.text(
            "prompt.stats_line",
            kind=call.text(f"prompt.kind_{row.arm}"),
            posts=row.posts,
            mean="-" if row.mean is None else f"{row.mean:.1f}",
            expected=f"{row.posterior:.1f}",
            shared="-" if row.shared_mean is None else f"{row.shared_mean:.1f}",
        )
        for row in summary(kinds, mine, shared)
    ]
    measured = [p for p in posts if p.measured_at is not None]
    # The usual from the prompts that had an hour to compare with (a daily prompt's hour may
    # have none: "usually 0.0" made the prompts look as if they made all the talk).
    _posted, replies, people, usual = effect_line(posts)
    await call.reply(
        "prompt.stats",
        posted=len(posts),
        measured=len(measured),
        replies=f"{replies:.1f}",
        people=f"{people:.1f}",
        usual=usual_shown(services.texts, call.lang, usual, "prompt"),
        lines="\n".join(lines),
    )


async def _prompt_post(call: Call) -> None:
    services = call.services
    posted = await services.engagement.post_now(
        services, call.context.bot, call.chat, call.caller_id
    )
    if posted.post is None:
        key = {"refused": "prompt.not_posted", "unsure": "prompt.not_posted_unsure"}.get(
            posted.key, posted.key
        )
        raise Refused(key, **dict(posted.values))


# -- /schedule ----------------------------------------------------------------------------


@group_command()
async def schedule(call: Call) -> None:
    """/schedule [add SPEC | list | remove N | pause N|all | resume N|all | quiet FROM-TO|off]."""
    verb = call.args[0].lower() if call.args else "list"
    if verb == "add":
        await _schedule_add(call)
    elif verb in ("list", "ls"):
        await _schedule_list(call)
    elif verb in ("remove", "rm", "del", "delete"):
        await _schedule_remove(call, call.args[1:])
    elif verb in ("pause", "resume"):
        await _schedule_pause(call, call.args[1:], verb == "pause")
    elif verb == "quiet":
        await _schedule_quiet(call, " ".join(call.args[1:]))
    else:
        raise Refused("schedule.usage")


def _refuse_schedule(error: ScheduleError) -> Refused:
    return Refused(f"schedule.{error.key}", **_echoed(error.values))


def _echoed(values: Iterable[tuple[str, object]]) -> dict[str, object]:
    """A refusal's values with the words the moderator typed (texts) as Steward echoes them:
    isolated and cut (`echo`), so a typed U+202E does not turn the answer around."""
    return {k: echo(v, 64, marked=True) if isinstance(v, str) else v for k, v in values}


async def _schedule_add(call: Call) -> None:
    services = call.services
    if call.chat.status in ("left", "kicked", "migrated"):
        raise Refused("schedule.chat_gone")
    spec = parse_spec(call.rest(2))
    if isinstance(spec, ScheduleError):
        raise _refuse_schedule(spec)
    existing = await services.store.list_schedules(call.chat_id)
    if len(existing) >= MAX_SCHEDULES:
        raise Refused("schedule.too_many", limit=MAX_SCHEDULES)
    if any(s.cron == spec.cron for s in existing):
        raise Refused("schedule.known", shown=spec.shown)
    active = [spec_of(s) for s in existing if not s.paused]
    if too_often(active, spec):
        raise Refused("schedule.together_too_often", limit=MAX_PER_DAY)
    now = services.clock()
    zone = zone_named(call.chat.timezone)
    first = next_run(spec, zone, now)
    schedule_id = await services.store.add_schedule(
        call.chat_id,
        cron=spec.cron,
        shown=spec.shown,
        next_run_at=first,
        created_by=call.caller_id,
        at=now,
    )
    await record(call, "settings", None, f"schedule #{schedule_id} added: {spec.shown}")
    quiet = quiet_of(call.chat)
    posted = first_outside_quiet(spec, zone, quiet, first)
    if posted is None:
        # Every run falls in the quiet hours: said now, not after the first silent skip.
        await call.reply(
            "schedule.added_all_quiet",
            id=schedule_id,
            shown=spec.shown,
            zone=zone_shown(zone.key),
            quiet=_quiet_shown(call),
        )
        return
    await call.reply(
        "schedule.added",
        id=schedule_id,
        shown=spec.shown,
        zone=zone_shown(zone.key),
        next=_local(posted, zone),
    )


def _quiet_shown(call: Call) -> str:
    value = call.chat.settings.get(QUIET_KEY)
    return value if isinstance(value, str) else "-"


def _next_shown(call: Call, schedule: ScheduleRecord, zone: ZoneInfo) -> str:
    """When a schedule's next prompt really comes (its runs in quiet hours are skipped)."""
    quiet = quiet_of(call.chat)
    posted = first_outside_quiet(spec_of(schedule), zone, quiet, schedule.next_run_at)
    if posted is None:
        return call.text("schedule.never_quiet")
    return _local(posted, zone)


async def _schedule_list(call: Call) -> None:
    services = call.services
    zone = zone_named(call.chat.timezone)
    rows = await services.store.list_schedules(call.chat_id)
    lines = [
        call.text(
            "schedule.line_paused" if s.paused else "schedule.line",
            id=s.id,
            shown=s.shown,
            next=_next_shown(call, s, zone),
            last=call.text(f"schedule.outcome_{s.last_outcome}") if s.last_outcome else "-",
        )
        for s in rows
    ]
    quiet = call.chat.settings.get(QUIET_KEY)
    policy = services.cache.policy(call.chat)
    await call.reply(
        "schedule.list",
        zone=zone_shown(zone.key),
        lines="\n".join(lines) if lines else call.text("schedule.none"),
        quiet=quiet if isinstance(quiet, str) and quiet_of(call.chat) else "-",
        busy=policy.busy_messages or "-",
        theme=policy.prompt_theme,
    )


async def _schedule_remove(call: Call, words: list[str]) -> None:
    store = call.services.store
    known = {s.id for s in await store.list_schedules(call.chat_id)}
    await _remove_numbered(call, words, "schedule", known, store.remove_schedule)


async def _schedule_pause(call: Call, words: list[str], pause: bool) -> None:
    services = call.services
    usage = "schedule.pause_usage" if pause else "schedule.resume_usage"
    if len(words) > 1 and any(w.lower() in _ALL for w in words):
        raise Refused(usage)
    which = None if words and words[0].lower() in _ALL else _numbers(words, usage)
    rows = await services.store.list_schedules(call.chat_id)
    if which is not None:
        missing = [n for n in which if n not in {s.id for s in rows}]
        if missing:
            raise Refused("schedule.unknown", id=_ids(missing).removeprefix("#"))
    chosen = [s for s in rows if which is None or s.id in which]
    if not chosen:
        raise Refused("schedule.none")
    if not pause:
        # Resuming counts against the limit as adding does (pause, add a fifth, resume: five).
        active = [spec_of(s) for s in rows if not s.paused]
        for row in chosen:
            if row.paused:
                if too_often(active, spec_of(row)):
                    raise Refused("schedule.together_too_often", limit=MAX_PER_DAY)
                active.append(spec_of(row))
    now = services.clock()
    zone = zone_named(call.chat.timezone)
    for row in chosen:
        # A resumed schedule starts from now: what it missed while paused is not posted.
        upcoming = None if pause else next_run(spec_of(row), zone, now)
        await services.store.set_schedule_paused(call.chat_id, row.id, pause, upcoming)
    what = "all" if which is None else _ids(which)
    await record(call, "settings", None, f"schedule {what} {'paused' if pause else 'resumed'}")
    if which is None and len(chosen) > 1:
        key = "schedule.paused_all" if pause else "schedule.resumed_all"
        await call.reply(key, count=len(chosen))
        return
    if len(chosen) > 1:
        key = "schedule.paused_many" if pause else "schedule.resumed_many"
        await call.reply(key, which=_ids([s.id for s in chosen]))
        return
    await call.reply("schedule.paused" if pause else "schedule.resumed", which=f"#{chosen[0].id}")


async def _schedule_quiet(call: Call, raw: str) -> None:
    services = call.services
    if not raw.strip():
        current = call.chat.settings.get(QUIET_KEY)
        await call.reply("schedule.quiet_now", quiet=current if isinstance(current, str) else "-")
        return
    parsed = parse_quiet(raw)
    if isinstance(parsed, ScheduleError):
        raise _refuse_schedule(parsed)
    value = None if parsed is None else f"{parsed.start:%H:%M}-{parsed.end:%H:%M}"
    await services.store.update_chat_settings(call.chat_id, {QUIET_KEY: value})
    services.cache.forget_chat(call.chat_id)
    await record(call, "settings", None, f"quiet hours = {value or 'off'}")
    answer = call.text("schedule.quiet_set" if value else "schedule.quiet_off", quiet=value or "")
    zone = zone_named(call.chat.timezone)
    silenced = [
        f"#{s.id} {s.shown}"
        for s in await services.store.list_schedules(call.chat_id)
        if parsed is not None
        and not s.paused
        and first_outside_quiet(spec_of(s), zone, parsed, s.next_run_at) is None
    ]
    if silenced:
        answer += "\n" + call.text("schedule.quiet_silences", schedules=", ".join(silenced))
    await call.say(answer)


# -- /health and /digest ------------------------------------------------------------------


def health_text(health: Health, title: str, topics: frozenset[str] = frozenset()) -> Text | Lines:
    """The /health answer as a catalogue text (rendered in the reader's language), with the
    topics Steward learned the group talks about, when there are some."""
    report = _health_report(health, title)
    if not topics:
        return report
    names = Lines(tuple(Text(f"checks.term_{t}", {}) for t in sorted(topics)), sep=", ")
    return Lines((report, Text("engage.health_topics", {"topics": names})), sep="\n\n")


def _health_report(health: Health, title: str) -> Text:
    # The week against a usual week, as a change: "7%" (of usual) read as growth in a report
    # that said activity was falling.
    trend = "-" if health.trend is None else f"{(health.trend - 1) * 100:+.0f}%"
    return Text(
        "engage.health_report",
        {
            "title": isolated(title),
            "stage": Text(f"health.stage_{health.stage}", {}),
            "reason": Text(f"health.{health.reason[0]}", dict(health.reason[1])),
            "suggestion": Text(f"health.{health.suggestion[0]}", dict(health.suggestion[1])),
            "active_today": health.active_today,
            "messages_today": health.messages_today,
            "active_week": health.active_week,
            "active_prev": f"{health.active_prev:.0f}",
            "messages_week": health.messages_week,
            "messages_prev": f"{health.messages_prev:.0f}",
            "per_member": f"{health.per_member:.1f}",
            "top_share": f"{health.top_share * 100:.0f}%",
            "new_members": health.new_members,
            "new_spoke": health.new_spoke,
            "trend": trend,
            "days": health.days_of_history,
        },
    )


@group_command(takes=0)
async def health(call: Call) -> None:
    """/health: the group's numbers, its stage and why, and what Steward suggests."""
    services = call.services
    now = services.clock()
    found = await health_watch.health(services, call.chat, now)
    topics = await services.cache.topics(call.chat.chat_id, now)
    await call.say(health_text(found, call.chat.title, topics).render(services.texts, call.lang))


async def on_private_health(update: Update, context: StewardContext) -> None:
    """/health in private: the groups the user runs with Steward, or one of them (`/health 2`)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    texts = services.texts
    lang = texts.pick(user.language_code)
    chats: list[ChatRecord] = [
        c
        for c in await services.store.list_admin_chats(user.id)
        if c.status == "active" and c.type in ("group", "supergroup")
    ]
    args = context.args or []
    if not chats:
        reply = texts.text(lang, "engage.health_no_groups")
    elif len(chats) == 1 or args:
        index = args[0] if args else "1"
        if not index.isdecimal() or not 1 <= int(index) <= len(chats):
            reply = texts.text(lang, "engage.health_pick_number", count=len(chats))
        else:
            chat = chats[int(index) - 1]
            now = services.clock()
            found = await health_watch.health(services, chat, now)
            topics = await services.cache.topics(chat.chat_id, now)
            reply = health_text(found, chat.title, topics).render(texts, lang)
    else:
        lines = [f"{i}. {chat_title(c)}" for i, c in enumerate(chats, 1)]
        reply = texts.text(lang, "engage.health_pick", lines="\n".join(lines))
    await with_retries(lambda: message.reply_text(clip(reply)), what="/health reply")


@group_command(takes=1)
async def digest(call: Call) -> None:
    """/digest on|off|now: the weekly digest with a chart, by DM to the caller."""
    services = call.services
    verb = call.args[0].lower() if call.args else ""
    if call.caller_id is None:
        raise Refused("engage.digest_anonymous")
    wanted = call.chat.settings.get(DIGEST_KEY)
    people = [u for u in wanted if isinstance(u, int)] if isinstance(wanted, list) else []
    if verb in ("on", "now") and not await services.store.can_dm(call.caller_id):
        raise Refused("engage.digest_start_first", bot=call.context.bot.username or "")
    if verb == "on":
        changes: dict[str, object] = {DIGEST_KEY: sorted({*people, call.caller_id})}
        if DIGEST_SENT_KEY not in call.chat.settings:
            changes[DIGEST_SENT_KEY] = services.clock().isoformat()
        await services.store.update_chat_settings(call.chat_id, changes)
        services.cache.forget_chat(call.chat_id)
        await call.reply("engage.digest_on")
    elif verb == "off":
        rest = [u for u in people if u != call.caller_id]
        await services.store.update_chat_settings(call.chat_id, {DIGEST_KEY: rest})
        services.cache.forget_chat(call.chat_id)
        await call.reply("engage.digest_off")
    elif verb == "now":
        sent = await send_digest(
            services, call.context.bot, call.chat, services.clock(), only=call.caller_id
        )
        await call.reply("engage.digest_sent" if sent else "engage.digest_not_sent")
    else:
        on = call.caller_id in people
        await call.reply("engage.digest_usage", state=call.text(f"engage.digest_is_{on}"))
