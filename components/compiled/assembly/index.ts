/**
 * The column table's WebAssembly kernel (`npm run build:wasm` compiles this entry into
 * ../column-table-kernel.wasm; ../column-table-kernel.ts loads it): counting an ASCII text's
 * words, sorting the columns counted, and a binary linear model's score of them.
 */
export { countAsciiWords } from './count-ascii-words';
export { sortColumns } from './sort-columns';
export { tfidfDot } from './tfidf-dot';
