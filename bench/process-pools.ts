/**
 * Trivial-task throughput of three child_process pools of two children each:
 * the lab's ProcessPool (through the processes backend, as the lab uses it),
 * workerpool with workerType 'process', and tinypool with runtime 'child_process'.
 *
 *   node dist/bench/process-pools.js [--rounds 21] [--slice-ms 170] [--warmup-ms 200] [--out FILE.json]
 *                                    [--serialization json|advanced]  [--pin split|one|none]
 *
 * --pin (default split) pins the orchestrator to CPU 0 and every worker thread or
 * child to CPU 1, for all contenders alike: on a 2-CPU VM a cross-CPU wake-up costs
 * tens of µs and the scheduler's chance placement otherwise decides the result.
 * --pin one runs the whole tree on CPU 0 (CPU cost per operation); none leaves it.
 *
 * For each number of tasks in flight (1, 4, 32) the pools are created fresh,
 * warmed, then measured in interleaved rounds of fixed time slices (order
 * rotated each round). Every pool uses the same IPC serialization (json, Node's
 * default, unless --serialization advanced) and no per-task timeout.
 *
 * Tasks per child: workerpool sends one task at a time to each worker (it has
 * no option for more); tinypool (concurrentTasksPerWorker) and the lab
 * (tasksPerWorker) can pipeline several. Each is measured at
 * ceil(inFlight / 2), the way the lab sizes its pools, and also at 1 for a
 * like-for-like comparison with workerpool.
 */
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import workerpool from 'workerpool';
import { createBackend, parseSide } from '../src/backends/registry.js';
import type { Backend } from '../src/backends/types.js';
import { warmEveryWorker } from '../src/backends/warm.js';
import { benchArgs } from './args.js';
import { assertNoChildren, explainStall } from './children.js';
import { saturate } from './drivers.js';
import { environment, writeJson } from './environment.js';
import { Placement } from './placement.js';
import { type Contender, type ContenderResult, interleave, ratio, type Ratio, type RoundLog, roundsCell, roundsLine } from './rounds.js';
import { fmtRate, fmtUs, table } from './table.js';

const POOL_SIZE = 2;
const IN_FLIGHT = [1, 4, 32];

const WORKERPOOL_WORKER = fileURLToPath(new URL('./workerpool-worker.js', import.meta.url));
const TINYPOOL_WORKER = new URL('./tinypool-worker.js', import.meta.url).href;

const args = benchArgs({ rounds: 21, sliceMs: 170, warmupMs: 200 });
const serializationArg = (args.extra.serialization as string | undefined) ?? 'json';
if (serializationArg !== 'json' && serializationArg !== 'advanced') throw new Error('--serialization must be json or advanced');
const serialization: 'json' | 'advanced' = serializationArg;
const placement = new Placement(args.pin);

interface Pool {
  contender: Contender;
  close(): Promise<void>;
}

async function labPool(inFlight: number, tasksPerChild: number): Promise<Pool> {
  const backend: Backend = createBackend(parseSide(`processes:${serialization}`), {
    poolSize: POOL_SIZE,
    tasksPerWorker: tasksPerChild,
    taskTimeoutMs: 0,
  });
  await backend.start();
  await warmEveryWorker(backend, 'spawn');
  placement.agentProcesses(backend.childPids());
  return {
    contender: {
      name: `lab ProcessPool (${tasksPerChild}/child)`,
      slice: (ms) => saturate((value) => backend.run({ workload: 'spawn', handler: 'noop', args: value }), inFlight, ms),
    },
    close: () => backend.close(),
  };
}

async function workerpoolPool(inFlight: number): Promise<Pool> {
  const pool = workerpool.pool(WORKERPOOL_WORKER, {
    workerType: 'process',
    minWorkers: POOL_SIZE,
    maxWorkers: POOL_SIZE,
    forkOpts: { serialization, execArgv: [] },
  });
  // Both workers up and answering before measuring.
  await Promise.all(Array.from({ length: POOL_SIZE * 4 }, (_, i) => pool.exec('noop', [i])));
  // workerpool does not expose its children's PIDs; its WorkerHandlers hold the ChildProcess.
  const handlers = (pool as unknown as { workers: Array<{ worker: { pid?: number } }> }).workers;
  placement.agentProcesses(handlers.flatMap((handler) => (handler.worker.pid === undefined ? [] : [handler.worker.pid])));
  return {
    contender: {
      name: 'workerpool process (1/child)',
      slice: (ms) => saturate((value) => pool.exec('noop', [value]) as Promise<unknown>, inFlight, ms),
    },
    close: async () => {
      await pool.terminate();
    },
  };
}

async function tinypoolPool(inFlight: number, tasksPerChild: number): Promise<Pool> {
  const pool = new Tinypool({
    runtime: 'child_process',
    filename: TINYPOOL_WORKER,
    minThreads: POOL_SIZE,
    maxThreads: POOL_SIZE,
    concurrentTasksPerWorker: tasksPerChild,
    isolateWorkers: false, // the default, stated: reuse children across tasks
    serialization,
  });
  await Promise.all(Array.from({ length: POOL_SIZE * 4 }, (_, i) => pool.run(i)));
  // With the child_process runtime, a worker's threadId is its child's PID.
  placement.agentProcesses(pool.threads.map((worker) => worker.threadId));
  return {
    contender: {
      name: `tinypool child_process (${tasksPerChild}/child)`,
      slice: (ms) => saturate((value) => pool.run(value), inFlight, ms),
    },
    close: () => pool.destroy(),
  };
}

