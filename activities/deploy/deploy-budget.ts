/**
 * What a deployment check holds a version to. The model's own spec may set a budget in its
 * `deploy` section (it travels with every version in its lineage, so a watch deploying version
 * 7 uses the budget version 7 was trained under); flags given to `autoflow deploy` or to a
 * watch override it field by field.
 */
import { DEPLOY_SPEC_KEYS as DEPLOY_BUDGET_KEYS } from '../../experiment-spec/check-deploy.js';
import type { DeployBudget } from '../../workflows/deploy-types.js';

/** The spec's `deploy` section, numbers only (the spec was checked when it was parsed; anything else is ignored). */
export function specDeployBudget(spec: unknown): DeployBudget {
  const section = (spec as { deploy?: unknown } | undefined)?.deploy;
  if (typeof section !== 'object' || section === null) return {};
  const budget: DeployBudget = {};
  for (const key of DEPLOY_BUDGET_KEYS) {
    const value = (section as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value)) budget[key] = value;
  }
  return budget;
}

/** Flags over the spec, field by field; fields neither sets are left out. */
export function mergeBudget(flags: DeployBudget, spec: DeployBudget): DeployBudget {
  const budget: DeployBudget = {};
  for (const key of DEPLOY_BUDGET_KEYS) {
    const value = flags[key] ?? spec[key];
    if (value !== undefined) budget[key] = value;
  }
  return budget;
}
