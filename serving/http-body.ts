/**
 * Reads a JSON request body under a size limit. A declared Content-Length over the limit is
 * refused before reading a byte; a chunked body is cut off as soon as it passes the limit.
 */
import type { IncomingMessage } from 'node:http';

export type BodyError = { ok: false; status: 400 | 413 | 415; message: string };
export type BodyResult = { ok: true; value: unknown } | BodyError;
/** A JSON body read in full but not parsed yet. */
export type RawBodyResult = { ok: true; bytes: Buffer } | BodyError;

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => onRawJsonBody(req, maxBytes, (body) => resolve(body.ok ? parseJsonBody(body.bytes) : body)));
}

/** The body's JSON value, or a 400 naming the syntax error. */
export function parseJsonBody(bytes: Buffer): BodyResult {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch (e) {
    return { ok: false, status: 400, message: `request body is not valid JSON: ${(e as Error).message}` };
  }
}

/**
 * The body's bytes, read in full under the limit, by a callback called once: the prediction
 * route answers from the body's 'end' event without a promise turn between reading and
 * scoring, and reads the usual request straight from the bytes (a compiled scorer's), parsing
 * the others with parseJsonBody (bench/serving).
 */
export function onRawJsonBody(req: IncomingMessage, maxBytes: number, resolve: (result: RawBodyResult) => void): void {
  const type = req.headers['content-type'];
  // The usual type compared first: the regular expression costs a request ~0.1 us.
  if (type !== undefined && type !== 'application/json' && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    return resolve({ ok: false, status: 415, message: `content-type must be application/json, got ${JSON.stringify(type)}` });
  }
  const tooLarge = { ok: false, status: 413, message: `request body is larger than the limit of ${maxBytes} bytes` } as const;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return resolve(tooLarge);
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const finish = (result: RawBodyResult) => {
    if (done) return;
    done = true;
    resolve(result);
  };
  // A refused body stops being buffered. After 'end' nothing more comes, so the body read
  // in full (every request the server answers) skips the listener removal.
  const refuse = (result: BodyError) => {
    req.removeAllListeners('data');
    finish(result);
  };
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) refuse(tooLarge);
    else chunks.push(chunk);
  });
  req.on('error', (e) => refuse({ ok: false, status: 400, message: `cannot read the request body: ${e.message}` }));
  req.on('end', () => {
    if (done) return;
    finish({ ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
  });
}
