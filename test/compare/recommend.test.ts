import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PointAnalysis } from '../../src/compare/analysis.js';
import { recommend } from '../../src/compare/recommend.js';
import type { Comparison } from '../../src/result/types.js';

/** A point where inline ran 100× the pools' throughput, with a decided threads/processes ratio. */
function point(workload: string): PointAnalysis {
  const ratio = { metric: 'throughputPerSec', ratio: 1.5, verdict: 'a' } as Comparison;
  const side = (label: string, throughputPerSec: number) => ({ label, state: 'completed' as const, repetitions: 5, values: { throughputPerSec }, relative: {} });
  return {
    suite: 'core',
    workload,
    params: { payloadBytes: 1024 },
    unit: 'messages/s',
    latencyDefinition: '',
    sides: [side('inline', 1_000_000), side('threads', 15_000), side('processes:advanced', 10_000)],
    ratios: [ratio],
  };
}

describe('recommendations about one event loop', () => {
  it('say what inline means where its speed is a real choice', () => {
    const [recommendation] = recommend([point('exploration')]);
    assert.match(recommendation!.text, /One event loop \(inline: every agent on the orchestrator's thread, nothing copied between them\) was fastest at 1 of 1 point/);
  });

  it('leave inline out of messaging, where it hands messages over by reference and crosses no boundary', () => {
    const [recommendation] = recommend([point('messaging')]);
    assert.match(recommendation!.text, /^Prefer worker threads/);
    assert.doesNotMatch(recommendation!.text, /event loop/);
  });
});
