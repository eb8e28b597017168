"""Build the shipped spam model: n-gram counts of the seeds and the shippable real corpus.

    make model        (python -m bot.train_model [--corpus DIR] [--out FILE])

Reads the seed files (policies/data/seed_*.jsonl) and the labelled messages of
`../shared/corpus` (override with STEWARD_SHARED or --corpus): `spam_*` and `poaching_*` rows
teach spam, `ham_*` rows ham. Only rows whose `source` repository is one of the shippable sources
of the corpus's SOURCES.md are read; evaluation-only sources and any repository not named here
never reach the model. What is written is derived counts only, never a text: for every kept
character n-gram (2 to 4 characters, see policies.classifier.ngrams) its weighted spam and ham
count, plus the totals.

Weighting. The corpus is lopsided: tens of thousands of ham lines against a few hundred spam
lines in English and Russian, and one source makes most of some files (SGD is 19k of 20k ham_en).
Naive Bayes compares an n-gram's share of the spam mass with its share of the ham mass, so:

1. The seeds stay the core: a seed message weighs 1, as in the seed-only model. They are written
   for this bot's decisions, hard negatives included (a scam warning quoting the scam, a member
   mentioning a new job, money or a link).
2. A corpus message weighs CORPUS_WEIGHT x min(1, SOURCE_CAP / n), n its source's messages of
   that language and label: no source counts more than SOURCE_CAP messages, so SGD's 19k lines
   weigh like 300 and the ham flood cannot drown anything. CORPUS_WEIGHT is 1/16: with 1/8 or
   more, hand-checked hard negatives of tests/policies/test_spam.py (the Russian scam warning,
   the job mention) became spam, and the leave-one-source-out figures of
   benchmarks/spam_quality.py did not get better in English or Russian. The corpus ends up
   6-22% of each language's n-gram mass; it mostly re-weighs n-grams the seeds already have.
3. No language leans: within each language, all ham is scaled to HAM_RATIO times the spam n-gram
   mass (0.7, about the seeds' own ratio, so a seed ham message keeps a weight near 1). Were
   ham_zh heavier than spam_zh relative to the other languages, every Chinese n-gram would look
   hammy whatever it says.

Counts are rounded to whole numbers. Every n-gram of the seeds is kept (they are in the repository
already); one only the corpus has is kept when its counts add to at least MIN_COUNT (at these
weights, dozens of occurrences), at most MAX_GRAMS in all: rare strings that could echo a single
message never reach the file. The totals keep every n-gram's mass, pruned or not. The file is
canonical JSON (sorted) gzipped with no time stamp: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.models import MODEL_FILE, seed_samples
from policies.classifier import HAM, SPAM, Counts, ngrams, to_payload
from policies.text import normalise

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STEWARD_SHARED", REPO_ROOT.parent / "shared"))
LANGS = ("en", "ru", "zh")
# Corpus file prefix -> the label it teaches the spam model.
FILE_LABELS = {"spam": SPAM, "poaching": SPAM, "ham": HAM}
SEEDS = "seeds"

# The corpus's sources by repository (SOURCES.md), and which of them may ship in the product.
SOURCE_NAMES = {
    "siuank/ADDetector4J": "mc_qq_group_ads",
    "thu-coai/KdConv": "kdconv",
    "thu-coai/CrossWOZ": "crosswoz",
    "Koziev/NLP_Datasets": "koziev_anekdot_dialogues",
    "arshikachauhan/youtube-spam-comment-detector": "youtube_spam_collection",
    "google-research-datasets/dstc8-schema-guided-dialogue": "sgd",
    "umputun/tg-spam": "tgspam_samples",
    "monalenka/telegram-spam-classifier-bot": "monalenka_ru_chat",
    "shaonianruntu/Spam-Message-Classification": "mudou_sms",
    "mire403/Spam-Message-Classification-System": "trec06c_subset",
    "maltsevd/SpamKiller": "spamkiller_kc_spam_channel",
    "MoC-OSS/ua-anti-spam-bot": "moc_swindlers",
}
SHIPPABLE = frozenset(
    {
        "mc_qq_group_ads",
        "kdconv",
        "crosswoz",
        "koziev_anekdot_dialogues",
        "youtube_spam_collection",
        "sgd",
        "tgspam_samples",
        "monalenka_ru_chat",
    }
)

SOURCE_CAP = 300
CORPUS_WEIGHT = 0.0625
HAM_RATIO = 0.7
MIN_COUNT = 3
MAX_GRAMS = 100_000


@dataclass(frozen=True, slots=True)
class Doc:
    """One labelled, normalised message and where it came from."""

    text: str
    label: str
    lang: str
    source: str


@dataclass(slots=True)
class Group:
    """The raw n-gram counts of one (language, label, source): what the weights scale."""

    docs: int = 0
    grams: int = 0
    counts: Counter[str] = field(default_factory=Counter)


GroupKey = tuple[str, str, str]  # lang, label, source


def source_name(source: str) -> str:
    """A row's source name from its `owner/repo@commit:path` field ("" when unknown)."""
    return SOURCE_NAMES.get(source.partition("@")[0], "")


