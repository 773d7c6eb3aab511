/** Order statistics and spread of a small sample (the repetitions of a case). */
export interface Spread {
  n: number;
  median: number;
  mean: number;
  min: number;
  max: number;
  stddev: number;
  /** Coefficient of variation: stddev / mean. */
  cv: number;
  /** Median absolute deviation, relative to the median: a spread that one outlier cannot inflate. */
  relativeMad: number;
}

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Linear-interpolated quantile (type 7, as R and NumPy default) of ascending values. */
export function quantileSorted(ascending: readonly number[], q: number): number {
  if (ascending.length === 0) return Number.NaN;
  const position = (ascending.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return ascending[lower]! + (ascending[upper]! - ascending[lower]!) * (position - lower);
}

export function median(values: readonly number[]): number {
  return quantileSorted(sorted(values), 0.5);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((total, value) => total + value, 0) / values.length;
}

export function spread(values: readonly number[]): Spread {
  const ascending = sorted(values);
  const n = values.length;
  const centre = quantileSorted(ascending, 0.5);
  const average = mean(values);
  const variance = n > 1 ? values.reduce((total, value) => total + (value - average) ** 2, 0) / (n - 1) : 0;
  const stddev = Math.sqrt(variance);
  const mad = median(values.map((value) => Math.abs(value - centre)));
  return {
    n,
    median: centre,
    mean: average,
    min: ascending[0] ?? Number.NaN,
    max: ascending[n - 1] ?? Number.NaN,
    stddev,
    cv: average !== 0 ? stddev / Math.abs(average) : 0,
    relativeMad: centre !== 0 ? mad / Math.abs(centre) : 0,
  };
}
