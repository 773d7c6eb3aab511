import { performance } from 'node:perf_hooks';
import { quantileSorted } from '../stats/descriptive.js';

/**
 * How steady this machine's CPU is on its own: fixed floating-point work timed in short
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
const cells = new Float64Array(1024).fill(1 / 1024);

/**
 * Sweeps of floating-point work over a small array, the shape of an agent's
 * belief update (an exp and a multiply-add per cell, independent cells). An
 * integer loop of one dependent chain would miss what matters: on a shared
 * host a vCPU whose sibling hyperthread is busy ran this sweep at 1.5× its
 * fast pace for seconds at a time (66–77 % of 5 ms slices slow, per vCPU,
 * independently) while such a loop beside it saw 0.5–2 % of slices slow.
 */
function spin(sweeps: number): void {
  let total = sink;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let i = 0; i < cells.length; i++) {
      const d2 = ((i & 31) - 16) ** 2 + ((i >> 5) - 16) ** 2;
      const value = cells[i]! * (0.98 - 0.9 * Math.exp(-d2 / 8)) + 1e-9;
      cells[i] = value;
      total += value;
    }
  }
  sink = total;
}

/** Runs the probe for about `durationMs` (the caller's budget pays for it) and summarises the slices. */
export function probeCpuSteadiness(durationMs: number, windowMs: number, sliceMs = 5): CpuSteadiness {
  // Calibrate: grow the loop until one run lasts a slice (the fastest of three tries: the JIT and a slow moment aside).
  let sweeps = 1;
  for (let tries = 0; tries < 20; tries++) {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      spin(sweeps);
      best = Math.min(best, performance.now() - started);
    }
    if (best >= sliceMs * 0.8) break;
    sweeps = Math.ceil(sweeps * Math.min(10, (sliceMs / Math.max(best, 0.01)) * 1.05));
  }
  const times: number[] = [];
  const deadline = performance.now() + durationMs;
  while (performance.now() < deadline) {
    const started = performance.now();
    spin(sweeps);
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const fast = quantileSorted(sorted, 0.1);
  // Windows of consecutive slices lasting about windowMs: their pace (sweeps per ms) varies as a repetition's would.
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
