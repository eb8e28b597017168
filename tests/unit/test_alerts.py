"""The alert service's pure parts and recipient rules, on a real store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.alerts import Alerts, Span, clip, t
from bot.i18n import load_catalog
from bot.store import AdminRecord, Store

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_texts_render_per_reader_with_nested_texts() -> None:
    """One alert reads in each recipient's language, nested parts included."""
    texts = load_catalog()
    text = t("alerts.digest", count=4, title="Shop", kind=t("alerts.kind_spam"))
    english = text.render(texts, "en")
    assert "More alerts (spam) in «Shop» in the last minute: 4." in english
    assert text.render(texts, "ru") != english


def test_clip_keeps_texts_inside_telegram_limits() -> None:
    """Long texts end with an ellipsis at the limit; short ones are untouched."""
    assert clip("short") == "short"
    long = clip("x" * 5000)
    assert len(long) == 3800 and long.endswith("…")


async def test_recipients_follow_owner_adder_and_preferences(tmp_path) -> None:
    """Owner and adder by default, opted-in admins added, opt-outs and ex-admins dropped."""
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path}/a.sqlite3")
    try:
        await store.onboard_chat(
            -1,
            type="supergroup",
            title="Shop",
            username=None,
            rights={},
            added_by=2,
            language="en",
            timezone="UTC",
            at=T0,
        )
        for record in (
            AdminRecord(-1, 1, "creator"),
            AdminRecord(-1, 2, "administrator"),
            AdminRecord(-1, 3, "administrator"),
        ):
            await store.upsert_admin(record, T0)
        alerts = Alerts(store, load_catalog(), lambda: T0)
        chat = await store.get_chat(-1)
        assert chat is not None
        assert await alerts.recipients(chat) == [1, 2]
        await store.set_alert_pref(-1, 3, True, T0)
        await store.set_alert_pref(-1, 1, False, T0)
        await store.set_alert_pref(-1, 99, True, T0)  # not an admin: never alerted
        assert await alerts.recipients(chat) == [2, 3]
        await store.remove_admin(-1, 2)  # the adder was demoted
        assert await alerts.recipients(chat) == [3]
    finally:
        await store.close()


def test_a_span_is_written_in_each_readers_language() -> None:
    """The herd alert's default calm-mode length and the alert's mute length read "2h" in
    every language; each now has its own units."""
    texts = load_catalog()
    span = Span(timedelta(hours=2))
    assert [span.render(texts, lang) for lang in ("en", "ru", "zh")] == ["2h", "2ч", "2小时"]
    assert Span(None).render(texts, "ru") == texts.text("ru", "commands.forever")
