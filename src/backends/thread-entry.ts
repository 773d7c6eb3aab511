import type { MessagePort } from 'node:worker_threads';
import type { AgentRequest } from '../kernel/agent.js';
import { HostedPort, findChannel, runTask } from './agent-host.js';

/** A task as piscina hands it to a worker; `port` is present when it opens a channel. */
export interface ThreadTask extends AgentRequest {
  port?: MessagePort;
}

/**
 * Piscina's worker function: one task, or one channel held until the orchestrator ends it.
 * Not async: piscina awaits whatever it returns, so a synchronous task's value goes back as it is.
 */
export default function runInThread(task: ThreadTask): unknown {
  const { port } = task;
  return port ? hostChannel(task, port) : runTask(task);
}

async function hostChannel(task: ThreadTask, port: MessagePort): Promise<unknown> {
  const hosted = new HostedPort((message) => port.postMessage(message));
  port.on('message', (message: unknown) => hosted.deliver(message));
  const handler = await findChannel(task);
  try {
    return await handler(hosted, task.args);
  } finally {
    port.close();
  }
}
