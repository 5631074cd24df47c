/**
 * The column table's WebAssembly kernel (`npm run build:wasm` compiles this entry into
 * ../column-table-kernel.wasm; ../column-table-kernel.ts loads it): counting an ASCII text's
 * words, and sorting the columns counted.
 */
export { countAsciiWords } from './count-ascii-words';
export { sortColumns } from './sort-columns';
