/**
 * The component library's public surface. Importing this module registers every
 * component kind in the table (each component file ends with `defineComponent(...)`).
 */
export * from './core/component-table.js';
export * from '../core/errors.js';
export * from './core/matrix.js';
export * from './core/params.js';
export * from './core/pipeline.js';
export * from './core/pipeline-file.js';
export { WeightedEnsemble, isEnsembleJSON, type FittedEnsembleJSON, type EnsembleMemberModel } from './core/ensemble.js';
export * from './core/table.js';
export * from './core/types.js';
export * from './metrics/classification.js';
export * from './model-selection/index.js';

// One line per component file: a new component is one file plus one line here.
import './feature-extraction/tfidf.js';
import './feature-extraction/numeric.js';
import './feature-extraction/onehot.js';
import './feature-extraction/quantile-bins.js';
import './feature-extraction/frequency-encoding.js';
import './feature-extraction/target-encoding.js';
import './feature-extraction/text-scores.js';
import './feature-extraction/hashing.js';
import './embedding/word-vectors.js';
import './embedding/onnx-encoder.js';
import './classifiers/logistic-regression.js';
import './classifiers/naive-bayes.js';
import './classifiers/gbt.js';
import './classifiers/linear-svm.js';
import './classifiers/mlp.js';
