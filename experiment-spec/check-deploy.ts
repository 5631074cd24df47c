/**
 * The spec's `deploy` section: what the deployment check holds this model's versions to
 * (latency of the test server, labels changed against the champion, records sent, tolerance),
 * and what the manifest runs (`mode: serve | stream`, with `stream:` the settings of
 * `autoflow deploy --mode stream`, under the names of activities/deploy/stream-settings.ts).
 * It travels with each version in its lineage, so `autoflow deploy` and deploy watches apply
 * the budget the version was trained under; command-line flags override it field by field.
 * Checked when the file is read, each problem naming the field; the streaming settings by the
 * same rules as the flags and the SDK's (deployTargetProblems).
 */
import { closestName } from '../core/closest-name.js';
import { deployTargetProblems, STREAM_FLAGS } from '../activities/deploy/stream-settings.js';
import type { DeployMode, DeployTarget, StreamDeploySettings } from '../workflows/deploy-types.js';

/** The budget of the deployment check (the fields `DeployBudget` holds). */
export interface DeploySettings {
  /** Held-out records sent over HTTP (default 5,000; all of the test split when smaller). */
  maxRecords?: number;
  /** Allowed difference between the answers over HTTP and offline (default 1e-6). */
  tolerance?: number;
  /** Single-record latency budget of the test server, milliseconds. */
  maxP50Ms?: number;
  maxP99Ms?: number;
  /** Largest share (0-1) of held-out records whose label may change against the champion. */
  maxLabelChangeShare?: number;
}

/** Streaming settings a spec may carry: all of `autoflow deploy --mode stream`'s but the smoke check, which depends on where the deployment runs (a flag only). */
export type SpecStreamSettings = Omit<StreamDeploySettings, 'smokeCheck'>;

/** The whole `deploy` section: the budget, and what the manifest runs. */
export interface DeploySection extends DeploySettings {
  /** What the manifest runs (default serve); `--mode` overrides it. */
  mode?: DeployMode;
  /** With `mode: stream`: the settings of `autoflow deploy --mode stream`; each flag overrides its field. */
  stream?: SpecStreamSettings;
}

export const DEPLOY_SPEC_KEYS = ['maxRecords', 'tolerance', 'maxP50Ms', 'maxP99Ms', 'maxLabelChangeShare'] as const satisfies readonly (keyof DeploySettings)[];
const SECTION_KEYS = [...DEPLOY_SPEC_KEYS, 'mode', 'stream'] as const satisfies readonly (keyof DeploySection)[];
/** The fields of `deploy.stream`: the streaming settings' own names. */
export const DEPLOY_STREAM_SPEC_KEYS = STREAM_FLAGS.map(([key]) => key).filter((key): key is keyof SpecStreamSettings => key !== 'smokeCheck');

/** deployTargetProblems names flags; in a spec, the fields they stand for. */
const FIELD_OF_FLAG: [RegExp, string][] = [['--mode', 'mode'] as const, ...STREAM_FLAGS.map(([key, flag]) => [flag, `stream.${key}`] as const)].map(([flag, field]) => [new RegExp(`${flag}(?![\\w-])`, 'g'), `deploy.${field}`]);
const asSpecFields = (problem: string) => FIELD_OF_FLAG.reduce((text, [flag, field]) => text.replace(flag, field), problem);

function unknownField(section: string, key: string, fields: string[]): string {
  const hint = closestName(key, fields);
  return `${section}.${key}: unknown field${hint ? ` (did you mean "${section}.${hint}"?)` : ''}; fields: ${fields.join(', ')}`;
}

