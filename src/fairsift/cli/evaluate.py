"""Evaluations on the development data: `fairsift eval …` (each forwards its options)."""

from __future__ import annotations

import typer

eval_app = typer.Typer(
    help="Evaluations on the development data, with baselines.", no_args_is_help=True
)

_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}


@eval_app.command("ranking", context_settings=_PASS_THROUGH)
def eval_ranking(ctx: typer.Context) -> None:
    """Ranking (NDCG@10, per-resume AUC) on the resume dataset vs two baselines.

    Options: `fairsift eval ranking --help`."""
    from fairsift.eval import ranking

    raise typer.Exit(ranking.main(ctx.args))


@eval_app.command("blind", context_settings=_PASS_THROUGH)
def eval_blind(ctx: typer.Context) -> None:
    """Blind-mode recall (names, contacts, locations) and skills kept.

    Options: `fairsift eval blind --help`."""
    from fairsift.eval import blind

    raise typer.Exit(blind.main(ctx.args))


@eval_app.command("triage", context_settings=_PASS_THROUGH)
def eval_triage(ctx: typer.Context) -> None:
    """Triage macro-F1 (English, as received), urgency vs actionable, vs TF-IDF baseline.

    Options: `fairsift eval triage --help`."""
    from fairsift.eval import triage as evaluation

    raise typer.Exit(evaluation.main(ctx.args))


@eval_app.command("requirements", context_settings=_PASS_THROUGH)
def eval_requirements(ctx: typer.Context) -> None:
    """Requirement reading on SkillSpan: marked spans inside requirements, vs baselines.

    Options: `fairsift eval requirements --help`."""
    from fairsift.eval import requirements

    raise typer.Exit(requirements.main(ctx.args))
