"""Fault injection: make chosen Bot API calls fail the way Telegram sometimes does."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

KINDS = ("429", "5xx", "timeout", "403", "reset")


@dataclass
class Fault:
    """One planned failure (or `times` of them) for a method, optionally in one chat."""

    method: str
    kind: str
    times: int = 1
    retry_after: int = 1
    chat_id: int | None = None


class Faults:
    """The fault plan of a world: explicit failures and a seeded random rate."""

    def __init__(self, seed: int = 0) -> None:
        self.planned: list[Fault] = []
        self._random = random.Random(seed)
        self._rate = 0.0
        self._kinds: tuple[str, ...] = ()
        self._methods: frozenset[str] | None = None
        self._retry_after_max = 1

    def fail(
        self,
        method: str,
        kind: str,
        *,
        times: int = 1,
        retry_after: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Make the next `times` calls of a method (in a chat, if given) fail with `kind`."""
        if kind not in KINDS:
            raise ValueError(f"fault kind must be one of {KINDS}")
        self.planned.append(Fault(method, kind, times, retry_after, chat_id))

    def random(
        self,
        rate: float,
        *,
        seed: int | None = None,
        kinds: Iterable[str] = ("429", "5xx", "timeout"),
        methods: Iterable[str] | None = None,
        retry_after_max: int = 1,
    ) -> None:
        """Fail calls at a seeded random rate (never getUpdates unless named in methods); a 429
        asks to wait 1 to retry_after_max seconds."""
        if seed is not None:
            self._random.seed(seed)
        self._retry_after_max = max(1, retry_after_max)
        self._rate = rate
        self._kinds = tuple(kinds)
        self._methods = frozenset(methods) if methods is not None else None

    def clear(self) -> None:
        """No more faults."""
        self.planned.clear()
        self._rate = 0.0

    def pick(self, method: str, params: dict[str, Any]) -> Fault | None:
        """The fault this call suffers, if any (consuming one planned failure)."""
        chat = params.get("chat_id")
        for fault in self.planned:
            if fault.method != method or fault.times <= 0:
                continue
            if fault.chat_id is not None and str(fault.chat_id) != str(chat):
                continue
            fault.times -= 1
            return fault
        if self._rate <= 0:
            return None
        if self._methods is None and method == "getUpdates":
            return None
        if self._methods is not None and method not in self._methods:
            return None
        if self._random.random() < self._rate:
            kind = self._random.choice(self._kinds)
            wait = self._random.randint(1, self._retry_after_max) if kind == "429" else 1
            return Fault(method, kind, retry_after=wait)
        return None
