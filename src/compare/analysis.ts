import type { CaseResult, Comparison, PointRecord, RunResult } from '../result/types.js';
import { paramsLabel } from '../scenario/plan.js';
import { MIN_EFFECT } from '../stats/compare.js';
import { median } from '../stats/descriptive.js';
import { MIN_PAIRED_ROUNDS } from '../stats/paired.js';
import type { CaseParams } from '../workloads/types.js';
import { findCrossovers, type Crossover } from './crossover.js';
import { isFaultCase, isolationPoints, type IsolationPoint } from './isolation.js';
import { METRICS, metricSamples } from './metrics.js';
import { recommend, type Recommendation } from './recommend.js';
import { scalingSweeps, type ScalingSweep } from './scaling.js';
import { memorySlopes, type MemorySlope } from './memory-slope.js';
import { readSide, sideLabel } from './comparison-key.js';
import { compareWithinRun, findComparison, groupCases, headlineProcesses, isHeadline } from './within-run.js';

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
  /** The processes side the headline ratio is taken against, declared in advance (see `headlineProcesses`). */
  processesSide?: string;
  /** threads / processesSide on every metric they share. */
  ratios: Comparison[];
}

/** How many headline ratios the run decided to its target, and what the rest would need. */
export interface Decision {
  decided: number;
  headline: number;
  /** Headline verdicts: a winner (either side), the same within ±5 %, undecided. */
  verdicts: { winner: number; same: number; undecided: number };
  targetHalfWidth: number;
  open: OpenRatio[];
  /**
   * The budget a run on this machine would need to decide the open ratios within reach (those whose rounds needed
   * fit `maxRounds`): the seconds this one used plus each one's `moreSeconds`. Null without a budget or when none is.
   */
  budgetForAll: { seconds: number; ratios: number } | null;
  /** Points the budget left out before they ran (result `leftOut`): none of their ratios is counted above. */
  leftOut: number;
}

/** A headline ratio wider than the target: its noise and what would decide it. */
export interface OpenRatio {
  label: string;
  b: string;
  halfWidth: number;
  cv: number | null;
  rounds: number | null;
  roundsNeeded: number | null;
  /** Seconds of the rounds still needed, at this point's cost per round (its opening left out); null when out of reach or unknown. */
  moreSeconds: number | null;
  /** When the target needs more rounds than a point may take: the round limit, and the half-width it allows. */
  beyond: { maxRounds: number; reachableHalfWidth: number } | null;
}

export interface WithinRunAnalysis {
  decision: Decision;
  points: PointAnalysis[];
  comparisons: Comparison[];
  crossovers: Crossover[];
  /** Pool-size sweeps: speed-up over one event loop and parallel efficiency per pool side. */
  scaling: ScalingSweep[];
  /** Memory per additional agent, per side, where a workload swept its agent count. */
  memorySlopes: MemorySlope[];
  recommendations: Recommendation[];
  /** Faults points: what each fault cost each side, with the isolation verdicts (not among `points`: they have no throughput). */
  isolation: IsolationPoint[];
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
  const target = result.budget?.targetHalfWidth ?? MIN_EFFECT;
  const current = result.comparisons.length > 0 && result.comparisons.every((c) => 'qValue' in c && 'halfWidth' in c);
  const comparisons = current ? result.comparisons : compareWithinRun(result.cases, target);
  const points: PointAnalysis[] = [];
  for (const bySide of groupCases(result.cases.filter((item) => !isFaultCase(item) && item.workload !== 'faults')).values()) {
    const cases = [...bySide.values()];
    const first = cases[0]!;
    const withSummary = cases.find((item) => item.summary)?.summary;
    const sides = cases.map(sideFigures);
    fillRelative(sides);
    const processesSide = headlineProcesses(sides.filter((side) => side.values.throughputPerSec !== undefined).map((side) => side.label));
    const ratios = processesSide
      ? METRICS.flatMap((metric) => findComparison(comparisons, { workload: first.workload, params: first.params, metric: metric.key, a: { kind: 'threads' }, b: readSide(processesSide) }) ?? [])
      : [];
    points.push({
      suite: first.suite,
      workload: first.workload,
      params: first.params,
      unit: withSummary?.throughputUnit ?? '',
      latencyDefinition: withSummary?.latencyDefinition ?? '',
      sides,
      ...(processesSide ? { processesSide } : {}),
      ratios,
    });
  }
  const warnings: string[] = [...(result.noise?.warnings ?? [])];
  const fewest = Math.min(...comparisons.filter(isHeadline).map((comparison) => comparison.rounds ?? Infinity));
  if (Number.isFinite(fewest) && fewest < MIN_PAIRED_ROUNDS) {
    warnings.push(`only ${fewest} round(s) at some point: a paired interval needs ${MIN_PAIRED_ROUNDS} or more; run with --repeat ${MIN_PAIRED_ROUNDS} or more`);
  }
  if (result.leftOut?.length) {
    warnings.push(
      `${result.leftOut.length} point(s) left out to fit the budget of ${result.budget?.budgetSeconds ?? '?'} s, least informative first: ${result.leftOut.join(', ')} (--budget for more time, or --filter for fewer points)`,
    );
  }
  const errored = result.cases.filter((item) => item.state === 'errored');
  if (errored.length > 0) warnings.push(`${errored.length} case(s) errored: ${errored.slice(0, 3).map((item) => `${item.id} (${item.error})`).join('; ')}`);
  if (result.complete === false) warnings.push(`the run is incomplete (${result.interruptedBy ?? 'interrupted'}): only finished cases are shown`);
  return { decision: decisionOf(comparisons, result.points ?? [], target, result.budget, result.leftOut?.length ?? 0), points, comparisons, crossovers: findCrossovers(points), scaling: scalingSweeps(points), memorySlopes: memorySlopes(result.cases.filter((item) => !isFaultCase(item))), recommendations: recommend(points), isolation: isolationPoints(result.cases), warnings };
}

