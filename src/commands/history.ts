import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSide, shortSide, sideLabel } from '../compare/comparison-key.js';
import { Errors } from '../errors.js';
import type { Environment } from '../measure/environment.js';
import { formatCount, formatRatio, renderTable } from '../report/format.js';
import { VERDICT_COLOURS, sideColours, type ChartSpec } from '../report/html-charts.js';
import { CHARTS_SCRIPT, REPORT_CSS } from '../report/html-style.js';
import { chartLibrary, chip, embedJson, embedScript, escapeHtml } from '../report/html.js';
import { readResult } from '../result/read.js';
import type { Comparison, RunResult } from '../result/types.js';
import { caseId, matchesFilter, paramsLabel } from '../scenario/plan.js';
import { median } from '../stats/descriptive.js';

/** One result file in the results folder. */
export interface RunEntry {
  file: string;
  result: RunResult;
}

/** Every readable result in `dir` (baselines and merged results included), oldest first; unreadable files are counted. */
export function findRuns(dir: string): { runs: RunEntry[]; unreadable: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    throw Errors.user(`no results folder at ${dir}; run a scenario first, or give --results-dir`);
  }
  const runs: RunEntry[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      runs.push({ file, result: readResult(file) });
    } catch {
      unreadable.push(name);
    }
  }
  runs.sort((a, b) => a.result.startedAt.localeCompare(b.result.startedAt));
  return { runs, unreadable };
}

function machine(env: Environment): string {
  return `${env.hostname} · ${env.usableCpus ?? env.availableParallelism} CPUs · Node ${env.node}`;
}

/** `lab history`: the runs in the results folder, one line each. */
export function historyCommand(flags: { resultsDir?: string; json?: boolean }): number {
  const dir = flags.resultsDir ?? path.join(process.cwd(), 'results');
  const { runs, unreadable } = findRuns(dir);
  const rows = runs.map(({ file, result }) => ({
    file: path.basename(file),
    startedAt: result.startedAt,
    scenario: result.scenario.name,
    machine: machine(result.env),
    commit: result.lab.commit ?? null,
    complete: result.complete,
    cases: result.cases.length,
    decided: result.budget ? `${result.budget.decided}/${result.budget.headline}` : null,
  }));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ runs: rows, unreadable }, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write(`no results in ${dir}${unreadable.length > 0 ? ` (${unreadable.length} file(s) that are not lab results)` : ''}\n`);
    return 0;
  }
  const table = renderTable(
    ['started (UTC)', 'scenario', 'machine', 'commit', 'complete', 'cases', 'decided', 'file'],
    rows.map((row) => [row.startedAt.replace('T', ' ').slice(0, 19), row.scenario, row.machine, row.commit ?? '–', row.complete ? 'yes' : 'no', String(row.cases), row.decided ?? '–', row.file]),
    ['left', 'left', 'left', 'left', 'left', 'right', 'right', 'left'],
  );
  const skipped = unreadable.length > 0 ? `\n${unreadable.length} file(s) in ${dir} are not lab results and were left out` : '';
  process.stdout.write(`${table}${skipped}\n`);
  return 0;
}

/** One headline ratio of one point over the runs that measured it. */
export interface TrendSeries {
  key: string;
  workload: string;
  params: Comparison['params'];
  b: string;
  unit: string;
  points: Array<{ run: string; startedAt: string; ratio: number; ci95: [number, number]; verdict: Comparison['verdict']; throughput: Record<string, number>; shifted: boolean; environmentChanged: boolean }>;
}

/** Fields whose change between two runs makes their figures incomparable. */
const ENV_FIELDS: ReadonlyArray<keyof Environment> = ['hostname', 'cpuModel', 'cpus', 'usableCpus', 'node', 'os'];

/**
 * Each headline ratio (threads against the point's declared processes side)
 * over the runs, oldest first. A run is marked shifted when its interval lies
 * wholly outside every ratio the earlier runs measured and it is at least 5 %
 * from their median: new ground, beyond this run's own noise and beyond the
 * drift the earlier runs already showed. A run is marked where the
 * machine changed from the run before (host, CPUs, Node, OS).
 */
