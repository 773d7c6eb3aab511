import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { CaseResult } from '../result/types.js';
import { slopeOf } from '../stats/regression.js';
import { metricByKey, metricSamples } from './metrics.js';
import type { CaseParams } from '../workloads/types.js';
import { sideLabel } from './comparison-key.js';

/** A side's memory: measured alone where it was (docs/methodology.md, Memory), else from its rounds. */
const RSS = metricByKey('rssBytes')!;

/** What one more agent costs a side in memory: the slope of its memory over agent counts, with an interval. */
export interface MemorySlope {
  workload: string;
  /** The parameters held fixed along the agent sweep. */
  fixed: CaseParams;
  side: string;
  /** Agent counts the slope rests on. */
  agents: number[];
  /** Bytes of RSS per additional agent. */
  bytesPerAgent: number;
  /** 95 % interval (t on the least-squares slope over every sample of every point). */
  ci95: [number, number];
  samples: number;
}

/**
 * Memory per agent as the slope of a side's memory over the agent counts of
 * a sweep (other parameters fixed): the least-squares line through every
 * sample of every point, so the interval reflects both the spread within a
 * point and how well a line fits. Unlike total ÷ agents, it leaves out what a
 * side costs before its first agent (the Node runtime of each child, a
 * thread's isolate), which is a fixed price, not a per-agent one.
 */
export function memorySlopes(cases: readonly CaseResult[]): MemorySlope[] {
  const groups = new Map<string, { workload: string; fixed: CaseParams; side: string; points: Array<{ agents: number; values: number[] }> }>();
  for (const item of cases) {
    if (item.state !== 'completed' || item.samples.length === 0 || typeof item.params.agents !== 'number') continue;
    const { agents: _agents, ...fixed } = item.params;
    const side = sideLabel(item);
    const key = `${item.workload} ${JSON.stringify(fixed)} ${side}`;
    const group = groups.get(key) ?? { workload: item.workload, fixed, side, points: [] };
    group.points.push({ agents: item.params.agents as number, values: metricSamples(item, RSS).filter((value) => value > 0) });
    groups.set(key, group);
  }
  const slopes: MemorySlope[] = [];
  for (const group of groups.values()) {
    const xs = group.points.flatMap((point) => point.values.map(() => point.agents));
    const ys = group.points.flatMap((point) => point.values);
    const counts = [...new Set(group.points.map((point) => point.agents))].sort((a, b) => a - b);
    if (counts.length < 2 || xs.length < 3) continue;
    const { slope, se, df } = slopeOf(xs, ys);
    const half = Number.isFinite(se) ? tQuantile(0.975, df) * se : Infinity;
    slopes.push({ workload: group.workload, fixed: group.fixed, side: group.side, agents: counts, bytesPerAgent: slope, ci95: [slope - half, slope + half], samples: xs.length });
  }
  return slopes;
}
