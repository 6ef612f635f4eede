"""The result store: SQLAlchemy 2 models and Alembic migrations; SQLite by default,
PostgreSQL for teams.

    from fairsift.store import Store
    with Store.open("results/fairsift.db") as store:   # or "postgresql://user@host/db"
        store.put_job(sha256=..., source=..., title=..., requirements=[...])
        payload = store.find_assessment("screening", job_sha256, item_sha256, config_sha256)
"""

# Importing the review tables registers them on Base.metadata (the drift check needs them).
from fairsift.store import models_people as _models_people  # noqa: F401
from fairsift.store import models_review as _models_review  # noqa: F401
from fairsift.store.audit import AuditRecord, Problem
from fairsift.store.ingest import QueueItem
from fairsift.store.migrate import migrations_head
from fairsift.store.people import UserRecord
from fairsift.store.store import Kind, Store

__all__ = [
    "AuditRecord",
    "Kind",
    "Problem",
    "QueueItem",
    "Store",
    "UserRecord",
    "migrations_head",
]
