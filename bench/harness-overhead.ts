/**
 * How much does the lab's harness cost over the bare primitive it wraps?
 *
 *   node dist/bench/harness-overhead.js [--rounds 21] [--slice-ms 110] [--warmup-ms 150] [--out FILE.json]
 *                                       [--only messaging|tasks]  [--pin split|one|none]
 *
 * --pin (default split) pins the orchestrator to CPU 0 and every worker thread or
 * child to CPU 1, for all contenders alike: on a 2-CPU VM a cross-CPU wake-up costs
 * tens of µs and the scheduler's chance placement otherwise decides the result.
 * --pin one runs the whole tree on CPU 0 (CPU cost per operation); none leaves it.
 *
 * a. Messaging round trips ({seq, body}, 64 B and 64 KiB bodies, one at a time):
 *    - lab threads channel (backend.open messaging/echo) vs a plain Worker + postMessage echo;
 *    - lab processes:advanced / processes:json channel vs a plain fork + process.send echo
 *      with the same serialization and the same fork options.
 * b. Trivial-task throughput (noop returns its argument), a fixed number of tasks in flight:
 *    - lab threads backend run() vs a plain Piscina on a bare noop file, same pool options;
 *    - lab processes backend run() vs plain fork + process.send request/response, two
 *      children, each request sent to the child with fewer outstanding.
 *    The lab is measured with the scenario default task timeout (30 s, as real runs use)
 *    and with taskTimeoutMs 0, which shows what the per-task timer costs.
 *
 * Every case runs its contenders in interleaved rounds of fixed time slices (order rotated
 * each round), after one warm-up slice each. Reported: median ops/s with min–max, median
 * µs/op with IQR, and lab/bare as a ratio of time per operation (>1 = the lab is slower),
 * both from the medians and as the median (min–max) of the per-round ratios.
 */
import { fork, type ChildProcess, type Serializable } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { createBackend, parseSide } from '../src/backends/registry.js';
import type { Backend } from '../src/backends/types.js';
import { warmEveryWorker } from '../src/backends/warm.js';
import { benchArgs } from './args.js';
import { assertNoChildren, explainStall } from './children.js';
import { type Duplex, payload, roundTripper, saturate } from './drivers.js';
import { environment, writeJson } from './environment.js';
import { Placement } from './placement.js';
import { type Contender, type ContenderResult, interleave, ratio, type Ratio, type RoundLog, roundsCell, roundsLine } from './rounds.js';
import { fmtPct, fmtRate, fmtUs, table } from './table.js';

const POOL_SIZE = 2;
const GOAL = 1.1;
/** The scenario schema's default taskTimeoutMs: what a lab run uses unless told otherwise. */
const LAB_TASK_TIMEOUT_MS = 30_000;

const here = (file: string): URL => new URL(`./${file}`, import.meta.url);
const BARE_ECHO_WORKER = here('bare-echo-worker.js');
const BARE_CHILD = fileURLToPath(here('bare-child.js'));
const BARE_NOOP_WORKER = here('bare-noop-worker.js').href;

const args = benchArgs({ rounds: 21, sliceMs: 110, warmupMs: 150 });
const only = args.extra.only as string | undefined;
const placement = new Placement(args.pin);

interface CaseResult {
  section: string;
  name: string;
  contenders: ContenderResult[];
  /** Each lab contender against the bare one. */
  ratios: Ratio[];
  rounds: RoundLog;
}

const cases: CaseResult[] = [];

async function measureCase(section: string, name: string, labs: Contender[], bare: Contender): Promise<void> {
  const { results, log } = await interleave([...labs, bare], args.rounds, args.sliceMs, args.warmupMs);
  const bareResult = results[results.length - 1]!;
  const result: CaseResult = {
    section,
    name,
    contenders: results,
    ratios: results.slice(0, -1).map((lab) => ratio(lab, bareResult)),
    rounds: log,
  };
  cases.push(result);
  printCase(result);
}

