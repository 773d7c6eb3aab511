import type { CaseResult, Comparison } from '../result/types.js';
import { MIN_EFFECT, comparePaired, verdictOf } from '../stats/compare.js';
import { benjaminiHochberg } from '../stats/significance.js';
import { METRICS, type MetricDefinition } from './metrics.js';
import { compareIsolation } from './isolation.js';
import { compareParameterPairs } from './parameter-pairs.js';
import { formatSide, keyFields, keyId, keyOf, readSide, sideLabel, sideOf, type ComparisonKey, type Side } from './comparison-key.js';

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
  for (const side of sides) if (readSide(side).kind === 'processes') pairs.push(['threads', side]);
  if (sides.includes('inline')) pairs.push(['threads', 'inline']);
  return pairs;
}

/**
 * The processes side a point's headline ratio is taken against, declared in
 * advance rather than picked by the data: the best-configured IPC
 * (`advanced`, V8 serialisation) when the point ran it, else `json`, else the
 * first other variant. Choosing the variant with the better observed median
 * and then comparing it would favour processes (the winner's curse).
 */
const HEADLINE_PROCESSES: readonly Side[] = [
  { kind: 'processes', variant: 'advanced' },
  { kind: 'processes', variant: 'json' },
];

/** Of a point's side labels, the headline processes side (see HEADLINE_PROCESSES). */
export function headlineProcesses(sides: Iterable<string>): string | undefined {
  const processes = [...sides].filter((side) => readSide(side).kind === 'processes');
  return HEADLINE_PROCESSES.map(formatSide).find((side) => processes.includes(side)) ?? processes.sort()[0];
}

/** Threads against the point's headline processes side, on throughput: what the budget works to decide. */
export function isHeadline(comparison: Pick<Comparison, 'headline'>): boolean {
  return comparison.headline === true;
}

/**
 * Values of a metric paired by round: both cases' samples from the rounds
 * they both completed, in round order. Results written before rounds were
 * recorded pair by repetition index (those runs interleaved A B C per index).
 */
export function pairedValues(a: CaseResult, b: CaseResult, metric: MetricDefinition): [number[], number[]] {
  // Memory read with each side alone pairs by run of that pass (first with first, …), when both sides have it.
  const aReadings = metric.readings?.(a);
  const bReadings = metric.readings?.(b);
  const alone = aReadings !== undefined && bReadings !== undefined;
  const keyed = (result: CaseResult, readings: number[] | undefined): Map<number, number> => {
    const values = new Map<number, number>();
    const add = (key: number, value: number | undefined): void => {
      if (value !== undefined && Number.isFinite(value) && value > 0) values.set(key, value);
    };
    if (alone) readings!.forEach((value, index) => add(index, value));
    else for (const sample of result.samples) add(sample.round ?? sample.repetition, metric.sample(sample, result));
    return values;
  };
  const aValues = keyed(a, aReadings);
  const bValues = keyed(b, bReadings);
  const keys = [...aValues.keys()].filter((key) => bValues.has(key)).sort((x, y) => x - y);
  return [keys.map((key) => aValues.get(key)!), keys.map((key) => bValues.get(key)!)];
}

/** One paired comparison of two sides of a point on one metric, before any correction. */
export function comparePair(
  a: CaseResult,
  b: CaseResult,
  metric: MetricDefinition,
  targetHalfWidth: number,
  headlineSide?: string,
): (Comparison & { roundsNeeded: number; logSd: number }) | undefined {
  const [aValues, bValues] = pairedValues(a, b, metric);
  if (aValues.length === 0) return undefined;
  const result = comparePaired(aValues, bValues, metric.higherIsBetter, targetHalfWidth);
  const key: ComparisonKey = { workload: a.workload, params: a.params, metric: metric.key, a: sideOf(a), b: sideOf(b) };
  const comparison = {
    ...keyFields(key),
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
  const headline = metric.key === 'throughputPerSec' && key.a.kind === 'threads' && comparison.b === headlineSide;
  return headline ? { ...comparison, headline } : comparison;
}

/**
 * Every pairwise comparison of a run, each metric from the rounds both sides
 * ran, with its interval, p and verdict. Then the Benjamini-Hochberg
 * correction over the threads/processes ratios, one family per workload,
 * metric and processes side's role, so a workload of many points does not
 * report its chance findings as wins.
 */
export function compareWithinRun(cases: readonly CaseResult[], targetHalfWidth = MIN_EFFECT): Comparison[] {
  const comparisons: Comparison[] = [];
  const families = new Map<string, Comparison[]>();
  for (const bySide of groupCases(cases).values()) {
    const headlineSide = headlineProcesses(bySide.keys());
    for (const [aSide, bSide] of pairsOf([...bySide.keys()])) {
      const a = bySide.get(aSide)!;
      const b = bySide.get(bSide)!;
      for (const metric of METRICS) {
        const found = comparePair(a, b, metric, targetHalfWidth, headlineSide);
        if (!found) continue;
        const { roundsNeeded: _needed, logSd: _sd, ...comparison } = found;
        comparisons.push(comparison);
        if (sideOf(b).kind === 'processes') {
          // One family per workload, metric and role (the declared processes side, or another variant): a workload's
          // verdicts do not change with what else the run measured, --filter included.
          const key = JSON.stringify([comparison.workload, metric.key, bSide === headlineSide]);
          families.set(key, [...(families.get(key) ?? []), comparison]);
        }
      }
    }
  }
  for (const family of families.values()) {
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
  comparisons.push(...compareIsolation(cases));
  return comparisons;
}

export function findComparison(comparisons: readonly Comparison[], key: ComparisonKey): Comparison | undefined {
  const wanted = keyId(key);
  return comparisons.find((item) => keyId(keyOf(item)) === wanted);
}
