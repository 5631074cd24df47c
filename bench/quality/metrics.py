"""The one place the quality bench computes metrics, for every side alike.

    python metrics.py CASE_DIR TARGET POSITIVE_LABEL|- SIDE...

Reads CASE_DIR/later.jsonl (the true labels) and CASE_DIR/pred-<SIDE>.jsonl for each side
({label, probabilities: {class: p}}, as `autoflow score` writes), prints one JSON object:
{side: {spec metric inputs..., pr_auc, roc_auc, log_loss, macro_f1, accuracy}}.

- pr_auc: average precision of the positive class (binary), else the macro one-vs-rest mean
  over the classes present in the later period (AutoFlow's definition of its pr_auc metric).
- roc_auc: binary, else macro one-vs-rest.
- macro_f1 / accuracy: from each side's OWN labels (its decision rule), not an argmax we impose.
- log_loss: probabilities clipped to [1e-15, 1 - 1e-15]; a class a side never saw gets 0.
"""
import json
import sys

import numpy as np
from sklearn.metrics import accuracy_score, average_precision_score, f1_score, log_loss, roc_auc_score


def _positive(classes, positive):
    if positive and positive in classes:
        return positive
    return sorted(classes)[-1]  # AutoFlow's default: the last label in sort order


def prob_matrix(proba):
    return np.clip(np.asarray(proba, dtype=float), 0.0, 1.0)


def pr_auc(y_true, classes, proba, positive=None):
    proba = prob_matrix(proba)
    present = sorted(set(y_true))
    y = np.asarray(y_true, dtype=object)
    if len(classes) == 2:
        pos = _positive(classes, positive)
        return float(average_precision_score(y == pos, proba[:, classes.index(pos)]))
    scores = [average_precision_score(y == c, proba[:, classes.index(c)]) for c in present if c in classes]
    return float(np.mean(scores))


def roc_auc(y_true, classes, proba, positive=None):
    proba = prob_matrix(proba)
    y = np.asarray(y_true, dtype=object)
    if len(classes) == 2:
        pos = _positive(classes, positive)
        return float(roc_auc_score(y == pos, proba[:, classes.index(pos)]))
    scores = [roc_auc_score(y == c, proba[:, classes.index(c)]) for c in sorted(set(y_true)) if c in classes and 0 < np.sum(y == c) < len(y)]
    return float(np.mean(scores))


def spec_metric(name, y_true, classes, proba, positive=None):
    """The spec's metric on validation rows (Optuna's objective) by the same definitions."""
    if name == "pr_auc":
        return pr_auc(y_true, classes, proba, positive)
    if name == "roc_auc":
        return roc_auc(y_true, classes, proba, positive)
    if name == "log_loss":
        return float(log_loss(y_true, prob_matrix(proba), labels=classes))
    labels = [classes[int(i)] for i in np.argmax(proba, axis=1)]
    if name == "f1":
        return float(f1_score(y_true, labels, average="macro"))
    if name == "accuracy":
        return float(accuracy_score(y_true, labels))
    raise SystemExit(f"unknown metric {name}")


def score_side(y_true, preds, positive):
    classes = sorted(set(y_true) | {c for p in preds for c in p["probabilities"]})
    proba = np.array([[p["probabilities"].get(c, 0.0) for c in classes] for p in preds])
    labels = [str(p["label"]) for p in preds]
    eps = 1e-15
    clipped = np.clip(proba, eps, 1 - eps)
    clipped = clipped / clipped.sum(axis=1, keepdims=True)
    return {
        "pr_auc": pr_auc(y_true, classes, proba, positive),
        "roc_auc": roc_auc(y_true, classes, proba, positive),
        "log_loss": float(log_loss(y_true, clipped, labels=classes)),
        "macro_f1": float(f1_score(y_true, labels, average="macro")),
        "accuracy": float(accuracy_score(y_true, labels)),
        "rows": len(preds),
    }


def main():
    case_dir, target, positive, *sides = sys.argv[1:]
    positive = None if positive == "-" else positive
    with open(f"{case_dir}/later.jsonl", encoding="utf-8") as f:
        y_true = [str(json.loads(line)[target]) for line in f if line.strip()]
    out = {}
    for side in sides:
        with open(f"{case_dir}/pred-{side}.jsonl", encoding="utf-8") as f:
            preds = [json.loads(line) for line in f if line.strip()]
        if len(preds) != len(y_true):
            raise SystemExit(f"{side}: {len(preds)} predictions for {len(y_true)} later rows")
        out[side] = score_side(y_true, preds, positive)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
