"""Carrying out a decision about a message: act through the actuator, record, tell the owner.

The decision (policies/combine.py) says what to do, which event to record and which alert to
raise; this module only does it. In observe mode the intended actions go through the
record-only actuator, so the event says what would have been done.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import Message

from bot.actuator import Done, MessageTarget, RecordingActuator, plan
from bot.alerts import Alert, Lines, Reasons, Span, Text, clip, duration_text, refusal_text, t
from bot.context import StewardContext
from bot.names import author_name, chat_title, isolated
from bot.outbound import in_topic
from bot.outbox import items as outbox_items
from bot.outbox import outcome_text, status_of
from bot.store import ChatRecord
from handlers.commands import missing_bot_right
from handlers.facts import author_id
from policies import ChatPolicy, Decision
from policies.commands import format_duration, warn_outcome
from policies.explain import checks_json
from policies.poaching import rival_of

log = logging.getLogger(__name__)


def target_of(message: Message) -> MessageTarget:
    """A message as the actuator acts on it."""
    sender_chat = message.sender_chat
    return MessageTarget(
        chat_id=message.chat.id,
        message_id=message.message_id,
        user_id=message.from_user.id if message.from_user and sender_chat is None else None,
        sender_chat_id=sender_chat.id if sender_chat is not None else None,
    )


async def carry_out(
    context: StewardContext,
    message: Message,
    decision: Decision,
    chat: ChatRecord,
    policy: ChatPolicy,
) -> None:
    """Do what the decision says, record it, and alert the owner (aggregated by kind)."""
    services = context.services
    lead = decision.lead
    if lead is None or decision.event is None:
        return
    target = target_of(message)
    now = services.clock()
    kept: list[dict[str, Any]] = []
    if decision.observe:
        done = await RecordingActuator().carry_out(target, decision.intended)
    else:
        done = await services.actuator.carry_out(target, decision.actions)
        # Every step and how it went; what Telegram could not do yet is retried (bot/outbox.py).
        kept = outbox_items(plan(target, decision.actions), done, now)
    succeeded = [d.what for d in done if d.ok]
    warned = "warn" in {a.kind for a in decision.actions} and message.from_user is not None
    # What the warning limit made Steward do to the member (none, mute, kick or ban), or tried.
    at_limit = NOT_REACHED
    if warned:
        at_limit = await _warn(context, message, decision, chat, policy)
    if decision.observe:
        outcome = f"done: nothing; would have done: {', '.join(succeeded) or 'nothing'}"
    else:
        warning = [_done_row("warn")] if warned else []
        if at_limit.done:
            warning.append(_done_row(_limit_step(at_limit.action, policy)))
        elif at_limit.action != "none":
            # Reached, but Telegram would not let Steward act: the log says it was not done.
            warning.append(_failed_row(_limit_step(at_limit.action, policy), at_limit))
        outcome = outcome_text([*kept, *warning])
    values = {
        "chat_id": chat.chat_id,
        "at": now,
        "kind": decision.event,
        "target_user_id": target.user_id,
        "target_chat_id": target.sender_chat_id,
        "message_id": message.message_id,
        "checks": checks_json(decision.checks),
        "reason": f"{decision.label} ({lead.score:.2f}): {decision.reasons()}; {outcome}",
        "text": (message.text or message.caption or "")[:4096]
        if services.settings.retention_days > 0
        else None,
        "outbox": kept,
    }
    retrying = any(row["status"] == "pending" for row in kept)

    async def tell_owner(event_id: int) -> None:
        await _alert_owner(
            context, message, decision, chat, policy, event_id, done, retrying, at_limit
        )

    # Written now, or kept and written (then the owner told) once the store is back.
    await services.watch.record(services, values, tell_owner if decision.alert else None)


def _done_row(what: str) -> dict[str, Any]:
    """A step done at once, as `outcome_text` reads it (not an outbox row: nothing to retry)."""
    return {"what": what, "status": "done", "attempts": 1, "error": None}


def _failed_row(what: str, at_limit: AtLimit) -> dict[str, Any]:
    """The limit's action Telegram refused, as `outcome_text` reads it (Telegram's words)."""
    return {"what": what, "status": "failed", "attempts": 1, "error": at_limit.error}


def _limit_step(action: str, policy: ChatPolicy) -> str:
    """What the warning limit made Steward do, as the event log keeps it."""
    length = f" {format_duration(policy.mute_for)}" if action == "mute" else ""
    return f"{action}{length} (warning limit {policy.warn_limit} reached)"


async def _warn(
    context: StewardContext,
    message: Message,
    decision: Decision,
    chat: ChatRecord,
    policy: ChatPolicy,
) -> AtLimit:
    """Warn the author in the group and apply the warning limit; what the limit made Steward
    do to them (none, mute, kick or ban), or tried to."""
    services = context.services
    # A channel posting as itself is warned as the channel (its post comes "from" Channel_Bot,
    # the one account every channel shares).
    warned = author_id(message)
    assert warned is not None
    lang = services.texts.pick(chat.language)
    count = await services.store.add_warning(chat.chat_id, warned, services.clock())
    services.cache.forget_member(chat.chat_id, warned)
    texts = services.texts
    name = author_name(message)
    await services.actuator.post(
        chat.chat_id,
        texts.text(
            lang,
            "poaching.warned"
            if decision.lead is not None and decision.lead.label == "poaching"
            else "spam.warned",
            who=name,
            reasons=texts.reasons(lang, decision.checks, 2),
            count=count,
            limit=policy.warn_limit,
        ),
        **in_topic(message),
    )
    return await enforce_warn_limit(
        context,
        chat.chat_id,
        warned,
        name,
        count,
        policy,
        lang,
        topic=in_topic(message),
        bot_rights=chat.bot_rights,
    )


async def enforce_warn_limit(
    context: StewardContext,
    chat_id: int,
    user_id: int,
    name: str,
    count: int,
    policy: ChatPolicy,
    lang: str,
    *,
    topic: dict[str, Any] | None = None,
    bot_rights: Mapping[str, object] | None = None,
) -> AtLimit:
    """At the warning limit, do what the chat's settings say and start counting again (the
    member's clean messages too: reaching the limit leaves them no regular's standing); the
    notice goes where the warning was (`topic`, from `in_topic`).

    Returns what was done (none, mute, kick or ban) or, when Telegram refused it, what was
    tried and why (the right Steward lacks, from `bot_rights` when Telegram does not name it).
    """
    outcome = warn_outcome(count, policy.warn_limit, policy.at_limit)
    if outcome.action == "none":
        return NOT_REACHED
    services = context.services
    now = services.clock()
    # Their messages counted in memory are written first, so the restart forgets them too.
    await services.cache.flush()
    reached = await services.store.reset_warnings(
        chat_id, user_id, at_least=policy.warn_limit, restart=True
    )
    services.cache.forget_member(chat_id, user_id)
    if not reached:
        return NOT_REACHED  # another warning reached the limit at the same time and acted on it
    actuator = services.actuator
    if user_id < 0:
        # A channel (chat ids are negative) cannot be muted or kicked: it is banned from
        # posting in the group, whatever the limit's action (Telegram's banChatSenderChat).
        done = await actuator.ban_sender_chat(chat_id, user_id)
    elif outcome.action == "mute":
        done = await actuator.restrict(chat_id, user_id, now + policy.mute_for)
    elif outcome.action == "ban":
        done = await actuator.ban(chat_id, user_id)
    else:
        done = await actuator.ban(chat_id, user_id, now + timedelta(minutes=1))
    action = "ban" if user_id < 0 else outcome.action
    failed = None if done.ok else _limit_refusal(done, bot_rights)
    # A right Steward lacks is named, with where to grant it, as the commands name it.
    right = _lacked_right(failed)
    if failed is None:
        key = f"spam.limit_{action}"
    else:
        key = "spam.limit_failed" if right is None else "spam.limit_failed_right"
    await actuator.post(
        chat_id,
        services.texts.text(
            lang,
            key,
            who=name,
            limit=policy.warn_limit,
            duration=duration_text(services.texts, lang, policy.mute_for),
            right=right.render(services.texts, lang) if right is not None else "",
            bot=context.bot.username or "Steward",
        ),
        **(topic or {}),
    )
    if failed is None:
        return AtLimit(action)
    return AtLimit(action, failed, clip(done.error or "failed", 500))


@dataclass(frozen=True, slots=True)
class AtLimit:
    """What the warning limit made Steward do to a member: none, mute, kick or ban; `failed`
    (Telegram's reason, or the right Steward lacks) when Telegram would not let it."""

    action: str = "none"
    failed: Text | str | None = None
    error: str | None = None  # Telegram's own words, for the event log

    @property
    def done(self) -> bool:
        """Whether the limit was reached and its action done."""
        return self.action != "none" and self.failed is None


NOT_REACHED = AtLimit()


def _limit_refusal(done: Done, bot_rights: Mapping[str, object] | None) -> Text | str:
    """Why the limit's action was not done, as the owner reads it: Telegram's reason (a right
    it names, an admin target, ...), or the right Steward lacks when Telegram only says "not
    enough rights"; a reason Steward does not know, as Telegram wrote it."""
    reason = refusal_text(clip(done.error or "?", 120))
    vague = isinstance(reason, Text) and reason.key == "refusal.no_rights"
    if vague and bot_rights is not None:
        right = missing_bot_right(bot_rights, ("can_restrict_members",))
        if right is not None:
            return t("refusal.no_right", right=t(f"rights.{right}"))
    return reason


def _lacked_right(failed: Text | str | None) -> Text | None:
    """The right a refusal says Steward lacks (its catalogue name), or None."""
    if isinstance(failed, Text) and failed.key == "refusal.no_right":
        right = failed.values.get("right")
        return right if isinstance(right, Text) else None
    return None


def _step_text(done: Done, policy: ChatPolicy) -> Text:
    """One step of a decision as the owner reads it: done, or not done with Telegram's reason."""
    values: dict[str, object] = {"duration": Span(policy.mute_for)}
    if done.ok:
        return t(f"spam.did_{done.what}", **values)
    if status_of(done) == "gone":
        return t("spam.gone_delete")  # "message to delete not found": it is not there
    reason = refusal_text(clip(done.error or "?", 120))
    return t(f"spam.failed_{done.what}", reason=reason, **values)


def _too_old(done: Done) -> bool:
    """A delete Telegram refused because the message is past the 48 hours bots may delete in
    (refusal.cant_delete), not for want of a right."""
    if done.what != "delete" or done.ok:
        return False
    reason = refusal_text(done.error or "")
    return isinstance(reason, Text) and reason.key == "refusal.cant_delete"


async def _alert_owner(
    context: StewardContext,
    message: Message,
    decision: Decision,
    chat: ChatRecord,
    policy: ChatPolicy,
    event_id: int,
    done: list[Done],
    retrying: bool = False,
    at_limit: AtLimit = NOT_REACHED,
) -> None:
    wanted = decision.alert
    assert wanted is not None
    values: dict[str, object] = {
        "who": author_name(message),
        "title": chat_title(chat),
        "reasons": Reasons(decision.checks),
        "event": event_id,
    }
    if wanted.kind == "poaching":
        rival = rival_of(decision.checks)
        values["rival"] = isolated(clip(rival, 80)) if rival else t("poaching.no_rival")
    text_key = wanted.text
    if wanted.text.endswith(".alert"):
        # The alert says what Telegram actually did: each step done, or not done and why.
        steps: tuple[Text, ...] = tuple(_step_text(d, policy) for d in done)
        if retrying:
            steps += (t("outbox.will_retry"),)
        values["action"] = Lines(steps, ", ")
        if any(d.what == "delete" and status_of(d) not in ("done", "gone") for d in done):
            # Too old to delete, and nothing else refused: no rights are missing, the owner
            # can only delete it by hand.
            refused = [d for d in done if status_of(d) == "failed"]
            too_old = bool(refused) and all(_too_old(d) for d in refused)
            text_key = f"{wanted.kind}.alert_not_removed" + ("_old" if too_old else "")
    elif wanted.text.endswith(".borderline") and at_limit.done:
        # This warning reached the limit: the owner hears what was done to the member.
        text_key = f"{wanted.kind}.borderline_limit"
        values["limit"] = policy.warn_limit
        values["did"] = t(f"spam.limit_did_{at_limit.action}", duration=Span(policy.mute_for))
    elif wanted.text.endswith(".borderline") and at_limit.action != "none":
        # It reached the limit but Telegram refused the action: what was tried, and why not.
        text_key = f"{wanted.kind}.borderline_limit_failed"
        values["limit"] = policy.warn_limit
        values["tried"] = t(f"spam.limit_try_{at_limit.action}", duration=Span(policy.mute_for))
        values["reason"] = at_limit.failed or "?"
    alert = Alert(
        chat_id=chat.chat_id,
        kind=wanted.kind,
        text=t(text_key, **values),
        severity=wanted.severity,
        buttons=wanted.buttons,
        event_id=event_id,
    )
    await context.services.alerts.raise_alert(context.bot, alert)
