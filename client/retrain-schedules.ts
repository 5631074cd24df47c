/**
 * Scheduled retraining over Temporal Schedules: each firing starts a `retrainModel` workflow.
 * `trigger` is "retrain now"; pause/resume keep the history; the overlap policy decides what
 * happens when a retrain is still running at the next firing (default: skip).
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleDescription, type ScheduleSummary } from '@temporalio/client';
import { UserInputError } from '../core/errors.js';
import type { RetrainInput } from '../retraining/types.js';
import type { ExperimentSpec } from '../experiment-spec/experiment-spec.js';

export const OVERLAP_POLICIES = ['skip', 'buffer-one', 'buffer-all', 'cancel-other', 'terminate-other', 'allow-all'] as const;
export type OverlapPolicyName = (typeof OVERLAP_POLICIES)[number];

export interface RetrainScheduleOptions {
  scheduleId: string;
  spec: ExperimentSpec;
  baseDir: string;
  /** Cron expressions (`0 3 * * 1` = Mondays 03:00) and/or intervals (`7d`, `12h`). */
  cron?: string[];
  every?: string[];
  timezone?: string;
  overlap?: OverlapPolicyName;
  /** How far back missed firings are caught up after an outage (e.g. `1h`). */
  catchupWindow?: string;
  paused?: boolean;
  note?: string;
}

export interface RetrainScheduleView {
  scheduleId: string;
  paused: boolean;
  note?: string;
  spec: { cron: string[]; intervals: string[]; timezone?: string };
  overlap?: string;
  nextRuns: string[];
  recentRuns: { workflowId: string; scheduledAt: string; takenAt: string }[];
  runningWorkflows: string[];
}

function overlapPolicy(name: OverlapPolicyName | undefined): ScheduleOverlapPolicy {
  const policy = (name ?? 'skip').toUpperCase().replace(/-/g, '_') as keyof typeof ScheduleOverlapPolicy;
  if (!(policy in ScheduleOverlapPolicy)) throw new UserInputError(`--overlap: expected one of ${OVERLAP_POLICIES.join(', ')}, got "${name}"`);
  return ScheduleOverlapPolicy[policy];
}

