import type { MetricChange } from '../compare/baseline.js';
import { METRICS, metricSamples } from '../compare/metrics.js';
import { readSide, sideLabel } from '../compare/comparison-key.js';
import { median } from '../stats/descriptive.js';
import type { ReportInput, Reporter } from './types.js';

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Against a baseline (empty without one): the change of this case and metric, its interval, what it could detect, the verdict. */
const BASELINE_COLUMNS = ['baseline_change', 'baseline_ci95_low', 'baseline_ci95_high', 'baseline_detectable', 'baseline_verdict', 'baseline_status'];

function baselineCells(change: MetricChange | undefined): Array<string | number | undefined> {
  return change ? [change.change, change.ci95[0], change.ci95[1], change.detectable, change.verdict, change.status] : BASELINE_COLUMNS.map(() => undefined);
}

/** One row per case and metric: the median over repetitions, the spread, and the threads/processes ratio where there is one. */
export const csvReporter: Reporter = {
  name: 'csv',
  extension: 'csv',
  render({ result, analysis, baseline }: ReportInput): string {
    const header = ['case', 'suite', 'workload', 'backend', 'variant', 'params', 'state', 'metric', 'unit', 'median', 'min', 'max', 'repetitions', 'ratio_vs', 'ratio', 'ci95_low', 'ci95_high', 'p_value', 'q_value', 'verdict', ...BASELINE_COLUMNS];
    const rows = [header.join(',')];
    for (const item of result.cases) {
      for (const metric of METRICS) {
        const values = metricSamples(item, metric);
        if (values.length === 0) continue;
        const label = sideLabel(item);
        const ratio = analysis.comparisons.find(
          (c) => c.a === label && c.metric === metric.key && c.workload === item.workload && JSON.stringify(c.params) === JSON.stringify(item.params) && readSide(c.b).kind === 'processes',
        );
        rows.push(
          [
            item.id, item.suite, item.workload, item.backend, item.variant,
            Object.entries(item.params).map(([k, v]) => `${k}=${v}`).join(' '),
            item.state, metric.key,
            metric.key === 'throughputPerSec' ? item.summary?.throughputUnit : metric.kind,
            median(values), Math.min(...values), Math.max(...values), values.length,
            ratio?.b, ratio?.ratio, ratio?.ci95[0], ratio?.ci95[1], ratio?.pValue, ratio?.qValue, ratio?.verdict,
            ...baselineCells(baseline?.comparison.changes.find((c) => c.caseId === item.id && c.metric === metric.key)),
          ]
            .map(cell)
            .join(','),
        );
      }
    }
    return `${rows.join('\n')}\n`;
  },
};
