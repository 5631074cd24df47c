import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserInputError, UserInputError } from '../../../core/errors.js';
import { inferFormat, loadTable, type LoadTableOptions } from '../../../data/index.js';
import { fileAccessError, resolveSource } from '../../../data/file-source.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'autoflow-data-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

async function loadError(source: string, options?: LoadTableOptions): Promise<UserInputError> {
  try {
    await loadTable(source, options);
  } catch (e) {
    if (!isUserInputError(e)) throw e;
    return e as UserInputError;
  }
  throw new Error(`expected loadTable(${source}) to fail`);
}

describe('loadTable: CSV', () => {
  it('reads a header and rows, keeping cells as raw strings and empty fields as null', async () => {
    const file = await fixture('basic.csv', 'text,price,label\nhello world,12.5,ham\nbuy now,,spam\n');
    const { table, columnNames, format, uri, bytes, sha256 } = await loadTable(file);
    expect(format).toBe('csv');
    expect(columnNames).toEqual(['text', 'price', 'label']);
    expect(table.nRows).toBe(2);
    expect(table.columns).toEqual({
      text: ['hello world', 'buy now'],
      price: ['12.5', null],
      label: ['ham', 'spam'],
    });
    expect(uri).toBe(pathToFileURL(file).href);
    const raw = await readFile(file);
    expect(bytes).toBe(raw.length);
    expect(sha256).toBe(createHash('sha256').update(raw).digest('hex'));
  });

  it('handles RFC 4180 quoting: delimiters, doubled quotes and newlines inside quotes, CRLF, BOM', async () => {
    const csv = '\ufeffid,text\r\n1,"a, b"\r\n2,"she said ""hi"""\r\n3,"line one\r\nline two\nline three"\r\n4,plain\r\n';
    const { table } = await loadTable(await fixture('quoted.csv', csv));
    expect(table.nRows).toBe(4);
    expect(table.columns.id).toEqual(['1', '2', '3', '4']);
    expect(table.columns.text).toEqual(['a, b', 'she said "hi"', 'line one\r\nline two\nline three', 'plain']);
  });

  it('keeps a stray quote inside an unquoted field literally and skips blank lines', async () => {
    const { table } = await loadTable(await fixture('stray.csv', 'name,size\nscreen,5" wide\n\n\nlamp,small\n'));
    expect(table.columns).toEqual({ name: ['screen', 'lamp'], size: ['5" wide', 'small'] });
  });

  it('reads .tsv with tabs and names an empty header cell column_N', async () => {
    const { table, format } = await loadTable(await fixture('data.tsv', '\ta b\tc\n1\t"x\ty"\t3\n'));
    expect(format).toBe('tsv');
    expect(table.columns).toEqual({ column_1: ['1'], 'a b': ['x\ty'], c: ['3'] });
  });

  it('keeps only the requested columns, in the requested order', async () => {
    const file = await fixture('cols.csv', 'a,b,c\n1,2,3\n4,5,6\n');
    const { table, columnNames } = await loadTable(file, { columns: ['c', 'a'] });
    expect(columnNames).toEqual(['c', 'a']);
    expect(table.columns).toEqual({ c: ['3', '6'], a: ['1', '4'] });
  });

  it('reads a relative path against cwd and a file:// URI', async () => {
    const file = await fixture('sub dir/rel.csv', 'x,y\n1,2\n');
    const rel = await loadTable('sub dir/rel.csv', { cwd: dir });
    expect(rel.table.columns.x).toEqual(['1']);
    const viaCwd = path.relative(process.cwd(), file);
    expect((await loadTable(viaCwd)).table.columns.y).toEqual(['2']);
    const uri = pathToFileURL(file).href;
    expect(uri).toContain('sub%20dir');
    const viaUri = await loadTable(uri);
    expect(viaUri.table.columns.y).toEqual(['2']);
    expect(viaUri.uri).toBe(uri);
    expect(viaUri.sha256).toBe(rel.sha256);
  });

  it('reads gzip-compressed files, hashing the compressed bytes', async () => {
    const gz = gzipSync(Buffer.from('a,b\n1,2\n3,4\n'));
    const file = await fixture('packed.csv.gz', gz);
    const { table, format, sha256, bytes } = await loadTable(file);
    expect(format).toBe('csv');
    expect(table.columns.b).toEqual(['2', '4']);
    expect(bytes).toBe(gz.length);
    expect(sha256).toBe(createHash('sha256').update(gz).digest('hex'));
  });

  it("detects a .csv file's delimiter: ';' (European spreadsheets), tab and '|', with the other characters inside fields", async () => {
    const semicolon = await fixture('semi.csv', 'title;price;label\nred, blue and green;3,50;ok\n"quoted; with semicolon";12,00;spam\nplain;1;ok\n');
    const { table, columnNames } = await loadTable(semicolon);
    expect(columnNames).toEqual(['title', 'price', 'label']);
    expect(table.columns.title).toEqual(['red, blue and green', 'quoted; with semicolon', 'plain']);
    expect(table.columns.price).toEqual(['3,50', '12,00', '1']);
    const tab = await loadTable(await fixture('tabbed.csv', 'a\tb\tc\n1\t2, 3\t4\n'));
    expect(tab.table.columns.b).toEqual(['2, 3']);
    const pipe = await loadTable(await fixture('pipe.csv', 'a|b\n1;2|x,y\n'));
    expect(pipe.table.columns).toEqual({ a: ['1;2'], b: ['x,y'] });
    // One column: nothing to split, read as comma-separated.
    expect((await loadTable(await fixture('one.csv', 'text\nhello; world\n'))).table.columns.text).toEqual(['hello; world']);
  });

  it('sniffs the delimiter from the first 64 KB of a long file', async () => {
    const rows = ['id;text;label', ...Array.from({ length: 20_000 }, (_, i) => `${i};"word, ${i}";${i % 2 ? 'a' : 'b'}`)];
    const { table } = await loadTable(await fixture('long-semi.csv', `${rows.join('\n')}\n`));
    expect(table.nRows).toBe(20_000);
    expect(table.columns.text[19_999]).toBe('word, 19999');
  });

  it('streams a multi-chunk file with multi-byte characters across chunk boundaries', async () => {
    const rows: string[] = ['id,text,label'];
    for (let i = 0; i < 30_000; i++) rows.push(`${i},"商品 ${i} は「とても良い」, 状態 ${'良'.repeat(i % 7)}",${i % 3 === 0 ? 'spam' : 'ham'}`);
    const content = `${rows.join('\n')}\n`;
    expect(Buffer.byteLength(content)).toBeGreaterThan(3 << 19); // more than one 1 MiB read chunk
    const { table, bytes } = await loadTable(await fixture('big.csv', content));
    expect(bytes).toBe(Buffer.byteLength(content));
    expect(table.nRows).toBe(30_000);
    expect(table.columns.text[29_999]).toBe(`商品 29999 は「とても良い」, 状態 ${'良'.repeat(29_999 % 7)}`);
    expect(table.columns.text.every((t) => typeof t === 'string' && !t.includes('\ufffd'))).toBe(true);
  });
});

