import { setTimeout as sleep } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import type { AgentModule } from '../../src/kernel/agent.js';

/**
 * Agents that misbehave on purpose, so the backends' promises (several tasks
 * in flight, timeouts, crash replacement, errors) can be checked on real
 * workers and children. Not a workload: no scenario runs it.
 */
let inFlight = 0;
let mostInFlight = 0;

async function wait({ ms }: { ms: number }): Promise<{ pid: number; threadId: number; mostInFlight: number }> {
  inFlight++;
  mostInFlight = Math.max(mostInFlight, inFlight);
  await sleep(ms);
  inFlight--;
  return { pid: process.pid, threadId, mostInFlight };
}

function spin({ ms }: { ms: number }): number {
  const until = Date.now() + ms;
  let turns = 0;
  while (Date.now() < until) turns++;
  return turns;
}

function exit({ code }: { code: number }): never {
  process.exit(code);
}

function fail({ message }: { message: string }): never {
  throw new Error(message);
}

function where(): { pid: number; threadId: number } {
  return { pid: process.pid, threadId };
}

export const probe: AgentModule = {
  tasks: { wait, spin, exit, fail, where },
};
