/**
 * AssemblyScript (compiled into the column table's kernel by `npm run build`): a binary linear
 * model's score of the text just counted, from the records of its distinct columns, with the
 * arithmetic of TfidfVectorizer.transform + LogisticRegression in the same order (so the same
 * bits): each column's tf-idf value (termValue in ../../feature-extraction/tfidf.ts), the row's
 * l2 scale (rowScale), then bias + the sum of value * scale * weight in column order.
 *
 * In WebAssembly because in a server the loop runs with cold caches and branch predictors
 * after the request's other work, where JavaScript's typed-array reads (each bounds-checked)
 * cost ~2 us a message.
 */
import { COUNT_AT, IDF_AT, RECORD_SHIFT, WEIGHT_AT } from './record-layout';

/** Math.log, imported from JavaScript: the sublinear tf must be the very same logarithm. */
// @ts-ignore: decorator
@external('env', 'log')
declare function log(x: f64): f64;

// @ts-ignore: decorator
@inline
function termValue(record: usize, sublinearTf: bool, useIdf: bool): f64 {
  const count = <f64>load<i32>(record + COUNT_AT);
  const v = sublinearTf ? 1 + log(count) : count;
  return useIdf ? v * load<f64>(record + IDF_AT) : v;
}

/** The score of the `m` distinct columns (int32, increasing) at `columns`, as described above. */
export function tfidfDot(columns: usize, m: i32, records: usize, bias: f64, sublinearTf: bool, useIdf: bool, l2: bool): f64 {
  let sumSquares: f64 = 0;
  for (let k: i32 = 0; k < m; k++) {
    const v = termValue(records + (<usize>load<i32>(columns + (<usize>k << 2)) << RECORD_SHIFT), sublinearTf, useIdf);
    sumSquares += v * v;
  }
  const scale: f64 = l2 && sumSquares > 0 ? 1 / sqrt<f64>(sumSquares) : 1;
  let s = bias;
  for (let k: i32 = 0; k < m; k++) {
    const record = records + (<usize>load<i32>(columns + (<usize>k << 2)) << RECORD_SHIFT);
    s += termValue(record, sublinearTf, useIdf) * scale * load<f64>(record + WEIGHT_AT);
  }
  return s;
}
