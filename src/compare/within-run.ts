import type { CaseResult, Comparison } from '../result/types.js';
import { MIN_EFFECT, comparePaired, verdictOf } from '../stats/compare.js';
import { benjaminiHochberg } from '../stats/significance.js';
import type { CaseParams } from '../workloads/types.js';
import { METRICS, type MetricDefinition } from './metrics.js';
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

/** The pairs a run answers: threads against each processes variant (the headline), and threads against inline. */
function pairsOf(sides: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (!sides.includes('threads')) return pairs;
  for (const side of sides) if (side.startsWith('processes')) pairs.push(['threads', side]);
  if (sides.includes('inline')) pairs.push(['threads', 'inline']);
  return pairs;
}

/** Threads against each processes variant, on throughput: what the budget works to decide. */
export function isHeadline(comparison: Pick<Comparison, 'a' | 'b' | 'metric'>): boolean {
  return comparison.metric === 'throughputPerSec' && comparison.a === 'threads' && comparison.b.startsWith('processes');
}

/**
 * Values of a metric paired by round: both cases' samples from the rounds
 * they both completed, in round order. Results written before rounds were
 * recorded pair by repetition index (those runs interleaved A B C per index).
 */
export function pairedValues(a: CaseResult, b: CaseResult, metric: MetricDefinition): [number[], number[]] {
  const byRound = (result: CaseResult): Map<number, number> => {
    const values = new Map<number, number>();
    for (const sample of result.samples) {
      const value = metric.sample(sample, result);
      if (value !== undefined && Number.isFinite(value) && value > 0) values.set(sample.round ?? sample.repetition, value);
    }
    return values;
  };
  const aValues = byRound(a);
  const bValues = byRound(b);
  const rounds = [...aValues.keys()].filter((round) => bValues.has(round)).sort((x, y) => x - y);
  return [rounds.map((round) => aValues.get(round)!), rounds.map((round) => bValues.get(round)!)];
}

/** One paired comparison of two sides of a point on one metric, before any correction. */
export function comparePair(a: CaseResult, b: CaseResult, metric: MetricDefinition, targetHalfWidth: number): (Comparison & { roundsNeeded: number; logSd: number }) | undefined {
  const [aValues, bValues] = pairedValues(a, b, metric);
  if (aValues.length === 0) return undefined;
  const result = comparePaired(aValues, bValues, metric.higherIsBetter, targetHalfWidth);
  const comparison = {
    workload: a.workload,
    params: a.params,
    metric: metric.key,
    a: sideLabel(a),
    b: sideLabel(b),
    higherIsBetter: metric.higherIsBetter,
    ratio: result.ratio,
    ci95: result.ci95,
    pValue: result.pValue,
    qValue: result.pValue,
    verdict: result.verdict,
    ...(result.note ? { note: result.note } : {}),
    rounds: result.paired.rounds,
    halfWidth: result.halfWidth,
    converged: result.halfWidth <= targetHalfWidth,
    wilcoxonP: result.paired.wilcoxonP,
    roundsNeeded: result.roundsNeeded,
    logSd: result.paired.logSd,
  };
  if (isHeadline(comparison)) return { ...comparison, headline: true };
  return comparison;
}

/**
 * Every pairwise comparison of a run, each metric from the rounds both sides
 * ran, with its interval, p and verdict. Then the Benjamini-Hochberg
 * correction, one family per metric over the threads/processes ratios shown,
 * so a run of many points does not report its chance findings as wins.
 */
export function compareWithinRun(cases: readonly CaseResult[], targetHalfWidth = MIN_EFFECT): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const bySide of groupCases(cases).values()) {
    for (const [aSide, bSide] of pairsOf([...bySide.keys()])) {
      const a = bySide.get(aSide)!;
      const b = bySide.get(bSide)!;
      for (const metric of METRICS) {
        const found = comparePair(a, b, metric, targetHalfWidth);
        if (!found) continue;
        const { roundsNeeded: _needed, logSd: _sd, ...comparison } = found;
        comparisons.push(comparison);
      }
    }
  }
  for (const metric of METRICS) {
    const family = comparisons.filter((c) => c.metric === metric.key && c.a === 'threads' && c.b.startsWith('processes'));
    const qValues = benjaminiHochberg(family.map((comparison) => comparison.pValue));
    family.forEach((comparison, index) => {
      comparison.qValue = qValues[index]!;
      Object.assign(comparison, verdictOf(comparison.ratio, comparison.ci95, comparison.qValue, comparison.higherIsBetter, comparison.rounds));
      if (comparison.verdict === 'undecided' && comparison.note && comparison.rounds !== undefined && !comparison.converged) {
        comparison.note = `${comparison.note} (${comparison.rounds} rounds)`;
      }
    });
  }
  comparisons.push(...compareParameterPairs(cases));
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
