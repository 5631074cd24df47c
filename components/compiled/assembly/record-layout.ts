/**
 * The column table's record layout, in bytes (must match ../column-table.ts): 64 bytes per
 * column, column c's record at c << RECORD_SHIFT from the records' start.
 */
export const RECORD_SHIFT = 6;
export const LENGTH_AT = 4; //  int32 [1]: word length in UTF-16 units
export const TAIL_AT = 8; //    int32 [2]: where units past the inline ones start in the tail
export const STAMP_AT = 12; //  int32 [3]: the text that last counted the word
export const IDF_AT = 16; //    float64 [2]: the column's idf
export const WEIGHT_AT = 24; // float64 [3]: its weight in a binary linear model
export const ASCII8_AT = 32; // int32 [8, 9]: the first 8 units as bytes, zero-padded (0 when not ASCII)
export const UNITS_AT = 40; //  uint16 [20..]: the first INLINE_UNITS units
export const INLINE_UNITS = 10;
export const COUNT_AT = 60; //  int32 [15]: the word's count in the text stamped
