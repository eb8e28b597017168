"""Alerts: the one way every detector tells people about a chat.

An alert goes by DM to the group's owner, to whoever added Steward (while they are an admin) and to
the admins who opted in with /alerts on; each reads it in their own language. It also goes to the
chat's log chat when one is set. When nobody could be reached, the group is told once how to fix
that. Per chat and kind a burst passes at once and the rest of the window becomes one digest.
Buttons carry opaque stored tokens; what a press does is read from the store, never from the
button. Every delivery attempt is recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.error import Forbidden, TelegramError

from bot.names import chat_title
from bot.outbound import cut, with_retries
from policies.commands import format_duration

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.i18n import Catalog
    from bot.store import AlertRecord, ChatRecord, DeliveryRecord, Store
    from policies import Check

log = logging.getLogger(__name__)

Severity = Literal["info", "warning", "critical"]
# Per chat and kind, this many alerts a window go out at once; the rest become one digest.
WINDOW_S = 60
BURST = 3
# Telegram's limit is 4096 characters; leave room for the digest line and the handled note.
MAX_TEXT = 3800
# A copy Telegram failed in passing (after the call's own quick retries) is sent again this long
# after, up to RETRY_TRIES tries in all, while its alert is open and younger than RETRY_WITHIN.
RETRY_AFTER = timedelta(minutes=1)
RETRY_TRIES = 4
RETRY_WITHIN = timedelta(hours=6)
# Buttons minted with an alert but offered only once they apply (ending calm mode: once the
# alert shows it on); until a mark names them, they are left out of its keyboard.
LATER = frozenset({"calm_off"})


@dataclass(frozen=True, slots=True)
class Text:
    """A catalogue text rendered in each reader's language; values may be Texts too."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def render(self, texts: Catalog, lang: str) -> str:
        """The text in one language."""
        values = {
            k: v.render(texts, lang) if isinstance(v, (Text, Reasons, Lines, Span)) else v
            for k, v in self.values.items()
        }
        return texts.text(lang, self.key, **values)


@dataclass(frozen=True, slots=True)
class Lines:
    """Several texts (or plain strings) rendered in each reader's language and joined."""

    items: tuple[Text | str, ...]
    sep: str = "\n"

    def render(self, texts: Catalog, lang: str) -> str:
        """The lines in one language."""
        return self.sep.join(
            item.render(texts, lang) if isinstance(item, Text) else item for item in self.items
        )


@dataclass(frozen=True, slots=True)
class Reasons:
    """The strongest checks' reasons, rendered in each reader's language."""

    checks: tuple[Check, ...]
    limit: int = 4

    def render(self, texts: Catalog, lang: str) -> str:
        """The reasons in one language."""
        return texts.reasons(lang, self.checks, self.limit)


@dataclass(frozen=True, slots=True)
class Span:
    """A length of time ("2h", "1 д", "2天"), written in each reader's language."""

    length: timedelta | None

    def render(self, texts: Catalog, lang: str) -> str:
        """The length in one language."""
        return duration_text(texts, lang, self.length)


def duration_text(texts: Catalog, lang: str, length: timedelta | None) -> str:
    """A length of time in one language: its units from the catalogue (`commands.units`)."""
    units = tuple(texts.text(lang, "commands.units").split())
    return format_duration(length, units, texts.text(lang, "commands.forever"))


def t(key: str, /, **values: object) -> Text:
    """A catalogue text to render later, per reader."""
    return Text(key, values)


