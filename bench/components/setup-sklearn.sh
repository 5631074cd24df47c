#!/usr/bin/env bash
# The Python baseline for bench/components: scikit-learn (and numpy) in a venv kept outside the
# checkout, shared with the other benchmarks (~/.cache/autoflow/bench-venv). Idempotent: an
# existing venv that already imports sklearn is reused as it is. Prints the venv's python.
set -euo pipefail
VENV="${AUTOFLOW_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/autoflow/bench-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" >&2
fi
if ! "$VENV/bin/python" -c 'import sklearn, numpy' 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check scikit-learn >&2
fi
echo "$VENV/bin/python"
