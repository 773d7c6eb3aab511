import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../src/kernel/random.js';
import { comparePaired, compareSamples } from '../../src/stats/compare.js';
import { MIN_PAIRED_ROUNDS, pairedRatio, roundsForHalfWidth } from '../../src/stats/paired.js';

/** A normal deviate from two uniforms (Box-Muller), so the synthetic noise is what timing noise looks like on a log scale. */
function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/**
 * One synthetic experiment: `rounds` rounds in which side a runs `ratio` times
 * as fast as side b. Each round has a shared disturbance (drift, another
 * process) that slows both sides alike, plus each side's own smaller noise.
 */
function experiment(random: Random, rounds: number, ratio: number, sharedSd: number, ownSd: number): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const shared = sharedSd * gaussian(random);
    a.push(1000 * ratio * Math.exp(shared + ownSd * gaussian(random)));
    b.push(1000 * Math.exp(shared + ownSd * gaussian(random)));
  }
  return [a, b];
}

describe('paired ratios over rounds', () => {
  for (const rounds of [MIN_PAIRED_ROUNDS, 10, 20]) {
    it(`covers the true ratio in ≥ 93 % of 1000 seeded experiments with shared noise (${rounds} rounds, as quick uses)`, () => {
      const random = new Random(rounds * 101);
      let covered = 0;
      const experiments = 1000;
      for (let i = 0; i < experiments; i++) {
        const [a, b] = experiment(random, rounds, 1.3, 0.15, 0.04);
        const { ci95 } = pairedRatio(a, b);
        if (ci95[0] <= 1.3 && 1.3 <= ci95[1]) covered++;
      }
      assert.ok(covered / experiments >= 0.93, `covered ${covered} of ${experiments}`);
    });
  }

  it('gives a narrower interval than the unpaired one on the same data when rounds share their noise', () => {
    const random = new Random(11);
    let narrower = 0;
    const experiments = 200;
    for (let i = 0; i < experiments; i++) {
      const [a, b] = experiment(random, 8, 1.1, 0.15, 0.03);
      const paired = pairedRatio(a, b);
      const unpaired = compareSamples(a, b, true);
      if (paired.halfWidth < unpaired.halfWidth) narrower++;
    }
    assert.ok(narrower / experiments >= 0.95, `paired was narrower in ${narrower} of ${experiments}`);
  });

  it('reports the geometric mean of the per-round ratios, a t interval that agrees with its p, and a Wilcoxon p beside it', () => {
    const a = [110, 220, 330, 105, 209, 330];
    const b = [100, 200, 300, 100, 200, 300];
    const result = pairedRatio(a, b);
    const logs = a.map((value, i) => Math.log(value / b[i]!));
    assert.ok(Math.abs(result.ratio - Math.exp(logs.reduce((x, y) => x + y) / logs.length)) < 1e-12);
    assert.ok(result.ci95[0] > 1 && result.pValue < 0.05, 'interval excludes 1 exactly when p < 0.05');
    assert.ok(Math.abs(result.wilcoxonP - 2 / 64) < 1e-3, `six positive differences: exact two-sided p = 2/64, got ${result.wilcoxonP}`);
    assert.equal(result.rounds, 6);
  });

  it('decides "same" when every round agrees within a hair, "undecided" when rounds disagree, and a winner when they agree on 20 %', () => {
    const random = new Random(5);
    const [sameA, sameB] = experiment(random, 12, 1.0, 0.2, 0.005);
    assert.equal(comparePaired(sameA, sameB, true).verdict, 'same');
    const [wideA, wideB] = experiment(random, 6, 1.0, 0.1, 0.2);
    const wide = comparePaired(wideA, wideB, true);
    assert.equal(wide.verdict, 'undecided');
    assert.match(wide.note!, /needs about \d+ rounds/);
    const [winA, winB] = experiment(random, 8, 1.2, 0.2, 0.02);
    assert.equal(comparePaired(winA, winB, true).verdict, 'a');
    assert.equal(comparePaired(winA, winB, false).verdict, 'b', 'for a latency, higher is worse');
  });

  it('predicts the rounds a target needs from the round-to-round noise, t quantile included', () => {
    assert.equal(roundsForHalfWidth(0.001, 0.05), MIN_PAIRED_ROUNDS);
    const n = roundsForHalfWidth(0.1, 0.05);
    // t(0.975, n−1) · 0.1 / √n ≤ ln 1.05 ≈ 0.0488 needs n ≈ 19.
    assert.ok(n >= 18 && n <= 21, `${n}`);
    assert.ok(roundsForHalfWidth(0.2, 0.02) > roundsForHalfWidth(0.2, 0.05));
  });
});
