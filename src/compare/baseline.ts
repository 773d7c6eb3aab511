import { environmentDifferences } from '../measure/environment.js';
import type { CaseResult, RunResult } from '../result/types.js';
import {
  allPositive,
  familyLevel,
  intervalAt,
  minimumDetectableChange,
  repetitionsToDetect,
  welchLogRatio,
  withSpread,
  betweenRunSpread,
  type BetweenRuns,
  type FamilyMember,
  type UnpairedRatio,
} from '../stats/unpaired.js';
import { geometricMean } from '../stats/descriptive.js';
import type { CaseParams } from '../workloads/types.js';
import { METRICS, metricSamples, type MetricDefinition } from './metrics.js';
import { thresholdFor, type Thresholds, type ThresholdsFile } from './thresholds.js';
import { sideLabel } from './comparison-key.js';

/**
 * Metrics whose failures fail `--fail-on-regression`: throughput, the
 * lab's headline, and total memory. Latency percentiles, memory per agent and
 * communication share get verdicts too but only inform: per-repetition tail
 * percentiles are noisy and mostly move with throughput, and memory per agent
 * is RSS less a baseline, divided.
 */
export const GATING_METRICS: readonly string[] = ['throughputPerSec', 'rssBytes'];

/** Chance of any false failure allowed per family of comparisons (gating, informational). */
export const FAMILY_ALPHA = 0.05;

/**
 * `regression` / `improvement`: the interval at the family's level excludes
 * no change and the estimate is beyond the warn threshold in that direction.
 * `same`: the whole 95 % interval lies within ±warn. `inconclusive`: the estimate is beyond
 * the fail threshold but the interval includes no change. `undecided`: none
 * of these; the interval is too wide to call the change small.
 */
export type BaselineVerdict = 'regression' | 'improvement' | 'same' | 'inconclusive' | 'undecided';

/**
 * What a change means for the gate. `failure`: a regression beyond the fail
 * threshold on a gating metric (exit 1). `inconclusive`: a gating metric
 * whose estimate is worse than the fail threshold, undecided (exit 3).
 * `warning`: any other regression. `improvement`, `ok`: no action.
 */
export type ChangeStatus = 'failure' | 'inconclusive' | 'warning' | 'improvement' | 'ok';

export interface MetricChange {
  caseId: string;
  workload: string;
  side: string;
  params: CaseParams;
  metric: string;
  higherIsBetter: boolean;
  /** Geometric means over repetitions. */
  base: number;
  head: number;
  /** Repetitions: baseline, head. */
  n: [number, number];
  /** Ratio of geometric means − 1. */
  change: number;
  /** 95 % interval of the change (Welch's t on log values). */
  ci95: [number, number];
  /** Confidence of the interval the verdict used: the family's level (see `familyLevel`). */
  verdictConfidence: number;
  /** Interval of the change at `verdictConfidence`. */
  ciVerdict: [number, number];
  pValue: number;
  /** Smallest change this comparison could detect at the verdict's level with 80 % power, ± (exp(δ) − 1). */
  detectable: number;
  /** Pooled standard deviation of the log values: about the CV of one repetition. */
  noise: number;
  gating: boolean;
  verdict: BaselineVerdict;
  status: ChangeStatus;
  threshold: Thresholds;
  note?: string;
}

export interface ComparisonFamily {
  /** Comparisons in the family. */
  size: number;
  /** Confidence of the intervals its verdicts use. */
  confidence: number;
}

export interface BaselineComparison {
  changes: MetricChange[];
  onlyInBase: string[];
  onlyInHead: string[];
  environmentWarnings: string[];
  failures: MetricChange[];
  inconclusive: MetricChange[];
  warnings: MetricChange[];
  improvements: MetricChange[];
  /** Metric comparisons left out because a value was zero or negative (no log scale): metric keys with counts. */
  notCompared: Record<string, number>;
  gatingMetrics: readonly string[];
  families: { gating: ComparisonFamily; informational: ComparisonFamily };
  /** By metric: how the run moved as a whole, and the case-to-case spread added to every case's uncertainty. */
  betweenRuns: Record<string, BetweenRuns>;
}

function environmentWarnings(base: RunResult, head: RunResult): string[] {
  const warnings: string[] = [];
  const fields: Array<[string, unknown, unknown]> = [
    ['CPU count', base.env.availableParallelism, head.env.availableParallelism],
    ['CPU model', base.env.cpuModel, head.env.cpuModel],
    ['Node.js', base.env.node, head.env.node],
    ['pool size', base.scenario.poolSize, head.scenario.poolSize],
    ...environmentDifferences(base.env, head.env),
  ];
  for (const [name, a, b] of fields) {
    if (a !== b) warnings.push(`${name} differs: baseline ${a}, head ${b}; changes may come from the machine, not the code`);
  }
  return warnings;
}

