"""One scikit-learn side of bench/components/vs-sklearn.mjs, in its own process so its peak RSS
is its own. Reads the data files the orchestrator wrote, prints one JSON line of results.

  python sklearn_task.py --task text|tabular --data DIR [--latency N]
"""
import argparse
import json
import resource
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.pipeline import make_pipeline


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def quality(y_true, proba, classes):
    y_idx = np.array([classes.index(c) for c in y_true])
    pred = proba.argmax(axis=1)
    if len(classes) == 2:
        auc = roc_auc_score(y_idx, proba[:, 1])
        f1 = f1_score(y_idx, pred)
    else:
        auc = roc_auc_score(y_idx, proba, multi_class="ovr", average="macro", labels=list(range(len(classes))))
        f1 = f1_score(y_idx, pred, average="macro")
    return {"roc_auc": float(auc), "accuracy": float(accuracy_score(y_idx, pred)), "f1": float(f1)}


def latency(predict_one, n):
    times = []
    for i in range(n):
        t = time.perf_counter()
        predict_one(i)
        times.append(time.perf_counter() - t)
    times.sort()
    return {"p50_us": times[len(times) // 2] * 1e6, "p99_us": times[int(len(times) * 0.99)] * 1e6}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--task", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--latency", type=int, default=500)
    args = ap.parse_args()
    meta = json.load(open(f"{args.data}/meta.json"))
    if args.task == "text":
        x_train, y_train = read_jsonl(f"{args.data}/train.jsonl")
        x_test, y_test = read_jsonl(f"{args.data}/test.jsonl")
        model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=meta["C"], max_iter=meta["maxIter"], tol=meta["tol"]))
        t = time.perf_counter()
        model.fit(x_train, y_train)
        fit_s = time.perf_counter() - t
        classes = list(model.classes_)
        proba = model.predict_proba(x_test)
        lat = latency(lambda i: model.predict_proba([x_test[i % len(x_test)]]), args.latency)
        extra = {"iterations": int(np.max(model[-1].n_iter_)), "features": len(model[0].vocabulary_)}
    else:
        n_train, n_test, d = meta["nTrain"], meta["nTest"], meta["cols"]
        x_train = np.fromfile(f"{args.data}/train.f64", dtype="<f8").reshape(n_train, d)
        x_test = np.fromfile(f"{args.data}/test.f64", dtype="<f8").reshape(n_test, d)
        y_train = np.fromfile(f"{args.data}/train.i32", dtype="<i4")
        y_test = np.fromfile(f"{args.data}/test.i32", dtype="<i4")
        p = meta["params"]
        model = HistGradientBoostingClassifier(
            learning_rate=p["learningRate"], max_iter=p["maxIter"], max_leaf_nodes=p["maxLeafNodes"],
            min_samples_leaf=p["minSamplesLeaf"], l2_regularization=p["l2Regularization"], max_bins=p["maxBins"],
            early_stopping=False, random_state=0,
        )
        t = time.perf_counter()
        model.fit(x_train, y_train)
        fit_s = time.perf_counter() - t
        classes = list(range(len(meta["classes"])))
        proba = model.predict_proba(x_test)
        y_test = list(y_test)
        lat = latency(lambda i: model.predict_proba(x_test[i % n_test: i % n_test + 1]), args.latency)
        extra = {"iterations": int(model.n_iter_)}
    t = time.perf_counter()
    model.predict_proba(x_test)
    batch_s = time.perf_counter() - t
    out = {
        "side": "scikit-learn",
        "fit_s": fit_s,
        "batch_predict_s": batch_s,
        "quality": quality(y_test, proba, classes),
        "latency": lat,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **extra,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