describe('loadTable: JSON Lines and JSON', () => {
  it('reads one object per line, skipping blank lines; keys missing in a record are null', async () => {
    const file = await fixture('data.jsonl', '{"text":"hi","n":1,"ok":true}\n\n   \n{"text":"yo","extra":{"a":[1]}}\r\n{"n":2.5}');
    const { table, columnNames, format } = await loadTable(file);
    expect(format).toBe('jsonl');
    expect(columnNames).toEqual(['text', 'n', 'ok', 'extra']);
    expect(table.nRows).toBe(3);
    expect(table.columns).toEqual({
      text: ['hi', 'yo', null],
      n: [1, null, 2.5],
      ok: ['true', null, null],
      extra: [null, '{"a":[1]}', null],
    });
  });

  it('reads .ndjson and long multi-byte lines across chunk boundaries', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(JSON.stringify({ i, text: `ことば${'あ'.repeat(1000 + (i % 13))}`, label: i % 2 ? 'a' : 'b' }));
    const { table, format } = await loadTable(await fixture('long.ndjson', `${lines.join('\n')}\n`));
    expect(format).toBe('jsonl');
    expect(table.nRows).toBe(2000);
    expect(table.columns.text[1999]).toBe(`ことば${'あ'.repeat(1000 + (1999 % 13))}`);
  });

  it('reads a .json array of records and honours an explicit format', async () => {
    const json = await loadTable(await fixture('arr.json', '[{"a":1,"b":"x"},{"a":2}]'));
    expect(json.format).toBe('json');
    expect(json.table.columns).toEqual({ a: [1, 2], b: ['x', null] });
    const forced = await loadTable(await fixture('records.txt', '{"a":1}\n{"a":2}\n'), { format: 'jsonl' });
    expect(forced.table.columns.a).toEqual([1, 2]);
  });

  it('keeps only requested JSONL columns', async () => {
    const { table } = await loadTable(await fixture('pick.jsonl', '{"a":1,"b":2}\n{"a":3,"c":4}\n'), { columns: ['a'] });
    expect(table.columns).toEqual({ a: [1, 3] });
  });
});

