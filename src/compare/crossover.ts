import type { CaseParams } from '../workloads/types.js';
import type { PointAnalysis } from './analysis.js';
import { MIN_EFFECT } from '../stats/compare.js';

export interface Crossover {
  workload: string;
  parameter: string;
  /** The other parameters, held fixed along the sweep. */
  fixed: CaseParams;
  kind: 'winner-changes' | 'advantage-fades';
  /** Interpolated parameter value where it happens, on a log-log line between the two measured points. */
  at: number;
  between: [number, number];
  text: string;
}

interface SeriesPoint {
  x: number;
  ratio: number;
  /** The verdict there was not `same`: a crossing needs a real difference on at least one side of it. */
  significant: boolean;
}

function ratioOf(point: PointAnalysis): { ratio: number; significant: boolean } | undefined {
  const found = point.ratios.find((ratio) => ratio.metric === 'throughputPerSec');
  return found && { ratio: found.ratio, significant: found.verdict === 'a' || found.verdict === 'b' };
}

/** Where log(ratio) crosses log(target) between two points, on a log scale of x. */
function interpolate(a: SeriesPoint, b: SeriesPoint, target: number): number {
  const ya = Math.log(a.ratio) - Math.log(target);
  const yb = Math.log(b.ratio) - Math.log(target);
  const t = ya / (ya - yb);
  return Math.exp(Math.log(a.x) + t * (Math.log(b.x) - Math.log(a.x)));
}

function round(value: number): string {
  return value >= 100 ? String(Math.round(value)) : value.toPrecision(2);
}

function describeFixed(fixed: CaseParams): string {
  const text = Object.entries(fixed)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return text ? ` (${text})` : '';
}

/** Series of points that differ only in one numeric parameter, keyed by that parameter. */
function sweeps(points: readonly PointAnalysis[]): Array<{ workload: string; parameter: string; fixed: CaseParams; series: SeriesPoint[] }> {
  const found = [];
  const workloads = new Set(points.map((point) => point.workload));
  for (const workload of workloads) {
    const own = points.filter((point) => point.workload === workload);
    const names = new Set(own.flatMap((point) => Object.keys(point.params)));
    for (const parameter of names) {
      const groups = new Map<string, PointAnalysis[]>();
      for (const point of own) {
        if (typeof point.params[parameter] !== 'number') continue;
        const { [parameter]: _swept, ...fixed } = point.params;
        const key = JSON.stringify(fixed);
        groups.set(key, [...(groups.get(key) ?? []), point]);
      }
      for (const [key, members] of groups) {
        const series = members
          .flatMap((point) => {
            const found = ratioOf(point);
            return found === undefined || !(found.ratio > 0) ? [] : [{ x: point.params[parameter] as number, ...found }];
          })
          .sort((a, b) => a.x - b.x);
        if (series.length >= 2 && series[0]!.x > 0) found.push({ workload, parameter, fixed: JSON.parse(key) as CaseParams, series });
      }
    }
  }
  return found;
}

/** Where the winner of threads against processes changes along a sweep, and where an advantage fades below 5 %. */
export function findCrossovers(points: readonly PointAnalysis[]): Crossover[] {
  const crossovers: Crossover[] = [];
  for (const { workload, parameter, fixed, series } of sweeps(points)) {
    for (let i = 1; i < series.length; i++) {
      const a = series[i - 1]!;
      const b = series[i]!;
      const between: [number, number] = [a.x, b.x];
      const where = `interpolated between ${a.x} and ${b.x}${describeFixed(fixed)}`;
      if ((a.ratio - 1) * (b.ratio - 1) < 0 && (a.significant || b.significant)) {
        const at = interpolate(a, b, 1);
        const winner = b.ratio > 1 ? 'threads' : 'processes';
        const loser = winner === 'threads' ? 'processes' : 'threads';
        crossovers.push({
          workload, parameter, fixed, kind: 'winner-changes', at, between,
          text: `${workload}: ${winner} overtake ${loser} above ~${round(at)} ${parameter} (${where})`,
        });
        continue;
      }
      const aStrong = Math.abs(a.ratio - 1) >= MIN_EFFECT;
      const bStrong = Math.abs(b.ratio - 1) >= MIN_EFFECT;
      if (aStrong !== bStrong && (aStrong ? a : b).significant) {
        const side = (aStrong ? a : b).ratio > 1 ? 'threads' : 'processes';
        const target = (aStrong ? a : b).ratio > 1 ? 1 + MIN_EFFECT : 1 - MIN_EFFECT;
        const at = interpolate(a, b, target);
        crossovers.push({
          workload, parameter, fixed, kind: 'advantage-fades', at, between,
          text: aStrong
            ? `${workload}: ${side}' advantage falls below 5 % at ≥ ~${round(at)} ${parameter} (${where})`
            : `${workload}: ${side}' advantage exceeds 5 % at ≥ ~${round(at)} ${parameter} (${where})`,
        });
      }
    }
  }
  return crossovers;
}
