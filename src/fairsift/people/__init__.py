"""People's rights over what fairsift holds about them: access (export), erasure, retention,
and duplicate candidates. One person is named by an ID: a candidate's resume sha256 or a
reporter's receipt code."""

from fairsift.people.erase import ErasureResult, erase_person
from fairsift.people.export import export_person
from fairsift.people.subject import Subject, find_subject

__all__ = ["ErasureResult", "Subject", "erase_person", "export_person", "find_subject"]
