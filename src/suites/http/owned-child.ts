import { fork, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isAlive } from '../../measure/process-tree.js';

const STDERR_TAIL_CHARS = 2000;

/**
 * A child process the suite forked and must stop: its stderr tail kept for
 * error messages, its exit watched, and a last-resort kill (of it and of any
 * processes it reports, such as cluster workers) if the lab exits first.
 * Each entry point ignores Ctrl-C and leaves when its IPC channel closes, so
 * the lab decides when it stops, and an orphan never outlives the lab.
 */
export class OwnedChild<Reply extends { type: string }> {
  private readonly child: ChildProcess;
  private stderrTail = '';
  private exitedBecause: string | undefined;
  private readonly exited: Promise<void>;
  private readonly killOnExit = (): void => this.killAll();

  constructor(
    readonly name: string,
    entry: URL,
    args: readonly string[],
    private readonly descendants: () => readonly number[] = () => [],
  ) {
    this.child = fork(fileURLToPath(entry), args, { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitedBecause = signal ? `signal ${signal}` : `code ${code}`;
        process.off('exit', this.killOnExit);
        resolve();
      });
    });
    this.child.on('error', (error) => {
      this.exitedBecause ??= error.message;
    });
    process.once('exit', this.killOnExit);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Why the child is gone, with the end of what it wrote to stderr; undefined while it runs. */
  failure(): string | undefined {
    return this.exitedBecause === undefined ? undefined : this.withOutput(`${this.name} exited (${this.exitedBecause})`);
  }

  /** A message followed by the end of what the child (and any descendant sharing its stderr) wrote there. */
  withOutput(message: string): string {
    const tail = this.stderrTail.trim();
    return tail ? `${message}: ${tail}` : message;
  }

  send(message: unknown): void {
    if (this.child.connected) this.child.send(message as object);
  }

  onMessage(listener: (message: Reply) => void): void {
    this.child.on('message', listener as (message: unknown) => void);
  }

  /** The first message `pick` accepts; rejects if the child exits first or the time runs out. */
  next<T>(pick: (message: Reply) => T | undefined, timeoutMs: number, waitingFor: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: unknown): void => {
        const picked = pick(message as Reply);
        if (picked === undefined) return;
        done();
        resolve(picked);
      };
      const onExit = (): void => {
        done();
        // 'exit' can come before the last stderr chunk: give it a turn.
        setImmediate(() => reject(new Error(this.failure() ?? `${this.name} exited`)));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name} sent no ${waitingFor} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      if (this.exitedBecause !== undefined) return onExit();
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  /** Asks the child to leave (`polite`, by default closing its IPC channel); kills it and its descendants after `graceMs`. */
  async stop(graceMs = 3000, polite: () => void = () => this.child.connected && this.child.disconnect()): Promise<void> {
    const descendants = this.descendants();
    if (this.exitedBecause === undefined) {
      polite();
      if ((await settlesWithin(this.exited, graceMs)) === 'late') {
        this.killAll();
        await this.exited;
      }
    }
    // Descendants leave when their parent does (their IPC channel closes); any that linger are killed.
    const deadline = Date.now() + graceMs;
    while (descendants.some(isAlive) && Date.now() < deadline) await sleep(20);
    kill(descendants.filter(isAlive));
  }

  private killAll(): void {
    kill(this.descendants());
    if (this.exitedBecause === undefined && this.child.pid) kill([this.child.pid]);
  }
}

function kill(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function settlesWithin(work: Promise<void>, ms: number): Promise<'settled' | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const outcome = await Promise.race([work.then(() => 'settled' as const), late]);
  clearTimeout(timer);
  return outcome;
}
