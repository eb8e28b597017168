"""How people are named in Steward's messages: a free-text name never passes for a handle or a
link."""

from __future__ import annotations

import pytest

from bot.names import display_name


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("John Smith", "John Smith"),
        ("Dr. Who", "Dr. Who"),
        ("Мария", "Мария"),
        ("王小明", "王小明"),
        ("@dave", "“＠dave”"),
        ("FREE USDT t.me/+ScamGroup1", "“FREE USDT t\u2024me/+ScamGroup1”"),
        ("Ann (shop.com)", "“Ann (shop\u2024com)”"),
    ],
)
def test_a_free_text_name_is_shown_inert(name: str, shown: str) -> None:
    """A member with no username named "@dave" was shown as the moderator @dave in the owner's
    alert; a name holding a link was posted again by Steward after its spam was removed."""
    assert display_name(None, name) == shown


def test_a_username_and_a_missing_name() -> None:
    assert display_name("dave", "@someone else") == "@dave"
    assert display_name(None, None, 42) == "42"
    assert display_name(None, "", 42) == "42"
