import { createRequire } from 'node:module';
import type * as HdrHistogram from 'hdr-histogram-js';

const require = createRequire(import.meta.url);
let library: typeof HdrHistogram | undefined;

/** hdr-histogram-js (with its inflate code) is loaded by the first histogram, not by `lab list` or `lab --help`. */
function hdr(): typeof HdrHistogram {
  return (library ??= require('hdr-histogram-js') as typeof HdrHistogram);
}

/**
 * Latency histograms. Values are recorded in nanoseconds where the work
 * happens (an agent, a worker, the orchestrator), cross any boundary as
 * compressed base64 strings (the same encoding over MessagePort and IPC),
 * and are merged on the orchestrator's side.
 */
export type Histogram = HdrHistogram.Histogram;

/** One hour in nanoseconds: nothing the lab measures takes longer. */
const HIGHEST_TRACKABLE_NS = 3_600_000_000_000;
const BIT_BUCKET_SIZE = 64;

export function createHistogram(): Histogram {
  return hdr().build({
    bitBucketSize: BIT_BUCKET_SIZE,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_NS,
    // 2 significant digits (1 % resolution), not 3: a histogram at 3 holds 33 k buckets, and decoding and merging the
    // agents' histograms of every run made the orchestrator collect its old generation about every 130 ms (33 full
    // collections in a 7 s point against 3), pausing task dispatch at random moments and widening exploration's
    // threads/processes round-to-round noise from about 14 % to about 20 %.
    numberOfSignificantValueDigits: 2,
    autoResize: false,
  });
}

/** Records a duration given in (fractional) milliseconds, as from performance.now(). */
export function recordMs(histogram: Histogram, durationMs: number): void {
  histogram.recordValue(Math.min(HIGHEST_TRACKABLE_NS, Math.max(1, Math.round(durationMs * 1e6))));
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr().encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr().decodeFromCompressedBase64(encoded, BIT_BUCKET_SIZE, false, HIGHEST_TRACKABLE_NS);
}

/** Merges encoded histograms into one fresh histogram. */
export function mergeEncoded(encoded: Iterable<string>): Histogram {
  const merged = createHistogram();
  for (const item of encoded) merged.add(decodeHistogram(item));
  return merged;
}

export interface LatencySummaryMs {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p99_9: number;
  max: number;
  stddev: number;
}

const ms = (ns: number): number => Number((ns / 1e6).toPrecision(4));

/** One percentile (0 for an empty histogram), or with `q` 100 the largest value. Cheap, unlike the mean (below). */
export function percentileMs(histogram: Histogram, q: number): number {
  if (histogram.totalCount === 0) return 0;
  return ms(q >= 100 ? histogram.maxValue : histogram.getValueAtPercentile(q));
}

/**
 * The percentiles every sample keeps. Cheap: the mean and the standard
 * deviation walk every bucket of the histogram (about 10 ms for one of ours),
 * which a paired round cannot afford per side; the case summary has them.
 */
export function percentilesMs(histogram: Histogram): { p50: number; p95: number; p99: number } {
  return { p50: percentileMs(histogram, 50), p95: percentileMs(histogram, 95), p99: percentileMs(histogram, 99) };
}

export function summariseHistogram(histogram: Histogram): LatencySummaryMs {
  if (histogram.totalCount === 0) {
    return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0, stddev: 0 };
  }
  return {
    count: histogram.totalCount,
    mean: ms(histogram.mean),
    ...percentilesMs(histogram),
    p90: percentileMs(histogram, 90),
    p99_9: percentileMs(histogram, 99.9),
    max: percentileMs(histogram, 100),
    stddev: ms(histogram.stdDeviation),
  };
}
