/**
 * The WebAssembly build of ./assembly/ (AssemblyScript: counting an ASCII text's words, sorting
 * the columns counted, a binary linear model's score of them, a request's text read from its
 * JSON body), which `npm run build` compiles next to this module's source and its compiled
 * form. ColumnTable runs it over its own memory; where the file is missing (a checkout not yet
 * built) or WebAssembly is refused, the table counts in JavaScript, with the same results.
 */
import { readFileSync } from 'node:fs';

/** countAsciiWords' signature; offsets are byte offsets into the table's memory. */
export type CountAsciiWords = (
  text: number,
  n: number,
  wordByte: number,
  index: number,
  mask: number,
  records: number,
  tail: number,
  generation: number,
  words: number,
  distinct: number,
) => number;

/** sortColumns' signature: sorts `m` int32 columns at `columns` in place, or answers 0 and leaves them (see assembly/sort-columns.ts). */
export type SortColumns = (columns: number, m: number, bits: number, summary: number) => number;

/** tfidfDot's signature: a binary linear model's score of `m` sorted columns at `columns` (see assembly/tfidf-dot.ts). */
export type TfidfDot = (columns: number, m: number, records: number, bias: number, sublinearTf: boolean, useIdf: boolean, l2: boolean) => number;

/**
 * singleTextOfBody's signature: the text of a JSON body {"records": [{KEY: "..."}]} of ASCII
 * characters decoded to `out`, its length, or -1 for any other body (see assembly/single-text-body.ts).
 */
export type SingleTextOfBody = (body: number, n: number, key: number, keyLength: number, out: number) => number;

export interface ColumnTableKernel {
  countAsciiWords: CountAsciiWords;
  sortColumns: SortColumns;
  tfidfDot: TfidfDot;
  singleTextOfBody: SingleTextOfBody;
}

const KERNEL_FILE = 'column-table-kernel.wasm';

/** The part of the WebAssembly API used here (the project compiles without the DOM's type library). */
interface WasmModule {
  readonly kind?: 'module';
}
/** A WebAssembly memory: `buffer` stays the same ArrayBuffer until the memory grows, which a table's never does. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** A WebAssembly memory of `bytes` (rounded up to 64 KiB pages), or undefined without the kernel. */
export function kernelMemory(bytes: number): WasmMemory | undefined {
  if (!wasm || !kernelModule()) return undefined;
  const pages = Math.ceil(bytes / 65536);
  return new wasm.Memory({ initial: pages, maximum: pages });
}

/** Compiled once per process; null when unavailable. */
let compiled: WasmModule | null | undefined;

function kernelModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      if (!wasm) throw new Error('no WebAssembly');
      compiled = new wasm.Module(readFileSync(new URL(`./${KERNEL_FILE}`, import.meta.url)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the kernel loads here (tests check it, so that a broken build does not pass on the JavaScript path alone). */
export function columnTableKernelAvailable(): boolean {
  return kernelModule() !== null;
}

/** The kernel bound to `memory`, or undefined when it is unavailable. */
export function columnTableKernel(memory: WasmMemory): ColumnTableKernel | undefined {
  const module = kernelModule();
  if (!module || !wasm) return undefined;
  // Math.log itself, so that a sublinear tf is the same logarithm as the pipeline's.
  const { exports } = new wasm.Instance(module, { env: { memory, log: Math.log } });
  return {
    countAsciiWords: exports.countAsciiWords as CountAsciiWords,
    sortColumns: exports.sortColumns as SortColumns,
    tfidfDot: exports.tfidfDot as TfidfDot,
    singleTextOfBody: exports.singleTextOfBody as SingleTextOfBody,
  };
}
