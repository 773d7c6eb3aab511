import { mergeEncoded, summariseHistogram } from '../kernel/histogram.js';
import { aloneAddedPerAgent, aloneFootprint } from '../result/alone-memory.js';
import type { AloneMemory, CaseSummary, MemoryReading, MemorySummary, Sample } from '../result/types.js';
import { median, spread } from '../stats/descriptive.js';
import type { Workload } from '../workloads/types.js';

export interface SummaryInputs {
  workload: Workload;
  agents: number;
  samples: readonly Sample[];
  baseline: MemoryReading;
  /** The side measured alone: when present, the memory figures come from it. */
  alone?: AloneMemory;
  /** The orchestrator before the run's first point; without it, the side's idle orchestrator is the base. */
  memoryBase?: MemoryReading;
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

export type { MemoryReading };

/** The rule for every side measured alone (docs/methodology.md, "Memory"). */
export const ALONE_ACCOUNTING =
  'measured alone (no other side alive): the orchestrator before the run’s first point + what this side added to it and its children at their peak under load (orchestrator + every child, read together, less the orchestrator idle just before); per agent = (median peak − the same side idle) ÷ agents';

/**
 * What a side holds, from its pass alone: the run's base plus its own
 * footprint (peak − the orchestrator idle just before its pool started), so
 * that what earlier points or other sides left in the orchestrator is
 * nobody's; per agent, what the agents add to the same side idle.
 */
export function aloneSummary(alone: AloneMemory, agents: number, base: MemoryReading = alone.idle): MemorySummary {
  const peaksRss = alone.peaks.map((peak) => peak.rssBytes);
  const peaksPss = alone.peaks.map((peak) => peak.pssBytes);
  const allPss = peaksPss.every((value): value is number => value !== null) && alone.idlePool.pssBytes !== null && alone.idle.pssBytes !== null && base.pssBytes !== null;
  return {
    rssBytes: aloneFootprint(Math.max(...peaksRss), alone.idle.rssBytes, base.rssBytes),
    pssBytes: allPss ? aloneFootprint(Math.max(...(peaksPss as number[])), alone.idle.pssBytes!, base.pssBytes!) : null,
    perAgentBytes: aloneAddedPerAgent(median(peaksRss), alone.idlePool.rssBytes, agents),
    perAgentPssBytes: allPss ? aloneAddedPerAgent(median(peaksPss as number[]), alone.idlePool.pssBytes!, agents) : null,
    baselineRssBytes: base.rssBytes,
    idlePoolRssBytes: aloneFootprint(alone.idlePool.rssBytes, alone.idle.rssBytes, base.rssBytes),
    accounting: ALONE_ACCOUNTING,
  };
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
    memory:
      inputs.alone && inputs.alone.peaks.length > 0
        ? aloneSummary(inputs.alone, inputs.agents, inputs.memoryBase)
        : memorySummary(samples, inputs.agents, inputs.baseline, inputs.accounting),
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
