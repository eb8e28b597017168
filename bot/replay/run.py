"""`steward replay`: a chat's history through the live bot's policies, recorded, never acted on.

Every message of an export goes, in time order, through the same pure pipeline as a live
message (`policies.pipeline.evaluate`, with flood and campaign windows and the complaint herd
detector on the messages' own clock); the record-only actuator says what would have been done.
Member standing comes from the history itself: when each member joined (service lines) and how
many of their messages counted; a member never seen joining was there before the export began,
so is not a newcomer (nor trusted: what they wrote before is unknown). Admins are not in an
export: the people who pin messages, change the group's title or photo, or created the group are
taken as admins (never judged), as is the group posting as itself; senders whose name says
"bot", or who answer a member's /command within two minutes, are bots the admins added, never
judged either (as live). An export does not say who holds which @username: a handle that admins
or established members name in messages left alone is taken for a member's.

Memory stays flat: flagged messages are spooled to a temporary file as JSON lines, daily activity
is a few numbers a day, and per member only a few numbers are kept.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import IO, Any

from bot.actuator import MessageTarget, RecordingActuator
from bot.classify import action_name
from bot.replay.exports import ChatExport, Record
from bot.replay.lifecycle import Lifecycle, Plan, plan_of
from policies import ChatPolicy, MemberFacts, MessageFacts, TextFacts, evaluate, read_text
from policies.competitors import NONE, Competitors
from policies.facts import Decision, ForwardFacts
from policies.flood import FloodWindow
from policies.herd import (
    COMPLAINT,
    QUIET,
    SHORT,
    HerdDetector,
    HerdWindow,
    State,
)
from policies.poaching import CAMPAIGN_WINDOW
from policies.spam import SpamModel
from policies.tally import Tally
from policies.text import handles_in
from policies.topics import spoken, topics_of

# Service actions only admins (or the creator) can take: their actors are admins.
ADMIN_ACTIONS = frozenset(
    {"pin_message", "edit_group_title", "edit_group_photo", "delete_group_photo", "create_group"}
)
JOIN_ACTIONS = frozenset({"join_group_by_link", "join_group_by_request", "invite_members"})
LEAVE_ACTIONS = frozenset({"remove_members"})
# The herd detector is asked again at least this often on the messages' clock (a surge calms).
JUDGE_EVERY = timedelta(minutes=5)
MAX_TEXT = 4096
# How long before the export began a member never seen joining is taken to have been around.
ESTABLISHED = timedelta(days=30)
# A reply this soon to someone else's /command is a bot's answer.
BOT_ANSWER = timedelta(minutes=2)
COMMANDS_KEPT = 1000
HANDLES_KEPT = 10_000


@dataclass(slots=True)
class _Member:
    joined_at: datetime | None = None
    first_seen_at: datetime | None = None
    messages: int = 0


@dataclass(slots=True)
class Day:
    """One day of the chat's activity."""

    date: date
    messages: int = 0
    senders: set[int] = field(default_factory=set)
    joins: int = 0
    leaves: int = 0

    def as_json(self) -> dict[str, Any]:
        """As the JSON report writes it."""
        return {
            "date": self.date.isoformat(),
            "messages": self.messages,
            "senders": len(self.senders),
            "joins": self.joins,
            "leaves": self.leaves,
        }


@dataclass(frozen=True, slots=True)
class HerdAlert:
    """A complaint surge the owner would have been told about."""

    at: datetime
    level: str
    message_id: int
    complainers: int

    def as_json(self) -> dict[str, Any]:
        """As the JSON report writes it."""
        return {
            "at": self.at.isoformat(),
            "level": self.level,
            "message_id": self.message_id,
            "complainers": self.complainers,
        }


