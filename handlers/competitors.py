"""/competitor add|remove|list and /allow: the lists the poaching policy reads."""

from __future__ import annotations

import re

from bot.alerts import clip
from bot.outbound import cut
from handlers.chat_commands import change_setting
from handlers.commands import Call, Refused, group_command, record
from policies.competitors import MAX_ENTRIES, Entry, earlier_key, entry_of
from policies.domains import NOT_ALLOWABLE

PAGE = 50
# One /competitor add may list this many names (separated by commas, semicolons or new lines,
# in their ASCII or full-width/Chinese forms).
MAX_PER_COMMAND = 200
MAX_ALLOWED = 200
_SEPARATORS = re.compile(r"[,;\n，、；]+")
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_HANDLE = re.compile(r"^[a-z][a-z0-9_]{3,31}$")
_INVITE = re.compile(r"^(?:https?://)?(?:t|telegram)\.(?:me|dog)/(?:\+|joinchat/)([\w-]{6,64})$")
_PUBLIC = re.compile(r"^(?:https?://)?(?:t|telegram)\.(?:me|dog)/([a-z][a-z0-9_]{3,31})/?$")


@group_command()
async def competitor(call: Call) -> None:
    """/competitor add NAME[, NAME...] | remove NAME | list [page]."""
    args = call.args
    verb = args[0].lower() if args else ""
    if verb == "add":
        await _add(call, call.rest(2))
    elif verb in ("remove", "rm", "del", "delete"):
        await _remove(call, call.rest(2))
    elif verb in ("list", "ls", ""):
        page = args[1] if len(args) > 1 else "1"
        if not page.isdecimal() or not 1 <= int(page) <= MAX_ENTRIES // PAGE + 1:
            raise Refused("competitors.usage")
        await _list(call, int(page))
    else:
        raise Refused("competitors.usage")


async def _add(call: Call, raw: str) -> None:
    names = [n.strip() for n in _SEPARATORS.split(raw) if n.strip()]
    if not names:
        raise Refused("competitors.usage")
    if len(names) > MAX_PER_COMMAND:
        raise Refused("competitors.too_many_at_once", limit=MAX_PER_COMMAND)
    entries: list[Entry] = []
    refused: list[str] = []
    own = _own_keys(call)
    for name in names:
        entry = entry_of(name)
        if isinstance(entry, Entry) and entry.key in own:
            entry = "competitor_own"
        if isinstance(entry, Entry):
            entries.append(entry)
        else:
            refused.append(call.text(f"competitors.{entry}", name=clip(name, 40)))
    services = call.services
    added, known, full = await services.store.add_competitors(
        call.chat_id, entries, call.caller_id, services.clock()
    )
    services.cache.forget_competitors(call.chat_id)
    if added:
        await record(call, "competitor_added", None, cut(", ".join(e.shown for e in added), 500))
    lines = []
    if added:
        lines.append(call.text("competitors.added", names=_names(added), count=len(added)))
    if known:
        lines.append(call.text("competitors.known", names=_names(known)))
    lines.extend(refused)
    if full:
        lines.append(call.text("competitors.full", limit=MAX_ENTRIES))
    await call.say("\n".join(lines))


async def _remove(call: Call, raw: str) -> None:
    name = raw.strip()
    if not name:
        raise Refused("competitors.usage")
    entry = entry_of(name)
    if not isinstance(entry, Entry):
        raise Refused(f"competitors.{entry}", name=clip(name, 40))
    services = call.services
    listed = await services.store.remove_competitor(call.chat_id, entry.key)
    old = earlier_key(name) if listed is None else None
    if old is not None:  # listed by an earlier version, under the key it gave this text then
        listed = await services.store.remove_competitor(call.chat_id, old)
    if listed is None:
        raise Refused("competitors.not_listed", name=clip(name, 60))
    services.cache.forget_competitors(call.chat_id)
    await record(call, "competitor_removed", None, listed[:200])
    await call.reply("competitors.removed", name=clip(listed, 60))


async def _list(call: Call, page: int) -> None:
    entries = await call.services.store.list_competitors(call.chat_id)
    if not entries:
        await call.reply("competitors.empty")
        return
    pages = (len(entries) + PAGE - 1) // PAGE
    page = min(page, pages)
    shown = entries[(page - 1) * PAGE : page * PAGE]
    await call.say(
        call.text("competitors.list_header", count=len(entries), page=page, pages=pages)
        + "\n"
        + "\n".join(f"• {clip(e.shown, 80)}" for e in shown)
    )


def _own_keys(call: Call) -> set[str]:
    """The group's own names as listed keys: what `/allow` allows, its @username, Steward's."""
    policy = call.services.cache.policy(call.chat)
    names = (call.chat.username, call.context.bot.username)
    own = [*policy.allow_handles, *policy.allow_domains, *names]
    return {e.key for e in map(entry_of, filter(None, own)) if isinstance(e, Entry)}


def _names(entries: list[Entry]) -> str:
    text = ", ".join(e.shown for e in entries[:20])
    return clip(text + (f" (+{len(entries) - 20})" if len(entries) > 20 else ""), 1500)


def allowed_item(kind: str, raw: str) -> tuple[str, str] | None:
    """A `/allow` item as (setting, value): a link, @handle or domain the group allows."""
    value = raw.strip().lower().removeprefix("@")
    if kind in ("link", "invite"):
        if (m := _INVITE.fullmatch(value)) is not None:
            return "allow_handles", f"+{m.group(1)}"
        if (m := _PUBLIC.fullmatch(value)) is not None:
            return "allow_handles", m.group(1)
        value = value.split("://", 1)[-1].removeprefix("www.").split("/", 1)[0]
        # "t.me/abc" (too short a handle) is no licence to allow all of t.me.
        return ("allow_domains", value) if _allowable_domain(value) else None
    if kind in ("handle", "username", "channel"):
        return ("allow_handles", value) if _HANDLE.fullmatch(value) else None
    if kind in ("domain", "site"):
        value = value.split("://", 1)[-1].removeprefix("www.").split("/", 1)[0]
        return ("allow_domains", value) if _allowable_domain(value) else None
    return None


def _allowable_domain(value: str) -> bool:
    return _DOMAIN.fullmatch(value) is not None and value not in NOT_ALLOWABLE


@group_command()
async def allow(call: Call) -> None:
    """/allow link|handle|domain VALUE adds; /allow remove VALUE takes away; /allow lists."""
    args = call.args
    policy = call.services.cache.policy(call.chat)
    if not args:
        await call.reply(
            "competitors.allowed",
            handles=", ".join(sorted(policy.allow_handles)) or "-",
            domains=", ".join(sorted(policy.allow_domains)) or "-",
        )
        return
    verb = args[0].lower()
    if verb in ("remove", "rm", "del") and len(args) == 2:
        value = args[1].lower().removeprefix("@")
        value = value.split("://", 1)[-1].removeprefix("www.").rstrip("/")
        for name in ("allow_handles", "allow_domains"):
            current: frozenset[str] = getattr(policy, name)
            for item in (value, value.rsplit("/", 1)[-1]):
                if item in current:
                    await change_setting(call, name, current - {item})
                    return
        raise Refused("competitors.not_allowed", value=clip(args[1], 60))
    if len(args) != 2:
        raise Refused("competitors.allow_usage")
    found = allowed_item(verb, args[1])
    if found is None:
        raise Refused("competitors.allow_usage")
    name, value = found
    current = getattr(policy, name)
    if len(current) >= MAX_ALLOWED:
        raise Refused("competitors.allow_full", limit=MAX_ALLOWED)
    await change_setting(call, name, current | {value})
