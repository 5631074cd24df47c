/** The data formats a spec or loadTable may name: a module of its own so the spec checks need no reader. */
export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'json' | 'parquet';
export const TABLE_FORMATS: readonly TableFormat[] = ['csv', 'tsv', 'jsonl', 'json', 'parquet'];
