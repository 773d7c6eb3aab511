import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseRun } from '../../src/compare/analysis.js';
import { compareWithinRun, headlineProcesses } from '../../src/compare/within-run.js';
import type { CaseResult, Sample } from '../../src/result/types.js';
import { Random } from '../../src/kernel/random.js';

/** A completed case whose round r has throughput level × noise(r): seeded, so every run of the test sees the same data. */
function synthetic(workload: string, params: Record<string, number>, side: string, level: number, seed: number, rounds = 10): CaseResult {
  const [backend, variant = 'default'] = side.split(':');
  const random = new Random(seed);
  const samples: Sample[] = Array.from({ length: rounds }, (_, round) => {
    const throughput = level * Math.exp((random.next() - 0.5) * 0.1);
    return {
      repetition: round, round, order: round, operations: throughput, durationMs: 1000, throughputPerSec: throughput,
      latencyMs: { p50: 1, p95: 2, p99: 3 }, latencyHistogram: '', checksum: 'c', cpuPercent: 100, eventLoopUtilization: 1,
      rssBytes: 1e8, pssBytes: null, metrics: {},
    };
  });
  return { id: `${workload}/${side}`, suite: 'core', workload, backend: backend!, variant, params, agents: 1, state: 'completed', samples };
}

describe('comparisons within a run', () => {
  it('declares the headline processes side in advance: advanced when it ran, whatever the medians say', () => {
    assert.equal(headlineProcesses(['inline', 'threads', 'processes:json', 'processes:advanced']), 'processes:advanced');
    assert.equal(headlineProcesses(['threads', 'processes:json']), 'processes:json');
    assert.equal(headlineProcesses(['threads', 'inline']), undefined);
    // json is clearly faster than advanced here; picking the faster one would be the winner's curse.
    const cases = [
      synthetic('exploration', { agents: 8 }, 'threads', 100, 1),
      synthetic('exploration', { agents: 8 }, 'processes:json', 120, 2),
      synthetic('exploration', { agents: 8 }, 'processes:advanced', 80, 3),
    ];
    const comparisons = compareWithinRun(cases);
    const headline = comparisons.filter((comparison) => comparison.headline);
    assert.deepEqual(headline.map((comparison) => comparison.b), ['processes:advanced']);
    assert.ok(comparisons.some((comparison) => comparison.b === 'processes:json' && comparison.metric === 'throughputPerSec' && !comparison.headline));
    const [point] = analyseRun({ cases, comparisons, complete: true }).points;
    assert.equal(point!.processesSide, 'processes:advanced');
  });

  it("corrects per workload: a workload's q-values and verdicts do not change with the other workloads of the run", () => {
    const exploration = [4, 8, 16].flatMap((agents, index) => [
      synthetic('exploration', { agents }, 'threads', 100, 10 + index),
      synthetic('exploration', { agents }, 'processes:advanced', 100 * (1 + 0.03 * index), 20 + index),
    ]);
    // Many clear wins elsewhere would lower exploration's q-values if the family were the whole run.
    const messaging = [64, 1024, 65536, 1048576].flatMap((payloadBytes, index) => [
      synthetic('messaging', { payloadBytes }, 'threads', 300, 30 + index),
      synthetic('messaging', { payloadBytes }, 'processes:advanced', 100, 40 + index),
    ]);
    const alone = compareWithinRun(exploration).filter((comparison) => comparison.metric === 'throughputPerSec');
    const together = compareWithinRun([...exploration, ...messaging]).filter(
      (comparison) => comparison.metric === 'throughputPerSec' && comparison.workload === 'exploration',
    );
    assert.equal(together.length, alone.length);
    assert.deepEqual(
      together.map((comparison) => [comparison.b, comparison.qValue, comparison.verdict]),
      alone.map((comparison) => [comparison.b, comparison.qValue, comparison.verdict]),
    );
    // …and the correction is real within the workload: the smallest p is adjusted upwards.
    const headline = alone.filter((comparison) => comparison.headline);
    assert.ok(headline.some((comparison) => comparison.qValue > comparison.pValue));
  });
});
