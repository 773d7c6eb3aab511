/**
 * Interleaved rounds of fixed time slices: every contender runs once per
 * round, the order rotating, and rounds disturbed by other processes are
 * dropped. Summaries and ratios come from src/stats.
 */
import { loadBetween, loadSnapshot } from '../src/measure/machine-load.js';
import { quartiles, type Quartiles } from '../src/stats/descriptive.js';
import { roundRatios } from '../src/stats/paired.js';

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

export interface ContenderResult {
  name: string;
  /** ops/s of each kept round, in round order. */
  opsPerSec: number[];
  ops: Quartiles;
  /** µs per operation (1e6 / ops/s) of each round, summarised. */
  usPerOp: Quartiles;
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
      const before = loadSnapshot();
      const { ops, ms } = await contenders[index]!.slice(sliceMs);
      const foreign = loadBetween(before, loadSnapshot()).foreignCpus;
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
    return { name: contender.name, opsPerSec, ops: quartiles(opsPerSec), usPerOp: quartiles(opsPerSec.map((rate) => 1e6 / rate)) };
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
  pairedTimeRatio: Quartiles;
}

export function ratio(subject: ContenderResult, reference: ContenderResult): Ratio {
  return {
    subject: subject.name,
    reference: reference.name,
    timeRatio: subject.usPerOp.median / reference.usPerOp.median,
    pairedTimeRatio: quartiles(roundRatios(reference.opsPerSec, subject.opsPerSec)),
  };
}
