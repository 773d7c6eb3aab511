import { createHash } from 'node:crypto';

/** A value that structured clone (postMessage, `advanced` IPC) refuses, or that the lab cannot encode stably. */
export class NotCloneableError extends Error {
  override readonly name = 'NotCloneableError';
}

const TYPED_ARRAYS = new Set([
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'DataView',
]);

/** From this length on, binary contents go through node:crypto. */
const LONG_BYTES = 1024;

/**
 * A 64-bit digest (two 32-bit lanes) of the encoding, in JavaScript: a call into
 * node:crypto costs microseconds, more than a small result's whole encoding, and
 * this runs once per task on every side. It detects differing work; it is no
 * defence against a crafted collision, and needs none.
 */
class Sink {
  private low = 0x811c9dc5;
  private high = 0x9e3779b9;

  update(text: string): this {
    let { low, high } = this;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      low = Math.imul(low ^ code, 0x01000193);
      high = Math.imul(high ^ code, 0x5bd1e995);
      high ^= high >>> 15;
    }
    this.low = low;
    this.high = high;
    return this;
  }

  bytes(view: Uint8Array): void {
    // Long binary contents hash faster in node:crypto; what goes into the lanes is then their SHA-1.
    if (view.length >= LONG_BYTES) {
      this.update(createHash('sha1').update(view).digest('base64'));
      return;
    }
    let { low, high } = this;
    for (let i = 0; i < view.length; i++) {
      const byte = view[i]!;
      low = Math.imul(low ^ byte, 0x01000193);
      high = Math.imul(high ^ byte, 0x5bd1e995);
      high ^= high >>> 15;
    }
    this.low = low;
    this.high = high;
  }

  hex(): string {
    return (this.high >>> 0).toString(16).padStart(8, '0') + (this.low >>> 0).toString(16).padStart(8, '0');
  }
}

function tagOf(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

/**
 * Feeds one value into the hash in a stable encoding: the same value gives the
 * same bytes on every backend, in every run. Covers what structured clone
 * carries: primitives, arrays, plain objects (keys sorted), Date, RegExp, Map,
 * Set (in insertion order), ArrayBuffer and typed arrays (a Buffer counts as
 * the Uint8Array it arrives as), Error, and cycles.
 */
function encode(hash: Sink, value: unknown, where: string, seen: Map<object, number>): void {
  switch (typeof value) {
    case 'undefined':
      hash.update('u;');
      return;
    case 'boolean':
      hash.update(value ? 't;' : 'f;');
      return;
    case 'number':
      hash.update(`d${Object.is(value, -0) ? '-0' : String(value)};`);
      return;
    case 'bigint':
      hash.update(`b${value};`);
      return;
    case 'string':
      hash.update(`s${value.length}:`).update(value);
      return;
    case 'function':
    case 'symbol':
      throw new NotCloneableError(`a ${typeof value} at ${where}`);
  }
  if (value === null) {
    hash.update('n;');
    return;
  }
  const object = value as object;
  const earlier = seen.get(object);
  if (earlier !== undefined) {
    hash.update(`r${earlier};`);
    return;
  }
  seen.set(object, seen.size);
  const tag = tagOf(object);
  if (Array.isArray(object)) {
    hash.update(`a${object.length}[`);
    for (let index = 0; index < object.length; index++) {
      if (index in object) encode(hash, object[index], `${where}[${index}]`, seen);
      else hash.update('h;');
    }
    hash.update(']');
    return;
  }
  if (TYPED_ARRAYS.has(tag)) {
    const view = object as ArrayBufferView;
    hash.update(`T${tag}${view.byteLength}:`).bytes(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
    return;
  }
  switch (tag) {
    case 'ArrayBuffer':
    case 'SharedArrayBuffer':
      hash.update(`B${(object as ArrayBuffer).byteLength}:`).bytes(new Uint8Array(object as ArrayBuffer));
      return;
    case 'Date':
      hash.update(`D${(object as Date).getTime()};`);
      return;
    case 'RegExp':
      hash.update(`R${(object as RegExp).source}/${(object as RegExp).flags};`);
      return;
    case 'Number':
    case 'String':
    case 'Boolean':
    case 'BigInt':
      hash.update(`P${tag}:`);
      encode(hash, (object as { valueOf(): unknown }).valueOf(), where, seen);
      return;
    case 'Error':
      hash.update(`E${(object as Error).name}:${(object as Error).message};`);
      return;
    case 'Map': {
      const map = object as Map<unknown, unknown>;
      hash.update(`M${map.size}{`);
      let index = 0;
      for (const [key, entry] of map) {
        encode(hash, key, `${where} (Map key ${index})`, seen);
        encode(hash, entry, `${where} (Map entry ${index++})`, seen);
      }
      hash.update('}');
      return;
    }
    case 'Set': {
      const set = object as Set<unknown>;
      hash.update(`S${set.size}{`);
      let index = 0;
      for (const entry of set) encode(hash, entry, `${where} (Set entry ${index++})`, seen);
      hash.update('}');
      return;
    }
    case 'Object':
      break;
    default:
      throw new NotCloneableError(`a ${tag} at ${where}`);
  }
  const keys = Object.keys(object).sort();
  hash.update(`o${keys.length}{`);
  for (const key of keys) {
    hash.update(`k${key.length}:`).update(key);
    encode(hash, (object as Record<string, unknown>)[key], `${where}.${key}`, seen);
  }
  hash.update('}');
}

/**
 * A short digest of any structured-clone-able value, equal for equal values
 * wherever it is computed. Throws NotCloneableError naming where the first
 * value that cannot be cloned sits (`result.handlers[2]`).
 */
export function cloneDigest(value: unknown, name = 'result'): string {
  const sink = new Sink();
  encode(sink, value, name, new Map());
  return sink.hex();
}
