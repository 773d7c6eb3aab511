import type { CaseResult } from '../result/types.js';
import type { RunProgress } from '../runner/runner.js';
import { paramsLabel, type CaseGroup } from '../scenario/plan.js';
import { formatCount } from './format.js';

/**
 * Progress on stderr. On a terminal one line is redrawn in place at every
 * repetition; otherwise (CI, a pipe) one line per finished parameter point.
 */
export class ConsoleProgress implements RunProgress {
  private total = 0;
  private index = 0;
  private label = '';
  private readonly startedAt = performance.now();
  private groupStartedAt = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  begin(groups: readonly CaseGroup[], journalPath: string): void {
    this.total = groups.length;
    this.stream.write(`lab: ${groups.length} parameter points; each finished case is appended to ${journalPath}\n`);
  }

  groupStarted(group: CaseGroup, index: number): void {
    this.index = index;
    this.groupStartedAt = performance.now();
    this.label = `${group.workload.name} ${paramsLabel(group.params)}`;
    this.redraw('starting pools');
  }

  repetition(side: string, repetition: number, phase: 'warmup' | 'timed', of: number): void {
    this.redraw(`${phase === 'warmup' ? 'warm-up' : 'rep'} ${repetition + 1}/${of} ${side}`);
  }

  groupFinished(_group: CaseGroup, cases: readonly CaseResult[]): void {
    const seconds = ((performance.now() - this.groupStartedAt) / 1000).toFixed(1);
    const figures = cases
      .map((item) => `${item.variant === 'default' ? item.backend : item.variant} ${item.summary ? formatCount(item.summary.throughputPerSec) : 'error'}`)
      .join(', ');
    this.clear();
    this.stream.write(`[${this.index + 1}/${this.total}] ${this.label}  ${seconds} s  (${figures})\n`);
  }

  private redraw(status: string): void {
    if (!this.stream.isTTY) return;
    const elapsed = ((performance.now() - this.startedAt) / 1000).toFixed(0);
    const line = `[${this.index + 1}/${this.total}] ${elapsed}s ${this.label} · ${status}`;
    this.stream.write(`\r\x1b[K${line.slice(0, (this.stream.columns ?? 100) - 1)}`);
  }

  private clear(): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
  }
}
