import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseRun } from '../../src/compare/analysis.js';
import type { BudgetRecord, Comparison, PointRecord, RunResult } from '../../src/result/types.js';
import { decisionLines } from '../../src/report/console.js';

/** A headline threads/processes ratio with the given half-width and rounds. */
function ratio(workload: string, halfWidth: number, rounds: number): Comparison {
  return {
    workload,
    params: { agents: 4 },
    metric: 'throughputPerSec',
    a: 'threads',
    b: 'processes:advanced',
    ratio: 1.2,
    ci95: [1.2 / (1 + halfWidth), 1.2 * (1 + halfWidth)],
    pValue: 0.01,
    qValue: 0.01,
    verdict: halfWidth <= 0.05 ? 'a' : 'undecided',
    higherIsBetter: true,
    rounds,
    halfWidth,
    converged: halfWidth <= 0.05,
    headline: true,
  };
}

function record(workload: string, rounds: number, seconds: number, roundsNeeded: number | null, ratioCv: number | null): PointRecord {
  return {
    id: `${workload}/agents=4`,
    workload,
    params: { agents: 4 },
    rounds,
    roundsDisturbed: 0,
    batch: {},
    seconds,
    openSeconds: 1,
    halfWidth: null,
    converged: false,
    ratioCv,
    roundsNeeded,
    stoppedBy: 'budget',
  } as PointRecord;
}

const BUDGET: BudgetRecord = { budgetSeconds: 110, targetHalfWidth: 0.05, repetitionMs: 80, minRounds: 5, maxRounds: 80, usedSeconds: 108, decided: 1, headline: 4 };

function run(points: PointRecord[], comparisons: Comparison[], extra: Partial<RunResult> = {}): ReturnType<typeof analyseRun> {
  return analyseRun({ cases: [], comparisons, complete: true, points, budget: BUDGET, ...extra });
}

describe('what a run decided, and what the rest would take', () => {
  const comparisons = [ratio('decided', 0.04, 20), ratio('reachable', 0.1, 20), ratio('beyond', 0.12, 20), ratio('single', Infinity, 1)];
  const points = [
    record('decided', 20, 5, 20, 0.08),
    // 20 rounds in 11 s, 1 s of it opening the pools: 40 more rounds at 0.5 s each.
    record('reachable', 20, 11, 60, 0.15),
    // 320 rounds needed, 80 allowed: ±5 % × √(320/80) = ±10 % is what the limit allows.
    record('beyond', 20, 4, 320, 0.35),
    // One round: no noise to estimate from; the sampler's placeholder is not an estimate.
    record('single', 1, 2, 10_000, null),
  ];

  it('counts the decided ratios and prices each open one from its own rounds', () => {
    const { decision } = run(points, comparisons);
    assert.equal(decision.decided, 1);
    assert.equal(decision.headline, 4);
    const byLabel = new Map(decision.open.map((item) => [item.label.trim(), item]));
    assert.equal(byLabel.get('reachable agents=4')!.moreSeconds, 20);
    assert.equal(byLabel.get('reachable agents=4')!.beyond, null);
    assert.equal(byLabel.get('beyond agents=4')!.moreSeconds, null);
    assert.deepEqual(byLabel.get('beyond agents=4')!.beyond, { maxRounds: 80, reachableHalfWidth: 0.1 });
    assert.equal(byLabel.get('single agents=4')!.roundsNeeded, null);
    // The run's 108 s and the one ratio within reach: 128 s, rounded up to 130.
    assert.deepEqual(decision.budgetForAll, { seconds: 130, ratios: 1 });
  });

  it('says which need more time, which a wider target, and what one run would need for those within reach', () => {
    const lines = decisionLines(run(points, comparisons).decision);
    assert.match(lines[0]!, /^Decided: 1 of 4 threads\/processes throughput ratios to within ±5\.0%/);
    assert.ok(lines.some((line) => /reachable agents=4 .*needs about 60 rounds \(~20 s more: --budget or --target-ci\)/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => /beyond agents=4 .*needs about 320 rounds, more than the 80 a point may take: about ±10% is within reach \(--target-ci 10%\)/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => /single agents=4 .*no interval after 1 rounds$/.test(line)), lines.join('\n'));
    assert.ok(lines.includes("  the 1 within reach, at this run's noise: about 130 s in one run (--budget 130s)"), lines.join('\n'));
  });

  it('names the points the budget left out beside the count', () => {
    const lines = decisionLines(run(points, comparisons, { leftOut: ['websocket/connections=100'] }).decision);
    assert.match(lines[0]!, /undecided; 1 point\(s\) left out to fit the budget, not counted\.$/);
  });

  it('gives no budget to a run without one', () => {
    assert.equal(run(points, comparisons, { budget: { ...BUDGET, budgetSeconds: 0 } }).decision.budgetForAll, null);
  });
});
