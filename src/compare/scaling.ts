import type { Comparison } from '../result/types.js';
import type { CaseParams } from '../workloads/types.js';
import type { PointAnalysis } from './analysis.js';

/** One pool size of a sweep: each pool side's speed-up over one event loop, and its parallel efficiency. */
export interface ScalingRow {
  poolSize: number;
  /** Side label → median throughput ÷ inline's median throughput at the same point. */
  speedup: Record<string, number>;
  /** Side label → speed-up ÷ pool size: 1 is perfect scaling. */
  efficiency: Record<string, number>;
  /** The point's threads/processes headline ratio, with its interval and verdict. */
  ratio?: Comparison;
}

/** Points of one workload that differ only in pool size, from smallest to largest. */
export interface ScalingSweep {
  workload: string;
  fixed: CaseParams;
  unit: string;
  sides: string[];
  rows: ScalingRow[];
}

/**
 * Speed-up and parallel efficiency against inline over a pool-size sweep
 * (`"poolSize": "sweep"` in a scenario): what a pool of n workers buys over
 * one event loop, and how much of n it gets. Only points with an inline side
 * count (its throughput does not depend on the pool size, so each point's own
 * inline is the baseline there).
 */
export function scalingSweeps(points: readonly PointAnalysis[]): ScalingSweep[] {
  const groups = new Map<string, ScalingSweep & { byPool: Map<number, PointAnalysis> }>();
  for (const point of points) {
    const poolSize = point.params.poolSize;
    const inline = point.sides.find((side) => side.label === 'inline')?.values.throughputPerSec;
    if (typeof poolSize !== 'number' || !(inline && inline > 0)) continue;
    const { poolSize: _pool, ...fixed } = point.params;
    const key = `${point.workload} ${JSON.stringify(fixed)}`;
    const group = groups.get(key) ?? { workload: point.workload, fixed, unit: point.unit, sides: [], rows: [], byPool: new Map() };
    group.byPool.set(poolSize, point);
    groups.set(key, group);
  }
  return [...groups.values()]
    .filter((group) => group.byPool.size >= 2)
    .map(({ byPool, ...group }) => {
      const rows = [...byPool.entries()]
        .sort(([x], [y]) => x - y)
        .map(([poolSize, point]): ScalingRow => {
          const inline = point.sides.find((side) => side.label === 'inline')!.values.throughputPerSec!;
          const pools = point.sides.filter((side) => side.label !== 'inline' && side.values.throughputPerSec !== undefined);
          const speedup = Object.fromEntries(pools.map((side) => [side.label, side.values.throughputPerSec! / inline]));
          const efficiency = Object.fromEntries(Object.entries(speedup).map(([label, value]) => [label, value / poolSize]));
          const ratio = point.ratios.find((comparison) => comparison.metric === 'throughputPerSec');
          return { poolSize, speedup, efficiency, ...(ratio ? { ratio } : {}) };
        });
      const sides = [...new Set(rows.flatMap((row) => Object.keys(row.speedup)))];
      return { ...group, sides, rows };
    });
}
