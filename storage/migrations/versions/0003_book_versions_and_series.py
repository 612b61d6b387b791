"""book versions and series

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 16:30:27.545858
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table("books", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("series_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("series_index", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_index(batch_op.f("ix_books_series_id"), ["series_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_books_version_of_id_books"),
            "books",
            ["version_of_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:

    with op.batch_alter_table("books", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_books_version_of_id_books"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_books_series_id"))
        batch_op.drop_column("series_index")
        batch_op.drop_column("series_id")
        batch_op.drop_column("version_of_id")
