import type { AgentRequest, TaskHandler } from '../kernel/agent.js';
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

/** A handler the pool has defined by number; `task` is filled in once found. */
interface DefinedHandler {
  readonly workload: string;
  readonly handler: string;
  task: TaskHandler | undefined;
}
const defined: DefinedHandler[] = [];

/** One result frame, reused: process.send serializes synchronously (see ProcessPool.channelOn). */
const resultFrame: [typeof ToParent.result, number, unknown] = [ToParent.result, 0, undefined];

function sendResult(id: number, value: unknown): void {
  resultFrame[1] = id;
  resultFrame[2] = value;
  send(resultFrame);
  resultFrame[2] = undefined;
}

function sendError(id: number, error: unknown): void {
  send([ToParent.error, id, serializeError(error)]);
}

/** Runs a task; a synchronous result goes back at once, without a promise or the turns an await would add. */
function runTask(id: number, target: DefinedHandler, args: unknown): void {
  let value: unknown;
  try {
    if (!target.task) {
      const found = findTask({ workload: target.workload, handler: target.handler, args: undefined });
      if (typeof found !== 'function') {
        found.then(
          (task) => {
            target.task = task;
            runTask(id, target, args);
          },
          (error: unknown) => sendError(id, error),
        );
        return;
      }
      target.task = found;
    }
    value = target.task(args);
  } catch (error) {
    sendError(id, error);
    return;
  }
  if (value instanceof Promise) value.then((result: unknown) => sendResult(id, result), (error: unknown) => sendError(id, error));
  else sendResult(id, value);
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
      runTask(message[1], defined[message[2]]!, message[3]);
      break;
    case ToChild.define:
      defined[message[1]] = { workload: message[2], handler: message[3], task: undefined };
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
