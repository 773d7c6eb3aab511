import { createHistogram, type Histogram } from '../kernel/histogram.js';
import type { Repetition } from '../workloads/types.js';
import { COUNTERS } from './summarise.js';

/**
 * One timed repetition made of several runs of the workload, as benchmark.js
 * and criterion grow a sample until it lasts long enough to time well.
 * Operations and durations add up (each run times itself, so gaps between
 * runs are not counted), latency histograms merge, counters add up, other
 * figures are averaged; every run must return the same checksum.
 */
export class BatchAccumulator {
  runs = 0;
  private operations = 0;
  private durationMs = 0;
  private readonly latency: Histogram = createHistogram();
  private readonly totals = new Map<string, number>();
  private checksum: string | undefined;

  add(repetition: Repetition): void {
    if (this.checksum === undefined) this.checksum = repetition.checksum;
    else if (repetition.checksum !== this.checksum) {
      throw new Error(`checksum ${repetition.checksum} of run ${this.runs + 1} of the batch differs from the first run's ${this.checksum}`);
    }
    this.runs++;
    this.operations += repetition.operations;
    this.durationMs += repetition.durationMs;
    this.latency.add(repetition.latency);
    for (const [name, value] of Object.entries(repetition.metrics ?? {})) this.totals.set(name, (this.totals.get(name) ?? 0) + value);
  }

  result(): Repetition {
    const metrics = Object.fromEntries([...this.totals].map(([name, total]) => [name, COUNTERS.has(name) ? total : total / this.runs]));
    return { operations: this.operations, durationMs: this.durationMs, latency: this.latency, checksum: this.checksum!, metrics };
  }
}

/**
 * The order of one round's runs when side i runs `batches[i]` times: each
 * side's runs spread evenly over the round (run j of a side of b runs sits at
 * (j + ½) / b), ties in the given side order. Interleaving run by run, rather
 * than side after side, exposes every side to the same moments of the
 * machine: drift faster than a round cancels in the round's ratios too.
 */
export function interleaveRuns(batches: readonly number[]): number[] {
  const slots = batches.flatMap((batch, side) => Array.from({ length: Math.max(1, batch) }, (_, run) => ({ side, at: (run + 0.5) / Math.max(1, batch) })));
  return slots.sort((x, y) => x.at - y.at || x.side - y.side).map((slot) => slot.side);
}

/** A warm-up batch that is faster than every earlier one by more than this is still warming up. */
export const STEADY_GAIN = 0.05;
/** Batches in a row without such a gain that make a side steady. */
export const STEADY_BATCHES = 2;

/**
 * Warm-up until steady state, as JMH and criterion warm up for a time rather
 * than a count: JIT tiers, inline caches and the garbage collector's heap
 * sizing take from a few runs to a second of work, depending on the workload
 * and the side. A side is steady once STEADY_BATCHES batches in a row were no
 * more than STEADY_GAIN faster than the best before them.
 */
export class SteadyState {
  batches = 0;
  wallMs = 0;
  private best = 0;
  private quiet = 0;

  /** One warm-up batch: its throughput (work per timed millisecond) and its wall time. */
  add(rate: number, wallMs: number): void {
    this.batches++;
    this.wallMs += wallMs;
    if (!(rate > 0)) return;
    if (rate > this.best * (1 + STEADY_GAIN)) this.quiet = 0;
    else this.quiet++;
    this.best = Math.max(this.best, rate);
  }

  get steady(): boolean {
    return this.quiet >= STEADY_BATCHES;
  }
}
