"""The weekly digest: a chart of a group's last two weeks and a few lines, by DM to the owners and
admins who asked for it (`/digest on`).

The chart is drawn with matplotlib (Agg, no display) to a PNG and sent as a photo: messages and
active members per day, joins and leaves, spam and poaching removed, complaints, and the prompts
Steward posted. The caption gives the week's numbers, the stage and the prompts' effect.
"""

from __future__ import annotations

import io
import logging
import math
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot import health_watch
from bot.activity import ACTIVITY, SENDER, activity_days, hour_of
from bot.context import iso_time, zone_named
from bot.health_watch import DIGEST_HELD_KEY, DIGEST_KEY, DIGEST_SENT_KEY
from bot.names import chat_title
from bot.outbound import cut, retry_seconds, with_retries
from policies.health import Health

if TYPE_CHECKING:
    from bot.context import Services
    from bot.store import ChatRecord, PostRecord

log = logging.getLogger(__name__)

DAYS = 14
# Telegram's limit for a photo caption.
MAX_CAPTION = 1024
# A digest Telegram could not take (down after the retries) is tried again this much later.
HOLD_RETRY = timedelta(minutes=5)


def daily_series(
    rows: list[Any], zone: Any, first: date, days: int = DAYS
) -> tuple[dict[str, list[int]], int]:
    """Per-day series (messages, active, joins, leaves, removed, complaints, prompts) for the
    `days` days from `first`, from activity window rows; and the distinct members of the last
    seven of those days (not a sum of days)."""
    index = {first + timedelta(days=i): i for i in range(days)}
    names = ("messages", "joins", "leaves", "removed", "complaints", "prompts")
    series: dict[str, list[int]] = {name: [0] * days for name in (*names, "active")}
    week: set[int] = set()
    for day in activity_days(rows, zone):
        i = index.get(day.day)
        if i is None:
            continue
        for name in names:
            series[name][i] = getattr(day, name)
        series["active"][i] = len(day.senders)
        if i >= days - 7:
            week.update(day.senders)
    return series, len(week)


