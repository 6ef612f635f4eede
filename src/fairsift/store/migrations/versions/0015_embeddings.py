"""embedding cache: a text's vector per model, keyed by the text's sha256

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05

Shared by every process and machine using the store, so repeated text (headings, skills,
lines of boilerplate, requirement phrases) is encoded once. It holds no text. PostgreSQL:
the service's group role may read and add vectors.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "fairsift_app"


def upgrade() -> None:
    op.create_table(
        "embeddings",
        sa.Column("model", sa.String(length=255), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("dims", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("model", "text_sha256", name=op.f("pk_embeddings")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        GRANT SELECT, INSERT ON embeddings TO {APP_ROLE};
    END IF;
END $$;
"""
        )


def downgrade() -> None:
    op.drop_table("embeddings")
