import { fork, type ChildProcess, type Serializable } from 'node:child_process';
import type { AgentRequest } from '../kernel/agent.js';
import { Errors } from '../errors.js';
import { deserializeError, type SerializedError } from './agent-host.js';
import { DeadlineQueue, type Deadline } from './deadlines.js';
import { Inbox } from './inbox.js';
import { ToChild, ToParent, type ToChildMessage, type ToParentMessage } from './process-protocol.js';

export interface ProcessPoolOptions {
  /** The compiled child entry point. */
  filename: string;
  size: number;
  /** Tasks and channels a child holds at once. */
  tasksPerChild: number;
  serialization: 'json' | 'advanced';
  /** Per-task limit in ms; 0 for none. */
  taskTimeoutMs: number;
  /** How long close() waits for children to leave before killing them. */
  closeTimeoutMs?: number;
  /** Node options of every child (a heap limit, say); none by default. */
  execArgv?: readonly string[];
}

/** A task or a channel; every field is always present, so every job has one shape. */
interface Job {
  readonly id: number;
  readonly kind: typeof ToChild.task | typeof ToChild.open;
  /** Tasks: the handler's number (see handlerNumber); channels: -1. */
  readonly handler: number;
  /** Tasks: the arguments; channels: the whole request. */
  readonly payload: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  /** Channels: where the child's messages for this job go. */
  readonly inbox: Inbox | undefined;
  /** Channels: called once the job is on a child (the channel needs to know which). */
  readonly onDispatch: ((child: Child) => void) | undefined;
  child: Child | undefined;
  deadline: Deadline<Job> | undefined;
}

interface Child {
  readonly process: ChildProcess;
  readonly jobs: Map<number, Job>;
  /** Handler numbers this child has been told the names of. */
  readonly defined: Set<number>;
  ready: boolean;
  /** Why the pool killed it, reported to the jobs it held. */
  killedBecause?: Error;
}

export interface ProcessChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  close(): Promise<unknown>;
}

/**
 * A pool of forked children with the shape of a thread pool: started warm,
 * one FIFO queue, several tasks in flight per child, a timeout per task, a
 * crashed child replaced (its tasks rejected with the reason), and a graceful
 * close that lets work in flight finish.
 */
export class ProcessPool {
  private readonly children = new Set<Child>();
  private readonly queue: Job[] = [];
  private queueHead = 0;
  private nextId = 1;
  private closing = false;
  private readyWaiters: Array<() => void> = [];
  /** Set when a child dies before it is ready: the entry point itself is broken. */
  private startFailure: Error | undefined;

  private readonly deadlines: DeadlineQueue<Job> | undefined;
  /** workload → handler → its number, and each number's names, for the `define` messages. */
  private readonly handlerNumbers = new Map<string, Map<string, number>>();
  private readonly handlerNames: Array<[workload: string, handler: string]> = [];
  /**
   * One task frame, reused: process.send serializes synchronously, and a fresh array per task is
   * garbage the pool's own bookkeeping need not make (see channelOn for why that matters).
   */
  private readonly taskFrame: [typeof ToChild.task, number, number, unknown] = [ToChild.task, 0, 0, undefined];

  constructor(private readonly options: ProcessPoolOptions) {
    const { taskTimeoutMs } = options;
    this.deadlines = taskTimeoutMs > 0 ? new DeadlineQueue<Job>(taskTimeoutMs, (job) => this.timedOut(job)) : undefined;
  }

  /** Forks every child and waits until each has loaded its entry point and said it is ready. */
  async start(): Promise<void> {
    while (this.children.size < this.options.size) this.spawn();
    await this.allReady();
  }

  run(request: AgentRequest): Promise<unknown> {
    const handler = this.handlerNumber(request.workload, request.handler);
    return new Promise((resolve, reject) =>
      this.enqueue({
        id: this.nextId++,
        kind: ToChild.task,
        handler,
        payload: request.args,
        resolve,
        reject,
        inbox: undefined,
        onDispatch: undefined,
        child: undefined,
        deadline: undefined,
      }),
    );
  }

