import type { ScalingSweep } from '../compare/scaling.js';
import { paramsLabel } from '../scenario/plan.js';
import { formatRatio, renderTable } from './format.js';

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
