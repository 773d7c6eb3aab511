/*
 * On a small VM a ping-pong between two CPUs costs a wake-up of an idle CPU
 * each way (tens of µs), while on one CPU it is a context switch. Left to the
 * scheduler, each process lands on one or the other by chance, and that
 * chance, not the code under test, decides a comparison. So by default the
 * orchestrator is pinned to one CPU and every worker thread and child to
 * another, for every contender alike (`split`); `one` puts the whole tree on
 * one CPU (pure CPU cost per operation); `none` leaves it to the scheduler.
 * Uses taskset (util-linux); without it, or with one CPU, placement is left alone.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { AVAILABLE_PARALLELISM } from './environment.js';

export type PinMode = 'split' | 'one' | 'none';

export function pinMode(text: string | undefined): PinMode {
  const mode = text ?? 'split';
  if (mode !== 'split' && mode !== 'one' && mode !== 'none') throw new Error(`--pin must be split, one or none, not ${mode}`);
  return mode;
}

const ORCHESTRATOR_CPU = 0;
const AGENT_CPU = 1;

export class Placement {
  readonly mode: PinMode;

  constructor(requested: PinMode) {
    let mode = requested;
    if (mode !== 'none') {
      try {
        execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      } catch {
        console.error('taskset not available: CPU placement left to the scheduler');
        mode = 'none';
      }
    }
    if (mode === 'split' && AVAILABLE_PARALLELISM < 2) mode = 'one';
    this.mode = mode;
    // Every thread the orchestrator has now; threads and children made later inherit it.
    if (mode !== 'none') taskset(['-a', '-p', '-c', String(ORCHESTRATOR_CPU), String(process.pid)]);
  }

  /** The orchestrator's threads now, to tell later which are new. */
  threads(): Set<number> {
    return new Set(threadIds());
  }

  /** Moves threads created since `before` (worker threads) to the agents' CPU. */
  agentThreadsSince(before: Set<number>): void {
    if (this.mode !== 'split') return;
    for (const tid of threadIds()) if (!before.has(tid)) taskset(['-p', '-c', String(AGENT_CPU), String(tid)], true);
  }

  /** Moves child processes, every thread of each, to the agents' CPU. */
  agentProcesses(pids: readonly number[]): void {
    if (this.mode !== 'split') return;
    for (const pid of pids) taskset(['-a', '-p', '-c', String(AGENT_CPU), String(pid)], true);
  }

  describe(): string {
    return this.mode === 'split'
      ? `orchestrator on CPU ${ORCHESTRATOR_CPU}, worker threads and children on CPU ${AGENT_CPU}`
      : this.mode === 'one'
        ? `whole process tree on CPU ${ORCHESTRATOR_CPU}`
        : 'placement left to the scheduler';
  }
}

function threadIds(): number[] {
  return readdirSync('/proc/self/task').map(Number);
}

function taskset(argv: string[], mayVanish = false): void {
  try {
    execFileSync('taskset', argv, { stdio: 'ignore' });
  } catch (error) {
    if (!mayVanish) throw error;
  }
}
