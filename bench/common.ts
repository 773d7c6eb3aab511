/**
 * Shared helpers for the benchmark scripts in bench/: interleaved rounds of
 * fixed time slices, robust summaries, tables, and a check that no child
 * process outlives the script.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { liveChildren } from '../src/measure/process-tree.js';

export interface BenchArgs {
  rounds: number;
  sliceMs: number;
  warmupMs: number;
  out: string | undefined;
  pin: PinMode;
}

export function benchArgs(defaults: { rounds: number; sliceMs: number; warmupMs: number }): BenchArgs & { extra: Record<string, string | boolean | undefined> } {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' },
      'slice-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      out: { type: 'string' },
      serialization: { type: 'string' },
      only: { type: 'string' },
      pin: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'options: --rounds N (default %d)  --slice-ms MS (default %d)  --warmup-ms MS (default %d)  --out FILE.json\n' +
        '         --pin split|one|none (default split: orchestrator on one CPU, workers and children on another;\n' +
        '               one: the whole tree on one CPU; none: leave placement to the scheduler)\n' +
        '         process-pools only: --serialization json|advanced; harness-overhead only: --only messaging|tasks',
      defaults.rounds,
      defaults.sliceMs,
      defaults.warmupMs,
    );
    process.exit(0);
  }
  const num = (text: string | undefined, fallback: number): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`not a positive number: ${text}`);
    return value;
  };
  return {
    rounds: Math.round(num(values.rounds, defaults.rounds)),
    sliceMs: num(values['slice-ms'], defaults.sliceMs),
    warmupMs: num(values['warmup-ms'], defaults.warmupMs),
    out: values.out,
    pin: pinMode(values.pin),
    extra: { serialization: values.serialization, only: values.only },
  };
}

/** What one slice measured. */
export interface Slice {
  ops: number;
  ms: number;
}

/** Something measured: run for about `ms`, report the operations completed. */
export interface Contender {
  readonly name: string;
  slice(ms: number): Promise<Slice>;
}

export interface Summary {
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export interface ContenderResult {
  name: string;
  /** ops/s of each kept round, in round order. */
  opsPerSec: number[];
  ops: Summary;
  /** µs per operation (1e6 / ops/s) of each round, summarised. */
  usPerOp: Summary;
}

/** How a case's rounds went: rounds thrown away because something outside the bench took CPU during them. */
export interface RoundLog {
  /** Rounds the statistics come from. */
  kept: number;
  /** Rounds disturbed by other processes (dropped, unless too few clean rounds were left). */
  disturbed: number;
  /** True when too few rounds were clean and disturbed ones had to be kept. */
  keptDisturbed: boolean;
}

/** A slice is disturbed when other processes took more than this share of one CPU during it (BENCH_DEBUG_FOREIGN=1 prints the share of every slice). */
const FOREIGN_CPU_LIMIT = 0.15;
/** Fewer clean rounds than this and the disturbed ones are used too. */
const MIN_CLEAN_ROUNDS = 5;

/**
 * Runs every contender once for a warm-up slice, then rounds in which each
 * runs one slice; the order rotates every round (A B C, B C A, …) so that no
 * contender always runs first or right after the same neighbour.
 * A round in which another process on the machine (or the hypervisor) took
 * more than 15 % of a CPU during any of its slices is disturbed: it is
 * dropped and another round is run, until `rounds` clean rounds or 1.5 ×
 * `rounds` attempts. With fewer than 5 clean rounds, every round is kept and
 * the log says so.
 */
export async function interleave(
  contenders: readonly Contender[],
  rounds: number,
  sliceMs: number,
  warmupMs: number,
): Promise<{ results: ContenderResult[]; log: RoundLog }> {
  for (const contender of contenders) await contender.slice(warmupMs);
  const clean: number[][] = [];
  const all: number[][] = [];
  const maxAttempts = Math.ceil(rounds * 1.5);
  for (let attempt = 0; attempt < maxAttempts && clean.length < rounds; attempt++) {
    const rates: number[] = [];
    let disturbed = false;
    for (let k = 0; k < contenders.length; k++) {
      const index = (attempt + k) % contenders.length;
      const before = cpuSnapshot();
      const { ops, ms } = await contenders[index]!.slice(sliceMs);
      const foreign = foreignCpuShare(before, cpuSnapshot());
      if (foreign > FOREIGN_CPU_LIMIT) disturbed = true;
      if (process.env.BENCH_DEBUG_FOREIGN) console.error(`  [${contenders[index]!.name}] other processes: ${(foreign * 100).toFixed(0)} % of a CPU`);
      rates[index] = (ops * 1000) / ms;
    }
    all.push(rates);
    if (!disturbed) clean.push(rates);
  }
  const keptDisturbed = clean.length < Math.min(MIN_CLEAN_ROUNDS, rounds);
  const kept = keptDisturbed ? all : clean;
  const log: RoundLog = { kept: kept.length, disturbed: all.length - clean.length, keptDisturbed };
  const results = contenders.map((contender, index) => {
    const opsPerSec = kept.map((rates) => rates[index]!);
    return { name: contender.name, opsPerSec, ops: summarise(opsPerSec), usPerOp: summarise(opsPerSec.map((rate) => 1e6 / rate)) };
  });
  return { results, log };
}

/** For summary tables: clean rounds kept, or `N noisy` when disturbed rounds had to be kept. */
export function roundsCell(log: RoundLog): string {
  return log.keptDisturbed ? `${log.kept} noisy` : String(log.kept);
}

export function roundsLine(log: RoundLog): string {
  if (log.disturbed === 0) return `rounds: ${log.kept}, none disturbed by other processes`;
  return log.keptDisturbed
    ? `rounds: ${log.kept} kept, ${log.disturbed} of them disturbed by other processes (too few clean rounds: treat with care)`
    : `rounds: ${log.kept} clean rounds kept, ${log.disturbed} disturbed by other processes dropped`;
}

// ---------- CPU taken by others ----------

interface CpuSnapshot {
  at: number;
  /** Busy clock ticks of the whole machine, steal included. */
  machine: number;
  /** Ticks used by this process and its live children. */
  tree: number;
}

const TICKS_PER_MS = 100 / 1000; // USER_HZ is 100 on Linux

function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …
    const machine = fields[0]! + fields[1]! + fields[2]! + fields[5]! + fields[6]! + (fields[7] ?? 0);
    let tree = processTicks('self');
    for (const pid of liveChildren()) tree += processTicks(String(pid));
    return { at: performance.now(), machine, tree };
  } catch {
    return undefined;
  }
}

