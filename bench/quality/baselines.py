"""The quality bench's scikit-learn baselines: defaults, and Optuna-tuned at a given wall budget.

    python baselines.py CONFIG.json

CONFIG names the case folder (earlier.jsonl, later.jsonl), the column roles, the target, the
metric, the split AutoFlow used (time-ordered or stratified random, its fractions), the seed
and Optuna's timeout in seconds. For every side it writes pred-<side>.jsonl for the later
period in the format `autoflow score` writes ({label, probabilities: {class: p}}), so one
scorer (metrics.py) judges all sides alike, and info-<side>.json (params, trials, seconds).

Sides:
  sklearn-logreg  TfidfVectorizer() per text column (+ scaled numeric, one-hot categorical)
                  into LogisticRegression(max_iter=1000): scikit-learn's defaults.
  sklearn-hgb     only with tabular columns: HistGradientBoostingClassifier() on the numeric
                  and one-hot columns plus a dense TF-IDF (max_features=200) per text column.
  optuna          TPE over the model family (logreg; hgb when there are tabular columns) and
                  the TF-IDF settings, objective = the spec metric on the validation part of the
                  earlier period, two worker processes (the machine's two cores, like AutoFlow's
                  parallelism 2) sharing a journal file; the best refitted on all earlier data.
"""
import json
import multiprocessing as mp
import os
import sys
import time
import warnings

import numpy as np
import optuna
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from metrics import spec_metric

warnings.filterwarnings("ignore")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def frame(rows, cfg):
    """Columns as lists (text: str, numeric: float with NaN for missing, categorical: str)."""
    cols = cfg["columns"]
    out = {}
    for c in cols["text"]:
        out[c] = ["" if r.get(c) is None else str(r[c]) for r in rows]
    for c in cols["numeric"]:
        out[c] = np.array([np.nan if r.get(c) is None else float(r[c]) for r in rows], dtype=float)
    for c in cols["categorical"]:
        out[c] = np.array(["(missing)" if r.get(c) is None else str(r[c]) for r in rows], dtype=object).reshape(-1, 1)
    return out


class Columns:
    """The rows' columns by name; each feature block reads one (as a ColumnTransformer would)."""

    def __init__(self, data):
        self.data = data
        self.n = len(next(iter(data.values())))

    def take(self, idx):
        return Columns({k: (v[idx] if isinstance(v, np.ndarray) else [v[i] for i in idx]) for k, v in self.data.items()})


def tfidf(params, prefix=""):
    analyzer = params.get(prefix + "analyzer", "word")
    lo = params.get(prefix + "ngram_lo", 1)
    hi = max(lo, params.get(prefix + "ngram_hi", 1))
    return TfidfVectorizer(
        analyzer=analyzer,
        ngram_range=(lo, hi),
        min_df=params.get(prefix + "min_df", 1),
        max_features=params.get(prefix + "max_features"),
        sublinear_tf=params.get(prefix + "sublinear_tf", False),
        dtype=np.float32,
    )


