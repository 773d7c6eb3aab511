import { HostedPort, END_OF_CHANNEL, findChannel, runTask } from './agent-host.js';
import { Inbox } from './inbox.js';
import type { AgentChannel, AgentRequest, Backend } from './types.js';

/**
 * The baseline: agents on the orchestrator's own event loop. A task starts
 * on a later microtask, so tasks submitted together queue behind each other
 * just as they would in a pool of one. Messages are handed over by reference:
 * on one event loop nothing is copied, and that is the point of the baseline.
 */
export class InlineBackend implements Backend {
  readonly kind = 'inline';
  readonly variant = 'default';
  readonly poolSize = 1;

  async start(): Promise<void> {}

  async run(request: AgentRequest): Promise<unknown> {
    await null;
    return runTask(request);
  }

  async open(request: AgentRequest): Promise<AgentChannel> {
    const handler = await findChannel(request);
    const inbox = new Inbox();
    const agentPort = new HostedPort((message) => queueMicrotask(() => inbox.deliver(message)));
    const result = handler(agentPort, request.args);
    return {
      send: (message) => queueMicrotask(() => agentPort.deliver(message)),
      onMessage: (listener) => inbox.listen(listener),
      close: () => {
        agentPort.deliver(END_OF_CHANNEL);
        return result;
      },
    };
  }

  childPids(): number[] {
    return [];
  }

  async close(): Promise<void> {}

  async destroy(): Promise<void> {}
}
