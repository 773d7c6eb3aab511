import type { AgentRequest } from '../../workloads/types.js';
import { END_OF_CHANNEL, HostedPort, findChannel, findTask, serializeError } from './agent-host.js';
import { ToChild, ToParent, type ToChildMessage, type ToParentMessage } from './process-protocol.js';

/**
 * The entry point of every child in the process pool: runs tasks and hosts
 * channels over the IPC channel, several at once.
 */
const send = (message: ToParentMessage): void => {
  process.send!(message);
};
const channels = new Map<number, HostedPort>();

async function runTask(id: number, request: AgentRequest): Promise<void> {
  try {
    const handler = findTask(request);
    const value = typeof handler === 'function' ? handler(request.args) : (await handler)(request.args);
    // A synchronous result goes back at once, without the turns an await would add.
    send([ToParent.result, id, value instanceof Promise ? await value : value]);
  } catch (error) {
    send([ToParent.error, id, serializeError(error)]);
  }
}

async function hostChannel(id: number, request: AgentRequest): Promise<void> {
  // One wrapper per channel, reused (see ProcessPool.channelOn): process.send serializes synchronously.
  const frame: [typeof ToParent.data, number, unknown] = [ToParent.data, id, undefined];
  const port = new HostedPort((message) => {
    frame[2] = message;
    send(frame);
    frame[2] = undefined;
  });
  channels.set(id, port);
  try {
    const handler = await findChannel(request);
    send([ToParent.result, id, await handler(port, request.args)]);
  } catch (error) {
    send([ToParent.error, id, serializeError(error)]);
  } finally {
    channels.delete(id);
  }
}

process.on('message', (message: ToChildMessage) => {
  switch (message[0]) {
    case ToChild.data:
      channels.get(message[1])?.deliver(message[2]);
      break;
    case ToChild.task:
      void runTask(message[1], message[2] as AgentRequest);
      break;
    case ToChild.open:
      void hostChannel(message[1], message[2] as AgentRequest);
      break;
    case ToChild.end:
      channels.get(message[1])?.deliver(END_OF_CHANNEL);
      break;
  }
});

// The pool decides when a child stops: Ctrl-C reaches the whole process group,
// and the orchestrator must be the one to end the run cleanly.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
// Orphaned (the orchestrator died): leave at once.
process.on('disconnect', () => process.exit(0));
send([ToParent.ready]);
