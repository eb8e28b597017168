"""The spam models Steward runs with: the shared one, and one overlay per chat.

The shared model comes from the shipped n-gram counts (policies/data/spam_model.json.gz, built
by `make model` from the seeds and the shippable real corpus, see bot/train_model.py); without
that file it is trained from the seed files alone. Reading files is I/O, so it lives here and not
in policies/. The base model is cached per process so restarts in tests and the demo stay quick.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from policies.classifier import (
    HAM,
    SPAM,
    ChatModel,
    Counts,
    Model,
    copy_counts,
    from_payload,
    train,
)
from policies.text import normalise

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)

Sample = tuple[str, str, str]  # text, label, lang
MODEL_FILE = "spam_model.json.gz"


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
def seed_model() -> Model:
    """The model of the seed files alone (the fallback without the shipped counts)."""
    return train((normalise(text), label) for text, label, _ in seed_samples())


@cache
def shipped_counts() -> Counts | None:
    """The shipped n-gram counts, or None when the file is missing or unreadable."""
    entry = resources.files("policies") / "data" / MODEL_FILE
    try:
        payload = json.loads(gzip.decompress(entry.read_bytes()))
        return from_payload(payload)
    except FileNotFoundError:
        log.info("no %s: the spam model is trained from the seeds", MODEL_FILE)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning(
            "unreadable %s (%s): the spam model is trained from the seeds", MODEL_FILE, exc
        )
    return None


@cache
def base_model() -> Model:
    """The shared spam model before any stored sample: the shipped counts, else the seeds."""
    counts = shipped_counts()
    return Model(counts) if counts is not None else seed_model()


class Models:
    """The shared models plus per-chat feedback overlays, kept in step with the store.

    A sample labelled with a policy's label (spam, poaching, complaint) teaches that label's
    model; one labelled "ham" teaches every model that the text is fine. Per-chat samples live in
    the store: every worker reads new ones (`sync`), so learning survives a restart, is shared by
    workers on one database, and follows a group when it becomes a supergroup.
    """

    def __init__(
        self, shared: dict[str, Model], feedback: dict[int, list[tuple[str, str]]]
    ) -> None:
        self.shared_by_label = shared
        self._feedback = feedback
        self._chats: dict[tuple[str, int], ChatModel] = {}
        self.last_sample_id = 0

    @property
    def shared(self) -> Model:
        """The shared spam model."""
        return self.shared_by_label["spam"]

    @classmethod
    def build(cls, stored: Iterable[tuple[int | None, str, str]] = ()) -> Models:
        """The base model plus stored samples (shared ones add to its counts, chats' overlay)."""
        shared_extra: list[tuple[str, str]] = []
        feedback: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for chat_id, text, label in stored:
            if chat_id is None:
                shared_extra.append((normalise(text), label))
            else:
                feedback[chat_id].append((normalise(text), label))
        extra = [s for s in shared_extra if s[1] in (SPAM, HAM) and s[0]]
        if extra:
            # Shared samples (`steward train`) add to the base counts, one message each.
            counts = copy_counts(base_model().counts)
            for norm, label in extra:
                counts.add(norm, label)
            shared = Model(counts)
        else:
            shared = base_model()
        return cls({SPAM: shared}, dict(feedback))

    @classmethod
    async def load(cls, store: Store) -> Models:
        """The models as the store's samples make them, remembering the newest sample read."""
        rows = await store.list_samples_after(0)
        models = cls.build((r.chat_id, r.text, r.label) for r in rows)
        models.last_sample_id = max((r.id for r in rows), default=0)
        return models

    async def sync(self, store: Store) -> int:
        """Take samples stored since the last sync (by any worker) into the chats' models."""
        # A group that became a supergroup on another worker: its learning follows it here too.
        for old_id, new_id in (await store.migrated_chats(self._feedback)).items():
            self.move_chat(old_id, new_id)
        rows = await store.list_samples_after(self.last_sample_id)
        for row in rows:
            self.last_sample_id = max(self.last_sample_id, row.id)
            if row.chat_id is None:
                # Shared samples (steward train) retrain the shared model at the next start.
                continue
            self._learn(row.chat_id, row.text, row.label)
        return len(rows)

    def for_chat(self, chat_id: int) -> Model | ChatModel:
        """The spam model that judges one chat's messages."""
        model = self.for_label(chat_id, SPAM)
        assert model is not None  # the spam model is always trained
        return model

    def for_label(self, chat_id: int, label: str) -> Model | ChatModel | None:
        """The model that judges one chat's messages for a label (None: that label has none)."""
        model = self._chats.get((label, chat_id))
        if model is not None:
            return model
        shared = self.shared_by_label.get(label)
        if shared is None:
            return None
        samples = self._samples(chat_id, label)
        if not samples:
            return shared
        built = shared.with_feedback(samples)
        self._chats[(label, chat_id)] = built
        return built

    def _samples(self, chat_id: int, label: str) -> list[tuple[str, str]]:
        """A chat's feedback as one label's model reads it: that label is spam, ham is ham."""
        return [
            (norm, SPAM if said == label else HAM)
            for norm, said in self._feedback.get(chat_id, [])
            if said in (label, HAM)
        ]

    def _learn(self, chat_id: int, text: str, label: str) -> None:
        """Take one moderator decision into this chat's models."""
        norm = normalise(text)
        self._feedback.setdefault(chat_id, []).append((norm, label))
        for model_label, shared in self.shared_by_label.items():
            if label not in (model_label, HAM):
                continue
            as_label = SPAM if label == model_label else HAM
            current = self._chats.get((model_label, chat_id))
            if current is None:
                self._chats[(model_label, chat_id)] = shared.with_feedback(
                    self._samples(chat_id, model_label)
                )
            else:
                self._chats[(model_label, chat_id)] = current.learn(norm, as_label)

    def move_chat(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its feedback follows it."""
        if old_id in self._feedback:
            self._feedback.setdefault(new_id, []).extend(self._feedback.pop(old_id))
        for key in [k for k in self._chats if k[1] in (old_id, new_id)]:
            del self._chats[key]
