/** Least-squares slope of y on x, with its standard error and degrees of freedom (n − 2). */
export function slopeOf(xs: readonly number[], ys: readonly number[]): { slope: number; se: number; df: number } {
  const n = xs.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (ys[i]! - meanY - slope * (xs[i]! - meanX)) ** 2;
  const df = n - 2;
  return { slope, se: df > 0 && sxx > 0 ? Math.sqrt(residual / df / sxx) : Infinity, df };
}
