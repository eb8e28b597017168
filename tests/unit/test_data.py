"""The shipped seed data and the evaluation sets: well-formed, balanced, and kept apart."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "policies" / "data").glob("seed_*.jsonl"))
EVALS = sorted((ROOT / "benchmarks" / "data").glob("eval_*.jsonl"))


def _rows(paths: list[Path]) -> list[tuple[Path, dict[str, str]]]:
    return [
        (path, json.loads(line))
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.mark.parametrize("path", SEEDS + EVALS, ids=lambda p: p.name)
def test_every_line_is_a_labelled_sample(path: Path) -> None:
    """Each line holds text, a spam or ham label and one of the supported languages."""
    for _, row in _rows([path]):
        assert set(row) == {"text", "label", "lang"}, row
        assert row["label"] in ("spam", "ham"), row
        assert row["lang"] in ("en", "ru", "zh"), row
        assert row["text"].strip(), row


def test_no_evaluation_message_is_also_a_seed() -> None:
    """A message the model was trained on would flatter the evaluation figures."""
    seeds = {row["text"].strip().casefold() for _, row in _rows(SEEDS)}
    shared = [row["text"] for _, row in _rows(EVALS) if row["text"].strip().casefold() in seeds]
    assert not shared


def test_each_language_has_several_hundred_seeds_per_label() -> None:
    """The issue asks for several hundred samples per label in each language."""
    counts = Counter((row["lang"], row["label"]) for _, row in _rows(SEEDS))
    for lang in ("en", "ru", "zh"):
        for label in ("spam", "ham"):
            assert counts[lang, label] >= 300, (lang, label, counts[lang, label])
