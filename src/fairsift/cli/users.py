"""The review service: `fairsift user …` and `fairsift serve`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fairsift.cli._shared import (
    DbOption,
    err,
    open_store,
    user_errors,
)

user_app = typer.Typer(help="People who use the review service.", no_args_is_help=True)


class Role(StrEnum):
    admin = "admin"
    reviewer = "reviewer"
    auditor = "auditor"


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[Role, typer.Option("--role", help="admin, reviewer or auditor.")],
    queue: Annotated[
        list[str] | None,
        typer.Option("--queue", help="For reviewers: applications, reports or job:<sha256>."),
    ] = None,
    db: DbOption = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="FAIRSIFT_NEW_PASSWORD",
            help="Password (asked for when not given; FAIRSIFT_NEW_PASSWORD for scripts).",
        ),
    ] = None,
) -> None:
    """Add a user. The first admin is added this way before the service is first used."""
    from fairsift.review.users import add_user, check_name_free

    with user_errors(), open_store(db) as store:
        check_name_free(store, username)  # a taken or removed name: say so before the prompt
    secret = password or typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with user_errors(), open_store(db) as store:
        add_user(store, username, role.value, secret, queue or [], actor="cli")
    err.print(f"added {role.value} {username}", highlight=False)


@user_app.command("reactivate")
def user_reactivate(
    username: Annotated[str, typer.Argument(help="Sign-in name of a removed user.")],
    db: DbOption = None,
) -> None:
    """Let a removed user sign in again (with their old password; API tokens are not revived)."""
    from fairsift.review.users import reactivate_user

    with user_errors(), open_store(db) as store:
        reactivate_user(store, username, actor="cli")
    err.print(f"reactivated {username}", highlight=False)


@user_app.command("unlock")
def user_unlock(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    db: DbOption = None,
) -> None:
    """End a lockout after failed sign-ins now."""
    with user_errors(), open_store(db) as store:
        store.unlock_user(username.strip(), "cli")
    err.print(f"unlocked {username}", highlight=False)


@user_app.command("role")
def user_role(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[Role, typer.Option("--role", help="admin, reviewer or auditor.")],
    queue: Annotated[
        list[str] | None,
        typer.Option("--queue", help="For reviewers: applications, reports or job:<sha256>."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Change a user's role and queues (the last active admin cannot be demoted)."""
    from fairsift.review.users import update_user

    with user_errors(), open_store(db) as store:
        update_user(store, username, role.value, queue or [], actor="cli")
    err.print(f"{username} is now {role.value}", highlight=False)


@user_app.command("password")
def user_password(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    db: DbOption = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="FAIRSIFT_NEW_PASSWORD",
            help="New password (asked for when not given).",
        ),
    ] = None,
) -> None:
    """Reset a user's password (and end any lockout)."""
    from fairsift.review.users import set_password

    secret = password or typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with user_errors(), open_store(db) as store:
        set_password(store, username, secret, actor="cli")
    err.print(f"password of {username} reset", highlight=False)


@user_app.command("remove")
def user_remove(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    db: DbOption = None,
) -> None:
    """Deactivate a user; their history stays in the audit log."""
    from fairsift.review.users import remove_user

    with user_errors(), open_store(db) as store:
        remove_user(store, username, actor="cli")
    err.print(f"removed {username}", highlight=False)


@user_app.command("list")
def user_list(
    db: DbOption = None,
) -> None:
    """Everyone ever added: role, queues, active, locked."""
    from fairsift.review.users import list_users

    with user_errors(), open_store(db) as store:
        users = list_users(store)
    if not users:
        err.print("no users yet: add the first admin with `fairsift user add NAME --role admin`")
        return
    table = Table(title_justify="left")
    for name in ("username", "role", "queues", "active", "locked"):
        table.add_column(name)
    for user in users:
        table.add_row(
            escape(user["username"]),
            user["role"],
            escape(", ".join(user["queues"])),
            "yes" if user["active"] else "no",
            "yes" if user["locked"] else "no",
        )
    Console().print(table)


@user_app.command("token")
def user_token(
    username: Annotated[str, typer.Argument(help="Sign-in name the token acts for.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "token",
    db: DbOption = None,
) -> None:
    """Create an API token for machines (Authorization: Bearer …); shown once."""
    from fairsift.review.users import create_token

    with user_errors(), open_store(db) as store:
        secret = create_token(store, username, label, actor="cli")
    typer.echo(secret)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    db: DbOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Worker processes serving requests (default: one per core). Sessions live "
            "in the database, so any worker serves any request; one runs the ingest worker.",
        ),
    ] = None,
) -> None:
    """Run the review service: REST API, review pages, public report form.

    The API is described at /openapi.json (interactive at /docs)."""
    from fairsift.service import run

    with user_errors():
        run(host=host, port=port, db=db, workers=workers)
