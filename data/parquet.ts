/**
 * Parquet reader (hyparquet): reads the footer, checks every requested column is a flat
 * column of a type a cell can hold, then decodes one row group at a time into the same
 * column-oriented RawTable the CSV reader produces. Only the requested columns' bytes are
 * read, through random access on the file (never the whole file in memory).
 *
 * Row numbers in messages are 1-based data rows, as in the CSV reader.
 */
import type { FileHandle } from 'node:fs/promises';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaTree } from 'hyparquet';
import type { CellValue } from '../components/core/types.js';
import { UserInputError } from '../core/errors.js';
import { checkHeader, selectColumns, type RawTable } from './csv.js';
import { parquetCell, unsupportedColumnType } from './parquet-cells.js';

const MAGIC = 'PAR1';

/** Random access over an open file: hyparquet asks for the footer, then for column chunks. */
export function fileHandleBuffer(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const length = Math.max(0, Math.min(end, size) - start);
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(out, done, length - done, start + done);
        if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${start + done} (the file shrank while being read)`);
        done += bytesRead;
      }
      return out.buffer;
    },
  };
}

async function checkMagic(file: AsyncBuffer, where: string): Promise<void> {
  const text = async (start: number, end: number) => Buffer.from(await file.slice(start, end)).toString('latin1');
  const ok = file.byteLength >= 12 && (await text(0, 4)) === MAGIC && (await text(file.byteLength - 4, file.byteLength)) === MAGIC;
  if (!ok) throw new UserInputError(`${where} is not a Parquet file (a Parquet file starts and ends with the bytes "PAR1")`);
}

export async function readParquet(file: AsyncBuffer, opts: { display: string; columns?: readonly string[] }): Promise<RawTable> {
  const where = opts.display;
  await checkMagic(file, where);
  let metadata: FileMetaData;
  let top: SchemaTree[];
  try {
    metadata = await parquetMetadataAsync(file);
    top = parquetSchema(metadata).children;
  } catch (e) {
    throw new UserInputError(`${where}: cannot read the Parquet footer (metadata): ${(e as Error).message}`);
  }
  const header = checkHeader(top.map((c) => c.element.name), where);
  const picked = selectColumns(header, opts.columns, where);
  const problems = picked.flatMap((i) => {
    const type = unsupportedColumnType(top[i]);
    return type ? [`${where} column '${header[i]}': ${type} is not supported; only flat columns (numbers, strings, booleans, dates, timestamps) can be read`] : [];
  });
  if (problems.length) throw new UserInputError(problems);

  const names = picked.map((i) => top[i].element.name);
  const columns: CellValue[][] = picked.map(() => []);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    if (rowEnd === rowStart) continue;
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, columns: names, rowStart, rowEnd });
    } catch (e) {
      throw new UserInputError(`${where} rows ${rowStart + 1}-${rowEnd}: cannot decode the Parquet data: ${(e as Error).message}`);
    }
    for (let c = 0; c < names.length; c++) {
      const name = names[c];
      const column = columns[c];
      const logical = top[picked[c]].element;
      for (let r = 0; r < rows.length; r++) column.push(parquetCell(rows[r][name], logical, () => `${where} row ${rowStart + r + 1} column '${header[picked[c]]}'`));
    }
    rowStart = rowEnd;
  }
  if (rowStart === 0) throw new UserInputError(`${where} has columns but no data rows`);
  return { columnNames: picked.map((i) => header[i]), columns, nRows: rowStart };
}
