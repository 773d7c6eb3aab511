import { groupCases, sideLabel } from '../compare/within-run.js';
import { paramsLabel } from '../scenario/plan.js';
import type { CaseResult, Comparison, RunResult } from '../result/types.js';
import { formatBytes, formatCount, formatMs, formatPercent, formatRatio, renderTable, type Align } from './format.js';

const VERDICT_WORDS = { a: 'threads', b: 'processes', same: '~ same' } as const;

function detailRows(bySide: Map<string, CaseResult>): string[][] {
  return [...bySide.values()].map((result) => {
    const label = sideLabel(result);
    const summary = result.summary;
    if (!summary) return [label, 'errored', '', '', '', '', '', '', result.error ?? ''];
    const latency = summary.latencyMs;
    const extra = Object.entries(summary.metrics)
      .filter(([name]) => name === 'communicationShare' || name === 'bytesPerSec' || name === 'spawnMs')
      .map(([name, value]) =>
        name === 'communicationShare' ? `comm ${formatPercent(value)}` : name === 'bytesPerSec' ? `${formatBytes(value)}/s` : `spawn ${formatMs(value)}`,
      )
      .join(' ');
    return [
      label,
      formatCount(summary.throughputPerSec),
      `±${formatPercent(summary.throughput.relativeMad)}`,
      formatMs(latency.p50),
      formatMs(latency.p95),
      formatMs(latency.p99),
      formatBytes(summary.memory.rssBytes),
      formatBytes(summary.memory.perAgentBytes),
      [result.state === 'errored' ? `errored: ${result.error}` : '', extra].filter(Boolean).join(' '),
    ];
  });
}

/** One block per workload and parameter point: every side with throughput, latency and memory. */
export function renderDetails(result: Pick<RunResult, 'cases'>): string {
  const blocks: string[] = [];
  for (const bySide of groupCases(result.cases).values()) {
    const first = [...bySide.values()][0]!;
    const unit = [...bySide.values()].find((item) => item.summary)?.summary;
    blocks.push(
      [
        `${first.workload}  ${paramsLabel(first.params)}`,
        unit ? `  throughput in ${unit.throughputUnit}; latency = ${unit.latencyDefinition}` : '',
        indent(
          renderTable(
            ['backend', 'throughput', 'spread', 'p50', 'p95', 'p99', 'rss', 'per agent', ''],
            detailRows(bySide),
            ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
          ),
        ),
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
  return blocks.join('\n\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** The processes variant with the best median throughput: threads are compared with processes at their best. */
function bestProcesses(bySide: Map<string, CaseResult>): string | undefined {
  let best: CaseResult | undefined;
  for (const [label, result] of bySide) {
    if (!label.startsWith('processes') || !result.summary) continue;
    if (!best || result.summary.throughputPerSec > best.summary!.throughputPerSec) best = result;
  }
  return best ? sideLabel(best) : undefined;
}

function findComparison(comparisons: readonly Comparison[], item: CaseResult, b: string): Comparison | undefined {
  const params = JSON.stringify(item.params);
  return comparisons.find(
    (comparison) =>
      comparison.workload === item.workload &&
      JSON.stringify(comparison.params) === params &&
      comparison.metric === 'throughputPerSec' &&
      comparison.a === 'threads' &&
      comparison.b === b,
  );
}

/** One row per workload and parameter point: median throughput per side and threads/processes with its interval and verdict. */
export function renderSummary(result: Pick<RunResult, 'cases' | 'comparisons'>): string {
  const groups = [...groupCases(result.cases).values()];
  const sides = [...new Set(result.cases.map(sideLabel))];
  const rows = groups.map((bySide) => {
    const first = [...bySide.values()][0]!;
    const best = bestProcesses(bySide);
    const comparison = best ? findComparison(result.comparisons, first, best) : undefined;
    return [
      first.workload,
      paramsLabel(first.params).replace(/ ?poolSize=\d+/, ''),
      [...bySide.values()].find((item) => item.summary)?.summary?.throughputUnit ?? '',
      ...sides.map((side) => {
        const summary = bySide.get(side)?.summary;
        return summary ? formatCount(summary.throughputPerSec) : bySide.has(side) ? 'err' : '';
      }),
      comparison ? `${formatRatio(comparison.ratio, comparison.ci95)} vs ${best!.replace('processes:', '')}` : '–',
      comparison ? `${VERDICT_WORDS[comparison.verdict]}${comparison.verdict === 'same' ? '' : ` p=${comparison.pValue.toFixed(3)}`}` : '',
    ];
  });
  const headers = ['workload', 'params', 'unit', ...sides, 'threads/processes', 'verdict'];
  const align: Align[] = ['left', 'left', 'left', ...sides.map((): Align => 'right'), 'left', 'left'];
  return renderTable(headers, rows, align);
}

export function renderConsoleReport(result: RunResult, resultPath: string): string {
  const verdicts = result.comparisons.filter((c) => c.metric === 'throughputPerSec' && c.a === 'threads' && c.b.startsWith('processes'));
  const significant = verdicts.filter((c) => c.verdict !== 'same').length;
  const notes = [
    `ratios are median threads / median processes (best IPC variant) throughput, with a bootstrap 95 % interval over repetitions`,
    `and a Mann-Whitney U test; "~ same" when the interval includes 1, p ≥ 0.05 or the difference is under 5 %.`,
    verdicts.length > 1
      ? `${significant} of ${verdicts.length} threads/processes throughput comparisons differ; at α = 0.05 about ${(verdicts.length * 0.05).toFixed(1)} could be chance.`
      : '',
    result.complete ? '' : `INCOMPLETE: ${result.interruptedBy ?? 'interrupted'}; the cases above are those finished.`,
    `result: ${resultPath}`,
  ].filter(Boolean);
  return [renderDetails(result), '', renderSummary(result), '', ...notes].join('\n');
}
