#!/usr/bin/env bash
# Everything the test suite needs besides npm packages, installed once and cached outside the
# checkout (so a fresh clone reuses it): the Temporal CLI (dev server + Web UI) and
# fake-gcs-server (a GCS emulator). `npm test` runs this first.
set -euo pipefail
cd "$(dirname "$0")/.."
node bin/autoflow.js setup
bash .ci/install-fake-gcs.sh
