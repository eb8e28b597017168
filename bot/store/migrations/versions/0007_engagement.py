"""Engagement: prompt schedules, owners' own prompts, and every prompt posted with its effect.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the schedules, chat_prompts and prompt_posts tables."""
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("cron", sa.String(120), nullable=False),
        sa.Column("shown", sa.String(200), nullable=False),
        sa.Column("next_run_at", UTCDateTime(), nullable=False),
        sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("claimed_until", UTCDateTime()),
        sa.Column("last_run_at", UTCDateTime()),
        sa.Column("last_outcome", sa.String(32)),
        sa.Column("created_by", sa.BigInteger),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_schedules_due", "schedules", ["paused", "next_run_at"])
    op.create_index("ix_schedules_chat", "schedules", ["chat_id"])
    op.create_table(
        "chat_prompts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("created_by", sa.BigInteger),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_chat_prompts_chat", "chat_prompts", ["chat_id"])
    op.create_table(
        "prompt_posts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("schedule_id", sa.Integer),
        sa.Column("prompt_key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("message_id", sa.BigInteger),
        sa.Column("posted_at", UTCDateTime(), nullable=False),
        sa.Column("measured_at", UTCDateTime()),
        sa.Column("replies", sa.Integer),
        sa.Column("messages", sa.Integer),
        sa.Column("participants", sa.Integer),
        sa.Column("baseline_messages", sa.Float),
        sa.Column("baseline_participants", sa.Float),
    )
    op.create_index("ix_prompt_posts_chat_posted", "prompt_posts", ["chat_id", "posted_at"])
    op.create_index("ix_prompt_posts_unmeasured", "prompt_posts", ["measured_at", "posted_at"])


def downgrade() -> None:
    """Drop what upgrade created."""
    op.drop_table("prompt_posts")
    op.drop_table("chat_prompts")
    op.drop_table("schedules")
