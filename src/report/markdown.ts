import type { PointAnalysis } from '../compare/analysis.js';
import { readSide, shortSide } from '../compare/comparison-key.js';
import { selectChanges, type BaselineComparison } from '../compare/baseline.js';
import { metricByKey } from '../compare/metrics.js';
import { paramsLabel } from '../scenario/plan.js';
import { baselineFootnotes, baselineHeadline, changeCells, changeRow, decisionLines, foldedLine, formatMetric, verdictText } from './console.js';
import { formatCount, formatRatio, formatRelative } from './format.js';
import type { ReportInput, Reporter } from './types.js';
import { isMerged } from '../result/merge.js';
import { renderMachines } from './machines.js';
import { isolationMarkdown } from './isolation.js';
import { memorySlopesMarkdown, scalingMarkdown } from './scaling.js';

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
      point.processesSide ? `${formatCount(point.sides.find((s) => s.label === point.processesSide)!.values.throughputPerSec!)} (${shortSide(readSide(point.processesSide))})` : '–',
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

/** Changes against the baseline, largest first, with interval, detectable change and verdict; unchanged rows as counts. */
function baselineSection(comparison: BaselineComparison, showAll = false): string {
  const selection = selectChanges(comparison, { all: showAll });
  const mark = { failure: '❌ ', inconclusive: '❓ ', warning: '⚠️ ', improvement: '✅ ', ok: '' } as const;
  const lines = [`### Against the baseline`, '', `${baselineHeadline(comparison)}.`];
  if (selection.rows.length > 0) {
    lines.push(
      '',
      table(
        ['case', 'metric', 'baseline', 'head', 'change', '95 % interval', 'detectable', 'n', 'verdict'],
        selection.rows.map((c) => changeRow(c, `\`${c.caseId}\``, `${mark[c.status]}${changeCells(c).verdict}`)),
        new Set([2, 3, 4, 5, 6, 7]),
      ),
    );
  }
  const folded = foldedLine(selection);
  if (folded) lines.push('', folded);
  for (const c of selection.rows) {
    if (c.note && (c.status === 'failure' || c.status === 'inconclusive')) lines.push('', `\`${c.caseId}\` ${metricByKey(c.metric)!.label}: ${c.note}`);
  }
  lines.push('', baselineFootnotes(comparison).map((note) => `<sub>${note}</sub>`).join('<br>\n'));
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
    if (baseline) parts.push(baselineSection(baseline.comparison, baseline.showAll ?? false), '');
    const decision = decisionLines(analysis.decision);
    if (decision.length > 0) parts.push(`**${decision[0]}**`, '', ...decision.slice(1).map((line) => `- ${line.trim()}`), '');
    if (analysis.recommendations.length > 0) {
      parts.push('### Recommendations', '', ...analysis.recommendations.map((r) => `- **${r.workload}**: ${r.text}`), '');
    }
    if (analysis.crossovers.length > 0) parts.push('### Crossovers', '', ...analysis.crossovers.map((c) => `- ${c.text}`), '');
    if (analysis.scaling.length > 0) parts.push(scalingMarkdown(analysis.scaling), '');
    if (analysis.memorySlopes.length > 0) parts.push(memorySlopesMarkdown(analysis.memorySlopes), '');
    parts.push('### Summary', '', summaryTable(analysis.points), '');
    if (analysis.isolation.length > 0) parts.push(isolationMarkdown(analysis.isolation), '');
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
