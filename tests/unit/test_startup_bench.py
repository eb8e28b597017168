"""`make bench`'s start-up figure: a fresh process reaches a running Steward and reports it."""

from __future__ import annotations

import pytest

from benchmarks import startup


def test_a_fresh_process_starts_steward_and_reports_its_times(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    imports, ready, wall = startup.one_run()
    assert imports > 0 and ready > 0 and wall >= imports + ready
    monkeypatch.setattr(startup, "RUNS", 1)
    startup.main()
    out = capsys.readouterr().out
    assert "start-up, median of 1 fresh processes" in out and "goal" in out
