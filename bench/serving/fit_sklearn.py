"""Fits the baseline for one of the benchmark's models on the JSONL the benchmark wrote and
saves it with joblib for the Flask app:

  tfidf-logreg  TfidfVectorizer() + LogisticRegression(), both with defaults (the same model
                AutoFlow's default tfidf + logreg fits)
  tfidf-mlp     TfidfVectorizer(max_features=2000) + MLPClassifier((64,), early stopping),
                the architecture of AutoFlow's mlp in bench/serving/models.mjs

usage: fit_sklearn.py MODEL_KEY TRAIN.jsonl MODEL.joblib
"""
import json
import sys
import time

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline

MODELS = {
    "tfidf-logreg": lambda: make_pipeline(TfidfVectorizer(), LogisticRegression()),
    "tfidf-mlp": lambda: make_pipeline(
        TfidfVectorizer(max_features=2000),
        MLPClassifier(hidden_layer_sizes=(64,), early_stopping=True, max_iter=30, random_state=7),
    ),
}

key, train_path, model_path = sys.argv[1], sys.argv[2], sys.argv[3]
if key not in MODELS:
    sys.exit(f"unknown model {key!r}; known: {', '.join(MODELS)}")
with open(train_path, encoding="utf-8") as f:
    rows = [json.loads(line) for line in f if line.strip()]
started = time.perf_counter()
model = MODELS[key]()
model.fit([r["text"] for r in rows], [r["label"] for r in rows])
joblib.dump(model, model_path)
print(json.dumps({"fitSeconds": time.perf_counter() - started, "rows": len(rows)}))
