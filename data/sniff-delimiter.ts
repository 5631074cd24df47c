/**
 * Which delimiter a `.csv` file uses. Spreadsheets in much of Europe save CSV with ';' (the
 * comma is their decimal separator) and exports from other tools use tabs or '|'; reading
 * those with ',' gives one wide column or a "wrong number of fields" error that does not say
 * why. Like Python's csv.Sniffer, but simpler: the candidate that splits the header into the
 * most fields while every sampled record has the header's field count wins; ',' when none does,
 * so a broken comma file still gets the reader's precise row and line error.
 */
import { CsvTokenizer } from './csv-tokenizer.js';

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const SAMPLE_RECORDS = 50;

class SampleFull extends Error {}

/**
 * @param sample the start of the file (BOM removed)
 * @param complete whether the sample is the whole file (else its last record may be cut)
 */
export function sniffDelimiter(sample: string, complete: boolean): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; fields: number } | undefined;
  for (const delimiter of CSV_DELIMITERS) {
    const counts: number[] = [];
    const tokenizer = new CsvTokenizer(delimiter, (fields) => {
      counts.push(fields.length);
      if (counts.length > SAMPLE_RECORDS) throw new SampleFull();
    });
    try {
      tokenizer.push(sample);
      if (complete) tokenizer.end();
    } catch {
      // SampleFull (enough records) or an unterminated quote: judge on the records read.
    }
    const [header, ...rows] = counts;
    if (header === undefined || header < 2) continue;
    if (rows.every((n) => n === header) && (!best || header > best.fields)) best = { delimiter, fields: header };
  }
  return best?.delimiter ?? ',';
}
