import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memorySlopes } from '../../src/compare/memory-slope.js';
import type { CaseResult, Sample } from '../../src/result/types.js';

const MiB = 1024 * 1024;

function memoryCase(agents: number, side: string, rss: number[]): CaseResult {
  const [backend, variant = 'default'] = side.split(':');
  const samples = rss.map((rssBytes, round) => ({ round, repetition: round, rssBytes, throughputPerSec: 1 }) as unknown as Sample);
  return { id: `exploration/agents=${agents}/${side}`, suite: 'core', workload: 'exploration', backend: backend!, variant, params: { agents, steps: 100 }, agents, state: 'completed', samples };
}

describe('memory per additional agent', () => {
  it('is the slope over the agent counts, not total ÷ agents: a pool’s fixed price is left out', () => {
    // processes: 60 MiB for the pool, then 4 MiB per agent; threads: 20 MiB, then 1 MiB per agent (± a little noise).
    const cases = [2, 8, 32].flatMap((agents) => [
      memoryCase(agents, 'processes:advanced', [-1, 0, 1].map((noise) => (60 + 4 * agents + noise * 0.5) * MiB)),
      memoryCase(agents, 'threads', [-1, 0, 1].map((noise) => (20 + agents + noise * 0.5) * MiB)),
    ]);
    const slopes = memorySlopes(cases);
    const of = (side: string) => slopes.find((slope) => slope.side === side)!;
    assert.ok(Math.abs(of('processes:advanced').bytesPerAgent / MiB - 4) < 1e-9);
    assert.ok(Math.abs(of('threads').bytesPerAgent / MiB - 1) < 1e-9);
    assert.deepEqual(of('threads').agents, [2, 8, 32]);
    assert.ok(of('threads').ci95[0] < MiB && of('threads').ci95[1] > MiB && of('threads').ci95[1] - of('threads').ci95[0] < 0.2 * MiB);
    // total ÷ agents at 2 agents would have said 34 MiB and 11 MiB.
    assert.deepEqual(of('processes:advanced').fixed, { steps: 100 });
  });

  it('needs two agent counts', () => {
    assert.deepEqual(memorySlopes([memoryCase(4, 'threads', [1, 2, 3].map((value) => value * MiB))]), []);
  });
});
