"""A chat's moderation settings as a frozen policy, parsed tolerantly from stored settings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from typing import Any, Literal

from policies.domains import NOT_ALLOWABLE
from policies.values import NOTHING

Mode = Literal["observe", "enforce"]
SpamAction = Literal["delete", "delete_mute", "delete_ban"]
PoachingAction = Literal["observe", "warn", "delete", "delete_mute", "delete_ban"]
LimitAction = Literal["none", "mute", "kick", "ban"]


@dataclass(frozen=True, slots=True)
class ChatPolicy:
    """How a chat turns scores into actions."""

    mode: Mode = "enforce"
    spam_action: SpamAction = "delete_mute"
    # Competitor poaching: observe records and alerts only; warn uses the warning ladder.
    poaching_action: PoachingAction = "delete"
    mute_minutes: int = 24 * 60
    threshold: float = 0.70
    borderline: float = 0.55
    new_member_hours: int = 24
    new_member_messages: int = 3
    trust_after: int = 20
    warn_limit: int = 3
    at_limit: LimitAction = "mute"
    # Distinct member reports that hide a message until an admin decides (0: never hide).
    report_threshold: int = 3
    # Complaint pile-ups: watched or not, distinct complainers in half an hour per level, and
    # how long calm mode lasts when the owner turns it on from an alert.
    herd: Literal["on", "off"] = "on"
    herd_watch: int = 3
    herd_warning: int = 5
    herd_critical: int = 10
    calm_minutes: int = 120
    # Engagement prompts: which of the library's themes suit the chat, how many messages in the
    # last hour make it too busy for a scheduled prompt (0: never), and whether a decline
    # brings the next prompt forward.
    prompt_theme: Literal["any", "selling", "fan"] = "any"
    busy_messages: int = 30
    decline_boost: Literal["on", "off"] = "on"
    allow_domains: frozenset[str] = NOTHING
    allow_handles: frozenset[str] = NOTHING

    def action_for(self, label: str) -> str:
        """What this chat does about a message a policy gives this label.

        One of: none (nothing), observe (record and alert, as observe mode does), warn, delete,
        delete_mute, delete_ban. Spam follows the
        chat's spam setting, poaching its own; labels with no setting yet are recorded and not
        acted on.
        """
        if label == "spam":
            return self.spam_action
        if label == "poaching":
            return self.poaching_action
        return "none"

    @property
    def mute_for(self) -> timedelta:
        """How long a spammer is muted."""
        return timedelta(minutes=self.mute_minutes)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> ChatPolicy:
        """A policy from stored settings; unknown keys and bad values fall back to defaults."""
        policy = DEFAULT_POLICY if cls is ChatPolicy else cls()
        if not settings:
            return policy  # most chats: the one shared default
        changes: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in settings:
                continue
            value = _coerce(f.name, settings[f.name], getattr(policy, f.name))
            if value is not None:
                changes[f.name] = value
        policy = replace(policy, **changes) if changes else policy
        if policy.borderline > policy.threshold:
            # Stored bounds that cross (edited by hand): no borderline band, never a gap.
            policy = replace(policy, borderline=policy.threshold)
        return policy

    def to_settings(self) -> dict[str, Any]:
        """The policy as JSON-ready settings."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = sorted(value) if isinstance(value, frozenset) else value
        return out


