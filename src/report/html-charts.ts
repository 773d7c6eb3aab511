import type { PointAnalysis, WithinRunAnalysis } from '../compare/analysis.js';
import { readSide, shortSide } from '../compare/comparison-key.js';
import type { ScalingSweep } from '../compare/scaling.js';
import { groupCases, pointKey } from '../compare/within-run.js';
import { mergeEncoded } from '../kernel/histogram.js';
import type { CaseResult, RunResult } from '../result/types.js';
import { median } from '../stats/descriptive.js';
import type { Verdict } from '../stats/compare.js';
import { paramsLabel } from '../scenario/plan.js';
import type { CaseParams } from '../workloads/types.js';

/** One line of a chart: [x, y] pairs in one backend's colour. */
export interface LineSeries {
  label: string;
  colour: string;
  points: Array<[number, number]>;
}

/** What the page's script needs to draw one chart; plain data, embedded as JSON. */
export type ChartSpec =
  | { kind: 'ratio'; labels: string[]; ratios: number[]; ci95: Array<[number, number]>; verdicts: Verdict[]; notes: string[] }
  | { kind: 'line'; xTitle: string; yTitle: string; xFormat: 'bytes' | 'count'; xLog: boolean; yLog: boolean; series: LineSeries[] }
  | { kind: 'latency'; choices: Array<{ label: string; definition: string; series: LineSeries[]; counts: Record<string, number> }> }
  | { kind: 'bars'; yTitle: string; labels: string[]; series: Array<{ label: string; colour: string; values: Array<number | null> }> };

export interface ChartBlock {
  /** Left out when the section holds this one chart and its heading says it all. */
  title?: string;
  note?: string;
  heightPx: number;
  spec: ChartSpec;
}

/** A report section made of charts; `empty` says why there are none. */
export interface ChartSection {
  id: string;
  title: string;
  intro: string;
  empty: string;
  /** Side by side on a wide screen, or one under the other when the charts need the full width. */
  layout: 'grid' | 'stack';
  /** The verdict colours need a key; backend colours have Chart.js legends. */
  verdictLegend: boolean;
  charts: ChartBlock[];
}

/** A backend keeps one colour in every chart: a reader who learnt "blue is threads" in one can trust it in the next. */
const BACKEND_COLOURS: Readonly<Record<string, string>> = {
  inline: '#64748b',
  threads: '#2563eb',
  'processes:json': '#f59e0b',
  'processes:advanced': '#dc2626',
};

/** For variants the lab may grow (msgpackr, transfer lists, …): distinct from the four above. */
const EXTRA_COLOURS = ['#059669', '#db2777', '#0891b2', '#7c3aed', '#65a30d', '#9a3412'];

/** The colour of every side label, in first-seen order for the ones without a fixed colour. */
export function sideColours(labels: Iterable<string>): Record<string, string> {
  const colours: Record<string, string> = {};
  let extra = 0;
  for (const label of labels) {
    if (colours[label]) continue;
    colours[label] = BACKEND_COLOURS[label] ?? EXTRA_COLOURS[extra++ % EXTRA_COLOURS.length]!;
  }
  return colours;
}

/** Verdict colours: threads' blue, an orange between the two processes variants' colours, grey when no difference holds up. */
export const VERDICT_COLOURS = { a: '#2563eb', b: '#ea580c', same: '#16a34a', undecided: '#94a3b8' } as const;

/** Percentiles on the latency curves; each is kept only when the histogram has enough values to resolve it. */
const PERCENTILES = [50, 75, 90, 95, 99, 99.9, 99.99, 99.999];

/** Where a percentile sits on the "1 / (1 − p)" axis: p50 → 0.3, p90 → 1, p99 → 2, p99.9 → 3. */
function percentilePosition(percentile: number): number {
  return -Math.log10(1 - percentile / 100);
}

/** Parameters that differ between the given points: what tells them apart on a chart. */
function varyingNames(points: readonly PointAnalysis[]): string[] {
  const names = new Set(points.flatMap((point) => Object.keys(point.params)));
  return [...names].filter((name) => new Set(points.map((point) => String(point.params[name]))).size > 1);
}

