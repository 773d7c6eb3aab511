import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Decision, PointAnalysis, WithinRunAnalysis } from '../compare/analysis.js';
import { changeSize, selectChanges, type BaselineComparison, type MetricChange } from '../compare/baseline.js';
import { baselineFootnotes, baselineHeadline, changeCells, foldedLine } from './console.js';
import { readSide, shortSide } from '../compare/comparison-key.js';
import { contenderLines } from '../compare/contenders.js';
import { metricByKey } from '../compare/metrics.js';
import type { RunResult } from '../result/types.js';
import { paramsLabel } from '../scenario/plan.js';
import { decisionLines, formatMetric, verdictText } from './console.js';
import { formatBytes, formatCount, formatRatio } from './format.js';
import { VERDICT_COLOURS, chartSections, sideColours, type ChartSection, type ChartSpec } from './html-charts.js';
import { CHARTS_SCRIPT, REPORT_CSS } from './html-style.js';
import type { ReportInput, Reporter } from './types.js';
import { isolationHtml } from './isolation.js';
import { profilesHtml } from './profiles.js';

const VERDICT_WORDS = { a: 'threads faster', b: 'processes faster', same: 'the same within ±5 %', undecided: 'undecided: interval too wide' } as const;
const TALLY_WORDS = { a: 'threads', b: 'processes', same: 'same', undecided: 'undecided' } as const;

/**
 * Text for HTML. `://` is broken with an entity as well, so that no text taken
 * from a result (an error message, a path) reads as a network address: the
 * report promises to reference none.
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
    .replaceAll('://', ':&#47;&#47;');
}

/** JSON inside a <script>: `<` escaped so no `</script>` or `<!--` can end it; `\/` keeps addresses from reading as URLs. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('://', ':\\/\\/');
}

/**
 * Third-party JavaScript inside a <script>. These sequences occur in a
 * minified library only in strings, regular expressions and comments, where
 * `\/` still means `/` and `\x21` still means `!`: escaped, they close no
 * element, open no HTML comment and name no address.
 */
