#!/usr/bin/env bash
# Make sure a Chromium for the Playwright e2e suite exists. Playwright must never download its own
# browser here (no internet), so we use Debian's package, or whatever CHROMIUM_PATH points at.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2
  exit 1
fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium not found at /usr/bin/chromium. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing Debian's chromium for the e2e tests…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
"$path" --version