@dataclass
class Report:
    """What Steward would have done to one chat's history."""

    chat: dict[str, Any]
    messages: int = 0
    service: int = 0
    skipped: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    note: str | None = None
    members: int = 0
    # Messages of ordinary members the pipeline judged (not admins', bots' or the group's own).
    judged: int = 0
    # Authors taken for bots because they answered members' commands (never judged).
    bots: int = 0
    flagged_count: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    top_checks: Counter[str] = field(default_factory=Counter)
    complaints: int = 0
    herd_alerts: list[HerdAlert] = field(default_factory=list)
    daily: list[dict[str, Any]] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    prompts: list[dict[str, Any]] = field(default_factory=list)
    # The schedules prompts followed, and runs skipped (quiet hours, a busy hour).
    schedules: list[str] = field(default_factory=list)
    prompts_skipped: dict[str, int] = field(default_factory=dict)
    # The group's clock (the settings' `timezone`): days are counted, and times shown, on it.
    zone: tzinfo = UTC
    _spool: IO[str] | None = field(default=None, repr=False)

    def flagged(self) -> Iterator[dict[str, Any]]:
        """Every flagged message, in time order (read back from the spool)."""
        if self._spool is None:
            return
        self._spool.seek(0)
        for line in self._spool:
            yield json.loads(line)

    def close(self) -> None:
        """Drop the spooled rows."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def write_json(self, out: IO[str]) -> None:
        """The JSON report, streamed (flagged rows are never all in memory)."""
        head = {
            "chat": self.chat,
            "messages": self.messages,
            "skipped": self.skipped,
        }
        out.write(json.dumps(head, ensure_ascii=False)[:-1])
        out.write(', "flagged": [')
        for n, row in enumerate(self.flagged()):
            out.write((", " if n else "") + json.dumps(row, ensure_ascii=False))
        tail = {
            "herd_alerts": [a.as_json() for a in self.herd_alerts],
            # The daily dates are days on this clock (named as the settings name it).
            "activity": {"timezone": zone_name(self.zone), "daily": self.daily},
            "stages": self.stages,
            "prompts": self.prompts,
            "summary": self.summary(),
        }
        out.write("], " + json.dumps(tail, ensure_ascii=False)[1:])

    def summary(self) -> dict[str, Any]:
        """The counts the terminal summary prints."""
        return {
            "service": self.service,
            "members": self.members,
            "judged": self.judged,
            "bots": self.bots,
            "flagged": self.flagged_count,
            "actions": dict(self.actions.most_common()),
            "labels": dict(self.labels.most_common()),
            "top_checks": dict(self.top_checks.most_common(10)),
            "complaints": self.complaints,
            "skip_reasons": self.skip_reasons,
            "error": self.error,
            "note": self.note,
        }


def zone_name(zone: tzinfo) -> str:
    """A time zone as the settings name it (Asia/Tokyo), or UTC: the terminal's name too."""
    return str(getattr(zone, "key", None) or zone.tzname(None) or "UTC")


