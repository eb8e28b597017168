"""The HTML replay report shows its times on the group's clock (the settings' `timezone`), named,
as the terminal summary does: surges, flagged messages, prompts and activity days. It showed
them in UTC while the terminal showed the group's zone, so one surge had two times."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import html as lxml_html

from bot.cli import main
from bot.replay.run import HerdAlert, Report
from tests.unit.test_replay_html import START, data_rows, flagged_row, page_text, render, reports
from tests.unit.test_replay_lifecycle import START as LIFE_START
from tests.unit.test_replay_lifecycle import _export

__all__ = ["reports"]  # the fixture, used by name
TOKYO = ZoneInfo("Asia/Tokyo")


def test_html_times_are_on_the_groups_clock_and_named(reports: Callable[..., Report]) -> None:
    alert = HerdAlert(START + timedelta(hours=30), "watch", 1042, 3)  # 2024-05-02 14:00 UTC
    report = reports([flagged_row(0), flagged_row(1)], herd_alerts=[alert], zone=TOKYO)
    page = render(report)
    [item] = lxml_html.fromstring(page).xpath('//ul[@class="herd"]/li')
    assert item.text_content() == (
        "2024-05-02 23:00 Asia/Tokyo: watch, 3 complainers (at message 1042)"
    )
    text = page_text(page)
    assert "Date (Asia/Tokyo)" in text
    assert text.count("UTC") == 1  # only when the page was made ("Made ... UTC")
    # The rows' dates (the table shows their first 16 characters) on the group's clock.
    assert [r["date"] for r in data_rows(page)[0]] == [
        "2024-05-01T17:00:00+09:00",
        "2024-05-01T17:07:00+09:00",
    ]
    assert "Times in Asia/Tokyo." in text
    assert "Days in Asia/Tokyo, 2024-05-01 to 2024-05-03" in text


def test_a_replay_with_a_zone_counts_its_days_on_the_groups_clock(tmp_path: Path) -> None:
    """Messages 08:00-17:00 UTC on two days run past midnight in Tokyo: three Tokyo days."""
    export = _export(tmp_path / "result.json", [10, 10])
    settings = tmp_path / "s.json"
    settings.write_text(json.dumps({"timezone": "Asia/Tokyo"}), encoding="utf-8")
    page, out = tmp_path / "r.html", tmp_path / "r.json"
    args = ["replay", str(export), "--settings", str(settings), "--html", str(page)]
    assert main([*args, "--json", str(out)]) == 0
    day = LIFE_START.date()
    days = [d["date"] for d in json.loads(out.read_text(encoding="utf-8"))["activity"]["daily"]]
    assert days == [(day + timedelta(days=i)).isoformat() for i in range(3)]
    text = page_text(page.read_text(encoding="utf-8"))
    assert f"Days in Asia/Tokyo, {day} to {day + timedelta(days=2)}" in text
