#!/usr/bin/env bash
# Run the whole suite, on SQLite and on a real PostgreSQL server. pytest exits 5 when it
# collects no test: that is a failure here too, since CI must never pass by running nothing.
set -uo pipefail
# A real PostgreSQL server on 127.0.0.1 for the storage and service tests (SQLite runs always).
if [ -z "${FAIRSIFT_TEST_PG_URL:-}" ]; then
  eval "$(bash scripts/pg-test-server.sh start)" || { echo "could not start PostgreSQL" >&2; exit 1; }
fi
# Derived files (e.g. the taxonomy examples' vectors) go to a fresh folder, not the home directory.
export FAIRSIFT_CACHE_DIR="${FAIRSIFT_CACHE_DIR:-$(mktemp -d)}"
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"
