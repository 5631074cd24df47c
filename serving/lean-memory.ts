/**
 * Keeps a serving process's memory near its live size. Two measured sources of slack in a
 * process that loads one model and then answers small requests (bench/serving):
 *
 * - V8 grows the young generation from 1 MB to 16 MB per semi-space while a model's JSON is
 *   parsed, and never shrinks it back: ~30 MB of RSS for nothing once serving. Holding the
 *   semi-space growth factor at 1 keeps it at its initial size. The flag is read each time V8
 *   considers growing, so setting it at run time works (unlike --max-semi-space-size, which
 *   is fixed when the heap is created). Scavenges get more frequent but stay sub-millisecond
 *   on request-sized garbage; the benchmark shows no throughput loss.
 * - The buffers a model load leaves behind (the file, the parsed JSON, grown tables) live on
 *   until a full collection, which an idle server may not run for minutes. One full
 *   collection after a load or a swap returns them.
 *
 * Process-wide, so only `autoflow serve` turns it on (not a library caller's process).
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;

export function enableLeanMemory(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  // V8 exposes `gc` to contexts created after --expose-gc is set; a fresh context gives it to us
  // without requiring the flag on the command line.
  v8.setFlagsFromString('--expose-gc');
  gc = vm.runInNewContext('gc') as () => void;
}

/** A full collection now, when enableLeanMemory() ran; otherwise nothing. */
export function collectGarbage(): void {
  gc?.();
}
