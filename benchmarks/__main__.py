"""`make bench`: every benchmark, one after another, each printing its own figures."""

from __future__ import annotations

import importlib

SUITES = (
    "benchmarks.e2e",
    "benchmarks.paced",
    "benchmarks.startup",
    "benchmarks.policies",
    "benchmarks.activity_cost",
    "benchmarks.poaching_quality",
    "benchmarks.spam_quality",
    "benchmarks.export_flags",
    "benchmarks.complaint_quality",
    "benchmarks.herd_sim",
    "benchmarks.lifecycle_sim",
    "benchmarks.prompt_sim",
    "benchmarks.replay",
)


def run() -> None:
    """Run each benchmark suite that is present."""
    for name in SUITES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        print(f"\n=== {name} ===")
        module.main()


run()
