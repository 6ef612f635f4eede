"""`python -m fairsift.service [--host H] [--port P] [--db URL] [--data-dir DIR]
[--workers N]`: serve (the same as `fairsift serve`)."""

from __future__ import annotations

import argparse
import sys

from fairsift.errors import FairsiftError
from fairsift.service import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fairsift.service", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--db", default=None, help="SQLAlchemy URL or SQLite path")
    parser.add_argument("--data-dir", default=None, help="Uploads and the signing key")
    parser.add_argument("--log-level", default="info")
    parser.add_argument(
        "--workers", type=int, default=None, help="Processes to serve with (default: one per core)"
    )
    args = parser.parse_args(argv)
    try:
        run(args.host, args.port, args.db, args.data_dir, args.log_level, args.workers)
    except FairsiftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
