"""A character n-gram naive Bayes spam model: no word segmentation, so Chinese and Russian work.

Built from n-gram counts (the shipped counts of the seeds and the real corpus, see
bot/train_model.py, or the seeds alone), it scores a normalised text with the average
log-likelihood ratio of its n-grams, squashed to a probability. Per-chat learning is an overlay of
extra counts on the shared model, so a chat's feedback never leaks elsewhere and costs only the
n-grams it touched. `to_payload` / `from_payload` turn counts into a JSON-ready object and back.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import ahocorasick

from policies.text import literal_automaton

SPAM, HAM = "spam", "ham"
_CJK = re.compile(r"[\u4e00-\u9fff]")
ALPHA = 0.5
# Short texts carry little evidence: their score is pulled toward neutral.
MIN_EVIDENCE = 25
MAX_CHARS = 300
CLIP = 4.0
# Alphabetic scripts are read in 4-grams.
ALPHABETIC_N = 4


# A link reads as its host: paths, query strings and invite codes are random letters that would
# teach the model noise (and make every link in ordinary chat look like the seeds' ad links).
_LINK = re.compile(r"(?:[a-z]+://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/?]\S*)?")


def _hosts_only(text: str) -> str:
    return _LINK.sub(r"\1", text) if "/" in text else text


def _padded(text: str) -> str:
    """What the n-grams are taken from: the text's first MAX_CHARS characters, links as their
    hosts, word boundaries at both ends marked by spaces."""
    return f" {_hosts_only(text)[:MAX_CHARS]} "


def _read_as_han(padded: str) -> bool:
    return not padded.isascii() and _CJK.search(padded, 0, 60) is not None


def ngrams(text: str) -> list[str]:
    """Character n-grams of a normalised text with word boundaries marked by spaces.

    4-grams for alphabetic scripts (they span most stems and suffixes); 2- and 3-grams where
    Chinese characters appear, since one character already carries a word's meaning. Links
    count by their host alone.
    """
    t = _padded(text)
    n = len(t)
    if _read_as_han(t):
        return [t[i : i + 2] for i in range(n - 1)] + [t[i : i + 3] for i in range(n - 2)]
    return [t[i : i + ALPHABETIC_N] for i in range(n - ALPHABETIC_N + 1)]


@dataclass
class Counts:
    """n-gram counts per label."""

    spam: Counter[str] = field(default_factory=Counter)
    ham: Counter[str] = field(default_factory=Counter)
    spam_total: int = 0
    ham_total: int = 0
    docs: dict[str, int] = field(default_factory=lambda: {SPAM: 0, HAM: 0})

    def add(self, text: str, label: str, weight: int = 1) -> None:
        """Count one normalised sample."""
        grams = ngrams(text)
        target = self.spam if label == SPAM else self.ham
        for g in grams:
            target[g] += weight
        if label == SPAM:
            self.spam_total += len(grams) * weight
        else:
            self.ham_total += len(grams) * weight
        self.docs[label] = self.docs.get(label, 0) + weight


class Model:
    """The shared model: precomputed log-likelihood ratios per n-gram."""

    def __init__(self, counts: Counts) -> None:
        self.counts = counts
        vocab = set(counts.spam) | set(counts.ham)
        self.vocab_size = max(1, len(vocab))
        self._denominators = (
            counts.spam_total + ALPHA * self.vocab_size,
            counts.ham_total + ALPHA * self.vocab_size,
        )
        self.weights: dict[str, float] = {g: self._ratio(g, counts) for g in vocab}
        # The same weights by n-gram length, as Aho-Corasick automata: one pass in C over a
        # text finds every known n-gram and its weight, where slicing each n-gram out and
        # hashing it for a dict look-up costs twice as long (14.6 -> 7.4 µs a text).
        self._by_length = {
            n: _automaton({g: w for g, w in self.weights.items() if len(g) == n})
            for n in (2, 3, ALPHABETIC_N)
        }

    def _ratio(self, gram: str, counts: Counts, extra: Counts | None = None) -> float:
        s = counts.spam.get(gram, 0) + (extra.spam.get(gram, 0) if extra else 0)
        h = counts.ham.get(gram, 0) + (extra.ham.get(gram, 0) if extra else 0)
        ds, dh = self._denominators
        if extra is not None:
            ds += extra.spam_total
            dh += extra.ham_total
        value = math.log((s + ALPHA) / ds) - math.log((h + ALPHA) / dh)
        return max(-CLIP, min(CLIP, value))

    def score(self, text: str) -> float:
        """Probability-like spam score of a normalised text, 0..1."""
        return _squash(self.evidence(text))

    def evidence(self, text: str) -> tuple[float, int, int]:
        """`evidence(text, self.weights)`, the same figures to the last bit (the weights are
        added in the same order), read off the automata."""
        t = _padded(text)
        if _read_as_han(t):
            known = _weights_in(self._by_length[2], t) + _weights_in(self._by_length[3], t)
            return sum(known), len(known), len(known)
        known = _weights_in(self._by_length[ALPHABETIC_N], t)
        return sum(known), len(known), max(0, len(t) - ALPHABETIC_N + 1)

    def with_feedback(self, samples: Iterable[tuple[str, str]]) -> ChatModel:
        """A per-chat model: this model plus extra normalised (text, label) samples."""
        overlay = Counts()
        for text, label in samples:
            # Feedback weighs more than a seed sample: it is about this very chat.
            overlay.add(text, label, weight=3)
        return ChatModel(self, overlay)


class ChatModel:
    """The shared model with one chat's feedback on top.

    Only the n-grams the feedback touched get new weights; every other n-gram is read from the
    shared model, so a chat's overlay costs memory in proportion to its feedback.
    """

    def __init__(self, base: Model, overlay: Counts) -> None:
        self.base = base
        self.overlay = overlay
        touched = set(overlay.spam) | set(overlay.ham)
        self._touched = {g: base._ratio(g, base.counts, overlay) for g in touched}

    def score(self, text: str) -> float:
        """Spam score with this chat's feedback applied."""
        shared, touched = self.base.weights, self._touched
        grams = ngrams(text)
        known = [w for w in (touched.get(g, shared.get(g)) for g in grams) if w is not None]
        return _squash((sum(known), len(known), _mean_over(grams, len(known))))

    def learn(self, text: str, label: str) -> ChatModel:
        """A new chat model that also knows this sample."""
        counts = copy_counts(self.overlay)
        counts.add(text, label, weight=3)
        return ChatModel(self.base, counts)


