/**
 * Reads a JSON request body under a size limit. A declared Content-Length over the limit is
 * refused before reading a byte; a chunked body is cut off as soon as it passes the limit.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; message: string };

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => onJsonBody(req, maxBytes, resolve));
}

/**
 * readJsonBody with a callback, called once: the prediction route answers from the body's
 * 'end' event without a promise turn between reading and scoring (bench/serving).
 */
export function onJsonBody(req: IncomingMessage, maxBytes: number, resolve: (result: BodyResult) => void): void {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    return resolve({ ok: false, status: 415, message: `content-type must be application/json, got ${JSON.stringify(type)}` });
  }
  const tooLarge = { ok: false, status: 413, message: `request body is larger than the limit of ${maxBytes} bytes` } as const;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return resolve(tooLarge);
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const finish = (result: BodyResult) => {
    if (done) return;
    done = true;
    resolve(result);
  };
  // A refused body stops being buffered. After 'end' nothing more comes, so the body read
  // in full (every request the server answers) skips the listener removal.
  const refuse = (result: BodyResult) => {
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
    const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return finish({ ok: false, status: 400, message: `request body is not valid JSON: ${(e as Error).message}` });
    }
    // Outside the try: what the callback throws is its own error, not a JSON one.
    finish({ ok: true, value });
  });
}
