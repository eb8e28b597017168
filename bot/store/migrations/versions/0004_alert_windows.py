"""Alert windows: the burst counter per chat, kind and minute lives in the store.

So several workers sharing one database let through one burst between them, not one each, and
alerts held back for a digest survive a restart.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the alert_windows table."""
    op.create_table(
        "alert_windows",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("window_start", UTCDateTime(), primary_key=True),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("digested", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_alert_windows_digest", "alert_windows", ["digested", "window_start"])


def downgrade() -> None:
    """Drop what upgrade created."""
    op.drop_table("alert_windows")
