"""Report triage: read reports from the public in many languages, put them into English where
a translator covers the language (the original is kept), categorise them against an
organisation's taxonomy, say how urgent each is and why, group duplicates and flag possible
campaigns for a person to judge. It recommends; people decide.

    triage_batch(inputs, taxonomy, model=None, text_column=None, id_column=None,
                 format="jsonl", output=None) -> BatchResult
    train(labelled_csv, taxonomy, text_columns, out_dir) -> TrainingReport
    triage_row(...) -> dict            the JSONL row shape
"""

from fairsift.triage.model import TrainedModel, ZeroShotModel, load_model
from fairsift.triage.output import error_row, triage_row, write_rows
from fairsift.triage.pipeline import PIPELINE, BatchResult, Triager, reviewer_view, triage_batch
from fairsift.triage.taxonomy import Taxonomy, load_taxonomy, parse_taxonomy
from fairsift.triage.train import TrainingReport, train
from fairsift.triage.urgency import Urgency, UrgencyRules

__all__ = [
    "PIPELINE",
    "BatchResult",
    "Taxonomy",
    "TrainedModel",
    "TrainingReport",
    "Triager",
    "Urgency",
    "UrgencyRules",
    "ZeroShotModel",
    "error_row",
    "load_model",
    "load_taxonomy",
    "parse_taxonomy",
    "reviewer_view",
    "train",
    "triage_batch",
    "triage_row",
    "write_rows",
]
