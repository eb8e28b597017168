"""/settings in private: an inline keyboard per group the caller administers.

Button data names a group and a change ("cfg:<chat>:<op>"), or a page of the group list
("cfg:list:page=<n>"). It is a request, never trusted: each press is checked like the same
command typed in the group (admin of that chat now; key settings need the owner or an admin who
may promote members), and a change is recorded and copied to the log chat as a typed one is.
"""

from __future__ import annotations

import re
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.alerts import Text
from bot.context import StewardContext
from bot.i18n import Catalog
from bot.names import isolated, person_name
from bot.outbound import attempt, cut, fit, with_retries
from bot.store import ChatRecord
from handlers.chat_commands import settings_text
from handlers.commands import admin_of, may_change_key_settings, post_to_log
from policies.chatpolicy import KEY_SETTINGS, ChatPolicy

# "cfg:<chat>:<op>=<value shown>": a press changes the setting from the value its button showed,
# so a quick second press on the same button (before the keyboard redrew) changes nothing.
_DATA = re.compile(r"^cfg:(list|-?\d{1,16})(?::([a-z_+-]{1,16})(?:=([a-z_0-9]{1,16}))?)?$")
# Groups on one page of the list (Telegram takes up to 100 buttons in a keyboard).
PAGE = 40
_CYCLES: dict[str, tuple[str, ...]] = {
    "mode": ("enforce", "observe"),
    "spam_action": ("delete", "delete_mute", "delete_ban"),
    "poaching_action": ("delete", "delete_mute", "delete_ban", "warn", "observe"),
    "at_limit": ("none", "mute", "kick", "ban"),
}


def _next(name: str, current: str) -> str:
    cycle = _CYCLES[name]
    return cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else cycle[0]


async def _groups(context: StewardContext, user_id: int) -> list[ChatRecord]:
    chats = await context.services.store.list_admin_chats(user_id)
    # One order for every page: two groups of one title must not swap between presses.
    return sorted((c for c in chats if c.status == "active"), key=lambda c: (c.title, c.chat_id))


def _page_of(chats: list[ChatRecord], chat_id: int) -> int:
    """The list page that shows this group (the first when it is no longer listed)."""
    index = next((i for i, c in enumerate(chats) if c.chat_id == chat_id), 0)
    return index // PAGE


def _list_view(
    texts: Catalog, lang: str, chats: list[ChatRecord], page: int
) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the caller's groups, with "‹ Prev" and "Next ›" when there are more.

    The page is asked for by number ("cfg:list:page=N"): groups added or left since the button
    was drawn shift the pages by as many, and a page past the end shows the last one."""
    if not chats:
        return texts.text(lang, "menu.no_groups"), InlineKeyboardMarkup([])
    pages = -(-len(chats) // PAGE)
    page = min(max(page, 0), pages - 1)
    shown = chats[page * PAGE : (page + 1) * PAGE]
    rows = [
        [
            InlineKeyboardButton(
                isolated(cut(c.title, 60)) or str(c.chat_id), callback_data=f"cfg:{c.chat_id}"
            )
        ]
        for c in shown
    ]
    text = texts.text(lang, "menu.pick")
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(
                InlineKeyboardButton(
                    texts.text(lang, "menu.prev"), callback_data=f"cfg:list:page={page - 1}"
                )
            )
        if page < pages - 1:
            nav.append(
                InlineKeyboardButton(
                    texts.text(lang, "menu.next"), callback_data=f"cfg:list:page={page + 1}"
                )
            )
        rows.append(nav)
        first = page * PAGE + 1
        last = page * PAGE + len(shown)
        text += "\n" + texts.text(lang, "menu.page", first=first, last=last, total=len(chats))
    return text, InlineKeyboardMarkup(rows)


def _page(texts: Catalog, lang: str, chat: ChatRecord, policy: ChatPolicy) -> str:
    """The group's settings page in one message, by the code of /settings in the group: a list
    too long for it is shown as its count and the command that lists it in full, so every
    other setting, the language, time zone and log chat stay on the page (`settings_text`)."""
    return fit(settings_text(texts, lang, chat, policy, private=True))


def _group_markup(
    context: StewardContext,
    lang: str,
    chat: ChatRecord,
    policy: ChatPolicy,
    alerts_on: bool,
    back_page: int,
) -> InlineKeyboardMarkup:
    texts = context.services.texts
    cid = chat.chat_id

    def button(key: str, op: str, shown: object, **values: object) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            texts.text(lang, f"menu.{key}", **values), callback_data=f"cfg:{cid}:{op}={shown}"
        )

    def cycling(name: str) -> InlineKeyboardButton:
        value = getattr(policy, name)
        return button(name, name, value, value=texts.text(lang, f"menu.value_{value}"))

    return InlineKeyboardMarkup(
        [
            [cycling("mode")],
            [cycling("spam_action")],
            [cycling("poaching_action")],
            [
                button("warn_down", "warn-", policy.warn_limit, value=policy.warn_limit),
                button("warn_up", "warn+", policy.warn_limit, value=policy.warn_limit),
            ],
            [cycling("at_limit")],
            [
                button(
                    "alerts_on" if alerts_on else "alerts_off",
                    "alerts",
                    "on" if alerts_on else "off",
                )
            ],
            [
                InlineKeyboardButton(
                    texts.text(lang, "menu.back"), callback_data=f"cfg:list:page={back_page}"
                )
            ],
        ]
    )


async def on_private_settings(update: Update, context: StewardContext) -> None:
    """/settings in private: pick one of your groups."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    texts = context.services.texts
    lang = texts.pick(user.language_code)
    chats = await _groups(context, user.id)
    if not chats:
        text = texts.text(lang, "menu.no_groups")
        await with_retries(partial(message.reply_text, text), what="/settings reply")
        return
    text, markup = _list_view(texts, lang, chats, 0)
    await with_retries(
        partial(message.reply_text, text, reply_markup=markup), what="/settings reply"
    )


