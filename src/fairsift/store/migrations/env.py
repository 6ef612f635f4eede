"""Alembic environment for fairsift's store.

fairsift runs migrations itself (`Store.open` passes its open connection in
`config.attributes["connection"]`, inside a transaction that holds the write lock).
Developers can also run Alembic by hand with the packaged alembic.ini (see the top of it).
"""

from __future__ import annotations

import os
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, create_engine

from fairsift.store.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(kind: str, obj: Any, autogen: AutogenContext) -> str | Literal[False]:
    # Migrations are frozen history: never import fairsift's own types into them.
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        render_item=render_item,
    )


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    if config.config_file_name:  # run by hand with alembic.ini: log like the alembic CLI
        fileConfig(config.config_file_name)
    url = os.environ.get("FAIRSIFT_DB") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set FAIRSIFT_DB to the database URL")
    engine = create_engine(url)
    with engine.connect() as conn:
        configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def run_offline() -> None:
    url = os.environ.get("FAIRSIFT_DB") or config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
