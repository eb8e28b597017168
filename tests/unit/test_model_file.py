"""The shipped spam model file: rebuilt from the corpus it equals the file, holds no texts, loads.

The rebuild needs `../shared/corpus` (or STEWARD_SHARED); without it that test is skipped.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources

import pytest

from bot import models
from bot.models import MODEL_FILE, Models, base_model, shipped_counts
from bot.train_model import SHARED, build, encode, training_groups
from policies.classifier import Counts, Model, from_payload, to_payload
from policies.text import normalise

CORPUS = SHARED / "corpus"


def _shipped_bytes() -> bytes:
    return (resources.files("policies") / "data" / MODEL_FILE).read_bytes()


def test_rebuilding_from_the_corpus_gives_the_shipped_file() -> None:
    if not (CORPUS / "SOURCES.md").is_file():
        pytest.skip(f"no corpus at {CORPUS} (set STEWARD_SHARED): the model cannot be rebuilt")
    rebuilt = encode(build(training_groups(CORPUS)))
    shipped = _shipped_bytes()
    assert gzip.decompress(rebuilt) == gzip.decompress(shipped), "stale model: run `make model`"
    assert rebuilt == shipped


def test_the_file_holds_only_short_n_grams_and_counts() -> None:
    payload = json.loads(gzip.decompress(_shipped_bytes()))
    assert payload["format"] == "steward-spam-ngrams/1"
    grams = payload["grams"]
    assert len(grams) > 10_000
    assert all(len(gram) <= 4 for gram, _, _ in grams)
    assert all(isinstance(s, int) and isinstance(h, int) and s + h > 0 for _, s, h in grams)
    assert len(_shipped_bytes()) < 2 * 1024 * 1024


def test_the_shared_model_is_the_shipped_counts() -> None:
    counts = shipped_counts()
    assert counts is not None
    assert to_payload(base_model().counts) == to_payload(counts)
    assert Models.build().shared is base_model()


def test_payload_round_trip_and_refusal() -> None:
    counts = Counts()
    counts.add(normalise("Join our crypto signals channel now"), "spam")
    counts.add(normalise("see you at the meeting tomorrow"), "ham")
    back = from_payload(json.loads(json.dumps(to_payload(counts))))
    assert to_payload(back) == to_payload(counts)
    assert back.spam == counts.spam and back.ham == counts.ham
    with pytest.raises(ValueError):
        from_payload({"format": "something else"})


def test_without_the_file_the_seeds_train_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "shipped_counts", lambda: None)
    fallback = base_model.__wrapped__()
    assert fallback is models.seed_model()
    assert sum(fallback.counts.docs.values()) == len(models.seed_samples())


def test_shared_samples_add_to_the_shipped_counts_without_changing_them() -> None:
    before = to_payload(base_model().counts)
    text = "Zorblax premium mining pool, daily payouts, message the admin"
    built = Models.build([(None, text, "spam")])
    assert built.shared is not base_model()
    assert built.shared.counts.docs["spam"] == base_model().counts.docs["spam"] + 1
    assert built.shared.score(normalise(text)) > base_model().score(normalise(text))
    assert to_payload(base_model().counts) == before
    assert isinstance(built.shared, Model)