# Telegram's refusals people meet, by a piece of its (English) text, as catalogue texts under
# `refusal.` (a right Telegram names becomes that right's name); first match wins.
_REFUSALS: tuple[tuple[str, str, str | None], ...] = (
    ("not enough rights to restrict", "no_right", "can_restrict_members"),
    ("not enough rights to ban", "no_right", "can_restrict_members"),
    ("not enough rights to change chat permissions", "no_right", "can_restrict_members"),
    ("not enough rights to delete", "no_right", "can_delete_messages"),
    ("not enough rights to pin", "no_right", "can_pin_messages"),
    ("not enough rights to unpin", "no_right", "can_pin_messages"),
    ("not enough rights to send", "cant_post", None),
    ("have no rights to send", "cant_post", None),
    ("not enough rights", "no_rights", None),
    ("chat_admin_required", "no_rights", None),
    ("need administrator rights", "no_rights", None),
    ("user is an administrator of the chat", "target_admin", None),
    ("can't remove chat owner", "target_owner", None),
    ("message to delete not found", "message_gone", None),
    ("message to edit not found", "message_gone", None),
    ("message to pin not found", "message_gone", None),
    ("message to forward not found", "message_gone", None),
    ("message to copy not found", "message_gone", None),
    ("message to reply not found", "message_gone", None),
    ("message can't be deleted", "cant_delete", None),
    ("message can't be edited", "cant_edit", None),
    ("chat not found", "chat_not_found", None),
    ("bot was kicked", "bot_kicked", None),
    ("bot is not a member", "bot_not_member", None),
    ("user not found", "user_not_found", None),
    ("participant_id_invalid", "user_not_found", None),
    ("invalid user_id", "user_not_found", None),
    ("user_not_participant", "user_not_member", None),
    ("bot was blocked by the user", "blocked", None),
    ("bot can't initiate conversation", "not_started", None),
    ("available only for supergroups", "supergroups_only", None),
    ("upgraded to a supergroup", "upgraded", None),
    ("message is too long", "too_long", None),
)


def refusal_text(message: str) -> Text | str:
    """Telegram's refusal as people read it: a known one as a catalogue text in each reader's
    language, anything else as Telegram wrote it. The one place its wording is mapped."""
    folded = message.casefold()
    for piece, key, right in _REFUSALS:
        if piece in folded:
            values = {"right": Text(f"rights.{right}")} if right else {}
            return Text(f"refusal.{key}", values)
    return message


