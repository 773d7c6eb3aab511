import { Checksum, Random, deriveSeed } from '../../src/kernel/random.js';

/**
 * A grid world with one hidden target. Agents carry a Bayesian belief over
 * where the target is, update it from noisy detections, and move towards it.
 */
export const GRID_SIDE = 32;
export const GRID_CELLS = GRID_SIDE * GRID_SIDE;
/** Coarse belief shared with neighbours: 16 × 8 blocks of 2 × 4 cells, 128 doubles (1 KiB). */
export const SUMMARY_CELLS = 128;

const DETECT_PEAK = 0.9;
const FALSE_ALARM = 0.02;
const SENSOR_RANGE_SQ = 8;

export interface Position {
  x: number;
  y: number;
}

export function hiddenTarget(random: Random): Position {
  return { x: random.int(GRID_SIDE), y: random.int(GRID_SIDE) };
}

export function uniformBelief(): Float64Array {
  return new Float64Array(GRID_CELLS).fill(1 / GRID_CELLS);
}

/** P(detection | target at distance² d2 from the agent). */
export function detectionProbability(d2: number): number {
  return DETECT_PEAK * Math.exp(-d2 / SENSOR_RANGE_SQ) + FALSE_ALARM;
}

export function observe(random: Random, agent: Position, target: Position): boolean {
  const dx = agent.x - target.x;
  const dy = agent.y - target.y;
  return random.next() < detectionProbability(dx * dx + dy * dy);
}

/** Posterior ∝ prior × likelihood(observation | target in cell), normalised. */
export function updateBelief(belief: Float64Array, agent: Position, detected: boolean): void {
  let total = 0;
  for (let y = 0; y < GRID_SIDE; y++) {
    const dy = y - agent.y;
    for (let x = 0; x < GRID_SIDE; x++) {
      const dx = x - agent.x;
      const p = detectionProbability(dx * dx + dy * dy);
      const i = y * GRID_SIDE + x;
      const posterior = belief[i]! * (detected ? p : 1 - p);
      belief[i] = posterior;
      total += posterior;
    }
  }
  const scale = total > 0 ? 1 / total : 0;
  for (let i = 0; i < GRID_CELLS; i++) belief[i]! *= scale;
}

export function mostLikelyCell(belief: Float64Array): number {
  let best = 0;
  for (let i = 1; i < GRID_CELLS; i++) if (belief[i]! > belief[best]!) best = i;
  return best;
}

/** One cell towards the most likely target cell; a seeded random step once there. */
export function moveTowards(random: Random, agent: Position, cell: number): void {
  const tx = cell % GRID_SIDE;
  const ty = (cell - tx) / GRID_SIDE;
  if (tx === agent.x && ty === agent.y) {
    agent.x = clamp(agent.x + random.int(3) - 1);
    agent.y = clamp(agent.y + random.int(3) - 1);
    return;
  }
  agent.x += Math.sign(tx - agent.x);
  agent.y += Math.sign(ty - agent.y);
}

export function clamp(v: number): number {
  return v < 0 ? 0 : v >= GRID_SIDE ? GRID_SIDE - 1 : v;
}

export function summarise(belief: Float64Array): number[] {
  const summary = new Array<number>(SUMMARY_CELLS).fill(0);
  for (let y = 0; y < GRID_SIDE; y++) {
    for (let x = 0; x < GRID_SIDE; x++) summary[(y >> 2) * 16 + (x >> 1)]! += belief[y * GRID_SIDE + x]!;
  }
  return summary;
}

/** Folds a neighbour's coarse belief into ours: cells in blocks it favours gain weight. */
export function fuseSummary(belief: Float64Array, summary: readonly number[], weight: number): void {
  let total = 0;
  for (let y = 0; y < GRID_SIDE; y++) {
    for (let x = 0; x < GRID_SIDE; x++) {
      const i = y * GRID_SIDE + x;
      const fused = belief[i]! * (1 + weight * summary[(y >> 2) * 16 + (x >> 1)]! * SUMMARY_CELLS);
      belief[i] = fused;
      total += fused;
    }
  }
  const scale = total > 0 ? 1 / total : 0;
  for (let i = 0; i < GRID_CELLS; i++) belief[i]! *= scale;
}

/** An agent searching for the hidden target: where it is, what it believes, and its own random stream. */
export class Searcher {
  readonly position: Position;
  readonly belief = uniformBelief();

  constructor(
    readonly random: Random,
    readonly target: Position,
  ) {
    this.position = { x: random.int(GRID_SIDE), y: random.int(GRID_SIDE) };
  }

  /** Observe, update the belief, move one cell. */
  step(): void {
    updateBelief(this.belief, this.position, observe(this.random, this.position, this.target));
    moveTowards(this.random, this.position, mostLikelyCell(this.belief));
  }
}

/**
 * A searcher seeded from `seed` runs `steps` steps; returns the cell it
 * believes in most and a digest of where it went. A pure function of its
 * arguments: the CPU work the servers of the http and websocket suites do
 * per request, identical on whichever thread, process or worker runs it.
 */
export function searchDigest(seed: number, steps: number): { cell: number; digest: string } {
  const searcher = new Searcher(new Random(deriveSeed(seed, 7)), hiddenTarget(new Random(deriveSeed(seed, 1))));
  const { position, belief } = searcher;
  const checksum = new Checksum();
  for (let step = 0; step < steps; step++) {
    searcher.step();
    checksum.add(position.x).add(position.y);
  }
  const cell = mostLikelyCell(belief);
  checksum.add(cell).addFloat(belief[cell]!);
  return { cell, digest: checksum.hex() };
}
