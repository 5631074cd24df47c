/**
 * AutoFlow as a user runs it: a YAML spec with the DEFAULT search space (no `pipeline`: the
 * default space is what is being judged), `autoflow run --spec ... --json`, then
 * `autoflow score` on the later period. Both through the built CLI (bin/autoflow.js on dist/).
 *
 * Isolation (the caller's `env`): AUTOFLOW_HOME points at the bench's own work folder
 * (artifacts, registry), TEMPORAL_ADDRESS at the bench's private dev server
 * (private-server.mjs), and AUTOFLOW_TASK_QUEUE is unique per bench run.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { cliPath, distUrl } from '../product.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Whether the spec in dist/ accepts `split: { by: COLUMN }` (another part of issue #14 adds
 * it). Asked of the shape checker itself, so the bench follows whatever dist/ holds.
 */
export async function splitBySupported() {
  const { checkSpecShape } = await import(distUrl('experiment-spec/parse-spec-file.js'));
  try {
    checkSpecShape({ name: 'probe', data: { source: 'x.csv' }, target: 'y', split: { by: 't' } }, 'probe');
    return true;
  } catch {
    return false;
  }
}

/**
 * The split AutoFlow will use for this spec ({ validation, test, by?, group? }), as the SDK
 * resolves it: the fractions and rule the baselines' holdout must copy, whatever the defaults
 * in dist/ are today.
 */
export async function resolvedSplit(specFile) {
  const { parseSpecFile, resolveExperiment } = await import(distUrl('client/index.js'));
  const experiment = await resolveExperiment(await parseSpecFile(specFile), path.dirname(specFile));
  return experiment.split;
}

function yamlValue(v) {
  return JSON.stringify(v); // JSON scalars and flow mappings are valid YAML
}

/** The spec a user would write for this case. */
export function specYaml(c, { minutes, seed, splitBy }) {
  const columns = {};
  for (const t of c.columns.text) columns[t] = 'text';
  for (const n of c.columns.numeric) columns[n] = 'numeric';
  for (const k of c.columns.categorical) columns[k] = 'categorical';
  // Without an out-of-time split the date would only be a leaky feature: a user drops it.
  if (c.timeColumn && !splitBy) columns[c.timeColumn] = 'ignore';
  const lines = [
    `name: ${yamlValue(`bench-quality-${c.name}`)}`,
    `data: { source: ./earlier.jsonl }`,
    `target: ${yamlValue(c.target)}`,
    ...(c.positiveLabel ? [`positiveLabel: ${yamlValue(c.positiveLabel)}`] : []),
    `columns: ${yamlValue(columns)}`,
    `metric: ${c.metric}`,
    `seed: ${seed}`,
    ...(c.timeColumn && splitBy ? [`split: { by: ${c.timeColumn} }`] : []),
    `budget: { maxMinutes: ${minutes}, maxTrials: 100000, parallelism: 2 }`,
    `register: { model: ${yamlValue(`bench-quality-${c.name}`)} }`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI; stdout is returned, stderr goes to `logFile`. Rejects on a non-zero exit. */
function runCli(args, env, logFile) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [cliPath(), ...args], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.pipe(log);
    child.on('error', reject);
    child.on('close', (code) => {
      log.end();
      if (code === 0) resolve(out);
      else reject(new Error(`autoflow ${args[0]} exited ${code}; see ${logFile}`));
    });
  });
}

/**
 * Search on earlier.jsonl, then score later.jsonl with the registered version.
 * Returns the run's JSON summary, our own wall clock for the run, and the predictions file.
 */
export async function runAutoflow(c, caseDir, { minutes, seed, splitBy, env }) {
  const specFile = path.join(caseDir, 'spec.yaml');
  await writeFile(specFile, specYaml(c, { minutes, seed, splitBy }));
  const split = await resolvedSplit(specFile);
  const logFile = path.join(caseDir, 'autoflow.log');
  const t0 = performance.now();
  const summary = JSON.parse(await runCli(['run', '--spec', specFile, '--json'], env, logFile));
  const runSeconds = (performance.now() - t0) / 1000;
  if (!summary.model) throw new Error(`AutoFlow registered no model for ${c.name}; see ${logFile}`);
  // The run's --json names the best single trial; the registry says what was registered
  // (an ensemble of trials or that trial), with the model's own description of why.
  const version = JSON.parse(await runCli(['registry', 'show', `${summary.model.name}/${summary.model.version}`, '--json'], env, logFile));
  const registered = {
    description: version.description ?? null,
    ensemble: version.lineage?.ensemble?.map((m) => ({ trialNumber: m.trialNumber, weight: m.weight })) ?? null,
    testMetrics: version.metrics,
  };
  const predictions = path.join(caseDir, 'pred-autoflow.jsonl');
  const t1 = performance.now();
  await runCli(['score', '--model', `${summary.model.name}/${summary.model.version}`, '--input', path.join(caseDir, 'later.jsonl'), '--output', predictions, '--no-progress'], env, logFile);
  const scoreSeconds = (performance.now() - t1) / 1000;
  return { summary, registered, split, runSeconds, scoreSeconds, predictions, specFile };
}
