"""Chat-level decisions: detectors that judge a chat over its windows, not one message.

The herd detector, a group's life stage and raids read the chat's durable windows (counts per
time bucket, passed in) and return a `ChatDecision`: chat actions the actuator carries out
(alert, post, pin, set or restore permissions), with the checks that led to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from policies.chatpolicy import ChatPolicy
from policies.facts import AlertPlan, Check

ChatActionKind = Literal["alert", "post", "pin", "set_permissions", "restore_permissions"]


@dataclass(frozen=True, slots=True)
class ChatAction:
    """Something to do to a chat as a whole."""

    kind: ChatActionKind
    # post: the catalogue key of the text and its values; alert: what the owner is told.
    text_key: str | None = None
    values: tuple[tuple[str, object], ...] = ()
    alert: AlertPlan | None = None
    # set_permissions: what members may do (Telegram's ChatPermissions field names).
    permissions: Mapping[str, bool] = field(default_factory=dict)
    # pin: pin the message the previous post action made.
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChatDecision:
    """What a chat-level detector decided for one chat, and why."""

    chat_id: int
    actions: tuple[ChatAction, ...] = ()
    checks: tuple[Check, ...] = ()
    # The detector's new state for the chat (e.g. a level), for the caller to keep.
    state: str | None = None


@dataclass(frozen=True, slots=True)
class Windows:
    """A chat's window counts as a detector reads them: kind -> key -> bucket start -> count."""

    chat_id: int
    counts: Mapping[str, Mapping[str, Mapping[datetime, int]]] = field(default_factory=dict)

    def total(self, kind: str, since: datetime, key: str | None = None) -> int:
        """The sum of a kind's counts (one key, or all) in buckets from `since` on."""
        keys = self.counts.get(kind, {})
        chosen = [keys.get(key, {})] if key is not None else list(keys.values())
        return sum(n for buckets in chosen for at, n in buckets.items() if at >= since)

    def distinct(self, kind: str, since: datetime) -> int:
        """How many keys of a kind have a count in buckets from `since` on."""
        keys = self.counts.get(kind, {})
        return sum(1 for buckets in keys.values() if any(at >= since for at in buckets))


class ChatDetector(Protocol):
    """A chat-level detector: pure, time passed in, state in the windows and `previous`."""

    def judge_chat(
        self, windows: Windows, policy: ChatPolicy, now: datetime, previous: str | None
    ) -> ChatDecision:
        """The decision for one chat now."""
        ...