def parse_settings(settings: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The policy settings a file a person wrote names, checked as `/settings KEY VALUE` checks
    them (the same parser, then the thresholds' order): the typed values, and each value
    `/settings` would refuse, named (refused, not silently replaced by the default)."""
    parsed: dict[str, Any] = {}
    rejected: list[str] = []
    for f in fields(ChatPolicy):
        if f.name not in settings:
            continue
        raw = settings[f.name]
        text = _as_text(raw, listed=isinstance(getattr(DEFAULT_POLICY, f.name), frozenset))
        value = None if text is None else _parse_value(f.name, text)
        if value is None or isinstance(value, SettingError):
            rejected.append(f"{f.name} = {raw!r}")
        else:
            parsed[f.name] = value
    if not rejected and ("threshold" in parsed or "borderline" in parsed):
        # /settings refuses a borderline above the threshold (they would be swapped or clamped
        # silently): so is a settings file.
        low = parsed.get("borderline", DEFAULT_POLICY.borderline)
        high = parsed.get("threshold", DEFAULT_POLICY.threshold)
        if low > high:
            rejected.append(f"borderline {low} above threshold {high}")
    return parsed, rejected


def rejected_settings(settings: Mapping[str, Any]) -> list[str]:
    """The values of `settings` that `/settings` would refuse, named (see parse_settings)."""
    return parse_settings(settings)[1]


def _as_text(value: Any, *, listed: bool) -> str | None:
    """A value of a settings file as a moderator would type it after `/settings KEY`, or None
    for one no typing gives (true/false, null, a table, a list of anything but text, a list
    for a setting that is not one: `listed`)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list | tuple) and listed:
        if not all(isinstance(item, str) for item in value):
            return None
        return " ".join(value) if value else "none"
    return None


# The policy of every chat whose settings were never changed: one object, shared.
DEFAULT_POLICY = ChatPolicy()

_CHOICES: dict[str, tuple[str, ...]] = {
    "mode": ("observe", "enforce"),
    "spam_action": ("delete", "delete_mute", "delete_ban"),
    "poaching_action": ("observe", "warn", "delete", "delete_mute", "delete_ban"),
    "at_limit": ("none", "mute", "kick", "ban"),
    "herd": ("on", "off"),
    "prompt_theme": ("any", "selling", "fan"),
    "decline_boost": ("on", "off"),
}
_RANGES: dict[str, tuple[float, float]] = {
    "mute_minutes": (1, 366 * 24 * 60),
    "threshold": (0.05, 0.99),
    "borderline": (0.05, 0.99),
    "new_member_hours": (0, 24 * 30),
    "new_member_messages": (0, 1000),
    "trust_after": (1, 100_000),
    "warn_limit": (1, 100),
    "report_threshold": (0, 50),
    "herd_watch": (2, 1000),
    "herd_warning": (2, 1000),
    "herd_critical": (2, 1000),
    "calm_minutes": (1, 7 * 24 * 60),
    "busy_messages": (0, 100_000),
}

# Settings moderators can change with /settings KEY VALUE, in the order /settings shows them.
EDITABLE: tuple[str, ...] = (
    "mode",
    "spam_action",
    "poaching_action",
    "mute_minutes",
    "threshold",
    "borderline",
    "new_member_hours",
    "new_member_messages",
    "trust_after",
    "warn_limit",
    "at_limit",
    "report_threshold",
    "herd",
    "calm_minutes",
    "prompt_theme",
    "busy_messages",
    "decline_boost",
    "allow_domains",
    "allow_handles",
)
# Settings that matter most: only the owner or an admin who may promote members changes them.
KEY_SETTINGS: frozenset[str] = frozenset({"mode"})
_CLEAR = frozenset({"none", "-", "off", "clear"})
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_DOMAIN_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?")
# A public @username (four letters or more: short ones are sold as collectibles) or the hash of
# an invite link ("+AbCdEf12"), both as /allow stores them.
_HANDLE = re.compile(r"[a-z][a-z0-9_]{3,31}|\+[\w-]{6,64}")


@dataclass(frozen=True, slots=True)
class SettingError:
    """Why a setting was not accepted: a catalogue key and what to show with it."""

    key: str
    detail: str


def parse_setting(name: str, raw: str, policy: ChatPolicy | None = None) -> Any:
    """A moderator's `/settings KEY VALUE` as a typed value, or a SettingError saying why not."""
    name = name.strip().lower().replace("-", "_")
    if name not in EDITABLE:
        return SettingError("unknown_key", name[:40])
    value = _parse_value(name, raw)
    if isinstance(value, SettingError):
        return value
    base = policy or ChatPolicy()
    if name == "borderline" and value > base.threshold:
        return SettingError("bad_order", f"threshold {_fmt(base.threshold)}")
    if name == "threshold" and value < base.borderline:
        return SettingError("bad_order", f"borderline {_fmt(base.borderline)}")
    return value


def _parse_value(name: str, raw: str) -> Any:
    """One setting's value as typed, checked on its own (parse_setting and parse_settings check
    the thresholds' order after): the typed value, or a SettingError."""
    current = getattr(DEFAULT_POLICY, name)
    text = raw.strip()
    if name in _CHOICES:
        word = text.lower()
        if word not in _CHOICES[name]:
            return SettingError("bad_choice", ", ".join(_CHOICES[name]))
        return word
    if isinstance(current, frozenset):
        if text.lower() in _CLEAR:
            return NOTHING
        items = [p.strip().lower().lstrip("@") for p in text.replace(",", " ").split()]
        items = [p for p in items if p]
        if not items or any(len(p) > 253 for p in items) or len(items) > 200:
            return SettingError("bad_list", text[:40])
        if name == "allow_domains":
            items = [_DOMAIN_PREFIX.sub("", p).split("/", 1)[0] for p in items]
            wrong = next((p for p in items if not _DOMAIN.fullmatch(p)), None)
            if wrong is not None:
                return SettingError("bad_domain", wrong[:60])
            whole = next((p for p in items if p in NOT_ALLOWABLE), None)
            if whole is not None:
                return SettingError("messenger_domain", whole)
        if name == "allow_handles":
            wrong = next((p for p in items if not _HANDLE.fullmatch(p)), None)
            if wrong is not None:
                return SettingError("bad_handle", wrong[:60])
        return frozenset(items)
    low, high = _RANGES[name]
    try:
        number: float = float(text.replace(",", ".")) if isinstance(current, float) else int(text)
    except ValueError:
        return SettingError("bad_number", f"{_fmt(low)}-{_fmt(high)}")
    if not low <= number <= high:
        return SettingError("bad_number", f"{_fmt(low)}-{_fmt(high)}")
    return number


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def show_value(value: Any) -> str:
    """A setting's value as moderators read it."""
    if isinstance(value, frozenset):
        shown = ", ".join(sorted(value)) or "-"
        # A lone handle spelled like a clearing word (@clear) keeps its @, so it reads back as
        # itself rather than as "empty the list".
        return f"@{shown}" if value and shown in _CLEAR else shown
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _coerce(name: str, value: Any, default: Any) -> Any:
    if name in _CHOICES:
        return value if value in _CHOICES[name] else None
    if isinstance(default, frozenset):
        if isinstance(value, (list, tuple, set, frozenset)):
            # Only text is a domain or a handle (a null read as "none" was one).
            items = (v.strip().lower().lstrip("@").strip() for v in value if isinstance(v, str))
            return frozenset(item for item in items if item)
        return None
    if isinstance(value, bool):
        return None
    try:
        number = float(value) if isinstance(default, float) else int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(inf), float(10**400)
        return None
    low, high = _RANGES.get(name, (float("-inf"), float("inf")))
    return number if low <= number <= high else None
