"""The service runs the CLI's pipelines: screening through `screen_batch`, triage through the
triage package. Models load once, on first use, and one lock keeps them single-threaded (the
worker thread and a request creating a job may both need the embedder)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fairsift.config import Settings, load_settings
from fairsift.errors import InputError
from fairsift.intake import read_document
from fairsift.privacy import redact
from fairsift.review.screening import screen_batch
from fairsift.screening.pipeline import Job, Screener
from fairsift.store import Store
from fairsift.triage.pipeline import Triager

__all__ = ["Pipelines", "default_taxonomy"]


class Pipelines:
    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        taxonomy: Path | None = None,
        triage_model: Path | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or load_settings()
        self.taxonomy = taxonomy or default_taxonomy()
        self.triage_model = triage_model
        self.lock = threading.RLock()
        self._screener: Screener | None = None
        self._triager: Triager | None = None
        self._jobs: dict[str, Job] = {}

    def triager(self) -> Triager | None:
        """The triage pipeline `fairsift triage` runs (sharing the screener's embedder), or
        None when no taxonomy is configured or found."""
        if self.taxonomy is None:
            return None
        with self.lock:
            if self._triager is None:
                self._triager = Triager.create(
                    self.taxonomy, self.triage_model, embedder=self.screener.embedder
                )
            return self._triager

    @property
    def screener(self) -> Screener:
        with self.lock:
            if self._screener is None:
                self._screener = Screener.create(self.settings)
            return self._screener

    # -- jobs --------------------------------------------------------------------------------
    def load_job(self, path: Path, actor: str = "fairsift") -> Job:
        """Understand a posting or TOML spec and record it in the store."""
        with self.lock:
            job = self.screener.load_job(path)
            if not job.requirements:
                raise InputError(
                    f"no requirements found in {path.name!r}",
                    "Upload a posting with a requirements list, or a TOML job spec",
                )
            self._jobs[job.sha256] = job
            self.store.put_job(
                sha256=job.sha256,
                source=job.source,
                title=job.title,
                requirements=job.requirements,
                actor=actor,
            )
        return job

    def understand_job(self, path: Path) -> Job:
        """What fairsift makes of a posting, without recording it."""
        with self.lock:
            return self.screener.load_job(path)

    def document_texts(self, path: Path, sha256: str) -> tuple[str, str] | None:
        """(text, blind text) of a screened file read again and kept; None if the file now
        has other content than the one screened."""
        with self.lock:
            document = read_document(path, self.screener.limits)
            if document.sha256 != sha256:
                return None
            blind = redact(document.text).text
            self.store.put_document_text(document.sha256, document.text, blind)
            return document.text, blind

    def job(self, sha256: str, source: str) -> Job:
        """A job recorded earlier (reloaded from its file after a restart)."""
        with self.lock:
            job = self._jobs.get(sha256)
            if job is None:
                job = self.screener.load_job(Path(source))
                self._jobs[job.sha256] = job
            return job

    # -- applications ------------------------------------------------------------------------
    def screen(self, path: Path, job_sha256: str, job_source: str) -> dict[str, Any]:
        """Screen one uploaded resume against one job, exactly as `fairsift screen` does, and
        keep its text and blind text for reviewers. Returns the stored row."""
        with self.lock:
            job = self.job(job_sha256, job_source)
            result = screen_batch(self.screener, [job], [path], self.store)
            row = result.rows[0]
            if row["error"] is None:
                document = read_document(path, self.screener.limits)
                # The reviewer's blind text; the upload's file name helps find the name.
                blind = redact(document.text, hints=(Path(document.source).name,)).text
                self.store.put_document_text(document.sha256, document.text, blind)
        return row

    @property
    def config_sha256(self) -> str:
        return self.screener.config_sha256


def default_taxonomy() -> Path | None:
    """examples/taxonomies/disaster-response.toml beside the working directory or the
    source checkout, if there is one (FAIRSIFT_SERVICE_TAXONOMY names another)."""
    name = Path("examples") / "taxonomies" / "disaster-response.toml"
    for root in (Path.cwd(), Path(__file__).resolve().parents[3]):
        if (root / name).is_file():
            return root / name
    return None
