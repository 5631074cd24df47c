/**
 * `autoflow serve`, `autoflow score` and `autoflow registry` as users run them: the compiled
 * CLI (npm run build first) in child processes, against a temporary AUTOFLOW_REGISTRY.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../components/index.js';
import { packageRoot } from '../../devserver/project-paths.js';
import { FileSystemModelRegistry } from '../../registry/index.js';
import { fitModel, registerModel, sampleRecords, titlesTable } from './serving-fixtures.js';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let registryDir: string;
let v1: Pipeline;

function spawnAutoflow(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), ...args], {
    cwd: dir,
    env: { ...process.env, AUTOFLOW_REGISTRY: registryDir, NO_COLOR: '1', ...env },
  });
}

function autoflow(args: string[], stdin?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawnAutoflow(args);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin!.end(stdin ?? '');
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-serve-cli-'));
  registryDir = join(dir, 'registry');
  const registry = new FileSystemModelRegistry(registryDir);
  v1 = fitModel(0.5);
  await registerModel(registry, 'spam', v1);
  await registerModel(registry, 'spam', fitModel(50));
  await registry.setAlias('spam', 'production', 1);
});

afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('autoflow serve', () => {
  it('serves NAME@ALIAS on 127.0.0.1 and exits cleanly on SIGTERM', async () => {
    const child = spawnAutoflow(['serve', '--model', 'spam@production', '--port', '0', '--poll-interval', '0.2']);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "serving … on" line; stderr: ${stderr}`)), 20_000);
        child.stderr!.on('data', () => {
          const match = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      expect(stderr).toMatch(/serving spam\/1 on http:\/\/127\.0\.0\.1:\d+, following spam@production every 0.2 s/);
      const records = sampleRecords(3);
      const res = await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
      const body = (await res.json()) as { model: unknown; predictions: { probabilities: Record<string, number> }[] };
      expect(body.model).toEqual({ name: 'spam', version: 1 });
      const expected = v1.predictProba(titlesTable(records.map((r) => r.title)));
      expect(body.predictions[2].probabilities[v1.classes[1]]).toBe(expected[2 * 2 + 1]);

      // The alias moves through the CLI; the server follows it.
      expect((await autoflow(['registry', 'alias', 'spam', 'production', '2', '--expect', '1'])).code).toBe(0);
      const deadline = Date.now() + 10_000;
      let version = 1;
      while (version !== 2 && Date.now() < deadline) {
        version = ((await (await fetch(`${url}/v1/model`)).json()) as { version: number }).version;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(version).toBe(2);
      expect(stderr).toMatch(/spam@production moved: now serving spam\/2 \(was 1\)/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    await autoflow(['registry', 'alias', 'spam', 'production', '1']);
  });

  it('refuses an unknown model with exit code 2 and no stack trace', async () => {
    const run = await autoflow(['serve', '--model', 'spamm@production', '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no model named "spamm".*did you mean "spam"/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('autoflow score', () => {
  it('scores JSON Lines from stdin to stdout in order, with progress on stderr', async () => {
    const records = sampleRecords(40).map((r, i) => ({ id: `r${i}`, ...r }));
    const run = await autoflow(['score', '--model', 'spam@production', '--batch-size', '16', '--keep', 'id'], `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(40);
    const expected = v1.predictProba(titlesTable(records.map((r) => r.title)));
    lines.forEach((line, i) => {
      expect(line.id).toBe(`r${i}`);
      expect(line.probabilities[v1.classes[0]]).toBe(expected[i * 2]);
    });
    expect(run.stderr).toMatch(/scoring with spam\/1 \(spam@production\)/);
    expect(run.stderr).toMatch(/done: 40 records in [\d.]+ s/);
  });

  it('reads --input and writes --output files', async () => {
    await writeFile(join(dir, 'in.jsonl'), '{"title":"free cash prize"}\n\n{"title":"vintage camera"}\n');
    const run = await autoflow(['score', '-m', 'spam/2', '-i', 'in.jsonl', '-o', 'out.jsonl', '--no-progress']);
    expect(run.code).toBe(0);
    expect((await readFile(join(dir, 'out.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
    expect(run.stderr).not.toMatch(/done:/);
  });

  it('scores a CSV file (any delimiter, quoted fields) and names a bad row', async () => {
    const titles = ['free cash prize, click now', 'vintage "camera" lens', 'bitcoin winner'];
    await writeFile(join(dir, 'in.csv'), `id;title\n${titles.map((t, i) => `${i};"${t.replace(/"/g, '""')}"`).join('\n')}\n`);
    const run = await autoflow(['score', '-m', 'spam@production', '-i', 'in.csv', '--keep', 'id', '--no-progress']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const expected = v1.predictProba(titlesTable(titles));
    expect(lines.map((l) => l.id)).toEqual(['0', '1', '2']);
    lines.forEach((line, i) => expect(line.probabilities[v1.classes[0]]).toBe(expected[i * 2]));
    await writeFile(join(dir, 'bad.csv'), 'id,titel\n1,oops\n');
    const bad = await autoflow(['score', '-m', 'spam@production', '-i', 'bad.csv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.csv row 1: cannot score this record:\n\s+- field "title": missing/);
  });

  it('stops at a bad line with an error naming the line and field', async () => {
    const bad = await autoflow(['score', '--model', 'spam@production'], '{"title":"ok"}\n{"title":"ok"}\n{"titel":"typo"}\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/stdin line 3: cannot score this record:\n\s+- field "title": missing/);
    const notJson = await autoflow(['score', '--model', 'spam@production'], '{"title":"ok"}\n{oops\n');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/stdin line 2: not valid JSON/);
    expect(notJson.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('autoflow registry', () => {
  it('lists models and versions as JSON', async () => {
    const models = await autoflow(['registry', 'list', '--json']);
    expect(models.code).toBe(0);
    expect(JSON.parse(models.stdout)).toEqual({ models: [{ name: 'spam', versions: 2, latest: 2, aliases: { production: 1 } }] });
    const versions = JSON.parse((await autoflow(['registry', 'list', 'spam', '--json'])).stdout);
    expect(versions.aliases).toEqual({ production: 1 });
    expect(versions.versions.map((v: { version: number; aliases: string[] }) => [v.version, v.aliases])).toEqual([
      [1, ['production']],
      [2, []],
    ]);
  });

  it('shows a version as JSON or as a model card', async () => {
    const json = JSON.parse((await autoflow(['registry', 'show', 'spam@production', '--json'])).stdout);
    expect(json).toMatchObject({ name: 'spam', version: 1, aliases: ['production'], metrics: { f1: 0.9 } });
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['metrics.json', 'pipeline.json', 'spec.json']);
    const card = await autoflow(['registry', 'show', 'spam/2']);
    expect(card.stdout).toMatch(/^# spam — version 2/);
    expect(card.stdout).toMatch(/## Lineage/);
  });

  it('moves aliases with compare-and-swap and deletes versions only when no alias points at them', async () => {
    const set = await autoflow(['registry', 'alias', 'spam', 'staging', '2', '--expect', 'none', '--json']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ name: 'spam', alias: 'staging', version: 2, previous: null });
    const conflict = await autoflow(['registry', 'alias', 'spam', 'staging', '1', '--expect', '1']);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/alias spam@staging points at version 2, expected version 1/);
    const refused = await autoflow(['registry', 'delete', 'spam/2', '--json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot delete model spam\/2: alias spam@staging points at it/);
    const removed = await autoflow(['registry', 'alias', 'spam', 'staging', '--delete', '--json']);
    expect(JSON.parse(removed.stdout)).toEqual({ name: 'spam', alias: 'staging', version: null, previous: 2 });
    const deleted = await autoflow(['registry', 'delete', 'spam/2', '--json']);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: { name: 'spam', version: 2 } });
    expect(JSON.parse((await autoflow(['registry', 'list', '--json'])).stdout).models[0]).toMatchObject({ versions: 1, latest: 1 });
  });

  it('explains bad references and arguments with exit code 2', async () => {
    const badRef = await autoflow(['registry', 'show', 'spam/x']);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/model reference "spam\/x"/);
    const noVersion = await autoflow(['registry', 'delete', 'spam@production']);
    expect(noVersion.code).toBe(2);
    expect(noVersion.stderr).toMatch(/name the version explicitly, as NAME\/VERSION/);
    const badName = await autoflow(['registry', 'list', '../etc']);
    expect(badName.code).toBe(2);
  });
});

describe('autoflow score with a decision rule in the bundle', () => {
  it('writes labels by the stored rule and the probabilities unchanged', async () => {
    const { Pipeline } = await import('../../components/index.js');
    const { decideLabels } = await import('../../components/core/decision-rule.js');
    const rule = { kind: 'threshold' as const, class: 'spam', threshold: 0.3, objective: 'f1' as const, validation: { value: 0.9, argmaxValue: 0.8, rows: 60 } };
    const registry = new FileSystemModelRegistry(registryDir);
    await registerModel(registry, 'ruled', Pipeline.fromJSON(v1.toJSON()).setDecisionRule(rule));
    const records = sampleRecords(50);
    const run = await autoflow(['score', '--model', 'ruled'], `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const table = titlesTable(records.map((r) => r.title));
    const proba = v1.predictProba(table);
    expect(lines.map((l) => l.label)).toEqual(decideLabels(proba, v1.classes, rule));
    expect(lines.map((l) => l.label)).not.toEqual(v1.predict(table));
    lines.forEach((line, i) => expect(line.probabilities[v1.classes[1]]).toBe(proba[i * 2 + 1]));
  });
});