/** What one more round of a point costs: its seconds less opening its pools and the memory pass, per round. */
export function roundSeconds(record: PointRecord): number {
  return Math.max(0, record.seconds - record.openSeconds - (record.aloneSeconds ?? 0)) / record.rounds;
}

/** "N of M headline ratios decided within ±5 %", and for the others their noise and what they would take. */
function decisionOf(comparisons: readonly Comparison[], records: readonly PointRecord[], targetHalfWidth: number, budget: RunResult['budget'], leftOut: number): Decision {
  const headline = comparisons.filter(isHeadline);
  const maxRounds = budget?.maxRounds;
  const open = headline
    .filter((comparison) => !((comparison.halfWidth ?? Infinity) <= targetHalfWidth))
    .map((comparison): OpenRatio => {
      const record = records.find((item) => item.workload === comparison.workload && JSON.stringify(item.params) === JSON.stringify(comparison.params));
      // Without a round-to-round noise (fewer than two rounds) the rounds needed are a placeholder, not an estimate.
      const known = record !== undefined && record.rounds > 0 && record.ratioCv != null && record.roundsNeeded != null && Number.isFinite(record.roundsNeeded);
      const needed = known ? record!.roundsNeeded! : null;
      // A half-width shrinks as one over the square root of the rounds: what the round limit allows at this noise.
      const beyond =
        known && maxRounds !== undefined && needed! > maxRounds ? { maxRounds, reachableHalfWidth: targetHalfWidth * Math.sqrt(needed! / maxRounds) } : null;
      return {
        label: `${comparison.workload} ${paramsLabel(comparison.params).replace(/ ?poolSize=\d+/, '')}`,
        b: comparison.b,
        halfWidth: comparison.halfWidth ?? Infinity,
        cv: record?.ratioCv ?? null,
        rounds: comparison.rounds ?? null,
        roundsNeeded: needed,
        moreSeconds: known && !beyond ? Math.max(0, needed! - record!.rounds) * roundSeconds(record!) : null,
        beyond,
      };
    })
    .sort((x, y) => y.halfWidth - x.halfWidth);
  const winner = headline.filter((comparison) => comparison.verdict === 'a' || comparison.verdict === 'b').length;
  const same = headline.filter((comparison) => comparison.verdict === 'same').length;
  const reachable = open.filter((item) => item.moreSeconds !== null);
  // Rounded up to 10 s: the figures come from noise estimates, not to the second.
  const budgetForAll =
    budget && budget.budgetSeconds > 0 && reachable.length > 0
      ? { seconds: Math.ceil((budget.usedSeconds + reachable.reduce((total, item) => total + item.moreSeconds!, 0)) / 10) * 10, ratios: reachable.length }
      : null;
  return {
    decided: headline.length - open.length,
    headline: headline.length,
    verdicts: { winner, same, undecided: headline.length - winner - same },
    targetHalfWidth,
    open,
    budgetForAll,
    leftOut,
  };
}