  /** Opens a channel to a long-lived agent; resolves once a child has taken it. */
  open(request: AgentRequest): Promise<ProcessChannel> {
    const inbox = new Inbox();
    let settle!: { resolve: (value: unknown) => void; reject: (error: Error) => void };
    const result = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
    result.catch(() => {});
    return new Promise((resolveOpen, rejectOpen) => {
      const job: Job = {
        id: this.nextId++,
        kind: ToChild.open,
        handler: -1,
        payload: request,
        resolve: settle.resolve,
        reject: (error) => {
          settle.reject(error);
          rejectOpen(error);
        },
        inbox,
        onDispatch: (child) => resolveOpen(this.channelOn(child, job, inbox, result)),
        child: undefined,
        deadline: undefined,
      };
      this.enqueue(job);
    });
  }

  pids(): number[] {
    return [...this.children].flatMap((child) => (child.process.pid === undefined ? [] : [child.process.pid]));
  }

  /** Stops taking work, waits for what is queued and in flight, then lets every child leave. */
  async close(): Promise<void> {
    this.closing = true;
    await this.drained();
    const closeTimeoutMs = this.options.closeTimeoutMs ?? 5000;
    await Promise.all([...this.children].map((child) => this.stopChild(child, closeTimeoutMs)));
  }

  /** Kills every child now; queued and running work is rejected. */
  async destroy(): Promise<void> {
    this.closing = true;
    const reason = Errors.poolClosed();
    for (const job of this.queue.splice(this.queueHead)) job.reject(reason);
    this.queueHead = 0;
    await Promise.all([...this.children].map((child) => this.stopChild(child, 0, reason)));
  }

  private channelOn(child: Child, job: Job, inbox: Inbox, result: Promise<unknown>): ProcessChannel {
    // One wrapper per channel, reused: process.send serializes synchronously, and a fresh array per message
    // lets V8 pretenure the wrappers, which then keep large payloads alive into old-space collections.
    const frame: [typeof ToChild.data, number, unknown] = [ToChild.data, job.id, undefined];
    return {
      send: (message) => {
        frame[2] = message;
        this.post(child, frame);
        frame[2] = undefined;
      },
      onMessage: (listener) => inbox.listen(listener),
      close: () => {
        if (child.jobs.has(job.id)) this.post(child, [ToChild.end, job.id]);
        return result;
      },
    };
  }

