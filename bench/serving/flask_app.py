"""The baseline server: Flask + scikit-learn behind gunicorn, answering the same API as
`autoflow serve` (POST /v1/predict {"records": [{"text": ...}]} -> {"model", "predictions"}).
The model path comes from AUTOFLOW_BENCH_MODEL.
"""
import os

import joblib
from flask import Flask, jsonify, request

model = joblib.load(os.environ["AUTOFLOW_BENCH_MODEL"])
classes = [str(c) for c in model.classes_]
app = Flask(__name__)


@app.post("/v1/predict")
def predict():
    body = request.get_json(silent=True)
    records = body.get("records") if isinstance(body, dict) else None
    if not isinstance(records, list) or not records:
        return jsonify({"error": "records: expected a non-empty array"}), 400
    errors = [
        {"field": f"records[{i}].text", "message": "expected a string"}
        for i, r in enumerate(records)
        if not isinstance(r, dict) or not isinstance(r.get("text"), str)
    ]
    if errors:
        return jsonify({"error": "invalid request", "fieldErrors": errors}), 400
    proba = model.predict_proba([r["text"] for r in records])
    predictions = [
        {"label": classes[int(row.argmax())], "probabilities": dict(zip(classes, map(float, row)))}
        for row in proba
    ]
    return jsonify({"model": {"name": "sklearn-baseline", "version": 1}, "predictions": predictions})


@app.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})