function printCase(result: CaseResult): void {
  console.log(`\n${result.section} — ${result.name}`);
  const rows = result.contenders.map((c) => {
    const r = result.ratios.find((x) => x.subject === c.name);
    return [
      c.name,
      fmtRate(c.ops.median),
      `${fmtRate(c.ops.min)}–${fmtRate(c.ops.max)}`,
      fmtUs(c.usPerOp.median),
      `${fmtUs(c.usPerOp.q1)}–${fmtUs(c.usPerOp.q3)}`,
      r ? r.timeRatio.toFixed(3) : '(bare)',
      r ? `${r.pairedTimeRatio.median.toFixed(3)} [${r.pairedTimeRatio.min.toFixed(2)}–${r.pairedTimeRatio.max.toFixed(2)}]` : '',
    ];
  });
  console.log(
    table(
      ['contender', 'ops/s med', 'ops/s min–max', 'µs/op med', 'µs/op IQR', 'lab/bare', 'paired lab/bare [min–max]'],
      rows,
      [false, true, true, true, true, true, true],
    ),
  );
  console.log(roundsLine(result.rounds));
}

// ---------- contenders ----------

function duplexOf(channel: { send(m: unknown): void; onMessage(l: (m: unknown) => void): void }): Duplex {
  return { send: (m) => channel.send(m), onMessage: (l) => channel.onMessage(l) };
}

async function labChannel(side: string): Promise<{ duplex: Duplex; close(): Promise<void> }> {
  const threadsBefore = placement.threads();
  const backend = createBackend(parseSide(side), { poolSize: POOL_SIZE, tasksPerWorker: 1, taskTimeoutMs: LAB_TASK_TIMEOUT_MS });
  await backend.start();
  // Every worker up, the messaging module loaded, a first round trip done.
  await warmEveryWorker(backend, 'messaging');
  placement.agentThreadsSince(threadsBefore);
  placement.agentProcesses(backend.childPids());
  const channel = await backend.open({ workload: 'messaging', handler: 'echo', args: null });
  return {
    duplex: duplexOf(channel),
    close: async () => {
      await channel.close();
      await backend.close();
    },
  };
}

function forkBare(serialization: 'json' | 'advanced'): ChildProcess {
  // The same fork options as the lab's ProcessPool.
  const child = fork(BARE_CHILD, [], { serialization, execArgv: [], stdio: ['ignore', 2, 2, 'ipc'] });
  placement.agentProcesses([child.pid!]);
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.disconnect();
  });
}

async function labPool(side: string, tasksPerWorker: number, taskTimeoutMs: number): Promise<Backend> {
  const threadsBefore = placement.threads();
  const backend = createBackend(parseSide(side), { poolSize: POOL_SIZE, tasksPerWorker, taskTimeoutMs });
  await backend.start();
  await warmEveryWorker(backend, 'spawn');
  placement.agentThreadsSince(threadsBefore);
  placement.agentProcesses(backend.childPids());
  return backend;
}

function labTaskContender(name: string, backend: Backend, inFlight: number): Contender {
  return {
    name,
    slice: (ms) => saturate((value) => backend.run({ workload: 'spawn', handler: 'noop', args: value }), inFlight, ms),
  };
}

/** The least a request/response pool over fork + process.send needs: ids, a callback map, pick the less busy child. */
class BareForkPool {
  private readonly children: ChildProcess[] = [];
  private readonly outstanding: number[] = [];
  private readonly pending = new Map<number, (value: unknown) => void>();
  private nextId = 0;

  constructor(size: number, serialization: 'json' | 'advanced') {
    for (let i = 0; i < size; i++) {
      const child = forkBare(serialization);
      this.children.push(child);
      this.outstanding.push(0);
      child.on('message', (message: [number, unknown]) => {
        this.outstanding[i]!--;
        const resolve = this.pending.get(message[0])!;
        this.pending.delete(message[0]);
        resolve(message[1]);
      });
    }
  }

