import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PointAnalysis } from '../../src/compare/analysis.js';
import { scalingSweeps } from '../../src/compare/scaling.js';
import { renderScaling } from '../../src/report/scaling.js';
import { loadScenario } from '../../src/scenario/load.js';
import { planScenario, poolSweep } from '../../src/scenario/plan.js';

function point(poolSize: number, inline: number, threads: number, processes: number): PointAnalysis {
  const side = (label: string, throughput: number) => ({ label, state: 'completed' as const, repetitions: 5, values: { throughputPerSec: throughput }, relative: {} });
  return {
    suite: 'core', workload: 'exploration', params: { agents: 8, steps: 100, poolSize }, unit: 'agent-steps/s', latencyDefinition: 'step',
    sides: [side('inline', inline), side('threads', threads), side('processes:advanced', processes)], processesSide: 'processes:advanced', ratios: [],
  };
}

describe('scaling with pool size', () => {
  it('"poolSize": "sweep" is 1, 2, 4, … up to the CPUs, that number included', () => {
    assert.deepEqual(poolSweep(1), [1]);
    assert.deepEqual(poolSweep(2), [1, 2]);
    assert.deepEqual(poolSweep(6), [1, 2, 4, 6]);
    assert.deepEqual(poolSweep(16), [1, 2, 4, 8, 16]);
    const { scenario } = loadScenario('full');
    const swept = planScenario(scenario, { filter: 'exploration agents=32 steps=2000' }).groups.map((group) => group.params.poolSize);
    assert.deepEqual(swept, poolSweep(planScenario(scenario).poolSize), 'full sweeps the pool size of its scaling points');
  });

  it('speed-up is throughput over inline’s at the same point, efficiency is speed-up over pool size', () => {
    const [sweep] = scalingSweeps([point(4, 100, 300, 200), point(1, 100, 90, 80), point(2, 100, 180, 150)]);
    assert.ok(sweep);
    assert.deepEqual(sweep.fixed, { agents: 8, steps: 100 });
    assert.deepEqual(sweep.rows.map((row) => row.poolSize), [1, 2, 4]);
    assert.deepEqual(sweep.rows.map((row) => row.speedup.threads), [0.9, 1.8, 3]);
    assert.deepEqual(sweep.rows.map((row) => row.efficiency['processes:advanced']), [0.8, 0.75, 0.5]);
    const text = renderScaling([sweep]);
    assert.match(text, /exploration agents=8 steps=100/);
    assert.match(text, /^ +4 +3\.00× +2\.00× +75 % +50 %/m);
  });

  it('needs two pool sizes and an inline side', () => {
    assert.deepEqual(scalingSweeps([point(2, 100, 180, 150)]), []);
    const noInline = [point(1, 100, 90, 80), point(2, 100, 180, 150)].map((item) => ({ ...item, sides: item.sides.filter((side) => side.label !== 'inline') }));
    assert.deepEqual(scalingSweeps(noInline), []);
  });
});
