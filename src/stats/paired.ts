import ttest from '@stdlib/stats-ttest';
import wilcoxon from '@stdlib/stats-wilcoxon';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, variance } from './descriptive.js';

/**
 * A ratio between two sides measured in paired rounds: both sides ran once,
 * back to back, in every round, so drift and outside bursts that hit a round
 * hit both of its members and cancel in the round's ratio.
 */
export interface PairedRatio {
  /** Geometric mean of the per-round ratios a/b. */
  ratio: number;
  /** 95 % interval of the geometric mean: Student's t on the log ratios, exponentiated. */
  ci95: [number, number];
  /** Paired t-test on the log ratios (two-sided, H0: no difference); agrees with the interval. */
  pValue: number;
  /** Wilcoxon signed-rank test on the log ratios: the same question without assuming normal noise. */
  wilcoxonP: number;
  /** Rounds the figures come from. */
  rounds: number;
  /** Relative half-width of the interval: hi / ratio − 1 (the interval is symmetric in log space). */
  halfWidth: number;
  /** Standard deviation of the log ratios: the round-to-round noise of the ratio (≈ its CV). */
  logSd: number;
}

/** Fewest rounds worth an interval (t(0.975, 4) = 2.78); the Wilcoxon test beside it needs 6 to reach p < 0.05 at all. */
export const MIN_PAIRED_ROUNDS = 5;

/** The relative half-width of an interval that is symmetric in log space. */
export function relativeHalfWidth(ci95: readonly [number, number]): number {
  const [lo, hi] = ci95;
  if (!(lo > 0) || !(hi > 0)) return Number.POSITIVE_INFINITY;
  return Math.exp((Math.log(hi) - Math.log(lo)) / 2) - 1;
}

/** The ratio a[i] / b[i] of every round; the samples must be of one length. */
export function roundRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`paired samples differ in length: ${a.length} and ${b.length}`);
  return a.map((value, index) => value / b[index]!);
}

/**
 * The paired ratio of `a` to `b`, round by round (`a[i]` and `b[i]` ran in
 * the same round). Values must be positive (rates, times, bytes).
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): PairedRatio {
  const logs = roundRatios(a, b).map(Math.log);
  const rounds = logs.length;
  if (rounds === 0 || logs.some((value) => !Number.isFinite(value))) {
    return { ratio: Number.NaN, ci95: [Number.NaN, Number.NaN], pValue: Number.NaN, wilcoxonP: Number.NaN, rounds, halfWidth: Infinity, logSd: Number.NaN };
  }
  const centre = mean(logs);
  const logSd = rounds > 1 ? Math.sqrt(variance(logs)) : Number.NaN;
  const ratio = Math.exp(centre);
  if (rounds < 2) return { ratio, ci95: [0, Infinity], pValue: 1, wilcoxonP: 1, rounds, halfWidth: Infinity, logSd };
  if (logSd === 0) {
    // Every round gave the same ratio (memory figures can): the interval is that point.
    const same = centre === 0;
    return { ratio, ci95: [ratio, ratio], pValue: same ? 1 : 0, wilcoxonP: same ? 1 : wilcoxonOf(logs), rounds, halfWidth: 0, logSd };
  }
  const test = ttest(logs, { alpha: 0.05 });
  const ci95: [number, number] = [Math.exp(test.ci[0]), Math.exp(test.ci[1])];
  return { ratio, ci95, pValue: test.pValue, wilcoxonP: wilcoxonOf(logs), rounds, halfWidth: relativeHalfWidth(ci95), logSd };
}

function wilcoxonOf(logs: readonly number[]): number {
  if (logs.every((value) => value === 0)) return 1;
  try {
    return wilcoxon(logs as number[], { zeroMethod: 'zsplit' }).pValue;
  } catch {
    return Number.NaN;
  }
}

/**
 * Rounds a paired ratio with this round-to-round noise needs for its 95 %
 * interval to reach the target relative half-width (t quantile included).
 */
export function roundsForHalfWidth(logSd: number, target: number, limit = 10_000): number {
  if (!Number.isFinite(logSd)) return limit;
  const goal = Math.log(1 + target);
  for (let n = MIN_PAIRED_ROUNDS; n < limit; n++) {
    if (tQuantile(0.975, n - 1) * (logSd / Math.sqrt(n)) <= goal) return n;
  }
  return limit;
}
