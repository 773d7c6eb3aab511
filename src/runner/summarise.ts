import { mergeEncoded, summariseHistogram } from '../kernel/histogram.js';
import type { CaseSummary, MemorySummary, Sample } from '../result/types.js';
import { median, spread } from '../stats/descriptive.js';
import type { Workload } from '../workloads/types.js';

export interface SummaryInputs {
  workload: Workload;
  agents: number;
  samples: readonly Sample[];
  baseline: MemoryReading;
  accounting: string;
  poolStartMs?: number;
  errors: number;
}

/** Counts of things that went wrong: summed over repetitions, so one bad repetition is never hidden by a median. */
export const COUNTERS: ReadonlySet<string> = new Set(['errors', 'timeouts', 'non2xx', 'mismatches', 'resets']);

/** Medians over repetitions (sums for counters), for every metric any repetition reported. */
function metricMedians(samples: readonly Sample[]): Record<string, number> {
  const names = new Set(samples.flatMap((sample) => Object.keys(sample.metrics)));
  return Object.fromEntries(
    [...names].map((name) => {
      const values = samples.flatMap((sample) => sample.metrics[name] ?? []);
      return [name, COUNTERS.has(name) ? values.reduce((total, value) => total + value, 0) : median(values)];
    }),
  );
}

export interface MemoryReading {
  rssBytes: number;
  pssBytes: number | null;
}

function memorySummary(samples: readonly Sample[], agents: number, baseline: MemoryReading, accounting: string): MemorySummary {
  const rssBytes = Math.max(...samples.map((sample) => sample.rssBytes));
  const pss = samples.map((sample) => sample.pssBytes);
  const pssBytes = pss.every((value) => value !== null) ? Math.max(...(pss as number[])) : null;
  return {
    rssBytes,
    pssBytes,
    perAgentBytes: Math.max(0, (rssBytes - baseline.rssBytes) / agents),
    perAgentPssBytes:
      pssBytes === null || baseline.pssBytes === null ? null : Math.max(0, (pssBytes - baseline.pssBytes) / agents),
    baselineRssBytes: baseline.rssBytes,
    accounting,
  };
}

export function summarise(inputs: SummaryInputs): CaseSummary {
  const { workload, samples } = inputs;
  const throughput = spread(samples.map((sample) => sample.throughputPerSec));
  const metrics = metricMedians(samples);
  const summary: CaseSummary = {
    throughputPerSec: throughput.median,
    throughputUnit: workload.throughputUnit,
    throughput,
    latencyDefinition: workload.latencyDefinition,
    latencyMs: summariseHistogram(mergeEncoded(samples.map((sample) => sample.latencyHistogram))),
    memory: memorySummary(samples, inputs.agents, inputs.baseline, inputs.accounting),
    cpuPercent: median(samples.map((sample) => sample.cpuPercent)),
    eventLoopUtilization: median(samples.map((sample) => sample.eventLoopUtilization)),
    checksum: samples[0]?.checksum,
    errors: inputs.errors,
    metrics,
  };
  if (inputs.poolStartMs !== undefined) summary.poolStartMs = inputs.poolStartMs;
  if (metrics.spawnMs !== undefined) summary.spawnMs = metrics.spawnMs;
  if (metrics.perAgentRssBytes !== undefined) summary.memory.perAgentBytes = Math.max(0, metrics.perAgentRssBytes);
  if (metrics.perAgentPssBytes !== undefined) summary.memory.perAgentPssBytes = Math.max(0, metrics.perAgentPssBytes);
  return summary;
}