async def on_settings_button(update: Update, context: StewardContext) -> None:
    """A press in the private settings keyboard."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    services = context.services
    texts, store = services.texts, services.store
    user = query.from_user
    lang = texts.pick(user.language_code)

    async def answer(key: str | None = None, **values: object) -> None:
        text = texts.text(lang, key, **values) if key else None
        await attempt(
            "answerCallbackQuery", partial(query.answer, text, show_alert=key is not None)
        )

    async def show(text: str, markup: InlineKeyboardMarkup) -> None:
        try:
            await with_retries(
                partial(query.edit_message_text, text, reply_markup=markup),
                what="settings menu",
            )
        except BadRequest as exc:  # "message is not modified" after a double press
            if "not modified" not in exc.message:
                raise

    match = _DATA.match(query.data or "")
    if match is None or query.message.chat.type != ChatType.PRIVATE:
        # The keyboard lives in private only: a press claiming to be one on a group's message
        # (forged data) must not turn that message into a settings page for everyone.
        await answer("alerts.expired")
        return
    if match.group(1) == "list":
        op, shown = match.group(2), match.group(3)
        if op not in (None, "page") or (op == "page" and not (shown or "").isdigit()):
            await answer("alerts.expired")
            return
        chats = await _groups(context, user.id)
        await answer()
        await show(*_list_view(texts, lang, chats, int(shown) if shown else 0))
        return
    chat_id, op, shown = int(match.group(1)), match.group(2), match.group(3)
    chat = await services.cache.chat(chat_id)
    if chat is not None and chat.status == "migrated":
        # Its admins moved with it to the supergroup: none is left here to be asked about.
        await answer("menu.chat_gone")
        return
    admin = await admin_of(context, chat_id, user.id) if chat is not None else None
    if chat is None or admin is None:
        await answer("alerts.not_admin")
        return
    if chat.status != "active":
        # Its admin is told why, not "only admins of that group can do this".
        await answer("menu.chat_gone")
        return
    policy = services.cache.policy(chat)
    if op is not None:
        change: dict[str, object] = {}
        if op in _CYCLES:
            if op in KEY_SETTINGS and not may_change_key_settings(admin):
                await answer("commands.owner_only")
                return
            current = str(getattr(policy, op))
            if shown is None or shown == current:  # a second quick press: already changed
                change[op] = _next(op, current)
        elif op in ("warn+", "warn-"):
            step = 1 if op == "warn+" else -1
            if shown is None or shown == str(policy.warn_limit):
                change["warn_limit"] = min(100, max(1, policy.warn_limit + step))
        elif op == "alerts":
            on = user.id in await services.alerts.recipients(chat)
            if shown is None or shown == ("on" if on else "off"):
                await store.set_alert_pref(chat_id, user.id, not on, services.clock())
        else:
            await answer("alerts.expired")
            return
        if change and change == {k: getattr(policy, k) for k in change}:
            change = {}
        if change:
            await store.update_chat_settings(chat_id, change)
            services.cache.forget_chat(chat_id)
            name, value = next(iter(change.items()))
            # Recorded and copied to the log chat as the same change typed in the group is: a
            # moderator must not switch moderation off unseen from here.
            reason = f"{name} = {value}"
            event_id = await store.record_event(
                chat_id, at=services.clock(), kind="settings", actor_id=user.id, reason=reason
            )
            action = Text("commands.action_settings")
            await post_to_log(context, chat, event_id, person_name(user), action, "", reason)
            chat = await services.cache.chat(chat_id) or chat
            policy = services.cache.policy(chat)
    await answer()
    alerts_on = user.id in await services.alerts.recipients(chat)
    back_page = _page_of(await _groups(context, user.id), chat_id)
    await show(
        _page(texts, lang, chat, policy),
        _group_markup(context, lang, chat, policy, alerts_on, back_page),
    )
