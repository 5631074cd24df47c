/**
 * `autoflow report`: reading a search's report from the artifact store, the messages when it
 * is missing, and the compiled command end to end (no Temporal needed).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileArtifactStore } from '../../../artifacts/index.js';
import { readSearchReport, reportKey, saveSearchReport } from '../../../cli/commands/report.js';
import { packageRoot } from '../../../devserver/project-paths.js';
import { renderSearchReport } from '../../../report/render-search-report.js';
import { reportFixture } from './fixture.js';

function autoflow(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('autoflow report', () => {
  let dir: string;
  let store: FileArtifactStore;
  const html = renderSearchReport(reportFixture());
  const id = 'listing-spam-20240611-7f3a';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-report-cli-'));
    store = new FileArtifactStore(join(dir, 'artifacts'));
    await store.put(reportKey(id), html);
    await store.put('searches/half-done/dataset.json', '{}');
    await store.put('searches/half-done/profile.json', '{}');
    await store.put('searches/old-refit/dataset.json', '{}');
    await store.put('searches/old-refit/refit.json', '{}');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('keys the report under the search and refuses ids that are not one name', () => {
    expect(reportKey(id)).toBe(`searches/${id}/report.html`);
    for (const bad of ['', '..', '.', 'a/b', '../etc', 'x\\y', 'a\nb']) expect(() => reportKey(bad), bad).toThrow(/is not a search id/);
  });

  it('reads the stored report and points at the store file, or writes a copy to --output', async () => {
    const { data, ref } = await readSearchReport(store, id);
    expect(data.toString('utf8')).toBe(html);
    const local = await saveSearchReport(store, id);
    expect(local.path).toBe(join(dir, 'artifacts', 'searches', id, 'report.html'));
    expect(local).toMatchObject({ searchId: id, uri: ref.uri, sha256: ref.sha256, bytes: Buffer.byteLength(html) });
    const copy = await saveSearchReport(store, id, join(dir, 'out', 'nested', 'r.html'));
    expect(await readFile(copy.path, 'utf8')).toBe(html);
  });

  it('says what exists when the report is missing', async () => {
    await expect(readSearchReport(store, 'nope')).rejects.toThrow(/no report for search nope: nothing is stored for that search under file:\/\/.*autoflow list/);
    await expect(readSearchReport(store, 'half-done')).rejects.toThrow(/search has dataset\.json, profile\.json but no report\.html; the report is written when the search finishes refitting its winner \(see `autoflow status half-done`\)/);
    await expect(readSearchReport(store, 'old-refit')).rejects.toThrow(/has dataset\.json, refit\.json but no report\.html; it was refitted without writing a report/);
    await expect(readSearchReport(store, 'nope')).rejects.toMatchObject({ name: 'UserInputError' });
  });

  it('runs as a command: path, --output, --json, and exit code 2 with a clear message for a missing report', async () => {
    const env = { AUTOFLOW_ARTIFACTS: join(dir, 'artifacts') };
    const plain = await autoflow(['report', id], env);
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim()).toBe(join(dir, 'artifacts', 'searches', id, 'report.html'));

    const out = join(dir, 'cli-copy.html');
    const json = await autoflow(['report', id, '--output', out, '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ searchId: id, path: out, opened: false, uri: pathToFileURL(join(dir, 'artifacts', 'searches', id, 'report.html')).href });
    expect(await readFile(out, 'utf8')).toBe(html);

    const viaFlag = await autoflow(['report', id, '--artifacts', pathToFileURL(join(dir, 'artifacts')).href], {});
    expect(viaFlag.code).toBe(0);

    const missing = await autoflow(['report', 'half-done'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no report for search half-done');
    expect(missing.stderr).toContain('dataset.json, profile.json');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('tells the user how to open the file when no opener exists', async () => {
    const run = await autoflow(['report', id, '--open', '--json'], { AUTOFLOW_ARTIFACTS: join(dir, 'artifacts'), PATH: '/nonexistent' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('open ');
    expect(run.stderr).toContain('in a browser');
    expect(JSON.parse(run.stdout).opened).toBe(false);
  });
});
