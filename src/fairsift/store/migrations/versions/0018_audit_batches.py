"""audit batches: the items of batch entries, so that one chained entry can vouch for many
audited rows (a Merkle root and the leaf hashes in the entry, the items here)

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-05

Append-only like audit_log: an item is never changed or deleted, only erased (payload
replaced, `erased` set, every other column unchanged). Entries written before stay as they
are: a chain may hold plain entries and batch entries in any mix.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "fairsift_app"
_KEPT = ("entry_id", "item", "event", "actor", "subject", "hash", "payload_sha256")


def _unchanged(same: str) -> str:
    return " AND ".join(f"NEW.{c} {same} OLD.{c}" for c in _KEPT)


SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER audit_items_no_update BEFORE UPDATE ON audit_items
    WHEN NOT (OLD.erased IS NULL AND NEW.erased IS NOT NULL AND {_unchanged("IS")})
    BEGIN SELECT RAISE(ABORT, 'audit_items is append-only: items cannot be changed, only
    erased'); END""",
    """CREATE TRIGGER audit_items_no_delete BEFORE DELETE ON audit_items
    BEGIN SELECT RAISE(ABORT, 'audit_items is append-only: items cannot be deleted'); END""",
)
PG_STATEMENTS = (
    f"""CREATE OR REPLACE FUNCTION fairsift_audit_items_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF OLD.erased IS NULL AND NEW.erased IS NOT NULL AND
               {_unchanged("IS NOT DISTINCT FROM")} THEN
                RETURN NEW;
            END IF;
        END IF;
        RAISE EXCEPTION 'audit_items is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Items are only ever added (or erased); fairsift audit verify checks';
    END
    $$""",
    """CREATE TRIGGER audit_items_append_only BEFORE UPDATE OR DELETE ON audit_items
    FOR EACH ROW EXECUTE FUNCTION fairsift_audit_items_append_only()""",
    """CREATE TRIGGER audit_items_no_truncate BEFORE TRUNCATE ON audit_items
    FOR EACH STATEMENT EXECUTE FUNCTION fairsift_audit_items_append_only()""",
    f"""DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        GRANT SELECT, INSERT ON audit_items TO {APP_ROLE};
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_items FROM {APP_ROLE}, PUBLIC;
        GRANT UPDATE (payload, erased) ON audit_items TO {APP_ROLE};
    END IF;
END $$""",
)


def upgrade() -> None:
    op.create_table(
        "audit_items",
        sa.Column("entry_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("erased", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("entry_id", "item", name=op.f("pk_audit_items")),
    )
    op.create_index(op.f("ix_audit_items_subject"), "audit_items", ["subject"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_STATEMENTS:
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_items_no_truncate ON audit_items")
        op.execute("DROP TRIGGER IF EXISTS audit_items_append_only ON audit_items")
        op.execute("DROP FUNCTION IF EXISTS fairsift_audit_items_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_items_no_delete")
        op.execute("DROP TRIGGER IF EXISTS audit_items_no_update")
    op.drop_index(op.f("ix_audit_items_subject"), table_name="audit_items")
    op.drop_table("audit_items")
