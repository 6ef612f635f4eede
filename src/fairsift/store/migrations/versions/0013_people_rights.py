"""people's rights: candidates' private contacts, alternative-process requests, duplicate
merges; audit entries that can be erased (payload gone, hash kept, vouched by an erasure entry)

Revision ID: 0013
Revises: 0002
Create Date: 2026-12-05

The audit log stays append-only with one exception: an entry's payload may be replaced once
by its erasure (payload, erased, and payload_sha256 if it had none), every other column
unchanged. The triggers of 0002 are
replaced by ones that allow exactly that; on PostgreSQL fairsift_app may update only those
two columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "fairsift_app"
NEW_TABLES = ("candidate_contacts", "alternative_requests", "candidate_merges")

# Everything but payload and erased stays, and only an entry not yet erased may be erased.
# Null-safe comparisons (IS / IS NOT DISTINCT FROM): a NULL must never make the check unknown,
# which SQLite's WHEN would read as "do not fire".
_KEPT = ("id", "at", "actor", "event", "subject", "prev_hash", "hash")


def _unchanged(same: str) -> str:
    return " AND ".join(
        [f"NEW.{c} {same} OLD.{c}" for c in _KEPT]
        + [f"(OLD.payload_sha256 IS NULL OR NEW.payload_sha256 {same} OLD.payload_sha256)"]
    )


SQLITE_UPDATE_TRIGGER = f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    WHEN NOT (OLD.erased IS NULL AND NEW.erased IS NOT NULL AND {_unchanged("IS")})
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed, only
    erased'); END"""
SQLITE_OLD_TRIGGER = """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END"""

PG_FUNCTION = f"""CREATE OR REPLACE FUNCTION fairsift_audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF OLD.erased IS NULL AND NEW.erased IS NOT NULL AND
               {_unchanged("IS NOT DISTINCT FROM")} THEN
                RETURN NEW;
            END IF;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Entries are only ever added (or erased); fairsift audit verify checks';
    END
    $$"""
PG_OLD_FUNCTION = """CREATE OR REPLACE FUNCTION fairsift_audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Entries are only ever added; fairsift audit verify checks the chain';
    END
    $$"""

PG_GRANTS = f"""
DO $$
DECLARE
    seq text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON {", ".join(NEW_TABLES)} TO {APP_ROLE};
        GRANT UPDATE (payload, payload_sha256, erased) ON audit_log TO {APP_ROLE};
        seq := pg_get_serial_sequence('alternative_requests', 'id');
        IF seq IS NOT NULL THEN
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO {APP_ROLE}', seq);
        END IF;
    END IF;
END
$$"""


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("payload_sha256", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("erased", sa.Text(), nullable=True))
    op.create_table(
        "candidate_contacts",
        sa.Column("candidate_sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("emails", sa.JSON(), nullable=False),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("candidate_sha256", name=op.f("pk_candidate_contacts")),
    )
    op.create_table(
        "alternative_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("job_sha256", sa.String(length=64), nullable=True),
        sa.Column("candidate_sha256", sa.String(length=64), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("contact", sa.JSON(), nullable=False),
        sa.Column("code_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alternative_requests")),
        sa.UniqueConstraint("code_sha256", name=op.f("uq_alternative_requests_code_sha256")),
    )
    op.create_index(
        "ix_alternative_requests_status", "alternative_requests", ["status", "id"], unique=False
    )
    op.create_index(
        op.f("ix_alternative_requests_job_sha256"),
        "alternative_requests",
        ["job_sha256"],
        unique=False,
    )
    op.create_index(
        op.f("ix_alternative_requests_candidate_sha256"),
        "alternative_requests",
        ["candidate_sha256"],
        unique=False,
    )
    op.create_table(
        "candidate_merges",
        sa.Column("duplicate_sha256", sa.String(length=64), nullable=False),
        sa.Column("primary_sha256", sa.String(length=64), nullable=False),
        sa.Column("merged_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("duplicate_sha256", name=op.f("pk_candidate_merges")),
    )
    op.create_index(
        op.f("ix_candidate_merges_primary_sha256"),
        "candidate_merges",
        ["primary_sha256"],
        unique=False,
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute(SQLITE_UPDATE_TRIGGER)
    elif dialect == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_GRANTS)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_OLD_FUNCTION)
    op.drop_index(op.f("ix_candidate_merges_primary_sha256"), table_name="candidate_merges")
    op.drop_table("candidate_merges")
    op.drop_index(
        op.f("ix_alternative_requests_candidate_sha256"), table_name="alternative_requests"
    )
    op.drop_index(op.f("ix_alternative_requests_job_sha256"), table_name="alternative_requests")
    op.drop_index("ix_alternative_requests_status", table_name="alternative_requests")
    op.drop_table("alternative_requests")
    op.drop_table("candidate_contacts")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("erased")
        batch.drop_column("payload_sha256")
    if dialect == "sqlite":  # batch mode may have copied the table, dropping its triggers
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute(SQLITE_OLD_TRIGGER)
        op.execute(
            """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END"""
        )
