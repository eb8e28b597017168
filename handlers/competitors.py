"""/competitor add|remove|list and /allow: the lists the poaching policy reads."""

from __future__ import annotations

import re

from bot.outbound import MAX_MESSAGE, cut, within
from handlers.chat_commands import change_setting
from handlers.commands import Call, Refused, echo, group_command, record
from policies.competitors import MAX_ENTRIES, Entry, earlier_key, entry_of
from policies.domains import NOT_ALLOWABLE

PAGE = 50
# A listed name is shown cut to this many characters in /competitor list: a page of 50 (each
# with "• ", an isolate's two marks and a new line), its header and the pointer to the next page
# stay in one message.
SHOWN = 72
# /competitor add names the first this many names it added (or found listed), then counts the
# rest: 20 names of at most 64 characters each keep both lines of the answer short.
NAMED = 20
# /allow repeats an allowed item cut to this many characters (a domain has at most 253; a
# settings file could hold a longer one).
ITEM = 256
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
            refused.append(call.text(f"competitors.{entry}", name=echo(name, 40, marked=True)))
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
    last = [call.text("competitors.full", limit=MAX_ENTRIES)] if full else []
    if refused:
        # Up to 200 refusals: the whole ones that fit in the message, then how many more.
        room = MAX_MESSAGE - len("\n".join([*lines, *last])) - 2
        told = within(
            refused,
            room,
            lambda n: call.text("competitors.refused_more", count=n),
            sep="\n",
            gap="\n",
        )
        lines.append(told)
    await call.say("\n".join([*lines, *last]))


async def _remove(call: Call, raw: str) -> None:
    name = raw.strip()
    if not name:
        raise Refused("competitors.usage")
    entry = entry_of(name)
    if not isinstance(entry, Entry):
        raise Refused(f"competitors.{entry}", name=echo(name, 40, marked=True))
    services = call.services
    listed = await services.store.remove_competitor(call.chat_id, entry.key)
    old = earlier_key(name) if listed is None else None
    if old is not None:  # listed by an earlier version, under the key it gave this text then
        listed = await services.store.remove_competitor(call.chat_id, old)
    if listed is None:
        raise Refused("competitors.not_listed", name=echo(name, 60, marked=True))
    services.cache.forget_competitors(call.chat_id)
    await record(call, "competitor_removed", None, listed[:200])
    await call.reply("competitors.removed", name=echo(listed, 60, marked=True))


async def _list(call: Call, page: int) -> None:
    entries = await call.services.store.list_competitors(call.chat_id)
    if not entries:
        await call.reply("competitors.empty")
        return
    pages = (len(entries) + PAGE - 1) // PAGE
    page = min(page, pages)
    shown = entries[(page - 1) * PAGE : page * PAGE]
    lines = [call.text("competitors.list_header", count=len(entries), page=page, pages=pages)]
    lines += [f"• {echo(e.shown, SHOWN, marked=True)}" for e in shown]
    if page < pages:
        more = len(entries) - page * PAGE
        lines.append(call.text("competitors.list_more", count=more, page=page + 1))
    await call.say("\n".join(lines))


def _own_keys(call: Call) -> set[str]:
    """The group's own names as listed keys: what `/allow` allows, its @username, Steward's."""
    policy = call.services.cache.policy(call.chat)
    names = (call.chat.username, call.context.bot.username)
    own = [*policy.allow_handles, *policy.allow_domains, *names]
    return {e.key for e in map(entry_of, filter(None, own)) if isinstance(e, Entry)}


def _names(entries: list[Entry]) -> str:
    """The first names of a list (each cut to a few dozen characters), then how many more."""
    text = ", ".join(echo(e.shown, marked=True) for e in entries[:NAMED])
    return text + (f" (+{len(entries) - NAMED})" if len(entries) > NAMED else "")


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
    """/allow link|handle|domain VALUE adds; /allow remove VALUE takes away; /allow (or /allow
    list [page]) lists."""
    args = call.args
    policy = call.services.cache.policy(call.chat)
    verb = args[0].lower() if args else "list"
    if verb in ("list", "ls") and len(args) <= 2:
        page = args[1] if len(args) > 1 else "1"
        if not page.isdecimal() or len(page) > 4 or int(page) < 1:
            raise Refused("competitors.allow_usage")
        await call.say(_allowed(call, int(page)))
        return
    if verb in ("remove", "rm", "del") and len(args) == 2:
        value = args[1].lower().removeprefix("@")
        value = value.split("://", 1)[-1].removeprefix("www.").rstrip("/")
        for name in ("allow_handles", "allow_domains"):
            current: frozenset[str] = getattr(policy, name)
            for item in (value, value.rsplit("/", 1)[-1]):
                if item in current:
                    await change_setting(call, name, current - {item})
                    return
        raise Refused("competitors.not_allowed", value=echo(args[1], 60, marked=True))
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


def _allowed(call: Call, page: int) -> str:
    """What /allow lists: both lists in one message when they fit; else page `page` (the last
    one past the end) of as many whole items as fit in a message, with how many more there are
    and the command for the next page. Pages are filled in the lists' order, so a page number
    shows the same items until the lists change."""
    policy = call.services.cache.policy(call.chat)
    handles = [echo(h, ITEM, marked=True) for h in sorted(policy.allow_handles)]
    domains = [echo(d, ITEM, marked=True) for d in sorted(policy.allow_domains)]
    single = call.text(
        "competitors.allowed",
        handles=", ".join(handles) or "-",
        domains=", ".join(domains) or "-",
    )
    if len(single) <= MAX_MESSAGE:
        return single
    items = [("handles", h) for h in handles] + [("domains", d) for d in domains]
    total = len(items)
    # A page's frame, with the largest numbers it can show; the rest of a message is for items.
    frame = [
        call.text("competitors.allowed_header", count=total, page=total, pages=total),
        call.text("competitors.allowed_handles", items=""),
        call.text("competitors.allowed_domains", items=""),
        call.text("competitors.allowed_more", count=total, page=total),
        call.text("competitors.allowed_footer"),
    ]
    room = MAX_MESSAGE - len("\n".join(frame))
    pages: list[list[tuple[str, str]]] = [[]]
    used = 0
    for kind, item in items:
        if pages[-1] and used + len(item) + 2 > room:
            pages.append([])
            used = 0
        pages[-1].append((kind, item))
        used += len(item) + 2
    page = min(page, len(pages))
    lines = [call.text("competitors.allowed_header", count=total, page=page, pages=len(pages))]
    for kind in ("handles", "domains"):
        on_page = [item for k, item in pages[page - 1] if k == kind]
        if on_page:
            lines.append(call.text(f"competitors.allowed_{kind}", items=", ".join(on_page)))
    if page < len(pages):
        more = sum(map(len, pages[page:]))
        lines.append(call.text("competitors.allowed_more", count=more, page=page + 1))
    lines.append(call.text("competitors.allowed_footer"))
    return "\n".join(lines)
