"""Fits the baseline: scikit-learn TfidfVectorizer + LogisticRegression, both with defaults
(the same model AutoFlow's default tfidf + logreg fits), on the JSONL the benchmark wrote,
and saves it with joblib for the Flask app.

usage: fit_sklearn.py TRAIN.jsonl MODEL.joblib
"""
import json
import sys
import time

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

train_path, model_path = sys.argv[1], sys.argv[2]
with open(train_path, encoding="utf-8") as f:
    rows = [json.loads(line) for line in f if line.strip()]
started = time.perf_counter()
model = make_pipeline(TfidfVectorizer(), LogisticRegression())
model.fit([r["text"] for r in rows], [r["label"] for r in rows])
joblib.dump(model, model_path)
print(json.dumps({"fitSeconds": time.perf_counter() - started, "rows": len(rows)}))
