/**
 * The agent side of a workload: code that runs unchanged on the main thread,
 * in a worker thread and in a forked child. Every backend loads this same
 * compiled module (fairness rule 1).
 */

/** A conversation with the orchestrator, as an agent sees it. */
export interface AgentPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Settles when the orchestrator ends the conversation. */
  readonly ended: Promise<void>;
}

// Handlers receive arguments the orchestrator built from validated scenario
// parameters, so they take them typed rather than re-validating.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskHandler = (args: any) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ChannelHandler = (port: AgentPort, args: any) => Promise<unknown>;

export interface AgentModule {
  /** One-shot tasks: arguments in, result out. */
  readonly tasks?: Readonly<Record<string, TaskHandler>>;
  /** Long-lived agents that exchange messages until the orchestrator ends them. */
  readonly channels?: Readonly<Record<string, ChannelHandler>>;
}

/** What the orchestrator asks a backend to run. */
export interface AgentRequest {
  readonly workload: string;
  readonly handler: string;
  readonly args: unknown;
}
