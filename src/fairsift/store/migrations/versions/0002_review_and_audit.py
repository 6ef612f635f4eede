"""review service and audit log: users, API tokens, reports (contacts apart), receipts and
additions, the ingest queue, decisions, demographics, document texts, the audit log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

The audit log is append-only in the database itself, not only by convention:
- SQLite: triggers abort any UPDATE or DELETE of audit_log (whoever holds the file can drop
  them; `fairsift audit verify` still finds what they then changed).
- PostgreSQL: a trigger raises on UPDATE, DELETE and TRUNCATE for every role, and a group
  role `fairsift_app` gets SELECT/INSERT/UPDATE/DELETE on fairsift's tables but only SELECT and
  INSERT on audit_log (and only SELECT on alembic_version). The role is created when the role
  running this migration may create roles (superuser or CREATEROLE); otherwise it is skipped
  with a NOTICE and an operator runs, as a superuser, `CREATE ROLE fairsift_app NOLOGIN;`
  and then this migration's grants (or migrates once as a superuser). The service then logs in
  as a member: `CREATE ROLE fairsift_service LOGIN PASSWORD '...' IN ROLE fairsift_app;`.
  Only the tables' owner can drop or disable the trigger; the service's role never owns them.
A later migration that adds a table grants on it to fairsift_app itself. A later migration that
rebuilds audit_log on SQLite (batch mode copies the table) must recreate the triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "fairsift_app"
# Tables the service reads and writes; audit_log and alembic_version are granted apart.
APP_TABLES = (
    "documents",
    "jobs",
    "assessments",
    "users",
    "api_tokens",
    "reports",
    "reporter_contacts",
    "report_assessments",
    "receipts",
    "report_additions",
    "ingest_queue",
    "decisions",
    "demographics",
    "document_texts",
)
# Tables whose integer id draws from a sequence (INSERT needs USAGE on it).
SERIAL_TABLES = tuple(
    t
    for t in APP_TABLES
    if t not in ("reporter_contacts", "receipts", "demographics", "document_texts")
)

SQLITE_TRIGGERS = (
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END""",
)

PG_TRIGGERS = (
    """CREATE FUNCTION fairsift_audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Entries are only ever added; fairsift audit verify checks the chain';
    END
    $$""",
    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION fairsift_audit_log_append_only()""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION fairsift_audit_log_append_only()""",
)


def pg_grants() -> str:
    """One DO block: create the group role if allowed, then grant on fairsift's tables."""
    tables = ", ".join(APP_TABLES)
    serial = ", ".join(f"'{t}'" for t in SERIAL_TABLES)
    return f"""
DO $$
DECLARE
    may_create boolean;
    seq text;
    tbl text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        SELECT rolsuper OR rolcreaterole INTO may_create
            FROM pg_roles WHERE rolname = current_user;
        IF NOT may_create THEN
            RAISE NOTICE 'role {APP_ROLE} not created (% may not create roles): '
                'see migration 0002 for what an operator runs', current_user;
            RETURN;
        END IF;
        BEGIN
            CREATE ROLE {APP_ROLE} NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- another database's migration created it at the same moment
        END;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO {APP_ROLE}', current_schema());
    GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {APP_ROLE};
    GRANT SELECT, INSERT ON audit_log TO {APP_ROLE};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {APP_ROLE}, PUBLIC;
    GRANT SELECT ON alembic_version TO {APP_ROLE};
    FOREACH tbl IN ARRAY ARRAY[{serial}] LOOP
        seq := pg_get_serial_sequence(tbl, 'id');
        IF seq IS NOT NULL THEN
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO {APP_ROLE}', seq);
        END IF;
    END LOOP;
END
$$"""


def pg_revokes() -> str:
    tables = ", ".join(("documents", "jobs", "assessments", "alembic_version"))
    return f"""
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        REVOKE ALL ON {tables} FROM {APP_ROLE};
        EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM {APP_ROLE}', current_schema());
    END IF;
END
$$"""


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("queues", sa.JSON(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("sha256", name=op.f("uq_api_tokens_sha256")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"], unique=False)

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("urgency_rank", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_reports_idempotency_key")),
    )
    op.create_index("ix_reports_queue", "reports", ["urgency_rank", "created_at"], unique=False)
    op.create_index(op.f("ix_reports_status"), "reports", ["status"], unique=False)
    op.create_table(
        "reporter_contacts",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("contact", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_reporter_contacts_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_reporter_contacts")),
    )
    op.create_table(
        "report_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=True),
        sa.Column("row", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_assessments_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_assessments")),
        sa.UniqueConstraint("report_id", name=op.f("uq_report_assessments_report_id")),
    )
    op.create_index(
        op.f("ix_report_assessments_language"), "report_assessments", ["language"], unique=False
    )
    op.create_table(
        "receipts",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_receipts_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_receipts")),
    )
    op.create_index(op.f("ix_receipts_report_id"), "receipts", ["report_id"], unique=False)
    op.create_table(
        "report_additions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_additions_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_additions")),
    )
    op.create_index(
        op.f("ix_report_additions_report_id"), "report_additions", ["report_id"], unique=False
    )

    op.create_table(
        "ingest_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("idempotency_key", sa.String(length=300), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("worker", sa.Text(), nullable=True),
        sa.Column("leased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result_ref", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_queue")),
        sa.UniqueConstraint(
            "kind", "idempotency_key", name=op.f("uq_ingest_queue_kind_idempotency_key")
        ),
    )
    op.create_index("ix_ingest_queue_claim", "ingest_queue", ["kind", "status", "id"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index("ix_decisions_item", "decisions", ["kind", "item_id"], unique=False)
    op.create_table(
        "demographics",
        sa.Column("candidate_sha256", sa.String(length=64), nullable=False),
        sa.Column("sex", sa.Text(), nullable=True),
        sa.Column("race_ethnicity", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("candidate_sha256", name=op.f("pk_demographics")),
    )
    op.create_table(
        "document_texts",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("blind_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_document_texts")),
    )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_event"), "audit_log", ["event"], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in PG_TRIGGERS:
            op.execute(statement)
        op.execute(pg_grants())


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS fairsift_audit_log_append_only()")
        op.execute(pg_revokes())
    op.drop_index(op.f("ix_audit_log_event"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("document_texts")
    op.drop_table("demographics")
    op.drop_index("ix_decisions_item", table_name="decisions")
    op.drop_table("decisions")
    op.drop_index("ix_ingest_queue_claim", table_name="ingest_queue")
    op.drop_table("ingest_queue")
    op.drop_index(op.f("ix_report_additions_report_id"), table_name="report_additions")
    op.drop_table("report_additions")
    op.drop_index(op.f("ix_receipts_report_id"), table_name="receipts")
    op.drop_table("receipts")
    op.drop_index(op.f("ix_report_assessments_language"), table_name="report_assessments")
    op.drop_table("report_assessments")
    op.drop_table("reporter_contacts")
    op.drop_index(op.f("ix_reports_status"), table_name="reports")
    op.drop_index("ix_reports_queue", table_name="reports")
    op.drop_table("reports")
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("users")
