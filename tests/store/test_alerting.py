"""The store's alert side on both backends: prefs, buttons, claims, deliveries, reports."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import command

from bot.store import Store
from bot.store.engine import _alembic_config
from policies.reports import ReportTally

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


async def _chat(store: Store, chat_id: int = -100) -> None:
    await store.upsert_chat(chat_id, type="supergroup", title="Shop", username=None, at=T0)


async def test_alert_prefs_are_per_chat_and_overwritable(store: Store) -> None:
    """An admin's opt-in is remembered per chat and can be withdrawn."""
    await store.set_alert_pref(-100, 7, True, T0)
    await store.set_alert_pref(-200, 7, False, T0)
    await store.set_alert_pref(-100, 7, False, T0 + timedelta(seconds=1))
    assert await store.alert_prefs(-100) == {7: False}
    assert await store.alert_prefs(-200) == {7: False}
    assert await store.alert_prefs(-300) == {}


async def test_buttons_resolve_only_through_issued_tokens(store: Store) -> None:
    """Each action gets its own unguessable token; anything else resolves to nothing."""
    await _chat(store)
    alert, tokens = await store.create_alert(
        -100, kind="spam", severity="warning", text="t", at=T0, actions=["restore", "confirm"]
    )
    assert set(tokens) == {"restore", "confirm"}
    assert len(set(tokens.values())) == 2 and all(len(t) <= 32 for t in tokens.values())
    found = await store.find_button(tokens["restore"])
    assert found is not None and found[0] == "restore" and found[1].id == alert.id
    assert await store.find_button("restore") is None
    assert await store.find_button("") is None
    assert await store.find_button("x" * 200) is None


async def test_only_one_claim_of_an_alert_wins(store: Store) -> None:
    """Two admins pressing at once: exactly one handles the alert; release reopens it."""
    await _chat(store)
    alert, _ = await store.create_alert(-100, kind="spam", severity="info", text="t", at=T0)
    results = await asyncio.gather(
        *(store.claim_alert(alert.id, uid, "confirm", T0) for uid in (1, 2, 3))
    )
    assert sorted(results) == [False, False, True]
    handled = await store.get_alert(alert.id)
    assert handled is not None and handled.handled_by in (1, 2, 3)
    assert handled.outcome == "confirm"
    await store.release_alert(alert.id, 999)  # not the claimant: nothing changes
    assert (await store.get_alert(alert.id)).handled_by is not None  # type: ignore[union-attr]
    await store.release_alert(alert.id, handled.handled_by)
    assert (await store.get_alert(alert.id)).handled_by is None  # type: ignore[union-attr]


async def test_deliveries_are_recorded_in_order(store: Store) -> None:
    """Each delivery attempt is kept with its outcome."""
    await _chat(store)
    alert, _ = await store.create_alert(-100, kind="spam", severity="info", text="t", at=T0)
    await store.record_delivery(alert.id, channel="dm", recipient_id=1, status="sent", at=T0)
    await store.record_delivery(
        alert.id, channel="dm", recipient_id=2, status="blocked", at=T0, error="x" * 900
    )
    rows = await store.list_deliveries(alert.id)
    assert [(r.recipient_id, r.status) for r in rows] == [(1, "sent"), (2, "blocked")]
    assert rows[1].error is not None and len(rows[1].error) == 500


async def test_reports_count_distinct_reporters(store: Store) -> None:
    """The same person reporting twice counts once; newcomers' reports are told apart."""
    assert await store.add_report(-100, 5, 1, 9, T0) == (True, 1)
    assert await store.add_report(-100, 5, 1, 9, T0) == (False, 1)
    assert await store.add_report(-100, 5, 2, 9, T0, newcomer=True) == (True, 2)
    assert await store.reports_by(1, T0 - timedelta(minutes=1)) == 1
    assert await store.reports_by(1, T0 + timedelta(minutes=1)) == 0
    assert await store.report_tally(-100, 5) == ReportTally(2, newcomers=1)
    assert await store.report_tally(-100, 6) == ReportTally()


