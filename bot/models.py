"""The spam models Steward runs with: the shared one from the seeds, and one overlay per chat.

Loading the seed files is I/O, so it lives here and not in policies/. Training takes a fraction of
a second; the seed-only model is cached per process so restarts in tests and the demo stay quick.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources

from policies.classifier import ChatModel, Model, train
from policies.text import normalise

log = logging.getLogger(__name__)

Sample = tuple[str, str, str]  # text, label, lang


@cache
def seed_samples() -> tuple[Sample, ...]:
    """The labelled messages shipped in policies/data/seed_*.jsonl."""
    rows: list[Sample] = []
    folder = resources.files("policies") / "data"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not (entry.name.startswith("seed_") and entry.name.endswith(".jsonl")):
            continue
        with entry.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    rows.append((str(item["text"]), str(item["label"]), str(item.get("lang", ""))))
                except (ValueError, KeyError, TypeError):
                    log.warning("skipping malformed seed line %s:%d", entry.name, number)
    return tuple(rows)


@cache
def _seed_model() -> Model:
    return train((normalise(text), label) for text, label, _ in seed_samples())


class Models:
    """The shared model plus per-chat feedback overlays."""

    def __init__(self, shared: Model, feedback: dict[int, list[tuple[str, str]]]) -> None:
        self.shared = shared
        self._feedback = feedback
        self._chats: dict[int, ChatModel] = {}

    @classmethod
    def build(cls, stored: Iterable[tuple[int | None, str, str]] = ()) -> Models:
        """Train from the seeds plus stored samples (shared ones retrain, chat ones overlay)."""
        shared_extra: list[tuple[str, str]] = []
        feedback: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for chat_id, text, label in stored:
            if chat_id is None:
                shared_extra.append((normalise(text), label))
            else:
                feedback[chat_id].append((normalise(text), label))
        if shared_extra:
            base = [(normalise(t), label) for t, label, _ in seed_samples()]
            shared = train(base + shared_extra)
        else:
            shared = _seed_model()
        return cls(shared, dict(feedback))

    def for_chat(self, chat_id: int) -> Model | ChatModel:
        """The model that judges one chat's messages."""
        model = self._chats.get(chat_id)
        if model is not None:
            return model
        samples = self._feedback.get(chat_id)
        if not samples:
            return self.shared
        built = self.shared.with_feedback(samples)
        self._chats[chat_id] = built
        return built

    def learn(self, chat_id: int, text: str, label: str) -> None:
        """Take one moderator decision into this chat's model at once."""
        norm = normalise(text)
        self._feedback.setdefault(chat_id, []).append((norm, label))
        current = self._chats.get(chat_id)
        if current is None:
            self._chats[chat_id] = self.shared.with_feedback(self._feedback[chat_id])
        else:
            self._chats[chat_id] = current.learn(norm, label)

    def move_chat(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its feedback follows it."""
        if old_id in self._feedback:
            self._feedback.setdefault(new_id, []).extend(self._feedback.pop(old_id))
        self._chats.pop(old_id, None)
        self._chats.pop(new_id, None)
