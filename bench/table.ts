/** Numbers and tables as the bench scripts print them. */
import { formatSignedPercent, renderTable } from '../src/report/format.js';

export function fmtRate(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(2)}k`;
  return value.toFixed(0);
}

export function fmtUs(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A time ratio as the overhead it means: 1.031 → `+3.1%`. */
export function fmtPct(timeRatio: number): string {
  return formatSignedPercent(timeRatio - 1);
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[], rightAlign: readonly boolean[] = []): string {
  return renderTable(headers, rows, headers.map((_, column) => (rightAlign[column] ? 'right' : 'left')), '-');
}
