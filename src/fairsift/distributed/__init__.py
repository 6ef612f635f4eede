"""Screening and triage mapped over a Ray cluster (the optional extra `fairsift[ray]`).

The driver (the `fairsift` process) reads every input, skips what the store already holds,
sends the bytes (never paths: nodes share no file system) to one actor per CPU, and writes
what comes back to the store idempotently, in input order, then ranks or groups over the
whole batch. Each actor builds its models once. The output is the same, byte for byte, as
without Ray. Execution is at-least-once (a killed worker's task is run again); the store's
idempotent keys make that exactly-once in the store.
"""

from fairsift.distributed.cluster import LOCAL, Cluster, check_address, connect

__all__ = ["LOCAL", "Cluster", "check_address", "connect"]
