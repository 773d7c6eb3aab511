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

/** exp of the mean log: the centre of ratios and other positive figures that multiply. */
export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((total, value) => total + Math.log(value), 0) / values.length);
}

/** Sample variance (n − 1 in the denominator); NaN for fewer than 2 values. */
export function variance(values: readonly number[]): number {
  const average = mean(values);
  return values.reduce((total, value) => total + (value - average) ** 2, 0) / (values.length - 1);
}

export function spread(values: readonly number[]): Spread {
  const ascending = sorted(values);
  const n = values.length;
  const centre = quantileSorted(ascending, 0.5);
  const average = mean(values);
  const stddev = Math.sqrt(n > 1 ? variance(values) : 0);
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

/** Median, quartiles and range: a summary of a few rounds that one outlier cannot move much. */
export interface Quartiles {
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export function quartiles(values: readonly number[]): Quartiles {
  const ascending = sorted(values);
  return {
    median: quantileSorted(ascending, 0.5),
    q1: quantileSorted(ascending, 0.25),
    q3: quantileSorted(ascending, 0.75),
    min: ascending[0] ?? Number.NaN,
    max: ascending[ascending.length - 1] ?? Number.NaN,
  };
}
