/**
 * The column table's WebAssembly kernel (`npm run build:wasm` compiles this entry into
 * ../column-table-kernel.wasm; ../column-table-kernel.ts loads it): counting an ASCII text's
 * words, sorting the columns counted, a binary linear model's score of them, and the text of a
 * single-record request read from its JSON body.
 */
export { countAsciiWords } from './count-ascii-words';
export { sortColumns } from './sort-columns';
export { tfidfDot } from './tfidf-dot';
export { singleTextOfBody } from './single-text-body';
