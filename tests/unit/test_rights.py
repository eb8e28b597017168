"""Table tests for the bot-rights policy: what Steward may do in a group and what changed."""

from __future__ import annotations

import pytest

from policies.rights import (
    BotRights,
    group_state,
    parse_start_payload,
    rights_change,
    start_payload,
)

FULL = BotRights(True, True, True, True)
NO_PIN = BotRights(True, True, True, False)
MEMBER = BotRights()


@pytest.mark.parametrize(
    ("old", "new", "gained", "lost", "promoted", "demoted"),
    [
        (
            MEMBER,
            FULL,
            ("can_delete_messages", "can_restrict_members", "can_pin_messages"),
            (),
            True,
            False,
        ),
        (FULL, NO_PIN, (), ("can_pin_messages",), False, False),
        (
            FULL,
            MEMBER,
            (),
            ("can_delete_messages", "can_restrict_members", "can_pin_messages"),
            False,
            True,
        ),
        (NO_PIN, NO_PIN, (), (), False, False),
    ],
    ids=["promoted", "lost-pin", "demoted", "unchanged"],
)
def test_rights_change(old, new, gained, lost, promoted, demoted) -> None:
    """The change lists exactly what was gained and lost."""
    change = rights_change(old, new)
    assert (change.gained, change.lost, change.promoted, change.demoted) == (
        gained,
        lost,
        promoted,
        demoted,
    )
    assert change.changed == bool(gained or lost or promoted or demoted)


@pytest.mark.parametrize(
    ("status", "rights", "state"),
    [
        ("active", FULL, "ok"),
        ("active", NO_PIN, "missing"),
        ("active", MEMBER, "not_admin"),
        ("left", FULL, "left"),
        ("kicked", FULL, "left"),
        ("migrated", FULL, "migrated"),
    ],
    ids=["ok", "missing", "not-admin", "left", "kicked", "migrated"],
)
def test_group_state(status: str, rights: BotRights, state: str) -> None:
    """A group's state follows its status first, then Steward's rights."""
    assert group_state(status, rights) == state


@pytest.mark.parametrize("chat_id", [-1001234567890, -42, 7], ids=["super", "basic", "positive"])
def test_payload_round_trip(chat_id: int) -> None:
    """A setup payload names its chat and uses only characters Telegram allows."""
    payload = start_payload(chat_id)
    assert payload.replace("_", "").isalnum() and len(payload) <= 64
    assert parse_start_payload(payload) == chat_id


@pytest.mark.parametrize(
    "payload",
    ["", "setup_", "setup_mx", "hello", "setup_m" + "9" * 30, "setup_-5"],
    ids=["empty", "no-id", "letters", "other", "too-long", "minus"],
)
def test_foreign_payloads_are_not_chats(payload: str) -> None:
    """Anything that is not a setup payload parses to None rather than a wrong chat."""
    assert parse_start_payload(payload) is None


def test_rights_from_stored_mapping_ignores_junk() -> None:
    """Stored rights with unknown keys or non-bool values never grant anything."""
    rights = BotRights.from_mapping({"is_admin": "yes", "can_pin_messages": True, "x": 1})
    assert rights == BotRights(False, False, False, True)
    assert BotRights.from_mapping(FULL.to_mapping()) == FULL