interface Measured {
  base: CaseResult;
  head: CaseResult;
  metric: MetricDefinition;
  result: UnpairedRatio;
  threshold: Thresholds;
  gating: boolean;
}

/** How far a ratio is on the worse side of no change (positive = worse), as a relative change. */
function worseBy(ratio: number, higherIsBetter: boolean): number {
  return higherIsBetter ? 1 - ratio : ratio - 1;
}

/** |log| of the ratio at which a change in the worse direction crosses `share`. */
function worseLog(share: number, higherIsBetter: boolean): number {
  return Math.abs(higherIsBetter ? Math.log1p(-Math.min(share, 0.999999)) : Math.log1p(share));
}

const percent = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;

function judge(item: Measured, alpha: number): Pick<MetricChange, 'verdict' | 'status' | 'note'> {
  const { result, threshold, gating } = item;
  const { higherIsBetter } = item.metric;
  const [lo, hi] = intervalAt(result, alpha);
  const [lo95, hi95] = result.ci;
  const worse = worseBy(result.ratio, higherIsBetter);
  const decided = lo > 1 || hi < 1;
  // Equivalence fails nothing, so it needs no family correction: the 95 % interval inside ±warn.
  if (lo95 >= 1 - threshold.warn && hi95 <= 1 + threshold.warn) return { verdict: 'same', status: 'ok' };
  if (decided && worse > threshold.warn) {
    const failing = gating && worse > threshold.fail;
    const note = worse > threshold.fail ? (gating ? undefined : 'beyond the fail threshold; this metric does not gate') : `beyond warn (${percent(threshold.warn)}), within fail (${percent(threshold.fail)})`;
    return { verdict: 'regression', status: failing ? 'failure' : 'warning', ...(note ? { note } : {}) };
  }
  if (decided && -worse > threshold.warn) return { verdict: 'improvement', status: 'improvement' };
  if (Math.abs(worse) > threshold.fail) {
    const confidence = `${((1 - alpha) * 100).toPrecision(3)} %`;
    const needed = repetitionsToDetect(result, result.ratio - 1, alpha);
    const note = `the ${confidence} interval includes no change; about ${needed >= 1000 ? '1000+' : needed} repetitions per side would decide a change this size`;
    return { verdict: 'inconclusive', status: gating && worse > 0 ? 'inconclusive' : 'ok', note };
  }
  if (decided) return { verdict: 'undecided', status: 'ok', note: `a real change, under the warn threshold (${percent(threshold.warn)}) but not provably within it` };
  return { verdict: 'undecided', status: 'ok' };
}

function toChange(item: Measured, alpha: number): MetricChange {
  const { base, head, metric, result, threshold, gating } = item;
  const [lo95, hi95] = intervalAt(result, 0.05);
  const [lo, hi] = intervalAt(result, alpha);
  return {
    caseId: head.id,
    workload: head.workload,
    side: sideLabel(head),
    params: head.params,
    metric: metric.key,
    higherIsBetter: metric.higherIsBetter,
    base: geometricMean(metricSamples(base, metric)),
    head: geometricMean(metricSamples(head, metric)),
    n: [result.n[1], result.n[0]],
    change: result.ratio - 1,
    ci95: [lo95 - 1, hi95 - 1],
    verdictConfidence: 1 - alpha,
    ciVerdict: [lo - 1, hi - 1],
    pValue: result.pValue,
    detectable: minimumDetectableChange(result, alpha),
    noise: result.logSd,
    gating,
    threshold,
    ...judge(item, alpha),
  };
}

/**
 * Every case of head against the same case of the baseline, metric by
 * metric, with Welch's t on log values (`src/stats/unpaired.ts`): runs are
 * not paired, so repetitions are compared as two independent samples.
 * Gating and informational metrics form two families; each family's
 * verdicts use one level, chosen so that a false failure anywhere in it has
 * at most a 5 % chance (`familyLevel`).
 */
