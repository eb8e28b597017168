"""Flood limits apply to sending, not to deleting or restricting."""

from __future__ import annotations

import pytest

from bot.ratelimit import is_sending


@pytest.mark.parametrize(
    ("endpoint", "sending"),
    [
        ("sendMessage", True),
        ("sendPoll", True),
        ("copyMessage", True),
        ("forwardMessages", True),
        ("deleteMessage", False),
        ("restrictChatMember", False),
        ("banChatMember", False),
        ("getChatAdministrators", False),
    ],
    ids=["send", "poll", "copy", "forward", "delete", "restrict", "ban", "read"],
)
def test_is_sending(endpoint: str, sending: bool) -> None:
    """Only methods that post a message count against the chat's flood budget."""
    assert is_sending(endpoint) is sending
