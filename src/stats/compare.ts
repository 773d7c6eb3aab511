import { median } from './descriptive.js';
import { bootstrapRatioCi, mannWhitneyU } from './significance.js';

export type Verdict = 'a' | 'b' | 'same';

export interface RatioComparison {
  /** median(a) / median(b). */
  ratio: number;
  ci95: [number, number];
  pValue: number;
  verdict: Verdict;
  /** Why the verdict is `same`, or a caveat about the evidence. */
  note?: string;
}

/** Below this relative difference a result is `same`, however significant. */
export const MIN_EFFECT = 0.05;
export const ALPHA = 0.05;
/** Below 4 repetitions per side a two-sided rank test cannot reach p < 0.05 (3 vs 3: p ≥ 0.1). */
export const MIN_REPETITIONS = 4;

/**
 * Compares two samples of one metric. `a` wins when it is better by at least
 * MIN_EFFECT, the interval excludes 1 and the rank test is significant.
 */
export function compareSamples(a: readonly number[], b: readonly number[], higherIsBetter: boolean): RatioComparison {
  const ratio = median(a) / median(b);
  const ci95 = bootstrapRatioCi(a, b);
  const { pValue } = mannWhitneyU(a, b);
  if (a.length < MIN_REPETITIONS || b.length < MIN_REPETITIONS) {
    return { ratio, ci95, pValue, verdict: 'same', note: `too few repetitions (${Math.min(a.length, b.length)}); use --repeat 5 or more` };
  }
  const aBetter = higherIsBetter ? ratio > 1 : ratio < 1;
  if (Math.abs(ratio - 1) < MIN_EFFECT) return { ratio, ci95, pValue, verdict: 'same', note: 'difference below 5 %' };
  if (ci95[0] <= 1 && ci95[1] >= 1) return { ratio, ci95, pValue, verdict: 'same', note: 'interval includes 1' };
  if (!(pValue < ALPHA)) {
    const floor = smallestRankTestP(a.length, b.length);
    const note = floor >= ALPHA ? `not significant: ${a.length} vs ${b.length} repetitions cannot reach p < ${ALPHA}; use --repeat 5 or more` : 'not significant';
    return { ratio, ci95, pValue, verdict: 'same', note };
  }
  return { ratio, ci95, pValue, verdict: aBetter ? 'a' : 'b' };
}

/** The smallest two-sided p a rank test can give for these sample sizes: 2 / C(n1 + n2, n1). */
export function smallestRankTestP(n1: number, n2: number): number {
  let combinations = 1;
  for (let k = 1; k <= n1; k++) combinations = (combinations * (n2 + k)) / k;
  return Math.min(1, 2 / combinations);
}
