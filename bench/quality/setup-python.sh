#!/usr/bin/env bash
# The quality bench's Python side: pinned scikit-learn and Optuna in the venv the other benches
# share (~/.cache/autoflow/bench-venv, or AUTOFLOW_BENCH_VENV). Idempotent: pins that already
# match are left alone, so a second run installs nothing. Prints the venv's python on stdout.
set -euo pipefail
SKLEARN_VERSION=1.9.1
OPTUNA_VERSION=5.1.0
VENV="${AUTOFLOW_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/autoflow/bench-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV …" >&2
  python3 -m venv "$VENV" >&2
fi
have="$("$VENV/bin/python" -c 'import sklearn, optuna; print(sklearn.__version__, optuna.__version__)' 2>/dev/null || true)"
if [ "$have" != "$SKLEARN_VERSION $OPTUNA_VERSION" ]; then
  echo "installing scikit-learn==$SKLEARN_VERSION optuna==$OPTUNA_VERSION into $VENV …" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "scikit-learn==$SKLEARN_VERSION" "optuna==$OPTUNA_VERSION" >&2
fi
echo "$VENV/bin/python"
