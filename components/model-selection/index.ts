/** Model selection: stratified k-fold cross-validation of pipeline specs, and ensemble selection over candidates' predictions. */
export { crossValidate, type CrossValidateOptions, type CrossValidationResult, type FoldResult } from './cross-validate.js';
export { withTarget, encodeTarget, type FitTarget, type SupervisedFitContext } from '../feature-extraction/target-encoding.js';
export { selectEnsemble, type EnsembleCandidate, type EnsembleSelection, type EnsembleSelectionOptions } from './ensemble-selection.js';
