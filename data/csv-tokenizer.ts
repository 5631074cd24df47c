/**
 * The CSV tokenizer on its own: splits text fed in pieces into records (RFC 4180 quoting,
 * any one-character delimiter), so the reader and the delimiter sniffer share it without
 * importing each other.
 */
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export type RecordHandler = (fields: string[], line: number) => void;

/** Thrown by the tokenizer when input ends inside a quoted field. */
export class UnterminatedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`unterminated quoted field starting on line ${line}`);
  }
}

function countLineFeeds(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Splits text fed in pieces into records. `push` keeps an incomplete trailing record for
 * the next piece; `end` flushes it. Each record is reported with the line it starts on.
 */
export class CsvTokenizer {
  private carry = '';
  private line = 1;
  private readonly delimiterCode: number;

  constructor(
    private readonly delimiter: string,
    private readonly onRecord: RecordHandler,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new Error(`bad CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  push(text: string): void {
    this.carry = this.parse(this.carry === '' ? text : this.carry + text, false);
  }

  end(): void {
    this.parse(this.carry, true);
    this.carry = '';
  }

  private emit(fields: string[], line: number): void {
    for (const f of fields) {
      if (f !== '' && f.trim() !== '') {
        this.onRecord(fields, line);
        return;
      }
    }
    // A blank line or a row of empty fields: skipped.
  }

  /** Parses complete records from `s`; returns the unconsumed tail (the start of an incomplete record). */
  private parse(s: string, final: boolean): string {
    const n = s.length;
    const dc = this.delimiterCode;
    const d = this.delimiter;
    let pos = 0;
    let nextDelim = s.indexOf(d);
    let nextLf = s.indexOf('\n');
    /** Index of the next delimiter or line feed at or after `from`, or -1. */
    const boundary = (from: number): number => {
      if (nextDelim !== -1 && nextDelim < from) nextDelim = s.indexOf(d, from);
      if (nextLf !== -1 && nextLf < from) nextLf = s.indexOf('\n', from);
      return nextDelim !== -1 && (nextLf === -1 || nextDelim < nextLf) ? nextDelim : nextLf;
    };

    while (pos < n) {
      const recordStart = pos;
      const startLine = this.line;
      let innerLines = 0;
      const fields: string[] = [];
      for (;;) {
        let value: string;
        if (pos < n && s.charCodeAt(pos) === QUOTE) {
          value = '';
          let p = pos + 1;
          let closed = false;
          for (;;) {
            const q = s.indexOf('"', p);
            if (q === -1 || (q + 1 >= n && !final)) break; // not closed yet, or cannot tell `""` from `"`
            if (s.charCodeAt(q + 1) === QUOTE) {
              value += s.slice(p, q + 1);
              p = q + 2;
              continue;
            }
            value += s.slice(p, q);
            pos = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) return s.slice(recordStart);
            throw new UnterminatedQuoteError(startLine);
          }
          innerLines += countLineFeeds(value);
          if (pos < n) {
            const c = s.charCodeAt(pos);
            if (c === CR && pos + 1 >= n && !final) return s.slice(recordStart);
            if (c !== dc && c !== LF && !(c === CR && s.charCodeAt(pos + 1) === LF)) {
              // Text after the closing quote: kept, up to the next delimiter or line end.
              let end = boundary(pos);
              if (end === -1) {
                if (!final) return s.slice(recordStart);
                end = n;
              }
              const stop = end > pos && end === nextLf && s.charCodeAt(end - 1) === CR ? end - 1 : end;
              value += s.slice(pos, stop);
              pos = end;
            }
          }
        } else {
          let end = boundary(pos);
          if (end === -1) {
            if (!final) return s.slice(recordStart);
            end = n;
          }
          const stop = end > pos && end === nextLf && s.charCodeAt(end - 1) === CR ? end - 1 : end;
          value = s.slice(pos, stop);
          pos = end;
        }
        fields.push(value);

        if (pos >= n) {
          // The record might continue in the next piece (a field can end exactly at the cut).
          if (!final) return s.slice(recordStart);
          this.emit(fields, startLine);
          this.line += innerLines;
          return '';
        }
        const c = s.charCodeAt(pos);
        if (c === dc) {
          pos++;
          continue;
        }
        if (c === CR) pos++;
        pos++; // the line feed
        this.emit(fields, startLine);
        this.line = startLine + innerLines + 1;
        break;
      }
    }
    return '';
  }
}
