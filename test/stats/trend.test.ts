import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../src/kernel/random.js';
import { kendallTrend } from '../../src/stats/trend.js';

describe('Mann-Kendall trend', () => {
  it('matches the textbook statistic: a strictly rising series has τ = 1, a falling one τ = −1', () => {
    assert.equal(kendallTrend([1, 2, 3, 4, 5, 6, 7, 8]).tau, 1);
    assert.equal(kendallTrend([8, 7, 6, 5, 4, 3, 2, 1]).tau, -1);
    // 26 of 28 pairs rise and 2 fall: S = 24; var(S) = 8·7·21/18 = 65.33; z = (24 − 1)/√65.33 = 2.846; p = 0.00443.
    const { pValue } = kendallTrend([1, 3, 2, 4, 5, 6, 8, 7]);
    assert.ok(Math.abs(pValue - 0.00443) < 0.0001, String(pValue));
  });

  it('finds the ramp of a 64 KiB stream still warming up, and keeps the false alarm rate of steady noise near 1 %', () => {
    // Per-round log ratios of a real quick run (messaging stream 64 KiB), threads against processes:advanced.
    assert.ok(kendallTrend([0.935, 0.807, 1.509, 1.237, 1.454, 1.634, 1.657, 1.764]).pValue < 0.01);
    const random = new Random(42);
    let alarms = 0;
    const trials = 2000;
    for (let trial = 0; trial < trials; trial++) {
      const values = Array.from({ length: 16 }, () => random.next() + random.next() + random.next());
      if (kendallTrend(values).pValue < 0.01) alarms++;
    }
    assert.ok(alarms / trials < 0.02, `${alarms} of ${trials} steady series flagged`);
  });
});