  private enqueue(job: Job): void {
    if (this.closing) {
      job.reject(Errors.poolClosed());
      return;
    }
    this.queue.push(job);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.queueHead < this.queue.length) {
      const child = this.leastBusy();
      if (!child) return;
      const job = this.queue[this.queueHead]!;
      this.queue[this.queueHead++] = undefined as unknown as Job;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      this.assign(child, job);
    }
  }

  private leastBusy(): Child | undefined {
    let best: Child | undefined;
    for (const child of this.children) {
      if (!child.ready || child.killedBecause || child.jobs.size >= this.options.tasksPerChild) continue;
      if (!best || child.jobs.size < best.jobs.size) best = child;
    }
    return best;
  }

  /** The number a task names its handler by; the names go to each child once, before its first such task. */
  private handlerNumber(workload: string, handler: string): number {
    let byHandler = this.handlerNumbers.get(workload);
    if (!byHandler) this.handlerNumbers.set(workload, (byHandler = new Map()));
    let number = byHandler.get(handler);
    if (number === undefined) {
      number = this.handlerNames.push([workload, handler]) - 1;
      byHandler.set(handler, number);
    }
    return number;
  }

  private assign(child: Child, job: Job): void {
    child.jobs.set(job.id, job);
    job.child = child;
    if (job.kind === ToChild.open) {
      this.post(child, [ToChild.open, job.id, job.payload]);
      job.onDispatch!(child);
      return;
    }
    if (this.deadlines) job.deadline = this.deadlines.add(job);
    if (!child.defined.has(job.handler)) {
      const [workload, handler] = this.handlerNames[job.handler]!;
      this.post(child, [ToChild.define, job.handler, workload, handler]);
      child.defined.add(job.handler);
    }
    const frame = this.taskFrame;
    frame[1] = job.id;
    frame[2] = job.handler;
    frame[3] = job.payload;
    this.post(child, frame);
    frame[3] = undefined;
  }

  /** A task past its limit: its child may be stuck in it, so the child is killed (and replaced on exit). */
  private timedOut(job: Job): void {
    const child = job.child!;
    child.killedBecause = Errors.taskTimeout(this.options.taskTimeoutMs, `child process ${child.process.pid}`);
    this.settle(child, job.id)?.reject(child.killedBecause);
    child.process.kill('SIGKILL');
  }

  private post(child: Child, message: ToChildMessage): void {
    child.process.send(message as Serializable);
  }

  /** Removes a job from its child and returns it, or undefined if already settled. */
  private settle(child: Child, id: number): Job | undefined {
    const job = child.jobs.get(id);
    if (!job) return undefined;
    child.jobs.delete(id);
    if (job.deadline) this.deadlines!.cancel(job.deadline);
    return job;
  }

  private spawn(): Child {
    const child: Child = {
      process: fork(this.options.filename, [], {
        serialization: this.options.serialization,
        execArgv: [...(this.options.execArgv ?? [])],
        stdio: ['ignore', 2, 2, 'ipc'],
      }),
      jobs: new Map(),
      defined: new Set(),
      ready: false,
    };
    this.children.add(child);
    child.process.on('message', (message: ToParentMessage) => this.onMessage(child, message));
    child.process.on('exit', (code, signal) => this.onExit(child, code, signal));
    child.process.on('error', () => {});
    return child;
  }

  private onMessage(child: Child, message: ToParentMessage): void {
    switch (message[0]) {
      case ToParent.data:
        child.jobs.get(message[1])?.inbox?.deliver(message[2]);
        return;
      case ToParent.result:
        this.settle(child, message[1])?.resolve(message[2]);
        break;
      case ToParent.error:
        this.settle(child, message[1])?.reject(deserializeError(message[2] as SerializedError));
        break;
      case ToParent.ready:
        child.ready = true;
        this.notifyReady();
        break;
    }
    this.afterJobDone();
  }

  private onExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    this.children.delete(child);
    const reason = child.killedBecause ?? Errors.childExited(child.process.pid, code, signal);
    for (const id of [...child.jobs.keys()]) this.settle(child, id)?.reject(reason);
    if (!child.ready && !this.closing) {
      this.startFailure = new Error(`a child process exited during start-up (${signal ?? `code ${code}`}); see its stderr above`);
      this.closing = true;
      for (const job of this.queue.splice(this.queueHead)) job.reject(this.startFailure);
      this.queueHead = 0;
    }
    if (!this.closing) this.spawn();
    this.afterJobDone();
  }

  private afterJobDone(): void {
    this.dispatch();
    this.notifyReady();
  }

  private idle(): boolean {
    return this.queueHead >= this.queue.length && [...this.children].every((child) => child.jobs.size === 0);
  }

  private allReadyNow(): boolean {
    return this.children.size >= this.options.size && [...this.children].every((child) => child.ready);
  }

  private notifyReady(): void {
    if (this.readyWaiters.length === 0) return;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private async waitFor(condition: () => boolean): Promise<void> {
    while (!condition()) {
      if (this.startFailure) throw this.startFailure;
      await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    }
  }

  private allReady(): Promise<void> {
    return this.waitFor(() => this.allReadyNow());
  }

  private drained(): Promise<void> {
    return this.waitFor(() => this.idle());
  }

  private stopChild(child: Child, graceMs: number, reason?: Error): Promise<void> {
    const { process: proc } = child;
    if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    if (reason) child.killedBecause = reason;
    return new Promise((resolve) => {
      proc.once('exit', () => resolve());
      if (graceMs <= 0) {
        proc.kill('SIGKILL');
        return;
      }
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      proc.once('exit', () => clearTimeout(timer));
      if (proc.connected) proc.disconnect();
      else proc.kill('SIGKILL');
    });
  }
}
