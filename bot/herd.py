"""The herd effect in use: complaints counted, surges judged, the owner alerted and equipped.

The message path hands every message the complaint policy read to `Herd.observe`: a complaint is
counted in the chat's durable windows (who complained, who joined someone else's complaint, who
is new), kept as an event (the alert's evidence, and what /why shows), and the chat is judged at
once, so the third complainer's message raises the alert while the surge is small. A job judges
the chats with recent complaints every minute (a surge calms down in silence) and ends calm mode
when its time is up, also after a restart (calm mode and the holding statement: bot/calm.py).

One surge is one alert thread: the first level opens an alert, a higher level edits that alert.
The owner's tools (`statement`, `calm`, `complainers`, `dismiss`) work from the alert's buttons
and from /herd. The alert's buttons show what was done since it was raised (the statement posted,
by whom; calm mode on, and then a button to end it), on every copy and after an edit too.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.alerts import Alert, Lines, Reasons, Span, Text, clip, t
from bot.calm import CALM_KEY, Calm
from bot.herd_common import iso_text, zone_of
from bot.names import chat_title, isolated, person_name
from bot.outbound import cut
from bot.store import DATABASE_ERRORS
from bot.windows import SharedWindow
from policies.chatlevel import ChatAction, ChatDecision
from policies.chatpolicy import ChatPolicy
from policies.complaintwords import ME_TOO
from policies.explain import checks_json
from policies.facts import Finding, MessageFacts
from policies.herd import (
    COMPLAINT,
    HORIZON,
    KINDS,
    NEW_MEMBER,
    QUIET,
    SHORT,
    HerdDetector,
    HerdWindow,
    State,
    surge_over,
)

if TYPE_CHECKING:
    from bot.context import Services
    from bot.store import ChatRecord, EventRecord, Store

log = logging.getLogger(__name__)

# Where a chat's herd memory lives in its stored settings.
STATE_KEY = "herd_state"  # the detector's State, encoded
THREAD_KEY = "herd_alert"  # {"id": alert id, "since": the surge's start}: the open alert thread
EVENT = "complaint_noted"
# A counted complaint edited into something else: no longer counted (on every worker).
WITHDRAWN = "complaint_withdrawn"
CLAIM_KIND = "herd_alert"  # windows claimed by the one worker that announces a level
EVIDENCE = 3
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def message_link(chat: ChatRecord, message_id: int | None) -> str:
    """A link members of the chat can open to one of its messages ("" for basic groups)."""
    if message_id is None:
        return ""
    if chat.username:
        return f"https://t.me/{chat.username}/{message_id}"
    raw = str(chat.chat_id)
    if raw.startswith("-100"):
        return f"https://t.me/c/{raw[4:]}/{message_id}"
    return ""


async def _counted_elsewhere(
    store: Store, chat_id: int, message_id: int
) -> tuple[int, datetime] | None:
    """Who wrote a message another worker (or this one before a restart) counted as a
    complaint, and when; None when it was not, or was taken back since. Asked only of messages
    this worker does not remember: edits, and replies that may join a complaint."""
    try:
        event = await store.find_event_by_message(chat_id, message_id, (EVENT, WITHDRAWN))
    except DATABASE_ERRORS as exc:  # the database away: judged as this worker remembers
        log.warning("message %s not checked against counted complaints: %s", message_id, exc)
        return None
    if event is None or event.kind != EVENT or event.target_user_id is None:
        return None
    return event.target_user_id, event.at


async def _standing(store: Store, chat_id: int, since: datetime) -> list[EventRecord]:
    """A chat's complaints since a time, oldest first, without those taken back after (a
    `complaint_withdrawn` about the same message recorded later; one edited back into a
    complaint is counted again, as a newer event)."""
    complaints = await store.events_since(chat_id, EVENT, since)
    if not complaints:
        return complaints
    taken_back: dict[int, int] = {}  # message -> the id of its latest withdrawal
    for event in await store.events_since(chat_id, WITHDRAWN, since):
        if event.message_id is not None:
            taken_back[event.message_id] = max(taken_back.get(event.message_id, 0), event.id)
    return [
        e for e in complaints if e.message_id is None or taken_back.get(e.message_id, 0) < e.id
    ]


class Herd:
    """Complaint windows, the herd detector and the owner's tools, for every chat."""

    def __init__(self) -> None:
        self.shared: SharedWindow[HerdWindow] = SharedWindow(
            HerdWindow(record=True), KINDS, HORIZON
        )
        self.detector = HerdDetector()
        # The last state judged per chat (so the job revisits only chats in a surge).
        self._states: dict[int, str] = {}
        # Calm mode and the holding statement (the statement is posted once per surge).
        self.calm_mode = Calm(self.state_now)
        self._loaded = False

    @property
    def window(self) -> HerdWindow:
        """The in-memory complaint windows (shared through the store)."""
        return self.shared.window

    async def follows(
        self, services: Services, facts: MessageFacts, norm: str, now: datetime
    ) -> bool:
        """Whether a message answers or closely follows another member's complaint.

        Memory answers (no database for almost every message); a "me too" (`norm`, the
        message's normalised text) replying to a message this worker does not remember, in a
        chat that complained lately, is looked up in the store: the complaint may have been
        counted before a restart or by another worker."""
        window, chat_id, reply_to = self.window, facts.chat_id, facts.reply_to_message_id
        if window.follows(chat_id, facts.user_id, reply_to, now):
            return True
        if reply_to is None or window.counted(chat_id, reply_to) is not None:
            return False
        if window.last_complaint(chat_id) is None or not ME_TOO.search(norm):
            return False
        replied = await self._replied(services, chat_id, reply_to)
        return replied is not None and replied != facts.user_id

    async def _replied(self, services: Services, chat_id: int, message_id: int) -> int | None:
        """Who wrote the complaint a message replies to (None: it is none), as remembered or
        else as stored (then remembered, so the next reply to it costs no query)."""
        counted = self.window.counted(chat_id, message_id)
        if counted is None:
            counted = await _counted_elsewhere(services.store, chat_id, message_id)
            if counted is None:
                return None
            self.window.remember(chat_id, message_id, counted[0], counted[1])
        return counted[0]

    # -- counting -------------------------------------------------------------------------

    async def observe(
        self, services: Services, bot: Any, facts: MessageFacts, finding: Finding | None
    ) -> None:
        """Count a complaint (or take back one edited into something else), then judge."""
        user = facts.user_id
        if user is None or facts.sender_chat_id is not None or finding is None:
            return
        window, now = self.window, services.clock()
        complaint = finding.level == "hit"
        counted = window.counted(facts.chat_id, facts.message_id)
        if facts.is_edit and counted is None:
            counted = await _counted_elsewhere(services.store, facts.chat_id, facts.message_id)
        if facts.is_edit and counted is not None and not complaint:
            # Off every count it was in: joining others' complaints and joined lately too.
            window.withdraw(facts.chat_id, facts.message_id, counted[0], counted[1])
            await services.watch.record(
                services,
                {
                    "chat_id": facts.chat_id,
                    "at": now,
                    "kind": WITHDRAWN,
                    "target_user_id": counted[0],
                    "message_id": facts.message_id,
                    "reason": "",
                    "text": cut(facts.text, 1000),
                },
            )
            await self.check(services, bot, facts.chat_id)
            return
        if not complaint or counted is not None:
            return
        chat_id = facts.chat_id
        if facts.reply_to_message_id is not None:
            # A reply to a complaint counted before a restart (or by another worker) joins it
            # just the same: remembered from the store for `complaint` (complaints are rare).
            await self._replied(services, chat_id, facts.reply_to_message_id)
        window.complaint(
            chat_id,
            user,
            facts.message_id,
            now,
            reply_to=facts.reply_to_message_id,
            me_too=finding.topic == "me_too",
            joined_at=facts.member.joined_at,
        )
        await services.watch.record(
            services,
            {
                "chat_id": chat_id,
                "at": now,
                "kind": EVENT,
                "target_user_id": user,
                "message_id": facts.message_id,
                "checks": checks_json(finding.checks),
                "reason": finding.topic or "",
                "text": cut(facts.text, 1000),
            },
        )
        await self.check(services, bot, chat_id)

    # -- judging --------------------------------------------------------------------------

    async def check(self, services: Services, bot: Any, chat_id: int) -> ChatDecision | None:
        """Judge one chat now; announce a level that rose (one worker does, across processes)."""
        store, now = services.store, services.clock()
        chat = await store.get_chat(chat_id)
        if chat is None or chat.status in ("left", "kicked", "migrated"):
            self._states.pop(chat_id, None)
            return None
        policy = ChatPolicy.from_settings(chat.settings)
        if policy.herd == "off":
            self._states.pop(chat_id, None)
            return None
        previous = chat.settings.get(STATE_KEY)
        previous = previous if isinstance(previous, str) else None
        windows = self.window.windows(chat_id, now)
        decision = self.detector.judge_chat(windows, policy, now, previous)
        self._states[chat_id] = decision.state or ""
        if decision.state != previous:
            await store.update_chat_settings(chat_id, {STATE_KEY: decision.state})
            services.cache.forget_chat(chat_id)
        state = State.decode(decision.state)
        for action in decision.actions:
            if action.kind != "alert" or action.alert is None or state.since is None:
                continue
            bucket = state.since.replace(microsecond=0)
            if not await store.claim_window(chat_id, CLAIM_KIND, state.level, bucket, now):
                continue  # another worker announced this level of this surge
            await self._announce(services, bot, chat, decision, action, state)
        return decision

    async def _announce(
        self,
        services: Services,
        bot: Any,
        chat: ChatRecord,
        decision: ChatDecision,
        action: ChatAction,
        state: State,
    ) -> None:
        assert action.alert is not None
        text = await self.compose(services, chat, decision, state)
        severity = action.alert.severity
        thread = chat.settings.get(THREAD_KEY)
        buttons = _with_calm_off(action.alert.buttons)
        if isinstance(thread, dict) and thread.get("since") == iso_text(state.since):
            alert_id = thread.get("id")
            record = (
                await services.store.get_alert(alert_id) if isinstance(alert_id, int) else None
            )
            if record is not None and record.handled_by is None:
                # A rise to critical is also said in a new message: an edit notifies nobody.
                notice = (
                    t("herd.now_critical", title=chat_title(chat), complainers=_count(action))
                    if state.level == "critical"
                    else None
                )
                marks = await self.marks(services, chat, record.created_at)
                await services.alerts.revise(
                    bot, record.id, text, severity, buttons, notice=notice, marks=marks
                )
                return
        marks = await self.marks(services, chat, None)
        alert = Alert(chat.chat_id, "herd", text, severity, buttons, marks=marks)
        outcome = await services.alerts.raise_alert(bot, alert)
        if outcome.alert_id is not None:
            await services.store.update_chat_settings(
                chat.chat_id,
                {THREAD_KEY: {"id": outcome.alert_id, "since": iso_text(state.since)}},
            )
            services.cache.forget_chat(chat.chat_id)

    async def surge_events(
        self, services: Services, chat_id: int, state: State, raised_at: datetime | None = None
    ) -> list[EventRecord]:
        """The complaints of the current surge (or the last half hour), oldest first; with
        `raised_at` (an alert's time), of the surge that alert was about even once it is over.
        A complaint taken back since (edited into something else) is none."""
        now = services.clock()
        if _older_surge(state, raised_at):
            assert raised_at is not None and state.since is not None
            # A newer surge is on: the alert's own ended at the first quiet half hour after it
            # (the newer one's first complaints came before it was announced).
            own: list[EventRecord] = []
            for event in await _standing(services.store, chat_id, raised_at - SHORT):
                if event.at >= state.since or (
                    own and event.at > raised_at and event.at - own[-1].at > SHORT
                ):
                    break
                own.append(event)
            return own
        since = min(now - SHORT, (state.since or raised_at or now) - SHORT)
        return await _standing(services.store, chat_id, since)

    async def compose(
        self, services: Services, chat: ChatRecord, decision: ChatDecision, state: State
    ) -> Text:
        """The owner's alert: level, numbers, timeline, topics, evidence and a ready response."""
        events = await self.surge_events(services, chat.chat_id, state)
        zone = zone_of(chat)
        complainers = {e.target_user_id for e in events if e.target_user_id is not None}
        windows = self.window.windows(chat.chat_id, services.clock())
        newcomers = windows.distinct(NEW_MEMBER, (state.since or services.clock()) - SHORT)
        topics = Counter(e.reason for e in events if e.reason and e.reason != "me_too")
        topic_lines = tuple(
            t("herd.topic_count", topic=t(f"herd.topic_{name}"), count=n)
            for name, n in topics.most_common()
        )
        evidence: list[Text | str] = []
        for event in _most_telling(events)[:EVIDENCE]:
            user = await services.store.get_user(event.target_user_id or 0)
            evidence.append(
                t(
                    "herd.evidence_line",
                    who=person_name(user, fallback=event.target_user_id),
                    text=isolated(clip(" ".join((event.text or "").split()), 160)),
                    link=message_link(chat, event.message_id),
                )
            )
        values: dict[str, object] = {
            "level": t(f"herd.level_{state.level}"),
            "title": chat_title(chat),
            "complainers": len(complainers),
            "messages": len(events),
            "timeline": _timeline(events, zone),
            "topics": Lines(topic_lines, ", ") if topic_lines else "-",
            "newcomers": newcomers,
            "reasons": Reasons(decision.checks, limit=4),
            "evidence": Lines(tuple(evidence)) if evidence else "-",
            "statement": clip(self.calm_mode.statement(services, chat), 600),
            "calm": Span(timedelta(minutes=ChatPolicy.from_settings(chat.settings).calm_minutes)),
        }
        return t("herd.alert", **values)

    async def marks(
        self, services: Services, chat: ChatRecord, raised_at: datetime | None
    ) -> dict[str, Text | None]:
        """What a complaint alert raised at `raised_at` (None: being raised) shows on its
        buttons: the statement posted since, by whom; with calm mode on, the calm button ends
        it instead (a press on "on" while it is on changes nothing, so it is not offered)."""
        marks: dict[str, Text | None] = {}
        if raised_at is not None:
            store = services.store
            posted = await store.events_since(chat.chat_id, "herd_statement", raised_at, limit=1)
            if posted:
                actor = posted[0].actor_id
                user = await store.get_user(actor) if actor else None
                marks["statement"] = t(
                    "alerts.handled_note",
                    outcome=t("alerts.outcome_statement"),
                    who=person_name(user, fallback=actor or "?"),
                )
        if CALM_KEY in chat.settings:
            marks["calm"] = None
            marks["calm_off"] = t("alerts.button_calm_off")
        return marks

    def state_now(self, chat: ChatRecord, now: datetime) -> State:
        """A chat's surge state as stored, wound down to now: a surge that calmed down while
        nobody judged it (the watch off, Steward away) is over, whatever was stored."""
        state = State.decode(_str(chat.settings.get(STATE_KEY)))
        if surge_over(self.window.windows(chat.chat_id, now), state, now):
            return state.calmed()
        return state

    async def tick(self, services: Services, bot: Any) -> None:
        """The job: judge chats in or near a surge, end calm mode that is due."""
        now = services.clock()
        if not self._loaded:
            await self._load(services)
            candidates = set(self.window.chats_since(now - HORIZON))
        else:
            candidates = set(self.window.chats_since(now - QUIET - SHORT))
        candidates |= {c for c, s in self._states.items() if State.decode(s).level != "calm"}
        for chat_id in sorted(candidates):
            try:
                await self.check(services, bot, chat_id)
            except Exception:
                log.exception("herd: chat %s not judged", chat_id)
        await self.calm_mode.end_due(services, bot, now)

    async def _load(self, services: Services) -> None:
        """After a start: which chats are in a surge or in calm mode, from the store."""
        chats = await services.store.list_chats()
        for chat in chats:
            state = chat.settings.get(STATE_KEY)
            if isinstance(state, str):
                self._states[chat.chat_id] = state
        self._loaded = True
        self.calm_mode.load(chats, services.clock())

    async def purge(self, store: Store, now: datetime) -> int:
        """Forget complaint windows and alert claims older than they can matter."""
        purged = await self.shared.purge(store, now)
        return purged + await store.purge_windows(now - 2 * HORIZON, kinds=(CLAIM_KIND,))

    def move(self, old: int, new: int) -> None:
        """A group became a supergroup: its windows and memory follow it."""
        self.window.move(old, new)
        if old in self._states:
            self._states[new] = self._states.pop(old)
        self.calm_mode.move(old, new)

    # -- the owner's tools ----------------------------------------------------------------

    async def complainers(
        self, services: Services, chat_id: int, raised_at: datetime | None = None
    ) -> Text:
        """Who complained in the current surge (or in the one an alert raised at `raised_at`
        was about), with links, to follow up one by one."""
        chat = await services.store.get_chat(chat_id)
        if chat is None:
            return t("herd.no_chat")
        state = self.state_now(chat, services.clock())
        events = await self.surge_events(services, chat_id, state, raised_at)
        by_user: dict[int, list[EventRecord]] = {}
        for event in events:
            if event.target_user_id is not None:
                by_user.setdefault(event.target_user_id, []).append(event)
        if not by_user:
            return t("herd.complainers_none", title=chat_title(chat))
        lines: list[Text | str] = []
        for user_id, theirs in by_user.items():
            user = await services.store.get_user(user_id)
            last = theirs[-1]
            lines.append(
                t(
                    "herd.complainer_line",
                    who=person_name(user, fallback=user_id),
                    id=user_id,
                    count=len(theirs),
                    link=message_link(chat, last.message_id),
                )
            )
        return t(
            "herd.complainers",
            title=chat_title(chat),
            count=len(by_user),
            lines=Lines(tuple(lines)),
        )

    async def dismiss(
        self, services: Services, chat_id: int, raised_at: datetime | None = None
    ) -> None:
        """The owner says this surge is this chat's normal: the detector learns its size (the
        complainers of the whole surge, not only of the last half hour: a press forty minutes
        on learned 1, and the same surge alerted again)."""
        chat = await services.store.get_chat(chat_id)
        if chat is None:
            return
        now = services.clock()
        state = self.state_now(chat, now)
        recent = (
            0  # an older alert's press: the surge on now is not the one it is about
            if _older_surge(state, raised_at)
            else self.window.windows(chat_id, now).distinct(COMPLAINT, now - SHORT)
        )
        surge = {
            e.target_user_id
            for e in await self.surge_events(services, chat_id, state, raised_at)
            if e.target_user_id is not None
        }
        complainers = max(recent, len(surge))
        learned = state.dismissed(max(complainers, 1), now).encode()
        await services.store.update_chat_settings(chat_id, {STATE_KEY: learned})
        services.cache.forget_chat(chat_id)
        self._states[chat_id] = learned


