"""Competitors: each chat's list of rivals, matched by a squashed key.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the competitors table."""
    op.create_table(
        "competitors",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("shown", sa.String(160), nullable=False),
        sa.Column("added_by", sa.BigInteger),
        sa.Column("added_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    """Drop what upgrade created."""
    op.drop_table("competitors")
