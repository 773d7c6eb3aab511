/** Human-readable numbers for tables: three significant figures, units that fit. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toPrecision(3)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toPrecision(3)}k`;
  return value.toPrecision(3);
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 1000) return `${(value / 1000).toPrecision(3)} s`;
  if (value >= 1) return `${value.toPrecision(3)} ms`;
  return `${(value * 1000).toPrecision(3)} µs`;
}

export function formatBytes(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1024 ** 3) return `${(value / 1024 ** 3).toPrecision(3)} GiB`;
  if (abs >= 1024 ** 2) return `${(value / 1024 ** 2).toPrecision(3)} MiB`;
  if (abs >= 1024) return `${(value / 1024).toPrecision(3)} KiB`;
  return `${Math.round(value)} B`;
}

export function formatPercent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '–';
}

/** A change as a signed percentage: `+3.1%`, `-0.4%`. */
export function formatSignedPercent(share: number): string {
  return Number.isFinite(share) ? `${share >= 0 ? '+' : ''}${formatPercent(share)}` : '–';
}

/** How many times worse than the best: 1.00 for the best, `2.8k` beyond a hundred. */
export function formatRelative(relative: number): string {
  return relative < 100 ? relative.toFixed(2) : formatCount(relative);
}

export function formatRatio(ratio: number, ci: readonly [number, number]): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${ratio.toFixed(2)} [${ci[0].toFixed(2)}, ${ci[1].toFixed(2)}]`;
}

export type Align = 'left' | 'right';

/** A plain-text table; columns sized to their widest cell, the header underlined with `rule`. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[], rule = '─'): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (align[column] === 'right' ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => rule.repeat(width))), ...rows.map(line)].join('\n');
}