@dataclass(frozen=True, slots=True)
class Alert:
    """What a detector wants people to know, with the buttons they may press."""

    chat_id: int
    kind: str
    text: Text
    severity: Severity = "warning"
    buttons: tuple[str, ...] = ()
    event_id: int | None = None
    # What some buttons read instead of their label (None: left out), as in `keyboard`.
    marks: Mapping[str, Text | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one alert went out."""

    alert_id: int | None
    delivered: int
    folded: bool = False


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """Keep a text inside a limit, ending in "…" when cut (between whole characters)."""
    return text if len(text) <= limit else cut(text, limit - 1) + "…"


class Alerts:
    """Raises, aggregates and delivers alerts; resolves button tokens."""

    def __init__(
        self,
        store: Store,
        texts: Catalog,
        clock: Callable[[], datetime],
        window_s: int = WINDOW_S,
        burst: int = BURST,
    ) -> None:
        self.store = store
        self.texts = texts
        self.clock = clock
        self.window_s = window_s
        self.burst = burst

    def _window_start(self, at: datetime) -> datetime:
        stamp = int(at.timestamp()) // self.window_s * self.window_s
        return datetime.fromtimestamp(stamp, tz=UTC)

    async def raise_alert(self, bot: Any, alert: Alert) -> Outcome:
        """Deliver an alert now, or count it into the chat's next digest during a burst.

        The count lives in the store (per chat, kind and fixed window), so workers sharing a
        database let one burst through between them and held-back alerts survive a restart.
        """
        window = self._window_start(self.clock())
        if await self.store.count_alert(alert.chat_id, alert.kind, window) > self.burst:
            return Outcome(alert_id=None, delivered=0, folded=True)
        return await self._deliver(bot, alert)

    async def send_digests(self, bot: Any) -> int:
        """Send one digest per chat and kind whose burst window closed with alerts held back."""
        sent = 0
        opened_by = self._window_start(self.clock()) - timedelta(seconds=self.window_s)
        for chat_id, kind, count in await self.store.claim_digests(opened_by, self.burst):
            chat = await self.store.get_chat(chat_id)
            title = chat_title(chat, chat_id)
            digest = Alert(
                chat_id=chat_id,
                kind=kind,
                severity="info",
                text=t("alerts.digest", count=count, title=title, kind=t(f"alerts.kind_{kind}")),
            )
            outcome = await self._deliver(bot, digest)
            sent += outcome.delivered
        return sent

    async def recipients(self, chat: ChatRecord) -> list[int]:
        """Who gets DMs for a chat: owner, adder (while admin), opted-in admins; opt-outs win."""
        admins = await self.store.list_admins(chat.chat_id)
        prefs = await self.store.alert_prefs(chat.chat_id)
        admin_ids = {a.user_id for a in admins}
        wanted: list[int] = [a.user_id for a in admins if a.status == "creator"]
        if chat.added_by is not None and chat.added_by in admin_ids:
            wanted.append(chat.added_by)
        wanted += [uid for uid, on in prefs.items() if on and uid in admin_ids]
        if not admin_ids and chat.added_by is not None:
            wanted.append(chat.added_by)  # no admin list yet: the adder is all we know
        return [uid for uid in dict.fromkeys(wanted) if prefs.get(uid, True)]

    def keyboard(
        self,
        tokens: Mapping[str, str],
        lang: str,
        marks: Mapping[str, Text | None] | None = None,
    ) -> InlineKeyboardMarkup | None:
        """Buttons labelled in the reader's language, each carrying only a token. `marks`
        relabel some (what was done from the alert, by whom: a press answers it) or leave them
        out (None); a LATER button shows only when a mark names it."""
        marks = marks or {}
        buttons = []
        for action, tok in tokens.items():
            if action in marks:
                mark = marks[action]
                if mark is None:
                    continue
                label = clip(mark.render(self.texts, lang), 60)
            elif action in LATER:
                continue
            else:
                label = self.texts.text(lang, f"alerts.button_{action}")
            buttons.append(InlineKeyboardButton(label, callback_data=tok))
        if not buttons:
            return None
        # Up to three fit one row; more go two to a row so their labels stay readable.
        width = len(buttons) if len(buttons) <= 3 else 2
        return InlineKeyboardMarkup(
            [buttons[i : i + width] for i in range(0, len(buttons), width)]
        )

    async def _deliver(self, bot: Any, alert: Alert) -> Outcome:
        store, texts, now = self.store, self.texts, self.clock()
        chat = await store.get_chat(alert.chat_id)
        if chat is None:
            log.warning("alert %s for unknown chat %s dropped", alert.kind, alert.chat_id)
            return Outcome(alert_id=None, delivered=0)
        chat_lang = texts.pick(chat.language)
        record, tokens = await store.create_alert(
            chat.chat_id,
            kind=alert.kind,
            severity=alert.severity,
            text=clip(alert.text.render(texts, chat_lang)),
            at=now,
            event_id=alert.event_id,
            actions=alert.buttons,
        )
        quiet = alert.severity == "info"
        delivered = 0
        for user_id in await self.recipients(chat):
            user = await store.get_user(user_id)
            if user is None or not user.reachable:
                reason = "blocked the bot" if user and user.unreachable_at else "never started"
                await store.record_delivery(
                    record.id,
                    channel="dm",
                    recipient_id=user_id,
                    status="blocked",
                    at=now,
                    error=reason,
                )
                continue
            lang = texts.pick(user.language_code)
            if await self._send(bot, record, "dm", user_id, alert, lang, tokens, quiet):
                delivered += 1
        if chat.log_chat_id is not None and await self._send(
            bot, record, "log", chat.log_chat_id, alert, chat_lang, tokens, quiet
        ):
            delivered += 1
        if delivered and chat.unreachable_notice_at is not None:
            await store.set_unreachable_notice(chat.chat_id, None)
        elif (
            not delivered
            and chat.unreachable_notice_at is None
            and not await self._failed_in_passing(record.id)
        ):
            await self._tell_group_once(bot, record, chat, chat_lang)
        return Outcome(alert_id=record.id, delivered=delivered)

    async def _send(
        self,
        bot: Any,
        record: AlertRecord,
        channel: str,
        chat_id: int,
        alert: Alert,
        lang: str,
        tokens: Mapping[str, str],
        quiet: bool,
    ) -> bool:
        text = clip(alert.text.render(self.texts, lang))
        markup = self.keyboard(tokens, lang, alert.marks)
        return await self._post(
            bot, record, channel, chat_id, text, reply_markup=markup, disable_notification=quiet
        )

    async def _post(
        self, bot: Any, record: AlertRecord, channel: str, chat_id: int, text: str, **kwargs: Any
    ) -> bool:
        """Send one copy of an alert and record how it went (sent, blocked or failed)."""
        now = self.clock()
        status, message_id, error = "sent", None, None
        try:
            sent = await with_retries(
                lambda: bot.send_message(chat_id, text, **kwargs),
                what=f"alert {record.id} to {chat_id}",
            )
            message_id = sent.message_id
        except Forbidden as exc:
            status, error = "blocked", exc.message
            if channel == "dm":
                await self.store.mark_user_unreachable(chat_id, now)
        except TelegramError as exc:
            log.warning("alert %s to %s failed: %s", record.id, chat_id, exc)
            status, error = "failed", str(exc)
        await self.store.record_delivery(
            record.id,
            channel=channel,
            recipient_id=chat_id,
            status=status,
            at=now,
            message_id=message_id,
            error=error,
        )
        return status == "sent"

    async def _failed_in_passing(self, alert_id: int) -> bool:
        """Whether a copy failed for a passing reason (Telegram down, a timeout, flood waits)
        rather than a recipient who blocked Steward or never started it: that is no reason to
        tell the whole group nobody can be reached."""
        return any(d.status == "failed" for d in await self.store.list_deliveries(alert_id))

    async def retry_failed(self, bot: Any) -> int:
        """Send again the copies of open alerts that failed in passing (Telegram down for a
        while), RETRY_AFTER after the failure and at most RETRY_TRIES times a copy; how many
        were sent now. The text is the alert's as stored (in the group's language)."""
        now = self.clock()
        claimed = await self.store.claim_failed_deliveries(now - RETRY_AFTER, now - RETRY_WITHIN)
        sent = 0
        for failed in claimed:
            record = await self.store.get_alert(failed.alert_id)
            if record is None:
                continue
            tries = sum(
                1
                for d in await self.store.list_deliveries(record.id)
                if d.channel == failed.channel and d.recipient_id == failed.recipient_id
            )
            if tries >= RETRY_TRIES:
                log.warning(
                    "alert %s to %s not delivered after %d tries",
                    record.id,
                    failed.recipient_id,
                    tries,
                )
                continue
            lang = await self._reader_language(failed.channel, failed.recipient_id, record)
            tokens = await self.store.alert_tokens(record.id)
            if await self._post(
                bot,
                record,
                failed.channel,
                failed.recipient_id,
                record.text,
                reply_markup=self.keyboard(tokens, lang),
                disable_notification=record.severity == "info",
            ):
                sent += 1
        return sent

    async def _tell_group_once(
        self, bot: Any, record: AlertRecord, chat: ChatRecord, lang: str
    ) -> None:
        """Nobody got the alert: say so in the group, once, with how to fix it."""
        text = self.texts.text(lang, "alerts.unreachable", bot=getattr(bot, "username", "") or "")
        if await self._post(bot, record, "group", chat.chat_id, text):
            await self.store.set_unreachable_notice(chat.chat_id, self.clock())

    async def revise(
        self,
        bot: Any,
        alert_id: int,
        text: Text,
        severity: Severity,
        buttons: tuple[str, ...] = (),
        notice: Text | None = None,
        marks: Mapping[str, Text | None] | None = None,
    ) -> int:
        """Edit every delivered copy of an open alert to a new text (a surge that escalated),
        keeping its buttons (as `marks` say what was done from them); returns how many copies
        were edited. Telegram does not notify anyone of an edit, so a `notice` is also sent as
        a reply to each copy."""
        record = await self.store.get_alert(alert_id)
        if record is None:
            return 0
        chat = await self.store.get_chat(record.chat_id)
        chat_lang = self.texts.pick(chat.language if chat else None)
        await self.store.revise_alert(
            alert_id, text=clip(text.render(self.texts, chat_lang)), severity=severity
        )
        tokens = await self.store.alert_tokens(alert_id)
        ordered = {a: tokens[a] for a in buttons if a in tokens} or tokens
        edited = 0
        for delivery, lang in await self._copies(record):
            edit = partial(
                bot.edit_message_text,
                clip(text.render(self.texts, lang)),
                chat_id=delivery.recipient_id,
                message_id=delivery.message_id,
                reply_markup=self.keyboard(ordered, lang, marks),
            )
            try:
                await with_retries(edit, what=f"revise alert {alert_id}")
                edited += 1
            except TelegramError as exc:
                log.info(
                    "alert %s copy in %s not revised: %s", alert_id, delivery.recipient_id, exc
                )
                continue
            if notice is not None:
                await self._notice(bot, alert_id, delivery, notice.render(self.texts, lang))
        return edited

    async def follow_up(self, bot: Any, alert_id: int, text: Text) -> int:
        """A short message under every delivered private copy of an alert (what became of
        it later), each in its reader's language; how many were sent."""
        record = await self.store.get_alert(alert_id)
        if record is None:
            return 0
        sent = 0
        deliveries = await self.store.list_deliveries(alert_id)
        for delivery in deliveries:
            if delivery.status != "sent" or delivery.message_id is None:
                continue
            if delivery.channel == "group":
                continue
            lang = await self._reader_language(delivery.channel, delivery.recipient_id, record)
            await self._notice(bot, alert_id, delivery, text.render(self.texts, lang))
            sent += 1
        if any(d.status == "failed" for d in deliveries):
            # A copy still to be sent again (retry_failed) carries what became of the alert
            # since: else the owner whose first copy failed read only "I'm retrying", for good.
            lang = await self._reader_language("group", record.chat_id, record)
            later = f"{record.text}\n\n{text.render(self.texts, lang)}"
            await self.store.revise_alert(alert_id, text=clip(later), severity=record.severity)
        return sent

    async def _notice(self, bot: Any, alert_id: int, delivery: Any, text: str) -> None:
        """A short new message under one copy of an alert (an edit alone notifies nobody)."""
        reply = partial(
            bot.send_message,
            delivery.recipient_id,
            clip(text),
            reply_parameters=ReplyParameters(
                delivery.message_id, allow_sending_without_reply=True
            ),
        )
        try:
            await with_retries(reply, what=f"notice for alert {alert_id}")
        except TelegramError as exc:
            log.info("alert %s notice to %s failed: %s", alert_id, delivery.recipient_id, exc)

    async def show_progress(
        self,
        bot: Any,
        alert: AlertRecord,
        marks: Mapping[str, Text | None],
        told: Text | None = None,
        actor: int | None = None,
    ) -> None:
        """An open alert's button did something (a statement posted, calm mode on): every
        delivered copy's buttons show it (`marks`, as in `keyboard`), and under every copy but
        the `actor`'s own (their press was answered) a line `told` says what and by whom, so
        two admins do not both act. The alert stays open."""
        tokens = await self.store.alert_tokens(alert.id)
        for delivery, lang in await self._copies(alert):
            edit = partial(
                bot.edit_message_reply_markup,
                chat_id=delivery.recipient_id,
                message_id=delivery.message_id,
                reply_markup=self.keyboard(tokens, lang, marks),
            )
            try:
                await with_retries(edit, what=f"show progress of alert {alert.id}")
            except TelegramError as exc:
                log.info(
                    "alert %s copy in %s not updated: %s", alert.id, delivery.recipient_id, exc
                )
            own = delivery.channel == "dm" and delivery.recipient_id == actor
            if told is not None and not own:
                await self._notice(bot, alert.id, delivery, told.render(self.texts, lang))

    async def mark_handled(self, bot: Any, alert: AlertRecord, token: str, note: Text) -> None:
        """Replace the buttons on every delivered copy with one saying who handled the alert.

        Pressing that button again only answers who handled it, since the alert is closed.
        """
        for delivery, lang in await self._copies(alert):
            label = clip(note.render(self.texts, lang), 60)
            markup = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=token)]])
            edit = partial(
                bot.edit_message_reply_markup,
                chat_id=delivery.recipient_id,
                message_id=delivery.message_id,
                reply_markup=markup,
            )
            try:
                await with_retries(edit, what=f"mark alert {alert.id} handled")
            except TelegramError as exc:
                log.info(
                    "could not update alert %s copy in %s: %s",
                    alert.id,
                    delivery.recipient_id,
                    exc,
                )

    async def _copies(self, alert: AlertRecord) -> list[tuple[DeliveryRecord, str]]:
        """An alert's copies that can be edited (sent in a DM or to the log chat; the group's
        own notice is never edited), each with its reader's language."""
        copies = []
        for delivery in await self.store.list_deliveries(alert.id):
            if delivery.status != "sent" or delivery.message_id is None:
                continue
            if delivery.channel == "group":
                continue
            lang = await self._reader_language(delivery.channel, delivery.recipient_id, alert)
            copies.append((delivery, lang))
        return copies

    async def _reader_language(self, channel: str, recipient: int, alert: AlertRecord) -> str:
        if channel == "dm":
            user = await self.store.get_user(recipient)
            return self.texts.pick(user.language_code if user else None)
        chat = await self.store.get_chat(alert.chat_id)
        return self.texts.pick(chat.language if chat else None)