async def test_settled_reports_stay_settled_and_keep_the_allowance(store: Store) -> None:
    """An admin settled a message (Dismiss): its reports stop counting, and so does any later
    report of it, by the same member ("already") or anyone else; each still uses up its
    reporter's allowance. Other messages are untouched."""
    await store.add_report(-100, 5, 1, 9, T0)
    await store.add_report(-100, 5, 2, 9, T0, newcomer=True)
    await store.add_report(-100, 6, 1, 9, T0)
    await store.settle_reports(-100, 5)
    assert await store.report_tally(-100, 5) == ReportTally(0, 0, settled=True)
    assert await store.add_report(-100, 5, 1, 9, T0) == (False, 0)
    assert await store.add_report(-100, 5, 3, 9, T0) == (True, 0)
    assert await store.report_tally(-100, 5) == ReportTally(0, 0, settled=True)
    assert await store.reports_by(1, T0 - timedelta(minutes=1)) == 2
    assert await store.reports_by(3, T0 - timedelta(minutes=1)) == 1
    assert await store.report_tally(-100, 6) == ReportTally(1)


async def test_migration_0009_keeps_the_reports_already_filed(store: Store) -> None:
    """Reports filed before 0009 stand after it (not from newcomers, not settled); going back
    to 0008 forgets only the settled ones, as Dismiss used to."""
    await store.add_report(-100, 5, 1, 9, T0)
    await store.add_report(-100, 6, 2, 9, T0)
    await store.settle_reports(-100, 6)
    async with store.engine.begin() as conn:
        await conn.run_sync(lambda c: command.downgrade(_alembic_config(c), "0008"))
        rows = (await conn.execute(sa.text("SELECT message_id FROM reports"))).scalars()
        assert list(rows) == [5]
        await conn.run_sync(lambda c: command.upgrade(_alembic_config(c), "head"))
    assert await store.report_tally(-100, 5) == ReportTally(1)
    assert await store.add_report(-100, 5, 3, 9, T0, newcomer=True) == (True, 2)


async def test_log_chat_follows_a_migrating_log_group(store: Store) -> None:
    """A shop logging to a group keeps logging to it after that group becomes a supergroup."""
    await _chat(store, -100)
    await _chat(store, -20)
    await store.set_log_chat(-100, -20)
    await store.set_unreachable_notice(-100, T0)
    assert await store.migrate_chat(-20, -1020, T0)
    chat = await store.get_chat(-100)
    assert chat is not None and chat.log_chat_id == -1020
    assert chat.unreachable_notice_at == T0
    await store.set_log_chat(-100, None)
    assert (await store.get_chat(-100)).log_chat_id is None  # type: ignore[union-attr]


async def test_purged_alerts_take_their_buttons_and_deliveries(store: Store) -> None:
    """Retention forgets old alerts whole; their tokens stop resolving; newer ones stay."""
    await _chat(store)
    old, old_tokens = await store.create_alert(
        -100, kind="spam", severity="info", text="old", at=T0, actions=["restore"]
    )
    await store.record_delivery(old.id, channel="dm", recipient_id=1, status="sent", at=T0)
    await store.add_report(-100, 5, 1, 9, T0)
    later = T0 + timedelta(days=10)
    new, new_tokens = await store.create_alert(
        -100, kind="spam", severity="info", text="new", at=later, actions=["restore"]
    )
    assert await store.purge_alerts(T0 + timedelta(days=1)) == 1
    assert await store.find_button(old_tokens["restore"]) is None
    assert await store.list_deliveries(old.id) == []
    assert await store.find_button(new_tokens["restore"]) is not None
    assert await store.reports_by(1, T0 - timedelta(days=1)) == 0