  run(value: unknown): Promise<unknown> {
    let best = 0;
    for (let i = 1; i < this.outstanding.length; i++) if (this.outstanding[i]! < this.outstanding[best]!) best = i;
    this.outstanding[best]!++;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.children[best]!.send([id, value] as Serializable);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map(stopChild));
  }
}

// ---------- sections ----------

const PAYLOADS: ReadonlyArray<[string, number]> = [
  ['64 B', 64],
  ['64 KiB', 64 * 1024],
];

async function messagingThreads(): Promise<void> {
  const lab = await labChannel('threads');
  const threadsBefore = placement.threads();
  const worker = new Worker(BARE_ECHO_WORKER);
  await new Promise((resolve) => worker.once('online', resolve));
  placement.agentThreadsSince(threadsBefore);
  const bareDuplex: Duplex = { send: (m) => worker.postMessage(m), onMessage: (l) => worker.on('message', l) };
  const labTrip = roundTripper(lab.duplex);
  const bareTrip = roundTripper(bareDuplex);
  try {
    for (const [label, bytes] of PAYLOADS) {
      const body = payload(bytes);
      await measureCase(
        'messaging round trip',
        `threads, ${label}`,
        [{ name: 'lab threads channel', slice: (ms) => labTrip(body, ms) }],
        { name: 'bare Worker postMessage', slice: (ms) => bareTrip(body, ms) },
      );
    }
  } finally {
    await lab.close();
    await worker.terminate();
  }
}

async function messagingProcesses(serialization: 'json' | 'advanced'): Promise<void> {
  const lab = await labChannel(`processes:${serialization}`);
  const child = forkBare(serialization);
  const bareDuplex: Duplex = { send: (m) => child.send(m as Serializable), onMessage: (l) => child.on('message', l) };
  const labTrip = roundTripper(lab.duplex);
  const bareTrip = roundTripper(bareDuplex);
  try {
    for (const [label, bytes] of PAYLOADS) {
      const body = payload(bytes);
      await measureCase(
        'messaging round trip',
        `processes:${serialization}, ${label}`,
        [{ name: `lab processes:${serialization} channel`, slice: (ms) => labTrip(body, ms) }],
        { name: `bare fork process.send (${serialization})`, slice: (ms) => bareTrip(body, ms) },
      );
    }
  } finally {
    await lab.close();
    await stopChild(child);
  }
}

async function tasksThreads(inFlight: number): Promise<void> {
  const tasksPerWorker = Math.ceil(inFlight / POOL_SIZE);
  const withTimeout = await labPool('threads', tasksPerWorker, LAB_TASK_TIMEOUT_MS);
  const noTimeout = await labPool('threads', tasksPerWorker, 0);
  // The same pool options the lab's ThreadsBackend passes, so only the lab's own code differs.
  const threadsBefore = placement.threads();
  const piscina = new Piscina({
    filename: BARE_NOOP_WORKER,
    minThreads: POOL_SIZE,
    maxThreads: POOL_SIZE,
    concurrentTasksPerWorker: tasksPerWorker,
    idleTimeout: Number.MAX_SAFE_INTEGER,
    recordTiming: false,
    execArgv: [],
  });
  await Promise.all(Array.from({ length: 4 * POOL_SIZE }, (_, i) => piscina.run(i)));
  placement.agentThreadsSince(threadsBefore);
  try {
    await measureCase(
      'noop task throughput',
      `threads, ${inFlight} in flight (tasksPerWorker ${tasksPerWorker})`,
      [
        labTaskContender('lab threads run (timeout 30 s)', withTimeout, inFlight),
        labTaskContender('lab threads run (no timeout)', noTimeout, inFlight),
      ],
      { name: 'bare piscina run', slice: (ms) => saturate((value) => piscina.run(value), inFlight, ms) },
    );
  } finally {
    await withTimeout.close();
    await noTimeout.close();
    await piscina.close();
  }
}