function pick(params: CaseParams, names: readonly string[], keep: boolean): CaseParams {
  return Object.fromEntries(Object.entries(params).filter(([name]) => names.includes(name) === keep));
}

/** A degenerate interval bound (zero, infinite, not a number) becomes a thousandfold of the ratio, which a log axis can draw. */
function clampInterval(ratio: number, [lo, hi]: [number, number]): [number, number] {
  const floor = ratio / 1000;
  const ceiling = ratio * 1000;
  return [lo > floor ? lo : floor, hi < ceiling ? hi : ceiling];
}

function ratioBlock(workload: string, points: readonly PointAnalysis[]): ChartBlock | undefined {
  const names = varyingNames(points);
  const rows = points.flatMap((point) => {
    const ratio = point.ratios.find((item) => item.metric === 'throughputPerSec');
    if (!ratio || !(ratio.ratio > 0) || !Number.isFinite(ratio.ratio)) return [];
    const against = point.processesSide ? shortSide(readSide(point.processesSide)) : '';
    const label = names.length > 0 ? paramsLabel(pick(point.params, names, true)) : workload;
    return [{ label: `${label} (vs ${against})`, ratio }];
  });
  if (rows.length === 0) return undefined;
  const fixed = paramsLabel(pick(points[0]!.params, names, false));
  return {
    title: workload,
    ...(fixed ? { note: `fixed: ${fixed}` } : {}),
    heightPx: 70 + 36 * rows.length,
    spec: {
      kind: 'ratio',
      labels: rows.map((row) => row.label),
      ratios: rows.map((row) => row.ratio.ratio),
      ci95: rows.map((row) => clampInterval(row.ratio.ratio, row.ratio.ci95)),
      verdicts: rows.map((row) => row.ratio.verdict),
      notes: rows.map((row) => `q = ${row.ratio.qValue.toFixed(3)}${row.ratio.note ? `; ${row.ratio.note}` : ''}`),
    },
  };
}

function latencyCurve(result: CaseResult): { points: Array<[number, number]>; count: number } {
  const histogram = mergeEncoded(result.samples.map((sample) => sample.latencyHistogram));
  const count = histogram.totalCount;
  if (count === 0) return { points: [], count };
  const points = PERCENTILES.filter((p) => 100 / (100 - p) < count).map((p): [number, number] => [
    percentilePosition(p),
    histogram.getValueAtPercentile(p) / 1e6,
  ]);
  // The largest of n values stands for the (1 − 1/n) quantile, so it goes at log10(n) on the same axis.
  points.push([Math.log10(count), histogram.maxValue / 1e6]);
  return { points, count };
}

function latencyBlock(result: RunResult, analysis: WithinRunAnalysis, colours: Record<string, string>): ChartBlock | undefined {
  const groups = groupCases(result.cases);
  const choices = analysis.points.flatMap((point) => {
    const bySide = groups.get(pointKey(point));
    if (!bySide) return [];
    const series: LineSeries[] = [];
    const counts: Record<string, number> = {};
    for (const [label, item] of bySide) {
      const curve = latencyCurve(item);
      if (curve.points.length === 0) continue;
      series.push({ label, colour: colours[label]!, points: curve.points });
      counts[label] = curve.count;
    }
    return series.length === 0 ? [] : [{ label: `${point.workload} · ${paramsLabel(point.params)}`, definition: point.latencyDefinition, series, counts }];
  });
  if (choices.length === 0) return undefined;
  return { heightPx: 380, spec: { kind: 'latency', choices } };
}

interface Sweep {
  workload: string;
  fixed: CaseParams;
  points: PointAnalysis[];
}

/** Points of one workload that differ only in `parameter`, with at least two values of it. */
function sweepsOver(points: readonly PointAnalysis[], parameter: string): Sweep[] {
  const groups = new Map<string, Sweep>();
  for (const point of points) {
    if (typeof point.params[parameter] !== 'number') continue;
    const { [parameter]: _swept, ...fixed } = point.params;
    const key = `${point.workload} ${JSON.stringify(fixed)}`;
    const group = groups.get(key) ?? { workload: point.workload, fixed, points: [] };
    group.points.push(point);
    groups.set(key, group);
  }
  return [...groups.values()].filter((group) => new Set(group.points.map((point) => point.params[parameter])).size >= 2);
}