async def test_alert_windows_count_together_and_digest_once(store: Store) -> None:
    """Concurrent counts add up; a closed window with more than the burst is handed out once,
    with how many were held back; an open window and a quiet one are not."""
    counts = await asyncio.gather(*(store.count_alert(-100, "spam", T0) for _ in range(10)))
    assert sorted(counts) == list(range(1, 11))
    await store.count_alert(-100, "herd", T0)  # one alert: nothing held back
    await store.count_alert(-200, "spam", T0 + timedelta(minutes=1))  # still open
    assert await store.claim_digests(T0 - timedelta(minutes=1), burst=3) == []
    claims = await asyncio.gather(*(store.claim_digests(T0, burst=3) for _ in range(3)))
    assert sorted(c for claim in claims for c in claim) == [(-100, "spam", 7)]
    assert await store.claim_digests(T0 + timedelta(minutes=5), burst=3) == []
    await store.purge_alerts(T0 + timedelta(minutes=2))
    assert await store.count_alert(-100, "spam", T0) == 1  # purged windows start again


async def test_an_alert_is_revised_in_place_with_its_tokens_kept(store: Store) -> None:
    """A surge that escalates rewrites its alert's text and severity; the buttons stay."""
    await _chat(store)
    alert, tokens = await store.create_alert(
        -100, kind="herd", severity="warning", text="watch", at=T0, actions=["calm", "dismiss"]
    )
    await store.revise_alert(alert.id, text="critical now", severity="critical")
    revised = await store.get_alert(alert.id)
    assert revised is not None and (revised.text, revised.severity) == ("critical now", "critical")
    assert await store.alert_tokens(alert.id) == tokens
    assert await store.alert_tokens(alert.id + 1) == {}


async def test_events_since_are_one_kind_of_one_chat_oldest_first(store: Store) -> None:
    """The evidence of a surge: one chat's events of one kind from a time on, in order."""
    for minutes, kind, chat in [
        (5, "complaint_noted", -100),
        (1, "complaint_noted", -100),
        (2, "spam_removed", -100),
        (3, "complaint_noted", -200),
        (-10, "complaint_noted", -100),
    ]:
        await store.record_event(
            chat, at=T0 + timedelta(minutes=minutes), kind=kind, reason=f"{kind}@{minutes}"
        )
    found = await store.events_since(-100, "complaint_noted", T0)
    assert [e.reason for e in found] == ["complaint_noted@1", "complaint_noted@5"]
    assert len(await store.events_since(-100, "complaint_noted", T0, limit=1)) == 1


async def test_failed_copies_of_open_recent_alerts_are_handed_out_once(store: Store) -> None:
    """Only copies that failed (not sent or blocked), early enough, of alerts still open and
    raised recently; a second claim, as by another worker, gets none of them again."""
    await _chat(store)
    fresh, _ = await store.create_alert(-100, kind="spam", severity="info", text="t", at=T0)
    old, _ = await store.create_alert(
        -100, kind="spam", severity="info", text="t", at=T0 - timedelta(days=1)
    )
    handled, _ = await store.create_alert(-100, kind="spam", severity="info", text="t", at=T0)
    assert await store.claim_alert(handled.id, 9, "restored", T0)
    for alert in (fresh, old, handled):
        await store.record_delivery(alert.id, channel="dm", recipient_id=1, status="failed", at=T0)
    await store.record_delivery(fresh.id, channel="dm", recipient_id=2, status="sent", at=T0)
    await store.record_delivery(fresh.id, channel="dm", recipient_id=3, status="blocked", at=T0)
    late = T0 + timedelta(minutes=5)
    await store.record_delivery(fresh.id, channel="log", recipient_id=-5, status="failed", at=late)
    since = T0 - timedelta(hours=6)
    claimed = await store.claim_failed_deliveries(T0 + timedelta(minutes=1), since)
    assert [(d.alert_id, d.recipient_id, d.status) for d in claimed] == [(fresh.id, 1, "retried")]
    assert await store.claim_failed_deliveries(T0 + timedelta(minutes=1), since) == []
    claimed = await store.claim_failed_deliveries(late, since)
    assert [(d.alert_id, d.recipient_id) for d in claimed] == [(fresh.id, -5)]
