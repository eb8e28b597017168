"""The outbox in use: every message action a decision leads to is kept with its outcome; what
Telegram could not do for a passing reason (5xx, timeout, a long flood wait) is retried with
backoff until it is done or fails for good, and the event and the owner's alert then say how it
ended.

The first attempt is made at once, on the message path (deleting an ad cannot wait for a disk);
the event and every step's outcome are then written in one transaction, so a step still to do is
durable from that moment, and a restart picks it up. A retry is claimed by one worker at a time
(a lease in the store); deleting, muting and banning are idempotent on Telegram's side, and a
message already gone counts as removed, so a retry never does anything twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot.actuator import Done, Step
from bot.albums import album_note
from bot.alerts import Lines, Text, refusal_text, t
from bot.i18n import FALLBACK, Catalog, keyed_parts, keyed_reason, reason_text

if TYPE_CHECKING:
    from bot.context import Services
    from bot.store import OutboxRecord

log = logging.getLogger(__name__)

# Seconds before each retry; after the last, the step has failed for good.
BACKOFF_S: tuple[int, ...] = (5, 15, 45, 120, 300, 900, 1800, 3600, 3600, 3600, 3600)
LEASE = timedelta(minutes=2)
# What Telegram says when the message to delete is already gone: the goal is met.
_GONE = ("message to delete not found", "message can't be deleted for everyone")
# Steward's own reasons for giving a step up (catalogue keys, stored with `keyed_reason`).
_EXPIRED = "outbox.why_expired"
_GAVE_UP = "outbox.why_gave_up"
_OWN_REASONS = frozenset({_EXPIRED, _GAVE_UP})


def transient(done: Done) -> bool:
    """Whether a failed step may succeed later (5xx, timeout, flood wait, network)."""
    return (
        not done.ok and done.exc is not None and not isinstance(done.exc, BadRequest | Forbidden)
    )


def status_of(done: Done) -> str:
    """A step's outbox status after one attempt: done, gone, pending or failed."""
    if done.ok:
        return "done"
    if done.what == "delete" and any(g in (done.error or "").lower() for g in _GONE):
        return "gone"
    if done.what == "delete" and isinstance(done.exc, ChatMigrated):
        # The group was upgraded: the message stays in the old group's history, which nobody
        # can change any more (tried in the new supergroup, it would be "not found": "gone").
        return "failed"
    return "pending" if transient(done) else "failed"


def items(steps: Sequence[Step], done: Sequence[Done], now: datetime) -> list[dict[str, Any]]:
    """The outbox rows of a decision's first attempt (one per step, in order)."""
    rows = []
    for step, outcome in zip(steps, done, strict=True):
        status = status_of(outcome)
        rows.append(
            {
                "what": step.what,
                "target": step.target,
                "until": step.until,
                "status": status,
                "attempts": 1,
                "next_at": now + timedelta(seconds=BACKOFF_S[0]) if status == "pending" else None,
                "error": None if outcome.ok else (outcome.error or "failed")[:500],
            }
        )
    return rows


def outcome_text(rows: Sequence[Any]) -> str:
    """A decision's outcome as the event log keeps it: done, being retried, not done."""
    done = [
        r["what"] + (f" (try {r['attempts']})" if r["attempts"] > 1 else "")
        if r["status"] == "done"
        else f"{r['what']} (already gone)"
        for r in rows
        if r["status"] in ("done", "gone")
    ]
    text = f"done: {', '.join(done) or 'nothing'}"
    retrying = [
        f"{r['what']} ({r['error'] or 'failed'})" for r in rows if r["status"] == "pending"
    ]
    failed = [f"{r['what']} ({r['error'] or 'failed'})" for r in rows if r["status"] == "failed"]
    if retrying:
        text += f"; retrying: {', '.join(retrying)}"
    if failed:
        text += f"; not done: {', '.join(failed)}"
    return text


def _as_row(record: OutboxRecord, texts: Catalog) -> dict[str, Any]:
    return {
        "what": record.what,
        "status": record.status,
        "attempts": record.attempts,
        # The event log's outcome line is English, Steward's own reasons too.
        "error": reason_text(texts, FALLBACK, record.error) if record.error else None,
    }


