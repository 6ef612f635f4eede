"""`python -m benchmarks [NAME]`: run every benchmark, or the one named."""

from __future__ import annotations

import sys

from benchmarks import encoders, erasure, load, reads, screening, throughput, triage, writes

BENCHMARKS = {
    "screening": screening.main,
    "load": load.main,
    "triage": triage.main,
    "throughput": throughput.main,
    "reads": reads.main,
    "erasure": erasure.main,
    "writes": writes.main,
    "encoders": encoders.main,
}


def main(argv: list[str]) -> int:
    """`python -m benchmarks` runs all; `python -m benchmarks NAME [ARGS...]` one, with its args."""
    if argv and argv[0] in BENCHMARKS:
        return int(BENCHMARKS[argv[0]](argv[1:]) or 0)
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark {unknown}; choose from {sorted(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in names:
        BENCHMARKS[name]([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
