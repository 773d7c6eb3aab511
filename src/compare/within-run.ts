import type { CaseResult, Comparison, Sample } from '../result/types.js';
import { compareSamples } from '../stats/compare.js';

interface MetricSpec {
  name: string;
  higherIsBetter: boolean;
  value(sample: Sample): number;
}

export const COMPARED_METRICS: readonly MetricSpec[] = [
  { name: 'throughputPerSec', higherIsBetter: true, value: (sample) => sample.throughputPerSec },
  { name: 'latencyP50Ms', higherIsBetter: false, value: (sample) => sample.latencyMs.p50 },
  { name: 'latencyP99Ms', higherIsBetter: false, value: (sample) => sample.latencyMs.p99 },
  { name: 'rssBytes', higherIsBetter: false, value: (sample) => sample.rssBytes },
];

export function sideLabel(result: Pick<CaseResult, 'backend' | 'variant'>): string {
  return result.variant === 'default' ? result.backend : `${result.backend}:${result.variant}`;
}

/** Cases of one workload and parameter point, keyed by side label. */
export function groupCases(cases: readonly CaseResult[]): Map<string, Map<string, CaseResult>> {
  const groups = new Map<string, Map<string, CaseResult>>();
  for (const result of cases) {
    const key = `${result.suite}/${result.workload}/${JSON.stringify(result.params)}`;
    if (!groups.has(key)) groups.set(key, new Map());
    groups.get(key)!.set(sideLabel(result), result);
  }
  return groups;
}

/** The pairs a run answers: threads against each processes variant, and threads against inline. */
function pairsOf(sides: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (!sides.includes('threads')) return pairs;
  for (const side of sides) if (side.startsWith('processes')) pairs.push(['threads', side]);
  if (sides.includes('inline')) pairs.push(['threads', 'inline']);
  return pairs;
}

export function compareWithinRun(cases: readonly CaseResult[]): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const bySide of groupCases(cases).values()) {
    for (const [aSide, bSide] of pairsOf([...bySide.keys()])) {
      const a = bySide.get(aSide)!;
      const b = bySide.get(bSide)!;
      if (a.samples.length === 0 || b.samples.length === 0) continue;
      for (const metric of COMPARED_METRICS) {
        const result = compareSamples(a.samples.map(metric.value), b.samples.map(metric.value), metric.higherIsBetter);
        comparisons.push({
          workload: a.workload,
          params: a.params,
          metric: metric.name,
          a: aSide,
          b: bSide,
          higherIsBetter: metric.higherIsBetter,
          ...result,
        });
      }
    }
  }
  return comparisons;
}
