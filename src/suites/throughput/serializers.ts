import v8 from 'node:v8';
import { Packr, Unpackr } from 'msgpackr';
import type { SerializerName } from './serializer-names.js';

/**
 * The serializers an agent message can go through, each used the way its
 * authors recommend for such data.
 * - `json`: JSON.stringify / JSON.parse; typed arrays travel as tagged lists
 *   (a replacer and a reviver, only for payloads that hold them).
 * - `msgpackr`: plain MessagePack maps (useRecords: false).
 * - `msgpackr-records`: msgpackr's record extension, each message carrying
 *   the definitions of its own record shapes.
 * - `msgpackr-shared`: records whose shapes both ends already share (a
 *   `structures` array), as with persisted structures or a long-lived stream.
 * - `v8`: v8.serialize / v8.deserialize, the structured clone that `advanced`
 *   IPC and MessagePort use.
 * msgpackr runs with `moreTypes`, so a Float64Array comes back as one.
 */
export { SERIALIZERS, type SerializerName } from './serializer-names.js';

export type Encoded = Uint8Array | string;

export interface Serializer {
  encode(value: unknown): Encoded;
  decode(encoded: Encoded): unknown;
}

const TYPED_TAG = '$float64';

function typedArraysAsLists(_key: string, value: unknown): unknown {
  return value instanceof Float64Array ? { [TYPED_TAG]: Array.from(value) } : value;
}

function listsAsTypedArrays(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && TYPED_TAG in value) {
    return Float64Array.from((value as Record<string, number[]>)[TYPED_TAG]!);
  }
  return value;
}

function json(typedArrays: boolean): Serializer {
  return typedArrays
    ? { encode: (value) => JSON.stringify(value, typedArraysAsLists), decode: (text) => JSON.parse(text as string, listsAsTypedArrays) }
    : { encode: (value) => JSON.stringify(value), decode: (text) => JSON.parse(text as string) };
}

/** msgpackr fills in an options object it is given, so each instance gets its own. */
function msgpackr(options: () => ConstructorParameters<typeof Packr>[0]): Serializer {
  const packr = new Packr(options());
  const unpackr = new Unpackr(options());
  return { encode: (value) => packr.pack(value), decode: (bytes) => unpackr.unpack(bytes as Uint8Array) };
}

export function createSerializer(name: SerializerName, payload: { typedArrays: boolean }): Serializer {
  switch (name) {
    case 'json':
      return json(payload.typedArrays);
    case 'msgpackr':
      return msgpackr(() => ({ useRecords: false, moreTypes: true }));
    case 'msgpackr-records':
      return msgpackr(() => ({ useRecords: true, moreTypes: true }));
    case 'msgpackr-shared': {
      const structures: object[] = [];
      const packr = new Packr({ structures, moreTypes: true });
      const unpackr = new Unpackr({ structures, moreTypes: true });
      return { encode: (value) => packr.pack(value), decode: (bytes) => unpackr.unpack(bytes as Uint8Array) };
    }
    case 'v8':
      return { encode: (value) => v8.serialize(value), decode: (bytes) => v8.deserialize(bytes as Uint8Array) };
  }
}

/** Bytes on the wire: a JSON string as UTF-8. */
export function encodedBytes(encoded: Encoded): number {
  return typeof encoded === 'string' ? Buffer.byteLength(encoded, 'utf8') : encoded.length;
}

/**
 * A copy of an encoding that later encodes cannot touch (msgpackr hands out
 * slices of a buffer it keeps writing into).
 */
export function ownCopy(encoded: Encoded): Encoded {
  return typeof encoded === 'string' ? encoded : Buffer.from(encoded);
}
