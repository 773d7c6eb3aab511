import { median } from './descriptive.js';
import { MIN_PAIRED_ROUNDS, pairedRatio, relativeHalfWidth, roundsForHalfWidth, type PairedRatio } from './paired.js';
import { bootstrapRatioCi, mannWhitneyU } from './significance.js';

/** `a` or `b` won; `same` is equivalence within ±5 %; `undecided` means the evidence is too weak for either. */
export type Verdict = 'a' | 'b' | 'same' | 'undecided';

export interface RatioComparison {
  /** Paired: geometric mean of per-round a/b. Unpaired: median(a) / median(b). */
  ratio: number;
  ci95: [number, number];
  pValue: number;
  verdict: Verdict;
  /** Relative half-width of the interval (hi / ratio − 1 for paired ratios). */
  halfWidth: number;
  /** Why the verdict is `same` or `undecided`, or a caveat about the evidence. */
  note?: string;
}

/** A difference smaller than this is practically the same; an interval inside ±this is equivalence. */
export const MIN_EFFECT = 0.05;
export const ALPHA = 0.05;
/** Below 4 repetitions per side a two-sided rank test cannot reach p < 0.05 (3 vs 3: p ≥ 0.1). */
export const MIN_REPETITIONS = 4;

const percent = (value: number): string => `${(value * 100).toFixed(value < 0.1 ? 1 : 0)} %`;

/**
 * Fairness rule 7. A side wins when the interval excludes 1, the test is
 * significant (after any correction: pass q) and the ratio is at least 5 %
 * from 1. `same` only when the whole interval lies inside ±5 %. Anything
 * else is `undecided`, and the note says why.
 */
export function verdictOf(ratio: number, ci95: readonly [number, number], p: number, higherIsBetter: boolean, rounds?: number): { verdict: Verdict; note?: string } {
  const [lo, hi] = ci95;
  if (!Number.isFinite(ratio) || !(lo > 0)) return { verdict: 'undecided', note: 'no interval' };
  if (rounds !== undefined && rounds < MIN_PAIRED_ROUNDS) {
    return { verdict: 'undecided', note: `too few rounds (${rounds}) for a paired verdict; use --repeat ${MIN_PAIRED_ROUNDS} or more` };
  }
  if (lo >= 1 - MIN_EFFECT && hi <= 1 + MIN_EFFECT) {
    return { verdict: 'same', note: `the whole interval lies within ±${percent(MIN_EFFECT)}` };
  }
  const excludesOne = lo > 1 || hi < 1;
  if (excludesOne && p < ALPHA && Math.abs(ratio - 1) >= MIN_EFFECT) {
    const aBetter = higherIsBetter ? ratio > 1 : ratio < 1;
    return { verdict: aBetter ? 'a' : 'b' };
  }
  if (excludesOne && p < ALPHA) return { verdict: 'undecided', note: `a real difference, but under ${percent(MIN_EFFECT)} at its estimate and not provably within ±${percent(MIN_EFFECT)}` };
  if (excludesOne) return { verdict: 'undecided', note: `not significant after correction (p = ${p.toFixed(3)})` };
  return { verdict: 'undecided', note: `interval [${lo.toFixed(2)}, ${hi.toFixed(2)}] includes 1 and is wider than ±${percent(MIN_EFFECT)}` };
}

/** Paired rounds, the within-run comparison: per-round ratios, t interval on their logs, Wilcoxon beside it. */
export function comparePaired(a: readonly number[], b: readonly number[], higherIsBetter: boolean, target = MIN_EFFECT): RatioComparison & { paired: PairedRatio; roundsNeeded: number } {
  const paired = pairedRatio(a, b);
  const judged = verdictOf(paired.ratio, paired.ci95, paired.pValue, higherIsBetter, paired.rounds);
  const roundsNeeded = paired.halfWidth <= target ? paired.rounds : roundsForHalfWidth(paired.logSd, target);
  const note =
    judged.verdict === 'undecided' && Number.isFinite(paired.logSd)
      ? `${judged.note}; round-to-round CV ${percent(paired.logSd)} over ${paired.rounds} rounds: ±${percent(target)} needs about ${roundsNeeded} rounds`
      : judged.note;
  return {
    ratio: paired.ratio,
    ci95: paired.ci95,
    pValue: paired.pValue,
    halfWidth: paired.halfWidth,
    verdict: judged.verdict,
    ...(note ? { note } : {}),
    paired,
    roundsNeeded,
  };
}

/**
 * Two independent samples of one metric (where rounds cannot pair them, such
 * as one option against another measured at different points): ratio of
 * medians, bootstrap interval, Mann-Whitney U.
 */
export function compareSamples(a: readonly number[], b: readonly number[], higherIsBetter: boolean): RatioComparison {
  const ratio = median(a) / median(b);
  const ci95 = bootstrapRatioCi(a, b);
  const { pValue } = mannWhitneyU(a, b);
  const halfWidth = relativeHalfWidth(ci95);
  if (a.length < MIN_REPETITIONS || b.length < MIN_REPETITIONS) {
    return { ratio, ci95, pValue, halfWidth, verdict: 'undecided', note: `too few repetitions (${Math.min(a.length, b.length)}); use --repeat 5 or more` };
  }
  return { ratio, ci95, pValue, halfWidth, ...verdictOf(ratio, ci95, pValue, higherIsBetter) };
}
