"""Reports keep their standing: from a newcomer, and settled by an admin.

An admin's Dismiss used to delete a message's reports, so the same members could report it
again (their allowance given back) and hide what the owner had just cleared. Reports are now
kept, marked settled; and a report from an account still in its first messages is marked so it
does not count toward hiding a long-standing member's message.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add reports.newcomer and reports.settled (false for the reports already kept)."""
    with op.batch_alter_table("reports") as batch:
        batch.add_column(
            sa.Column("newcomer", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("settled", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Drop what upgrade added (settled reports are forgotten, as Dismiss used to do)."""
    op.execute(sa.text("DELETE FROM reports WHERE settled"))
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("settled")
        batch.drop_column("newcomer")