export function trendSeries(runs: readonly RunEntry[], filter?: string): TrendSeries[] {
  const series = new Map<string, TrendSeries>();
  let previous: Environment | undefined;
  for (const { file, result } of runs) {
    const changed = previous !== undefined && ENV_FIELDS.some((field) => JSON.stringify(previous![field]) !== JSON.stringify(result.env[field]));
    previous = result.env;
    for (const comparison of result.comparisons.filter((item) => item.headline)) {
      const id = caseId(comparison.workload, comparison.params);
      if (filter && !matchesFilter(id, filter)) continue;
      const key = `${result.scenario.name} ${id} ${comparison.b}`;
      const entry = series.get(key) ?? { key, workload: comparison.workload, params: comparison.params, b: comparison.b, unit: '', points: [] };
      const cases = result.cases.filter((item) => item.workload === comparison.workload && JSON.stringify(item.params) === JSON.stringify(comparison.params));
      entry.unit ||= cases.find((item) => item.summary)?.summary?.throughputUnit ?? '';
      const earlier = entry.points.map((point) => point.ratio).sort((x, y) => x - y);
      const shifted =
        earlier.length > 0 &&
        (comparison.ci95[0] > earlier.at(-1)! || comparison.ci95[1] < earlier[0]!) &&
        Math.abs(Math.log(comparison.ratio / median(earlier))) >= Math.log(1.05);
      entry.points.push({
        run: path.basename(file, '.json'),
        startedAt: result.startedAt,
        ratio: comparison.ratio,
        ci95: comparison.ci95,
        verdict: comparison.verdict,
        throughput: Object.fromEntries(cases.flatMap((item) => (item.summary ? [[sideLabel(item), item.summary.throughputPerSec]] : []))),
        shifted,
        environmentChanged: changed,
      });
      series.set(key, entry);
    }
  }
  return [...series.values()];
}

function selectRuns(flags: TrendFlags): RunEntry[] {
  const dir = flags.resultsDir ?? path.join(process.cwd(), 'results');
  const since = flags.days !== undefined ? Date.now() - flags.days * 86_400_000 : -Infinity;
  const runs = findRuns(dir).runs.filter(
    ({ result }) => (flags.scenario === undefined || result.scenario.name === flags.scenario) && Date.parse(result.startedAt) >= since && result.comparisons.some((c) => c.headline),
  );
  if (runs.length === 0) throw Errors.user(`no run${flags.scenario ? ` of ${flags.scenario}` : ''} with threads/processes ratios in ${dir}${flags.days ? ` in the last ${flags.days} days` : ''}; see lab history`);
  return runs;
}

export interface TrendFlags {
  resultsDir?: string;
  scenario?: string;
  days?: number;
  filter?: string;
  out?: string;
  format?: 'html' | 'markdown';
}

const title = (item: TrendSeries): string => `${item.workload} ${paramsLabel(item.params).replace(/ ?poolSize=\d+/, '')} vs ${shortSide(readSide(item.b))}`;
const marks = (point: TrendSeries['points'][number]): string => [point.shifted ? 'shifted' : '', point.environmentChanged ? 'machine changed' : ''].filter(Boolean).join(', ');

function trendMarkdown(series: readonly TrendSeries[], runs: number): string {
  const lines = [`# lab trend: ${series.length} headline ratios over ${runs} runs`, ''];
  for (const item of series) {
    lines.push(`## ${title(item)}`, '', '| run | threads / processes | verdict | throughput by side | |', '| --- | --- | --- | --- | --- |');
    for (const point of item.points) {
      const sides = Object.entries(point.throughput).map(([side, value]) => `${side} ${formatCount(value)}`).join(' · ');
      lines.push(`| ${point.startedAt.slice(0, 16).replace('T', ' ')} | ${formatRatio(point.ratio, point.ci95)} | ${point.verdict} | ${sides} | ${marks(point)} |`);
    }
    lines.push('');
  }
  lines.push('A run is marked **shifted** when its 95 % interval lies wholly outside every ratio the earlier runs measured and it is at least 5 % from their median; **machine changed** when host, CPUs, Node or OS differ from the run before.', '');
  return lines.join('\n');
}

