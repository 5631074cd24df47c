/**
 * Batches of records for the deployment check, bounded by what the server accepts: at most
 * `maxRecords` records and at most `maxBytes` bytes of JSON body each. Long records (e-mails)
 * make a fixed count of records overflow the body limit, which the server rightly answers with
 * 413; a check must not call that a failed deployment. A single record that is over the limit
 * on its own is set aside and reported by row, since no batching can send it.
 */

export interface RecordBatches {
  /** Each batch: row indices (into the records given) in order. */
  batches: number[][];
  /** Rows whose own body is over the limit, with their size in bytes. */
  oversized: { row: number; bytes: number }[];
}

/** `{"records":[` + `]}`: the envelope around the records of one request body. */
const ENVELOPE_BYTES = Buffer.byteLength('{"records":[]}');

export function batchRecordsByBytes(records: readonly unknown[], maxBytes: number, maxRecords: number): RecordBatches {
  if (!(maxBytes > ENVELOPE_BYTES)) throw new Error(`maxBytes must leave room for the request envelope, got ${maxBytes}`);
  if (!(maxRecords >= 1)) throw new Error(`maxRecords must be at least 1, got ${maxRecords}`);
  const batches: number[][] = [];
  const oversized: RecordBatches['oversized'] = [];
  let current: number[] = [];
  let currentBytes = ENVELOPE_BYTES;
  records.forEach((record, row) => {
    const bytes = Buffer.byteLength(JSON.stringify(record));
    if (ENVELOPE_BYTES + bytes > maxBytes) {
      oversized.push({ row, bytes: ENVELOPE_BYTES + bytes });
      return;
    }
    // A comma separates a record from the one before it.
    const added = bytes + (current.length > 0 ? 1 : 0);
    if (current.length >= maxRecords || currentBytes + added > maxBytes) {
      batches.push(current);
      current = [];
      currentBytes = ENVELOPE_BYTES;
    }
    currentBytes += bytes + (current.length > 0 ? 1 : 0);
    current.push(row);
  });
  if (current.length > 0) batches.push(current);
  return { batches, oversized };
}