interface LevelResult {
  inFlight: number;
  contenders: ContenderResult[];
  /** Each contender against the lab pool with the same tasks per child (the lab at 1/child is compared with the pipelined lab). */
  ratios: Ratio[];
  rounds: RoundLog;
}

const levels: LevelResult[] = [];

async function measureLevel(inFlight: number): Promise<void> {
  const pipelined = Math.ceil(inFlight / POOL_SIZE);
  const pools: Pool[] = [];
  try {
    pools.push(await labPool(inFlight, pipelined));
    if (pipelined > 1) pools.push(await labPool(inFlight, 1));
    pools.push(await workerpoolPool(inFlight));
    pools.push(await tinypoolPool(inFlight, pipelined));
    if (pipelined > 1) pools.push(await tinypoolPool(inFlight, 1));
    const { results, log } = await interleave(
      pools.map((pool) => pool.contender),
      args.rounds,
      args.sliceMs,
      args.warmupMs,
    );
    const lab = results[0]!;
    const labOne = pipelined > 1 ? results[1]! : lab;
    const ratios: Ratio[] = [];
    for (const result of results.slice(1)) {
      // Compare like with like where both exist: one task per child against the lab's one-per-child pool.
      const reference = result.name.includes('(1/child)') ? labOne : lab;
      if (result !== reference) ratios.push(ratio(result, reference));
    }
    if (labOne !== lab) ratios.push(ratio(labOne, lab));
    const level: LevelResult = { inFlight, contenders: results, ratios, rounds: log };
    levels.push(level);
    printLevel(level);
  } finally {
    for (const pool of pools) await pool.close();
  }
}

function printLevel(level: LevelResult): void {
  console.log(`\n${level.inFlight} task(s) in flight, ${POOL_SIZE} children per pool, ${serialization} IPC`);
  const rows = level.contenders.map((c) => {
    const r = level.ratios.find((x) => x.subject === c.name);
    const reference = r ? level.contenders.find((x) => x.name === r.reference)! : undefined;
    return [
      c.name,
      fmtRate(c.ops.median),
      `${fmtRate(c.ops.min)}–${fmtRate(c.ops.max)}`,
      fmtUs(c.usPerOp.median),
      `${fmtUs(c.usPerOp.q1)}–${fmtUs(c.usPerOp.q3)}`,
      r ? r.reference : '(reference)',
      reference ? (c.ops.median / reference.ops.median).toFixed(2) : '',
      r ? `${speed(r.pairedTimeRatio.median).toFixed(2)} [${speed(r.pairedTimeRatio.max).toFixed(2)}–${speed(r.pairedTimeRatio.min).toFixed(2)}]` : '',
    ];
  });
  console.log(
    table(
      ['pool', 'ops/s med', 'ops/s min–max', 'µs/op med', 'µs/op IQR', 'compared with', 'ops/s ÷ ref', 'paired ÷ ref [min–max]'],
      rows,
      [false, true, true, true, true, false, true, true],
    ),
  );
  console.log(roundsLine(level.rounds));
}

/** Throughput ratio from a time ratio: >1 means faster than the reference. */
function speed(timeRatio: number): number {
  return 1 / timeRatio;
}

function printSummary(): void {
  console.log('\nSummary: throughput against the lab ProcessPool with the same tasks per child (paired per-round median; >1 = faster than the lab)');
  const rows = levels.flatMap((level) =>
    level.ratios.map((r) => {
      const s = speed(r.pairedTimeRatio.median);
      const reading = r.subject.startsWith('lab')
        ? 'lab: one task per child vs pipelined'
        : s > 1.02
          ? 'faster than the lab'
          : s < 0.98
            ? 'slower than the lab'
            : 'same as the lab (±2 %)';
      return [String(level.inFlight), r.subject, r.reference, s.toFixed(2), reading, roundsCell(level.rounds)];
    }),
  );
  console.log(table(['in flight', 'pool', 'compared with', 'ops/s ratio', 'reading', 'rounds'], rows, [true, false, false, true, false, true]));
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `process-pools: ${POOL_SIZE} children per pool, ${serialization} IPC, no task timeout, ${args.rounds} rounds × ${args.sliceMs} ms slices (+ ${args.warmupMs} ms warm-up), ${process.version}`,
  );
  console.log(`CPU placement (--pin ${placement.mode}): ${placement.describe()}`);
  for (const inFlight of IN_FLIGHT) await measureLevel(inFlight);
  printSummary();
  await assertNoChildren('closing every pool');
  const seconds = (performance.now() - started) / 1000;
  console.log(`\ndone in ${seconds.toFixed(1)} s`);
  writeJson(args.out, {
    bench: 'process-pools',
    environment: environment(),
    settings: { pin: placement.mode, placement: placement.describe(), poolSize: POOL_SIZE, serialization, inFlight: IN_FLIGHT, rounds: args.rounds, sliceMs: args.sliceMs, warmupMs: args.warmupMs, taskTimeoutMs: 0 },
    levels: levels.map((level) => ({
      ...level,
      ratios: level.ratios.map((r) => ({ ...r, pairedThroughputRatio: speed(r.pairedTimeRatio.median) })),
    })),
    seconds,
  });
}

explainStall();
await main();
