import type { WithinRunAnalysis } from '../compare/analysis.js';
import { isMerged, MACHINE_PARAM, type Machine } from '../result/merge.js';
import type { RunResult } from '../result/types.js';
import { paramsLabel } from '../scenario/plan.js';
import { formatBytes, formatRatio, renderTable, type Align } from './format.js';
import { verdictText } from './console.js';

function cpusOf(machine: Machine): number {
  return machine.env.usableCpus ?? machine.env.availableParallelism;
}

function machineRow(machine: Machine): string[] {
  const { env } = machine;
  const postgres = env.postgres ? `${env.postgres.version} ${env.postgres.origin === 'embedded' ? 'embedded' : `${env.postgres.host}/${env.postgres.database}`}` : '–';
  return [
    machine.label,
    String(cpusOf(machine)),
    env.cpuset ?? '–',
    env.cpuQuota === null || env.cpuQuota === undefined ? '–' : String(env.cpuQuota),
    env.memoryLimitBytes ? formatBytes(env.memoryLimitBytes) : '–',
    env.container ? (env.image?.name ?? env.image?.base ?? 'yes') : 'no',
    env.cpuModel,
    postgres,
  ];
}

/**
 * For a merged result: the machines, then one row per point with the
 * threads/processes throughput ratio on each machine, machines by CPU count,
 * so a verdict from a laptop can be checked on a bigger server.
 */
export function renderMachines(result: RunResult, analysis: WithinRunAnalysis): string {
  if (!isMerged(result)) return '';
  const machines = [...result.machines].sort((a, b) => cpusOf(a) - cpusOf(b));
  const table = renderTable(
    ['machine', 'CPUs', 'CPU set', 'quota', 'memory limit', 'container', 'CPU model', 'PostgreSQL'],
    machines.map(machineRow),
    ['left', 'right', 'left', 'right', 'right', 'left', 'left', 'left'],
  );
  const rows = new Map<string, string[]>();
  for (const point of analysis.points) {
    const { [MACHINE_PARAM]: machine, poolSize: _poolSize, ...rest } = point.params;
    const key = `${point.workload}  ${paramsLabel(rest)}`;
    if (!rows.has(key)) rows.set(key, [point.workload, paramsLabel(rest), ...machines.map(() => '–')]);
    const ratio = point.ratios.find((item) => item.metric === 'throughputPerSec');
    const column = machines.findIndex((entry) => entry.label === machine);
    if (ratio && column >= 0) rows.get(key)![2 + column] = `${formatRatio(ratio.ratio, ratio.ci95)} ${verdictText(ratio)}`;
  }
  const ratios = renderTable(
    ['workload', 'params', ...machines.map((machine) => `${machine.label} (${cpusOf(machine)} CPUs)`)],
    [...rows.values()],
    ['left', 'left', ...machines.map((): Align => 'left')],
  );
  return [`Merged from ${machines.length} machines:`, table, '', 'threads/processes throughput by machine, fewest CPUs first:', ratios].join('\n');
}
