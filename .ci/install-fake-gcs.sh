#!/usr/bin/env bash
# Builds fake-gcs-server (a Google Cloud Storage emulator that honours generation
# preconditions) from the Go module proxy into the tools cache, once: the GCS registry and
# artifact-store tests start it over HTTP. Idempotent: exits at once when the binary exists.
set -euo pipefail
VERSION="${FAKE_GCS_VERSION:-v1.56.1}"
TOOLS_DIR="${AUTOFLOW_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/autoflow/tools}"
BIN="$TOOLS_DIR/fake-gcs-server"

if [ -x "$BIN" ]; then
  echo "fake-gcs-server: $BIN"
  exit 0
fi
if ! GO="$("$(dirname "$0")/go-binary.sh")"; then
  echo "fake-gcs-server: Go is needed to build it (go install github.com/fsouza/fake-gcs-server@$VERSION); none on PATH or at /usr/local/go/bin/go" >&2
  exit 1
fi
mkdir -p "$TOOLS_DIR"
echo "fake-gcs-server: building $VERSION into $TOOLS_DIR (a few minutes on 2 cores, once)"
GOBIN="$TOOLS_DIR" "$GO" install "github.com/fsouza/fake-gcs-server@$VERSION"
echo "fake-gcs-server: $BIN"
