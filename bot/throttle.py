"""Alert throttling: a wave of spam becomes one DM now and a count later, never a DM queue.

Per chat and kind, the first few alerts in a window go out at once; after that, alerts within the
window are only counted, and the first alert after it says how many were folded into it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

WINDOW_S = 60.0
BURST = 3


@dataclass
class _Slot:
    opened: float
    sent: int = 1
    suppressed: int = 0


class AlertThrottle:
    """Decides whether an alert is sent now, and how many it stands for."""

    def __init__(
        self, window_s: float = WINDOW_S, burst: int = BURST, max_keys: int = 20_000
    ) -> None:
        self.window_s = window_s
        self.burst = burst
        self.max_keys = max_keys
        self._slots: dict[tuple[int, str], _Slot] = {}

    def admit(self, chat_id: int, kind: str, now: float | None = None) -> int | None:
        """None: fold this alert into a later one; else send it, standing for N earlier ones."""
        now = time.monotonic() if now is None else now
        key = (chat_id, kind)
        slot = self._slots.get(key)
        if slot is not None and now - slot.opened < self.window_s:
            if slot.sent < self.burst:
                slot.sent += 1
                return 0
            slot.suppressed += 1
            return None
        folded = slot.suppressed if slot is not None else 0
        self._slots[key] = _Slot(now)
        if len(self._slots) > self.max_keys:
            oldest = min(self._slots, key=lambda k: self._slots[k].opened)
            del self._slots[oldest]
        return folded
