import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { FaultTask } from './kinds.js';
import type { FromHarness, HarnessConfig, ToHarness } from './protocol.js';

const HARNESS = fileURLToPath(new URL('./harness.js', import.meta.url));
/** Kept of a host's stderr, to say why it died (V8's out-of-memory report, say). */
const STDERR_KEPT = 4096;

export type TaskOutcome = { ok: true; checksum: string; atMs: number } | { ok: false; error: string; atMs: number };

/** How a round ended: every task's outcome, and the host's death if it died during it. */
export interface RoundOutcome {
  outcomes: TaskOutcome[];
  died?: { atMs: number; reason: string };
}

export interface LinkOptions {
  config: HarnessConfig;
  /** Node options of the host itself: a heap limit for inline agents, which live on its heap. */
  execArgv: readonly string[];
  /** A host that says nothing for this long is hung: it is killed, as a supervisor's liveness probe would. */
  silenceMs: number;
  /** Longest wait for any one answer (start-up, a round): past it the host is killed. */
  limitMs: number;
}

/**
 * The supervisor's side of one sacrificial host process: starts it, sends it
 * rounds, notices when it dies or goes silent, and always leaves it dead.
 */
export class HarnessLink {
  private readonly child: ChildProcess;
  private lastHeardMs = performance.now();
  private listener: ((message: FromHarness) => void) | undefined;
  private readonly exited: Promise<{ atMs: number; reason: string }>;
  private killedBecause: string | undefined;
  private stderr = '';
  private watchdog: NodeJS.Timeout | undefined;

  private constructor(private readonly options: LinkOptions) {
    this.child = startHost(options);
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_KEPT);
    });
    this.child.on('message', (message: FromHarness) => {
      this.lastHeardMs = performance.now();
      this.listener?.(message);
    });
    this.child.on('error', () => {});
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        const atMs = performance.now();
        clearInterval(this.watchdog);
        resolve({ atMs, reason: this.killedBecause ?? `the process hosting the agents exited (${signal ? `signal ${signal}` : `code ${code}`})${this.lastError()}` });
      }),
    );
  }

  /** Starts a host and resolves once its pool serves at full strength. */
  static async start(options: LinkOptions): Promise<HarnessLink> {
    const link = new HarnessLink(options);
    const ready = await link.request(undefined, (message) => message.type === 'ready');
    if (!ready) {
      link.kill('did not start');
      throw new Error(`the faults host did not start: ${(await link.exited).reason}`);
    }
    link.watchdog = setInterval(() => {
      if (performance.now() - link.lastHeardMs > options.silenceMs) link.kill(`the process hosting the agents went silent for ${options.silenceMs} ms (hung); it was killed`);
    }, Math.max(5, options.config.beatMs));
    link.watchdog.unref();
    return link;
  }

  /** Sends a round; settles when every task has an outcome or the host has died. */
  async round(tasks: FaultTask[]): Promise<RoundOutcome> {
    const outcomes: Array<TaskOutcome | undefined> = tasks.map(() => undefined);
    let pending = tasks.length;
    const all = await this.request({ type: 'round', tasks }, (message) => {
      if (message.type !== 'done') return false;
      outcomes[message.index] = message.ok
        ? { ok: true, checksum: message.checksum, atMs: performance.now() }
        : { ok: false, error: message.error, atMs: performance.now() };
      return --pending === 0;
    });
    if (all) return { outcomes: outcomes as TaskOutcome[] };
    const died = await this.exited;
    return { outcomes: outcomes.map((outcome) => outcome ?? { ok: false, error: died.reason, atMs: died.atMs }), died };
  }

  /** Resolves once every slot of the pool serves again; false if the host died meanwhile. */
  async recover(): Promise<boolean> {
    return (await this.request({ type: 'recover' }, (message) => message.type === 'recovered')) !== undefined;
  }

  async memory(): Promise<{ rssBytes: number; pssBytes: number | null } | undefined> {
    const found = await this.request({ type: 'memory' }, (message) => message.type === 'memory');
    return found?.type === 'memory' ? { rssBytes: found.rssBytes, pssBytes: found.pssBytes } : undefined;
  }

  /** Asks the host to leave, and kills it if it has not within a second. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.send({ type: 'close' } satisfies ToHarness);
    const timer = setTimeout(() => this.kill('did not close'), 1000);
    await this.exited;
    clearTimeout(timer);
  }

  kill(reason: string): void {
    this.killedBecause ??= reason;
    this.child.kill('SIGKILL');
  }

  /**
   * Sends a message (if any) and waits until `answered` returns true for one of the host's messages;
   * undefined when the host dies or the limit passes first (the host is then killed).
   */
  private request(message: ToHarness | undefined, answered: (message: FromHarness) => boolean): Promise<FromHarness | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.kill(`no answer within ${this.options.limitMs} ms; it was killed`), this.options.limitMs);
      const finish = (value: FromHarness | undefined): void => {
        clearTimeout(timer);
        this.listener = undefined;
        resolve(value);
      };
      this.listener = (reply) => {
        if (answered(reply)) finish(reply);
      };
      void this.exited.then(() => finish(undefined));
      if (message && this.child.connected) {
        // Silence is counted from the moment work was handed over, so a hang is never called before its limit.
        this.lastHeardMs = performance.now();
        this.child.send(message);
      }
    });
  }

  private lastError(): string {
    const line = this.stderr
      .split('\n')
      .map((text) => text.trim())
      .find((text) => /FATAL ERROR|out of memory|Error:/i.test(text));
    return line ? `: ${line}` : '';
  }
}

/**
 * Forks the host. Where there is a POSIX shell it goes through `ulimit -c 0` first, so a fatal crash
 * (process.abort) leaves no core file behind.
 */
function startHost(options: LinkOptions): ChildProcess {
  const args = [...options.execArgv, HARNESS, JSON.stringify(options.config)];
  const stdio: ['ignore', 'ignore', 'pipe', 'ipc'] = ['ignore', 'ignore', 'pipe', 'ipc'];
  if (process.platform === 'win32') return fork(HARNESS, [JSON.stringify(options.config)], { execArgv: [...options.execArgv], stdio });
  return spawn('/bin/sh', ['-c', 'ulimit -c 0; exec "$0" "$@"', process.execPath, ...args], { stdio });
}