function trendHtml(series: readonly TrendSeries[], runs: number): string {
  const sides = [...new Set(series.flatMap((item) => item.points.flatMap((point) => Object.keys(point.throughput))))];
  const colours = sideColours(sides);
  const charts: ChartSpec[] = series.flatMap((item): ChartSpec[] => [
    {
      kind: 'ratio',
      labels: item.points.map((point, index) => `${index + 1}. ${point.startedAt.slice(0, 16).replace('T', ' ')}${point.shifted ? ' ▲' : ''}${point.environmentChanged ? ' ⚙' : ''}`),
      ratios: item.points.map((point) => point.ratio),
      ci95: item.points.map((point) => point.ci95),
      verdicts: item.points.map((point) => point.verdict),
      notes: item.points.map((point) => marks(point) || point.run),
    },
    {
      kind: 'line',
      xTitle: 'run (oldest first)',
      yTitle: `throughput (${item.unit})`,
      xFormat: 'count',
      xLog: false,
      yLog: false,
      series: Object.keys(colours).map((side) => ({
        label: side,
        colour: colours[side]!,
        points: item.points.flatMap((point, index): Array<[number, number]> => (point.throughput[side] === undefined ? [] : [[index + 1, point.throughput[side]!]])),
      })).filter((line) => line.points.length > 0),
    },
  ]);
  const legend = `<div class="legend">${(['a', 'b', 'same', 'undecided'] as const).map((verdict) => chip(VERDICT_COLOURS[verdict], { a: 'threads faster', b: 'processes faster', same: 'the same within ±5 %', undecided: 'undecided' }[verdict])).join('')}</div>`;
  const sections = series.map((item, index) => {
    const height = Math.max(160, 40 + item.points.length * 28);
    return `<section><h2>${escapeHtml(title(item))}</h2>
<div class="grid"><div><h3>threads ÷ processes, run by run (▲ shifted, ⚙ machine changed)</h3><div class="chart" style="height:${height}px"><canvas data-chart="${2 * index}" role="img" aria-label="${escapeHtml(title(item))} ratio"></canvas></div></div>
<div><h3>throughput by side</h3><div class="chart" style="height:${height}px"><canvas data-chart="${2 * index + 1}" role="img" aria-label="${escapeHtml(title(item))} throughput"></canvas></div></div></div></section>`;
  });
  const model = { charts, verdictColours: VERDICT_COLOURS, verdictWords: { a: 'threads faster', b: 'processes faster', same: 'the same within ±5 %', undecided: 'undecided' }, fileName: 'trend.json' };
  const heading = `lab trend: ${series.length} headline ratios over ${runs} runs`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title><link rel="icon" href="data:,"><style>${REPORT_CSS}</style></head>
<body><main>
<header><h1>${escapeHtml(heading)}</h1><p class="meta">Each threads/processes ratio with its 95 % interval in every run, oldest first. A run is marked shifted (▲) when its interval lies wholly outside every ratio the earlier runs measured and it is at least 5 % from their median; ⚙ marks a run whose machine (host, CPUs, Node, OS) differs from the run before.</p>${legend}</header>
${sections.join('\n')}
</main>
<script type="application/json" id="lab-charts">${embedJson(model)}</script>
<script>${embedScript(chartLibrary())}</script>
<script>${CHARTS_SCRIPT}</script>
</body></html>
`;
}

/** `lab trend`: each headline ratio and throughput over the runs, as a self-contained HTML page (or Markdown). */
export function trendCommand(flags: TrendFlags): number {
  const runs = selectRuns(flags);
  const series = trendSeries(runs, flags.filter);
  if (series.length === 0) throw Errors.user(`--filter "${flags.filter}" matches no headline ratio in these runs`);
  const format = flags.format ?? (flags.out?.endsWith('.md') ? 'markdown' : 'html');
  const text = format === 'markdown' ? trendMarkdown(series, runs.length) : trendHtml(series, runs.length);
  const out = flags.out ?? path.join(flags.resultsDir ?? path.join(process.cwd(), 'results'), `trend.${format === 'markdown' ? 'md' : 'html'}`);
  writeFileSync(out, text);
  const shifted = series.reduce((total, item) => total + item.points.filter((point) => point.shifted).length, 0);
  process.stderr.write(`${series.length} headline ratio(s) over ${runs.length} run(s); ${shifted} shift(s) flagged\ntrend: ${out}\n`);
  return 0;
}