def evidence(text: str, weights: Mapping[str, float]) -> tuple[float, int, int]:
    """Sum of the known n-grams' log ratios, how many were known, and how many the mean is over."""
    grams = ngrams(text)
    known = [w for w in map(weights.get, grams) if w is not None]
    return sum(known), len(known), _mean_over(grams, len(known))


def _automaton(weights: Mapping[str, float]) -> ahocorasick.Automaton | None:
    return literal_automaton(weights) if weights else None


def _weights_in(automaton: ahocorasick.Automaton | None, padded: str) -> list[float]:
    """The weight of every known n-gram of one length in a text, in the order they appear."""
    if automaton is None:
        return []
    return [weight for _end, weight in automaton.iter(padded)]


def _mean_over(grams: list[str], known: int) -> int:
    """How many n-grams a text's mean log ratio is taken over.

    In an alphabetic text, every one: an n-gram the model never saw is evidence of nothing, and
    a text made mostly of such (lecture notes, a list of product keys, a language it never
    learned) is one it cannot judge, not one to judge by its few familiar n-grams. In a Chinese
    text, only the known ones: its 2- and 3-grams run over so many characters that most are
    unknown in any text, ads included.
    """
    return len(grams) if grams and len(grams[0]) == ALPHABETIC_N else known


def _squash(found: tuple[float, int, int]) -> float:
    total, known, over = found
    if known == 0:
        return 0.5
    mean = total / over
    # Few known n-grams: shrink toward neutral so "ok" or an emoji is never confidently spam.
    confidence = known / (known + MIN_EVIDENCE)
    return 1.0 / (1.0 + math.exp(-3.0 * mean * confidence))


def train(samples: Iterable[tuple[str, str]]) -> Model:
    """Train the shared model from normalised (text, label) pairs."""
    counts = Counts()
    for text, label in samples:
        if label in (SPAM, HAM) and text:
            counts.add(text, label)
    return Model(counts)


FORMAT = "steward-spam-ngrams/1"


def to_payload(counts: Counts) -> dict[str, object]:
    """Counts as a JSON-ready object with a canonical order (n-grams sorted), for shipping."""
    grams = sorted(set(counts.spam) | set(counts.ham))
    return {
        "format": FORMAT,
        "docs": {SPAM: counts.docs.get(SPAM, 0), HAM: counts.docs.get(HAM, 0)},
        "totals": {SPAM: counts.spam_total, HAM: counts.ham_total},
        "grams": [[g, counts.spam.get(g, 0), counts.ham.get(g, 0)] for g in grams],
    }


def from_payload(payload: Mapping[str, object]) -> Counts:
    """Counts read back from `to_payload`'s object; ValueError when it is not one."""
    if payload.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} model")
    docs, totals, grams = payload.get("docs"), payload.get("totals"), payload.get("grams")
    if not (isinstance(docs, dict) and isinstance(totals, dict) and isinstance(grams, list)):
        raise ValueError("a model needs docs, totals and grams")
    counts = Counts(
        spam_total=int(totals[SPAM]),
        ham_total=int(totals[HAM]),
        docs={SPAM: int(docs[SPAM]), HAM: int(docs[HAM])},
    )
    for gram, spam, ham in grams:
        if spam:
            counts.spam[str(gram)] = int(spam)
        if ham:
            counts.ham[str(gram)] = int(ham)
    return counts


def copy_counts(counts: Counts) -> Counts:
    """An independent copy (the shared counts stay untouched when samples are added)."""
    return Counts(
        Counter(counts.spam),
        Counter(counts.ham),
        counts.spam_total,
        counts.ham_total,
        dict(counts.docs),
    )


def label_counts(model: Model) -> Mapping[str, int]:
    """How many samples of each label the model was trained on."""
    return dict(model.counts.docs)
