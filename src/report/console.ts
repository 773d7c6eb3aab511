import type { Decision, OpenRatio, PointAnalysis, SideFigures } from '../compare/analysis.js';
import { selectChanges, type BaselineComparison, type ChangeSelection, type MetricChange } from '../compare/baseline.js';
import { backendOf, formatPair, formatSide, keyOf, readSide, shortSide } from '../compare/comparison-key.js';
import { metricByKey } from '../compare/metrics.js';
import type { Comparison } from '../result/types.js';
import { paramsLabel } from '../scenario/plan.js';
import { formatBytes, formatCount, formatMs, formatPercent, formatRatio, formatRelative, formatSignedPercent, renderTable, type Align } from './format.js';
import type { ReportInput, Reporter } from './types.js';
import { isMerged } from '../result/merge.js';
import { renderMachines } from './machines.js';
import { renderIsolation } from './isolation.js';
import { renderProfiles } from './profiles.js';
import { renderMemorySlopes, renderScaling } from './scaling.js';
import { renderSoak } from './soak.js';

export const VERDICT_WORDS = { a: 'threads', b: 'processes', same: 'same ±5%', undecided: 'undecided' } as const;

export function formatMetric(key: string, value: number | undefined): string {
  if (value === undefined) return '–';
  switch (metricByKey(key)?.kind) {
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    case 'share':
      return formatPercent(value);
    default:
      return formatCount(value);
  }
}

export function verdictText(comparison: Comparison): string {
  if (comparison.verdict === 'a' || comparison.verdict === 'b') return `${VERDICT_WORDS[comparison.verdict]} (q=${comparison.qValue.toFixed(3)})`;
  const width = comparison.halfWidth !== undefined && Number.isFinite(comparison.halfWidth) ? ` ±${(comparison.halfWidth * 100).toFixed(1)}%` : '';
  return `${VERDICT_WORDS[comparison.verdict]}${width}`;
}

export function pointTitle(point: PointAnalysis): string {
  return `${point.workload}  ${paramsLabel(point.params)}`;
}

function sideRow(side: SideFigures): string[] {
  if (side.repetitions === 0) return [side.label, 'errored', '', '', '', '', '', '', side.error ?? ''];
  const v = side.values;
  const note = [
    v.communicationShare !== undefined ? `comm ${formatPercent(v.communicationShare)}` : '',
    side.state === 'errored' ? `errored: ${side.error}` : '',
  ];
  return [
    side.label,
    formatCount(v.throughputPerSec!),
    formatRelative(side.relative.throughputPerSec ?? 1),
    formatMs(v.latencyP50Ms!),
    formatMs(v.latencyP95Ms!),
    formatMs(v.latencyP99Ms!),
    formatBytes(v.rssBytes ?? null),
    formatBytes(v.perAgentBytes ?? null),
    note.filter(Boolean).join(' '),
  ];
}

function ratioLine(point: PointAnalysis): string {
  const parts = point.ratios
    .filter((ratio) => ['throughputPerSec', 'latencyP99Ms', 'perAgentBytes'].includes(ratio.metric))
    .map((ratio) => `${metricByKey(ratio.metric)!.label} ${formatRatio(ratio.ratio, ratio.ci95)} ${verdictText(ratio)}`);
  return parts.length > 0 ? `  ${formatPair({ kind: 'threads' }, readSide(point.processesSide!))}: ${parts.join(' · ')}` : '';
}

/** For a point of an option compared with another (typeorm against pg): the ratio on every side. */
function optionLine(point: PointAnalysis, comparisons: readonly Comparison[]): string {
  const rest = JSON.stringify(Object.fromEntries(Object.entries(point.params).filter(([k]) => k !== 'client')));
  const own = comparisons
    .map((c) => ({ c, key: keyOf(c) }))
    .filter(
      ({ c, key }) =>
        key.workload === point.workload &&
        key.metric === 'throughputPerSec' &&
        key.a.option !== undefined &&
        String(point.params.client) === key.a.option &&
        point.sides.some((side) => side.label === formatSide(backendOf(key.a))) &&
        JSON.stringify(c.params) === rest,
    );
  if (own.length === 0) return '';
  const [option, other] = [own[0]!.key.a.option, own[0]!.key.b.option];
  return `  ${option} / ${other} throughput: ${own.map(({ c, key }) => `${formatSide(backendOf(key.a))} ${formatRatio(c.ratio, c.ci95)}`).join(' · ')}`;
}

