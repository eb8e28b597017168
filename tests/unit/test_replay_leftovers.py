"""The replay's reports name the zone of every time they give: the JSON report's daily dates
(counted on the group's clock) say which clock, and the HTML page's "Made ..." time is on the
same clock as the rest of the page."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from tests.unit.test_replay_html import page_text
from tests.unit.test_replay_lifecycle import _export

TOKYO = ZoneInfo("Asia/Tokyo")


def _replay(tmp_path: Path, zone: str | None) -> tuple[dict[str, object], str]:
    """Replay a two-day group with `timezone = zone` (none: the default); JSON and page text."""
    export = _export(tmp_path / "result.json", [10, 10])
    args = ["replay", str(export)]
    if zone is not None:
        settings = tmp_path / "s.json"
        settings.write_text(json.dumps({"timezone": zone}), encoding="utf-8")
        args += ["--settings", str(settings)]
    page, out = tmp_path / "r.html", tmp_path / "r.json"
    assert main([*args, "--html", str(page), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    return report, page_text(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("zone", "named"), [("Asia/Tokyo", "Asia/Tokyo"), (None, "UTC")])
def test_the_json_reports_daily_dates_name_their_zone(
    tmp_path: Path, zone: str | None, named: str
) -> None:
    """`--json report.json` with `timezone = "Asia/Tokyo"`: `activity.daily` lists bare dates
    ("2024-05-01") counted on Tokyo's clock, and nothing in the report says so; a reader takes
    them for UTC days. The activity should name the zone its days are counted in."""
    report, _ = _replay(tmp_path, zone)
    activity = report["activity"]
    assert isinstance(activity, dict)
    assert activity["timezone"] == named, activity.keys()
    assert activity["daily"], activity


def test_the_html_pages_made_time_is_on_the_reports_clock(tmp_path: Path) -> None:
    """With `timezone = "Asia/Tokyo"` every time on the page is Tokyo's ("Times in
    Asia/Tokyo", "Date (Asia/Tokyo)") but the header says "Made 2026-... UTC": two clocks on one
    page. The made time should be on the report's clock, named as the rest are."""
    _, text = _replay(tmp_path, "Asia/Tokyo")
    made = re.search(r"Made (\d{4}-\d\d-\d\d \d\d:\d\d) Asia/Tokyo\b", text)
    assert made is not None, text[:400]
    at = datetime.strptime(made[1], "%Y-%m-%d %H:%M").replace(tzinfo=TOKYO)
    assert abs(datetime.now(UTC) - at) < timedelta(minutes=5), made[0]


def test_the_html_pages_made_time_stays_utc_without_a_zone(tmp_path: Path) -> None:
    _, text = _replay(tmp_path, None)
    assert re.search(r"Made \d{4}-\d\d-\d\d \d\d:\d\d UTC;", text), text[:400]