class Model:
    """Feature blocks per column (fitted on the training rows only) and one classifier."""

    def __init__(self, cfg, params):
        self.cfg = cfg
        self.params = params

    def _blocks(self):
        cols = self.cfg["columns"]
        family = self.params["family"]
        blocks = []
        for c in cols["text"]:
            vec = tfidf(self.params)
            if family == "hgb":
                vec.set_params(max_features=self.params.get("hgb_text_max_features", 200))
            blocks.append((c, vec))
        for c in cols["numeric"]:
            # Linear models need imputed, scaled numbers; the trees take NaN and raw scale.
            blocks.append((c, make_pipeline(SimpleImputer(strategy="median"), StandardScaler()) if family == "logreg" else None))
        for c in cols["categorical"]:
            blocks.append((c, OneHotEncoder(handle_unknown="ignore", sparse_output=family == "logreg")))
        return blocks

    def fit(self, X, y):
        self.fitted = []
        parts = []
        for c, t in self._blocks():
            col = X.data[c]
            if c in self.cfg["columns"]["numeric"]:
                col = col.reshape(-1, 1)
            if t is None:
                self.fitted.append((c, None))
                parts.append(col)
            else:
                parts.append(t.fit_transform(col))
                self.fitted.append((c, t))
        self.clf = self._classifier()
        self.clf.fit(self._stack(parts), y)
        self.classes_ = list(self.clf.classes_)
        return self

    def _classifier(self):
        p = self.params
        cw = p.get("class_weight")
        if p["family"] == "logreg":
            return LogisticRegression(C=p.get("C", 1.0), class_weight=cw, max_iter=1000)
        return HistGradientBoostingClassifier(
            learning_rate=p.get("learning_rate", 0.1),
            max_iter=p.get("max_iter", 100),
            max_leaf_nodes=p.get("max_leaf_nodes", 31),
            min_samples_leaf=p.get("min_samples_leaf", 20),
            l2_regularization=p.get("l2_regularization", 0.0),
            class_weight=cw,
            random_state=0,
        )

    def _stack(self, parts):
        if self.params["family"] == "logreg":
            return sparse.hstack([sparse.csr_matrix(p) for p in parts]).tocsr()
        return np.hstack([p.toarray() if sparse.issparse(p) else np.asarray(p, dtype=float) for p in parts])

    def predict_proba(self, X):
        parts = []
        for c, t in self.fitted:
            col = X.data[c]
            if c in self.cfg["columns"]["numeric"]:
                col = col.reshape(-1, 1)
            parts.append(col if t is None else t.transform(col))
        return self.clf.predict_proba(self._stack(parts))


def holdout(cfg, y):
    """Train and validation indices of the earlier period, by the rule AutoFlow's split used."""
    n = len(y)
    val, test = cfg["split"]["validation"], cfg["split"]["test"]
    n_train = int(round(n * (1 - val - test)))
    n_val = int(round(n * val))
    if cfg["split"]["byTime"]:
        # Rows are in time order (the case writes them so): oldest train, next validation.
        return np.arange(n_train), np.arange(n_train, n_train + n_val)
    idx = np.arange(n)
    train, rest = train_test_split(idx, train_size=n_train, stratify=y, random_state=cfg["seed"])
    valid, _ = train_test_split(rest, train_size=n_val, stratify=y[rest], random_state=cfg["seed"])
    return train, valid


def write_predictions(path, model, X):
    proba = model.predict_proba(X)
    with open(path, "w", encoding="utf-8") as f:
        for row in proba:
            label = model.classes_[int(np.argmax(row))]
            f.write(json.dumps({"label": label, "probabilities": {c: float(p) for c, p in zip(model.classes_, row)}}) + "\n")


def suggest(trial, tabular):
    p = {"family": trial.suggest_categorical("family", ["logreg", "hgb"] if tabular else ["logreg"])}
    p["analyzer"] = trial.suggest_categorical("analyzer", ["word", "char_wb"])
    if p["analyzer"] == "word":
        p["ngram_lo"] = 1
        p["ngram_hi"] = trial.suggest_int("word_ngram_hi", 1, 3)
    else:
        p["ngram_lo"] = trial.suggest_int("char_ngram_lo", 1, 3)
        p["ngram_hi"] = trial.suggest_int("char_ngram_hi", 3, 5)
    p["min_df"] = trial.suggest_int("min_df", 1, 5)
    p["sublinear_tf"] = trial.suggest_categorical("sublinear_tf", [False, True])
    p["class_weight"] = trial.suggest_categorical("class_weight", [None, "balanced"])
    if p["family"] == "logreg":
        p["max_features"] = trial.suggest_categorical("max_features", [None, 5000, 20000, 100000])
        p["C"] = trial.suggest_float("C", 1e-3, 1e3, log=True)
    else:
        p["hgb_text_max_features"] = trial.suggest_int("hgb_text_max_features", 50, 500, log=True)
        p["learning_rate"] = trial.suggest_float("learning_rate", 0.01, 0.3, log=True)
        p["max_iter"] = trial.suggest_int("max_iter", 50, 400, log=True)
        p["max_leaf_nodes"] = trial.suggest_int("max_leaf_nodes", 8, 64, log=True)
        p["min_samples_leaf"] = trial.suggest_int("min_samples_leaf", 5, 50, log=True)
        p["l2_regularization"] = trial.suggest_float("l2_regularization", 1e-6, 10.0, log=True)
    return p


