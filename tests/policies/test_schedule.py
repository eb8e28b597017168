"""Engagement prompt schedules: every accepted form and refusal, DST, quiet hours, due runs and
the daily limit, alone and for a chat's schedules together."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.schedule import (
    GRACE,
    MAX_PER_DAY,
    Quiet,
    ScheduleError,
    Spec,
    due,
    in_quiet,
    next_run,
    parse_quiet,
    parse_spec,
    parse_zone,
    too_often,
    zone_shown,
)

BERLIN = ZoneInfo("Europe/Berlin")


def spec(raw: str) -> Spec:
    parsed = parse_spec(raw)
    assert isinstance(parsed, Spec), parsed
    return parsed


def runs(raw: str, zone: ZoneInfo, after: datetime, count: int) -> list[datetime]:
    """The next `count` runs of a schedule, one after another, as the caller would store them."""
    found: list[datetime] = []
    for _ in range(count):
        after = next_run(spec(raw), zone, after)
        found.append(after)
    return found


@pytest.mark.parametrize(
    ("raw", "cron", "shown"),
    [
        ("daily 20:00", "0 20 * * *", "daily 20:00"),
        ("  DAILY   20:00 ", "0 20 * * *", "daily 20:00"),
        ("20:00", "0 20 * * *", "daily 20:00"),
        ("8pm", "0 20 * * *", "daily 20:00"),
        ("8 PM", "0 20 * * *", "daily 20:00"),
        ("8:15 p.m.", "15 20 * * *", "daily 20:15"),
        ("12am", "0 0 * * *", "daily 00:00"),
        ("12pm", "0 12 * * *", "daily 12:00"),
        ("20h", "0 20 * * *", "daily 20:00"),
        ("20h30", "30 20 * * *", "daily 20:30"),
        ("daily at 9.05", "5 9 * * *", "daily 09:05"),
        ("１２：００", "0 12 * * *", "daily 12:00"),
        ("daily 9:00,20:00", "0 9,20 * * *", "daily 09:00,20:00"),
        ("daily 20:00, 9:00 9:00", "0 9,20 * * *", "daily 09:00,20:00"),
        ("daily 6:00,12:00,18:00,23:00", "0 6,12,18,23 * * *", "daily 06:00,12:00,18:00,23:00"),
        ("weekdays 9:30", "30 9 * * mon-fri", "weekdays 09:30"),
        ("weekends 11:00", "0 11 * * sat,sun", "weekends 11:00"),
        ("weekly mon,thu 18:00", "0 18 * * mon,thu", "weekly mon,thu 18:00"),
        ("weekly Monday and Thursday at 6pm", "0 18 * * mon,thu", "weekly mon,thu 18:00"),
        ("mon thu 18:00", "0 18 * * mon,thu", "weekly mon,thu 18:00"),
        ("weekly tue-thu 18:00", "0 18 * * tue-thu", "weekly tue-thu 18:00"),
        ("weekly fri-mon 18:00", "0 18 * * mon,fri-sun", "weekly mon,fri-sun 18:00"),
        ("weekly mon-fri 9:00", "0 9 * * mon-fri", "weekdays 09:00"),
        ("weekly sat sun 9:00", "0 9 * * sat,sun", "weekends 09:00"),
        ("weekly mon-sun 9:00", "0 9 * * *", "daily 09:00"),
        ("weekly Пн, Чт 18:00", "0 18 * * mon,thu", "weekly mon,thu 18:00"),
        ("weekly вс 10:00", "0 10 * * sun", "weekly sun 10:00"),
        ("周一,周四 18:00", "0 18 * * mon,thu", "weekly mon,thu 18:00"),
        ("周一周四 18:00", "0 18 * * mon,thu", "weekly mon,thu 18:00"),
        ("weekly 星期一、星期日 18:00", "0 18 * * mon,sun", "weekly mon,sun 18:00"),
        ('cron "0 12 * * 1-5"', "0 12 * * mon-fri", "cron 0 12 * * mon-fri"),
        ("cron “0 12 * * 1-5”", "0 12 * * mon-fri", "cron 0 12 * * mon-fri"),
        ("cron «0 12 * * 1-5»", "0 12 * * mon-fri", "cron 0 12 * * mon-fri"),
        ("cron `0 12 * * 1-5`", "0 12 * * mon-fri", "cron 0 12 * * mon-fri"),
        ("cron 0 12 * * 1-5", "0 12 * * mon-fri", "cron 0 12 * * mon-fri"),
        ("0 12 * * 1-5", "0 12 * * mon-fri", "cron 0 12 * * mon-fri"),
        ("cron 0 12 * * 0", "0 12 * * sun", "cron 0 12 * * sun"),
        ("cron 0 12 * * 7", "0 12 * * sun", "cron 0 12 * * sun"),
        ("cron 0 12 * * 0-7", "0 12 * * *", "cron 0 12 * * *"),
        ("cron 0 12 * * 6-0", "0 12 * * sat,sun", "cron 0 12 * * sat,sun"),
        ("cron 0 12 * * */2", "0 12 * * tue,thu,sat,sun", "cron 0 12 * * tue,thu,sat,sun"),
        ("CRON 0 12 * * MON,Wed", "0 12 * * mon,wed", "cron 0 12 * * mon,wed"),
        ("cron 0 */6 * * *", "0 */6 * * *", "cron 0 */6 * * *"),
        ("cron 30 9 1 * ?", "30 9 1 * *", "cron 30 9 1 * *"),
        ("cron 0 10 last * *", "0 10 last * *", "cron 0 10 last * *"),
        ("cron 0 10 29 2 *", "0 10 29 2 *", "cron 0 10 29 2 *"),
    ],
)
def test_accepted_forms(raw: str, cron: str, shown: str) -> None:
    """Each form reads into one crontab (weekdays as names) and a shown form that reads back the
    same."""
    assert parse_spec(raw) == Spec(cron, shown)
    assert parse_spec(shown) == Spec(cron, shown)


@pytest.mark.parametrize(
    ("raw", "key", "values"),
    [
        ("", "empty", ()),
        ("  , ", "empty", ()),
        ("hourly", "unknown_form", (("text", "hourly"),)),
        ("every two hours", "unknown_form", (("text", "every two hours"),)),
        ("daily 25:00", "bad_time", (("time", "25:00"),)),
        ("daily 20", "bad_time", (("time", "20"),)),
        ("daily 13pm", "bad_time", (("time", "13pm"),)),
        ("daily 20:60", "bad_time", (("time", "20:60"),)),
        ("daily 20:00 tomorrow", "bad_time", (("time", "tomorrow"),)),
        ("weekly mon 7:7", "bad_time", (("time", "7:7"),)),
        ("daily", "no_time", ()),
        ("weekly mon", "no_time", ()),
        ("weekdays mon 9:00", "bad_days", (("days", "mon"),)),
        ("weekly mon,funday 9:00", "bad_days", (("days", "funday"),)),
        ("weekly 9:00", "no_days", ()),
        ("daily 9:30,20:00", "mixed_minutes", (("times", "09:30,20:00"),)),
        ("daily 8,9,10,11,12", "bad_time", (("time", "8"),)),
        ("daily 8:00,9:00,10:00,11:00,12:00", "too_often", (("limit", 4), ("count", 5))),
        ("cron * * * * *", "too_often", (("limit", 4), ("count", 1440))),
        ("cron */5 * 15 * *", "too_often", (("limit", 4), ("count", 288))),
        ("cron 0 */5 * * *", "too_often", (("limit", 4), ("count", 5))),
        ("cron 0,30 9-11 * * *", "too_often", (("limit", 4), ("count", 6))),
        ("cron", "bad_cron", (("cron", ""),)),
        ('cron "0 12 * *"', "bad_cron", (("cron", '"0 12 * *"'),)),
        ("cron 0 0 12 * * *", "bad_cron", (("cron", "0 0 12 * * *"),)),
        ("cron 61 12 * * *", "bad_cron", (("cron", "61 12 * * *"),)),
        ("cron 0 24 * * *", "bad_cron", (("cron", "0 24 * * *"),)),
        ("cron */0 12 * * *", "bad_cron", (("cron", "*/0 12 * * *"),)),
        ("cron 0 12 * * 8", "bad_cron", (("cron", "0 12 * * 8"),)),
        ("cron 0 12 * * noday", "bad_cron", (("cron", "0 12 * * noday"),)),
        ("cron 0 12 31 2 *", "bad_cron", (("cron", "0 12 31 2 *"),)),
        ("cron 0 12 1 * mon", "cron_both_days", (("cron", "0 12 1 * mon"),)),
    ],
)
def test_refusals(raw: str, key: str, values: tuple[tuple[str, object], ...]) -> None:
    """Each refusal names its catalogue key and what the text should quote back."""
    assert parse_spec(raw) == ScheduleError(key, values)


def test_a_refusal_quotes_a_long_text_short() -> None:
    error = parse_spec("x" * 500)
    assert isinstance(error, ScheduleError) and error.key == "unknown_form"
    assert len(str(dict(error.values)["text"])) <= 40


def test_crontab_weekdays_count_from_sunday() -> None:
    """`1-5` is Monday to Friday as crontab means it (APScheduler 3 alone would read Tuesday to
    Saturday): from a Saturday the next run is Monday, and Saturday itself is never one."""
    saturday = datetime(2026, 3, 7, 13, 0, tzinfo=UTC)
    found = runs('cron "0 12 * * 1-5"', ZoneInfo("UTC"), saturday, 6)
    assert [d.strftime("%a") for d in found] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Mon"]


def test_next_run_is_in_the_chats_zone_and_in_utc() -> None:
    after = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    found = next_run(spec("daily 20:00"), BERLIN, after)
    assert found == datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
    assert found.utcoffset() == timedelta(0)
    shanghai = next_run(spec("daily 20:00"), ZoneInfo("Asia/Shanghai"), after)
    assert shanghai == datetime(2026, 6, 2, 12, 0, tzinfo=UTC)


def test_next_run_is_strictly_after() -> None:
    """A run exactly at `after` is not the next one; a fraction of a second before it is."""
    at_run = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
    assert next_run(spec("daily 20:00"), BERLIN, at_run) == at_run + timedelta(days=1)
    just_before = at_run - timedelta(microseconds=1)
    assert next_run(spec("daily 20:00"), BERLIN, just_before) == at_run
    local_after = at_run.astimezone(BERLIN)  # any aware `after`, not only UTC
    assert next_run(spec("daily 20:00"), BERLIN, local_after) == at_run + timedelta(days=1)


def test_next_run_needs_an_aware_after() -> None:
    with pytest.raises(ValueError):
        next_run(spec("daily 20:00"), BERLIN, datetime(2026, 6, 1, 12, 0))


def test_a_spring_change_fires_the_skipped_time_once_an_hour_late() -> None:
    """Berlin skips 02:00-03:00 on 29 March 2026: the 02:30 run fires that day at 03:30 local
    (01:30 UTC), once, and the days around it keep 02:30."""
    found = runs("daily 02:30", BERLIN, datetime(2026, 3, 27, 12, 0, tzinfo=UTC), 3)
    assert found == [
        datetime(2026, 3, 28, 1, 30, tzinfo=UTC),  # 02:30 CET
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # 03:30 CEST: 02:30 did not exist
        datetime(2026, 3, 30, 0, 30, tzinfo=UTC),  # 02:30 CEST
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # The skipped 02:30 was lost when 01:30 came first that night (the trigger in the zone
        # went on to the next day).
        ("daily 01:30,02:30", [(0, 30), (1, 30), (23, 30)]),
        # Both runs in the skipped hour fire an hour late.
        ('cron "*/30 2 * * *"', [(1, 0), (1, 30), (24, 0)]),
    ],
)
def test_every_run_a_spring_change_skips_fires_an_hour_late(
    raw: str, expected: list[tuple[int, int]]
) -> None:
    """Berlin, 29 March 2026 (from 01:00 UTC the clocks read 03:00): each run of the night,
    given as UTC hours and minutes from midnight of the 29th."""
    found = runs(raw, BERLIN, datetime(2026, 3, 28, 23, 0, tzinfo=UTC), 3)
    base = datetime(2026, 3, 29, tzinfo=UTC)
    assert found == [base + timedelta(hours=h, minutes=m) for h, m in expected]


def test_an_autumn_change_fires_the_repeated_time_once() -> None:
    """Berlin passes 02:00-03:00 twice on 25 October 2026: the 02:30 run fires the first time
    only."""
    found = runs("daily 02:30", BERLIN, datetime(2026, 10, 23, 12, 0, tzinfo=UTC), 3)
    assert found == [
        datetime(2026, 10, 24, 0, 30, tzinfo=UTC),  # 02:30 CEST
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST, and not again at 02:30 CET
        datetime(2026, 10, 26, 1, 30, tzinfo=UTC),  # 02:30 CET
    ]


@pytest.mark.parametrize(
    "after", [datetime(2026, 3, 27, 12, 0, tzinfo=UTC), datetime(2026, 10, 23, 12, 0, tzinfo=UTC)]
)
def test_an_evening_run_keeps_its_local_time_across_a_change(after: datetime) -> None:
    found = runs("daily 20:00", BERLIN, after, 4)
    assert [d.astimezone(BERLIN).strftime("%H:%M") for d in found] == ["20:00"] * 4
    assert len({d.astimezone(BERLIN).date() for d in found}) == 4


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("23:00-08:00", Quiet(time(23, 0), time(8, 0))),
        ("23-8", Quiet(time(23, 0), time(8, 0))),
        ("11pm - 7:30am", Quiet(time(23, 0), time(7, 30))),
        ("22:00 to 06:30", Quiet(time(22, 0), time(6, 30))),
        ("22:00–06:30", Quiet(time(22, 0), time(6, 30))),
        ("13-14", Quiet(time(13, 0), time(14, 0))),
        ("20:00-24:00", Quiet(time(20, 0), time(0, 0))),
        ("off", None),
        ("OFF", None),
        ("", ScheduleError("empty")),
        ("8-8", ScheduleError("quiet_whole_day")),
        ("0:00-24:00", ScheduleError("quiet_whole_day")),
        ("23:00", ScheduleError("bad_quiet", (("text", "23:00"),))),
        ("23-25", ScheduleError("bad_quiet", (("text", "23-25"),))),
        ("24-8", ScheduleError("bad_quiet", (("text", "24-8"),))),
        ("night", ScheduleError("bad_quiet", (("text", "night"),))),
        ("1-2-3", ScheduleError("bad_quiet", (("text", "1-2-3"),))),
    ],
)
def test_parse_quiet(raw: str, expected: Quiet | None | ScheduleError) -> None:
    assert parse_quiet(raw) == expected


@pytest.mark.parametrize(
    ("quiet", "clock", "inside"),
    [
        ("23:00-08:00", time(23, 0), True),  # the start is quiet
        ("23:00-08:00", time(2, 0), True),  # after midnight
        ("23:00-08:00", time(7, 59), True),
        ("23:00-08:00", time(8, 0), False),  # the end is not
        ("23:00-08:00", time(12, 0), False),
        ("23:00-08:00", time(22, 59), False),
        ("13:00-14:00", time(13, 30), True),
        ("13:00-14:00", time(14, 0), False),
        ("13:00-14:00", time(0, 0), False),
        ("20:00-24:00", time(23, 59), True),
        ("20:00-24:00", time(0, 0), False),
    ],
)
def test_in_quiet(quiet: str, clock: time, inside: bool) -> None:
    hours = parse_quiet(quiet)
    assert isinstance(hours, Quiet)
    local = datetime.combine(datetime(2026, 6, 1).date(), clock, tzinfo=BERLIN)
    assert in_quiet(hours, local) is inside


def test_no_quiet_hours_is_never_quiet() -> None:
    assert not in_quiet(None, datetime(2026, 6, 1, 3, 0, tzinfo=BERLIN))


RUN = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "verdict"),
    [
        (RUN - timedelta(seconds=1), "wait"),
        (RUN - timedelta(days=1), "wait"),
        (RUN, "post"),
        (RUN + timedelta(minutes=5), "post"),
        (RUN + GRACE, "post"),
        (RUN + GRACE + timedelta(seconds=1), "skip"),
        (RUN + timedelta(days=7), "skip"),  # the clock jumped a week
    ],
)
def test_due(now: datetime, verdict: str) -> None:
    assert due(RUN, now) == verdict


def test_due_takes_another_grace() -> None:
    assert due(RUN, RUN + timedelta(minutes=10), grace=timedelta(minutes=5)) == "skip"


def test_a_missed_week_is_skipped_not_burst() -> None:
    """After a week's outage the stored run is skipped, and the next one is the next to come:
    one run, not seven."""
    daily = spec("daily 20:00")
    now = RUN + timedelta(days=7, hours=1)
    assert due(RUN, now) == "skip"
    following = next_run(daily, BERLIN, now)
    assert following == RUN + timedelta(days=8)
    assert due(following, now) == "wait"


@pytest.mark.parametrize(
    ("existing", "extra", "over"),
    [
        ([], "daily 9:00,12:00,15:00,18:00", False),
        (["daily 9:00,12:00"], "daily 15:00,18:00", False),
        (["daily 9:00,12:00"], "daily 15:00,18:00,21:00", True),
        (["daily 9:00", "daily 10:00", "daily 11:00"], "daily 12:00", False),
        (["daily 9:00", "daily 10:00", "daily 11:00", "daily 12:00"], "daily 13:00", True),
        (["daily 9:00"] * 4, "daily 9:00", True),  # the same time twice is two posts
        # Schedules on different days do not add up.
        (["weekdays 9:00,12:00,15:00,18:00"], "weekends 10:00,14:00", False),
        (["weekly mon,wed 9:00,12:00,15:00"], "weekly tue,thu 18:00", False),
        (["weekly mon,wed 9:00,12:00,15:00"], "weekly wed 18:00", False),
        (["weekly mon,wed 9:00,12:00,15:00"], "weekly wed 18:00,19:00", True),
        # Monthly days meet weekdays: the 1st falls on a weekday, Friday the 13th comes.
        (["weekdays 9:00,12:00,15:00,18:00"], "cron 0 10 1 * *", True),
        (["weekly fri 9:00,12:00,15:00"], 'cron "0 10,20 13 * *"', True),
        (["weekly fri 9:00,12:00,15:00"], 'cron "0 10 13 * *"', False),
        (["cron 0 9,12,15 1 * *"], "cron 0 9,12 15 * *", False),  # never the same day
        (["cron 0 9,12,15 1-15 * *"], "cron 0 9,12 15 * *", True),
        # February 29 falls on a Monday in 2044.
        (["weekly mon 9:00,12:00"], "cron 0 9,12,15 29 2 *", True),
        (["weekly mon 9:00"], "cron 0 9,12,15 29 2 *", False),
    ],
)
def test_too_often_for_a_chats_schedules(existing: list[str], extra: str, over: bool) -> None:
    assert too_often([spec(raw) for raw in existing], spec(extra)) is over


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        (" Asia/Shanghai ", "Asia/Shanghai"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("UTC+3", "Etc/GMT-3"),
        ("+03:00", "Etc/GMT-3"),
        ("GMT-5", "Etc/GMT+5"),
        ("utc+0", "UTC"),
        ("UTC+14", "Etc/GMT-14"),
    ],
)
def test_parse_zone(raw: str, key: str) -> None:
    assert parse_zone(raw) == ZoneInfo(key)


@pytest.mark.parametrize("raw", ["Mars/Base", "UTC+15", "UTC-13", "+5:30", "localtime", "../etc"])
def test_parse_zone_refusals(raw: str) -> None:
    assert parse_zone(raw) == ScheduleError("bad_zone", (("zone", raw),))


VOCABULARY = [
    "daily", "weekdays", "weekends", "weekly", "cron", "at", "mon", "thu", "sun", "fri-mon",
    "пн", "周日", "9:00", "20:00", "8pm", "12am", "20h", "25:00", "9:30", "*", "*/5", "0", "12",
    "1-5", "7", "last", "29", "2", '"', "“", "?", ",", "-", "off", "23-8",
]  # fmt: skip


@given(st.text())
def test_parse_spec_never_raises(raw: str) -> None:
    assert isinstance(parse_spec(raw), Spec | ScheduleError)


@given(st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join))
def test_parse_spec_never_raises_on_near_misses(raw: str) -> None:
    assert isinstance(parse_spec(raw), Spec | ScheduleError)


@given(st.one_of(st.text(), st.lists(st.sampled_from(VOCABULARY), max_size=4).map(" ".join)))
def test_parse_quiet_and_zone_never_raise(raw: str) -> None:
    assert parse_quiet(raw) is None or isinstance(parse_quiet(raw), Quiet | ScheduleError)
    assert isinstance(parse_zone(raw), ZoneInfo | ScheduleError)


CLOCKS = st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30]))
DAYS = st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1)
FORMS = st.one_of(
    st.builds(
        lambda form, times: f"{form} {','.join(times)}",
        st.sampled_from(["daily", "weekdays", "weekends"]),
        st.lists(CLOCKS, min_size=1, max_size=5),
    ),
    st.builds(
        lambda days, times: f"weekly {','.join(days)} {' '.join(times)}",
        DAYS,
        st.lists(CLOCKS, min_size=1, max_size=3),
    ),
    st.builds(
        lambda *fields: "cron " + " ".join(fields),
        st.sampled_from(["0", "30", "*/15", "0,30", "5-10", "*", "*/20"]),
        st.sampled_from(["12", "2", "*/6", "9-17", "*", "0,12", "1-3", "*/8"]),
        st.sampled_from(["*", "1", "15", "last", "1-7", "*/10", "29", "31"]),
        st.sampled_from(["*", "jan", "1-6", "*/3", "2", "3,10"]),
        st.sampled_from(["*", "1-5", "mon", "sat,sun", "0", "7", "*/2", "fri-mon"]),
    ),
)
ZONES = st.sampled_from(
    ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]
)
# Days around the spring and autumn changes in both hemispheres, and any day at all.
LOCAL_DAYS = st.one_of(
    st.sampled_from(
        [
            datetime(2026, 3, 8),  # New York springs forward
            datetime(2026, 3, 29),  # Berlin springs forward
            datetime(2026, 4, 5),  # Lord Howe falls back half an hour
            datetime(2026, 10, 4),  # Lord Howe springs forward half an hour
            datetime(2026, 10, 25),  # Berlin falls back
            datetime(2026, 11, 1),  # New York falls back
        ]
    ),
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2040, 12, 31)),
)


@settings(max_examples=150, deadline=None)
@given(FORMS, ZONES, LOCAL_DAYS)
def test_accepted_specs_run_strictly_later_and_at_most_the_limit_a_day(
    raw: str, zone_name: str, day: datetime
) -> None:
    """Any accepted schedule runs strictly after `after`, fires at most MAX_PER_DAY times on
    any local day (spring and autumn changes included), and its shown form reads back as it."""
    parsed = parse_spec(raw)
    if isinstance(parsed, ScheduleError):
        assert parsed.key in {"too_often", "mixed_minutes", "bad_cron", "cron_both_days"}
        return
    assert parse_spec(parsed.shown) == parsed
    zone = ZoneInfo(zone_name)
    start = day.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=zone)
    end = (start.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=zone)
    after = start.astimezone(UTC) - timedelta(microseconds=1)
    count = 0
    while True:
        fire = next_run(parsed, zone, after)
        assert fire > after and fire.utcoffset() == timedelta(0)
        if fire >= end:
            break
        count += 1
        assert count <= MAX_PER_DAY, (raw, zone_name, day)
        after = fire


@pytest.mark.parametrize(
    ("zone_name", "day"),
    [
        ("Europe/Berlin", datetime(2026, 10, 25)),
        ("America/New_York", datetime(2026, 11, 1)),
        ("Australia/Lord_Howe", datetime(2026, 4, 5)),  # half an hour repeated
    ],
)
def test_a_repeated_hour_never_adds_runs(zone_name: str, day: datetime) -> None:
    """Runs at 1:00, 1:30, 2:00 and 2:30 stay four on the day a zone repeats one of them."""
    zone = ZoneInfo(zone_name)
    start = day.replace(tzinfo=zone).astimezone(UTC)
    found = runs("cron 0,30 1,2 * * *", zone, start - timedelta(microseconds=1), 5)
    assert [f.astimezone(zone).strftime("%H:%M") for f in found[:4]] == [
        "01:00",
        "01:30",
        "02:00",
        "02:30",
    ]
    assert found[4].astimezone(zone).date() > day.date()


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("Etc/GMT-3", "UTC+3"),  # three hours east: IANA reverses the sign
        ("Etc/GMT+5", "UTC-5"),
        ("Etc/GMT-14", "UTC+14"),
        ("Etc/GMT+12", "UTC-12"),
        ("Etc/GMT", "UTC"),
        ("Etc/GMT0", "UTC"),
        ("Etc/GMT-0", "UTC"),
        ("UTC", "UTC"),
        (None, "UTC"),
        ("", "UTC"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Etc/UTC", "Etc/UTC"),
    ],
)
def test_zone_shown(key: str | None, shown: str) -> None:
    """/tz UTC+3 was confirmed as "Etc/GMT-3", which reads as three hours behind UTC."""
    assert zone_shown(key) == shown


@pytest.mark.parametrize("hours", range(-12, 15))
def test_a_typed_offset_is_shown_as_typed_and_reads_back(hours: int) -> None:
    """Every whole-hour offset a moderator may type is shown with the sign they typed, and the
    shown name is itself accepted as the same zone."""
    typed = f"UTC{hours:+d}"
    zone = parse_zone(typed)
    assert isinstance(zone, ZoneInfo)
    shown = zone_shown(zone.key)
    assert shown == ("UTC" if hours == 0 else typed)
    assert parse_zone(shown) == zone


@pytest.mark.parametrize(
    ("raw", "cron"),
    [
        ("daily 13:00\u200b", "0 13 * * *"),  # a zero-width space pasted after the time
        ("\ufeffdaily 13:00", "0 13 * * *"),  # a byte-order mark before it
        ("weekly mon,\u200bthu 18:00", "0 18 * * mon,thu"),
        ("daily 9:\u200d30", "30 9 * * *"),  # a zero-width joiner inside it
        ("daily \u202a20:00\u202c", "0 20 * * *"),  # direction controls around it
    ],
)
def test_invisible_characters_in_a_spec_are_not_read(raw: str, cron: str) -> None:
    """A time copied from elsewhere can carry invisible characters: "13:00" followed by a
    zero-width space was refused as "«13:00» is not a time", which the moderator cannot see."""
    spec = parse_spec(raw)
    assert isinstance(spec, Spec) and spec.cron == cron, spec


def test_invisible_characters_in_quiet_hours_and_zones_are_not_read() -> None:
    assert parse_quiet("23:00\u200b-08:00") == parse_quiet("23:00-08:00")
    assert parse_zone("Europe/Berlin\u200b") == ZoneInfo("Europe/Berlin")