function spansDecade(values: readonly number[], factor: number): boolean {
  const positive = values.filter((value) => value > 0);
  return positive.length === values.length && Math.max(...positive) / Math.min(...positive) >= factor;
}

function sweepBlock(sweep: Sweep, parameter: string, colours: Record<string, string>): ChartBlock {
  const labels = [...new Set(sweep.points.flatMap((point) => point.sides.map((side) => side.label)))];
  const series = labels.map((label) => ({
    label,
    colour: colours[label]!,
    points: sweep.points
      .flatMap((point): Array<[number, number]> => {
        const value = point.sides.find((side) => side.label === label)?.values.throughputPerSec;
        return value === undefined ? [] : [[point.params[parameter] as number, value]];
      })
      .sort((a, b) => a[0] - b[0]),
  }));
  const xs = series.flatMap((line) => line.points.map((point) => point[0]));
  const ys = series.flatMap((line) => line.points.map((point) => point[1]));
  return {
    title: `${sweep.workload} ${paramsLabel(sweep.fixed)}`,
    heightPx: 320,
    spec: {
      kind: 'line',
      xTitle: parameter === 'payloadBytes' ? 'payload size (log scale)' : `${parameter}${spansDecade(xs, 8) ? ' (log scale)' : ''}`,
      yTitle: `throughput (${sweep.points[0]!.unit})${spansDecade(ys, 20) ? ', log scale' : ''}`,
      xFormat: parameter === 'payloadBytes' ? 'bytes' : 'count',
      xLog: spansDecade(xs, 8),
      yLog: spansDecade(ys, 20),
      series,
    },
  };
}

/** Live memory and RSS over time per side, for each soaked point. */
function soakBlocks(result: RunResult, colours: Record<string, string>): ChartBlock[] {
  const records = result.soak ?? [];
  const points = [...new Set(records.map((record) => record.point))];
  const mib = (bytes: number): number => bytes / 1048576;
  return points.flatMap((point) => {
    const own = records.filter((record) => record.point === point);
    const chart = (pick: 'liveBytes' | 'rssBytes', label: string): ChartBlock => ({
      title: `${own[0]!.workload} ${paramsLabel(own[0]!.params)}: ${label}`,
      heightPx: 300,
      spec: {
        kind: 'line',
        xTitle: 'seconds into the soak',
        yTitle: `${label} (MiB)`,
        xFormat: 'count',
        xLog: false,
        yLog: false,
        series: own.map((record) => ({
          label: `${record.side} (${record.verdict})`,
          colour: colours[record.side] ?? '#0f172a',
          points: record.samples.map((sample): [number, number] => [Number((sample.atMs / 1000).toFixed(2)), Number(mib(sample[pick]).toFixed(2))]),
        })),
      },
    });
    return [chart('liveBytes', 'live memory'), chart('rssBytes', 'RSS')];
  });
}

/** Speed-up over inline against pool size, per pool side, beside perfect scaling. */
function poolSizeBlock(sweep: ScalingSweep, colours: Record<string, string>): ChartBlock {
  const series = sweep.sides.map((side) => ({
    label: side,
    colour: colours[side] ?? '#0f172a',
    points: sweep.rows.flatMap((row): Array<[number, number]> => (row.speedup[side] === undefined ? [] : [[row.poolSize, row.speedup[side]!]])),
  }));
  const ideal = { label: 'perfect scaling', colour: '#cbd5e1', points: sweep.rows.map((row): [number, number] => [row.poolSize, row.poolSize]) };
  return {
    title: `${sweep.workload} ${paramsLabel(sweep.fixed)}`,
    heightPx: 320,
    spec: { kind: 'line', xTitle: 'pool size', yTitle: 'speed-up over one event loop (×)', xFormat: 'count', xLog: false, yLog: false, series: [...series, ideal] },
  };
}

