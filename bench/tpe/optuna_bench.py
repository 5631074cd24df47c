"""Optuna's side of the TPE benchmark (bench/tpe/run.mjs drives it; prints JSON on stdout).

  optuna_bench.py synthetic --seeds 100 --first-seed 0 --trials 100 --configs default,mv   in-process studies on problems.json
  optuna_bench.py check POINTS.json                                        objective values at given points
  optuna_bench.py parzen CASES.json                                        log l(x), log g(x) of Optuna's Parzen estimator
  optuna_bench.py latency HISTORY.json --sizes 100,1000 --asks 20,10       study.ask() + suggest_* cost
  optuna_bench.py server                                                   ask/tell over JSON lines on stdin/stdout

Search spaces arrive in AutoFlow's format ({params: [{name, dist, condition?}]}) and are turned
into define-by-run suggest_* calls in space order, a conditional parameter only when its parent
is active and takes one of the listed values (search-spaces/active.ts, conditionHolds).

Configs: "default" = TPESampler(seed=s) (Optuna's defaults: random start-up; in Optuna 5 a
single-objective study is multivariate by default (multivariate=None -> True), without group,
so on the unconditional problems "default" and "mv" make the same trials),
"mv" = TPESampler(seed=s, multivariate=True, group=True) (like AutoFlow's default TPE).
"""
import argparse
import json
import statistics
import sys
import time
import warnings

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState, create_trial

from objectives import OBJECTIVES, PROBLEMS, noise_at, study_objective

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
warnings.filterwarnings("ignore", category=FutureWarning)

CONFIGS = {
    "default": {},
    "mv": {"multivariate": True, "group": True},
}


def make_sampler(config, seed):
    return optuna.samplers.TPESampler(seed=seed, **CONFIGS[config])


def condition_holds(param, values):
    cond = param.get("condition")
    if not cond:
        return True
    parent = cond["param"]
    if parent not in values:
        return False
    v = values[parent]
    # Strict equality as in JavaScript: True is not 1.
    return any(type(c) is type(v) and c == v for c in cond["in"])


def distribution(dist):
    if dist["type"] == "categorical":
        return CategoricalDistribution(dist["choices"])
    if dist["type"] == "int":
        return IntDistribution(dist["low"], dist["high"], log=dist.get("log", False), step=dist.get("step", 1))
    return FloatDistribution(dist["low"], dist["high"], log=dist.get("log", False), step=dist.get("step"))


def suggest(trial, space):
    values = {}
    for p in space["params"]:
        if not condition_holds(p, values):
            continue
        d = p["dist"]
        name = p["name"]
        if d["type"] == "categorical":
            values[name] = trial.suggest_categorical(name, d["choices"])
        elif d["type"] == "int":
            values[name] = trial.suggest_int(name, d["low"], d["high"], step=d.get("step", 1), log=d.get("log", False))
        else:
            values[name] = trial.suggest_float(name, d["low"], d["high"], step=d.get("step"), log=d.get("log", False))
    return values


def distributions_of(space, params):
    return {p["name"]: distribution(p["dist"]) for p in space["params"] if p["name"] in params}


