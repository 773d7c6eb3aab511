import { median } from './descriptive.js';
import { Random } from '../kernel/random.js';

/**
 * Two-sided Mann-Whitney U test. Exact (enumerating every split of the
 * pooled ranks) when both samples are small, as repetitions usually are;
 * the normal approximation with tie correction otherwise.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): { u: number; pValue: number } {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: Number.NaN, pValue: Number.NaN };
  const ranks = rank([...a, ...b]);
  const rankSumA = ranks.slice(0, n1).reduce((total, r) => total + r, 0);
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const pValue = n1 + n2 <= 20 ? exactPValue(ranks, n1, rankSumA) : normalPValue(ranks, n1, n2, u);
  return { u, pValue };
}

/** Average ranks (1-based), ties sharing the mean of their positions. */
export function rank(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((x, y) => x.value - y.value);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.value === order[i]!.value) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!.index] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/** Share of all ways to pick n1 of the pooled ranks whose sum is at least as far from its mean. */
function exactPValue(ranks: readonly number[], n1: number, observed: number): number {
  const expected = (n1 * ranks.reduce((total, r) => total + r, 0)) / ranks.length;
  const distance = Math.abs(observed - expected) - 1e-9;
  let extreme = 0;
  let total = 0;
  const visit = (start: number, chosen: number, sum: number): void => {
    if (chosen === n1) {
      total++;
      if (Math.abs(sum - expected) >= distance) extreme++;
      return;
    }
    for (let i = start; i <= ranks.length - (n1 - chosen); i++) visit(i + 1, chosen + 1, sum + ranks[i]!);
  };
  visit(0, 0, 0);
  return extreme / total;
}

function normalPValue(ranks: readonly number[], n1: number, n2: number, u: number): number {
  const n = n1 + n2;
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of counts.values()) tieTerm += t ** 3 - t;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return 1;
  const z = (Math.abs(u - (n1 * n2) / 2) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Percentile bootstrap 95 % interval of median(a) / median(b): both samples
 * resampled with replacement, seeded so the same data give the same interval.
 */
export function bootstrapRatioCi(
  a: readonly number[],
  b: readonly number[],
  iterations = 2000,
  seed = 1,
): [number, number] {
  if (a.length === 0 || b.length === 0) return [Number.NaN, Number.NaN];
  const random = new Random(seed);
  const ratios: number[] = [];
  const resample = (values: readonly number[]): number[] => values.map(() => values[random.int(values.length)]!);
  for (let i = 0; i < iterations; i++) {
    const denominator = median(resample(b));
    if (denominator !== 0) ratios.push(median(resample(a)) / denominator);
  }
  ratios.sort((x, y) => x - y);
  const at = (q: number): number => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))]!;
  return [at(0.025), at(0.975)];
}

/** Benjamini-Hochberg adjusted p-values (q-values), in the input order. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p: Number.isFinite(p) ? p : 1, index })).sort((x, y) => x.p - y.p);
  const q = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, index } = order[rank - 1]!;
    running = Math.min(running, (p * m) / rank);
    q[index] = running;
  }
  return q;
}