export function embedScript(source: string): string {
  return source
    .replace(/<\/(script)/gi, '<\\/$1')
    .replaceAll('<!--', '<\\x21--')
    .replace(/(https?):\/\//gi, '$1:\\/\\/');
}

/** Chart.js's browser bundle, read from the installed package so the report needs no network. */
export function chartLibrary(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(path.join(path.dirname(entry), 'chart.umd.min.js'), 'utf8');
}

/** Parameters that are the same at every point of the run (the pool size) are stated once, in the environment. */
function pointParams(point: PointAnalysis, poolSize: number): string {
  return paramsLabel(Object.fromEntries(Object.entries(point.params).filter(([name, value]) => !(name === 'poolSize' && value === poolSize))));
}

export function chip(colour: string, text: string): string {
  return `<span class="chip"><span class="swatch" style="background:${colour}"></span>${escapeHtml(text)}</span>`;
}

function list(items: readonly string[]): string {
  return `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
}

function workloadCard(workload: string, analysis: WithinRunAnalysis, cases: RunResult['cases']): string {
  const ratios = analysis.points.filter((point) => point.workload === workload).flatMap((point) => point.ratios.filter((r) => r.metric === 'throughputPerSec'));
  const tally = (['a', 'b', 'same', 'undecided'] as const).map((verdict) => chip(VERDICT_COLOURS[verdict], `${TALLY_WORDS[verdict]} ${ratios.filter((r) => r.verdict === verdict).length}`));
  const contenders = contenderLines(cases, workload);
  const recommendation =
    analysis.recommendations.find((item) => item.workload === workload)?.text ??
    (contenders.length > 0 ? 'Fastest at each point (medians over repetitions), and by how much:' : 'No point of this workload ran both threads and processes.');
  const crossovers = analysis.crossovers.filter((item) => item.workload === workload).map((item) => item.text);
  return [
    `<div class="card"><h3>${escapeHtml(workload)}</h3>`,
    ratios.length > 0 ? `<div class="tally"><span class="tally-label">won:</span>${tally.join('')}</div>` : '',
    `<p>${escapeHtml(recommendation)}</p>`,
    ratios.length === 0 && contenders.length > 0 ? list(contenders) : '',
    crossovers.length > 0 ? `<p><strong>Where the answer changes:</strong></p>${list(crossovers)}` : '',
    '</div>',
  ].join('');
}

/** Case ids have no spaces: they may break after `,` and `/`, so a narrow cell wraps them instead of widening the page. */
function breakableId(id: string): string {
  return escapeHtml(id).replace(/([,/])/g, '$1<wbr>');
}

function folded(summary: string, body: string): string {
  return `<details><summary>${escapeHtml(summary)}</summary>${body}</details>`;
}

function changeRow(change: MetricChange): string {
  const metric = metricByKey(change.metric);
  const cells = changeCells(change);
  return `<tr><td><code>${breakableId(change.caseId)}</code></td><td>${escapeHtml(metric?.label ?? change.metric)}</td>
<td class="num">${formatMetric(change.metric, change.base)}</td><td class="num">${formatMetric(change.metric, change.head)}</td>
<td class="num">${cells.change}</td><td class="num">${cells.interval}</td><td class="num">${cells.detectable}</td><td class="num">${change.n[0]}/${change.n[1]}</td>
<td class="status-${change.status}">${escapeHtml(cells.verdict)}</td></tr>`;
}

function changesTable(changes: readonly MetricChange[]): string {
  return `<table><thead><tr><th>case</th><th>metric</th><th class="num">baseline</th><th class="num">this run</th><th class="num">change</th><th class="num">95 % interval</th><th class="num">detectable</th><th class="num">n</th><th>verdict</th></tr></thead>
<tbody>${changes.map(changeRow).join('\n')}</tbody></table>`;
}

/** Changes largest first, failing and inconclusive ones always; every comparison folded below; a changed machine in full. */
function baselineNotice(comparison: BaselineComparison, showAll: boolean): string {
  const selection = selectChanges(comparison, { all: showAll });
  const tone = comparison.failures.length > 0 ? 'failure' : comparison.inconclusive.length + comparison.warnings.length > 0 ? '' : 'ok';
  const parts = [`<div class="notice ${tone}"><p><strong>Against the baseline:</strong> ${escapeHtml(baselineHeadline(comparison))}.</p>`];
  if (comparison.environmentWarnings.length > 0) parts.push(`<p>The machines differ:</p>${list(comparison.environmentWarnings)}`);
  if (selection.rows.length > 0) parts.push(changesTable(selection.rows));
  const hidden = foldedLine(selection).replace(/ \(--all shows every row\)$/, '');
  if (hidden) parts.push(folded(`${hidden}: every comparison`, changesTable([...comparison.changes].sort((a, b) => changeSize(b) - changeSize(a)))));
  const notes = selection.rows.filter((c) => c.note && (c.status === 'failure' || c.status === 'inconclusive'));
  if (notes.length > 0) parts.push(list(notes.map((c) => `${c.caseId} ${metricByKey(c.metric)?.label ?? c.metric}: ${c.note}`)));
  parts.push(`<p class="intro">${baselineFootnotes(comparison).map(escapeHtml).join('<br>')}</p>`);
  if (comparison.onlyInBase.length > 0) parts.push(folded(`${comparison.onlyInBase.length} case(s) only in the baseline`, list(comparison.onlyInBase)));
  if (comparison.onlyInHead.length > 0) parts.push(folded(`${comparison.onlyInHead.length} case(s) only in this run`, list(comparison.onlyInHead)));
  parts.push('</div>');
  return parts.join('\n');
}

function decisionNotice(decision: Decision): string {
  const lines = decisionLines(decision);
  if (lines.length === 0) return '';
  const tone = decision.decided === decision.headline ? 'ok' : '';
  const open = lines.slice(1).map((line) => line.trim());
  return `<div class="notice ${tone}"><p><strong>${escapeHtml(lines[0]!)}</strong></p>${open.length > 0 ? list(open) : ''}</div>`;
}

function summarySection({ result, analysis, baseline }: ReportInput): string {
  const workloads = [...new Set(analysis.points.map((point) => point.workload))];
  return [
    '<section id="summary"><h2>Verdict</h2>',
    '<p class="intro">Threads against processes on throughput, per workload, from paired rounds (both sides ran once in every round, in a shuffled order). A win needs a 95 % interval that excludes 1, q &lt; 0.05 after correcting over the threads/processes ratios, and a difference of at least 5 %; "same" needs the whole interval within ±5 %; anything else is undecided.</p>',
    decisionNotice(analysis.decision),
    baseline ? baselineNotice(baseline.comparison, baseline.showAll ?? false) : '',
    `<div class="cards">${workloads.map((workload) => workloadCard(workload, analysis, result.cases)).join('')}</div>`,
    analysis.warnings.length > 0 ? `<div class="notice"><p><strong>Caveats</strong></p>${list(analysis.warnings)}</div>` : '',
    '</section>',
  ].join('\n');
}

function pointRow(point: PointAnalysis, sides: readonly string[], poolSize: number): string {
  const ratio = point.ratios.find((item) => item.metric === 'throughputPerSec');
  const cells = sides.map((label) => {
    const side = point.sides.find((item) => item.label === label);
    if (!side) return '<td class="num"></td>';
    if (side.repetitions === 0) return `<td class="num" title="${escapeHtml(side.error ?? '')}">errored</td>`;
    const best = side.relative.throughputPerSec === 1 ? ' ★' : '';
    return `<td class="num">${formatCount(side.values.throughputPerSec!)}${best}</td>`;
  });
  const against = ratio ? ` <small>vs ${escapeHtml(shortSide(readSide(point.processesSide!)))}</small>` : '';
  return `<tr><td>${escapeHtml(pointParams(point, poolSize) || 'default')}</td>${cells.join('')}
<td class="num">${ratio ? formatRatio(ratio.ratio, ratio.ci95) : '–'}${against}</td><td class="num win-${ratio?.verdict ?? 'same'}">${ratio ? escapeHtml(verdictText(ratio)) : ''}</td></tr>`;
}

function pointsSection(result: RunResult, analysis: WithinRunAnalysis, sides: readonly string[]): string {
  const workloads = [...new Set(analysis.points.map((point) => point.workload))];
  const groups = workloads.map((workload) => {
    const points = analysis.points.filter((point) => point.workload === workload);
    const heading = `<tr class="group"><th colspan="${sides.length + 3}">${escapeHtml(workload)} <small>throughput in ${escapeHtml(points[0]!.unit)}</small></th></tr>`;
    return [heading, ...points.map((point) => pointRow(point, sides, result.scenario.poolSize))].join('\n');
  });
  return [
    '<section id="points"><h2>Every point</h2>',
    '<p class="intro">Median throughput of each backend over its repetitions; ★ marks the fastest. The ratio is threads ÷ the processes side declared in advance (advanced IPC when the point ran it, else json), with its 95 % interval; q is the p-value corrected over the workload’s threads/processes ratios.</p>',
    `<div class="scroll"><table class="points"><thead><tr><th>parameters</th>${sides.map((label) => `<th class="num">${escapeHtml(label)}</th>`).join('')}<th class="num">threads ÷ processes [95% CI]</th><th class="num">verdict</th></tr></thead>`,
    `<tbody>${groups.join('\n')}</tbody></table></div>`,
    '</section>',
  ].join('\n');
}

function chartSectionHtml(section: ChartSection, firstIndex: number): string {
  const legend = section.verdictLegend
    ? `<div class="legend">${(['a', 'b', 'same', 'undecided'] as const).map((verdict) => chip(VERDICT_COLOURS[verdict], VERDICT_WORDS[verdict])).join('')}${chip('#0f172a', 'whisker: 95 % interval')}</div>`
    : '';
  const blocks = section.charts.map(
    (block, offset) =>
      `<div>${block.title ? `<h3>${escapeHtml(block.title)}</h3>` : ''}${block.note ? `<p class="chart-note">${escapeHtml(block.note)}</p>` : ''}
<div class="chart" style="height:${block.heightPx}px"><canvas data-chart="${firstIndex + offset}" role="img" aria-label="${escapeHtml(block.title ?? section.title)}"></canvas></div></div>`,
  );
  const body = section.charts.length === 0 ? `<p class="empty">${escapeHtml(section.empty)}</p>` : `<div class="${section.layout}">${blocks.join('\n')}</div>`;
  return `<section id="${section.id}"><h2>${escapeHtml(section.title)}</h2><p class="intro">${escapeHtml(section.intro)}</p>${section.charts.length > 0 ? legend : ''}\n${body}</section>`;
}

function environmentRows(result: RunResult): Array<[string, string]> {
  const env = result.env;
  const scenario = result.scenario;
  return [
    ['lab', `${result.lab.version}${result.lab.commit ? ` (${result.lab.commit})` : ''}`],
    ['scenario', `${scenario.name} (${scenario.file}), seed ${scenario.seed}`],
    ['backends', scenario.backends.join(', ')],
    ['pool size', String(scenario.poolSize)],
    ['warm-up / repetitions', `${scenario.warmup} / ${scenario.repeat}`],
    ['filter', scenario.filter ?? 'none'],
    ['started / finished', `${result.startedAt} / ${result.finishedAt ?? 'not finished'}`],
    ['Node.js / V8', `${env.node} / ${env.v8}`],
    ['OS / arch', `${env.os} / ${env.arch}`],
    ['CPU', `${env.cpuModel}: ${env.cpus} CPUs, ${env.availableParallelism} available`],
    ['memory', formatBytes(env.memBytes)],
    ['load average', env.loadavg.join(' ')],
    ['host', `${env.hostname}${env.container ? ' (container)' : ''}`],
  ];
}

function environmentSection(result: RunResult, baseline: RunResult | undefined): string {
  const rows = environmentRows(result);
  const baseRows = baseline ? environmentRows(baseline) : [];
  const head = `<tr><th>field</th><th>this run</th>${baseline ? '<th>baseline</th>' : ''}</tr>`;
  const body = rows.map(([name, value], i) => `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(value)}</td>${baseline ? `<td>${escapeHtml(baseRows[i]![1])}</td>` : ''}</tr>`);
  return `<section id="environment"><h2>Environment</h2><table class="fields"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table></section>`;
}

function rawSection(result: RunResult, resultPath: string | undefined): string {
  const samples = result.cases.reduce((total, item) => total + item.samples.length, 0);
  return [
    '<section id="raw"><h2>Raw samples</h2>',
    `<p class="intro">The complete result (${result.cases.length} cases, ${samples} samples with their latency histograms) is inside this file${resultPath ? `, as written to <code>${escapeHtml(resultPath)}</code>` : ''}. Save it to compare or re-render it later with <code>lab compare</code> and <code>lab report</code>.</p>`,
    `<button id="download-result" type="button">Download ${escapeHtml(result.runId)}.json</button>`,
    '</section>',
  ].join('\n');
}

/** One self-contained HTML page: verdicts first, then the charts, the environment and the raw result, with no network access. */
export function renderHtml(input: ReportInput): string {
  const { result, analysis, baseline, resultPath } = input;
  const colours = sideColours([...analysis.points.flatMap((point) => point.sides.map((side) => side.label)), ...(result.soak ?? []).map((record) => record.side)]);
  const sections = chartSections(result, analysis, colours);
  const charts: ChartSpec[] = sections.flatMap((section) => section.charts.map((block) => block.spec));
  let firstIndex = 0;
  const chartHtml = sections.map((section) => {
    const html = chartSectionHtml(section, firstIndex);
    firstIndex += section.charts.length;
    return html;
  });
  const env = result.env;
  const title = `lab: ${result.scenario.name} — threads vs processes vs one event loop`;
  const meta = `${env.cpuModel} · ${env.availableParallelism} CPUs · Node ${env.node} · pool size ${result.scenario.poolSize} · ${result.startedAt} · run ${result.runId}`;
  const isolation = isolationHtml(analysis.isolation, escapeHtml);
  const profiles = profilesHtml(result.profiles ?? [], escapeHtml);
  const nav = [['summary', 'Verdict'], ['points', 'Every point'], ...(isolation ? [['isolation', 'Isolation']] : []), ...(profiles ? [['profiles', 'Profiles']] : []), ...sections.map((s) => [s.id, s.title]), ['environment', 'Environment'], ['raw', 'Raw samples']];
  const model = { charts, verdictColours: VERDICT_COLOURS, verdictWords: VERDICT_WORDS, fileName: `${result.runId}.json` };
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"><style>${REPORT_CSS}</style></head>
<body><main>
<header><h1>${escapeHtml(title)}${result.complete ? '' : ' <span class="badge incomplete">incomplete</span>'}</h1><p class="meta">${escapeHtml(meta)}</p>
<nav>${nav.map(([id, text]) => `<a href="#${id}">${escapeHtml(text!)}</a>`).join('')}</nav></header>
${summarySection(input)}
${pointsSection(result, analysis, Object.keys(colours))}
${isolation}
${profiles}
${chartHtml.join('\n')}
${environmentSection(result, baseline?.result)}
${rawSection(result, resultPath)}
</main>
<script type="application/json" id="lab-result">${embedJson(result)}</script>
<script type="application/json" id="lab-charts">${embedJson(model)}</script>
<script>${embedScript(chartLibrary())}</script>
<script>${CHARTS_SCRIPT}</script>
</body></html>
`;
}

export const htmlReporter: Reporter = { name: 'html', extension: 'html', render: renderHtml };
