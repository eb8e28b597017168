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


def _texts(name: str) -> list[str]:
    path = CORPUS / name
    if not path.is_file():
        return []
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


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


if __name__ == "__main__":
    main()
