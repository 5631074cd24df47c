#!/usr/bin/env bash
# Everything the test suite needs besides npm packages, installed once and cached outside the
# checkout (so a fresh clone reuses it): the Temporal CLI (dev server + Web UI),
# fake-gcs-server (a GCS emulator), pubsub-fake (a Pub/Sub server built from tools/pubsub-fake)
# and Chromium for the browser tests (Debian's package; the tests drive it with playwright-core,
# which never downloads a browser). `npm test` runs this first.
set -euo pipefail
cd "$(dirname "$0")/.."
node bin/autoflow.js setup
bash .ci/install-fake-gcs.sh
bash .ci/install-pubsub-fake.sh

# Chromium: skipped when present; apt-get update only when installing.
CHROMIUM="${AUTOFLOW_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-test-tools: the browser tests need Chromium at $CHROMIUM; install the Debian package as root: apt-get install -y chromium" >&2
    exit 1
  fi
  echo "== installing Chromium (Debian package chromium) for the browser tests"
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  [ -x "$CHROMIUM" ] || { echo "install-test-tools: apt-get installed chromium but $CHROMIUM is missing" >&2; exit 1; }
fi
