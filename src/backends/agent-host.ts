import { agentModules } from '../../workloads/index.js';
import type { AgentPort, AgentRequest, ChannelHandler, TaskHandler } from '../../workloads/types.js';
import { Errors } from '../errors.js';

/**
 * The agent side shared by every backend: finds a workload's handler and
 * gives channel handlers a port. The thread entry, the child entry and the
 * inline backend all go through here, so each runs the same code.
 */
export function findTask({ workload, handler }: AgentRequest): TaskHandler {
  const found = agentModules[workload]?.tasks?.[handler];
  if (!found) throw Errors.unknownHandler(workload, 'task', handler);
  return found;
}

export function findChannel({ workload, handler }: AgentRequest): ChannelHandler {
  const found = agentModules[workload]?.channels?.[handler];
  if (!found) throw Errors.unknownHandler(workload, 'channel', handler);
  return found;
}

/** Tells an agent its conversation is over; no payload can equal it by accident. */
export const END_OF_CHANNEL = '\u0000lab:end-of-channel';

/** The agent's end of a channel, fed by whichever transport the backend uses. */
export class HostedPort implements AgentPort {
  readonly ended: Promise<void>;
  private listener: (message: unknown) => void = () => {};
  private resolveEnded!: () => void;

  constructor(readonly send: (message: unknown) => void) {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  onMessage(listener: (message: unknown) => void): void {
    this.listener = listener;
  }

  deliver(message: unknown): void {
    if (message === END_OF_CHANNEL) this.resolveEnded();
    else this.listener(message);
  }
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
