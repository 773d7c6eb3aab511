import { Checksum, Random } from '../../kernel/random.js';

/**
 * Agent-shaped payloads for the serializer benchmarks, deterministic from a
 * seed: what agents actually send each other.
 */
export const PAYLOADS = ['observation', 'belief', 'records', 'text'] as const;
export type PayloadKind = (typeof PAYLOADS)[number];

const NEIGHBOUR_KINDS = ['agent', 'obstacle', 'food', 'goal'];
const GOALS = ['explore', 'forage', 'return', 'defend'];
const ACTIONS = ['move', 'wait', 'pick', 'drop', 'signal'];
const BELIEF_CELLS = 4096;
const RECORDS = 1000;
const TEXT_CHARS = 64 * 1024;
/** Mostly ASCII prose with some accents, CJK and an emoji, so UTF-8 has work to do. */
const WORDS = ['the', 'agent', 'moves', 'toward', 'a', 'signal', 'near', 'café', 'naïve', 'Straße', 'über', '東京', 'beacon', '🙂', 'and', 'waits'];

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** One agent's view of the world at a step: nested objects, a number list and short strings (about 1 KiB as JSON). */
function observation(random: Random): unknown {
  return {
    agent: random.int(1000),
    step: random.int(100_000),
    time: 1_700_000_000 + round(random.next() * 1e6, 3),
    position: { x: round(random.next() * 100, 4), y: round(random.next() * 100, 4) },
    velocity: { x: round(random.next() - 0.5, 6), y: round(random.next() - 0.5, 6) },
    energy: round(random.next(), 6),
    sensors: Array.from({ length: 16 }, () => round(random.next(), 6)),
    neighbours: Array.from({ length: 8 }, () => ({
      id: random.int(1000),
      kind: NEIGHBOUR_KINDS[random.int(NEIGHBOUR_KINDS.length)]!,
      distance: round(random.next() * 20, 4),
      bearing: round(random.next() * 360, 2),
    })),
    goal: GOALS[random.int(GOALS.length)]!,
    done: random.next() < 0.1,
  };
}

/** A probability grid over 4,096 cells (32 KiB of doubles). */
function belief(random: Random): Float64Array {
  const cells = new Float64Array(BELIEF_CELLS);
  let total = 0;
  for (let i = 0; i < cells.length; i++) total += cells[i] = random.next() ** 4;
  for (let i = 0; i < cells.length; i++) cells[i] /= total;
  return cells;
}

/** 1,000 records of one shape: an agent's history of steps. */
function records(random: Random): unknown {
  return Array.from({ length: RECORDS }, (_, index) => ({
    id: index,
    agent: random.int(64),
    step: random.int(10_000),
    action: ACTIONS[random.int(ACTIONS.length)]!,
    reward: round(random.next() * 2 - 1, 5),
    value: round(random.next() * 10, 5),
    ok: random.next() < 0.9,
    note: `n${random.int(100_000)}`,
  }));
}

/** About 64 Ki characters of text. */
function text(random: Random): string {
  const words: string[] = [];
  let length = 0;
  while (length < TEXT_CHARS) {
    const word = WORDS[random.int(WORDS.length)]!;
    words.push(word);
    length += word.length + 1;
  }
  return words.join(' ');
}

export function makePayload(kind: PayloadKind, seed: number): unknown {
  const random = new Random(seed);
  switch (kind) {
    case 'observation':
      return observation(random);
    case 'belief':
      return belief(random);
    case 'records':
      return records(random);
    case 'text':
      return text(random);
  }
}

/** Whether a payload holds typed arrays (JSON must then be told how to carry them). */
export function holdsTypedArrays(kind: PayloadKind): boolean {
  return kind === 'belief';
}

const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);

function fold(checksum: Checksum, value: unknown): void {
  if (typeof value === 'number') {
    scratch[0] = value;
    checksum.add(1).add(scratchWords[0]!).add(scratchWords[1]!);
  } else if (typeof value === 'string') {
    checksum.add(2).add(value.length);
    for (let i = 0; i < value.length; i++) checksum.add(value.charCodeAt(i));
  } else if (typeof value === 'boolean') {
    checksum.add(value ? 3 : 4);
  } else if (value === null || value === undefined) {
    checksum.add(5);
  } else if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const list = value as ArrayLike<unknown>;
    checksum.add(6).add(list.length);
    for (let i = 0; i < list.length; i++) fold(checksum, list[i]);
  } else if (typeof value === 'object') {
    const keys = Object.keys(value);
    checksum.add(7).add(keys.length);
    for (const key of keys) {
      fold(checksum, key);
      fold(checksum, (value as Record<string, unknown>)[key]);
    }
  } else {
    throw new Error(`cannot digest a ${typeof value}`);
  }
}

/**
 * A digest of a decoded value that every correct serializer reproduces:
 * numbers by their exact bits, strings by their characters, arrays and typed
 * arrays alike as lists, objects by their keys in order.
 */
export function digestValue(value: unknown): string {
  const checksum = new Checksum();
  fold(checksum, value);
  return checksum.hex();
}
