"""Labelled samples: moderator feedback and owners' own training data for the spam model.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the samples table."""
    op.create_table(
        "samples",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.String(8), nullable=False),
        sa.Column("lang", sa.String(8)),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.BigInteger),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_samples_chat", "samples", ["chat_id"])


def downgrade() -> None:
    """Drop the samples table."""
    op.drop_table("samples")
