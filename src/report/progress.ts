import type { CaseResult, PointRecord } from '../result/types.js';
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
  private groupStartedAt = 0;
  private budgetSeconds = 0;
  private visit = 1;
  private finished = new Set<string>();
  private pointSeconds = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  begin(groups: readonly CaseGroup[], journalPath: string, budgetSeconds: number): void {
    this.total = groups.length;
    this.budgetSeconds = budgetSeconds;
    const budget = budgetSeconds > 0 ? `, budget ${budgetSeconds} s` : '';
    this.stream.write(`lab: ${groups.length} parameter points${budget}; each finished case is appended to ${journalPath}\n`);
  }

  groupStarted(group: CaseGroup, index: number, visit: number): void {
    this.index = index;
    this.visit = visit;
    this.groupStartedAt = performance.now();
    this.label = `${group.workload.name} ${paramsLabel(group.params)}`;
    this.redraw('starting pools');
  }

  repetition(side: string, repetition: number, phase: 'warmup' | 'timed', of: number): void {
    this.redraw(`${phase === 'warmup' ? `warm-up ${repetition + 1}/${of}` : `round ${repetition + 1}`} ${side}`);
  }

  groupFinished(_group: CaseGroup, cases: readonly CaseResult[], point: PointRecord): void {
    const seconds = ((performance.now() - this.groupStartedAt) / 1000).toFixed(1);
    if (!this.finished.has(point.id)) {
      this.finished.add(point.id);
      this.pointSeconds += point.seconds;
    }
    const clock = this.clock(' ');
    const width = point.halfWidth === null || !Number.isFinite(point.halfWidth) ? '' : ` ±${(point.halfWidth * 100).toFixed(1)}%${point.converged ? '' : ' (open)'}`;
    const rounds = `${point.rounds} rounds${point.roundsDisturbed > 0 ? `, ${point.roundsDisturbed} redone` : ''}${width}`;
    const again = this.visit > 1 ? ' (more rounds)' : '';
    const figures = cases.map((item) => `${item.variant === 'default' ? item.backend : item.variant} ${caseFigure(item)}`).join(', ');
    this.clear();
    this.stream.write(`[${this.index + 1}/${this.total}]${again} ${this.label}  ${seconds} s, ${rounds}  (${figures})  [${clock}]\n`);
  }

  private redraw(status: string): void {
    if (!this.stream.isTTY) return;
    const line = `[${this.index + 1}/${this.total}] ${this.clock('')} ${this.label} · ${status}`;
    this.stream.write(`\r\x1b[K${line.slice(0, (this.stream.columns ?? 100) - 1)}`);
  }

  /**
   * Elapsed time and the ETA: under a budget the run ends with it; without one, the points left times the mean
   * seconds a finished point took (each point's first visit).
   */
  private clock(space: string): string {
    const elapsed = performance.now() / 1000;
    const left = this.total - this.finished.size;
    const eta =
      this.budgetSeconds > 0
        ? Math.max(0, this.budgetSeconds - elapsed)
        : this.finished.size > 0
          ? (left * this.pointSeconds) / this.finished.size
          : undefined;
    const spent = this.budgetSeconds > 0 ? `${elapsed.toFixed(0)}/${this.budgetSeconds}${space}s` : `${elapsed.toFixed(0)}${space}s`;
    return eta === undefined ? spent : `${spent}, ETA ${eta.toFixed(0)}${space}s`;
  }

  private clear(): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
  }
}

/** Throughput, or for a faults case what the fault cost: healthy tasks lost and agents hit. */
function caseFigure(item: CaseResult): string {
  if (!item.summary) return 'error';
  const { metrics } = item.summary;
  if (metrics.agentsHit !== undefined) return `lost ${metrics.lostTasks} tasks, ${metrics.agentsHit}/${metrics.agents} agents`;
  return formatCount(item.summary.throughputPerSec);
}
