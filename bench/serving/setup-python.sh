#!/usr/bin/env bash
# The Python baseline's environment: scikit-learn, Flask and gunicorn in a venv kept outside
# the checkout (reused across clones and CI runs). Idempotent. Prints the venv's python.
set -euo pipefail
VENV="${AUTOFLOW_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/autoflow/bench-venv}"
if [ ! -x "$VENV/bin/gunicorn" ] || ! "$VENV/bin/python" -c 'import sklearn, flask, joblib' 2>/dev/null; then
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check scikit-learn flask gunicorn >&2
fi
echo "$VENV/bin/python"
