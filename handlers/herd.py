"""/herd: the complaint watch of one group: its state, thresholds, statement and calm mode."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.calm import CALM_KEY, MAX_STATEMENT, STATEMENT_KEY, Said
from bot.herd_common import zone_of
from bot.names import chat_title
from bot.outbound import cut
from handlers.chat_commands import change_setting
from handlers.commands import Call, Refused, echo, group_command, record
from policies.commands import ParseError, parse_duration
from policies.herd import COMPLAINT, SHORT, weekly_rate

MIN_CALM = timedelta(minutes=1)
MAX_CALM = timedelta(days=7)


@group_command()
async def herd(call: Call) -> None:
    """/herd [on|off | thresholds W X C | statement TEXT|reset | calm [on] [TIME]|off | post]."""
    args = call.args
    verb = args[0].lower() if args else ""
    if not verb:
        await _status(call)
    elif verb in ("on", "off"):
        await change_setting(call, "herd", verb)
        await _ignored(call, args[1:])  # "/herd on off": "on" applied, "off" said to be ignored
    elif verb == "thresholds":
        await _thresholds(call, args[1:])
    elif verb == "statement":
        await _statement(call)
    elif verb == "calm":
        await _calm(call, args[1:])
    elif verb == "post":
        await _tell(
            call,
            await call.services.herd.calm_mode.post_statement(
                call.services, call.chat_id, call.caller_id
            ),
        )
        await _ignored(call, args[1:])
    else:
        raise Refused("herd.usage")


async def _ignored(call: Call, extra: list[str]) -> None:
    if extra:
        await call.reply("commands.ignored", words=echo(" ".join(extra), 80))


async def _status(call: Call) -> None:
    services = call.services
    chat = call.chat
    policy = services.cache.policy(chat)
    now = services.clock()
    state = services.herd.state_now(chat, now)  # a surge over while unwatched shows calm
    windows = services.herd.window.windows(chat.chat_id, now)
    zone = zone_of(chat)
    calm_until = chat.settings.get(CALM_KEY)
    calm = (
        call.text("herd.calm_status_on", until=_local(calm_until, zone))
        if isinstance(calm_until, str)
        else call.text("herd.calm_status_off")
    )
    own = chat.settings.get(STATEMENT_KEY)
    await call.reply(
        "herd.status",
        title=chat_title(chat),
        onoff=call.text(f"herd.{policy.herd}"),
        level=call.text(f"herd.level_{state.level}"),
        complainers=windows.distinct(COMPLAINT, now - SHORT),
        baseline=f"{weekly_rate(windows, now):.1f}",
        watch=policy.herd_watch,
        warning=policy.herd_warning,
        critical=policy.herd_critical,
        calm=calm,
        source=call.text("herd.source_own" if isinstance(own, str) else "herd.source_default"),
        statement=cut(services.herd.calm_mode.statement(services, chat), 1000),
    )


def _local(iso: str, zone: ZoneInfo) -> str:
    try:
        at = datetime.fromisoformat(iso)
    except ValueError:
        return iso[:32]
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


async def _thresholds(call: Call, words: list[str]) -> None:
    if len(words) != 3 or not all(w.isdecimal() and len(w) <= 4 for w in words):
        raise Refused("herd.thresholds_bad")
    watch, warning, critical = (int(w) for w in words)
    if not 2 <= watch < warning < critical <= 1000:
        raise Refused("herd.thresholds_bad")
    services = call.services
    await services.store.update_chat_settings(
        call.chat_id, {"herd_watch": watch, "herd_warning": warning, "herd_critical": critical}
    )
    services.cache.forget_chat(call.chat_id)
    await record(call, "settings", None, f"herd thresholds = {watch} {warning} {critical}")
    await call.reply("herd.thresholds_set", watch=watch, warning=warning, critical=critical)


async def _statement(call: Call) -> None:
    text = call.rest(2).strip()  # after `/herd statement`, new lines kept
    services = call.services
    if not text:
        own = call.chat.settings.get(STATEMENT_KEY)
        if isinstance(own, str):
            await call.say(own)
            return
        raise Refused("herd.statement_empty")
    if text.lower() in ("reset", "default", "clear"):
        await services.store.update_chat_settings(call.chat_id, {STATEMENT_KEY: None})
        services.cache.forget_chat(call.chat_id)
        await record(call, "settings", None, "herd statement = default")
        await call.reply("herd.statement_reset")
        return
    if len(text) > MAX_STATEMENT:
        raise Refused("herd.statement_too_long", length=len(text), limit=MAX_STATEMENT)
    await services.store.update_chat_settings(call.chat_id, {STATEMENT_KEY: text})
    services.cache.forget_chat(call.chat_id)
    await record(call, "settings", None, f"herd statement = {cut(text, 200)}")
    await call.reply("herd.statement_set", length=len(text))


async def _calm(call: Call, words: list[str]) -> None:
    """`calm` (or `calm on`): calm mode for the chat's usual time; `calm 2h` (or `calm on 2h`):
    for that long; `calm off`: end it. Words after those are said to be ignored, as elsewhere."""
    services = call.services
    calm = services.herd.calm_mode
    verb = words[0].lower() if words else ""
    if verb in ("off", "end", "stop"):
        await _tell(
            call, await calm.end_calm(services, call.context.bot, call.chat_id, call.caller_id)
        )
        await _ignored(call, words[1:])
        return
    if verb == "on":
        words = words[1:]
    if words:
        parsed = parse_duration(words[0])
        length = None if isinstance(parsed, ParseError) else parsed.length
        if length is None or not MIN_CALM <= length <= MAX_CALM:
            raise Refused("herd.calm_bad_duration")
        minutes = max(1, int(length.total_seconds() // 60))
    else:
        minutes = services.cache.policy(call.chat).calm_minutes
    await _tell(
        call, await calm.calm(services, call.context.bot, call.chat_id, minutes, call.caller_id)
    )
    await _ignored(call, words[1:])


async def _tell(call: Call, said: Said) -> None:
    await call.reply(said.key, **said.values)
