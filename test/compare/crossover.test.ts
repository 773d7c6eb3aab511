import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PointAnalysis } from '../../src/compare/analysis.js';
import { findCrossovers } from '../../src/compare/crossover.js';
import { recommend } from '../../src/compare/recommend.js';
import type { Comparison } from '../../src/result/types.js';

function point(agents: number, ratio: number, verdict: Comparison['verdict']): PointAnalysis {
  const params = { agents, steps: 100 };
  const comparison: Comparison = {
    workload: 'exploration', params, metric: 'throughputPerSec', a: 'threads', b: 'processes:json',
    ratio, ci95: [ratio * 0.95, ratio * 1.05], pValue: 0.01, qValue: 0.02, verdict, higherIsBetter: true,
  };
  const side = (label: string, throughput: number, perAgentBytes: number) => ({
    label, state: 'completed' as const, repetitions: 5, values: { throughputPerSec: throughput, perAgentBytes }, relative: {},
  });
  return {
    suite: 'core', workload: 'exploration', params, unit: 'agent-steps/s', latencyDefinition: 'step',
    sides: [side('threads', 100 * ratio, 8e6), side('processes:json', 100, 50e6)],
    processesSide: 'processes:json', ratios: [comparison],
  };
}

describe('crossovers and recommendations', () => {
  it('finds where the winner changes, interpolated on a log scale between the measured points', () => {
    const crossovers = findCrossovers([point(2, 1.5, 'a'), point(8, 1.2, 'a'), point(32, 0.8, 'b')]);
    const change = crossovers.find((c) => c.kind === 'winner-changes')!;
    assert.equal(change.parameter, 'agents');
    assert.deepEqual(change.between, [8, 32]);
    assert.ok(change.at > 8 && change.at < 32);
    // log(1.2) / (log(1.2) − log(0.8)) of the way from log 8 to log 32
    const t = Math.log(1.2) / (Math.log(1.2) - Math.log(0.8));
    assert.ok(Math.abs(change.at - Math.exp(Math.log(8) + t * Math.log(4))) < 1e-9);
    assert.match(change.text, /processes overtake threads above ~\d+ agents \(interpolated between 8 and 32 \(steps=100\)\)/);
  });

  it('finds where an advantage fades below 5 %', () => {
    const [fade] = findCrossovers([point(64, 1.4, 'a'), point(1024, 1.02, 'same')]);
    assert.equal(fade!.kind, 'advantage-fades');
    assert.match(fade!.text, /threads' advantage falls below 5 % at ≥ ~\d+ agents/);
  });

  it('says nothing when there is no sweep or no change', () => {
    assert.deepEqual(findCrossovers([point(2, 1.5, 'a')]), []);
    assert.deepEqual(findCrossovers([point(2, 1.5, 'a'), point(4, 1.6, 'a')]), []);
  });

  it('derives the recommendation from the figures: who won, by how much, at what memory', () => {
    const [advice] = recommend([point(2, 1.5, 'a'), point(8, 1.2, 'a'), point(32, 0.8, 'b')]);
    assert.match(advice!.text, /^Prefer worker threads: threads won 2, processes won 1, 0 the same within ±5 %, of 3 comparisons/);
    assert.match(advice!.text, /Memory per agent: threads ~7\.63 MiB, processes ~47\.7 MiB/);
    const [even] = recommend([point(2, 1.01, 'same')]);
    assert.match(even!.text, /^Threads and processes perform the same here/);
    const [open] = recommend([point(2, 1.3, 'undecided'), point(8, 1.2, 'undecided')]);
    assert.match(open!.text, /^Not decided yet: .*2 undecided/, 'an undecided point is never counted as a tie');
    const [mixed] = recommend([point(2, 1.3, 'a'), point(8, 1.0, 'undecided'), point(32, 1.0, 'undecided')]);
    assert.match(mixed!.text, /^Prefer worker threads: threads won 1, processes won 0, 0 the same within ±5 %, 2 undecided/);
  });
});
