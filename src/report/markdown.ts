import type { PointAnalysis } from '../compare/analysis.js';
import type { BaselineComparison } from '../compare/baseline.js';
import { metricByKey } from '../compare/metrics.js';
import { paramsLabel } from '../scenario/plan.js';
import { formatMetric, verdictText } from './console.js';
import { formatCount, formatPercent, formatRatio, formatRelative } from './format.js';
import type { ReportInput, Reporter } from './types.js';
import { isMerged } from '../result/merge.js';
import { renderMachines } from './machines.js';

function table(headers: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map((_, i) => (rightAligned.has(i) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

function summaryTable(points: readonly PointAnalysis[]): string {
  const rows = points.map((point) => {
    const ratio = point.ratios.find((item) => item.metric === 'throughputPerSec');
    const best = point.sides.find((side) => side.relative.throughputPerSec === 1)?.label ?? '–';
    return [
      point.workload,
      paramsLabel(point.params).replace(/ ?poolSize=\d+/, ''),
      ...['inline', 'threads'].map((label) => {
        const side = point.sides.find((item) => item.label === label);
        return side?.values.throughputPerSec === undefined ? '–' : formatCount(side.values.throughputPerSec);
      }),
      point.bestProcesses ? `${formatCount(point.sides.find((s) => s.label === point.bestProcesses)!.values.throughputPerSec!)} (${point.bestProcesses.replace('processes:', '')})` : '–',
      point.unit,
      best,
      ratio ? formatRatio(ratio.ratio, ratio.ci95) : '–',
      ratio ? `**${verdictText(ratio)}**` : '',
    ];
  });
  return table(
    ['workload', 'params', 'inline', 'threads', 'processes (best)', 'unit', 'fastest', 'threads/processes [95% CI]', 'verdict'],
    rows,
    new Set([2, 3, 4, 7]),
  );
}

function detailTable(point: PointAnalysis): string {
  const rows = point.sides.map((side) => [
    side.label,
    formatMetric('throughputPerSec', side.values.throughputPerSec),
    side.relative.throughputPerSec === undefined ? '–' : formatRelative(side.relative.throughputPerSec),
    formatMetric('latencyP50Ms', side.values.latencyP50Ms),
    formatMetric('latencyP95Ms', side.values.latencyP95Ms),
    formatMetric('latencyP99Ms', side.values.latencyP99Ms),
    formatMetric('perAgentBytes', side.values.perAgentBytes),
    side.state === 'errored' ? `errored: ${side.error}` : '',
  ]);
  return table(['backend', `throughput (${point.unit})`, 'relative', 'p50', 'p95', 'p99', 'memory/agent', ''], rows, new Set([1, 2, 3, 4, 5, 6]));
}

function baselineSection(comparison: BaselineComparison): string {
  const notable = [...comparison.failures, ...comparison.warnings, ...comparison.improvements];
  const lines = [
    `### Against the baseline`,
    '',
    `${comparison.failures.length} failure(s), ${comparison.warnings.length} warning(s), ${comparison.improvements.length} improvement(s) in ${comparison.changes.length} metric comparisons.`,
  ];
  if (notable.length > 0) {
    lines.push(
      '',
      table(
        ['status', 'case', 'metric', 'change [95% CI]', 'p'],
        notable.map((c) => [
          c.status === 'failure' ? '❌ failure' : c.status === 'warning' ? '⚠️ warning' : '✅ improvement',
          `\`${c.caseId}\``,
          metricByKey(c.metric)!.label,
          `${c.change >= 0 ? '+' : ''}${formatPercent(c.change)} [${formatPercent(c.ci95[0])}, ${formatPercent(c.ci95[1])}]`,
          c.pValue.toFixed(3),
        ]),
        new Set([3, 4]),
      ),
    );
  }
  if (comparison.onlyInBase.length > 0) lines.push('', `Only in the baseline: ${comparison.onlyInBase.map((id) => `\`${id}\``).join(', ')}`);
  if (comparison.onlyInHead.length > 0) lines.push('', `Only in the new run: ${comparison.onlyInHead.map((id) => `\`${id}\``).join(', ')}`);
  for (const warning of comparison.environmentWarnings) lines.push('', `> ⚠️ ${warning}`);
  return lines.join('\n');
}

/** Markdown fit for a pull-request comment: verdicts first, details folded. */
export const markdownReporter: Reporter = {
  name: 'markdown',
  extension: 'md',
  render({ result, analysis, baseline }: ReportInput): string {
    const env = result.env;
    const parts = [
      `## lab: ${result.scenario.name} — threads vs processes`,
      '',
      `${env.cpuModel} · ${env.availableParallelism} CPUs · Node ${env.node} · pool size ${result.scenario.poolSize} · ${result.startedAt}${result.complete ? '' : ' · **incomplete**'}`,
      '',
    ];
    if (baseline) parts.push(baselineSection(baseline.comparison), '');
    if (analysis.recommendations.length > 0) {
      parts.push('### Recommendations', '', ...analysis.recommendations.map((r) => `- **${r.workload}**: ${r.text}`), '');
    }
    if (analysis.crossovers.length > 0) parts.push('### Crossovers', '', ...analysis.crossovers.map((c) => `- ${c.text}`), '');
    parts.push('### Summary', '', summaryTable(analysis.points), '');
    if (isMerged(result)) parts.push('### Machines', '', '```', renderMachines(result, analysis), '```', '');
    parts.push('<details><summary>Every backend at every point</summary>', '');
    for (const point of analysis.points) {
      parts.push(`#### ${point.workload} ${paramsLabel(point.params)}`, '', `Latency: ${point.latencyDefinition}.`, '', detailTable(point), '');
    }
    parts.push('</details>', '');
    if (analysis.warnings.length > 0) parts.push(...analysis.warnings.map((warning) => `> ${warning}`), '');
    return parts.join('\n');
  },
};