describe('loadTable: errors name the file, row or line, and field', () => {
  it('missing file', async () => {
    const missing = path.join(dir, 'nope.csv');
    const err = await loadError(missing);
    expect(err.message).toBe(`data file not found: ${missing}`);
    const viaUri = await loadError(pathToFileURL(missing).href);
    expect(viaUri.message).toBe(`data file not found: ${missing}`);
    const relative = await loadError('nope.csv', { cwd: dir });
    expect(relative.message).toBe(`data file not found: ${missing}`);
  });

  it('directory given', async () => {
    const sub = path.join(dir, 'a-dir.csv');
    await mkdir(sub, { recursive: true });
    expect((await loadError(sub)).message).toBe(`data path is a directory, not a file: ${sub}; to read the newest file in it, give a pattern such as ${sub}/*.csv`);
    // Also when the folder's name has no extension: the folder is the news, not the format.
    const plain = path.join(dir, 'exports');
    await mkdir(plain, { recursive: true });
    expect((await loadError(plain)).message).toContain(`data path is a directory, not a file: ${plain}`);
  });

  it('unreadable file', async () => {
    const file = await fixture('secret.csv', 'a,b\n1,2\n');
    expect(fileAccessError(Object.assign(new Error('EACCES'), { code: 'EACCES' }), file).message).toBe(
      `data file is not readable (permission denied): ${file}`,
    );
    // Root reads anything, so the real permission check only runs as a normal user.
    if (process.getuid?.() !== 0) {
      await chmod(file, 0o000);
      try {
        expect((await loadError(file)).message).toBe(`data file is not readable (permission denied): ${file}`);
      } finally {
        await chmod(file, 0o644);
      }
    }
  });

  it('empty file, blank file, header only', async () => {
    const empty = await fixture('empty.csv', '');
    expect((await loadError(empty)).message).toBe(`data file is empty: ${empty}`);
    const blank = await fixture('blank.csv', '\n\n');
    expect((await loadError(blank)).message).toBe(`${blank} has no header row (the file is blank)`);
    const headerOnly = await fixture('header.csv', 'a,b\n');
    expect((await loadError(headerOnly)).message).toBe(`${headerOnly} has a header but no data rows`);
    const blankJsonl = await fixture('blank.jsonl', '\n  \n');
    expect((await loadError(blankJsonl)).message).toBe(`${blankJsonl} contains no records (only blank lines)`);
  });

  it('CSV row with the wrong field count names the row and its line', async () => {
    const header = 'a,b,c,d,e';
    const rows = Array.from({ length: 20 }, (_, i) => (i === 16 ? '1,2,3,4' : '1,2,3,4,5'));
    const file = await fixture('short.csv', `${header}\n${rows.join('\n')}\n`);
    const err = await loadError(file);
    expect(err.message).toBe(`${file} row 17 (line 18): expected 5 fields, got 4`);
  });

  it('a semicolon file with one broken row still names the row and its line', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => (i === 60 ? '1;2' : '1;2;3'));
    const file = await fixture('short-semi.csv', `a;b;c\n${rows.join('\n')}\n`);
    expect((await loadError(file)).message).toBe(`${file} row 61 (line 62): expected 3 fields, got 2`);
  });

  it('the line of a bad row counts newlines inside quoted fields', async () => {
    const file = await fixture('multiline.csv', 'a,b\n"x\ny\nz",1\n2,3,4\n');
    expect((await loadError(file)).message).toBe(`${file} row 2 (line 5): expected 2 fields, got 3`);
  });

  it('unterminated quote', async () => {
    const file = await fixture('open-quote.csv', 'a,b\n1,2\n3,"never closed\n4,5\n');
    const err = await loadError(file);
    expect(err.message).toBe(
      `${file} row 2 (line 3): unterminated quoted field: a '"' opens a field that is never closed before the end of the file`,
    );
  });

  it('duplicate header names', async () => {
    const file = await fixture('dup.csv', 'text,label,text\n1,2,3\n');
    expect((await loadError(file)).message).toBe(`${file} header: duplicate column name 'text' (columns 1 and 3)`);
  });

  it('unknown requested column suggests near-miss names', async () => {
    const file = await fixture('named.csv', 'text,label\nx,y\n');
    const err = await loadError(file, { columns: ['text', 'lable'] });
    expect(err.message).toBe(`${file} has no column 'lable' (did you mean 'label'?); columns: text, label`);
    const jsonl = await fixture('named.jsonl', '{"title":"x","label":"y"}\n');
    const err2 = await loadError(jsonl, { columns: ['titel'] });
    expect(err2.message).toMatch(new RegExp(`^${escape(jsonl)} has no column 'titel' in any record \\(did you mean 'title'\\?\\)`));
  });

  it('JSONL line that is not valid JSON or not an object', async () => {
    const bad = await fixture('bad.jsonl', '{"a":1}\n{"a":2}\n{"a":\n');
    const err = await loadError(bad);
    expect(err.message).toMatch(new RegExp(`^${escape(bad)} line 3: not valid JSON: `));
    const notObject = await fixture('array.jsonl', '{"a":1}\n\n[1,2]\n');
    expect((await loadError(notObject)).message).toBe(`${notObject} line 3: expected a JSON object, got an array`);
    const several = await fixture('several.jsonl', '1\n"x"\nnull\n{"a":1}\n');
    const err3 = await loadError(several);
    expect(err3.problems).toEqual([
      `${several} line 1: expected a JSON object, got a number`,
      `${several} line 2: expected a JSON object, got a string`,
      `${several} line 3: expected a JSON object, got null`,
    ]);
  });

  it('JSON that is not an array of records', async () => {
    const obj = await fixture('obj.json', '{"a":1}');
    expect((await loadError(obj)).message).toBe(`${obj}: expected a JSON array of records (objects), got an object`);
    const mixed = await fixture('mixed.json', '[{"a":1}, 2]');
    expect((await loadError(mixed)).message).toBe(`${mixed} record 2: expected a JSON object, got a number`);
  });

  it('unknown extension, format, scheme and builtin', async () => {
    const xlsx = await fixture('sheet.xlsx', 'PK');
    expect((await loadError(xlsx)).message).toMatch(/cannot tell the format of .*sheet\.xlsx from its extension '\.xlsx'/);
    expect((await loadError(xlsx, { format: 'xls' as never })).message).toMatch(/unknown data format "xls"/);
    expect((await loadError('s3://bucket/data.csv')).message).toMatch(/scheme 's3:' is not supported/);
    expect((await loadError('builtin:spam-asassin')).message).toMatch(
      /^unknown builtin dataset 'builtin:spam-asassin' \(did you mean 'spam-assassin'\?\); available: .*builtin:spam-assassin/,
    );
  });

  it('a corrupt gzip file', async () => {
    const file = await fixture('broken.csv.gz', 'not gzip at all');
    expect((await loadError(file)).message).toMatch(/not a valid gzip file/);
  });
});

