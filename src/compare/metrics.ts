import { aloneAddedPerAgent, aloneFootprint } from '../result/alone-memory.js';
import type { CaseResult, Sample } from '../result/types.js';

/** A figure the comparator reads from every repetition of a case, so it can be compared with an interval. */
export interface MetricDefinition {
  readonly key: string;
  readonly label: string;
  readonly higherIsBetter: boolean;
  readonly kind: 'rate' | 'ms' | 'bytes' | 'share';
  /** The value of one repetition; undefined when the case does not have this metric. */
  sample(sample: Sample, result: CaseResult): number | undefined;
  /**
   * Values read from the case as a whole instead of its rounds: memory measured with the side alone
   * (`memoryAlone`), one value per run of that pass; compared sides pair them by run.
   */
  readings?(result: CaseResult): number[] | undefined;
}

/** What the side held at each run of its pass alone: the run's base plus what the side added (docs/methodology.md, Memory). */
function aloneTotals(result: CaseResult): number[] | undefined {
  const alone = result.memoryAlone;
  const base = result.summary?.memory.baselineRssBytes;
  if (!alone || alone.peaks.length === 0 || base === undefined) return undefined;
  return alone.peaks.map((peak) => aloneFootprint(peak.rssBytes, alone.idle.rssBytes, base));
}

/** What the agents added to the idle side at each run of its pass alone, per agent. */
function alonePerAgent(result: CaseResult): number[] | undefined {
  const alone = result.memoryAlone;
  if (!alone || alone.peaks.length === 0 || !result.agents) return undefined;
  return alone.peaks.map((peak) => aloneAddedPerAgent(peak.rssBytes, alone.idlePool.rssBytes, result.agents));
}

function perAgentBytes(sample: Sample, result: CaseResult): number | undefined {
  const fromWorkload = sample.metrics.perAgentRssBytes;
  if (fromWorkload !== undefined) return fromWorkload;
  const baseline = result.summary?.memory.baselineRssBytes;
  if (baseline === undefined || !result.agents) return undefined;
  return Math.max(0, (sample.rssBytes - baseline) / result.agents);
}

export const METRICS: readonly MetricDefinition[] = [
  { key: 'throughputPerSec', label: 'throughput', higherIsBetter: true, kind: 'rate', sample: (s) => s.throughputPerSec },
  { key: 'latencyP50Ms', label: 'p50 latency', higherIsBetter: false, kind: 'ms', sample: (s) => s.latencyMs.p50 },
  { key: 'latencyP95Ms', label: 'p95 latency', higherIsBetter: false, kind: 'ms', sample: (s) => s.latencyMs.p95 },
  { key: 'latencyP99Ms', label: 'p99 latency', higherIsBetter: false, kind: 'ms', sample: (s) => s.latencyMs.p99 },
  { key: 'rssBytes', label: 'memory (RSS)', higherIsBetter: false, kind: 'bytes', sample: (s) => s.rssBytes, readings: aloneTotals },
  { key: 'perAgentBytes', label: 'memory per agent', higherIsBetter: false, kind: 'bytes', sample: perAgentBytes, readings: alonePerAgent },
  {
    key: 'communicationShare',
    label: 'communication overhead',
    higherIsBetter: false,
    kind: 'share',
    sample: (s) => s.metrics.communicationShare,
  },
];

export function metricByKey(key: string): MetricDefinition | undefined {
  return METRICS.find((metric) => metric.key === key);
}

/** Every repetition's value of a metric, or [] when the case lacks it. */
export function metricSamples(result: CaseResult, metric: MetricDefinition): number[] {
  const values = metric.readings?.(result) ?? result.samples.map((sample) => metric.sample(sample, result));
  return values.every((value): value is number => value !== undefined && Number.isFinite(value)) ? values : [];
}
