import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../src/kernel/random.js';
import { geometricMean, mean, quantileSorted, quartiles, sorted, variance } from '../../src/stats/descriptive.js';
import { pairedRatio, roundRatios } from '../../src/stats/paired.js';

/** Seeded rates like a bench's rounds: positive, a few percent apart. */
function rates(seed: number, count: number): number[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => 1000 * (0.9 + 0.2 * random.next()));
}

describe('quartiles', () => {
  it('gives the type-7 median, quartiles and range of unsorted values', () => {
    assert.deepEqual(quartiles([5, 1, 4, 2, 3]), { median: 3, q1: 2, q3: 4, min: 1, max: 5 });
    assert.deepEqual(quartiles([4, 1, 3, 2]), { median: 2.5, q1: 1.75, q3: 3.25, min: 1, max: 4 });
  });

  it('agrees with quantileSorted on seeded data and leaves its input in place', () => {
    const values = rates(7, 21);
    const before = [...values];
    const summary = quartiles(values);
    const ascending = sorted(values);
    assert.deepEqual(values, before);
    assert.equal(summary.median, quantileSorted(ascending, 0.5));
    assert.equal(summary.q1, quantileSorted(ascending, 0.25));
    assert.equal(summary.q3, quantileSorted(ascending, 0.75));
    assert.ok(summary.min <= summary.q1 && summary.q1 <= summary.median && summary.median <= summary.q3 && summary.q3 <= summary.max);
  });

  it('is NaN throughout for no values', () => {
    assert.ok(Object.values(quartiles([])).every(Number.isNaN));
  });
});

describe('mean, variance and geometric mean', () => {
  it('computes the sample variance with n − 1', () => {
    assert.equal(mean([2, 4, 4, 4, 5, 5, 7, 9]), 5);
    assert.equal(variance([2, 4, 4, 4, 5, 5, 7, 9]), 32 / 7);
    assert.ok(Number.isNaN(variance([3])));
  });

  it('takes the geometric mean of ratios so that a halving and a doubling cancel', () => {
    assert.ok(Math.abs(geometricMean([0.5, 2]) - 1) < 1e-12);
    assert.ok(Math.abs(geometricMean([1, 10, 100]) - 10) < 1e-12);
  });
});

describe('round ratios', () => {
  it('divides round by round', () => {
    assert.deepEqual(roundRatios([2, 9, 8], [1, 3, 4]), [2, 3, 2]);
  });

  it('refuses samples of different lengths', () => {
    assert.throws(() => roundRatios([1, 2], [1]), /differ in length/);
  });

  it('is what the paired ratio is the geometric mean of', () => {
    const a = rates(11, 15);
    const b = rates(12, 15);
    assert.ok(Math.abs(pairedRatio(a, b).ratio - geometricMean(roundRatios(a, b))) < 1e-12);
  });
});
