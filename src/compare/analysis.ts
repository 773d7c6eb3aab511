import type { CaseResult, Comparison, RunResult } from '../result/types.js';
import { median } from '../stats/descriptive.js';
import { MIN_REPETITIONS } from '../stats/compare.js';
import type { CaseParams } from '../workloads/types.js';
import { findCrossovers, type Crossover } from './crossover.js';
import { METRICS, metricSamples } from './metrics.js';
import { recommend, type Recommendation } from './recommend.js';
import { compareWithinRun, findComparison, groupCases, sideLabel } from './within-run.js';

export interface SideFigures {
  label: string;
  state: CaseResult['state'];
  error?: string;
  repetitions: number;
  /** Median over repetitions, by metric key. */
  values: Record<string, number>;
  /** How many times worse than the best side on this metric: the best is 1.00. */
  relative: Record<string, number>;
}

export interface PointAnalysis {
  suite: string;
  workload: string;
  params: CaseParams;
  unit: string;
  latencyDefinition: string;
  sides: SideFigures[];
  /** The processes variant with the best median throughput: threads are compared with processes at their best. */
  bestProcesses?: string;
  /** threads / bestProcesses on every metric they share. */
  ratios: Comparison[];
}

export interface WithinRunAnalysis {
  points: PointAnalysis[];
  comparisons: Comparison[];
  crossovers: Crossover[];
  recommendations: Recommendation[];
  warnings: string[];
}

function sideFigures(result: CaseResult): SideFigures {
  const values: Record<string, number> = {};
  for (const metric of METRICS) {
    const samples = metricSamples(result, metric);
    if (samples.length > 0) values[metric.key] = median(samples);
  }
  return {
    label: sideLabel(result),
    state: result.state,
    ...(result.error ? { error: result.error } : {}),
    repetitions: result.samples.length,
    values,
    relative: {},
  };
}

function fillRelative(sides: SideFigures[]): void {
  for (const metric of METRICS) {
    const present = sides.filter((side) => side.values[metric.key] !== undefined);
    if (present.length === 0) continue;
    const values = present.map((side) => side.values[metric.key]!);
    const best = metric.higherIsBetter ? Math.max(...values) : Math.min(...values);
    for (const side of present) {
      const value = side.values[metric.key]!;
      side.relative[metric.key] = metric.higherIsBetter ? best / value : best === 0 ? (value === 0 ? 1 : Infinity) : value / best;
    }
  }
}

/** Everything the reports show about one run: per-point figures, ratios, crossovers, recommendations and caveats. */
export function analyseRun(result: Pick<RunResult, 'cases' | 'comparisons' | 'complete'> & Partial<RunResult>): WithinRunAnalysis {
  const comparisons = result.comparisons.length > 0 && result.comparisons.every((c) => 'qValue' in c) ? result.comparisons : compareWithinRun(result.cases);
  const points: PointAnalysis[] = [];
  for (const bySide of groupCases(result.cases).values()) {
    const cases = [...bySide.values()];
    const first = cases[0]!;
    const withSummary = cases.find((item) => item.summary)?.summary;
    const sides = cases.map(sideFigures);
    fillRelative(sides);
    const processes = sides.filter((side) => side.label.startsWith('processes') && side.values.throughputPerSec !== undefined);
    const bestProcesses = processes.sort((x, y) => y.values.throughputPerSec! - x.values.throughputPerSec!)[0]?.label;
    const ratios = bestProcesses
      ? METRICS.flatMap((metric) => findComparison(comparisons, first.workload, first.params, metric.key, 'threads', bestProcesses) ?? [])
      : [];
    points.push({
      suite: first.suite,
      workload: first.workload,
      params: first.params,
      unit: withSummary?.throughputUnit ?? '',
      latencyDefinition: withSummary?.latencyDefinition ?? '',
      sides,
      ...(bestProcesses ? { bestProcesses } : {}),
      ratios,
    });
  }
  const warnings: string[] = [];
  const fewest = Math.min(...result.cases.map((item) => item.samples.length).filter((n) => n > 0));
  if (Number.isFinite(fewest) && fewest < MIN_REPETITIONS) {
    warnings.push(`only ${fewest} repetition(s) per case: no interval or verdict can be trusted; run with --repeat 5 or more`);
  }
  const differing = comparisons.filter((c) => c.verdict !== 'same').length;
  if (comparisons.length > 1 && differing > 0) {
    warnings.push(
      `${comparisons.length} comparisons: verdicts use Benjamini-Hochberg q < 0.05, so about 5 % of the ${differing} reported differences may still be false discoveries`,
    );
  }
  const errored = result.cases.filter((item) => item.state === 'errored');
  if (errored.length > 0) warnings.push(`${errored.length} case(s) errored: ${errored.slice(0, 3).map((item) => `${item.id} (${item.error})`).join('; ')}`);
  if (result.complete === false) warnings.push(`the run is incomplete (${result.interruptedBy ?? 'interrupted'}): only finished cases are shown`);
  return { points, comparisons, crossovers: findCrossovers(points), recommendations: recommend(points), warnings };
}