def _with_calm_off(buttons: tuple[str, ...]) -> tuple[str, ...]:
    """A complaint alert's buttons with "calm mode off" minted beside "calm mode on" (offered
    only while the alert shows calm mode on: see `Herd.marks`)."""
    if "calm" not in buttons or "calm_off" in buttons:
        return buttons
    at = buttons.index("calm") + 1
    return (*buttons[:at], "calm_off", *buttons[at:])


def _older_surge(state: State, raised_at: datetime | None) -> bool:
    """Whether an alert raised at `raised_at` was about an earlier surge than the one on now."""
    return raised_at is not None and state.since is not None and state.since > raised_at


def _count(action: ChatAction) -> object:
    return dict(action.values).get("complainers", "?")


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _severity(event: EventRecord) -> str:
    for item in event.checks:
        if isinstance(item, dict) and item.get("name") == "severity":
            for reason in item.get("reasons") or []:
                params = reason.get("params") if isinstance(reason, dict) else None
                if isinstance(params, dict) and isinstance(params.get("level"), str):
                    return str(params["level"])
    return "low"


def _most_telling(events: list[EventRecord]) -> list[EventRecord]:
    """Complaints that say the most: the worst first, one per member, longer over shorter."""
    seen: set[int | None] = set()
    unique = []
    for event in sorted(
        events,
        key=lambda e: (
            _SEVERITY_RANK.get(_severity(e), 3),
            e.reason == "me_too",
            -len(e.text or ""),
        ),
    ):
        if event.target_user_id in seen:
            continue
        seen.add(event.target_user_id)
        unique.append(event)
    return unique


def _timeline(events: list[EventRecord], zone: ZoneInfo) -> str:
    """Complaints per ten minutes from the first, e.g. `12:00 1 · 12:10 4 · 12:20 9`."""
    if not events:
        return "-"
    slots: Counter[datetime] = Counter()
    for event in events:
        at = event.at.astimezone(zone)
        slots[at.replace(minute=at.minute // 10 * 10, second=0, microsecond=0)] += 1
    shown = sorted(slots.items())[-8:]
    return " · ".join(f"{at:%H:%M} {n}" for at, n in shown)
