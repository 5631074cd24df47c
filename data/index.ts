/** The data layer: loading, profiling and label checks (seeded splits and the RNG are in core/). */
export { loadTable, inferFormat, TABLE_FORMATS, type LoadTableOptions, type LoadedTable, type TableFormat } from './load-table.js';
export {
  profileTable,
  profileColumnTypes,
  coerceColumns,
  describeCoercionProblems,
  isMissing,
  parseNumber,
  COLUMN_ROLES,
  NUMERIC_SHARE,
  TEXT_AVG_LENGTH,
  TOP_VALUES,
  UNIQUE_CAP,
  type CoerceResult,
  type CoercionReport,
  type ColumnProfile,
  type ColumnRole,
  type DataProfile,
  type NumericSummary,
  type ProfileOptions,
} from './profile.js';
export {
  validateLabels,
  MAX_CLASSES,
  type ClassCount,
  type LabelSummary,
  type ValidateLabelsOptions,
} from './validate-labels.js';
export {
  findBuiltinDataset,
  getBuiltinDataset,
  listBuiltinDatasets,
  registerBuiltinDataset,
  type BuiltinDataset,
  type BuiltinDatasetData,
} from './builtin/index.js';
