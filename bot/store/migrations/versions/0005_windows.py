"""Durable windows: detector counts per chat, kind, key and time bucket live in the store.

So several workers sharing one database count one surge between them, not one each, and the
counts survive a restart. chat_id 0 stands for all chats, so there is no foreign key to chats.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the windows table."""
    op.create_table(
        "windows",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("bucket", UTCDateTime(), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("touched_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_windows_kind_touched", "windows", ["kind", "touched_at"])
    op.create_index("ix_windows_bucket", "windows", ["bucket"])


def downgrade() -> None:
    """Drop what upgrade created."""
    op.drop_table("windows")