# Fonts that draw Chinese, the first found on the machine is used (the Docker image installs
# WenQuanYi Micro Hei); matplotlib's own DejaVu Sans has no Han glyphs and drew empty boxes.
CJK_FONTS = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed font that draws Chinese, or None."""
    from matplotlib import font_manager

    for name in CJK_FONTS:
        try:
            font_manager.findfont(
                font_manager.FontProperties(family=name), fallback_to_default=False
            )
        except ValueError:
            continue
        return name
    return None


def chart_labels(labels: dict[str, str], fallback: dict[str, str]) -> tuple[dict[str, str], str]:
    """The labels the chart can draw, and the font family to draw them in: Chinese labels in a
    Chinese font, or the fallback (English) labels where the machine has none."""
    if all(label.isascii() for label in labels.values()):
        return labels, "DejaVu Sans"
    font = cjk_font()
    if font is None:
        log.info("no font for Chinese chart labels: the digest chart is labelled in English")
        return fallback, "DejaVu Sans"
    return labels, font


def chart_png(
    first: date, series: dict[str, list[int]], labels: dict[str, str], font: str = "DejaVu Sans"
) -> bytes:
    """The digest's chart as PNG bytes (labels: legend texts in the reader's language, drawn in
    `font`)."""
    from matplotlib import rc_context

    with rc_context({"font.family": [font, "DejaVu Sans"]}):
        return _chart_png(first, series, labels)


def _chart_png(first: date, series: dict[str, list[int]], labels: dict[str, str]) -> bytes:
    from matplotlib.figure import Figure

    days = [first + timedelta(days=i) for i in range(len(series["messages"]))]
    ticks = [d.strftime("%d.%m") for d in days]
    x = list(range(len(days)))
    fig = Figure(figsize=(8, 6), dpi=100, layout="constrained")
    top, middle, bottom = fig.subplots(3, 1, sharex=True, height_ratios=(3, 2, 2))
    top.bar(x, series["messages"], color="#4c78a8", label=labels["messages"])
    top.set_ylabel(labels["messages"])
    twin = top.twinx()
    twin.plot(x, series["active"], color="#f58518", marker="o", label=labels["active"])
    twin.set_ylabel(labels["active"])
    twin.set_ylim(bottom=0)
    for i, n in enumerate(series["prompts"]):
        if n:
            top.axvline(i, color="#54a24b", linestyle="--", linewidth=1)
    handles = top.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    top.legend(handles[0] + more[0], handles[1] + more[1], loc="upper left", fontsize=8)
    width = 0.4
    middle.bar([i - width / 2 for i in x], series["joins"], width, label=labels["joins"])
    middle.bar([i + width / 2 for i in x], series["leaves"], width, label=labels["leaves"])
    middle.legend(loc="upper left", fontsize=8)
    bottom.bar([i - width / 2 for i in x], series["removed"], width, label=labels["removed"])
    bottom.bar([i + width / 2 for i in x], series["complaints"], width, label=labels["complaints"])
    bottom.legend(loc="upper left", fontsize=8)
    bottom.set_xticks(x, ticks, rotation=45, fontsize=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def effect_line(posts: list[PostRecord]) -> tuple[int, float, float, float | None]:
    """Prompts posted, and their average replies, participants and usual participants (None
    when no measured prompt had an hour without a prompt to compare with: a daily prompt's
    hour has no usual, and 0 people would make the prompts look as if they made all the talk)."""
    measured = [p for p in posts if p.measured_at is not None]
    if not measured:
        return len(posts), 0.0, 0.0, None
    usuals = [
        p.baseline_participants
        for p in measured
        if p.baseline_participants is not None and math.isfinite(p.baseline_participants)
    ]
    usual = sum(usuals) / len(usuals) if usuals else None
    n = len(measured)
    return (
        len(posts),
        sum(p.replies or 0 for p in measured) / n,
        sum(p.participants or 0 for p in measured) / n,
        usual,
    )


def usual_shown(texts: Any, lang: str, usual: float | None, key: str = "digest") -> str:
    """The usual figure as a reader sees it: "usually 2.5", or that there is nothing to compare
    with (`key` is the catalogue section: "digest" or "prompt")."""
    if usual is None:
        return str(texts.text(lang, f"{key}.usual_none"))
    return str(texts.text(lang, f"{key}.usual", usual=f"{usual:.1f}"))


async def build_digest(
    services: Services, chat: ChatRecord, now: datetime, lang: str, health: Health
) -> tuple[bytes, str]:
    """The chart and its caption for one chat, in one language."""
    texts = services.texts
    zone = zone_named(chat.timezone)
    today = now.astimezone(zone).date()
    first = today - timedelta(days=DAYS - 1)
    rows = await services.store.chat_windows(
        chat.chat_id, (ACTIVITY, SENDER), hour_of(now) - timedelta(days=DAYS + 1)
    )
    series, active_week = daily_series(rows, zone, first)
    names = ("messages", "active", "joins", "leaves", "removed", "complaints")
    labels, font = chart_labels(
        {name: texts.text(lang, f"digest.label_{name}") for name in names},
        {name: texts.text("en", f"digest.label_{name}") for name in names},
    )
    png = chart_png(first, series, labels, font)
    posts = await services.store.list_posts(chat.chat_id, since=now - timedelta(days=7))
    posted, replies, people, usual = effect_line(posts)
    week = slice(DAYS - 7, DAYS)
    caption = texts.text(
        lang,
        "digest.caption",
        title=chat_title(chat),
        stage=texts.text(lang, f"health.stage_{health.stage}"),
        messages=sum(series["messages"][week]),
        active=active_week,
        joins=sum(series["joins"][week]),
        leaves=sum(series["leaves"][week]),
        removed=sum(series["removed"][week]),
        complaints=sum(series["complaints"][week]),
        prompts=posted,
        replies=f"{replies:.1f}",
        people=f"{people:.1f}",
        usual=usual_shown(texts, lang, usual),
        suggestion=texts.text(
            lang, f"health.{health.suggestion[0]}", **dict(health.suggestion[1])
        ),
    )
    return png, cut(caption, MAX_CAPTION)


async def send_digest(
    services: Services, bot: Any, chat: ChatRecord, now: datetime, only: int | None = None
) -> int:
    """Send the digest to everyone who asked for it (or one of them); how many got it. The
    chat's digest clock moves on first, claimed (so two workers do not both send it), and even
    when nobody could be reached, so nobody is flooded. Those Telegram asked to wait for (429,
    or down) are kept, and `send_held_digest` sends theirs later; this week's replaces any
    still held from the week before."""
    store = services.store
    wanted = chat.settings.get(DIGEST_KEY)
    people = [int(u) for u in wanted if isinstance(u, int)] if isinstance(wanted, list) else []
    if only is not None:
        people = [only]
    elif not await store.swap_chat_setting(
        chat.chat_id, DIGEST_SENT_KEY, chat.settings.get(DIGEST_SENT_KEY), now.isoformat()
    ):
        return 0  # another worker sent this week's digest since `chat` was read
    else:
        services.cache.forget_chat(chat.chat_id)
    if only is None and people:
        people = await _admins_among(services, chat, people)
    sent, held = await _deliver(services, bot, chat, now, people)
    if only is None and (held or chat.settings.get(DIGEST_HELD_KEY)):
        await _hold(services, chat, held)
    return sent


async def send_held_digest(services: Services, bot: Any, chat: ChatRecord, now: datetime) -> int:
    """Send the digest Telegram asked to hold to those it was held for (still subscribed, still
    admins), once their wait is over; how many got it. Claimed, so two workers do not both."""
    store = services.store
    held = chat.settings.get(DIGEST_HELD_KEY)
    if not isinstance(held, dict):
        return 0
    after = iso_time(held.get("after"))
    if after is not None and now < after:
        return 0
    if not await store.swap_chat_setting(chat.chat_id, DIGEST_HELD_KEY, held, None):
        return 0  # another worker took it since `chat` was read
    services.cache.forget_chat(chat.chat_id)
    wanted = chat.settings.get(DIGEST_KEY)
    subscribed = set(wanted) if isinstance(wanted, list) else set()
    users = held.get("users")
    people = [u for u in users if isinstance(u, int) and u in subscribed] if users else []
    people = await _admins_among(services, chat, people)
    sent, again = await _deliver(services, bot, chat, now, people)
    if again:
        await _hold(services, chat, again)
    return sent


async def _admins_among(services: Services, chat: ChatRecord, people: list[int]) -> list[int]:
    """Only admins of the group now: one demoted, or gone, asked while they were one."""
    if not people:
        return people
    admins = {a.user_id for a in await services.store.list_admins(chat.chat_id)}
    return [p for p in people if p in admins]


async def _hold(services: Services, chat: ChatRecord, held: list[tuple[int, datetime]]) -> None:
    """Keep who is owed the digest, and from when it may be tried again (None: nobody)."""
    value = (
        {"users": [u for u, _ in held], "after": max(at for _, at in held).isoformat()}
        if held
        else None
    )
    await services.store.update_chat_settings(chat.chat_id, {DIGEST_HELD_KEY: value})
    services.cache.forget_chat(chat.chat_id)


async def _deliver(
    services: Services, bot: Any, chat: ChatRecord, now: datetime, people: list[int]
) -> tuple[int, list[tuple[int, datetime]]]:
    """Send the digest to each of `people`; how many got it, and who Telegram asked to wait
    for (a 429 longer than a retry waits, or Telegram down), with when to try again."""
    store = services.store
    health = await health_watch.health(services, chat, now)
    sent = 0
    held: list[tuple[int, datetime]] = []
    for user_id in people:
        if not await store.can_dm(user_id):
            continue
        user = await store.get_user(user_id)
        lang = services.texts.pick(user.language_code if user else None, chat.language)
        png, caption = await build_digest(services, chat, now, lang, health)
        try:
            await with_retries(
                partial(bot.send_photo, user_id, png, caption=caption),
                what=f"digest to {user_id}",
            )
        except Forbidden:
            await store.mark_user_unreachable(user_id, now)
            continue
        except RetryAfter as exc:
            wait = timedelta(seconds=retry_seconds(exc))
            log.info(
                "digest for %s to %s held: Telegram asked to wait %s", chat.chat_id, user_id, wait
            )
            held.append((user_id, now + wait))
            continue
        except TimedOut as exc:  # it may have arrived: not sent twice
            log.warning("digest for %s to %s timed out: %s", chat.chat_id, user_id, exc)
            continue
        except NetworkError as exc:  # Telegram down: tried again later
            log.warning("digest for %s to %s held: %s", chat.chat_id, user_id, exc)
            held.append((user_id, now + HOLD_RETRY))
            continue
        except TelegramError as exc:
            log.warning("digest for %s to %s failed: %s", chat.chat_id, user_id, exc)
            continue
        sent += 1
    return sent, held
