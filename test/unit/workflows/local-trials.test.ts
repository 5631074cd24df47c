import { describe, expect, it } from 'vitest';
import { LocalTrialPolicy, localTrialTimeoutSeconds } from '../../../workflows/local-trials.js';

/** Feeds `n` regular trials of `seconds` each. */
function remote(policy: LocalTrialPolicy, n: number, seconds: number | undefined): void {
  for (let i = 0; i < n; i++) policy.ranRemotely(seconds);
}

describe('LocalTrialPolicy', () => {
  it('runs locally only after three short regular trials in a row', () => {
    const policy = new LocalTrialPolicy(1);
    expect(policy.runLocally()).toBe(false);
    remote(policy, 2, 0.2);
    expect(policy.runLocally()).toBe(false);
    remote(policy, 1, 0.2);
    expect(policy.runLocally()).toBe(true);
  });

  it('counts a slow or failed trial against going local, and needs three short ones again', () => {
    const policy = new LocalTrialPolicy(1);
    remote(policy, 2, 0.1);
    remote(policy, 1, 1.5);
    remote(policy, 2, 0.1);
    expect(policy.runLocally()).toBe(false);
    remote(policy, 1, 0.1);
    expect(policy.runLocally()).toBe(true);
    remote(policy, 1, undefined);
    expect(policy.runLocally()).toBe(false);
  });

  it('stops running locally once a local trial fits too slowly', () => {
    const policy = new LocalTrialPolicy(0.5);
    remote(policy, 3, 0.1);
    policy.ranLocally(0.9);
    expect(policy.runLocally()).toBe(false);
  });

  it('returns to a regular activity after 50 local trials, so the workflow task ends and the UI stays live', () => {
    const policy = new LocalTrialPolicy(1);
    remote(policy, 3, 0);
    for (let i = 0; i < 50; i++) {
      expect(policy.runLocally()).toBe(true);
      policy.ranLocally(0);
    }
    expect(policy.runLocally()).toBe(false);
    remote(policy, 1, 0);
    expect(policy.runLocally()).toBe(true);
  });

  it('returns to a regular activity once local fits add up to two seconds', () => {
    const policy = new LocalTrialPolicy(1);
    remote(policy, 3, 0.6);
    policy.ranLocally(0.8);
    policy.ranLocally(0.8);
    expect(policy.runLocally()).toBe(true);
    policy.ranLocally(0.8);
    expect(policy.runLocally()).toBe(false);
  });

  it('after a failed local run, needs three short regular trials again', () => {
    const policy = new LocalTrialPolicy(1);
    remote(policy, 3, 0.1);
    policy.localRunFailed();
    expect(policy.runLocally()).toBe(false);
    remote(policy, 3, 0.1);
    expect(policy.runLocally()).toBe(true);
  });
});

describe('localTrialTimeoutSeconds', () => {
  it('is thirty times the qualifying fit, at least 30 s and at most the trial timeout', () => {
    expect(localTrialTimeoutSeconds(0.2, 30)).toBe(30);
    expect(localTrialTimeoutSeconds(5, 30)).toBe(150);
    expect(localTrialTimeoutSeconds(5, 1)).toBe(60);
  });
});
