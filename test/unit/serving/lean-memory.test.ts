// Sets V8 flags for the whole process: vitest runs each test file in its own process.
import { execFileSync } from 'node:child_process';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectGarbage, enableLeanMemory } from '../../../serving/lean-memory.js';

const newSpaceMb = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size / 2 ** 20;

/** Allocation with a high survival rate, like parsing a model's JSON: what makes V8 grow the young generation. */
const ALLOCATE_SURVIVORS = `(() => {
  const kept = [];
  for (let i = 0; i < 150; i++) {
    const batch = Array.from({ length: 20000 }, (_, j) => ({ j, s: 'term-' + i + '-' + j }));
    if (i % 3 === 0) kept.push(batch);
  }
  return kept;
})()`;
const allocateSurvivors = (): unknown[] => (0, eval)(ALLOCATE_SURVIVORS) as unknown[];

/** The same allocation in a plain Node process, without lean memory: the control. */
function newSpaceMbWithoutLeanMemory(): number {
  const script = `const v8 = require('node:v8'); globalThis.kept = ${ALLOCATE_SURVIVORS}; process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('lean memory for serving processes', () => {
  it('keeps the young generation at its initial size and exposes a full collection', () => {
    collectGarbage(); // a no-op before enableLeanMemory
    enableLeanMemory();
    const before = newSpaceMb();
    let kept: unknown[] | undefined = allocateSurvivors();
    const lean = newSpaceMb();
    expect(lean).toBeLessThanOrEqual(Math.max(before, 2));
    // Without it the same allocation grows the young generation well past that.
    expect(newSpaceMbWithoutLeanMemory()).toBeGreaterThan(lean * 2);

    const heapBefore = process.memoryUsage().heapUsed;
    kept = undefined;
    collectGarbage();
    expect(process.memoryUsage().heapUsed).toBeLessThan(heapBefore - 20 * 2 ** 20);
  });
});
