/**
 * The spec's `deploy` section: what the deployment check holds this model's versions to
 * (latency of the test server, labels changed against the champion, records sent, tolerance).
 * It travels with each version in its lineage, so `autoflow deploy` and deploy watches apply
 * the budget the version was trained under; command-line flags override it field by field.
 * Checked when the file is read, each problem naming the field.
 */
import { closestName } from '../core/closest-name.js';

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

export const DEPLOY_SPEC_KEYS = ['maxRecords', 'tolerance', 'maxP50Ms', 'maxP99Ms', 'maxLabelChangeShare'] as const satisfies readonly (keyof DeploySettings)[];

export function checkDeployShape(raw: unknown, problems: string[]): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`deploy: expected a mapping with ${DEPLOY_SPEC_KEYS.join(', ')}`);
    return;
  }
  const d = raw as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if ((DEPLOY_SPEC_KEYS as readonly string[]).includes(key)) continue;
    const hint = closestName(key, [...DEPLOY_SPEC_KEYS]);
    problems.push(`deploy.${key}: unknown field${hint ? ` (did you mean "deploy.${hint}"?)` : ''}; fields: ${DEPLOY_SPEC_KEYS.join(', ')}`);
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
}
