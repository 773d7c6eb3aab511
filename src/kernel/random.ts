/** Seeded, portable pseudo-random numbers: mulberry32. Same seed, same sequence, on every backend. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }
}

/** Derives independent seeds for sub-streams (agent i of run s) without correlation. */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** FNV-1a over 32-bit integers: the checksum every workload folds its output into. */
export class Checksum {
  private hash = 0x811c9dc5;

  add(value: number): this {
    let v = value | 0;
    for (let i = 0; i < 4; i++) {
      this.hash ^= v & 0xff;
      this.hash = Math.imul(this.hash, 0x01000193) >>> 0;
      v >>>= 8;
    }
    return this;
  }

  /** Folds a float at a fixed precision, so equal computations give equal bits. */
  addFloat(value: number): this {
    return this.add(Math.round(value * 1e9) % 2147483647);
  }

  hex(): string {
    return this.hash.toString(16).padStart(8, '0');
  }
}