function processTicks(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime
  } catch {
    return 0; // exited in between
  }
}

/** CPU taken by anything but this process tree between two snapshots, in CPUs (1 = one CPU fully busy). */
function foreignCpuShare(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): number {
  if (!before || !after) return 0;
  const foreignTicks = after.machine - before.machine - (after.tree - before.tree);
  return Math.max(0, foreignTicks) / ((after.at - before.at) * TICKS_PER_MS);
}

/**
 * How much slower `subject` is than `reference`, per operation: the ratio of
 * median times per op, and the median (and range) of the per-round ratios,
 * which cancels drift that hits both sides of a round alike.
 */
export interface Ratio {
  subject: string;
  reference: string;
  /** subject µs/op ÷ reference µs/op, from the medians. >1 means subject is slower. */
  timeRatio: number;
  pairedTimeRatio: Summary;
}

export function ratio(subject: ContenderResult, reference: ContenderResult): Ratio {
  const paired = subject.opsPerSec.map((rate, round) => reference.opsPerSec[round]! / rate);
  return {
    subject: subject.name,
    reference: reference.name,
    timeRatio: subject.usPerOp.median / reference.usPerOp.median,
    pairedTimeRatio: summarise(paired),
  };
}

// ---------- drivers ----------

/**
 * Keeps `inFlight` calls of `runOne` outstanding until the slice is over,
 * then waits for the stragglers. Each result must equal its argument (every
 * contender runs a noop that returns its input).
 */
export function saturate(runOne: (value: number) => Promise<unknown>, inFlight: number, sliceMs: number): Promise<Slice> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const deadline = started + sliceMs;
    let next = 0;
    let active = 0;
    let done = 0;
    let stopping = false;
    const launch = (): void => {
      const value = next++;
      active++;
      runOne(value).then((result) => {
        active--;
        if (result !== value) {
          stopping = true;
          reject(new Error(`noop returned ${String(result)} for ${value}`));
          return;
        }
        done++;
        if (!stopping && performance.now() < deadline) launch();
        else {
          stopping = true;
          if (active === 0) resolve({ ops: done, ms: performance.now() - started });
        }
      }, reject);
    };
    for (let i = 0; i < inFlight; i++) launch();
  });
}

/** A two-way message path: the bench sets one listener and swaps what it does. */
export interface Duplex {
  send(message: unknown): void;
  /** Called once by the bench. */
  onMessage(listener: (message: unknown) => void): void;
}

export interface Envelope {
  seq: number;
  body: string;
}

/** Wraps a Duplex for sequential round trips of `{seq, body}`; the reply must come back as sent. */
export function roundTripper(duplex: Duplex): (body: string, sliceMs: number) => Promise<Slice> {
  let current: (message: unknown) => void = () => {
    throw new Error('message outside a slice');
  };
  duplex.onMessage((message) => current(message));
  return (body, sliceMs) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const deadline = started + sliceMs;
      let seq = 0;
      current = (message) => {
        const echoed = message as Envelope;
        if (echoed.seq !== seq || echoed.body.length !== body.length) {
          reject(new Error(`echo mismatch at ${seq}`));
          return;
        }
        seq++;
        const now = performance.now();
        if (now >= deadline) resolve({ ops: seq, ms: now - started });
        else duplex.send({ seq, body } satisfies Envelope);
      };
      duplex.send({ seq, body } satisfies Envelope);
    });
}

