"""Calm mode and the holding statement: the owner's answers to a complaint surge.

A complaint alert (bot/herd.py) offers them on its buttons, and /herd does too: the holding
statement is posted and pinned once per surge, and calm mode lets members send text only for a
while, after which the chat's own permissions come back exactly. The end of calm mode is kept in
the chat's settings, so the herd's job ends it on time after a restart or on another worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.alerts import Text, clip, refusal_text
from bot.chat_actions import carry_out_chat, restore_permissions
from bot.context import iso_time
from bot.herd_common import iso_text, zone_of
from bot.i18n import keyed_reason
from bot.names import chat_title
from policies.chatlevel import ChatAction, ChatDecision

if TYPE_CHECKING:
    from bot.context import Services
    from bot.store import ChatRecord
    from policies.herd import State

log = logging.getLogger(__name__)

# Where a chat's calm mode and statement live in its stored settings.
CALM_KEY = "herd_calm_until"  # ISO time calm mode ends (absent: calm mode is off)
STATEMENT_KEY = "herd_statement"  # the owner's own holding statement (absent: the default)
POSTED_KEY = "herd_statement_posted"  # the surge (its start) whose statement was posted
# Telegram's limit for a message is 4096 characters.
MAX_STATEMENT = 4000
# How often the calm-mode ends are read again from the store (another worker may have set one).
CALM_REREAD = timedelta(minutes=2)
# Calm mode: what members may no longer send (it only ever switches things off; text stays).
CALM_OFF: dict[str, bool] = {
    "can_send_audios": False,
    "can_send_documents": False,
    "can_send_photos": False,
    "can_send_videos": False,
    "can_send_video_notes": False,
    "can_send_voice_notes": False,
    "can_send_polls": False,
    "can_send_other_messages": False,
    "can_add_web_page_previews": False,
}


@dataclass(frozen=True, slots=True)
class Said:
    """What a tool did, as a catalogue key and its values (for a button answer or a reply)."""

    key: str
    values: dict[str, object]
    ok: bool = True


def calm_on(chat: ChatRecord, now: datetime) -> bool:
    """Whether the chat is in calm mode (`/herd calm`, a complaint alert's button) now."""
    if CALM_KEY not in chat.settings:
        return False
    until = iso_time(chat.settings.get(CALM_KEY))
    return until is None or until > now


def _refusal(error: str | None) -> Text | str:
    """Why Telegram refused a step, in each reader's language when the refusal is a known one."""
    return refusal_text(clip(error or "?", 200))


class Calm:
    """Calm mode and the holding statement, for every chat; the herd holds one (bot/herd.py).

    `surge` is the herd's reading of a chat's surge state now: the statement is posted once
    per surge, and which surge is on is the herd's to say."""

    def __init__(self, surge: Callable[[ChatRecord, datetime], State]) -> None:
        self._surge = surge
        # When calm mode ends in each chat that has it on (a cache of the chats' settings).
        self._ends: dict[int, datetime] = {}
        self._read: datetime | None = None

    def calm_until(self, chat: ChatRecord, now: datetime) -> str | None:
        """When calm mode ends in a chat, in its local time (None: calm mode is off)."""
        if CALM_KEY not in chat.settings:
            return None
        until = iso_time(chat.settings.get(CALM_KEY))
        return _local_until(until, now, zone_of(chat)) if until is not None else "?"

    def statement(self, services: Services, chat: ChatRecord) -> str:
        """The chat's holding statement: the owner's own, or the default in the chat's language."""
        own = chat.settings.get(STATEMENT_KEY)
        if isinstance(own, str) and own.strip():
            return own
        lang = services.texts.pick(chat.language)
        return services.texts.text(lang, "herd.statement_default")

    # -- the job ----------------------------------------------------------------------------

    def load(self, chats: list[ChatRecord], at: datetime) -> None:
        """After a start: which chats are in calm mode, from the chats the store has."""
        self._ends.update(_calm_ends(chats))
        self._read = at

    async def end_due(self, services: Services, bot: Any, now: datetime) -> None:
        """The herd's job, each minute: end calm mode that is due, also after a restart."""
        if self._read is None or now - self._read >= CALM_REREAD:
            # Another worker may have turned calm mode on (and be gone since): its end is in
            # the store, read again every few minutes so some worker ends it on time.
            await self._read_calm(services, now)
        for chat_id, until in sorted(self._ends.items()):
            if until <= now:
                try:
                    await self.end_calm(services, bot, chat_id, actor=None)
                except Exception:
                    log.exception("herd: calm mode in %s not ended", chat_id)

    async def _read_calm(self, services: Services, now: datetime) -> None:
        """Every chat's calm-mode end as the store has it (whichever worker set it)."""
        self._ends = _calm_ends(await services.store.list_chats())
        self._read = now

    def move(self, old: int, new: int) -> None:
        """A group became a supergroup: its calm mode follows it."""
        if old in self._ends:
            self._ends[new] = self._ends.pop(old)

    # -- the owner's tools ----------------------------------------------------------------

    async def post_statement(
        self,
        services: Services,
        chat_id: int,
        actor: int | None,
        raised_at: datetime | None = None,
    ) -> Said:
        """Post and pin the holding statement, once per surge; from an alert's button
        (`raised_at`), not again once one was posted after that alert, surge over or not."""
        store = services.store
        chat = await store.get_chat(chat_id)
        if chat is None:
            return Said("herd.no_chat", {}, ok=False)
        state = self._surge(chat, services.clock())
        surge = iso_text(state.since) or "none"
        if chat.settings.get(POSTED_KEY) == surge and state.since is not None:
            return Said("herd.statement_already", {})
        if raised_at is not None and await store.events_since(
            chat_id, "herd_statement", raised_at, limit=1
        ):
            return Said("herd.statement_already", {})
        # Posted as written, without markup parsing: the owner's text is shown exactly.
        text = self.statement(services, chat)
        posted = await services.actuator.post(chat_id, text)
        if not posted.ok:
            return Said("herd.statement_failed", {"error": _refusal(posted.error)}, ok=False)
        pinned = (
            await services.actuator.pin(chat_id, posted.message_id)
            if posted.message_id is not None
            else None
        )
        await store.update_chat_settings(chat_id, {POSTED_KEY: surge})
        services.cache.forget_chat(chat_id)
        await store.record_event(
            chat_id,
            at=services.clock(),
            kind="herd_statement",
            actor_id=actor,
            message_id=posted.message_id,
            reason=keyed_reason(
                "herd.why_statement" if pinned and pinned.ok else "herd.why_statement_unpinned"
            ),
        )
        if pinned is None or not pinned.ok:
            return Said("herd.statement_not_pinned", {})
        return Said("herd.statement_posted", {})

    async def calm(
        self, services: Services, bot: Any, chat_id: int, minutes: int, actor: int | None
    ) -> Said:
        """Calm mode for `minutes`: text only; the chat's own permissions come back after."""
        store, now = services.store, services.clock()
        chat = await store.get_chat(chat_id)
        if chat is None:
            return Said("herd.no_chat", {}, ok=False)
        if not chat.bot_rights.get("can_restrict_members"):
            return Said("herd.calm_no_right", {}, ok=False)
        until = now + timedelta(minutes=minutes)
        decision = ChatDecision(chat_id, (ChatAction("set_permissions", permissions=CALM_OFF),))
        done = await carry_out_chat(services, bot, decision)
        if not done or not all(d.ok for d in done):
            error = next((d.error for d in done if not d.ok), None) or "?"
            return Said("herd.calm_failed", {"error": _refusal(error)}, ok=False)
        await store.update_chat_settings(chat_id, {CALM_KEY: until.isoformat()})
        services.cache.forget_chat(chat_id)
        self._ends[chat_id] = until
        local = _local_until(until, now, zone_of(chat))
        await store.record_event(
            chat_id,
            at=now,
            kind="calm_on",
            actor_id=actor,
            reason=keyed_reason("herd.why_calm_until", until=local),
        )
        lang = services.texts.pick(chat.language)
        notice = services.texts.text(lang, "herd.calm_notice_on", until=local)
        await services.actuator.post(chat_id, notice)
        return Said("herd.calm_on", {"until": local, "title": chat_title(chat)})

    async def end_calm(
        self, services: Services, bot: Any, chat_id: int, actor: int | None
    ) -> Said:
        """End calm mode: the permissions kept before it come back exactly (once)."""
        store = services.store
        chat = await store.get_chat(chat_id)
        if chat is None:
            self._ends.pop(chat_id, None)
            return Said("herd.no_chat", {}, ok=False)
        restored = await restore_permissions(services, services.actuator, chat_id)
        if restored is not None and not restored.ok:
            # Kept, so the job tries again; the owner hears why.
            return Said("herd.calm_restore_failed", {"error": _refusal(restored.error)}, ok=False)
        was_on = CALM_KEY in chat.settings or restored is not None
        await store.update_chat_settings(chat_id, {CALM_KEY: None})
        services.cache.forget_chat(chat_id)
        self._ends.pop(chat_id, None)
        if not was_on:
            return Said("herd.calm_not_on", {})
        await store.record_event(
            chat_id,
            at=services.clock(),
            kind="calm_off",
            actor_id=actor,
            reason=keyed_reason("herd.why_calm_ended" if actor else "herd.why_calm_time_up"),
        )
        lang = services.texts.pick(chat.language)
        await services.actuator.post(chat_id, services.texts.text(lang, "herd.calm_notice_off"))
        return Said("herd.calm_off", {"title": chat_title(chat)})


def _local_until(until: datetime, now: datetime, zone: ZoneInfo) -> str:
    """A time in a chat's zone; the date too when it is not today ("until 12:00" a week ahead
    read as now)."""
    same_day = until.astimezone(zone).date() == now.astimezone(zone).date()
    return until.astimezone(zone).strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")


def _calm_ends(chats: list[ChatRecord]) -> dict[int, datetime]:
    """When calm mode ends in each chat that has it on, from the chats' settings."""
    # A group upgraded to a supergroup took its calm mode along; its old id is out of reach
    # (ending calm mode there failed every minute, for good).
    ends = {
        chat.chat_id: iso_time(chat.settings.get(CALM_KEY))
        for chat in chats
        if chat.status != "migrated"
    }
    return {chat_id: until for chat_id, until in ends.items() if until is not None}
