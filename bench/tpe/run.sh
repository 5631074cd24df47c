#!/usr/bin/env bash
# TPE benchmark: AutoFlow's TPE against Optuna's TPESampler in the same run.
#   bash bench/tpe/run.sh [--seeds 100] [--first-seed 0] [--trials 100] [--real-seeds 10] [--real-trials 30] [--skip-real] [--problems a,b]
# Creates (or reuses) a venv outside the checkout with a pinned Optuna, builds dist/ unless
# AUTOFLOW_BENCH_SKIP_BUILD=1, then runs bench/tpe/run.mjs. Report: stdout and bench/results/tpe.md.
set -euo pipefail
OPTUNA_VERSION=5.1.0
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
VENV="${AUTOFLOW_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/autoflow/bench-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV …" >&2
  python3 -m venv "$VENV" >&2
fi
if [ "$("$VENV/bin/python" -c 'import optuna; print(optuna.__version__)' 2>/dev/null || true)" != "$OPTUNA_VERSION" ]; then
  echo "installing optuna==$OPTUNA_VERSION into $VENV …" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "optuna==$OPTUNA_VERSION" >&2
fi
cd "$repo"
if [ "${AUTOFLOW_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "npm run build …" >&2
  npm run build >&2
fi
exec node bench/tpe/run.mjs --python "$VENV/bin/python" "$@"
