import { performance } from 'node:perf_hooks';
import { quantileSorted } from '../stats/descriptive.js';

/**
 * How steady this machine's CPU is on its own: a fixed loop timed in short
 * slices, one after another on the orchestrator's thread, with nothing else
 * of the lab running. On a dedicated machine every slice takes about the
 * same time; on a shared or throttled host (a virtual machine whose vCPU the
 * hypervisor slows or pauses) slices run up to twice as long in bursts, and
 * every timed side of every round inherits that noise. It is the floor under
 * any ratio's round-to-round noise: what pairing cannot fully cancel.
 */
export interface CpuSteadiness {
  /** Target length of one slice at the machine's fast pace, in ms. */
  sliceMs: number;
  slices: number;
  /** Share of slices that took ≥ 25 % longer than the fast pace (the 10th percentile). */
  slowShare: number;
  /** The slowest slice against the fast pace (2 = half speed). */
  slowest: number;
  /** Coefficient of variation of the loop's pace over windows of `windowMs` (what a repetition of that length sees). */
  windowCv: number;
  windowMs: number;
}

/** A slice this much slower than the fast pace counts as slow. */
export const SLOW_SLICE = 1.25;

let sink = 0;

function spin(iterations: number): void {
  let x = sink;
  for (let i = 0; i < iterations; i++) x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
  sink = x;
}

/** Runs the probe for about `durationMs` (the caller's budget pays for it) and summarises the slices. */
export function probeCpuSteadiness(durationMs: number, windowMs: number, sliceMs = 5): CpuSteadiness {
  // Calibrate: grow the loop until one run lasts a slice (the fastest of three tries: the JIT and a slow moment aside).
  let iterations = 10_000;
  for (let tries = 0; tries < 20; tries++) {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      spin(iterations);
      best = Math.min(best, performance.now() - started);
    }
    if (best >= sliceMs * 0.8) break;
    iterations = Math.ceil(iterations * Math.min(10, (sliceMs / Math.max(best, 0.01)) * 1.05));
  }
  const times: number[] = [];
  const deadline = performance.now() + durationMs;
  while (performance.now() < deadline) {
    const started = performance.now();
    spin(iterations);
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const fast = quantileSorted(sorted, 0.1);
  // Windows of consecutive slices lasting about windowMs: their pace (iterations per ms) varies as a repetition's would.
  const perWindow = Math.max(1, Math.round(windowMs / Math.max(fast, 0.01)));
  const paces: number[] = [];
  for (let start = 0; start + perWindow <= times.length; start += perWindow) {
    paces.push(perWindow / times.slice(start, start + perWindow).reduce((total, value) => total + value, 0));
  }
  const mean = paces.reduce((total, value) => total + value, 0) / Math.max(1, paces.length);
  const sd = Math.sqrt(paces.reduce((total, value) => total + (value - mean) ** 2, 0) / Math.max(1, paces.length - 1));
  return {
    sliceMs,
    slices: times.length,
    slowShare: times.filter((value) => value >= fast * SLOW_SLICE).length / Math.max(1, times.length),
    slowest: sorted.length > 0 ? sorted[sorted.length - 1]! / fast : 1,
    windowCv: paces.length > 1 ? sd / mean : 0,
    windowMs,
  };
}
