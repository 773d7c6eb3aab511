import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/** Kendall's τ of values against their order, with a two-sided p (normal approximation, exact enough from 8 on). */
export interface Trend {
  tau: number;
  pValue: number;
}

/** Fewest values the trend test is asked about. */
export const MIN_TREND_VALUES = 8;

/**
 * The Mann-Kendall test: does a series rise or fall with its index more
 * than chance would make it? Used on a point's per-round log ratios, where a
 * trend means the sides were still warming up (or cooling down) at different
 * rates while they were timed.
 */
export function kendallTrend(values: readonly number[]): Trend {
  const n = values.length;
  if (n < 2) return { tau: 0, pValue: 1 };
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(values[j]! - values[i]!);
  const pairs = (n * (n - 1)) / 2;
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  // Continuity correction: S moves in steps of 2.
  const z = s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance);
  return { tau: s / pairs, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z), 0, 1))) };
}
