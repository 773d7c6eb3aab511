import { loadAgentModule } from '../../workloads/index.js';
import type { AgentModule, AgentPort, AgentRequest, ChannelHandler, TaskHandler } from '../kernel/agent.js';
import { Errors } from '../errors.js';
import { Inbox } from './inbox.js';

/**
 * The agent side shared by every backend: finds a workload's handler and
 * gives channel handlers a port. The thread entry, the child entry and the
 * inline backend all go through here, so each runs the same code.
 */
const loaded = new Map<string, AgentModule>();

async function loadModule(workload: string): Promise<AgentModule | undefined> {
  const load = loadAgentModule(workload);
  if (!load) return undefined;
  const module = await load;
  loaded.set(workload, module);
  return module;
}

/** The task handler, synchronously once its module is loaded (the hot path), else after loading it. */
export function findTask({ workload, handler }: AgentRequest): TaskHandler | Promise<TaskHandler> {
  const found = loaded.get(workload)?.tasks?.[handler];
  if (found) return found;
  return loadModule(workload).then((module) => {
    const task = module?.tasks?.[handler];
    if (!task) throw Errors.unknownHandler(workload, 'task', handler);
    return task;
  });
}

export async function findChannel({ workload, handler }: AgentRequest): Promise<ChannelHandler> {
  const module = loaded.get(workload) ?? (await loadModule(workload));
  const found = module?.channels?.[handler];
  if (!found) throw Errors.unknownHandler(workload, 'channel', handler);
  return found;
}

/** Tells an agent its conversation is over; no payload can equal it by accident. */
export const END_OF_CHANNEL = '\u0000lab:end-of-channel';

/** The agent's end of a channel, fed by whichever transport the backend uses; early messages wait for a listener. */
export class HostedPort implements AgentPort {
  readonly ended: Promise<void>;
  private readonly inbox = new Inbox();
  private resolveEnded!: () => void;

  constructor(readonly send: (message: unknown) => void) {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  onMessage(listener: (message: unknown) => void): void {
    this.inbox.listen(listener);
  }

  deliver(message: unknown): void {
    if (message === END_OF_CHANNEL) this.resolveEnded();
    else this.inbox.deliver(message);
  }
}

/**
 * Runs a task handler: its result as it returns it (a value or a promise) when its module is
 * already loaded, so a synchronous task costs no promise and no turn; a promise otherwise.
 * A synchronous handler's throw propagates synchronously.
 */
export function runTask(request: AgentRequest): unknown {
  const handler = findTask(request);
  if (typeof handler === 'function') return handler(request.args);
  return handler.then((task) => task(request.args));
}

/** Errors cross JSON IPC as plain objects. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

export function deserializeError(data: SerializedError): Error {
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}
