"""Optuna with SQLite storage running no-op trials: the per-trial cost AutoFlow's orchestration is
compared with (issue 15, item 4). Same objective shape as noop-activities.mjs, random sampler
(as the workflow side), one process, one trial at a time.

    python optuna_sqlite.py TRIALS  ->  prints {"trials": N, "seconds": S, "ms_per_trial": M} as JSON
"""
import json
import math
import os
import sys
import tempfile
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
trials = int(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    storage = f"sqlite:///{os.path.join(tmp, 'optuna.db')}"
    study = optuna.create_study(storage=storage, study_name="noop", direction="maximize", sampler=optuna.samplers.RandomSampler(seed=1))

    def objective(trial):
        c = trial.suggest_float("classifier__C", 1e-3, 1e3, log=True)
        return -abs(math.log10(c) - 0.5)

    started = time.perf_counter()
    study.optimize(objective, n_trials=trials)
    seconds = time.perf_counter() - started
print(json.dumps({"trials": trials, "seconds": seconds, "ms_per_trial": 1000 * seconds / trials}))