export function compareWithBaseline(base: RunResult, head: RunResult, thresholds: ThresholdsFile): BaselineComparison {
  const baseCases = new Map(base.cases.filter((item) => item.samples.length > 0).map((item) => [item.id, item]));
  const headCases = new Map(head.cases.filter((item) => item.samples.length > 0).map((item) => [item.id, item]));
  const measured: Measured[] = [];
  const notCompared: Record<string, number> = {};
  for (const headCase of headCases.values()) {
    const baseCase = baseCases.get(headCase.id);
    if (!baseCase) continue;
    for (const metric of METRICS) {
      const baseValues = metricSamples(baseCase, metric);
      const headValues = metricSamples(headCase, metric);
      if (baseValues.length === 0 || headValues.length === 0) continue;
      if (!allPositive(baseValues) || !allPositive(headValues)) {
        notCompared[metric.key] = (notCompared[metric.key] ?? 0) + 1;
        continue;
      }
      const threshold = thresholdFor(thresholds, metric.key);
      const result = welchLogRatio(headValues, baseValues);
      measured.push({ base: baseCase, head: headCase, metric, result, threshold, gating: GATING_METRICS.includes(metric.key) });
    }
  }
  // Two runs differ by more than their repetitions say: a machine whose speed drifts moves different points of a
  // run by different amounts. That spread, estimated over each metric's cases, is added to every case's error.
  const betweenRuns: Record<string, BetweenRuns> = {};
  for (const metric of METRICS) {
    const members = measured.filter((item) => item.metric === metric);
    if (members.length === 0) continue;
    const spread = betweenRunSpread(members.map((item) => item.result));
    betweenRuns[metric.key] = spread;
    for (const item of members) item.result = withSpread(item.result, spread.spread);
  }
  const levelOf = (members: readonly Measured[]): number =>
    familyLevel(
      members.map((item): FamilyMember => ({ result: item.result, failLog: worseLog(item.threshold.fail, item.metric.higherIsBetter) })),
      FAMILY_ALPHA,
    );
  const gating = measured.filter((item) => item.gating);
  const informational = measured.filter((item) => !item.gating);
  const gatingAlpha = levelOf(gating);
  const informationalAlpha = levelOf(informational);
  const changes = measured.map((item) => toChange(item, item.gating ? gatingAlpha : informationalAlpha));
  return {
    changes,
    onlyInBase: [...baseCases.keys()].filter((id) => !headCases.has(id)),
    onlyInHead: [...headCases.keys()].filter((id) => !baseCases.has(id)),
    environmentWarnings: environmentWarnings(base, head),
    failures: changes.filter((change) => change.status === 'failure'),
    inconclusive: changes.filter((change) => change.status === 'inconclusive'),
    warnings: changes.filter((change) => change.status === 'warning'),
    improvements: changes.filter((change) => change.status === 'improvement'),
    notCompared,
    gatingMetrics: GATING_METRICS,
    families: {
      gating: { size: gating.length, confidence: 1 - gatingAlpha },
      informational: { size: informational.length, confidence: 1 - informationalAlpha },
    },
    betweenRuns,
  };
}

/** Size of a change for ordering: |log ratio|, so a halving and a doubling rank alike. */
export function changeSize(change: MetricChange): number {
  return Math.abs(Math.log1p(change.change));
}

/** Rows a report shows and what it folds into counts. */
export interface ChangeSelection {
  rows: MetricChange[];
  /** Comparisons not shown, by verdict. */
  folded: Partial<Record<BaselineVerdict, number>>;
  /** Of the folded, how many had no change at all (|change| under 0.05 %). */
  unchanged: number;
}

/**
 * The changes to show, largest first: every failure and inconclusive
 * change, then the largest others up to `top` rows in all; the rest, and
 * every change under 0.05 %, are folded into counts unless `all`.
 */
export function selectChanges(comparison: BaselineComparison, options: { all?: boolean; top?: number } = {}): ChangeSelection {
  const ordered = [...comparison.changes].sort((a, b) => changeSize(b) - changeSize(a));
  if (options.all) return { rows: ordered, folded: {}, unchanged: 0 };
  const top = options.top ?? 20;
  const mustShow = (change: MetricChange): boolean => change.status === 'failure' || change.status === 'inconclusive';
  const candidates = ordered.filter((change) => !mustShow(change) && Math.abs(change.change) >= 0.0005);
  const room = Math.max(0, top - ordered.filter(mustShow).length);
  const shown = new Set([...ordered.filter(mustShow), ...candidates.slice(0, room)]);
  const folded: Partial<Record<BaselineVerdict, number>> = {};
  let unchanged = 0;
  for (const change of ordered) {
    if (shown.has(change)) continue;
    folded[change.verdict] = (folded[change.verdict] ?? 0) + 1;
    if (Math.abs(change.change) < 0.0005) unchanged++;
  }
  return { rows: ordered.filter((change) => shown.has(change)), folded, unchanged };
}
