#!/usr/bin/env bash
# Prints the Go binary the tool builds use: $GO, else `go` on PATH, else /usr/local/go/bin/go
# (where Go's own installer and CI images put it, not always on PATH). Fails when there is none.
set -euo pipefail
GO="${GO:-$(command -v go || true)}"
[ -n "$GO" ] || GO=/usr/local/go/bin/go
[ -x "$GO" ] || exit 1
echo "$GO"
