#!/usr/bin/env bash
# Run the whole suite. pytest exits 5 when it collects no test: that is a failure here too,
# since CI must never pass by running nothing.
set -uo pipefail
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"