/** An ASCII body of exactly `bytes` characters, like the lab's messaging payloads. */
export function payload(bytes: number): string {
  const unit = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

// ---------- output ----------

export function fmtRate(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(2)}k`;
  return value.toFixed(0);
}

export function fmtUs(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function fmtPct(timeRatio: number): string {
  const pct = (timeRatio - 1) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[], rightAlign: readonly boolean[] = []): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (rightAlign[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The lab's source revision the numbers belong to (uncommitted changes under src/ or workloads/ make it dirty). */
function revision(): { commit: string; dirty: boolean } | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src', 'workloads'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return null;
  }
}

/** Node exits with 13 when the event loop empties under a pending top-level await: some pool never answered. */
export function explainStall(): void {
  process.on('exit', (code) => {
    if (code === 13) console.error('\nstopped with work pending: a pool never answered (a worker that failed to load its entry? is dist/ fully built?)');
  });
}

// Read when this module loads, before any pinning narrows the process's CPU affinity.
const AVAILABLE_PARALLELISM = os.availableParallelism();
const LOADAVG_AT_START = os.loadavg();

export function environment(): Record<string, unknown> {
  return {
    revision: revision(),
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    availableParallelism: AVAILABLE_PARALLELISM,
    /** 1, 5 and 15 min load averages: anything else running on the machine shows here. */
    loadavgAtStart: LOADAVG_AT_START,
    loadavgAtEnd: os.loadavg(),
    date: new Date().toISOString(),
  };
}

export function writeJson(path: string | undefined, data: unknown): void {
  if (!path) return;
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`\nJSON written to ${path}`);
}

/** Waits briefly for children to be reaped; reports any that remain. */
export async function assertNoChildren(where: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (liveChildren().length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.error(`WARNING: child processes still alive after ${where}: ${liveChildren().join(', ')}`);
  process.exitCode = 1;
}

// ---------- CPU placement ----------

/*
 * On a small VM a ping-pong between two CPUs costs a wake-up of an idle CPU
 * each way (tens of µs), while on one CPU it is a context switch. Left to the
 * scheduler, each process lands on one or the other by chance, and that
 * chance, not the code under test, decides a comparison. So by default the
 * orchestrator is pinned to one CPU and every worker thread and child to
 * another, for every contender alike (`split`); `one` puts the whole tree on
 * one CPU (pure CPU cost per operation); `none` leaves it to the scheduler.
 * Uses taskset (util-linux); without it, or with one CPU, placement is left alone.
 */
export type PinMode = 'split' | 'one' | 'none';

function pinMode(text: string | undefined): PinMode {
  const mode = text ?? 'split';
  if (mode !== 'split' && mode !== 'one' && mode !== 'none') throw new Error(`--pin must be split, one or none, not ${mode}`);
  return mode;
}

const ORCHESTRATOR_CPU = 0;
const AGENT_CPU = 1;

export class Placement {
  readonly mode: PinMode;

  constructor(requested: PinMode) {
    let mode = requested;
    if (mode !== 'none') {
      try {
        execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      } catch {
        console.error('taskset not available: CPU placement left to the scheduler');
        mode = 'none';
      }
    }
    if (mode === 'split' && AVAILABLE_PARALLELISM < 2) mode = 'one';
    this.mode = mode;
    // Every thread the orchestrator has now; threads and children made later inherit it.
    if (mode !== 'none') taskset(['-a', '-p', '-c', String(ORCHESTRATOR_CPU), String(process.pid)]);
  }

  /** The orchestrator's threads now, to tell later which are new. */
  threads(): Set<number> {
    return new Set(threadIds());
  }

  /** Moves threads created since `before` (worker threads) to the agents' CPU. */
  agentThreadsSince(before: Set<number>): void {
    if (this.mode !== 'split') return;
    for (const tid of threadIds()) if (!before.has(tid)) taskset(['-p', '-c', String(AGENT_CPU), String(tid)], true);
  }

  /** Moves child processes, every thread of each, to the agents' CPU. */
  agentProcesses(pids: readonly number[]): void {
    if (this.mode !== 'split') return;
    for (const pid of pids) taskset(['-a', '-p', '-c', String(AGENT_CPU), String(pid)], true);
  }

  describe(): string {
    return this.mode === 'split'
      ? `orchestrator on CPU ${ORCHESTRATOR_CPU}, worker threads and children on CPU ${AGENT_CPU}`
      : this.mode === 'one'
        ? `whole process tree on CPU ${ORCHESTRATOR_CPU}`
        : 'placement left to the scheduler';
  }
}

function threadIds(): number[] {
  return readdirSync('/proc/self/task').map(Number);
}

function taskset(argv: string[], mayVanish = false): void {
  try {
    execFileSync('taskset', argv, { stdio: 'ignore' });
  } catch (error) {
    if (!mayVanish) throw error;
  }
}
