#!/usr/bin/env bash
# Quality bench: AutoFlow vs scikit-learn defaults vs Optuna-tuned scikit-learn, earlier period
# -> later period, same wall budget, same run.
#   bash bench/quality/run.sh [--minutes 4] [--cases drift-text,spamassassin-origin,mixed-multiclass] [--seed 42] [--smoke]
# Creates (or reuses) the shared bench venv with pinned scikit-learn and Optuna, builds dist/
# unless AUTOFLOW_BENCH_SKIP_BUILD=1, then runs bench/quality/run.mjs.
# Report: stdout, bench/results/quality.md and bench/results/quality.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="$(bash "$here/setup-python.sh")"
cd "$repo"
if [ "${AUTOFLOW_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "npm run build …" >&2
  npm run build >&2
fi
exec node bench/quality/run.mjs --python "$py" "$@"
