"""Replay's life stages and the prompts a schedule would have posted, from a generated history:
a busy group that goes quiet turns declining; quiet hours and busy hours skip prompts; a bad
schedule in the settings file is refused in one line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # a Monday


def _export(path: Path, per_day: list[int]) -> Path:
    """A group whose day d has per_day[d] messages by ten members, spread 08:00-18:00."""
    messages: list[dict[str, Any]] = []
    n = 0
    for day, count in enumerate(per_day):
        for i in range(count):
            at = START + timedelta(days=day, minutes=i * 600 // max(1, count))
            n += 1
            messages.append(
                {
                    "id": n,
                    "type": "message",
                    "date": at.strftime("%Y-%m-%dT%H:%M:%S"),
                    "date_unixtime": str(int(at.timestamp())),
                    "from": f"Member {i % 10}",
                    "from_id": f"user{100 + i % 10}",
                    "text": f"talking about the new drop, part {i}",
                }
            )
    path.write_text(
        json.dumps({"name": "Club", "type": "private_supergroup", "id": 77, "messages": messages}),
        encoding="utf-8",
    )
    return path


def _replay(tmp_path: Path, per_day: list[int], settings: dict[str, Any] | None = None) -> Any:
    export = _export(tmp_path / "result.json", per_day)
    out = tmp_path / "report.json"
    args = ["replay", str(export), "--json", str(out)]
    if settings is not None:
        (tmp_path / "s.json").write_text(json.dumps(settings), encoding="utf-8")
        args += ["--settings", str(tmp_path / "s.json")]
    assert main(args) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_group_that_goes_quiet_turns_declining(tmp_path: Path, capsys) -> None:
    report = _replay(tmp_path, [40] * 35 + [8] * 14)
    stages = [s["stage"] for s in report["stages"]]
    assert stages[0] == "new" and "declining" in stages
    declining = next(s for s in report["stages"] if s["stage"] == "declining")
    # The fall began on day 35 (2026-02-09); it is seen within a week, not before it.
    assert "2026-02-09" <= declining["from"] <= "2026-02-16"
    assert "life-cycle stages" in capsys.readouterr().out


@pytest.mark.parametrize("days", [1, 2, 42])
def test_every_stage_span_ends_on_or_after_its_start(tmp_path: Path, days: int) -> None:
    """A one-day export printed "new 2024-01-02..2024-01-01": the last span ended before it
    began (its stage is assessed the morning after the last day)."""
    report = _replay(tmp_path, [30] * days)
    assert report["stages"]
    assert all(s["from"] <= s["to"] for s in report["stages"])


def test_a_steady_group_stays_steady(tmp_path: Path) -> None:
    report = _replay(tmp_path, [30] * 42)
    assert [s["stage"] for s in report["stages"]] == ["new", "steady"]


def test_prompts_follow_the_schedule_and_skip_quiet_and_busy_hours(tmp_path: Path) -> None:
    """daily 12:00 and 20:00 over 10 days: noon falls in the busy part of each day (60 messages
    in ten hours is 6 an hour; busy_messages 5 skips it); 20:00 is posted except in quiet hours."""
    settings = {"schedules": ["daily 12:00", "daily 20:00"], "busy_messages": 5}
    report = _replay(tmp_path, [60] * 10, settings)
    times = [p["at"][11:16] for p in report["prompts"]]
    assert set(times) == {"20:00"} and len(times) == 9  # the last day ends at 18:00
    keys = [p["key"] for p in report["prompts"]]
    assert len(set(keys)) == len(keys)  # no repeat before the library is used up
    settings["quiet_hours"] = "19:00-21:00"
    quiet = _replay(tmp_path, [60] * 10, settings)
    assert quiet["prompts"] == []


def test_prompts_of_several_schedules_come_in_time_order(tmp_path: Path) -> None:
    """Each schedule's runs were listed in turn: the JSON and the HTML gave 19:00 of every
    day, then every Monday 09:00."""
    settings = {"schedules": ["daily 19:00", "weekly mon 09:00"]}
    times = [p["at"] for p in _replay(tmp_path, [10] + [0] * 12 + [10], settings)["prompts"]]
    assert len(times) > 8 and any(t[11:16] == "09:00" for t in times)
    assert times == sorted(times)


def test_prompt_times_are_in_the_groups_time_zone(tmp_path: Path) -> None:
    """With timezone Asia/Tokyo, "daily 19:00" was listed at 10:00 (UTC) in the JSON, the HTML
    and the terminal: the owner read the schedule as posting at the wrong hour."""
    settings = {"schedules": ["daily 19:00"], "timezone": "Asia/Tokyo"}
    export = _export(tmp_path / "result.json", [10] * 5)
    (tmp_path / "s.json").write_text(json.dumps(settings), encoding="utf-8")
    page, out = tmp_path / "r.html", tmp_path / "r.json"
    args = ["replay", str(export), "--settings", str(tmp_path / "s.json")]
    assert main([*args, "--json", str(out), "--html", str(page)]) == 0
    times = [p["at"] for p in json.loads(out.read_text(encoding="utf-8"))["prompts"]]
    assert times and all(t[11:16] == "19:00" and t.endswith("+09:00") for t in times)
    assert "19:00 (" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"schedules": ["sometimes"]}, "schedule 'sometimes' is not readable"),
        ({"schedules": "daily 19:00"}, "schedules must be a list"),
        ({"timezone": "Mars/Base"}, "unknown time zone"),
        ({"quiet_hours": "09:00-09:00"}, "quiet_hours '09:00-09:00' is not readable"),
        # Were ignored, the replay run on the defaults with status 0; a folder of zones was
        # "Is a directory".
        ({"timezone": "America"}, "unknown time zone 'America'"),
        ({"language": "xx"}, "language 'xx' is not one of en, zh, ru"),
        ({"spam_action": "nuke", "warn_limit": -5}, "spam_action = 'nuke', warn_limit = -5"),
        ({"mode": "bogus"}, "not a valid value: mode = 'bogus'"),
        ({"warn_limit": [1, 2]}, "warn_limit = [1, 2]"),
    ],
)
def test_a_bad_plan_in_the_settings_is_refused(
    tmp_path: Path, capsys, settings: dict[str, Any], message: str
) -> None:
    export = _export(tmp_path / "result.json", [5])
    (tmp_path / "s.json").write_text(json.dumps(settings), encoding="utf-8")
    assert main(["replay", str(export), "--settings", str(tmp_path / "s.json")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
