"""What fairsift understood from a posting: title, requirements, summary, what it set aside."""

from __future__ import annotations

from dataclasses import dataclass

from fairsift.domain import Requirement

__all__ = ["JobPosting", "SetAside"]


@dataclass(frozen=True, slots=True)
class SetAside:
    """A sentence of the posting that asks for nothing: its part ("benefits", "legal", ...)
    and why it was put there."""

    text: str
    part: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "part": self.part, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class JobPosting:
    """A job as fairsift understood it: its title, its requirements, a short summary, and the
    sentences it did not read as requirements, with the reason."""

    title: str
    requirements: tuple[Requirement, ...]
    summary: str
    set_aside: tuple[SetAside, ...] = ()
