"""Alert button presses: resolve the opaque token, check the presser, act once, tell everyone.

A press is honoured only if its token was issued by Steward and the presser is an admin of the
alert's chat right now. The first press claims the alert in the store (one winner even across
processes); later presses answer who handled it. Every delivered copy then shows the outcome.
Buttons that leave the alert open (post the statement, calm mode, a prompt, list a rival) show
what they did on every copy too, and tell the other admins in a line under theirs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from telegram import Update

from bot.alerts import Text, clip, t
from bot.context import StewardContext
from bot.engagement import PROMPTED_KEY
from bot.i18n import keyed_reason
from bot.names import chat_title, isolated, person_name
from bot.outbound import attempt, cut
from bot.store import AlertRecord, EventRecord
from handlers.commands import admin_of, lacking_right, missing_bot_right
from handlers.feedback import confirm_event, not_spam_event, restorable, restore_event
from policies.competitors import MAX_ENTRIES, Entry, entry_of

log = logging.getLogger(__name__)

# An action returns None when done, or a catalogue key (or text) saying why it could not be.
Action = Callable[[StewardContext, AlertRecord, int], Awaitable[str | Text | None]]
_GONE = ("left", "kicked", "migrated")


@dataclass(frozen=True, slots=True)
class Pressed:
    """What a button that leaves the alert open did: the presser's answer (`key`, `values`),
    and what every copy should show of it."""

    key: str
    values: dict[str, object] = field(default_factory=dict)
    # It was done: this line ({who} and `values`) goes under the other admins' copies.
    told: str | None = None
    # Nothing done, but the copies' buttons were behind (calm mode found on, or off).
    shown: bool = False


def _lacking(context: StewardContext, rights: Mapping[str, object], *needed: str) -> Text | None:
    """What Steward would need and lacks in the group, named as the commands name it."""
    right = missing_bot_right(rights, needed)
    if right is None:
        return None
    bot = context.bot.username or "Steward"
    return t("commands.bot_lacks_right", right=t(f"rights.{right}"), bot=bot)


def _on_event(
    act: Callable[[StewardContext, EventRecord, int | None], Awaitable[object]],
    *,
    only_if: Callable[[EventRecord], bool] = lambda _event: True,
    settles_reports: bool = True,
    once: bool = False,
    needs: Callable[[EventRecord], tuple[str, ...]] = lambda _event: (),
) -> Action:
    """An action on the event an alert is about: the event must still exist (and qualify);
    `once`: not if a moderator already restored its message (by /restore, or from another alert
    about the same message: an older report alert's Confirm banned a restored author)."""

    async def action(context: StewardContext, alert: AlertRecord, actor: int) -> str | Text | None:
        store = context.services.store
        event = await store.get_event(alert.event_id) if alert.event_id else None
        if event is None or not only_if(event):
            return "alerts.nothing_to_restore"
        if once and await store.was_undone(event):
            return "alerts.already_restored"
        chat = await store.get_chat(event.chat_id)
        if chat is None or chat.status in _GONE:
            return "prompt.chat_gone"  # nothing Telegram would do there: not "restored"
        lacking = _lacking(context, chat.bot_rights, *needs(event))
        if lacking is not None:
            return lacking
        await act(context, event, actor)
        if settles_reports and event.message_id is not None:
            await store.settle_reports(event.chat_id, event.message_id, context.services.clock())
        return None

    return action


async def _dismiss(context: StewardContext, alert: AlertRecord, actor: int) -> str | None:
    services = context.services
    event = await services.store.get_event(alert.event_id) if alert.event_id else None
    if event is not None and event.message_id is not None:
        await services.store.settle_reports(event.chat_id, event.message_id, services.clock())
    if alert.kind == "herd":
        await services.herd.dismiss(services, alert.chat_id, alert.created_at)  # "normal here"
    await services.store.record_event(
        alert.chat_id,
        at=services.clock(),
        kind="alert_dismissed",
        actor_id=actor,
        reason=keyed_reason("events.why_alert_dismissed", alert=alert.id),
    )
    return None


async def _ban(context: StewardContext, alert: AlertRecord, actor: int) -> str | None:
    """Ban the author of the message the alert is about (a rival, say), keeping the record."""
    services = context.services
    event = await services.store.get_event(alert.event_id) if alert.event_id else None
    if event is None or (event.target_user_id is None and event.target_chat_id is None):
        return "alerts.nothing_to_ban"
    actuator = services.actuator
    if event.target_chat_id is not None and event.target_chat_id != event.chat_id:
        done = await actuator.ban_sender_chat(event.chat_id, event.target_chat_id)
    elif event.target_user_id is not None:
        done = await actuator.ban(event.chat_id, event.target_user_id)
    else:
        return "alerts.nothing_to_ban"
    if not done.ok:
        return "alerts.ban_failed"
    await services.store.record_event(
        event.chat_id,
        at=services.clock(),
        kind="moderator_ban",
        actor_id=actor,
        target_user_id=event.target_user_id,
        target_chat_id=event.target_chat_id,
        message_id=event.message_id,
        reason=keyed_reason("events.why_banned_from_alert", event=event.id),
    )
    return None


ACTIONS: dict[str, Action] = {
    "restore": _on_event(
        restore_event,
        only_if=restorable,
        settles_reports=False,
        once=True,
        # Members' reports only hid the message: its restore is a repost, no right needed.
        needs=lambda e: () if e.kind == "report_hidden" else ("can_restrict_members",),
    ),
    "confirm": _on_event(
        confirm_event, once=True, needs=lambda _e: ("can_restrict_members", "can_delete_messages")
    ),
    "not_spam": _on_event(not_spam_event),
    "dismiss": _dismiss,
    "ban": _ban,
}


async def _add_competitor(context: StewardContext, alert: AlertRecord, actor: int) -> Pressed:
    """List the rival an alert names; the alert stays open for its other buttons."""
    services = context.services
    event = await services.store.get_event(alert.event_id) if alert.event_id else None
    rival = stored_rival(event.checks) if event is not None else None
    entry = entry_of(rival) if rival else None
    if not isinstance(entry, Entry):
        return Pressed("alerts.no_rival")
    added, _known, full = await services.store.add_competitors(
        alert.chat_id, [entry], actor, services.clock()
    )
    services.cache.forget_competitors(alert.chat_id)
    if full:
        return Pressed("competitors.full", {"limit": MAX_ENTRIES})
    if not added:
        return Pressed("alerts.competitor_known", {"name": isolated(clip(entry.shown, 60))})
    if added:
        await services.store.record_event(
            alert.chat_id,
            at=services.clock(),
            kind="competitor_added",
            actor_id=actor,
            reason=f"{cut(entry.shown, 200)} (from alert #{alert.id})",
        )
    chat = await services.cache.chat(alert.chat_id)
    title = chat_title(chat, alert.chat_id)
    # The rival may be a forwarded channel's title: set apart like the group's own.
    values: dict[str, object] = {"name": isolated(clip(entry.shown, 60)), "title": title}
    return Pressed("alerts.competitor_added", values, told="alerts.told_add_competitor")


async def _statement(context: StewardContext, alert: AlertRecord, actor: int) -> Pressed:
    """Post and pin the chat's holding statement (once per surge)."""
    services = context.services
    said = await services.herd.calm_mode.post_statement(
        services, alert.chat_id, actor, alert.created_at
    )
    done = said.key in ("herd.statement_posted", "herd.statement_not_pinned")
    shown = said.key == "herd.statement_already"  # by /herd post, say: copies behind
    chat = await services.cache.chat(alert.chat_id)
    values = {**said.values, "title": chat_title(chat, alert.chat_id)}
    return Pressed(said.key, values, told="alerts.told_statement" if done else None, shown=shown)


async def _calm(context: StewardContext, alert: AlertRecord, actor: int) -> Pressed:
    """Calm mode on for the chat's usual time. Pressed while it is on already (by /herd calm,
    or another admin's press on their copy), it stays on and says until when: the button is
    never a toggle that turns it off for someone who meant to calm the group."""
    services = context.services
    calm = services.herd.calm_mode
    chat = await services.store.get_chat(alert.chat_id)
    if chat is None:
        return Pressed("herd.no_chat")
    until = calm.calm_until(chat, services.clock())
    if until is not None:
        return Pressed(
            "herd.calm_already", {"until": until, "title": chat_title(chat)}, shown=True
        )
    minutes = services.cache.policy(chat).calm_minutes
    said = await calm.calm(services, context.bot, alert.chat_id, minutes, actor)
    told = "alerts.told_calm_on" if said.key == "herd.calm_on" else None
    return Pressed(said.key, said.values, told=told)


async def _calm_off(context: StewardContext, alert: AlertRecord, actor: int) -> Pressed:
    """End calm mode (offered where the alert shows it on); not on any more: says so."""
    services = context.services
    said = await services.herd.calm_mode.end_calm(services, context.bot, alert.chat_id, actor)
    if said.key == "herd.calm_not_on":
        return Pressed(said.key, said.values, shown=True)
    told = "alerts.told_calm_off" if said.key == "herd.calm_off" else None
    return Pressed(said.key, said.values, told=told)


async def _complainers(context: StewardContext, alert: AlertRecord, actor: int) -> Pressed:
    """Send the presser, in private, who complained, with links to follow up one by one."""
    services = context.services
    listing = await services.herd.complainers(services, alert.chat_id, alert.created_at)
    user = await services.store.get_user(actor)
    lang = services.texts.pick(user.language_code if user else None)
    text = clip(listing.render(services.texts, lang))
    sent = await attempt("complainers list", partial(context.bot.send_message, actor, text))
    return Pressed("herd.complainers_sent" if sent else "herd.complainers_not_sent")


async def _prompt_now(context: StewardContext, alert: AlertRecord, actor: int) -> Pressed:
    """Post an engagement prompt in the alert's chat now: once per alert, whoever presses and
    however often (the claim is the chat's PROMPTED_KEY, swapped to this alert)."""
    services = context.services
    store = services.store
    chat = await store.get_chat(alert.chat_id)
    if chat is None or chat.status != "active":
        return Pressed("prompt.chat_gone")
    before = chat.settings.get(PROMPTED_KEY)
    if before == alert.id or not await store.swap_chat_setting(
        chat.chat_id, PROMPTED_KEY, before, alert.id
    ):
        return Pressed("prompt.already_from_alert", {"title": chat_title(chat)})
    services.cache.forget_chat(chat.chat_id)
    posted = await services.engagement.post_now(services, context.bot, chat, actor)
    if posted.post is None:
        if posted.key not in ("refused", "unsure"):  # not posted: a later press may try again
            await store.swap_chat_setting(chat.chat_id, PROMPTED_KEY, alert.id, before)
        # As /prompt post says it: a timeout is not a refusal (the prompt may be in the group).
        key = {"refused": "prompt.not_posted", "unsure": "prompt.not_posted_unsure"}.get(
            posted.key, posted.key
        )
        return Pressed(key, dict(posted.values))
    return Pressed(
        "prompt.posted_from_alert", {"title": chat_title(chat)}, told="alerts.told_prompt_now"
    )


# The admin rights a presser needs themself for a button (as for the matching command).
NEEDS: dict[str, tuple[str, ...]] = {
    "restore": ("can_restrict_members",),
    "confirm": ("can_restrict_members", "can_delete_messages"),  # as /spam needs
    "ban": ("can_restrict_members",),
    "calm": ("can_restrict_members",),
    "calm_off": ("can_restrict_members",),
    "statement": ("can_pin_messages",),
}


# Buttons that add to what the alert offers instead of settling it: no claim, no "handled".
OPEN_ACTIONS: dict[str, Callable[[StewardContext, AlertRecord, int], Awaitable[Pressed]]] = {
    "add_competitor": _add_competitor,
    "statement": _statement,
    "calm": _calm,
    "calm_off": _calm_off,
    "complainers": _complainers,
    "prompt_now": _prompt_now,
}
# The complaint alert's: what its buttons show follows the chat (statement posted, calm mode).
_HERD_ACTIONS = ("statement", "calm", "calm_off")


def stored_rival(checks: list[dict[str, Any]]) -> str | None:
    """The rival named in an event's stored checks (the poaching policy's `rival` check)."""
    for item in checks:
        if not isinstance(item, dict) or item.get("name") != "rival":
            continue
        reasons = item.get("reasons")
        for reason_map in reasons if isinstance(reasons, list) else []:
            params = reason_map.get("params") if isinstance(reason_map, dict) else None
            if isinstance(params, dict) and isinstance(params.get("name"), str):
                return str(params["name"])
    return None


async def _who(context: StewardContext, user_id: int | None) -> str:
    user = await context.services.store.get_user(user_id) if user_id else None
    return person_name(user, fallback=user_id)


async def _show(
    context: StewardContext, alert: AlertRecord, action: str, pressed: Pressed, actor: int
) -> None:
    """Every copy of an open alert shows what a press did (and by whom); the other admins
    are told in a line under theirs."""
    services = context.services
    current = await services.store.get_alert(alert.id) or alert
    if current.handled_by is not None:
        return  # closed meanwhile: its copies say who closed it, and stay so
    who = await _who(context, actor)
    marks: dict[str, Text | None]
    if action in _HERD_ACTIONS:
        chat = await services.store.get_chat(alert.chat_id)
        marks = await services.herd.marks(services, chat, alert.created_at) if chat else {}
    else:
        outcome = t(f"alerts.outcome_{action}")
        marks = {action: t("alerts.handled_note", outcome=outcome, who=who)}
    told = t(pressed.told, **{**pressed.values, "who": who}) if pressed.told else None
    await services.alerts.show_progress(context.bot, alert, marks, told, actor)


async def on_alert_button(update: Update, context: StewardContext) -> None:
    """A press on an alert's button."""
    query = update.callback_query
    if query is None:
        return
    services = context.services
    store, texts = services.store, services.texts
    presser = query.from_user
    lang = texts.pick(presser.language_code)

    async def answer(key: str, *, show_alert: bool = False, **values: object) -> None:
        text = cut(t(key, **values).render(texts, lang), 200)
        await attempt("answerCallbackQuery", partial(query.answer, text, show_alert=show_alert))

    token = query.data or ""
    found = await store.find_button(token)
    if found is None or (found[0] not in ACTIONS and found[0] not in OPEN_ACTIONS):
        await answer("alerts.expired", show_alert=True)
        return
    action, alert = found
    admin = await admin_of(context, alert.chat_id, presser.id)
    if admin is None:
        await answer("alerts.not_admin", show_alert=True)
        return
    missing = lacking_right(admin, NEEDS.get(action, ()))
    if missing is not None:
        await answer("alerts.lacks_right", show_alert=True, right=t(f"rights.{missing}"))
        return
    if action in OPEN_ACTIONS:
        if action != "complainers":  # the list is the owner's to read wherever Steward is
            chat = await store.get_chat(alert.chat_id)
            if chat is None or chat.status in _GONE:
                await answer("prompt.chat_gone", show_alert=True)
                return
        pressed = await OPEN_ACTIONS[action](context, alert, presser.id)
        await answer(pressed.key, show_alert=True, **pressed.values)
        if pressed.told is not None or pressed.shown:
            await _show(context, alert, action, pressed, presser.id)
        return
    if alert.handled_by is None and await store.claim_alert(
        alert.id, presser.id, action, services.clock()
    ):
        try:
            problem = await ACTIONS[action](context, alert, presser.id)
        except BaseException:
            await store.release_alert(alert.id, presser.id)
            raise
        if problem is not None:
            await store.release_alert(alert.id, presser.id)
            why = problem if isinstance(problem, Text) else t(problem)
            await answer("alerts.failed", show_alert=True, reason=why)
            return
        outcome = t(f"alerts.outcome_{action}")
        await answer("alerts.handled_note", outcome=outcome, who=await _who(context, presser.id))
        note = t("alerts.handled_note", outcome=outcome, who=await _who(context, presser.id))
        await services.alerts.mark_handled(context.bot, alert, token, note)
        return
    current = await store.get_alert(alert.id) or alert
    await answer(
        "alerts.already_handled",
        show_alert=True,
        who=await _who(context, current.handled_by),
        outcome=t(f"alerts.outcome_{current.outcome or action}"),
    )
