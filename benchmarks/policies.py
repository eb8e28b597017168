"""Policy figures: Steward's evaluate() beside a scikit-learn baseline on the same seeds.

Printed, in one run: evaluate() throughput on one core over the mixed evaluation corpus (messages
a second, p50 and p99), training time, and precision / recall / false-positive rate per language
for Steward and for a plain character n-gram TF-IDF + logistic regression trained on the same
seed files and called one message at a time.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.models import Models, seed_samples
from policies import (
    ChatPolicy,
    Decision,
    MemberFacts,
    MessageFacts,
    TextFacts,
    evaluate,
    read_text,
    train,
)
from policies.competitors import NONE, Competitors, Entry, entry_of
from policies.text import normalise

DATA = Path(__file__).resolve().parent / "data"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
# DESIGN.md: the whole evaluation of one message at 50 µs median or less on one core.
BUDGET_MEDIAN_US = 50
PASSES = 3


def eval_rows() -> list[dict[str, Any]]:
    """Every held-out evaluation message."""
    rows: list[dict[str, Any]] = []
    for path in sorted(DATA.glob("eval_*.jsonl")):
        fresh = path.stem.endswith("_fresh")
        for line in path.open(encoding="utf-8"):
            if line.strip():
                rows.append({**json.loads(line), "fresh": fresh})
    return rows


def _facts(text: str) -> MessageFacts:
    member = MemberFacts(joined_at=NOW - timedelta(hours=1), messages_seen=0)
    return MessageFacts(chat_id=-1, message_id=1, user_id=7, text=text, date=NOW, member=member)


def _figures(pairs: list[tuple[str, str, bool]]) -> dict[str, tuple[float, float, float, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for lang, label, flagged in pairs:
        for key in (lang, "all"):
            c = counts[key]
            if label == "spam":
                c[0 if flagged else 2] += 1
            else:
                c[1 if flagged else 3] += 1
    out = {}
    for key, (tp, fp, fn, tn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        out[key] = (precision, tp / max(1, tp + fn), fp / max(1, fp + tn), tp + fp + fn + tn)
    return out


def main() -> None:
    """Run and print."""
    rows = eval_rows()
    if not rows:
        print("no evaluation data in benchmarks/data")
        return
    start = time.perf_counter()
    train((normalise(t), label) for t, label, _ in seed_samples())  # timed without the cache
    train_s = time.perf_counter() - start
    models = Models.build()
    policy = ChatPolicy()
    facts = [_facts(r["text"]) for r in rows]
    for f in facts[:50]:
        evaluate(f, policy, NOW, model=models.shared)  # warm caches
    # The spam policy's own verdict: a rival's pitch that poaching leads on is still a spam hit
    # here (and is removed all the same), so these figures compare across versions.
    flagged = [_spam_hit(evaluate(f, policy, NOW, model=models.shared)) for f in facts]
    lat = _best_pass(facts, models, policy)
    total = sum(lat)
    print(f"policies: {len(rows)} evaluation messages, {len(seed_samples())} seed samples")
    print(f"  (timings: the fastest of {PASSES} passes, so a busy machine disturbs them less)")
    print(
        f"  Steward evaluate(): {len(rows) / total:8.0f} msg/s   p50 "
        f"{lat[len(lat) // 2] * 1e6:6.1f} µs   p99 {lat[int(len(lat) * 0.99)] * 1e6:6.1f} µs"
        f"   (train {train_s * 1000:.0f} ms)"
    )
    _realistic_stream(rows, models, policy)
    _competitor_matching(rows, models, policy)
    baseline = _baseline(rows)
    _table("every evaluation message", rows, flagged, baseline)
    fresh = [i for i, r in enumerate(rows) if r["fresh"]]
    if fresh:
        _table(
            "only eval_*_fresh: written after the last tuning and never tuned on",
            [rows[i] for i in fresh],
            [flagged[i] for i in fresh],
            [baseline[i] for i in fresh] if baseline else [],
        )


def _spam_hit(decision: Decision) -> bool:
    finding = decision.finding("spam")
    return finding is not None and finding.level == "hit"


def _table(
    title: str, rows: list[dict[str, Any]], flagged: list[bool], baseline: list[bool]
) -> None:
    steward = _figures([(r["lang"], r["label"], f) for r, f in zip(rows, flagged, strict=True)])
    base = (
        _figures([(r["lang"], r["label"], f) for r, f in zip(rows, baseline, strict=True)])
        if baseline
        else {}
    )
    print(f"  {title}:")
    print(f"  {'lang':<4} {'n':>5}   {'Steward P / R / FPR':<24} {'sklearn P / R / FPR':<24}")
    for lang in sorted(steward, key=lambda k: (k == "all", k)):
        p, r, fpr, n = steward[lang]
        bp, br, bfpr, _ = base.get(lang, (0.0, 0.0, 0.0, 0))
        print(
            f"  {lang:<4} {n:>5}   {p:.3f} / {r:.3f} / {fpr:6.2%}    "
            f"{bp:.3f} / {br:.3f} / {bfpr:6.2%}"
        )


def _best_pass(facts: list[MessageFacts], models: Models, policy: ChatPolicy) -> list[float]:
    """Per-message latencies (sorted) of the fastest of PASSES passes over the messages."""
    best: list[float] = []
    for _ in range(PASSES):
        lat: list[float] = []
        for f in facts:
            t = time.perf_counter()
            evaluate(f, policy, NOW, model=models.shared)
            lat.append(time.perf_counter() - t)
        if not best or sum(lat) < sum(best):
            best = lat
    return sorted(best)


def _realistic_stream(rows: list[dict[str, Any]], models: Models, policy: ChatPolicy) -> None:
    """Throughput on a stream shaped like a group's day: mostly chat, one message in ten spam.

    The evaluation corpus is half spam so that recall is measured well; a real group sees far
    less, and spam costs more to judge (more checks fire), so both figures are printed.
    """
    ham = [_facts(r["text"]) for r in rows if r["label"] == "ham"]
    spam = [_facts(r["text"]) for r in rows if r["label"] == "spam"][: max(1, len(ham) // 9)]
    stream = ham + spam
    lat = _best_pass(stream, models, policy)
    median_us = lat[len(lat) // 2] * 1e6
    print(
        f"  ...on a 90/10 stream: {len(stream) / sum(lat):6.0f} msg/s   p50 "
        f"{median_us:6.1f} µs   ({len(ham)} chat + {len(spam)} spam messages)"
    )
    verdict = "meets" if median_us <= BUDGET_MEDIAN_US else "ABOVE"
    print(f"  stream median {median_us:.0f} µs ({verdict} the {BUDGET_MEDIAN_US} µs budget)")


def _competitor_names(count: int) -> list[str]:
    """Made-up shop names, handles and domains, shaped like a real list."""
    rng = random.Random(11)
    syllables = ("ka", "lo", "mi", "ran", "shop", "zen", "vel", "tor", "bo", "lux", "qi", "na")
    names = []
    for i in range(count):
        stem = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        names.append((stem, f"@{stem}_store", f"{stem}{i}.com", f"t.me/{stem}{i}")[i % 4])
    return names


def _competitor_matching(rows: list[dict[str, Any]], models: Models, policy: ChatPolicy) -> None:
    """The stream judged with 5,000 listed competitors, one of them named in disguise."""
    names = _competitor_names(5000)
    start = time.perf_counter()
    entries = [e for e in map(entry_of, names) if isinstance(e, Entry)]
    listed = Competitors(entries)
    build_ms = (time.perf_counter() - start) * 1000
    ham = [_facts(r["text"]) for r in rows if r["label"] == "ham"]
    texts = [read_text(f) for f in ham]
    plain = min(_match_pass(texts, NONE) for _ in range(PASSES))
    full = min(_match_pass(texts, listed) for _ in range(PASSES))
    probe = normalise(f"get it at {' '.join(names[1234])} instead")
    print(
        f"  competitors: {listed.size} listed (built in {build_ms:.0f} ms); matching per chat "
        f"message {plain * 1e6 / len(texts):.1f} µs with none, {full * 1e6 / len(texts):.1f} µs "
        f"with all of them; a spaced-out name found: {bool(listed.find(probe))}"
    )
    lat = []
    for f in ham:
        t = time.perf_counter()
        evaluate(f, policy, NOW, model=models.shared, competitors=listed)
        lat.append(time.perf_counter() - t)
    lat.sort()
    print(f"  ...whole judgement with the list: p50 {lat[len(lat) // 2] * 1e6:.1f} µs")


def _match_pass(texts: list[TextFacts], listed: Competitors) -> float:
    start = time.perf_counter()
    for text in texts:
        listed.find(text.norm)
    return time.perf_counter() - start


def _baseline(rows: list[dict[str, Any]]) -> list[bool]:
    """The scikit-learn baseline's verdict on each row (empty without scikit-learn)."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
    except ImportError:
        print("  (scikit-learn not installed: no baseline)")
        return []
    seeds = seed_samples()
    start = time.perf_counter()
    pipe = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=1, sublinear_tf=True),
        LogisticRegression(max_iter=2000, C=10.0),
    )
    pipe.fit([t for t, _, _ in seeds], [label == "spam" for _, label, _ in seeds])
    train_s = time.perf_counter() - start
    lat: list[float] = []
    flagged: list[bool] = []
    for row in rows:
        t = time.perf_counter()
        flagged.append(bool(pipe.predict([row["text"]])[0]))
        lat.append(time.perf_counter() - t)
    print(
        f"  sklearn baseline:   {len(rows) / sum(lat):8.0f} msg/s   p50 "
        f"{statistics.median(lat) * 1e6:6.1f} µs   (train {train_s * 1000:.0f} ms)"
    )
    return flagged


if __name__ == "__main__":
    main()
