#!/usr/bin/env bash
# Builds pubsub-fake (tools/pubsub-fake: Google's in-memory Pub/Sub fake, pstest, on a port)
# with `go build` from the Go module proxy into the tools cache: the `autoflow stream` tests
# start it and talk to it over gRPC. The binary is keyed by a hash of the Go sources, so a
# change to them rebuilds it and an unchanged clone reuses it (1-2 minutes on 2 cores, once).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=tools/pubsub-fake
TOOLS_DIR="${AUTOFLOW_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/autoflow/tools}"
BIN="$TOOLS_DIR/pubsub-fake"
STAMP="$BIN.sources-sha256"
HASH="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/main.go" | sha256sum | cut -d' ' -f1)"

if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$HASH" ]; then
  echo "pubsub-fake: $BIN"
  exit 0
fi
if ! GO="$(.ci/go-binary.sh)"; then
  echo "pubsub-fake: Go is needed to build it (cd $SRC && go build); none on PATH or at /usr/local/go/bin/go" >&2
  exit 1
fi
mkdir -p "$TOOLS_DIR"
echo "pubsub-fake: building $SRC into $TOOLS_DIR (1-2 minutes on 2 cores, once)"
# -mod=readonly: go.sum is committed, so the build fetches exactly those module versions.
(cd "$SRC" && nice -n 10 "$GO" build -mod=readonly -trimpath -o "$BIN.tmp" .)
mv "$BIN.tmp" "$BIN"
echo "$HASH" > "$STAMP"
echo "pubsub-fake: $BIN"
