import { threadId } from 'node:worker_threads';
import type { AgentModule, AgentPort } from '../../src/kernel/agent.js';

export interface AgentHome {
  pid: number;
  threadId: number;
}

/** An agent that announces where it lives, then stays until it is released; it may first load another workload's agent code. */
async function hold(port: AgentPort, args: { preload?: string } | null): Promise<AgentHome> {
  if (args?.preload) await (await import('../index.js')).loadAgentModule(args.preload);
  const home: AgentHome = { pid: process.pid, threadId };
  port.send(home);
  await port.ended;
  return home;
}

/** The cheapest possible task: the floor of a backend's per-task cost. */
function noop(value: unknown): unknown {
  return value;
}

export const spawn: AgentModule = {
  tasks: { noop },
  channels: { hold },
};
