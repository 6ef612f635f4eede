#!/usr/bin/env bash
# Install the Debian packages the tests need: tesseract (OCR), apertium (translation),
# chromium (browser tests), postgresql (a real server for the storage tests).
# Idempotent: installs only what is missing. Runs apt-get as root, or through sudo when there is one.
#   bash scripts/setup-system.sh --translation   # only what translation needs (make demo)
set -euo pipefail

only_translation=0
if [ "${1:-}" = "--translation" ]; then
  only_translation=1
  shift
fi

need=()
if [ "$only_translation" -eq 0 ]; then
  command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-eng)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
# apertium and its pairs into English (fairsift.language; French goes through Spanish).
for pkg in apertium apertium-eng-spa apertium-fr-es apertium-eng-cat apertium-en-gl \
  apertium-eu-en apertium-eo-en apertium-hbs-eng apertium-isl-eng apertium-mkd-eng; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || need+=("$pkg")
done
# Chromium for the browser tests (driven by the playwright package, never its own browser build)
# and PostgreSQL for the storage and service tests against a real server.
if [ "$only_translation" -eq 0 ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fi
[ "$#" -gt 0 ] && need+=("$@")

if [ "${#need[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup-system: need root to install: ${need[*]}" >&2
  exit 1
fi
echo "setup-system: installing ${need[*]}" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
