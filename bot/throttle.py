"""Alert throttling: a wave of alerts becomes a few messages now and one digest later.

Per chat and kind, the first few alerts in a window go out at once; after that, alerts within the
window are only counted. Once the window has passed, `drain` hands out what was counted so the
caller can send one digest ("47 more like this"), so a storm is aggregated, never queued.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

WINDOW_S = 60.0
BURST = 3


@dataclass
class _Slot:
    opened: float
    sent: int = 1
    suppressed: int = 0


class AlertThrottle:
    """Decides whether an alert is sent now; counts the ones it holds back."""

    def __init__(
        self, window_s: float = WINDOW_S, burst: int = BURST, max_keys: int = 20_000
    ) -> None:
        self.window_s = window_s
        self.burst = burst
        self.max_keys = max_keys
        self._slots: dict[tuple[int, str], _Slot] = {}
        self._owed: Counter[tuple[int, str]] = Counter()

    def admit(self, chat_id: int, kind: str, now: float) -> bool:
        """True: send this alert now. False: it is counted into a later digest."""
        key = (chat_id, kind)
        slot = self._slots.get(key)
        if slot is not None and now - slot.opened < self.window_s:
            if slot.sent < self.burst:
                slot.sent += 1
                return True
            slot.suppressed += 1
            return False
        if slot is not None and slot.suppressed:
            self._owed[key] += slot.suppressed
        self._slots[key] = _Slot(now)
        if len(self._slots) > self.max_keys:
            oldest = min(self._slots, key=lambda k: self._slots[k].opened)
            self._owed[oldest] += self._slots.pop(oldest).suppressed
        return True

    def drain(self, now: float) -> list[tuple[int, str, int]]:
        """(chat, kind, count) of alerts held back in windows that have closed; forgets them."""
        for key, slot in list(self._slots.items()):
            if now - slot.opened >= self.window_s:
                if slot.suppressed:
                    self._owed[key] += slot.suppressed
                del self._slots[key]
        due = [(chat, kind, n) for (chat, kind), n in self._owed.items() if n]
        self._owed.clear()
        return due

    def __len__(self) -> int:
        return len(self._slots)


class Cooldown:
    """At most one event per key per period (e.g. one refusal a minute per person)."""

    def __init__(self, period_s: float = 60.0, max_keys: int = 50_000) -> None:
        self.period_s = period_s
        self.max_keys = max_keys
        self._last: dict[object, float] = {}

    def ready(self, key: object, now: float) -> bool:
        """True (and start the period) if the key is not cooling down."""
        last = self._last.get(key)
        if last is not None and now - last < self.period_s:
            return False
        if len(self._last) >= self.max_keys:
            cutoff = now - self.period_s
            self._last = {k: v for k, v in self._last.items() if v > cutoff}
            if len(self._last) >= self.max_keys:
                self._last.clear()
        self._last[key] = now
        return True