/** The problems with a `deploy` section's `mode` and `stream` (the rules of the flags and the SDK), each naming its spec field. */
export function deployTargetSpecProblems(section: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { mode, stream } = section;
  if (stream !== undefined && (typeof stream !== 'object' || stream === null || Array.isArray(stream))) return [`deploy.stream: expected a mapping with ${DEPLOY_STREAM_SPEC_KEYS.join(', ')}`];
  const known: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((stream ?? {}) as Record<string, unknown>)) {
    if ((DEPLOY_STREAM_SPEC_KEYS as string[]).includes(key)) known[key] = value;
    else if (key === 'smokeCheck') problems.push('deploy.stream.smokeCheck: not a spec field: whether to run the smoke check depends on where the deployment runs (`autoflow deploy --smoke-check` / `--no-smoke-check`)');
    else problems.push(unknownField('deploy.stream', key, DEPLOY_STREAM_SPEC_KEYS));
  }
  const withStream = Object.keys(known).length > 0 || (stream !== undefined && mode === 'stream');
  if (mode === undefined && !withStream) return problems;
  const target = { mode, ...(withStream ? { stream: known } : {}) } as DeployTarget;
  return [...problems, ...deployTargetProblems(target).map(asSpecFields)];
}

export function checkDeployShape(raw: unknown, problems: string[]): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`deploy: expected a mapping with ${SECTION_KEYS.join(', ')}`);
    return;
  }
  const d = raw as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!(SECTION_KEYS as readonly string[]).includes(key)) problems.push(unknownField('deploy', key, [...SECTION_KEYS]));
  }
  const positive = (key: string) => {
    const v = d[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) problems.push(`deploy.${key}: expected a number > 0, got ${JSON.stringify(v)}`);
  };
  positive('tolerance');
  positive('maxP50Ms');
  positive('maxP99Ms');
  if (d.maxRecords !== undefined && !(Number.isInteger(d.maxRecords) && (d.maxRecords as number) >= 1)) problems.push(`deploy.maxRecords: expected an integer >= 1, got ${JSON.stringify(d.maxRecords)}`);
  const share = d.maxLabelChangeShare;
  if (share !== undefined && !(typeof share === 'number' && share >= 0 && share <= 1)) problems.push(`deploy.maxLabelChangeShare: expected a share from 0 to 1 (0.05 = 5%), got ${JSON.stringify(share)}`);
  if (typeof d.maxP50Ms === 'number' && typeof d.maxP99Ms === 'number' && d.maxP50Ms > d.maxP99Ms) problems.push(`deploy.maxP50Ms (${d.maxP50Ms}) is over deploy.maxP99Ms (${d.maxP99Ms}): the median cannot be slower than the 99th percentile`);
  problems.push(...deployTargetSpecProblems(d));
}

/**
 * The mode and streaming settings of a version's spec (its lineage's `spec.deploy`), checked
 * again by the same rules: {} when it sets none. Throws nothing; the problems come back, each
 * naming its spec field.
 */
export function specDeployTarget(spec: unknown): { target: DeployTarget; problems: string[] } {
  const section = (spec as { deploy?: unknown } | undefined)?.deploy;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return { target: {}, problems: [] };
  const { mode, stream } = section as Record<string, unknown>;
  const problems = deployTargetSpecProblems({ mode, stream });
  if (problems.length || (mode === undefined && stream === undefined)) return { target: {}, problems };
  return { target: { mode: mode as DeployMode | undefined, ...(stream === undefined ? {} : { stream: { ...(stream as SpecStreamSettings) } as StreamDeploySettings }) }, problems };
}

/**
 * Flags over the spec: the mode the flags give, else the spec's; in streaming mode the spec's
 * settings (when it says `mode: stream`) under the flags', field by field. In serve mode the
 * spec's streaming settings do not apply, and streaming flags stay the error they are.
 */
export function mergeDeployTarget(flags: DeployTarget, spec: DeployTarget): DeployTarget {
  const mode = flags.mode ?? spec.mode;
  if (mode !== 'stream') return flags;
  const fromSpec = spec.mode === 'stream' ? spec.stream : undefined;
  return { mode, stream: { ...fromSpec, ...flags.stream } as StreamDeploySettings };
}