def load(cfg):
    earlier = read_jsonl(os.path.join(cfg["dir"], "earlier.jsonl"))
    later = read_jsonl(os.path.join(cfg["dir"], "later.jsonl"))
    y = np.array([str(r[cfg["target"]]) for r in earlier], dtype=object)
    return Columns(frame(earlier, cfg)), y, Columns(frame(later, cfg))


def optuna_worker(cfg, storage_path, worker, deadline):
    """One of the two processes: runs trials of the shared study until the deadline."""
    os.environ["OMP_NUM_THREADS"] = "1"
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    X, y, _ = load(cfg)
    tr, va = holdout(cfg, y)
    Xtr, Xva = X.take(tr), X.take(va)
    tabular = bool(cfg["columns"]["numeric"] or cfg["columns"]["categorical"])
    storage = optuna.storages.JournalStorage(optuna.storages.journal.JournalFileBackend(storage_path))
    study = optuna.load_study(study_name="quality", storage=storage, sampler=optuna.samplers.TPESampler(seed=cfg["seed"] + worker))

    def objective(trial):
        p = suggest(trial, tabular)
        model = Model(cfg, p).fit(Xtr, y[tr])
        return spec_metric(cfg["metric"], [str(v) for v in y[va]], model.classes_, model.predict_proba(Xva), cfg.get("positiveLabel"))

    # Optuna's timeout is checked between trials; starting none after the deadline keeps both
    # workers to the same wall budget AutoFlow had (a running trial finishes, as AutoFlow's do).
    study.optimize(objective, timeout=max(0.0, deadline - time.time()), catch=(Exception,))


def run_default(cfg, X, y, later, side, params):
    t0 = time.time()
    model = Model(cfg, params).fit(X, y)
    write_predictions(os.path.join(cfg["dir"], f"pred-{side}.jsonl"), model, later)
    return {"side": side, "params": params, "seconds": time.time() - t0}


def run_optuna(cfg, X, y, later):
    storage_path = os.path.join(cfg["dir"], "optuna-journal.log")
    if os.path.exists(storage_path):
        os.remove(storage_path)
    storage = optuna.storages.JournalStorage(optuna.storages.journal.JournalFileBackend(storage_path))
    optuna.create_study(study_name="quality", storage=storage, direction="minimize" if cfg["metric"] == "log_loss" else "maximize")
    t0 = time.time()
    deadline = t0 + cfg["timeoutSeconds"]
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=optuna_worker, args=(cfg, storage_path, w, deadline)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    search_seconds = time.time() - t0
    study = optuna.load_study(study_name="quality", storage=storage)
    done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    if not done:
        raise SystemExit(f"optuna finished no trial in {cfg['timeoutSeconds']:.0f} s")
    best = study.best_trial
    params = suggest(optuna.trial.FixedTrial(best.params), bool(cfg["columns"]["numeric"] or cfg["columns"]["categorical"]))
    t1 = time.time()
    model = Model(cfg, params).fit(X, y)
    write_predictions(os.path.join(cfg["dir"], "pred-optuna.jsonl"), model, later)
    return {
        "side": "optuna",
        "trials": len(done),
        "failedTrials": len(study.trials) - len(done),
        "bestValidation": best.value,
        "params": params,
        "searchSeconds": search_seconds,
        "refitSeconds": time.time() - t1,
        "seconds": time.time() - t0,
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cfg = json.load(f)
    X, y, later = load(cfg)
    tabular = bool(cfg["columns"]["numeric"] or cfg["columns"]["categorical"])
    results = [run_default(cfg, X, y, later, "sklearn-logreg", {"family": "logreg"})]
    if tabular:
        results.append(run_default(cfg, X, y, later, "sklearn-hgb", {"family": "hgb"}))
    if cfg["timeoutSeconds"] > 0:
        results.append(run_optuna(cfg, X, y, later))
    import sklearn

    for r in results:
        r["versions"] = {"scikit-learn": sklearn.__version__, "optuna": optuna.__version__}
        with open(os.path.join(cfg["dir"], f"info-{r['side']}.json"), "w", encoding="utf-8") as f:
            json.dump(r, f, indent=2)
    print(json.dumps([r["side"] for r in results]))


if __name__ == "__main__":
    main()