class Replayer:
    """Feeds one chat's records through the policies and keeps the report."""

    def __init__(
        self,
        export: ChatExport,
        policy: ChatPolicy,
        model: SpamModel | None,
        competitors: Competitors = NONE,
        plan: Plan | None = None,
    ) -> None:
        self.policy = policy
        self.title = export.name or ""
        self.life = Lifecycle(plan or plan_of({}), policy)
        self.model = model
        self.competitors = competitors
        self.chat_id = export.bot_api_id or -1
        # The ids the group itself posts under in the export (bare, or as the Bot API gives it).
        self.own_ids = {abs(i) for i in (export.id, export.bot_api_id) if i is not None}
        self.flood = FloodWindow()
        self.campaigns = Tally(CAMPAIGN_WINDOW)
        self.herd = HerdWindow()
        self.detector = HerdDetector()
        self.herd_state: str | None = None
        self._judged_at: datetime | None = None
        self.members: dict[int, _Member] = {}
        self.admins: set[int] = set()
        # Authors seen answering a member's /command at once: bots the admins added, whatever
        # their display name (exports do not mark bots). Recent commands by id, bounded.
        self.bots: set[int] = set()
        self.known_handles: OrderedDict[str, None] = OrderedDict()
        # What the chat talks about, learned as live (policies/topics.py).
        self.topic_counts: Counter[str] = Counter()
        self.topic_messages = 0
        self.topics: frozenset[str] = frozenset()
        self._commands: OrderedDict[int, tuple[datetime, int | None]] = OrderedDict()
        self.day: Day | None = None
        self.start: datetime | None = None
        self.report = Report(
            chat={
                "name": export.name,
                "type": export.type,
                "id": export.bot_api_id,
                "source": export.source,
            },
            zone=self.life.plan.zone,
            _spool=tempfile.TemporaryFile("w+", encoding="utf-8"),  # noqa: SIM115 (closed by Report.close)
        )
        if export.type in ("private_channel", "public_channel"):
            self.report.note = "a channel, not a group: replayed as if its posts were a group's"

    def feed(self, record: Record) -> None:
        """One record, in time order."""
        if self.start is None:
            self.start = record.date
        self._activity(record)
        if record.kind == "service":
            self.report.service += 1
            self._service(record)
        else:
            self.report.messages += 1
            self._message(record)
        self._maybe_judge(record.date, record.id)

    def finish(self, export: ChatExport) -> Report:
        """The report, once every record was fed."""
        report = self.report
        if self.day is not None:
            report.daily.append(self.day.as_json())
        self.life.finish()
        report.stages = self.life.stages
        report.prompts = self.life.prompts
        report.schedules = [
            s.shown + (" (default)" if self.life.plan.default else "")
            for s in self.life.plan.specs
        ]
        report.prompts_skipped = dict(self.life.skipped)
        report.members = len(self.members)
        report.bots = len(self.bots)
        report.skipped = export.skipped
        report.skip_reasons = export.skip_reasons
        report.error = export.error
        return report

    # -- bookkeeping ----------------------------------------------------------------------

    def _activity(self, record: Record) -> None:
        day = record.date.astimezone(self.report.zone).date()
        if self.day is None or self.day.date != day:
            if self.day is not None:
                self.report.daily.append(self.day.as_json())
            self.day = Day(day)
        if record.kind == "message":
            self.day.messages += 1
            if record.from_id is not None:
                self.day.senders.add(record.from_id)
        elif record.action in JOIN_ACTIONS:
            count = max(1, len(record.member_names) or len(record.members))
            self.day.joins += count
            joined = record.members or ((record.from_id,) if record.from_id is not None else ())
            self.life.joined(record.date, tuple(joined), count)
        elif record.action in LEAVE_ACTIONS:
            count = max(1, len(record.member_names) or len(record.members))
            self.day.leaves += count
            self.life.left(record.date, count)

    def _service(self, record: Record) -> None:
        if record.action in ADMIN_ACTIONS and record.from_id is not None:
            self.admins.add(record.from_id)
        if record.action in JOIN_ACTIONS:
            joined = record.members or ((record.from_id,) if record.from_id is not None else ())
            for user_id in joined:
                self._member(user_id).joined_at = record.date

    def _member(self, user_id: int) -> _Member:
        member = self.members.get(user_id)
        if member is None:
            member = self.members[user_id] = _Member()
        return member

    # -- judging --------------------------------------------------------------------------

    def _message(self, record: Record) -> None:
        user_id = record.from_id if record.from_kind in ("user", "unknown") else None
        sender_chat = record.from_id if record.from_kind in ("channel", "chat") else None
        if record.from_name is None:
            user_id = None  # a deleted account: nobody to tell apart from other deleted ones
        handles = frozenset(handles_in(record.text))
        answers = self._answers_a_command(record, user_id)
        if user_id is not None and user_id in self.admins:
            self.life.message(record.date, user_id, record.reply_to is not None)
            self._know(handles)
            self._topics_from(record, None)
            return
        if answers:
            self.bots.add(user_id)  # type: ignore[arg-type]
        if _is_bot(record.from_name) or (user_id is not None and user_id in self.bots):
            return  # a bot the group's admins added (Steward never judges bots)
        if sender_chat is not None and abs(sender_chat) in self.own_ids:
            return  # the group posting as itself
        member = self._member(user_id) if user_id is not None else _Member()
        if member.first_seen_at is None:
            member.first_seen_at = record.date
            if member.joined_at is None and self.start is not None:
                # Never seen joining: a member from before the export began, not a newcomer
                # (nor trusted: their history before the export is unknown).
                member.first_seen_at = self.start - ESTABLISHED
                member.messages = max(member.messages, self.policy.new_member_messages)
        facts = MessageFacts(
            chat_id=self.chat_id,
            message_id=record.id,
            user_id=user_id,
            text=record.text[:MAX_TEXT],
            date=record.date,
            entities=record.entities,
            sender_chat_id=sender_chat,
            media_type=record.media,
            has_caption=bool(record.media and record.text),
            forward=_forward(record),
            reply_to_message_id=record.reply_to,
            member=MemberFacts(
                joined_at=member.joined_at,
                first_seen_at=member.first_seen_at,
                messages_seen=member.messages,
                trusted=member.messages >= self.policy.trust_after,
            ),
            author_name=record.from_name or "",
            chat_title=self.title,
            mentions_of_members=frozenset(h for h in handles if h in self.known_handles),
            chat_topics=self.topics,
        )
        text = read_text(facts)
        self.report.judged += 1
        follows = self.herd.follows(self.chat_id, user_id, record.reply_to, record.date)
        decision = evaluate(
            facts,
            self.policy,
            record.date,
            model=self.model,
            flood=self.flood,
            competitors=self.competitors,
            campaigns=self.campaigns,
            after_complaint=follows,
            text=text,
        )
        if decision.counts:
            member.messages += 1
            self.life.message(record.date, user_id, record.reply_to is not None)
        if decision.intended:
            self._flag(record, facts, decision)
        elif member.messages > self.policy.new_member_messages:
            self._know(handles)
            self._topics_from(record, text)
        elif decision.counts:
            self._topics_from(record, text, learn=False)
        complaint = decision.finding("complaint")
        if complaint is not None and complaint.level == "hit" and user_id is not None:
            self._complaint(record, user_id, member, complaint.topic)

    def _topics_from(self, record: Record, text: TextFacts | None, *, learn: bool = True) -> None:
        """A counted message: the chat's topics learn from it unless it only counts (a
        newcomer's). Kept from the export's start (the live bot keeps thirty days)."""
        self.topic_messages += 1
        if not learn or not record.text:
            return
        if text is None:
            text = read_text(
                MessageFacts(self.chat_id, record.id, None, record.text[:MAX_TEXT], record.date)
            )
        said = spoken(text)
        if said:
            self.topic_counts.update(said)
        if said or (self.topics and self.topic_messages % 500 == 0):
            self.topics = topics_of(self.topic_counts, self.topic_messages)

    def _know(self, handles: frozenset[str]) -> None:
        """Handles the group's own people name in messages left alone: the group's members (an
        export never says who holds which @username; the live bot knows)."""
        for handle in handles:
            self.known_handles[handle] = None
            self.known_handles.move_to_end(handle)
        while len(self.known_handles) > HANDLES_KEPT:
            self.known_handles.popitem(last=False)

    def _answers_a_command(self, record: Record, user_id: int | None) -> bool:
        """Remember a /command; whether this record answers one within BOT_ANSWER, by someone
        other than who gave it (as bots do: people rarely reply to a command at all)."""
        if record.text.startswith("/") and len(record.text) > 1 and record.text[1].isalpha():
            self._commands[record.id] = (record.date, user_id)
            if len(self._commands) > COMMANDS_KEPT:
                self._commands.popitem(last=False)
            return False
        if user_id is None or record.reply_to is None or user_id in self.bots:
            return False
        command = self._commands.get(record.reply_to)
        if command is None:
            return False
        at, author = command
        return author != user_id and timedelta(0) <= record.date - at <= BOT_ANSWER

    def _flag(self, record: Record, facts: MessageFacts, decision: Decision) -> None:
        target = MessageTarget(
            facts.chat_id, facts.message_id, facts.user_id, facts.sender_chat_id
        )
        done = RecordingActuator().record(target, decision.intended)
        if any(a.kind == "delete" for a in decision.intended):
            self.life.removed(record.date)
        warned = any(a.kind == "warn" for a in decision.intended)
        alerted = any(a.kind == "alert" for a in decision.intended)
        action = action_name([d.what for d in done], warned=warned, alerted=alerted)
        labels = [f.label for f in decision.findings if f.level != "clear" and not f.exempt]
        checks = [c for c in decision.checks if c.score > 0]
        report = self.report
        report.flagged_count += 1
        report.actions[action] += 1
        report.labels[decision.label] += 1
        report.top_checks.update(c.name for c in checks)
        row = {
            "id": record.id,
            "date": record.date.isoformat(),
            "from_id": record.from_id,
            "from": record.from_name,
            "labels": labels,
            "lead": decision.label,
            "action": action,
            "checks": [{"name": c.name, "detail": c.detail} for c in checks],
            "text": record.text[:MAX_TEXT],
        }
        assert report._spool is not None
        report._spool.write(json.dumps(row, ensure_ascii=False) + "\n")

    def _complaint(self, record: Record, user_id: int, member: _Member, topic: str | None) -> None:
        at = record.date
        self.herd.complaint(
            self.chat_id,
            user_id,
            record.id,
            at,
            reply_to=record.reply_to,
            me_too=topic == "me_too",
            joined_at=member.joined_at,
        )
        self.report.complaints += 1
        self.life.complaint(at)
        self._judge(at, record.id)

    def _maybe_judge(self, now: datetime, message_id: int) -> None:
        if self._judged_at is not None and now - self._judged_at < JUDGE_EVERY:
            return
        active = self.herd.chats_since(now - QUIET - SHORT)
        if active or State.decode(self.herd_state).level != "calm":
            self._judge(now, message_id)
        self._judged_at = now

    def _judge(self, now: datetime, message_id: int) -> None:
        windows = self.herd.windows(self.chat_id, now)
        decision = self.detector.judge_chat(windows, self.policy, now, self.herd_state)
        self.herd_state = decision.state
        level = State.decode(decision.state).level
        if any(a.kind == "alert" for a in decision.actions):
            complainers = windows.distinct(COMPLAINT, now - SHORT)
            self.report.herd_alerts.append(HerdAlert(now, level, message_id, complainers))
        self._judged_at = now


