"""initial schema: documents, jobs, assessments

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("requirements", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("sha256", name=op.f("uq_jobs_sha256")),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("job_sha256", sa.String(length=64), nullable=True),
        sa.Column("item_sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("config_sha256", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_sha256"], ["jobs.sha256"], name=op.f("fk_assessments_job_sha256_jobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.UniqueConstraint(
            "kind",
            "job_sha256",
            "item_sha256",
            "config_sha256",
            name=op.f("uq_assessments_kind_job_sha256_item_sha256_config_sha256"),
        ),
    )
    op.create_index(
        "ix_assessments_job", "assessments", ["job_sha256", "config_sha256"], unique=False
    )
    # NULLs are distinct in a UNIQUE constraint, so rows without a job need their own index.
    op.create_index(
        "uq_assessments_no_job",
        "assessments",
        ["kind", "item_sha256", "config_sha256"],
        unique=True,
        sqlite_where=sa.text("job_sha256 IS NULL"),
        postgresql_where=sa.text("job_sha256 IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_assessments_no_job", table_name="assessments")
    op.drop_index("ix_assessments_job", table_name="assessments")
    op.drop_table("assessments")
    op.drop_table("jobs")
    op.drop_table("documents")
