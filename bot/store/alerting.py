"""The store's alert side: preferences, alerts with opaque buttons, deliveries, reports."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Table, and_, delete, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import AlertRecord, DeliveryRecord
from bot.store.schema import (
    alert_buttons,
    alert_deliveries,
    alert_prefs,
    alert_windows,
    alerts,
    chats,
    reports,
)
from policies.reports import ReportTally

# The reporter id of a message's row that holds an admin's decision on it ("this message is
# fine", or confirmed spam) rather than a member's report: no Telegram account has id 0. It is
# settled, counts toward nobody's allowance, and outlives the retention purge.
DECIDED = 0
_REPORT_KEY = [reports.c.chat_id, reports.c.message_id, reports.c.reporter_id]


def new_token() -> str:
    """An unguessable button id (16 URL-safe characters, well inside Telegram's 64 bytes)."""
    return secrets.token_urlsafe(12)


class AlertStore:
    """Alert and report methods; the base of Store, which opens the engine."""

    engine: AsyncEngine
    dialect: str

    def _insert(self, table: Table) -> Any:
        """An INSERT that knows its backend's ON CONFLICT clause."""
        module = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table)

    # -- where alerts go -----------------------------------------------------------------------

    async def set_log_chat(self, chat_id: int, log_chat_id: int | None) -> None:
        """Send this chat's alerts and events to another chat too (None: stop)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(chats).where(chats.c.chat_id == chat_id).values(log_chat_id=log_chat_id)
            )

    async def set_unreachable_notice(self, chat_id: int, at: datetime | None) -> None:
        """Remember the group was told nobody can get alerts (None: somebody can again)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(chats).where(chats.c.chat_id == chat_id).values(unreachable_notice_at=at)
            )

    async def set_alert_pref(
        self, chat_id: int, user_id: int, enabled: bool, at: datetime
    ) -> None:
        """Opt an admin in to (or out of) alert DMs for one chat."""
        values = {"enabled": enabled, "updated_at": at}
        stmt = self._insert(alert_prefs).values(chat_id=chat_id, user_id=user_id, **values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[alert_prefs.c.chat_id, alert_prefs.c.user_id], set_=values
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def alert_prefs(self, chat_id: int) -> dict[int, bool]:
        """Explicit alert choices in a chat, by user id."""
        query = select(alert_prefs.c.user_id, alert_prefs.c.enabled).where(
            alert_prefs.c.chat_id == chat_id
        )
        async with self.engine.connect() as conn:
            return {int(r.user_id): bool(r.enabled) for r in await conn.execute(query)}

    # -- alerts and their buttons --------------------------------------------------------------

    async def create_alert(
        self,
        chat_id: int,
        *,
        kind: str,
        severity: str,
        text: str,
        at: datetime,
        event_id: int | None = None,
        actions: Sequence[str] = (),
    ) -> tuple[AlertRecord, dict[str, str]]:
        """Record an alert and mint one opaque token per button action."""
        async with self.engine.begin() as conn:
            alert_id = int(
                (
                    await conn.execute(
                        alerts.insert()
                        .values(
                            chat_id=chat_id,
                            kind=kind,
                            severity=severity,
                            text=text,
                            created_at=at,
                            event_id=event_id,
                        )
                        .returning(alerts.c.id)
                    )
                ).scalar_one()
            )
            tokens = {action: new_token() for action in dict.fromkeys(actions)}
            if tokens:
                await conn.execute(
                    alert_buttons.insert(),
                    [{"token": t, "alert_id": alert_id, "action": a} for a, t in tokens.items()],
                )
        record = AlertRecord(
            id=alert_id,
            chat_id=chat_id,
            kind=kind,
            severity=severity,
            event_id=event_id,
            text=text,
            created_at=at,
        )
        return record, tokens

    async def alert_tokens(self, alert_id: int) -> dict[str, str]:
        """An alert's buttons: action -> token, in the order they were minted."""
        query = select(alert_buttons.c.action, alert_buttons.c.token).where(
            alert_buttons.c.alert_id == alert_id
        )
        async with self.engine.connect() as conn:
            return {str(a): str(t) for a, t in await conn.execute(query)}

    async def revise_alert(self, alert_id: int, *, text: str, severity: str) -> None:
        """An alert's text and severity as they now stand (a surge that escalated)."""
        stmt = update(alerts).where(alerts.c.id == alert_id).values(text=text, severity=severity)
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def get_alert(self, alert_id: int) -> AlertRecord | None:
        """One alert by id."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(alerts).where(alerts.c.id == alert_id))).first()
        return AlertRecord(**row._mapping) if row is not None else None

    async def find_alert_for_event(self, event_id: int) -> AlertRecord | None:
        """The latest alert raised about an event."""
        query = select(alerts).where(alerts.c.event_id == event_id).order_by(alerts.c.id.desc())
        async with self.engine.connect() as conn:
            row = (await conn.execute(query.limit(1))).first()
        return AlertRecord(**row._mapping) if row is not None else None

    async def find_button(self, token: str) -> tuple[str, AlertRecord] | None:
        """The action and alert behind a button token; None for tokens never issued."""
        if not token or len(token) > 32 or not token.isascii():  # issued tokens are URL-safe
            return None
        query = (
            select(alert_buttons.c.action, alerts)
            .join(alerts, alerts.c.id == alert_buttons.c.alert_id)
            .where(alert_buttons.c.token == token)
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        data = dict(row._mapping)
        action = data.pop("action")
        return str(action), AlertRecord(**data)

    async def claim_alert(self, alert_id: int, user_id: int, outcome: str, at: datetime) -> bool:
        """Mark an alert handled; False if someone else already did (one winner, any process)."""
        stmt = (
            update(alerts)
            .where(alerts.c.id == alert_id, alerts.c.handled_by.is_(None))
            .values(handled_by=user_id, handled_at=at, outcome=outcome)
        )
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount == 1

    async def release_alert(self, alert_id: int, user_id: int) -> None:
        """Undo a claim whose action could not be carried out, so it can be tried again."""
        stmt = (
            update(alerts)
            .where(alerts.c.id == alert_id, alerts.c.handled_by == user_id)
            .values(handled_by=None, handled_at=None, outcome=None)
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def record_delivery(
        self,
        alert_id: int,
        *,
        channel: str,
        recipient_id: int,
        status: str,
        at: datetime,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        """Log one delivery attempt of an alert (sent, blocked or failed)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                alert_deliveries.insert().values(
                    alert_id=alert_id,
                    channel=channel,
                    recipient_id=recipient_id,
                    status=status,
                    message_id=message_id,
                    error=error[:500] if error else None,
                    at=at,
                )
            )

    async def claim_failed_deliveries(
        self, failed_by: datetime, raised_since: datetime
    ) -> list[DeliveryRecord]:
        """Copies of open alerts (raised since `raised_since`) that failed in passing at or
        before `failed_by`, each handed out once, even to several workers (marked `retried`)."""
        open_alerts = select(alerts.c.id).where(
            alerts.c.created_at >= raised_since, alerts.c.handled_by.is_(None)
        )
        stmt = (
            update(alert_deliveries)
            .where(
                alert_deliveries.c.status == "failed",
                alert_deliveries.c.at <= failed_by,
                alert_deliveries.c.alert_id.in_(open_alerts),
            )
            .values(status="retried")
            .returning(*alert_deliveries.c)
        )
        async with self.engine.begin() as conn:
            rows = (await conn.execute(stmt)).all()
        return sorted((DeliveryRecord(**r._mapping) for r in rows), key=lambda d: d.id)

    async def list_deliveries(self, alert_id: int) -> list[DeliveryRecord]:
        """Every delivery attempt of one alert, oldest first."""
        query = (
            select(alert_deliveries)
            .where(alert_deliveries.c.alert_id == alert_id)
            .order_by(alert_deliveries.c.id)
        )
        async with self.engine.connect() as conn:
            return [DeliveryRecord(**r._mapping) for r in await conn.execute(query)]

    async def list_alerts(self, chat_id: int, limit: int = 20) -> list[AlertRecord]:
        """A chat's newest alerts first."""
        query = (
            select(alerts)
            .where(alerts.c.chat_id == chat_id)
            .order_by(alerts.c.id.desc())
            .limit(max(1, limit))
        )
        async with self.engine.connect() as conn:
            return [AlertRecord(**r._mapping) for r in await conn.execute(query)]

    # -- bursts and digests ---------------------------------------------------------------------

    async def count_alert(self, chat_id: int, kind: str, window_start: datetime) -> int:
        """Count one alert in its chat, kind and window; returns how many that window has now.

        A commutative upsert, so workers sharing the database count together.
        """
        stmt = self._insert(alert_windows).values(
            chat_id=chat_id, kind=kind, window_start=window_start, total=1, digested=False
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[
                alert_windows.c.chat_id,
                alert_windows.c.kind,
                alert_windows.c.window_start,
            ],
            set_={"total": alert_windows.c.total + 1},
        ).returning(alert_windows.c.total)
        async with self.engine.begin() as conn:
            return int((await conn.execute(stmt)).scalar_one())

    async def claim_digests(self, opened_by: datetime, burst: int) -> list[tuple[int, str, int]]:
        """(chat, kind, alerts held back) for windows opened at or before `opened_by` (so closed
        now) with more than `burst` alerts; each is handed out once, even to several workers."""
        stmt = (
            update(alert_windows)
            .where(
                alert_windows.c.digested.is_(False),
                alert_windows.c.window_start <= opened_by,
                alert_windows.c.total > burst,
            )
            .values(digested=True)
            .returning(alert_windows.c.chat_id, alert_windows.c.kind, alert_windows.c.total)
        )
        async with self.engine.begin() as conn:
            rows = (await conn.execute(stmt)).all()
        return sorted((int(chat), str(kind), int(total) - burst) for chat, kind, total in rows)

    async def purge_alerts(self, older_than: datetime) -> int:
        """Forget alerts (their buttons and deliveries too) raised before a time; returns how many.

        A button on a forgotten alert then answers that it is no longer valid.
        """
        old = select(alerts.c.id).where(alerts.c.created_at < older_than).scalar_subquery()
        async with self.engine.begin() as conn:
            await conn.execute(delete(alert_buttons).where(alert_buttons.c.alert_id.in_(old)))
            await conn.execute(
                delete(alert_deliveries).where(alert_deliveries.c.alert_id.in_(old))
            )
            # An admin's decision on a message outlives its reports (it holds no text): each
            # settled message forgotten here keeps its DECIDED row (one from before those rows
            # existed gets one now), so a later report of it is not raised again.
            old_settled = (
                select(
                    reports.c.chat_id,
                    reports.c.message_id,
                    literal(DECIDED, BigInteger),
                    func.max(reports.c.at),
                    literal(True),
                )
                .where(reports.c.at < older_than, reports.c.settled)
                .group_by(reports.c.chat_id, reports.c.message_id)
            )
            columns = ["chat_id", "message_id", "reporter_id", "at", "settled"]
            await conn.execute(
                self._insert(reports)
                .from_select(columns, old_settled)
                .on_conflict_do_nothing(index_elements=_REPORT_KEY)
            )
            await conn.execute(
                delete(reports).where(reports.c.at < older_than, reports.c.reporter_id != DECIDED)
            )
            await conn.execute(
                delete(alert_windows).where(alert_windows.c.window_start < older_than)
            )
            result = await conn.execute(delete(alerts).where(alerts.c.created_at < older_than))
        return int(result.rowcount or 0)

    # -- member reports ------------------------------------------------------------------------

    async def add_report(
        self,
        chat_id: int,
        message_id: int,
        reporter_id: int,
        target_user_id: int | None,
        at: datetime,
        *,
        newcomer: bool = False,
    ) -> tuple[bool, int]:
        """Count a member's report of a message: (was it new, distinct reporters whose reports
        stand). `newcomer`: the reporter is still in their first messages here. A report of a
        message an admin has settled is kept settled too: it uses up the reporter's allowance
        and never counts toward hiding the message (so the count is then 0)."""
        of_message = and_(reports.c.chat_id == chat_id, reports.c.message_id == message_id)
        was_settled = select(reports.c.reporter_id).where(of_message, reports.c.settled).exists()
        count = select(func.count()).where(of_message, ~reports.c.settled)
        async with self.engine.begin() as conn:
            settled = bool((await conn.execute(select(was_settled))).scalar_one())
            stmt = self._insert(reports).values(
                chat_id=chat_id,
                message_id=message_id,
                reporter_id=reporter_id,
                target_user_id=target_user_id,
                at=at,
                newcomer=newcomer,
                settled=settled,
            )
            stmt = stmt.on_conflict_do_nothing(index_elements=_REPORT_KEY)
            new = (await conn.execute(stmt)).rowcount == 1
            total = int((await conn.execute(count)).scalar_one())
        return new, total

    async def report_tally(self, chat_id: int, message_id: int) -> ReportTally:
        """A message's reports: how many stand, how many of them from newcomers, and whether an
        admin has settled the message."""
        query = select(
            func.count().filter(~reports.c.settled),
            func.count().filter(and_(~reports.c.settled, reports.c.newcomer)),
            func.count().filter(reports.c.settled),
        ).where(reports.c.chat_id == chat_id, reports.c.message_id == message_id)
        async with self.engine.connect() as conn:
            standing, newcomers, settled = (await conn.execute(query)).one()
        return ReportTally(int(standing), int(newcomers), int(settled) > 0)

    async def reports_by(self, reporter_id: int, since: datetime) -> int:
        """How many reports one person filed since a time, in any chat (settled ones too)."""
        query = select(func.count()).where(
            and_(reports.c.reporter_id == reporter_id, reports.c.at >= since)
        )
        async with self.engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def settle_reports(
        self, chat_id: int, message_id: int, at: datetime | None = None
    ) -> None:
        """An admin has decided on a message (at `at`, now if not given): its reports stop
        counting toward hiding it, and so will any later report of it, whether or not anyone
        had reported it yet. The reports are kept (until retention forgets them), so each still
        counts toward its reporter's allowance; the decision itself (the DECIDED row) is kept
        past retention."""
        decided = self._insert(reports).values(
            chat_id=chat_id,
            message_id=message_id,
            reporter_id=DECIDED,
            at=at or datetime.now(UTC),
            settled=True,
        )
        async with self.engine.begin() as conn:
            await conn.execute(
                update(reports)
                .where(reports.c.chat_id == chat_id, reports.c.message_id == message_id)
                .values(settled=True)
            )
            await conn.execute(decided.on_conflict_do_nothing(index_elements=_REPORT_KEY))