async function tasksProcesses(serialization: 'json' | 'advanced', inFlight: number): Promise<void> {
  const tasksPerWorker = Math.ceil(inFlight / POOL_SIZE);
  const side = `processes:${serialization}`;
  const withTimeout = await labPool(side, tasksPerWorker, LAB_TASK_TIMEOUT_MS);
  const noTimeout = await labPool(side, tasksPerWorker, 0);
  const bare = new BareForkPool(POOL_SIZE, serialization);
  try {
    await measureCase(
      'noop task throughput',
      `${side}, ${inFlight} in flight (tasksPerWorker ${tasksPerWorker})`,
      [labTaskContender(`lab ${side} run (timeout 30 s)`, withTimeout, inFlight), labTaskContender(`lab ${side} run (no timeout)`, noTimeout, inFlight)],
      { name: `bare fork request/response (${serialization})`, slice: (ms) => saturate((value) => bare.run(value), inFlight, ms) },
    );
  } finally {
    await withTimeout.close();
    await noTimeout.close();
    await bare.close();
  }
}

// ---------- main ----------

function printSummary(): void {
  console.log('\nSummary: lab time per op ÷ bare time per op (goal ≤ 1.10, i.e. ≤ 10 % overhead)');
  const rows = cases.flatMap((c) =>
    c.ratios.map((r) => [
      `${c.section}: ${c.name}`,
      r.subject,
      r.timeRatio.toFixed(3),
      `${r.pairedTimeRatio.median.toFixed(3)} [${r.pairedTimeRatio.min.toFixed(2)}–${r.pairedTimeRatio.max.toFixed(2)}]`,
      fmtPct(r.pairedTimeRatio.median),
      verdict(r),
      roundsCell(c.rounds),
    ]),
  );
  console.log(
    table(['case', 'lab contender', 'medians', 'paired [min–max]', 'overhead', '≤10 %?', 'rounds'], rows, [false, false, true, true, true, false, true]),
  );
}

/** ok: within the goal; OVER: past it; ~: the paired median is within, but noise spans both sides. */
function verdict(r: Ratio): string {
  if (r.pairedTimeRatio.median > GOAL) return 'OVER';
  return r.pairedTimeRatio.max > GOAL && r.timeRatio > GOAL ? '~' : 'ok';
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`harness-overhead: pool size ${POOL_SIZE}, ${args.rounds} rounds × ${args.sliceMs} ms slices (+ ${args.warmupMs} ms warm-up), ${process.version}`);
  console.log(`CPU placement (--pin ${placement.mode}): ${placement.describe()}`);
  if (!only || only === 'messaging') {
    await messagingThreads();
    await messagingProcesses('advanced');
    await messagingProcesses('json');
  }
  if (!only || only === 'tasks') {
    for (const inFlight of [2 * POOL_SIZE, 1]) await tasksThreads(inFlight);
    for (const serialization of ['json', 'advanced'] as const) {
      for (const inFlight of [2 * POOL_SIZE, 1]) await tasksProcesses(serialization, inFlight);
    }
  }
  printSummary();
  await assertNoChildren('closing every pool');
  const seconds = (performance.now() - started) / 1000;
  console.log(`\ndone in ${seconds.toFixed(1)} s`);
  writeJson(args.out, {
    bench: 'harness-overhead',
    environment: environment(),
    settings: { pin: placement.mode, placement: placement.describe(), poolSize: POOL_SIZE, rounds: args.rounds, sliceMs: args.sliceMs, warmupMs: args.warmupMs, labTaskTimeoutMs: LAB_TASK_TIMEOUT_MS, goal: GOAL },
    cases: cases.map((c) => ({ ...c, ratios: c.ratios.map((r) => ({ ...r, overheadPct: (r.pairedTimeRatio.median - 1) * 100, verdict: verdict(r) })) })),
    seconds,
  });
}

explainStall();
await main();