function memoryBlock(points: readonly PointAnalysis[], colours: Record<string, string>): ChartBlock | undefined {
  const workloads = [...new Set(points.map((point) => point.workload))];
  const series = Object.entries(colours).map(([label, colour]) => ({
    label,
    colour,
    values: workloads.map((workload) => {
      const values = points
        .filter((point) => point.workload === workload)
        .flatMap((point) => point.sides.find((side) => side.label === label)?.values.perAgentBytes ?? []);
      return values.length > 0 ? median(values) : null;
    }),
  }));
  const present = series.filter((line) => line.values.some((value) => value !== null));
  if (present.length === 0) return undefined;
  return { note: 'Median over each workload’s points.', heightPx: 340, spec: { kind: 'bars', yTitle: 'memory per agent (MiB)', labels: workloads, series: present } };
}

/** The chart sections of the report, in reading order, each with its charts or the reason it has none. */
export function chartSections(result: RunResult, analysis: WithinRunAnalysis, colours: Record<string, string>): ChartSection[] {
  const workloads = [...new Set(analysis.points.map((point) => point.workload))];
  const ratioBlocks = workloads.flatMap((workload) => ratioBlock(workload, analysis.points.filter((point) => point.workload === workload)) ?? []);
  const latency = latencyBlock(result, analysis, colours);
  const memory = memoryBlock(analysis.points, colours);
  return [
    {
      id: 'ratios',
      title: 'Threads ÷ processes throughput',
      intro:
        'Throughput of worker threads divided by that of the processes variant named in brackets at each point: the geometric mean over paired rounds, with its 95 % interval. Right of the dashed line at 1 threads are faster; left of it processes are. Blue and orange bars are wins, green is the same within ±5 %, grey is undecided.',
      empty: 'No point ran both threads and processes, so there is no ratio to show.',
      layout: 'stack',
      verdictLegend: true,
      charts: ratioBlocks,
    },
    {
      id: 'latency',
      title: 'Latency percentiles',
      intro: 'Every repetition’s latency histogram merged per backend. The x axis stretches the tail (1 / (1 − p), log scale): each step right is ten times rarer. Pick a point to inspect.',
      empty: 'No case recorded latencies.',
      layout: 'stack',
      verdictLegend: false,
      charts: latency ? [latency] : [],
    },
    {
      id: 'payload',
      title: 'Throughput against payload size',
      intro: 'Median throughput per backend as the message payload grows; serialization and copying costs show up here.',
      empty: 'This run has no sweep over payloadBytes, so there is nothing to draw.',
      layout: 'grid',
      verdictLegend: false,
      charts: sweepsOver(analysis.points, 'payloadBytes').map((sweep) => sweepBlock(sweep, 'payloadBytes', colours)),
    },
    {
      id: 'scaling',
      title: 'Scaling with agent count',
      intro: 'Median throughput per backend as the number of agents grows, everything else fixed.',
      empty: 'This run has no sweep over agents, so there is nothing to draw.',
      layout: 'grid',
      verdictLegend: false,
      charts: sweepsOver(analysis.points, 'agents').map((sweep) => sweepBlock(sweep, 'agents', colours)),
    },
    {
      id: 'soak',
      title: 'Memory over time (soak)',
      intro:
        'Each side soaked alone, its workload running without pause. Left: what it keeps alive after a full collection in each of its isolates (V8 heap in use + external buffers), the figure the growing/flat verdict rests on. Right: the RSS of all its processes, which a young heap raises for a while without leaking.',
      empty: 'This run has no soak (lab run … --soak 10m).',
      layout: 'grid',
      verdictLegend: false,
      charts: soakBlocks(result, colours),
    },
    {
      id: 'pool-size',
      title: 'Scaling with pool size',
      intro:
        'Speed-up of each pool over one event loop (median throughput ÷ inline’s at the same point) as the pool grows, beside perfect scaling; parallel efficiency is the speed-up divided by the pool size. Where the lines cross, the threads/processes answer changes with the pool size.',
      empty: 'This run has no sweep over poolSize ("poolSize": "sweep" in a scenario entry), so there is nothing to draw.',
      layout: 'grid',
      verdictLegend: false,
      charts: analysis.scaling.map((sweep) => poolSizeBlock(sweep, colours)),
    },
    {
      id: 'memory',
      title: 'Memory per agent',
      intro: 'Memory each agent adds on each backend: (total − idle orchestrator) / agents, summed over every child process.',
      empty: 'No case recorded memory per agent.',
      layout: 'stack',
      verdictLegend: false,
      charts: memory ? [memory] : [],
    },
  ];
}
