"""Initial tables: chats, members, users, the admin cache, the event log and leases.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    """Create the foundation tables."""
    op.create_table(
        "chats",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("username", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("timezone", sa.String(64)),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("bot_rights", sa.JSON, nullable=False),
        sa.Column("added_by", sa.BigInteger),
        _ts("added_at"),
        _ts("updated_at", nullable=False),
        sa.Column("migrated_to", sa.BigInteger),
    )
    op.create_table(
        "members",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        _ts("first_seen_at", nullable=False),
        _ts("joined_at"),
        _ts("left_at"),
        sa.Column("messages_seen", sa.Integer, nullable=False, server_default="0"),
        _ts("last_message_at"),
        sa.Column("trusted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("approved", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("warnings", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "users",
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("username", sa.String(64)),
        sa.Column("username_lower", sa.String(64)),
        sa.Column("first_name", sa.Text),
        sa.Column("language_code", sa.String(16)),
        _ts("started_at"),
        _ts("unreachable_at"),
        _ts("updated_at", nullable=False),
    )
    op.create_index("ix_users_username_lower", "users", ["username_lower"])
    op.create_table(
        "chat_admins",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("is_anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("can_delete_messages", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("can_restrict_members", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("can_promote_members", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("can_pin_messages", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("can_change_info", sa.Boolean, nullable=False, server_default=sa.false()),
        _ts("updated_at", nullable=False),
    )
    op.create_index("ix_chat_admins_user", "chat_admins", ["user_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        _ts("at", nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("actor_id", sa.BigInteger),
        sa.Column("target_user_id", sa.BigInteger),
        sa.Column("target_chat_id", sa.BigInteger),
        sa.Column("message_id", sa.BigInteger),
        sa.Column("checks", sa.JSON, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("text", sa.Text),
    )
    op.create_index("ix_events_chat_at", "events", ["chat_id", "at"])
    op.create_index("ix_events_chat_message", "events", ["chat_id", "message_id"])
    op.create_table(
        "leases",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("holder", sa.String(200), nullable=False),
        _ts("expires_at", nullable=False),
    )


def downgrade() -> None:
    """Drop everything the upgrade created."""
    for table in ("leases", "events", "chat_admins", "users", "members", "chats"):
        op.drop_table(table)
