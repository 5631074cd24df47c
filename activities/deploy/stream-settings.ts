/**
 * Streaming mode of a deployment (`autoflow deploy --mode stream`, the SDK's `mode: 'stream'`,
 * a deploy watch's): its settings checked in one place, each problem naming the flag it came
 * from, so the CLI refuses bad input before starting anything and the workflow refuses an SDK
 * caller's before the check spends a test server on it.
 */
import { UserInputError } from '../../core/errors.js';
import type { DeployMode, DeployTarget, StreamDeploySettings } from '../../workflows/deploy-types.js';

export const DEPLOY_MODES: readonly DeployMode[] = ['serve', 'stream'];

export const STREAM_DEFAULTS = {
  maxOutstandingMessages: 1000,
  maxOutstandingBytes: 64 * 1024 * 1024,
  backlogPerReplica: 2000,
  minReplicas: 1,
  maxReplicas: 10,
} as const satisfies Partial<StreamDeploySettings>;

/** Records the live smoke check (./stream-smoke.ts) publishes: enough for several micro-batches' worth of decoding, few enough to take seconds. */
export const SMOKE_RECORDS = 20;

/**
 * Whether to run the smoke check: when the worker has PUBSUB_EMULATOR_HOST, unless the
 * settings say `smokeCheck: false`; `smokeCheck: true` without an emulator is an error (a real
 * project is never touched).
 */
export function smokeWanted(stream: StreamDeploySettings | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!stream || stream.smokeCheck === false) return false;
  if (env.PUBSUB_EMULATOR_HOST) return true;
  if (stream.smokeCheck) throw new UserInputError('--smoke-check needs PUBSUB_EMULATOR_HOST where the deployment runs (the worker): it creates and deletes throwaway topics, on an emulator only');
  return false;
}

/** The settings' fields with the flags that set them (for messages). */
export const STREAM_FLAGS: [keyof StreamDeploySettings, string][] = [
  ['subscription', '--subscription'],
  ['outputTopic', '--output-topic'],
  ['deadLetterTopic', '--dead-letter-topic'],
  ['project', '--project'],
  ['maxOutstandingMessages', '--max-outstanding-messages'],
  ['maxOutstandingBytes', '--max-outstanding-bytes'],
  ['backlogPerReplica', '--backlog-per-replica'],
  ['minReplicas', '--min-replicas'],
  ['maxReplicas', '--max-replicas'],
  ['smokeCheck', '--smoke-check'],
];

/** Pub/Sub's rule for subscription and topic names (as `autoflow stream` checks them): 3-255 characters, starting with a letter, not "goog". */
const SHORT_NAME = /^(?!goog)[A-Za-z][\w.~+%-]{2,254}$/;
/** Project ids: 6-30 lowercase letters, digits or hyphens, starting with a letter (domain-scoped `example.com:p` allowed). */
const PROJECT_ID = /^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** A problem with one Pub/Sub name, or null: a short name or projects/P/<kind>/NAME. */
export function pubsubNameProblem(kind: 'subscriptions' | 'topics', value: unknown): string | null {
  if (typeof value !== 'string') return `expected NAME or projects/PROJECT/${kind}/NAME, got ${JSON.stringify(value)}`;
  const full = new RegExp(`^projects/([^/]+)/${kind}/([^/]+)$`).exec(value);
  if (SHORT_NAME.test(full ? full[2] : value)) return null;
  return `${JSON.stringify(value)}: expected NAME or projects/PROJECT/${kind}/NAME (a name is 3-255 letters, digits or - _ . ~ + %, starting with a letter, not "goog")`;
}

/** The full resource name: as given when full, else under the project (null when there is none to put it under). */
export function fullPubsubName(kind: 'subscriptions' | 'topics', name: string, project: string | undefined): string | null {
  if (name.startsWith('projects/')) return name;
  return project ? `projects/${project}/${kind}/${name}` : null;
}

/** Every problem with a deployment's mode and stream settings, each naming its flag; empty when fine. */
export function deployTargetProblems(target: DeployTarget): string[] {
  const problems: string[] = [];
  const mode = target.mode ?? 'serve';
  if (!DEPLOY_MODES.includes(mode)) return [`--mode ${JSON.stringify(mode)}: expected one of ${DEPLOY_MODES.join(', ')}`];
  if (mode === 'serve') {
    if (target.stream !== undefined) problems.push(`${Object.keys(target.stream).map((k) => STREAM_FLAGS.find(([key]) => key === k)?.[1] ?? k).join(', ')}: streaming settings go with --mode stream`);
    return problems;
  }
  const s = (target.stream ?? {}) as Partial<StreamDeploySettings>;
  for (const key of Object.keys(s)) if (!STREAM_FLAGS.some(([k]) => k === key)) problems.push(`stream.${key}: unknown setting; settings: ${STREAM_FLAGS.map(([k]) => k).join(', ')}`);
  const required: [keyof StreamDeploySettings, string, 'subscriptions' | 'topics', string][] = [
    ['subscription', '--subscription', 'subscriptions', 'the Pub/Sub subscription the scorer reads'],
    ['outputTopic', '--output-topic', 'topics', 'the topic verdicts go to'],
    ['deadLetterTopic', '--dead-letter-topic', 'topics', 'the topic for inputs that fail validation'],
  ];
  for (const [key, flag, kind, what] of required) {
    if (s[key] === undefined) problems.push(`--mode stream needs ${flag} (${what})`);
    else {
      const problem = pubsubNameProblem(kind, s[key]);
      if (problem) problems.push(`${flag} ${problem}`);
    }
  }
  if (s.project !== undefined && !(typeof s.project === 'string' && PROJECT_ID.test(s.project))) problems.push(`--project ${JSON.stringify(s.project)}: expected a Google Cloud project id (6-30 lowercase letters, digits or -, starting with a letter)`);
  const positiveInt = (key: keyof StreamDeploySettings, min: number) => {
    const v = s[key];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= min)) problems.push(`${STREAM_FLAGS.find(([k]) => k === key)![1]} ${JSON.stringify(v)}: expected an integer >= ${min}`);
  };
  positiveInt('maxOutstandingMessages', 1);
  positiveInt('maxOutstandingBytes', 1);
  positiveInt('backlogPerReplica', 1);
  positiveInt('minReplicas', 0);
  positiveInt('maxReplicas', 1);
  if (s.smokeCheck !== undefined && typeof s.smokeCheck !== 'boolean') problems.push(`--smoke-check ${JSON.stringify(s.smokeCheck)}: expected true or false`);
  const min = s.minReplicas ?? STREAM_DEFAULTS.minReplicas;
  const max = s.maxReplicas ?? STREAM_DEFAULTS.maxReplicas;
  if (Number.isInteger(min) && Number.isInteger(max) && min > max) problems.push(`--min-replicas ${min} is over --max-replicas ${max}`);
  return problems;
}

/** Throws a UserInputError (exit 2 on the command line; a non-retryable failure in a workflow) listing every problem. */
export function checkDeployTarget(target: DeployTarget): void {
  const problems = deployTargetProblems(target);
  if (problems.length > 0) throw new UserInputError(problems);
}