def corpus_docs(corpus: Path, sources: Collection[str] | None = None) -> list[Doc]:
    """The corpus rows as normalised docs, in file order (only `sources`, if given)."""
    docs: list[Doc] = []
    for prefix, label in FILE_LABELS.items():
        for lang in LANGS:
            path = corpus / f"{prefix}_{lang}.jsonl"
            if not path.exists():
                continue
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if not line.strip():
                        continue
                    item = json.loads(line)
                    name = source_name(str(item.get("source", "")))
                    text = normalise(str(item.get("text") or ""))
                    if name and text and (sources is None or name in sources):
                        docs.append(Doc(text, label, lang, name))
    return docs


def seed_docs() -> list[Doc]:
    """The seed samples as docs of the source "seeds"."""
    return [
        Doc(normalise(text), label, lang, SEEDS)
        for text, label, lang in seed_samples()
        if label in (SPAM, HAM) and text
    ]


def group(docs: Iterable[Doc]) -> dict[GroupKey, Group]:
    """Raw n-gram counts per (language, label, source)."""
    groups: dict[GroupKey, Group] = defaultdict(Group)
    for doc in docs:
        grams = ngrams(doc.text)
        g = groups[(doc.lang, doc.label, doc.source)]
        g.docs += 1
        g.grams += len(grams)
        g.counts.update(grams)
    return dict(groups)


def doc_weights(groups: Mapping[GroupKey, Group]) -> dict[GroupKey, float]:
    """The weight of one message of each group (see the module docstring)."""
    weights = {
        key: 1.0 if key[2] == SEEDS else CORPUS_WEIGHT * min(1.0, SOURCE_CAP / g.docs)
        for key, g in groups.items()
        if g.docs
    }
    mass: dict[tuple[str, str], float] = defaultdict(float)
    for key, w in weights.items():
        mass[(key[0], key[1])] += w * groups[key].grams
    for key in weights:
        lang, label, _ = key
        spam, ham = mass[(lang, SPAM)], mass[(lang, HAM)]
        if label == HAM and spam and ham:
            weights[key] *= HAM_RATIO * spam / ham
    return weights


def build(groups: Mapping[GroupKey, Group], exclude: Collection[str] = ()) -> Counts:
    """Weighted, rounded and pruned counts of every group whose source is not excluded."""
    kept = {k: g for k, g in sorted(groups.items()) if k[2] not in exclude}
    weights = doc_weights(kept)
    sums: dict[str, dict[str, float]] = {SPAM: defaultdict(float), HAM: defaultdict(float)}
    totals = {SPAM: 0.0, HAM: 0.0}
    docs = {SPAM: 0.0, HAM: 0.0}
    for key, g in kept.items():
        w, label = weights[key], key[1]
        target = sums[label]
        for gram, n in g.counts.items():
            target[gram] += n * w
        totals[label] += g.grams * w
        docs[label] += g.docs * w
    rounded = {label: {k: round(v) for k, v in sums[label].items()} for label in sums}
    size: Counter[str] = Counter()
    for label in rounded:
        size.update(rounded[label])
    # The seeds are in the repository already: every n-gram of theirs stays; one only the corpus
    # has stays when it is common enough.
    seeded = {gram for key, g in kept.items() if key[2] == SEEDS for gram in g.counts}
    ranked = sorted(
        (g for g, n in size.items() if n and (n >= MIN_COUNT or g in seeded)),
        key=lambda g: (-size[g], g),
    )
    chosen = ranked[:MAX_GRAMS]
    counts = Counts(
        spam_total=round(totals[SPAM]),
        ham_total=round(totals[HAM]),
        docs={SPAM: round(docs[SPAM]), HAM: round(docs[HAM])},
    )
    for gram in chosen:
        if rounded[SPAM].get(gram):
            counts.spam[gram] = rounded[SPAM][gram]
        if rounded[HAM].get(gram):
            counts.ham[gram] = rounded[HAM][gram]
    return counts


def training_groups(corpus: Path) -> dict[GroupKey, Group]:
    """The groups of the seeds and every shippable corpus source."""
    return group(seed_docs() + corpus_docs(corpus, SHIPPABLE))


def encode(counts: Counts) -> bytes:
    """The model file's bytes: canonical JSON, gzipped without a name or time stamp."""
    raw = json.dumps(to_payload(counts), ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(raw.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    """Build the model file; 1 when the corpus is absent."""
    parser = argparse.ArgumentParser(prog="python -m bot.train_model", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "policies" / "data" / MODEL_FILE)
    args = parser.parse_args(argv)
    if not (args.corpus / "SOURCES.md").exists():
        print(f"train_model: no corpus at {args.corpus} (set STEWARD_SHARED or --corpus)")
        return 1
    start = time.perf_counter()
    counts = build(training_groups(args.corpus))
    data = encode(counts)
    args.out.write_bytes(data)
    grams = len(set(counts.spam) | set(counts.ham))
    print(
        f"wrote {args.out} ({len(data) / 1024:.0f} KiB, {grams} n-grams, "
        f"docs {counts.docs}) in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
