/**
 * Warm start: hand out known configurations (from a previous search, a default pipeline, a
 * colleague's guess) as the first trials, then let the wrapped sampler take over.
 *
 * A configuration may be partial: parameters it leaves out (or that become active because of
 * a value it sets) take the wrapped sampler's suggestion for that ask, or a random value when
 * that suggestion went down another branch of the space. Values it gives for
 * parameters that end up inactive are dropped. A configuration already in the history (any
 * state) is skipped, so a resumed search does not repeat it.
 */
import { conditionHolds, ConfigSet } from './active.js';
import { deriveSeed, Rng, seedRng, type RngState } from './rng.js';
import type { AskContext, AskResult, ParamValues, Sampler, SearchSpace } from './types.js';
import { assertValidSearchSpace } from './validate.js';
import { fromUnit, isValueOf } from './values.js';

export interface WarmStartState<S> {
  /** Index of the next enqueued configuration. */
  next: number;
  /** For values neither the configuration nor the wrapped sampler provides. */
  rng: RngState;
  inner: S;
}

/** Problems with an enqueued configuration against a space (unknown names, impossible values). */
export function checkConfiguration(space: SearchSpace, config: ParamValues): string[] {
  const problems: string[] = [];
  const byName = new Map(space.params.map((p) => [p.name, p] as const));
  for (const [name, v] of Object.entries(config)) {
    const p = byName.get(name);
    if (!p) problems.push(`${name}: not a parameter of the search space`);
    else if (!isValueOf(p.dist, v)) problems.push(`${name}: ${JSON.stringify(v)} is not a value of this parameter`);
  }
  return problems;
}

/** `config` completed by `fill` (else `rng`) for active parameters it leaves out; inactive keys dropped. */
function complete(space: SearchSpace, config: ParamValues, fill: () => ParamValues, rng: Rng): ParamValues {
  const out: ParamValues = {};
  const active = new Set<string>();
  let filled: ParamValues | undefined;
  for (const p of space.params) {
    if (active.has(p.name) || !conditionHolds(p, out, active)) continue;
    if (Object.prototype.hasOwnProperty.call(config, p.name)) out[p.name] = config[p.name];
    else {
      filled ??= fill();
      out[p.name] = Object.prototype.hasOwnProperty.call(filled, p.name) ? filled[p.name] : fromUnit(p.dist, rng.nextFloat());
    }
    active.add(p.name);
  }
  return out;
}

export function withWarmStart<S>(inner: Sampler<S>, configs: readonly ParamValues[]): Sampler<WarmStartState<S>> {
  const queue = configs.map((c) => ({ ...c }));
  return {
    name: inner.name,
    init(seed: number): WarmStartState<S> {
      return { next: 0, rng: seedRng(deriveSeed(seed, 'warm-start')), inner: inner.init(seed) };
    },
    ask(ctx: AskContext, state: WarmStartState<S>): AskResult<WarmStartState<S>> {
      assertValidSearchSpace(ctx.space);
      let innerState = state.inner;
      let next = state.next;
      const taken = next < queue.length ? ConfigSet.ofHistory(ctx.space, ctx.history) : undefined;
      while (next < queue.length) {
        const config = queue[next++];
        const problems = checkConfiguration(ctx.space, config);
        if (problems.length > 0) throw new Error(`warm start configuration ${next - 1}: ${problems.join('; ')}`);
        // The wrapped sampler fills gaps; its state only advances when it is asked.
        let fillState = innerState;
        const rng = Rng.fromState(state.rng);
        const params = complete(
          ctx.space,
          config,
          () => {
            const r = inner.ask(ctx, innerState);
            fillState = r.state;
            return r.params;
          },
          rng,
        );
        if (taken!.has(params)) continue;
        return { params, state: { next, rng: rng.state(), inner: fillState } };
      }
      const r = inner.ask(ctx, innerState);
      return { ...r, state: { next, rng: state.rng, inner: r.state } };
    },
  };
}
