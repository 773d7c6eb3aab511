import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHistogram, recordMs } from '../../src/kernel/histogram.js';
import { BatchAccumulator, STEADY_BATCHES, SteadyState, interleaveRuns } from '../../src/runner/batch.js';
import { batchFor } from '../../src/runner/run-group.js';
import { mayGoOn, pickRevisit, revisitCostMs, visitAllowanceMs, type RevisitCandidate } from '../../src/runner/schedule.js';
import type { Repetition } from '../../src/workloads/types.js';

describe('warm-up until steady', () => {
  const feed = (rates: number[]): SteadyState => {
    const state = new SteadyState();
    for (const rate of rates) state.add(rate, 100);
    return state;
  };

  it('is steady only after STEADY_BATCHES batches in a row bring no new best by more than 5 %', () => {
    assert.equal(STEADY_BATCHES, 2);
    assert.equal(feed([100]).steady, false, 'one batch says nothing');
    assert.equal(feed([100, 103]).steady, false);
    assert.equal(feed([100, 103, 98]).steady, true);
    assert.equal(feed([100, 103, 98]).wallMs, 300);
  });

  it('keeps warming while throughput still climbs, as a heap or JIT warming up does', () => {
    // A ramp like a 64 KiB stream over IPC: each batch faster than the best before by more than 5 %.
    assert.equal(feed([25, 34, 43, 45, 51]).steady, false);
    assert.equal(feed([25, 34, 43, 45, 51, 42, 48]).steady, true);
  });

  it('ignores a batch that timed nothing', () => {
    assert.equal(feed([0, 0, 0]).steady, false);
  });
});

describe('calibrated repetitions', () => {
  it('grows a repetition to at least the target time, and never below one run', () => {
    assert.equal(batchFor(12, 100), 9);
    assert.equal(batchFor(250, 100), 1);
    assert.equal(batchFor(0.001, 100), 100_000, 'capped');
    assert.equal(batchFor(5, 0), 1, 'a target of 0 turns calibration off');
  });

  it('adds operations and durations, merges latencies, sums counters, averages figures, and insists on one checksum', async () => {
    let calls = 0;
    const once = async (): Promise<Repetition> => {
      calls++;
      const latency = createHistogram();
      recordMs(latency, calls);
      return { operations: 10, durationMs: 5, latency, checksum: 'abc', metrics: { errors: 1, communicationShare: calls / 10 } };
    };
    // A repetition of 3 runs back to back, as the runner batches them.
    const accumulate = async (run: () => Promise<Repetition>, runs: number): Promise<Repetition> => {
      const total = new BatchAccumulator();
      for (let index = 0; index < runs; index++) total.add(await run());
      return total.result();
    };
    const batch = await accumulate(once, 3);
    assert.equal(calls, 3);
    assert.equal(batch.operations, 30);
    assert.equal(batch.durationMs, 15);
    assert.equal(batch.latency.totalCount, 3);
    assert.equal(batch.metrics!.errors, 3, 'counters add up');
    assert.ok(Math.abs(batch.metrics!.communicationShare! - 0.2) < 1e-12, 'figures are averaged');
    let n = 0;
    const drifting = async (): Promise<Repetition> => ({ operations: 1, durationMs: 1, latency: createHistogram(), checksum: String(n++) });
    await assert.rejects(accumulate(drifting, 2), /checksum 1 of run 2 of the batch differs/);
  });
});

describe('interleaved rounds', () => {
  it('spreads the runs of every side evenly over the round instead of running the sides one after another', () => {
    assert.deepEqual(interleaveRuns([1, 1, 1]), [0, 1, 2], 'one run each: the round order');
    assert.deepEqual(interleaveRuns([2, 2]), [0, 1, 0, 1]);
    // A side of 4 runs around a side of 1 that sits in the middle of the round.
    assert.deepEqual(interleaveRuns([4, 1]), [0, 0, 1, 0, 0]);
    const order = interleaveRuns([3, 5, 1]);
    assert.equal(order.length, 9);
    assert.deepEqual([0, 1, 2].map((side) => order.filter((item) => item === side).length), [3, 5, 1]);
  });
});

describe('where the budget goes', () => {
  it('returns to the point cheapest to finish, skips one that cannot converge within its round limit, and stops when nothing fits', () => {
    const candidate = (index: number, rounds: number, roundsNeeded: number, roundMs: number): RevisitCandidate => ({
      index,
      rounds,
      roundsNeeded,
      maxRounds: 30,
      openMs: 500,
      roundMs,
    });
    const cheap = candidate(1, 10, 12, 400);
    const dear = candidate(2, 10, 25, 400);
    const hopeless = candidate(3, 10, 200, 50);
    assert.equal(revisitCostMs(cheap), 500 + 2 * 400);
    assert.equal(pickRevisit([dear, hopeless, cheap], 20_000), cheap);
    assert.equal(pickRevisit([dear, hopeless], 20_000), dear);
    assert.equal(pickRevisit([dear, cheap], 100), undefined);
    // Nothing can finish: the one closest to its target gets a share of the time.
    const far = candidate(4, 10, 300, 400);
    const nearer = candidate(5, 10, 100, 400);
    assert.equal(pickRevisit([far, nearer], 5000), nearer);
    assert.equal(visitAllowanceMs(cheap, 3, 20_000), revisitCostMs(cheap) * 1.5, 'a point that fits gets its cost, with slack');
    assert.equal(visitAllowanceMs(nearer, 4, 20_000), 5000, 'one that cannot finish gets an equal share of what is left');
    assert.equal(visitAllowanceMs(nearer, 100, 20_000), 500 + 3 * 400, 'but at least enough to re-open and add three rounds');
  });
});

describe('how long a visit samples', () => {
  // A share until 6 s, up to 20 s for a point that finishes by then; rounds of 1 s.
  const allowance = { untilMs: 6000, finishByMs: 20_000 };
  const point = (rounds: number, roundsNeeded: number[], maxRounds = 40) => ({ rounds, roundMs: 1000, maxRounds, roundsNeeded });

  it('goes on within its share whatever its prediction', () => {
    assert.equal(mayGoOn(allowance, 4000, point(5, [500])), true);
    assert.equal(mayGoOn(allowance, 5000, point(6, [Infinity])), true);
  });

  it('goes past its share only when every headline ratio is predicted to finish by the longer limit', () => {
    assert.equal(mayGoOn(allowance, 7000, point(8, [20])), true, '12 rounds left end at 19 s');
    assert.equal(mayGoOn(allowance, 7000, point(8, [20, 25])), false, 'the second ratio needs 17 more, to 24 s');
    assert.equal(mayGoOn(allowance, 7000, point(8, [22])), false, '14 rounds left end at 21 s');
    assert.equal(mayGoOn(allowance, 19_500, point(20, [21])), false, 'no round fits after the limit');
  });

  it('never goes past its share for a ratio that needs more than maxRounds, or when no ratio can be read', () => {
    assert.equal(mayGoOn(allowance, 7000, point(8, [12], 10)), false);
    assert.equal(mayGoOn(allowance, 7000, point(8, [])), false);
  });
});
