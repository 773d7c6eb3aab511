import { Searcher, hiddenTarget } from '../shared/belief.js';
import { Checksum, Random, deriveSeed } from '../../src/kernel/random.js';
import type { AgentModule } from '../../src/kernel/agent.js';
import type { FaultKind, FaultTask } from './kinds.js';

export class FlakyFailure extends Error {
  override readonly name = 'FlakyFailure';
}

/** Whether an attempt of a flaky task fails: seeded, so every backend sees the same failures. */
export function flakyFails(seed: number, agent: number, round: number, attempt: number, failurePercent: number): boolean {
  return new Random(deriveSeed(seed, 11, agent, round, attempt)).next() * 100 < failurePercent;
}

function misbehave(fault: Exclude<FaultKind, 'flaky'>): never {
  switch (fault) {
    case 'throw':
      throw new Error('agent failed on purpose');
    case 'exit':
      // Ends a worker thread, a whole child, or (inline) the process hosting every agent.
      return process.exit(3);
    case 'crash':
      // What a native crash does: SIGABRT to the whole process. (process.abort() itself is refused in a worker thread.)
      process.kill(process.pid, 'SIGABRT');
      for (;;);
    case 'hang':
      for (;;);
    case 'oom': {
      // Retained until the heap limit is reached: V8 then ends the isolate (a thread) or the process.
      const hoard: number[][] = [];
      for (let i = 0; ; i++) hoard.push(new Array<number>(65_536).fill(i));
    }
  }
}

/**
 * One task of steady agent work (belief updates over the grid), or the one
 * task that misbehaves. A flaky task does its work and then may fail.
 */
function step(task: FaultTask): string {
  if (task.fault) misbehave(task.fault);
  const searcher = new Searcher(new Random(deriveSeed(task.seed, 10, task.agent, task.round)), hiddenTarget(new Random(deriveSeed(task.seed, 1))));
  const checksum = new Checksum();
  for (let i = 0; i < task.steps; i++) {
    searcher.step();
    checksum.add(searcher.position.x).add(searcher.position.y);
  }
  if (task.failurePercent && flakyFails(task.seed, task.agent, task.round, task.attempt, task.failurePercent)) {
    throw new FlakyFailure(`agent ${task.agent} failed at round ${task.round} (attempt ${task.attempt})`);
  }
  return checksum.hex();
}

export const faults: AgentModule = {
  tasks: { step },
};
