import type { CaseResult, Comparison } from '../result/types.js';
import { ALPHA, compareSamples } from '../stats/compare.js';
import { median } from '../stats/descriptive.js';
import { benjaminiHochberg } from '../stats/significance.js';
import type { CaseParams } from '../workloads/types.js';
import { METRICS, metricSamples } from './metrics.js';
import { compareParameterPairs } from './parameter-pairs.js';

export function sideLabel(result: Pick<CaseResult, 'backend' | 'variant'>): string {
  return result.variant === 'default' ? result.backend : `${result.backend}:${result.variant}`;
}

export function pointKey(result: Pick<CaseResult, 'suite' | 'workload' | 'params'>): string {
  return `${result.suite}/${result.workload}/${JSON.stringify(result.params)}`;
}

/** Cases of one workload and parameter point, keyed by side label, in run order. */
export function groupCases(cases: readonly CaseResult[]): Map<string, Map<string, CaseResult>> {
  const groups = new Map<string, Map<string, CaseResult>>();
  for (const result of cases) {
    const key = pointKey(result);
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

/**
 * Every pairwise comparison of a run, each metric with its interval, p and
 * verdict; then the Benjamini-Hochberg correction over the whole family, so a
 * run of many comparisons does not report its chance findings as wins.
 */
export function compareWithinRun(cases: readonly CaseResult[]): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const bySide of groupCases(cases).values()) {
    for (const [aSide, bSide] of pairsOf([...bySide.keys()])) {
      const a = bySide.get(aSide)!;
      const b = bySide.get(bSide)!;
      for (const metric of METRICS) {
        const aValues = metricSamples(a, metric);
        const bValues = metricSamples(b, metric);
        if (aValues.length === 0 || bValues.length === 0 || median(bValues) === 0) continue;
        const result = compareSamples(aValues, bValues, metric.higherIsBetter);
        comparisons.push({
          workload: a.workload,
          params: a.params,
          metric: metric.key,
          a: aSide,
          b: bSide,
          higherIsBetter: metric.higherIsBetter,
          ...result,
          qValue: result.pValue,
        });
      }
    }
  }
  comparisons.push(...compareParameterPairs(cases));
  const qValues = benjaminiHochberg(comparisons.map((comparison) => comparison.pValue));
  comparisons.forEach((comparison, index) => {
    comparison.qValue = qValues[index]!;
    if (comparison.verdict !== 'same' && !(comparison.qValue < ALPHA)) {
      comparison.verdict = 'same';
      comparison.note = `not significant after correcting for ${comparisons.length} comparisons (q = ${comparison.qValue.toFixed(3)})`;
    }
  });
  return comparisons;
}

export function findComparison(
  comparisons: readonly Comparison[],
  workload: string,
  params: CaseParams,
  metric: string,
  a: string,
  b: string,
): Comparison | undefined {
  const key = JSON.stringify(params);
  return comparisons.find(
    (item) => item.workload === workload && item.metric === metric && item.a === a && item.b === b && JSON.stringify(item.params) === key,
  );
}
