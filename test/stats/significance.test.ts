import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../src/kernel/random.js';
import { compareSamples } from '../../src/stats/compare.js';
import { median, quantileSorted, spread } from '../../src/stats/descriptive.js';
import { bootstrapRatioCi, mannWhitneyU, normalCdf, rank } from '../../src/stats/significance.js';

describe('descriptive statistics', () => {
  it('computes medians, type-7 quantiles and a robust spread', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(quantileSorted([1, 2, 3, 4, 5], 0.9), 4.6);
    const s = spread([10, 10, 10, 10, 50]);
    assert.equal(s.median, 10);
    assert.equal(s.relativeMad, 0, 'one outlier does not move the median absolute deviation');
    assert.ok(s.cv > 0.5);
  });
});

describe('Mann-Whitney U', () => {
  it('ranks ties by their average position', () => {
    assert.deepEqual(rank([10, 20, 20, 30]), [1, 2.5, 2.5, 4]);
  });

  it('gives the exact textbook p for fully separated samples of 5 and 5: 2 / C(10, 5)', () => {
    const { u, pValue } = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    assert.equal(u, 0);
    assert.ok(Math.abs(pValue - 2 / 252) < 1e-12);
  });

  it('matches the exact table value for n = 5 and 4 with U = 3 (p = 14/126)', () => {
    const { u, pValue } = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    assert.equal(u, 17);
    assert.ok(Math.abs(pValue - 14 / 126) < 1e-12);
  });

  it('uses the normal approximation for large samples: separated data are highly significant, shuffled data are not', () => {
    const low = Array.from({ length: 30 }, (_, i) => i);
    const high = low.map((value) => value + 100);
    assert.ok(mannWhitneyU(low, high).pValue < 1e-6);
    const evens = low.filter((value) => value % 2 === 0);
    const odds = low.filter((value) => value % 2 === 1);
    assert.ok(mannWhitneyU([...evens, ...evens], [...odds, ...odds]).pValue > 0.5);
  });

  it('has a normal CDF accurate to the fourth decimal', () => {
    assert.ok(Math.abs(normalCdf(1.96) - 0.975) < 1e-4);
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-9);
    assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-4);
  });
});

describe('ratio confidence interval and verdict', () => {
  const noisy = (random: Random, centre: number, n: number): number[] =>
    Array.from({ length: n }, () => centre * Math.exp((random.next() - 0.5) * 0.1));

  it('covers the true ratio in nearly every synthetic experiment with a known 1.5× difference', () => {
    const random = new Random(2024);
    let covered = 0;
    const experiments = 60;
    for (let i = 0; i < experiments; i++) {
      const [lo, hi] = bootstrapRatioCi(noisy(random, 150, 10), noisy(random, 100, 10), 1000, i + 1);
      if (lo <= 1.5 && 1.5 <= hi) covered++;
    }
    assert.ok(covered / experiments >= 0.85, `covered ${covered} of ${experiments}`);
  });

  it('calls a clear, repeated difference for the better side, direction-aware', () => {
    const random = new Random(7);
    const fast = noisy(random, 150, 8);
    const slow = noisy(random, 100, 8);
    assert.equal(compareSamples(fast, slow, true).verdict, 'a');
    assert.equal(compareSamples(fast, slow, false).verdict, 'b', 'for a latency, higher is worse');
  });

  it('calls an identical pair "same" only because its whole interval lies within ±5 %', () => {
    const values = [100, 101, 99, 100, 102, 98];
    const identical = compareSamples(values, values, true);
    assert.equal(identical.verdict, 'same');
    assert.match(identical.note!, /within ±5/);
  });

  it('calls a wide interval that includes 1 "undecided", never "same"', () => {
    const random = new Random(3);
    const a = noisy(random, 100, 6).map((value, i) => value * (i % 2 ? 1.4 : 0.7));
    const b = noisy(random, 100, 6);
    const result = compareSamples(a, b, true);
    assert.ok(result.ci95[0] < 0.95 && result.ci95[1] > 1.05, `interval ${result.ci95}`);
    assert.equal(result.verdict, 'undecided');
    assert.match(result.note!, /includes 1/);
  });

  it('refuses to call a winner from too few repetitions, and says why', () => {
    const result = compareSamples([200, 210], [100, 105], true);
    assert.equal(result.verdict, 'undecided');
    assert.match(result.note!, /too few repetitions/);
  });
});
