"""Member reports: when enough distinct members report a message, it is hidden until an admin
decides."""

from __future__ import annotations

from policies.chatpolicy import ChatPolicy


def should_hide(distinct_reporters: int, policy: ChatPolicy) -> bool:
    """Whether a message reported by this many distinct members is hidden (0: never hide)."""
    return policy.report_threshold > 0 and distinct_reporters >= policy.report_threshold
