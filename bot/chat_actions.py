"""Carrying out a chat-level decision (herd effect, life stage, raids) through the actuator.

Posting, pinning and alerts are plain; changing a chat's permissions keeps what they were in the
chat's stored settings first, so `restore_permissions` puts them back exactly, also after a
restart, and a second restore does nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.actuator import Actuator, Done
from bot.alerts import Alert, t
from bot.context import Services
from policies.chatlevel import ChatAction, ChatDecision

log = logging.getLogger(__name__)

# Where a chat's permissions are kept while Steward has changed them.
SAVED_KEY = "saved_permissions"


async def carry_out_chat(
    services: Services, bot: Any, decision: ChatDecision, actuator: Actuator | None = None
) -> list[Done]:
    """Do a chat decision's actions in order; each outcome is returned (and logged)."""
    actuator = actuator or services.actuator
    chat_id = decision.chat_id
    done: list[Done] = []
    posted: int | None = None
    for action in decision.actions:
        if action.kind == "post" and action.text_key:
            chat = await services.cache.chat(chat_id)
            lang = services.texts.pick(chat.language if chat else None)
            text = t(action.text_key, **dict(action.values)).render(services.texts, lang)
            outcome = await actuator.post(chat_id, text)
            posted = outcome.message_id if outcome.ok else None
            done.append(outcome)
        elif action.kind == "pin":
            if posted is not None:
                done.append(await actuator.pin(chat_id, posted))
        elif action.kind == "set_permissions":
            done.append(await _set_permissions(services, actuator, chat_id, action))
        elif action.kind == "restore_permissions":
            restored = await restore_permissions(services, actuator, chat_id)
            if restored is not None:
                done.append(restored)
        elif action.kind == "alert" and action.alert is not None:
            plan = action.alert
            alert = Alert(
                chat_id=chat_id,
                kind=plan.kind,
                text=t(plan.text, **dict(action.values)),
                severity=plan.severity,
                buttons=plan.buttons,
            )
            await services.alerts.raise_alert(bot, alert)
    for outcome in done:
        if not outcome.ok:
            log.info("chat %s: %s not done: %s", chat_id, outcome.what, outcome.error)
    return done


async def _set_permissions(
    services: Services, actuator: Actuator, chat_id: int, action: ChatAction
) -> Done:
    """Change some of what members may do; the rest stays as the chat has it."""
    if actuator.records_only:
        return await actuator.set_permissions(chat_id, action.permissions)
    chat = await services.store.get_chat(chat_id)
    kept = isinstance((chat.settings if chat else {}).get(SAVED_KEY), dict)
    current = await actuator.permissions(chat_id)
    if current is None:
        # Without the chat's own permissions nothing could be restored exactly: change nothing.
        return Done("set_permissions", chat_id, False, error="the chat's permissions are unknown")
    if not kept:
        # Only the first change is kept: restoring must give back the chat's own permissions.
        await services.store.update_chat_settings(chat_id, {SAVED_KEY: current})
        services.cache.forget_chat(chat_id)
    outcome = await actuator.set_permissions(chat_id, {**current, **action.permissions})
    if not outcome.ok and not kept:
        # Nothing changed, so there is nothing to restore later.
        await services.store.update_chat_settings(chat_id, {SAVED_KEY: None})
        services.cache.forget_chat(chat_id)
    return outcome


async def restore_permissions(services: Services, actuator: Actuator, chat_id: int) -> Done | None:
    """Give the chat back the permissions kept before Steward changed them (None: none kept)."""
    chat = await services.store.get_chat(chat_id)
    saved = (chat.settings if chat else {}).get(SAVED_KEY)
    if not isinstance(saved, dict):
        return None
    outcome = await actuator.set_permissions(chat_id, {k: bool(v) for k, v in saved.items()})
    if outcome.ok:
        await services.store.update_chat_settings(chat_id, {SAVED_KEY: None})
        services.cache.forget_chat(chat_id)
    return outcome