function durationMs(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new UserInputError(`${what}: expected a duration such as 30m, 12h or 7d, got "${text}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/**
 * Everything about a schedule's options that can be checked without a server: at least one
 * calendar, the durations, the overlap policy, the time zone, the shape of each cron
 * expression. Throws a UserInputError listing every problem.
 */
export function checkScheduleOptions(options: Pick<RetrainScheduleOptions, 'cron' | 'every' | 'timezone' | 'overlap' | 'catchupWindow'>): void {
  const problems: string[] = [];
  const attempt = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      problems.push((e as Error).message);
    }
  };
  const cron = options.cron ?? [];
  const every = options.every ?? [];
  if (cron.length === 0 && every.length === 0) problems.push('a schedule needs --cron EXPR or --every DURATION');
  for (const e of every) attempt(() => durationMs(e, '--every'));
  if (options.catchupWindow) attempt(() => durationMs(options.catchupWindow!, '--catchup-window'));
  attempt(() => overlapPolicy(options.overlap));
  if (options.timezone !== undefined && !isTimeZone(options.timezone)) problems.push(`--timezone: unknown time zone "${options.timezone}" (IANA names such as Europe/Berlin or Asia/Tokyo)`);
  for (const expr of cron) {
    const fields = expr.trim().split(/\s+/);
    if (!expr.trim().startsWith('@') && (fields.length < 5 || fields.length > 7)) problems.push(`--cron: "${expr}" is not a cron expression (minute hour day-of-month month day-of-week, e.g. "0 3 * * 1")`);
  }
  if (problems.length) throw new UserInputError(problems, 'invalid schedule');
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export class RetrainSchedules {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    /** Why retrains in this namespace must run without AutoFlow's search attributes (checked when a schedule is created). */
    private readonly searchAttributesNotice: () => Promise<string | undefined> = async () => undefined,
  ) {}

  async create(options: RetrainScheduleOptions): Promise<void> {
    checkScheduleOptions(options);
    const cron = options.cron ?? [];
    const every = options.every ?? [];
    const notice = await this.searchAttributesNotice();
    const input: RetrainInput = { spec: options.spec, baseDir: resolve(options.baseDir), ...(notice ? { withoutSearchAttributes: notice } : {}) };
    try {
      await this.client.schedule.create({
        scheduleId: options.scheduleId,
        spec: {
          cronExpressions: cron,
          intervals: every.map((e) => ({ every: durationMs(e, '--every') })),
          timezone: options.timezone,
        },
        action: {
          type: 'startWorkflow',
          workflowType: 'retrainModel',
          // The schedule appends the firing time, so every retrain has its own id.
          workflowId: `${options.scheduleId}-retrain`,
          taskQueue: this.taskQueue,
          args: [input],
          staticSummary: `Scheduled retrain of ${options.spec.name}`,
        },
        policies: {
          overlap: overlapPolicy(options.overlap),
          ...(options.catchupWindow ? { catchupWindow: durationMs(options.catchupWindow, '--catchup-window') } : {}),
        },
        state: { paused: options.paused ?? false, note: options.note },
      });
    } catch (e) {
      if ((e as Error).name === 'ScheduleAlreadyRunning') throw new UserInputError(`a schedule with id ${options.scheduleId} already exists`);
      throw e;
    }
  }

  async list(): Promise<ScheduleSummary[]> {
    const out: ScheduleSummary[] = [];
    for await (const s of this.client.schedule.list()) if (s.action?.type === 'startWorkflow' && s.action.workflowType === 'retrainModel') out.push(s);
    return out;
  }

  private handle(scheduleId: string) {
    return this.client.schedule.getHandle(scheduleId);
  }

  private async guard<T>(scheduleId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof ScheduleNotFoundError) throw new UserInputError(`no schedule with id ${scheduleId} (see \`autoflow schedule list\`)`);
      throw e;
    }
  }

  describe(scheduleId: string): Promise<RetrainScheduleView> {
    return this.guard(scheduleId, async () => view(await this.handle(scheduleId).describe()));
  }

  pause(scheduleId: string, note?: string): Promise<void> {
    return this.guard(scheduleId, () => this.handle(scheduleId).pause(note));
  }

  resume(scheduleId: string, note?: string): Promise<void> {
    return this.guard(scheduleId, () => this.handle(scheduleId).unpause(note));
  }

  /** Retrain now, whatever the calendar says (the overlap policy still applies). */
  trigger(scheduleId: string): Promise<void> {
    return this.guard(scheduleId, () => this.handle(scheduleId).trigger(ScheduleOverlapPolicy.ALLOW_ALL));
  }

  delete(scheduleId: string): Promise<void> {
    return this.guard(scheduleId, () => this.handle(scheduleId).delete());
  }
}

function view(d: ScheduleDescription): RetrainScheduleView {
  const spec = d.spec as { cronExpressions?: string[]; intervals?: { every: unknown }[]; timezone?: string; calendars?: unknown[] };
  return {
    scheduleId: d.scheduleId,
    paused: d.state.paused,
    note: d.state.note,
    spec: { cron: spec.cronExpressions ?? [], intervals: (spec.intervals ?? []).map((i) => String(i.every)), timezone: spec.timezone },
    overlap: d.policies.overlap,
    nextRuns: d.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString()),
    recentRuns: d.info.recentActions.slice(-10).map((a) => ({
      workflowId: a.action.type === 'startWorkflow' ? a.action.workflow.workflowId : '',
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
    })),
    runningWorkflows: d.info.runningActions.map((a) => a.workflow.workflowId),
  };
}

export function retrainIdFor(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-retrain-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
}
