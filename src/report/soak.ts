import type { SoakRecord } from '../runner/soak.js';
import { paramsLabel } from '../scenario/plan.js';
import { formatBytes, renderTable } from './format.js';

const perHour = (bytes: number): string => (Number.isFinite(bytes) ? `${bytes < 0 ? '−' : ''}${formatBytes(Math.abs(bytes))}/h` : '–');

/** The console's soak table: one row per point and side. */
export function renderSoak(records: readonly SoakRecord[]): string {
  const rows = records.map((record) => [
    `${record.workload} ${paramsLabel(record.params).replace(/ ?poolSize=\d+/, '')}`,
    record.side,
    `${(record.durationMs / 1000).toFixed(0)} s`,
    String(record.repetitions),
    formatBytes(record.samples.at(-1)?.rssBytes ?? null),
    perHour(record.growthPerAgentPerHour),
    `[${perHour(record.ci95[0])}, ${perHour(record.ci95[1])}]`,
    perHour(record.rssGrowthPerAgentPerHour),
    `${(record.gcShare * 100).toFixed(1)} %`,
    record.error ? `error: ${record.error}` : record.verdict,
  ]);
  const threshold = records[0]?.thresholdPerAgentPerHour ?? 0;
  return [
    renderTable(['point', 'side', 'soaked', 'runs', 'rss at end', 'live growth per agent', '95 % interval', 'rss growth', 'GC (main)', 'verdict'], rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left']),
    `live growth = least-squares slope, after the first quarter of the soak, of what the side keeps alive after a full collection in each of its isolates (V8 heap in use + external buffers), per agent, per hour; growing = the whole 95 % interval above the threshold (${perHour(threshold)} per agent here; a short soak also needs 2 MiB per agent added over the judged time). rss growth: the same slope on RSS, which a young heap raises for a while without leaking.`,
  ].join('\n');
}

