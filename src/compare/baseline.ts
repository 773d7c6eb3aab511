import { environmentDifferences } from '../measure/environment.js';
import type { CaseResult, RunResult } from '../result/types.js';
import { ALPHA } from '../stats/compare.js';
import { median } from '../stats/descriptive.js';
import { bootstrapRatioCi, mannWhitneyU } from '../stats/significance.js';
import type { CaseParams } from '../workloads/types.js';
import { METRICS, metricSamples } from './metrics.js';
import { thresholdFor, type Thresholds, type ThresholdsFile } from './thresholds.js';
import { sideLabel } from './within-run.js';

export type ChangeStatus = 'failure' | 'warning' | 'improvement' | 'ok';

export interface MetricChange {
  caseId: string;
  workload: string;
  side: string;
  params: CaseParams;
  metric: string;
  higherIsBetter: boolean;
  base: number;
  head: number;
  /** head / base − 1. */
  change: number;
  /** 95 % interval of the change, from a bootstrap of median(head) / median(base). */
  ci95: [number, number];
  pValue: number;
  significant: boolean;
  status: ChangeStatus;
  threshold: Thresholds;
  note?: string;
}

export interface BaselineComparison {
  changes: MetricChange[];
  onlyInBase: string[];
  onlyInHead: string[];
  environmentWarnings: string[];
  failures: MetricChange[];
  warnings: MetricChange[];
  improvements: MetricChange[];
}

function classify(change: number, higherIsBetter: boolean, significant: boolean, threshold: Thresholds): { status: ChangeStatus; note?: string } {
  const worse = higherIsBetter ? -change : change;
  if (worse > threshold.warn) {
    if (!significant) return { status: 'ok', note: 'beyond the threshold but not significant' };
    return { status: worse > threshold.fail ? 'failure' : 'warning' };
  }
  if (-worse > threshold.warn && significant) return { status: 'improvement' };
  return { status: 'ok' };
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

function compareCase(base: CaseResult, head: CaseResult, thresholds: ThresholdsFile): MetricChange[] {
  const changes: MetricChange[] = [];
  for (const metric of METRICS) {
    const baseValues = metricSamples(base, metric);
    const headValues = metricSamples(head, metric);
    if (baseValues.length === 0 || headValues.length === 0) continue;
    const baseMedian = median(baseValues);
    if (baseMedian === 0) continue;
    const headMedian = median(headValues);
    const [lo, hi] = bootstrapRatioCi(headValues, baseValues);
    const { pValue } = mannWhitneyU(headValues, baseValues);
    const significant = pValue < ALPHA && !(lo <= 1 && hi >= 1);
    const threshold = thresholdFor(thresholds, metric.key);
    const change = headMedian / baseMedian - 1;
    changes.push({
      caseId: head.id,
      workload: head.workload,
      side: sideLabel(head),
      params: head.params,
      metric: metric.key,
      higherIsBetter: metric.higherIsBetter,
      base: baseMedian,
      head: headMedian,
      change,
      ci95: [lo - 1, hi - 1],
      pValue,
      significant,
      threshold,
      ...classify(change, metric.higherIsBetter, significant, threshold),
    });
  }
  return changes;
}

/**
 * Every case of head against the same case of the baseline, metric by
 * metric. A change is a regression only when it is beyond its threshold in
 * the worse direction and significant (rank test and interval agree).
 */
export function compareWithBaseline(base: RunResult, head: RunResult, thresholds: ThresholdsFile): BaselineComparison {
  const baseCases = new Map(base.cases.filter((item) => item.samples.length > 0).map((item) => [item.id, item]));
  const headCases = new Map(head.cases.filter((item) => item.samples.length > 0).map((item) => [item.id, item]));
  const changes = [...headCases.values()].flatMap((item) => {
    const baseCase = baseCases.get(item.id);
    return baseCase ? compareCase(baseCase, item, thresholds) : [];
  });
  return {
    changes,
    onlyInBase: [...baseCases.keys()].filter((id) => !headCases.has(id)),
    onlyInHead: [...headCases.keys()].filter((id) => !baseCases.has(id)),
    environmentWarnings: environmentWarnings(base, head),
    failures: changes.filter((change) => change.status === 'failure'),
    warnings: changes.filter((change) => change.status === 'warning'),
    improvements: changes.filter((change) => change.status === 'improvement'),
  };
}