def cmd_synthetic(args):
    problems = args.problems.split(",") if args.problems else list(PROBLEMS)
    configs = args.configs.split(",")
    runs = []
    for problem in problems:
        space = PROBLEMS[problem]["space"]
        for config in configs:
            started = time.perf_counter()
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                observe = study_objective(problem, seed)
                study = optuna.create_study(direction="minimize", sampler=make_sampler(config, seed))
                values, true_values, ask_ms = [], [], []
                for t in range(args.trials):
                    t0 = time.perf_counter()
                    trial = study.ask()
                    params = suggest(trial, space)
                    ask_ms.append((time.perf_counter() - t0) * 1000)
                    v, true_v = observe(params, t)
                    study.tell(trial, v)
                    values.append(v)
                    true_values.append(true_v)
                runs.append({"problem": problem, "sampler": "optuna-" + config, "seed": seed, "values": values, "trueValues": true_values, "askMs": ask_ms})
            print(f"  optuna-{config:<8} {problem:<12} {args.seeds} seeds x {args.trials} trials: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    json.dump({"optuna": optuna.__version__, "runs": runs}, sys.stdout)


def cmd_check(args):
    with open(args.points) as f:
        points = json.load(f)
    out = {problem: [OBJECTIVES[problem](p) for p in ps] for problem, ps in points.items()}
    # The noise draws of the first seeds and trials, compared with objectives.mjs noiseAt.
    out["_noise"] = [noise_at(seed, t) for seed in range(5) for t in range(200)]
    json.dump(out, sys.stdout)


def cmd_parzen(args):
    """Optuna's own Parzen estimator (TPESampler's defaults) on the good and bad observations of each case.

    A private class (optuna.samplers._tpe.parzen_estimator): this is the estimator TPESampler
    builds, compared here with AutoFlow's on identical observations, so that a difference
    between the samplers' results can be told apart from a difference in their densities.
    """
    import numpy as np
    from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
    from optuna.samplers._tpe.sampler import default_weights

    with open(args.cases) as f:
        cases = json.load(f)
    parameters = _ParzenEstimatorParameters(
        prior_weight=1.0, consider_magic_clip=True, consider_endpoints=False, weights=default_weights, multivariate=True
    )
    out = []
    for case in cases:
        names = [f"p{d}" for d in range(len(case["dims"]))]
        space = {name: distribution(dist) for name, dist in zip(names, case["dims"])}

        def columns(vectors):
            a = np.asarray(vectors, dtype=float).reshape(len(vectors), len(names))
            return {name: a[:, d] for d, name in enumerate(names)}

        points = columns(case["points"])
        out.append({
            "below": _ParzenEstimator(columns(case["below"]), space, parameters).log_pdf(points).tolist(),
            "above": _ParzenEstimator(columns(case["above"]), space, parameters).log_pdf(points).tolist(),
        })
    json.dump(out, sys.stdout)


def cmd_latency(args):
    with open(args.history) as f:
        histories = json.load(f)
    sizes = [int(s) for s in args.sizes.split(",")]
    asks = [int(s) for s in args.asks.split(",")]
    configs = args.configs.split(",")
    out = []
    for name, h in histories.items():
        space, trials = h["space"], h["trials"]
        for config in configs:
            for size, n_asks in zip(sizes, asks):
                study = optuna.create_study(direction="minimize", sampler=make_sampler(config, 0))
                study.add_trials([create_trial(params=t["params"], distributions=distributions_of(space, t["params"]), value=t["value"]) for t in trials[:size]])
                ask_ms, tell_ms = [], []
                for k in range(args.warmup + n_asks):
                    t0 = time.perf_counter()
                    trial = study.ask()
                    suggest(trial, space)
                    t1 = time.perf_counter()
                    study.tell(trial, trials[k % size]["value"])
                    t2 = time.perf_counter()
                    if k >= args.warmup:
                        ask_ms.append((t1 - t0) * 1000)
                        tell_ms.append((t2 - t1) * 1000)
                out.append({"space": name, "sampler": "optuna-" + config, "history": size, "askMs": ask_ms, "tellMs": tell_ms})
                print(f"  optuna-{config:<8} {name:<12} history {size:>5}: median ask {statistics.median(ask_ms):.1f} ms", file=sys.stderr, flush=True)
    json.dump({"optuna": optuna.__version__, "latency": out}, sys.stdout)


def cmd_server(_args):
    """One study at a time: {"op":"new","config","seed","space","direction"} / {"op":"ask"} / {"op":"tell","value"}."""
    study = space = pending = None
    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        op = msg["op"]
        try:
            if op == "new":
                space = msg["space"]
                study = optuna.create_study(direction=msg.get("direction", "minimize"), sampler=make_sampler(msg["config"], msg["seed"]))
                reply = {"ok": True, "optuna": optuna.__version__}
            elif op == "ask":
                t0 = time.perf_counter()
                pending = study.ask()
                params = suggest(pending, space)
                reply = {"number": pending.number, "params": params, "askMs": (time.perf_counter() - t0) * 1000}
            elif op == "tell":
                if msg.get("value") is None:
                    study.tell(pending, state=TrialState.FAIL)
                else:
                    study.tell(pending, msg["value"])
                pending = None
                reply = {"ok": True}
            elif op == "quit":
                break
            else:
                reply = {"error": f"unknown op {op}"}
        except Exception as e:  # report to the driver instead of dying silently
            reply = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("synthetic")
    s.add_argument("--seeds", type=int, default=100)
    s.add_argument("--first-seed", type=int, default=0)
    s.add_argument("--trials", type=int, default=100)
    s.add_argument("--configs", default="default,mv")
    s.add_argument("--problems", default="")
    c = sub.add_parser("check")
    c.add_argument("points")
    pz = sub.add_parser("parzen")
    pz.add_argument("cases")
    lat = sub.add_parser("latency")
    lat.add_argument("history")
    lat.add_argument("--sizes", default="100,1000")
    lat.add_argument("--asks", default="20,10")
    lat.add_argument("--warmup", type=int, default=5)
    lat.add_argument("--configs", default="default,mv")
    sub.add_parser("server")
    args = ap.parse_args()
    {"synthetic": cmd_synthetic, "check": cmd_check, "parzen": cmd_parzen, "latency": cmd_latency, "server": cmd_server}[args.cmd](args)


if __name__ == "__main__":
    main()
