"""report queue columns: what the report queue lists of a triage row (urgency and its reason,
categories, campaign, duplicates, finding kinds, a preview) kept beside the row, so a page
of the queue is read and paged in the database without loading or parsing whole rows.
Existing rows are filled from their stored triage.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TYPES: dict[str, Any] = {
    "urgency": sa.String(length=20),
    "urgency_reason": sa.Text(),
    "categories": sa.JSON(),
    "category_keys": sa.Text(),
    "campaign": sa.Boolean(),
    "duplicate_of": sa.String(length=100),
    "duplicate_group": sa.String(length=100),
    "findings": sa.JSON(),
    "preview": sa.String(length=200),
}


def _key(name: str) -> str:
    return "_".join(name.replace("-", " ").replace("_", " ").replace("|", " ").casefold().split())


def _preview(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def columns(row: Mapping[str, Any]) -> dict[str, Any]:
    """The queue columns of one triage row (as fairsift.store.reports.queue_columns, frozen
    here as of this revision)."""
    urgency = row.get("urgency")
    urgency = urgency if isinstance(urgency, Mapping) else {}
    categories = [c.get("name") for c in row.get("categories") or [] if isinstance(c, Mapping)]
    text = row.get("text_en") or row.get("text")
    group, first = row.get("duplicate_group"), row.get("duplicate_of")
    findings = row.get("findings") or []
    return {
        "urgency": None if urgency.get("level") is None else str(urgency.get("level"))[:20],
        "urgency_reason": None if urgency.get("reason") is None else str(urgency["reason"]),
        "categories": categories,
        "category_keys": "|" + "|".join(_key(str(c or "")) for c in categories) + "|",
        "campaign": row.get("campaign") is not None,
        "duplicate_of": None if first is None else str(first)[:100],
        "duplicate_group": None if group is None else str(group)[:100],
        "findings": sorted({str(f.get("kind", "")) for f in findings if isinstance(f, Mapping)}),
        "preview": _preview(str(text)) if text else None,
    }


def upgrade() -> None:
    with op.batch_alter_table("report_assessments") as batch:
        for name, kind in TYPES.items():
            batch.add_column(sa.Column(name, kind, nullable=True))
    bind = op.get_bind()
    table = sa.table(
        "report_assessments", sa.column("id", sa.Integer()), sa.column("row", sa.JSON()),
        *(sa.column(name, kind) for name, kind in TYPES.items()),
    )  # fmt: skip
    last = 0
    while True:  # in batches, so a large store is filled without holding every row at once
        batch_rows = bind.execute(
            sa.select(table.c.id, table.c.row)
            .where(table.c.id > last)
            .order_by(table.c.id)
            .limit(500)
        ).all()
        if not batch_rows:
            break
        for row_id, row in batch_rows:
            values = columns(row if isinstance(row, Mapping) else {})
            bind.execute(sa.update(table).where(table.c.id == row_id).values(**values))
        last = batch_rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("report_assessments") as batch:
        for name in reversed(TYPES):
            batch.drop_column(name)
