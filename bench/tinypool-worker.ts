/** Tinypool worker for bench/process-pools (child_process runtime): a default-exported noop. */
export default function noop(value: unknown): unknown {
  return value;
}