describe('source and format helpers', () => {
  it('resolves paths, file URIs and builtins', () => {
    expect(resolveSource('a/b.csv', '/data')).toMatchObject({ kind: 'file', absPath: '/data/a/b.csv', display: 'a/b.csv' });
    expect(resolveSource('file:///tmp/x%20y.csv')).toMatchObject({ kind: 'file', absPath: '/tmp/x y.csv', display: '/tmp/x y.csv' });
    expect(resolveSource('builtin:spam-assassin')).toEqual({ kind: 'builtin', name: 'spam-assassin', uri: 'builtin:spam-assassin' });
    expect(resolveSource('gs://my-bucket/exports/a b.csv')).toEqual({
      kind: 'gcs',
      bucket: 'my-bucket',
      object: 'exports/a b.csv',
      display: 'gs://my-bucket/exports/a b.csv',
      uri: 'gs://my-bucket/exports/a b.csv',
    });
  });

  it('refuses gs:// sources that do not name one object', () => {
    expect(() => resolveSource('gs://my-bucket')).toThrow(/expected gs:\/\/BUCKET\/OBJECT naming one object/);
    expect(() => resolveSource('gs://my-bucket/exports/')).toThrow(/give a pattern such as gs:\/\/my-bucket\/exports\/\*\.csv/);
    expect(() => resolveSource('gs://My_Bucket!/a.csv')).toThrow(/bucket name "My_Bucket!" is invalid/);
    expect(() => resolveSource('gs://my-bucket/a-*.csv')).toThrow(/is a pattern/);
  });

  it('infers formats from extensions', () => {
    expect(inferFormat('/x/a.CSV')).toMatchObject({ format: 'csv', gzip: false });
    expect(inferFormat('a.tsv.gz')).toMatchObject({ format: 'tsv', gzip: true });
    expect(inferFormat('a.ndjson').format).toBe('jsonl');
    expect(inferFormat('a.json').format).toBe('json');
    expect(inferFormat('exports/a.parquet').format).toBe('parquet');
    expect(inferFormat('a.PQ').format).toBe('parquet');
    expect(inferFormat('README').format).toBeUndefined();
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