def _reason(error: str | None) -> Text | str:
    """Why a step failed, as the owner reads it: Steward's own reason (stored as a catalogue
    key) or a known refusal in their language; anything else, and a reason stored in English
    before reasons were keyed, as it was written."""
    parts = keyed_parts(error or "")
    if parts is not None and parts[0] in _OWN_REASONS:
        return t(parts[0], **parts[1])
    return refusal_text((error or "")[:120])


class Outbox:
    """Retries the steps Telegram could not take yet; tells the event and the alert."""

    async def tick(self, services: Services, bot: Any) -> int:
        """Retry every step that is due; how many were tried."""
        store, now = services.store, services.clock()
        tried = 0
        for item in await store.due_outbox(now):
            if not await store.claim_outbox(item.id, now, now + LEASE, item.attempts):
                continue  # another worker has it
            try:
                await self._retry(services, bot, item, now)
            except Exception:
                log.exception("outbox step %s in %s not retried", item.id, item.chat_id)
                await store.settle_outbox(
                    item.id,
                    status="pending",
                    attempts=item.attempts,
                    at=now,
                    next_at=now + timedelta(seconds=BACKOFF_S[0]),
                    error=item.error,
                )
            tried += 1
        return tried

    async def _retry(
        self, services: Services, bot: Any, item: OutboxRecord, now: datetime
    ) -> None:
        store = services.store
        step = Step(item.what, item.chat_id, item.target, item.until)
        if item.until is not None and item.until <= now:
            # Steward's own reasons are kept as catalogue keys: each reader's language.
            done = Done(item.what, item.chat_id, False, item.target, keyed_reason(_EXPIRED))
            status = "failed"  # a mute or ban whose end has passed is no longer wanted
        else:
            done = await services.actuator.perform(step)
            status = status_of(done)
        attempts = item.attempts + 1
        next_at = None
        if status == "pending":
            if attempts > len(BACKOFF_S):
                status = "failed"
                done = Done(
                    item.what,
                    item.chat_id,
                    False,
                    item.target,
                    keyed_reason(_GAVE_UP, tries=attempts),
                )
            else:
                next_at = now + timedelta(seconds=BACKOFF_S[attempts - 1])
        error = None if done.ok else (done.error or "failed")[:500]
        await store.settle_outbox(
            item.id, status=status, attempts=attempts, at=now, next_at=next_at, error=error
        )
        log.info("outbox: %s in %s, try %d: %s", item.what, item.chat_id, attempts, status)
        if status != "pending" and item.event_id is not None:
            await self.settled(services, bot, item.event_id)

    async def settled(self, services: Services, bot: Any, event_id: int) -> None:
        """Once every step of an event is settled: its reason says how it ended, and the owner's
        alert about it gets a short follow-up."""
        store = services.store
        records = await store.outbox_for_event(event_id)
        if not records or any(r.status == "pending" for r in records):
            return
        event = await store.get_event(event_id)
        if event is None:
            return
        rows = [_as_row(r, services.texts) for r in records]
        head = (event.reason or "").split("; done:", 1)[0]
        # (What it says of an album's other messages, removed with it, stays: bot/albums.py.)
        note = album_note(event.reason or "")
        await store.set_event_reason(event_id, f"{head}; {outcome_text(rows)}{note}")
        alert = await store.find_alert_for_event(event_id)
        if alert is None:
            return
        lines = tuple(
            t(
                "outbox.step_done" if r.status in ("done", "gone") else "outbox.step_failed",
                step=t(f"outbox.what_{r.what}"),
                tries=r.attempts,
                reason=_reason(r.error),  # a known refusal or Steward's own: translated
            )
            for r in records
            if r.attempts > 1 or r.status == "failed"
        )
        if lines:
            await services.alerts.follow_up(
                bot, alert.id, t("outbox.follow_up", event=event_id, steps=Lines(lines, "\n"))
            )
