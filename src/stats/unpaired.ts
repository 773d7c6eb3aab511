import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, median, variance } from './descriptive.js';

/**
 * Two independent samples of a positive figure, compared on the log scale:
 * the ratio of geometric means with Welch's t. For comparisons where no
 * pairing exists (a run against a baseline run): nothing ties repetition i
 * of one run to repetition i of the other.
 */
export interface UnpairedRatio {
  /** Geometric mean of `a` / geometric mean of `b`. */
  ratio: number;
  /** Interval of the ratio at 1 − alpha: Welch's t on the log values, exponentiated. */
  ci: [number, number];
  /** Two-sided Welch t-test on the log values, H0: equal geometric means. */
  pValue: number;
  /** Standard error of the difference of the mean logs (Infinity with fewer than 2 values on a side). */
  logSe: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Pooled standard deviation of the log values, about the coefficient of variation of one repetition. */
  logSd: number;
  /** Sample sizes: a, b. */
  n: [number, number];
}

/** Power the minimum detectable effect is stated at. */
export const POWER = 0.8;

/** True when every value can be logged: the log-scale statistics apply. */
export function allPositive(values: readonly number[]): boolean {
  return values.every((value) => value > 0 && Number.isFinite(value));
}

/**
 * Welch's t on log values. `a` and `b` must hold positive numbers (rates,
 * times, bytes); check with `allPositive`. With fewer than 2 values on a
 * side there is no variance: the interval is (0, ∞) and p is 1.
 */
export function welchLogRatio(a: readonly number[], b: readonly number[], alpha = 0.05): UnpairedRatio {
  const logA = a.map(Math.log);
  const logB = b.map(Math.log);
  const n: [number, number] = [a.length, b.length];
  const ratio = Math.exp(mean(logA) - mean(logB));
  if (a.length < 2 || b.length < 2) {
    return { ratio, ci: [0, Infinity], pValue: 1, logSe: Infinity, df: Math.max(1, a.length + b.length - 2), logSd: Number.NaN, n };
  }
  const shareA = variance(logA) / a.length;
  const shareB = variance(logB) / b.length;
  const logSe = Math.sqrt(shareA + shareB);
  const logSd = Math.sqrt((variance(logA) + variance(logB)) / 2);
  const difference = Math.log(ratio);
  if (logSe === 0) {
    // Constant samples on both sides (memory figures can be): the interval is the point.
    return { ratio, ci: [ratio, ratio], pValue: difference === 0 ? 1 : 0, logSe, df: a.length + b.length - 2, logSd, n };
  }
  const df = (shareA + shareB) ** 2 / (shareA ** 2 / (a.length - 1) + shareB ** 2 / (b.length - 1));
  const half = tQuantile(1 - alpha / 2, df) * logSe;
  const pValue = 2 * tCdf(-Math.abs(difference) / logSe, df);
  return { ratio, ci: [Math.exp(difference - half), Math.exp(difference + half)], pValue, logSe, df, logSd, n };
}

/**
 * The interval of an unpaired ratio at another confidence level, from its
 * standard error and degrees of freedom.
 */
export function intervalAt(result: UnpairedRatio, alpha: number): [number, number] {
  if (!Number.isFinite(result.logSe)) return [0, Infinity];
  const half = tQuantile(1 - alpha / 2, result.df) * result.logSe;
  return [result.ratio * Math.exp(-half), result.ratio * Math.exp(half)];
}

/**
 * Minimum detectable effect: the smallest true ratio exp(δ) that a two-sided
 * test at level alpha detects with probability `power`, given this standard
 * error: δ = (t(1 − alpha/2, df) + t(power, df)) · SE. Returned as a relative
 * change, exp(δ) − 1 (a drop of 1 − exp(−δ) is as detectable).
 */
export function minimumDetectableChange(result: UnpairedRatio, alpha: number, power = POWER): number {
  if (!Number.isFinite(result.logSe)) return Infinity;
  return Math.expm1((tQuantile(1 - alpha / 2, result.df) + tQuantile(power, result.df)) * result.logSe);
}

/**
 * Repetitions per side that would make `change` (a relative change, e.g.
 * −0.2) detectable at level alpha with the given power, at this comparison's
 * noise per repetition. `limit` when even that many would not do.
 */
export function repetitionsToDetect(result: UnpairedRatio, change: number, alpha: number, power = POWER, limit = 1000): number {
  const target = Math.abs(Math.log1p(change));
  if (!(result.logSd > 0) || target === 0) return limit;
  for (let n = 2; n < limit; n++) {
    const df = 2 * n - 2;
    if ((tQuantile(1 - alpha / 2, df) + tQuantile(power, df)) * result.logSd * Math.sqrt(2 / n) <= target) return n;
  }
  return limit;
}

