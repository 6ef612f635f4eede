"""fairsift: accountable AI triage for job applications and public reports.

The AI recommends, a person decides, and both are kept in a tamper-evident audit log.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fairsift")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

__all__ = ["__version__"]
