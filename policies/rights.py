"""Pure decisions about Steward's own place in a group: its rights, their changes, the state."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# The rights Steward asks for, in the order it lists them.
NEEDED_RIGHTS: tuple[str, ...] = (
    "can_delete_messages",
    "can_restrict_members",
    "can_pin_messages",
)

_PAYLOAD = re.compile(r"^setup_(m?)(\d{1,20})$")


@dataclass(frozen=True, slots=True)
class BotRights:
    """What Steward may do in one group."""

    is_admin: bool = False
    can_delete_messages: bool = False
    can_restrict_members: bool = False
    can_pin_messages: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, object] | None) -> BotRights:
        """Rights from a stored mapping; unknown keys and non-bool values are ignored."""
        if not data:
            return cls()
        values = {name: data.get(name) is True for name in ("is_admin", *NEEDED_RIGHTS)}
        return cls(**values)

    def to_mapping(self) -> dict[str, bool]:
        """The rights as a plain mapping for the store."""
        return {
            "is_admin": self.is_admin,
            **{name: bool(getattr(self, name)) for name in NEEDED_RIGHTS},
        }

    def granted(self) -> tuple[str, ...]:
        """Needed rights Steward has."""
        return tuple(name for name in NEEDED_RIGHTS if getattr(self, name))

    def missing(self) -> tuple[str, ...]:
        """Needed rights Steward lacks."""
        return tuple(name for name in NEEDED_RIGHTS if not getattr(self, name))


@dataclass(frozen=True, slots=True)
class RightsChange:
    """The difference between Steward's rights before and after a promotion or demotion."""

    gained: tuple[str, ...]
    lost: tuple[str, ...]
    promoted: bool
    demoted: bool

    @property
    def changed(self) -> bool:
        """Whether anything the owner should hear about changed."""
        return bool(self.gained or self.lost or self.promoted or self.demoted)


def rights_change(old: BotRights, new: BotRights) -> RightsChange:
    """What changed between two sets of rights."""
    return RightsChange(
        gained=tuple(r for r in NEEDED_RIGHTS if getattr(new, r) and not getattr(old, r)),
        lost=tuple(r for r in NEEDED_RIGHTS if getattr(old, r) and not getattr(new, r)),
        promoted=new.is_admin and not old.is_admin,
        demoted=old.is_admin and not new.is_admin,
    )


def group_state(status: str, rights: BotRights) -> str:
    """A short state name for a group: ok, missing, not_admin, left or migrated."""
    if status == "migrated":
        return "migrated"
    if status in ("left", "kicked"):
        return "left"
    if not rights.is_admin:
        return "not_admin"
    return "missing" if rights.missing() else "ok"


def start_payload(chat_id: int) -> str:
    """The deep-link payload that opens a group's setup in private ([A-Za-z0-9_-] only)."""
    return f"setup_m{-chat_id}" if chat_id < 0 else f"setup_{chat_id}"


def parse_start_payload(payload: str) -> int | None:
    """The chat id in a setup payload, or None when the payload is not one."""
    match = _PAYLOAD.match(payload.strip())
    if match is None:
        return None
    number = int(match.group(2))
    return -number if match.group(1) else number
