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


@eval_app.command("agreement", context_settings=_PASS_THROUGH)
def eval_agreement(ctx: typer.Context) -> None:
    """Agreement with two annotators' rankings on the vacancy-matching set (Spearman, top-1),
    beside TF-IDF, BM25 and lexicon coverage and the annotators' agreement with each other.

    Options: `fairsift eval agreement --help`."""
    from fairsift.eval import agreement

    raise typer.Exit(agreement.main(ctx.args))


@eval_app.command("within-field", context_settings=_PASS_THROUGH)
def eval_within_field(ctx: typer.Context) -> None:
    """ROC AUC per resume over real postings of one field (fit labelled by reading), clean and
    glued, beside TF-IDF, BM25 and lexicon coverage.

    Options: `fairsift eval within-field --help`."""
    from fairsift.eval import within_field

    raise typer.Exit(within_field.main(ctx.args))


@eval_app.command("requirements", context_settings=_PASS_THROUGH)
def eval_requirements(ctx: typer.Context) -> None:
    """Requirement reading on SkillSpan: marked spans inside requirements, vs baselines.

    Options: `fairsift eval requirements --help`."""
    from fairsift.eval import requirements

    raise typer.Exit(requirements.main(ctx.args))