# "...bot", "Bot - Video", "Чат-бот", and the chat managers everyone knows by their job.
_BOT_NAME = re.compile(
    r"bot(?![a-z])|бот(?![а-яё])|чат-?менеджер|chat\s*manager|group\s*help", re.IGNORECASE
)


def _is_bot(name: str | None) -> bool:
    """Exports do not mark bots; their display names nearly always say "bot" ("Instant Media
    Bot - Video", "helperbot")."""
    return name is not None and _BOT_NAME.search(name) is not None


def _forward(record: Record) -> ForwardFacts | None:
    if record.forwarded_from is None and record.forwarded_from_id is None:
        return None
    kind = {"user": "user", "channel": "channel", "chat": "chat"}.get(
        record.forwarded_from_kind, "hidden"
    )
    return ForwardFacts(
        kind=kind,  # type: ignore[arg-type]
        chat_id=record.forwarded_from_id if kind in ("channel", "chat") else None,
        title=record.forwarded_from,
    )


def replay(
    export: ChatExport,
    records: Iterable[Record],
    policy: ChatPolicy,
    model: SpamModel | None,
    competitors: Competitors = NONE,
    plan: Plan | None = None,
) -> Report:
    """Replay records (in time order) of one chat; the report."""
    replayer = Replayer(export, policy, model, competitors, plan)
    for record in records:
        replayer.feed(record)
    return replayer.finish(export)