/** One block per workload and parameter point: every side's throughput, relative, latency and memory. */
export function renderDetails(points: readonly PointAnalysis[], comparisons: readonly Comparison[] = []): string {
  return points
    .map((point) =>
      [
        pointTitle(point),
        `  throughput in ${point.unit}; latency = ${point.latencyDefinition}`,
        renderTable(
          ['backend', 'throughput', 'relative', 'p50', 'p95', 'p99', 'rss', 'per agent', ''],
          point.sides.map(sideRow),
          ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
        )
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
        ratioLine(point),
        optionLine(point, comparisons),
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n\n');
}

/** One row per workload and parameter point: median throughput per side, threads/processes with interval and verdict. */
export function renderSummary(points: readonly PointAnalysis[]): string {
  const sides = [...new Set(points.flatMap((point) => point.sides.map((side) => side.label)))];
  const rows = points.map((point) => {
    const ratio = point.ratios.find((item) => item.metric === 'throughputPerSec');
    return [
      point.workload,
      paramsLabel(point.params).replace(/ ?poolSize=\d+/, ''),
      point.unit,
      ...sides.map((label) => {
        const side = point.sides.find((item) => item.label === label);
        return side ? (side.repetitions > 0 ? formatCount(side.values.throughputPerSec!) : 'err') : '';
      }),
      ratio ? `${formatRatio(ratio.ratio, ratio.ci95)} vs ${shortSide(readSide(point.processesSide!))}` : '–',
      ratio ? verdictText(ratio) : '',
    ];
  });
  const align: Align[] = ['left', 'left', 'left', ...sides.map((): Align => 'right'), 'left', 'left'];
  return renderTable(['workload', 'params', 'unit', ...sides, 'threads/processes', 'verdict'], rows, align);
}

const VERDICT_ORDER = ['regression', 'inconclusive', 'improvement', 'undecided', 'same'] as const;

/** The cells every baseline table shares: change, its 95 % interval, what was detectable, the verdict with its gate status. */
export function changeCells(change: MetricChange): { change: string; interval: string; detectable: string; verdict: string } {
  const gate = change.status === 'failure' ? ` (fails: > ${formatPercent(change.threshold.fail)})` : change.status === 'inconclusive' ? ' (fails --fail-on-regression, exit 3)' : '';
  return {
    change: formatSignedPercent(change.change),
    interval: `[${formatSignedPercent(change.ci95[0])}, ${formatSignedPercent(change.ci95[1])}]`,
    detectable: Number.isFinite(change.detectable) ? `±${formatPercent(change.detectable)}` : '–',
    verdict: `${change.verdict}${gate}`,
  };
}

/** "1 regression (1 failing), 0 inconclusive, … in N metric comparisons of M cases". */
export function baselineHeadline(comparison: BaselineComparison): string {
  const count = (verdict: string): number => comparison.changes.filter((change) => change.verdict === verdict).length;
  const cases = new Set(comparison.changes.map((change) => change.caseId)).size;
  const parts = VERDICT_ORDER.map((verdict) => `${count(verdict)} ${verdict}`);
  return `${parts.join(', ')} in ${comparison.changes.length} metric comparisons of ${cases} cases; ${comparison.failures.length} failing, ${comparison.inconclusive.length} inconclusive on a gating metric`;
}

/** How the verdicts were reached: which metrics gate, at what confidence, what `detectable` means. */
export function baselineFootnotes(comparison: BaselineComparison): string[] {
  const { gating, informational } = comparison.families;
  const level = (confidence: number): string => `${(confidence * 100).toPrecision(3)} %`;
  const labels = comparison.gatingMetrics.map((key) => metricByKey(key)?.label ?? key).join(' and ');
  const notes = [
    `change = ratio of geometric means over repetitions (Welch's t on log values, runs unpaired); detectable = the smallest change the case could detect at its verdict's confidence with 80 % power.`,
    `Gate: ${labels} (${gating.size} comparisons) fail beyond their thresholds; verdicts use ${level(gating.confidence)} intervals, so that a false failure anywhere has at most a 5 % chance. The other ${informational.size} (latency, memory per agent, communication) inform, at ${level(informational.confidence)}.`,
  ];
  const throughput = comparison.betweenRuns?.throughputPerSec;
  if (throughput && throughput.cases > 0) {
    const percent = (share: number): string => `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)} %`;
    notes.push(
      throughput.spread > 0
        ? `Between the two runs, throughput moved by a median of ${percent(throughput.shift)} over ${throughput.cases} cases, and cases spread by ±${(Math.expm1(throughput.spread) * 100).toFixed(1)} % (1 sd) beyond their repetitions' noise: a machine whose speed drifts moves points of a run differently. That spread is part of every case's interval (so more repetitions alone cannot decide a change smaller than it); it is estimated per metric.`
        : `Between the two runs, throughput moved by a median of ${percent(throughput.shift)} over ${throughput.cases} cases, with no spread beyond the repetitions' noise${throughput.cases < 8 ? ' (too few cases to estimate one)' : ''}.`,
    );
  }
  const skipped = Object.entries(comparison.notCompared);
  if (skipped.length > 0) notes.push(`Not compared (a value of 0, no log scale): ${skipped.map(([key, n]) => `${metricByKey(key)?.label ?? key} ×${n}`).join(', ')}.`);
  return notes;
}

/** What was folded out of the table, as one line; empty when nothing was. */
export function foldedLine(selection: ChangeSelection): string {
  const parts = VERDICT_ORDER.filter((verdict) => selection.folded[verdict]).map((verdict) => `${selection.folded[verdict]} ${verdict}`);
  if (parts.length === 0) return '';
  const unchanged = selection.unchanged > 0 ? `; ${selection.unchanged} of them with no change at all` : '';
  return `not shown: ${parts.join(', ')}${unchanged} (--all shows every row)`;
}

/** One row of the baseline table, in the console's and Markdown's column order; each format dresses id and verdict. */
export function changeRow(change: MetricChange, caseId = change.caseId, verdict?: string): string[] {
  const cells = changeCells(change);
  return [
    caseId,
    metricByKey(change.metric)!.label,
    formatMetric(change.metric, change.base),
    formatMetric(change.metric, change.head),
    cells.change,
    cells.interval,
    cells.detectable,
    `${change.n[0]}/${change.n[1]}`,
    verdict ?? (change.status === 'failure' || change.status === 'inconclusive' ? cells.verdict.replace(/^\w+/, (word) => word.toUpperCase()) : cells.verdict),
  ];
}

/** The baseline comparison as a table of changes, largest first; `same` and unchanged rows folded unless `all`. */
export function renderBaseline(comparison: BaselineComparison, options: { all?: boolean } = {}): string {
  const selection = selectChanges(comparison, options);
  const lines = [`Against the baseline: ${baselineHeadline(comparison)}`];
  if (selection.rows.length > 0) {
    lines.push(
      renderTable(
        ['case', 'metric', 'baseline', 'head', 'change', '95 % interval', 'detectable', 'n', 'verdict'],
        selection.rows.map((change) => changeRow(change)),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      ),
    );
  }
  const folded = foldedLine(selection);
  if (folded) lines.push(folded);
  for (const change of selection.rows) {
    if (change.note && (change.status === 'failure' || change.status === 'inconclusive')) lines.push(`  ${change.caseId} ${metricByKey(change.metric)!.label}: ${change.note}`);
  }
  lines.push(...baselineFootnotes(comparison));
  if (comparison.onlyInBase.length > 0) lines.push(`only in the baseline: ${comparison.onlyInBase.join(', ')}`);
  if (comparison.onlyInHead.length > 0) lines.push(`only in the new run: ${comparison.onlyInHead.join(', ')}`);
  for (const warning of comparison.environmentWarnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

export const RATIO_FOOTNOTE = [
  'threads/processes = geometric mean over paired rounds of threads throughput / processes throughput, with a 95 % t interval on the log ratios;',
  'a side wins when the interval excludes 1, Benjamini-Hochberg q < 0.05 and the difference is ≥ 5 %; "same" only when the whole interval lies within ±5 %; otherwise undecided.',
].join('\n');

/** What an open ratio would take: more rounds within the budget, or a wider target when the rounds a point may take cannot reach it. */
function openNeed(open: OpenRatio, target: string): string {
  if (open.roundsNeeded === null) return '';
  const need = `; ${target} needs about ${open.roundsNeeded} rounds`;
  if (open.beyond) {
    const wider = Math.ceil(open.beyond.reachableHalfWidth * 100);
    return `${need}, more than the ${open.beyond.maxRounds} a point may take: about ±${wider}% is within reach (--target-ci ${wider}%)`;
  }
  return `${need}${open.moreSeconds !== null ? ` (~${Math.ceil(open.moreSeconds)} s more: --budget or --target-ci)` : ''}`;
}

/** One sentence of what the run decided, then each undecided ratio with its noise and what it would take. */
export function decisionLines(decision: Decision): string[] {
  if (decision.headline === 0) return [];
  const target = `±${formatPercent(decision.targetHalfWidth)}`;
  const { winner, same, undecided } = decision.verdicts;
  const lines = [
    `Decided: ${decision.decided} of ${decision.headline} threads/processes throughput ratios to within ${target} (95 % intervals); verdicts: ${winner} with a winner, ${same} the same within ±5 %, ${undecided} undecided` +
      (decision.leftOut > 0 ? `; ${decision.leftOut} point(s) left out to fit the budget, not counted.` : '.'),
  ];
  for (const open of decision.open) {
    const width = Number.isFinite(open.halfWidth) ? `±${formatPercent(open.halfWidth)}` : 'no interval';
    const noise = open.cv === null ? '' : `, round-to-round CV ${formatPercent(open.cv)}`;
    lines.push(`  undecided: ${open.label} vs ${open.b}: ${width} after ${open.rounds ?? 0} rounds${noise}${openNeed(open, target)}`);
  }
  const all = decision.budgetForAll;
  if (all && (all.ratios > 1 || all.ratios < decision.open.length)) {
    const which = all.ratios === decision.open.length ? `all ${all.ratios} of them` : `the ${all.ratios} within reach`;
    lines.push(`  ${which}, at this run's noise: about ${all.seconds} s in one run (--budget ${all.seconds}s)`);
  }
  return lines;
}

function renderDecision(decision: Decision): string {
  return decisionLines(decision).join('\n');
}

export const consoleReporter: Reporter = {
  name: 'console',
  extension: 'txt',
  render({ result, analysis, baseline, resultPath }: ReportInput): string {
    // A run of faults points alone has no throughput to tabulate.
    const sections = analysis.points.length > 0 ? [renderDetails(analysis.points, analysis.comparisons), renderSummary(analysis.points)] : [];
    if (isMerged(result)) sections.push(renderMachines(result, analysis));
    if (analysis.points.length > 0) sections.push(renderDecision(analysis.decision), RATIO_FOOTNOTE);
    if (analysis.isolation.length > 0) sections.push(renderIsolation(analysis.isolation));
    if (result.soak?.length) sections.push(renderSoak(result.soak));
    if (result.profiles?.length) sections.push(renderProfiles(result.profiles));
    if (analysis.scaling.length > 0) sections.push(renderScaling(analysis.scaling));
    if (analysis.memorySlopes.length > 0) sections.push(renderMemorySlopes(analysis.memorySlopes));
    if (analysis.crossovers.length > 0) sections.push(['Crossovers:', ...analysis.crossovers.map((c) => `  ${c.text}`)].join('\n'));
    const recommendations = analysis.recommendations.filter((r) => r.text.trim() !== '');
    if (recommendations.length > 0) sections.push(['Recommendations:', ...recommendations.map((r) => `  ${r.workload}: ${r.text}`)].join('\n'));
    if (baseline) sections.push(renderBaseline(baseline.comparison, { all: baseline.showAll ?? false }));
    if (analysis.warnings.length > 0) sections.push(analysis.warnings.map((warning) => `warning: ${warning}`).join('\n'));
    if (resultPath) sections.push(`result: ${resultPath}`);
    // A section with nothing to say (no headline ratio to decide, say) leaves no heading and no blank lines behind.
    return `${sections.filter((section) => section.trim() !== '').join('\n\n')}\n`;
  },
};
