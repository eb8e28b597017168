"""The outbox: every message action a decision led to, retried until done or failed for good.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the outbox table."""
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.Integer),
        sa.Column("what", sa.String(24), nullable=False),
        sa.Column("target", sa.BigInteger, nullable=False),
        sa.Column("until", UTCDateTime()),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_at", UTCDateTime()),
        sa.Column("claimed_until", UTCDateTime()),
        sa.Column("error", sa.Text),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("settled_at", UTCDateTime()),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "next_at"])
    op.create_index("ix_outbox_event", "outbox", ["event_id"])


def downgrade() -> None:
    """Drop what upgrade created."""
    op.drop_table("outbox")
