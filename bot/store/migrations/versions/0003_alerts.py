"""Alerts (with stored buttons and delivery records), alert preferences, reports, log chats.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the alert and report tables; give chats a log chat and an unreachable notice."""
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("log_chat_id", sa.BigInteger))
        batch.add_column(sa.Column("unreachable_notice_at", UTCDateTime()))
    op.create_table(
        "alert_prefs",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("event_id", sa.Integer),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("handled_by", sa.BigInteger),
        sa.Column("handled_at", UTCDateTime()),
        sa.Column("outcome", sa.String(32)),
    )
    op.create_index("ix_alerts_chat_created", "alerts", ["chat_id", "created_at"])
    op.create_table(
        "alert_buttons",
        sa.Column("token", sa.String(32), primary_key=True),
        sa.Column("alert_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
    )
    op.create_index("ix_alert_buttons_alert", "alert_buttons", ["alert_id"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Integer, nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("recipient_id", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("message_id", sa.BigInteger),
        sa.Column("error", sa.Text),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_alert_deliveries_alert", "alert_deliveries", ["alert_id"])
    op.create_table(
        "reports",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("message_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("reporter_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("target_user_id", sa.BigInteger),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_reports_reporter_at", "reports", ["reporter_id", "at"])


def downgrade() -> None:
    """Drop what upgrade created."""
    for table in ("reports", "alert_deliveries", "alert_buttons", "alerts", "alert_prefs"):
        op.drop_table(table)
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("unreachable_notice_at")
        batch.drop_column("log_chat_id")
