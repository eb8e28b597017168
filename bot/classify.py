"""Model tools behind `steward classify`, `steward train` and `steward eval`."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from bot.actuator import MessageTarget, RecordingActuator
from bot.models import Models
from policies import LABELS, ChatPolicy, MemberFacts, MessageFacts, evaluate
from policies.text import script_of

# A fixed clock: classification must not depend on when it runs.
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
DEFAULT_AGE_S = 3600
# The oldest membership a line may claim (a century): older dates fall off the calendar.
MAX_AGE_S = 100 * 365 * 86400


def _facts(item: dict[str, Any]) -> MessageFacts:
    messages = item.get("member_messages", 0)
    age = item.get("member_age_s", DEFAULT_AGE_S)
    if not isinstance(messages, int) or isinstance(messages, bool) or messages < 0:
        raise ValueError("member_messages must be a whole number of messages, 0 or more")
    if not isinstance(age, (int, float)) or isinstance(age, bool) or not 0 <= age <= MAX_AGE_S:
        raise ValueError(f"member_age_s must be a number of seconds from 0 to {MAX_AGE_S}")
    member = MemberFacts(joined_at=NOW - timedelta(seconds=float(age)), messages_seen=messages)
    return MessageFacts(
        chat_id=0, message_id=0, user_id=1, text=item["text"][:4096], date=NOW, member=member
    )


def classify_one(item: dict[str, Any], models: Models, policy: ChatPolicy) -> dict[str, Any]:
    """The decision on one message as a JSON-ready object, its action as the record-only
    actuator saw it carried out (the same plan the live bot follows).

    `spam`, `poaching` and `complaint` are each detector's own verdict (its finding is a hit):
    an ad that hands over a contact is both an ad and a hand-off, though Steward acts on it, and
    alerts about it, as spam. `label` is the one Steward acted on ("borderline" when it only
    warns, "ham" when nothing). `checks` are the acting finding's, then those of every other
    detector that found its label, each naming its detector."""
    facts = _facts(item)
    decision = evaluate(facts, policy, NOW, model=models.shared)
    target = MessageTarget(facts.chat_id, facts.message_id, facts.user_id, facts.sender_chat_id)
    done = RecordingActuator().record(target, decision.actions)
    warned = any(a.kind == "warn" for a in decision.actions)
    alerted = any(a.kind == "alert" for a in decision.actions)
    found = [f for f in decision.findings if f.level == "hit" and not f.exempt]
    out: dict[str, Any] = {label: any(f.label == label for f in found) for label in LABELS}
    lead = decision.explained
    explained = ([lead] if lead is not None else []) + [f for f in found if f is not lead]
    out.update(
        {
            "label": decision.label,
            "scores": dict(decision.scores),
            "checks": [
                {"name": c.name, "detail": c.detail, "finding": f.label}
                for f in explained
                for c in f.checks
            ],
            "action": action_name([d.what for d in done], warned=warned, alerted=alerted),
        }
    )
    return out


def action_name(done: list[str], *, warned: bool = False, alerted: bool = False) -> str:
    """One word for what was done to a message: none, alert_owner (the message stays and the
    owner is told: a rival only asked about), warn, delete, delete_mute, ..."""
    if not done:
        return "warn" if warned else "alert_owner" if alerted else "none"
    if "ban_sender_chat" in done:
        return "delete_ban_channel"
    if "ban" in done:
        return "delete_ban"
    if "restrict" in done:
        return "delete_mute"
    return done[0]


# The longest input line read, in bytes: a Telegram message is at most 4,096 characters, which
# JSON writes in at most 49,152 bytes (every one escaped as a surrogate pair) plus the fields.
MAX_LINE_BYTES = 64 * 1024


class LineTooLong:
    """A line longer than MAX_LINE_BYTES: refused, and not held in memory (`< /dev/zero`)."""


def read_lines(stream: IO[bytes], limit: int = MAX_LINE_BYTES) -> Iterator[bytes | LineTooLong]:
    """The stream's lines, each read with at most `limit` bytes in memory: a longer line is
    LineTooLong, given as soon as it is known, and the rest of it is skipped unread."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        yield LineTooLong()
        while line and not line.endswith(b"\n"):
            line = stream.readline(limit)


