import type { IsolationFigures, IsolationPoint } from '../compare/isolation.js';
import { paramsLabel } from '../scenario/plan.js';
import { formatBytes, formatCount, formatMs, renderTable, type Align } from './format.js';

/** The isolation table's columns, shared by the console, Markdown and HTML reports. */
export const ISOLATION_HEADERS = ['fault', 'backend', 'agents hit', 'healthy tasks lost', 'detected', 'full strength after', 'healthy tasks/s before · during · after', 'RSS after recovery', ''] as const;
export const ISOLATION_ALIGN: readonly Align[] = ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'];

export const ISOLATION_INTRO =
  'What one misbehaving agent costs the others. Agents hit = agents that lost work, the culprit included (the blast radius); detected = from submitting the faulty task until the supervisor learns of the failure; full strength after = from then until every worker or child serves again (a replacement started, or a whole new host when the fault took the host down). Lost tasks are resubmitted, so every side ends with the same results.';

const optional = (value: number | undefined, format: (value: number) => string): string => (value === undefined ? '–' : format(value));

function row(point: IsolationPoint, side: IsolationFigures): string[] {
  if (!Number.isFinite(side.agentsHit)) return [point.fault, side.side, 'errored', '', '', '', '', '', side.error ?? ''];
  const rate = (value: number | undefined): string => optional(value, formatCount);
  const notes = [
    side.hostRestarts > 0 ? 'whole host restarted' : '',
    side.failedTasks > 0 ? `${side.failedTasks} never succeeded` : '',
    side.error ? `errored: ${side.error}` : '',
  ];
  return [
    point.fault,
    side.side,
    `${side.agentsHit} of ${side.agents}`,
    String(side.lostTasks),
    optional(side.detectMs, formatMs),
    optional(side.recoveryMs, formatMs),
    `${rate(side.healthyTasksPerSecBefore)} · ${rate(side.healthyTasksPerSecDuring)} · ${rate(side.healthyTasksPerSecAfter)}`,
    formatBytes(side.rssAfterRecoveryBytes ?? null),
    notes.filter(Boolean).join('; '),
  ];
}

export function isolationRows(points: readonly IsolationPoint[]): string[][] {
  return points.flatMap((point) => point.sides.map((side) => row(point, side)));
}

/** Parameters other than the fault, when every point shares them (the usual case): said once under the table. */
export function sharedParams(points: readonly IsolationPoint[]): string {
  const labels = new Set(points.map((point) => paramsLabel(Object.fromEntries(Object.entries(point.params).filter(([name]) => !['fault', 'heapLimitMb', 'failurePercent', 'retries'].includes(name))))));
  return labels.size === 1 ? [...labels][0]! : '';
}

/** Console: the table, then one verdict sentence per pair. */
export function renderIsolation(points: readonly IsolationPoint[]): string {
  if (points.length === 0) return '';
  const shared = sharedParams(points);
  return [
    `Isolation (faults${shared ? `, ${shared}` : ''}):`,
    renderTable(ISOLATION_HEADERS, isolationRows(points), ISOLATION_ALIGN)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
    ...points.flatMap((point) => point.verdicts.map((verdict) => `  ${verdict}`)),
  ].join('\n');
}

export function isolationMarkdown(points: readonly IsolationPoint[]): string {
  if (points.length === 0) return '';
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  const shared = sharedParams(points);
  return [
    '### Isolation',
    '',
    ...points.flatMap((point) => point.verdicts.map((verdict) => `- ${verdict}`)),
    '',
    `| ${ISOLATION_HEADERS.join(' | ')} |`,
    `| ${ISOLATION_ALIGN.map((align) => (align === 'right' ? '---:' : '---')).join(' | ')} |`,
    ...isolationRows(points).map((cells) => `| ${cells.map(escape).join(' | ')} |`),
    '',
    `<sub>${ISOLATION_INTRO}${shared ? ` Parameters: ${shared}.` : ''}</sub>`,
  ].join('\n');
}

/** HTML: a section with the verdicts and the table; `escape` is the report's own HTML escaping. */
export function isolationHtml(points: readonly IsolationPoint[], escape: (text: string) => string): string {
  if (points.length === 0) return '';
  const shared = sharedParams(points);
  const head = ISOLATION_HEADERS.map((header, index) => `<th${ISOLATION_ALIGN[index] === 'right' ? ' class="num"' : ''}>${escape(header)}</th>`).join('');
  const body = isolationRows(points)
    .map((cells) => `<tr>${cells.map((cell, index) => `<td${ISOLATION_ALIGN[index] === 'right' ? ' class="num"' : ''}>${escape(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return [
    '<section id="isolation"><h2>Isolation</h2>',
    `<p class="intro">${escape(ISOLATION_INTRO)}${shared ? ` Parameters: ${escape(shared)}.` : ''}</p>`,
    `<ul>${points.flatMap((point) => point.verdicts).map((verdict) => `<li>${escape(verdict)}</li>`).join('')}</ul>`,
    `<div class="scroll"><table class="points"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`,
    '</section>',
  ].join('\n');
}
