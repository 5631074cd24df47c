/**
 * The models the serving benchmark compares, each as the AutoFlow pipeline spec and the
 * scikit-learn pipeline fitted on the same rows (fit_sklearn.py reads `sklearn`):
 *
 * - tfidf-logreg: both libraries' defaults, unigram TF-IDF (~80k terms) + logistic regression.
 * - tfidf-mlp: the 2,000 most frequent terms + one hidden layer of 64 ReLU units, early
 *   stopping (our MLP trains with TensorFlow.js but predicts in plain JavaScript, so the
 *   server never loads TensorFlow; scikit-learn's MLPClassifier is the baseline).
 */
export const BENCH_MODELS = [
  {
    key: 'tfidf-logreg',
    title: 'TF-IDF + logistic regression',
    pipeline: { features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
    sklearn: 'tfidf-logreg',
  },
  {
    key: 'tfidf-mlp',
    title: 'TF-IDF (2,000 terms) + MLP (64 hidden units)',
    pipeline: {
      features: { text: { kind: 'tfidf', maxFeatures: 2000 } },
      classifier: { kind: 'mlp', hiddenLayers: 1, units: 64, epochs: 30, dropout: 0, learningRate: 0.001 },
    },
    sklearn: 'tfidf-mlp',
  },
];
