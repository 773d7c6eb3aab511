import type { MemorySlope } from '../compare/memory-slope.js';
import type { ScalingSweep } from '../compare/scaling.js';
import { paramsLabel } from '../scenario/plan.js';
import { formatBytes, formatRatio, renderTable } from './format.js';

const HEADERS = (sweep: ScalingSweep): string[] => [
  'pool size',
  ...sweep.sides.map((side) => `${side} speed-up`),
  ...sweep.sides.map((side) => `${side} efficiency`),
  'threads/processes',
];

function rows(sweep: ScalingSweep): string[][] {
  return sweep.rows.map((row) => [
    String(row.poolSize),
    ...sweep.sides.map((side) => (row.speedup[side] === undefined ? '–' : `${row.speedup[side]!.toFixed(2)}×`)),
    ...sweep.sides.map((side) => (row.efficiency[side] === undefined ? '–' : `${(row.efficiency[side]! * 100).toFixed(0)} %`)),
    row.ratio ? `${formatRatio(row.ratio.ratio, row.ratio.ci95)} ${row.ratio.verdict}` : '–',
  ]);
}

const TITLE = (sweep: ScalingSweep): string => `${sweep.workload} ${paramsLabel(sweep.fixed)}`.trim();

export const SCALING_NOTE = 'speed-up = median throughput ÷ inline’s at the same point; efficiency = speed-up ÷ pool size (100 % is perfect scaling)';

/** Console: one table per pool-size sweep. */
export function renderScaling(sweeps: readonly ScalingSweep[]): string {
  return [
    `Scaling with pool size (${SCALING_NOTE}):`,
    ...sweeps.map((sweep) => `  ${TITLE(sweep)}\n${renderTable(HEADERS(sweep), rows(sweep), HEADERS(sweep).map(() => 'right')).replace(/^/gm, '  ')}`),
  ].join('\n');
}

/** Markdown: the same tables. */
export function scalingMarkdown(sweeps: readonly ScalingSweep[]): string {
  const table = (sweep: ScalingSweep): string[] => [
    `| ${HEADERS(sweep).join(' | ')} |`,
    `| ${HEADERS(sweep).map(() => '---:').join(' | ')} |`,
    ...rows(sweep).map((row) => `| ${row.join(' | ')} |`),
  ];
  return ['### Scaling with pool size', '', `${SCALING_NOTE[0]!.toUpperCase()}${SCALING_NOTE.slice(1)}.`, '', ...sweeps.flatMap((sweep) => [`**${TITLE(sweep)}**`, '', ...table(sweep), ''])].join('\n');
}

export const SLOPE_NOTE = 'the least-squares slope of the side’s memory over the agent counts of a sweep (every sample of every point), with its 95 % interval: what one more agent costs, without the fixed price of a pool';

function slopeRows(slopes: readonly MemorySlope[]): string[][] {
  const signed = (bytes: number): string => `${bytes < 0 ? '−' : ''}${formatBytes(Math.abs(bytes))}`;
  return slopes.map((slope) => [
    `${slope.workload} ${paramsLabel(slope.fixed).replace(/ ?poolSize=\d+/, '')}`.trim(),
    slope.side,
    slope.agents.join(', '),
    signed(slope.bytesPerAgent),
    `[${signed(slope.ci95[0])}, ${signed(slope.ci95[1])}]`,
  ]);
}

const SLOPE_HEADERS = ['sweep', 'side', 'agents', 'per agent', '95 % interval'];

/** Console: memory per additional agent, per side. */
export function renderMemorySlopes(slopes: readonly MemorySlope[]): string {
  return [`Memory per additional agent (${SLOPE_NOTE}):`, renderTable(SLOPE_HEADERS, slopeRows(slopes), ['left', 'left', 'left', 'right', 'right']).replace(/^/gm, '  ')].join('\n');
}

/** Markdown: the same table. */
export function memorySlopesMarkdown(slopes: readonly MemorySlope[]): string {
  return [
    '### Memory per additional agent',
    '',
    `${SLOPE_NOTE[0]!.toUpperCase()}${SLOPE_NOTE.slice(1)}.`,
    '',
    `| ${SLOPE_HEADERS.join(' | ')} |`,
    '| --- | --- | --- | ---: | ---: |',
    ...slopeRows(slopes).map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}
