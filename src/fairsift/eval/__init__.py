"""Evaluation: ranking quality on real resumes, blind-mode checks, reports."""
