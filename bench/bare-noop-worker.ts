/** Piscina worker for bench/harness-overhead: the bare noop task, returns its argument. */
export default function noop(value: unknown): unknown {
  return value;
}