def classify_lines(
    lines: Iterable[str | bytes | LineTooLong], models: Models, policy: ChatPolicy | None = None
) -> Iterator[dict[str, Any]]:
    """One result per input line, in order; a bad line gives an error object and the rest go on.
    Lines read as bytes are decoded here, so one that is not UTF-8 is such a bad line."""
    policy = policy or ChatPolicy()
    for number, raw in enumerate(lines, 1):
        if isinstance(raw, LineTooLong):
            yield {
                "error": f"line {number}: longer than {MAX_LINE_BYTES:,} bytes, not read "
                "(a Telegram message is at most 4,096 characters)"
            }
            continue
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if number == 1:
                line = line.removeprefix("\ufeff")  # a byte-order mark (Windows editors)
        except UnicodeDecodeError:
            yield {"error": f"line {number}: not UTF-8 text"}
            continue
        if not line.strip():
            yield {"error": f"line {number}: empty line"}
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"error": f"line {number}: not valid JSON ({exc.msg})"}
            continue
        except RecursionError:
            yield {"error": f"line {number}: not valid JSON (nested too deeply)"}
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            yield {"error": f'line {number}: needs a "text" string'}
            continue
        try:
            yield classify_one(item, models, policy)
        except ValueError as exc:
            yield {"error": f"line {number}: {exc}"}


class SampleError(ValueError):
    """A line of a samples file that cannot be a sample, with where it is."""


def read_samples(path: Path, label: str) -> list[tuple[str, str]]:
    """Texts from a file: JSON Lines with "text" (and optional "lang"), or plain lines.

    A line that starts like JSON but is not an object with a "text" string is refused with its
    line number (it would otherwise be learned as a message reading `{"text": ...`). So is a
    line that is not UTF-8, or whose text no database can store (a NUL, a lone surrogate).
    Lines end at \n, \r or \r\n, as in a text file; a byte-order mark at the start is skipped.
    """
    out: list[tuple[str, str]] = []
    for number, raw in enumerate(path.read_bytes().splitlines(), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SampleError(f"{path}:{number}: not UTF-8 text") from None
        stripped = (line.removeprefix("\ufeff") if number == 1 else line).strip()
        if not stripped:
            continue
        if stripped.startswith("{"):
            try:
                item = json.loads(stripped)
            except (ValueError, RecursionError):
                raise SampleError(f"{path}:{number}: not valid JSON") from None
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise SampleError(f'{path}:{number}: needs a "text" string')
            if not item["text"].strip():
                raise SampleError(f"{path}:{number}: the text is empty")
            lang = item.get("lang")
            if lang is not None and not isinstance(lang, str):
                raise SampleError(f'{path}:{number}: "lang" must be a string')
            text, lang = item["text"], lang or ""
        else:
            text, lang = stripped, ""
        if "\0" in text or not _encodable(text):
            raise SampleError(f"{path}:{number}: the text holds a NUL or a lone surrogate")
        out.append((text, lang))
    return out


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class Tally:
    """Confusion counts for one language."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    false_positives: list[str] = field(default_factory=list)

    # Each figure is None when nothing is under it (no message flagged, no spam, no ham): a
    # figure with no samples is unknown, not the best or the worst possible.

    @property
    def precision(self) -> float | None:
        """Share of flagged messages that were spam."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Share of spam that was flagged."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def fpr(self) -> float | None:
        """Share of ham that was flagged."""
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else None


def evaluate_files(
    spam: Path, ham: Path, models: Models, policy: ChatPolicy | None = None
) -> dict[str, Tally]:
    """Precision, recall and false-positive rate per language (and "all")."""
    policy = policy or ChatPolicy()
    tallies: dict[str, Tally] = defaultdict(Tally)
    for path, label in ((spam, "spam"), (ham, "ham")):
        for text, lang in read_samples(path, label):
            flagged = classify_one({"text": text}, models, policy)["spam"]
            for key in (lang or script_of(text), "all"):
                tally = tallies[key]
                if label == "spam":
                    tally.tp += flagged
                    tally.fn += not flagged
                else:
                    tally.fp += flagged
                    tally.tn += not flagged
                    if flagged and key == "all" and len(tally.false_positives) < 10:
                        tally.false_positives.append(text[:100])
    return dict(tallies)


def _figure(value: float | None, spec: str) -> str:
    """A figure as the table shows it: "n/a" when it has no samples under it."""
    return "n/a" if value is None else format(value, spec)


def format_report(tallies: dict[str, Tally]) -> str:
    """A small table of the figures."""
    lines = [f"{'lang':<6} {'spam':>5} {'ham':>5} {'precision':>9} {'recall':>7} {'FPR':>7}"]
    for lang in sorted(tallies, key=lambda k: (k == "all", k)):
        t = tallies[lang]
        lines.append(
            f"{lang:<6} {t.tp + t.fn:>5} {t.fp + t.tn:>5} {_figure(t.precision, '.3f'):>9} "
            f"{_figure(t.recall, '.3f'):>7} {_figure(t.fpr, '.3%'):>7}"
        )
    wrong = tallies.get("all", Tally()).false_positives
    if wrong:
        lines.append("false positives (first ones):")
        lines += [f"  {text}" for text in wrong]
    return "\n".join(lines)
