"""review workflows: jobs can be archived and named apart; reports keep when they were
received (from the input, not the import), who they are assigned to, the answers sent to
their reporter through the receipt, and the categories a person confirmed or corrected

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "fairsift_app"
NEW_TABLES = ("report_replies", "category_reviews")


def pg_grants() -> str:
    tables = ", ".join(NEW_TABLES)
    return f"""
DO $$
DECLARE
    seq text;
    tbl text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {APP_ROLE};
        FOREACH tbl IN ARRAY ARRAY['report_replies', 'category_reviews'] LOOP
            seq := pg_get_serial_sequence(tbl, 'id');
            IF seq IS NOT NULL THEN
                EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO {APP_ROLE}', seq);
            END IF;
        END LOOP;
    END IF;
END
$$"""


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("label", sa.Text(), nullable=True))
        batch.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("received_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("assignee", sa.String(length=200), nullable=True))
    op.create_index(op.f("ix_reports_received_at"), "reports", ["received_at"], unique=False)
    op.create_table(
        "report_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_replies_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_replies")),
    )
    op.create_index(
        op.f("ix_report_replies_report_id"), "report_replies", ["report_id"], unique=False
    )
    op.create_table(
        "category_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("suggested", sa.JSON(), nullable=False),
        sa.Column("corrected", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_category_reviews_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category_reviews")),
    )
    op.create_index(
        op.f("ix_category_reviews_report_id"), "category_reviews", ["report_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(pg_grants())


def downgrade() -> None:
    op.drop_index(op.f("ix_category_reviews_report_id"), table_name="category_reviews")
    op.drop_table("category_reviews")
    op.drop_index(op.f("ix_report_replies_report_id"), table_name="report_replies")
    op.drop_table("report_replies")
    op.drop_index(op.f("ix_reports_received_at"), table_name="reports")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("assignee")
        batch.drop_column("received_at")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("archived_at")
        batch.drop_column("label")