/** One comparison of a family, as the family's level needs it. */
export interface FamilyMember {
  result: UnpairedRatio;
  /** |log| of the ratio at which a change in the worse direction fails (log(1.1) for a 10 % rise). */
  failLog: number;
}

/**
 * Probability, when nothing changed, that this comparison is called a
 * failure at level alpha: its estimate lands beyond the failure threshold in
 * the worse direction and its interval excludes no change. Under no change
 * the estimate over its standard error is t-distributed with df degrees of
 * freedom (plug-in: the observed standard error stands for the true one).
 */
export function falseFailureChance(member: FamilyMember, alpha: number): number {
  const { logSe, df } = member.result;
  if (!Number.isFinite(logSe)) return 0;
  if (logSe === 0) return 0;
  return tCdf(-Math.max(tQuantile(1 - alpha / 2, df), member.failLog / logSe), df);
}

/**
 * The per-comparison level for a family of comparisons: the largest alpha
 * (at most `familyAlpha`) at which the expected number of false failures over
 * the family, Σ falseFailureChance, stays within `familyAlpha`. By the union
 * bound that also bounds the chance of any false failure. A comparison
 * whose noise is small beside its threshold can hardly fail by chance and
 * costs the family almost nothing, so a family of quiet comparisons keeps a
 * level close to 5 %; noisy ones push it towards Bonferroni's
 * familyAlpha / m, which is always enough.
 */
export function familyLevel(members: readonly FamilyMember[], familyAlpha = 0.05): number {
  const expected = (alpha: number): number => members.reduce((total, member) => total + falseFailureChance(member, alpha), 0);
  if (members.length === 0 || expected(familyAlpha) <= familyAlpha) return familyAlpha;
  let low = Math.log(familyAlpha / members.length);
  let high = Math.log(familyAlpha);
  for (let step = 0; step < 40; step++) {
    const middle = (low + high) / 2;
    if (expected(Math.exp(middle)) <= familyAlpha) low = middle;
    else high = middle;
  }
  return Math.exp(low);
}

/** How far a metric's cases moved between two runs beyond what each case's own noise explains. */
export interface BetweenRuns {
  /** Median change over the cases (exp of the median log ratio, − 1): how the run moved as a whole. */
  shift: number;
  /** Standard deviation, on the log scale, of the case-to-case spread of changes that within-run noise does not explain. */
  spread: number;
  /** Cases it was estimated from. */
  cases: number;
}

/** Fewest cases of a metric for a spread estimate; with fewer, none is added. */
export const MIN_CASES_FOR_SPREAD = 8;

/**
 * The spread of changes between two runs that the cases' own noise does not
 * explain, as a random-effects meta-analysis would estimate it, but robustly:
 * the dispersion of the log ratios about their median (1.4826 × the median
 * absolute deviation, so that a few cases that really changed do not count
 * as spread), less the typical within-run variance of one ratio. Two runs of
 * the same code on a machine whose speed drifts by different amounts at
 * different points in a run show spread; a run against itself, or a run
 * where one case changed, shows none.
 */
export function betweenRunSpread(results: readonly UnpairedRatio[]): BetweenRuns {
  const usable = results.filter((result) => Number.isFinite(result.logSe) && result.ratio > 0);
  const logs = usable.map((result) => Math.log(result.ratio));
  if (usable.length === 0) return { shift: 0, spread: 0, cases: 0 };
  const centre = median(logs);
  if (usable.length < MIN_CASES_FOR_SPREAD) return { shift: Math.expm1(centre), spread: 0, cases: usable.length };
  const dispersion = 1.4826 * median(logs.map((value) => Math.abs(value - centre)));
  const withinRun = median(usable.map((result) => result.logSe ** 2));
  return { shift: Math.expm1(centre), spread: Math.sqrt(Math.max(0, dispersion ** 2 - withinRun)), cases: usable.length };
}

/**
 * The comparison with the between-run spread added to its standard error:
 * the change of one case is judged against how much cases move between runs
 * on this machine anyway, not only against its own repetitions.
 */
export function withSpread(result: UnpairedRatio, spread: number, alpha = 0.05): UnpairedRatio {
  if (!(spread > 0) || !Number.isFinite(result.logSe)) return result;
  const logSe = Math.sqrt(result.logSe ** 2 + spread ** 2);
  const difference = Math.log(result.ratio);
  const half = tQuantile(1 - alpha / 2, result.df) * logSe;
  const pValue = 2 * tCdf(-Math.abs(difference) / logSe, result.df);
  return { ...result, logSe, pValue, ci: [Math.exp(difference - half), Math.exp(difference + half)] };
}
