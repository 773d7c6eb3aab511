import { formatBytes, formatCount, formatPercent } from '../report/format.js';
import type { CaseResult } from '../result/types.js';
import { paramsLabel } from '../scenario/plan.js';
import { sideLabel } from './comparison-key.js';

/**
 * Workloads of the throughput suite compare options against each other, not
 * threads against processes: the parameter that names the option.
 */
const CONTENDER_PARAMETER: Readonly<Record<string, string>> = { serializer: 'serializer', channel: 'channel' };

/** How long or how much a case measures: settings of the measurement, not part of what a point asks. */
const SETTINGS: ReadonlySet<string> = new Set(['poolSize', 'benchMs', 'volumeMiB']);

interface Contender {
  label: string;
  throughputPerSec: number;
  unit: string;
  bytesPerSec: number | undefined;
  efficiency: number | undefined;
}

function contenderOf(item: CaseResult, parameter: string): Contender {
  const metrics = item.summary!.metrics;
  return {
    // A serializer runs in the orchestrator only; a channel belongs to a side, which is part of its name.
    label: item.workload === 'channel' ? `${item.params[parameter]} on ${sideLabel(item)}` : String(item.params[parameter]),
    throughputPerSec: item.summary!.throughputPerSec,
    unit: item.summary!.throughputUnit,
    bytesPerSec: metrics.bytesPerSec,
    efficiency: metrics.efficiency,
  };
}

function ceiling(contender: Contender): string {
  return contender.efficiency === undefined ? '' : `${formatPercent(contender.efficiency)} of its raw ceiling`;
}

function speed(contender: Contender): string {
  const bytes = contender.bytesPerSec === undefined ? '' : `, ${formatBytes(contender.bytesPerSec)}/s`;
  const share = contender.efficiency === undefined ? '' : `, ${ceiling(contender)}`;
  return `${formatCount(contender.throughputPerSec)} ${contender.unit}${bytes}${share}`;
}

/**
 * For a workload that compares options (serializers, channels): at each point, which one was fastest (median
 * throughput over its repetitions), by how much over each other, and its efficiency against the raw ceiling of its
 * medium where the workload measures one. Empty for other workloads.
 */
export function contenderLines(cases: readonly CaseResult[], workload: string): string[] {
  const parameter = CONTENDER_PARAMETER[workload];
  if (!parameter) return [];
  const points = new Map<string, Contender[]>();
  for (const item of cases) {
    if (item.workload !== workload || item.state !== 'completed' || !item.summary) continue;
    const rest = Object.fromEntries(Object.entries(item.params).filter(([name]) => name !== parameter && !SETTINGS.has(name)));
    const key = paramsLabel(rest);
    points.set(key, [...(points.get(key) ?? []), contenderOf(item, parameter)]);
  }
  return [...points].map(([point, contenders]) => {
    const [best, ...others] = contenders.sort((a, b) => b.throughputPerSec - a.throughputPerSec);
    const where = point ? `${point}: ` : '';
    if (others.length === 0) return `${where}${best!.label} alone, at ${speed(best!)}`;
    const behind = others.map((other) => {
      const share = other.efficiency === undefined ? '' : ` (${ceiling(other)})`;
      return `${(best!.throughputPerSec / other.throughputPerSec).toFixed(2)}× ${other.label}${share}`;
    });
    return `${where}${best!.label} fastest (${speed(best!)}), ahead of ${behind.join('; ')}`;
  });
}
