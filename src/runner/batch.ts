import { createHistogram } from '../measure/histogram.js';
import type { Repetition } from '../workloads/types.js';
import { COUNTERS } from './summarise.js';

/**
 * One timed repetition made of `batch` runs of the workload, back to back,
 * as benchmark.js and criterion grow a sample until it lasts long enough to
 * time well. Operations and durations add up (each run times itself, so the
 * gaps between runs are not counted), latency histograms merge, counters add
 * up, other figures are averaged; every run must return the same checksum.
 */
export async function runBatch(once: () => Promise<Repetition>, batch: number, afterEach: () => void): Promise<Repetition> {
  if (batch <= 1) {
    try {
      return await once();
    } finally {
      afterEach();
    }
  }
  const latency = createHistogram();
  const totals = new Map<string, number>();
  let operations = 0;
  let durationMs = 0;
  let checksum: string | undefined;
  for (let index = 0; index < batch; index++) {
    let repetition: Repetition;
    try {
      repetition = await once();
    } finally {
      afterEach();
    }
    operations += repetition.operations;
    durationMs += repetition.durationMs;
    latency.add(repetition.latency);
    if (checksum === undefined) checksum = repetition.checksum;
    else if (repetition.checksum !== checksum) {
      throw new Error(`checksum ${repetition.checksum} of run ${index + 1} of the batch differs from the first run's ${checksum}`);
    }
    for (const [name, value] of Object.entries(repetition.metrics ?? {})) totals.set(name, (totals.get(name) ?? 0) + value);
  }
  const metrics = Object.fromEntries([...totals].map(([name, total]) => [name, COUNTERS.has(name) ? total : total / batch]));
  return { operations, durationMs, latency, checksum: checksum!, metrics };
}
