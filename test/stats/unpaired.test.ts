import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../src/kernel/random.js';
import {
  familyLevel,
  intervalAt,
  minimumDetectableChange,
  repetitionsToDetect,
  welchLogRatio,
  type FamilyMember,
} from '../../src/stats/unpaired.js';

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function lognormal(random: Random, centre: number, logSd: number, n: number): number[] {
  return Array.from({ length: n }, () => centre * Math.exp(logSd * gaussian(random)));
}

const close = (actual: number, expected: number, tolerance = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);

describe("Welch's t on log values", () => {
  it('matches scipy.stats.ttest_ind(log a, log b, equal_var=False)', () => {
    const result = welchLogRatio([102, 98, 110, 95, 105, 99], [120, 118, 131, 115, 125]);
    close(result.ratio, 0.833244952335155);
    close(result.df, 8.730775186132826);
    close(result.pValue, 0.0002889347881376081, 1e-4);
    close(result.ci[0], 0.7758217553530831);
    close(result.ci[1], 0.8949183827360373);
    assert.deepEqual(result.n, [6, 5]);
  });

  it('gives no change with p = 1 for identical samples, and a point interval for constant ones', () => {
    const same = welchLogRatio([10, 11, 12], [10, 11, 12]);
    assert.equal(same.ratio, 1);
    assert.equal(same.pValue, 1);
    const constant = welchLogRatio([5, 5, 5], [4, 4, 4]);
    assert.deepEqual(constant.ci, [1.25, 1.25]);
    assert.equal(constant.pValue, 0);
    assert.equal(minimumDetectableChange(constant, 0.05), 0);
  });

  it('has no interval with fewer than 2 values on a side', () => {
    const result = welchLogRatio([5], [4, 4.1, 3.9]);
    assert.deepEqual(result.ci, [0, Infinity]);
    assert.equal(minimumDetectableChange(result, 0.05), Infinity);
  });

  it('covers the true ratio in at least 93 % of 400 seeded experiments, and its width falls with more repetitions', () => {
    const random = new Random(7);
    let covered = 0;
    for (let experiment = 0; experiment < 400; experiment++) {
      const result = welchLogRatio(lognormal(random, 800, 0.1, 6), lognormal(random, 1000, 0.15, 6));
      if (result.ci[0] <= 0.8 && result.ci[1] >= 0.8) covered++;
    }
    assert.ok(covered / 400 >= 0.93, `coverage ${covered / 400}`);
    const few = welchLogRatio(lognormal(random, 800, 0.1, 5), lognormal(random, 1000, 0.1, 5));
    const many = welchLogRatio(lognormal(random, 800, 0.1, 20), lognormal(random, 1000, 0.1, 20));
    assert.ok(many.ci[1] / many.ci[0] < few.ci[1] / few.ci[0]);
  });

  it('an interval at a stricter level is wider and contains the 95 % one', () => {
    const result = welchLogRatio([102, 98, 110, 95, 105, 99], [120, 118, 131, 115, 125]);
    const strict = intervalAt(result, 0.001);
    assert.ok(strict[0] < result.ci[0] && strict[1] > result.ci[1]);
  });
});

describe('minimum detectable change', () => {
  it('is (t(1 − α/2) + t(0.8)) standard errors on the log scale, and a change that size is detected about 80 % of the time', () => {
    const random = new Random(11);
    const logSd = 0.05;
    const probe = welchLogRatio(lognormal(random, 1, logSd, 8), lognormal(random, 1, logSd, 8));
    const ideal = { ...probe, logSe: logSd * Math.sqrt(2 / 8), df: 14, logSd };
    const mde = minimumDetectableChange(ideal, 0.05);
    close(mde, Math.expm1((2.144786687917804 + 0.8680547815574207) * ideal.logSe), 1e-9);
    let detected = 0;
    for (let experiment = 0; experiment < 400; experiment++) {
      const result = welchLogRatio(lognormal(random, 1 + mde, logSd, 8), lognormal(random, 1, logSd, 8));
      if (result.ci[0] > 1) detected++;
    }
    assert.ok(detected / 400 > 0.7 && detected / 400 < 0.9, `power ${detected / 400}`);
  });

  it('says how many repetitions would detect a given change', () => {
    const random = new Random(3);
    const result = welchLogRatio(lognormal(random, 1, 0.3, 5), lognormal(random, 1, 0.3, 5));
    const needed = repetitionsToDetect(result, -0.2, 0.05);
    assert.ok(needed > 5 && needed < 1000, String(needed));
    assert.ok(repetitionsToDetect(result, -0.4, 0.05) < needed);
  });
});

describe('family level', () => {
  const member = (logSe: number, failLog = Math.log(1 / 0.9)): FamilyMember => ({
    result: { ratio: 1, ci: [1, 1], pValue: 1, logSe, df: 8, logSd: logSe, n: [5, 5] },
    failLog,
  });

  it('stays at 5 % for a family whose noise is small beside the threshold', () => {
    assert.equal(familyLevel(Array.from({ length: 300 }, () => member(0.005))), 0.05);
  });

  it('falls towards Bonferroni for noisy comparisons, never below α / m', () => {
    const level = familyLevel(Array.from({ length: 100 }, () => member(0.2)));
    assert.ok(level >= 0.05 / 100 && level < 0.05 / 40, String(level));
  });

  it('charges quiet members little: a noisy family with quiet members added keeps almost its level', () => {
    const noisy = Array.from({ length: 10 }, () => member(0.2));
    const withQuiet = [...noisy, ...Array.from({ length: 200 }, () => member(0.01))];
    assert.ok(familyLevel(withQuiet) > 0.8 * familyLevel(noisy));
  });
});
