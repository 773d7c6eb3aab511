/** Sampling interval: 100 µs, a tenth of V8's default, so short passes still give a useful profile. */
export const SAMPLING_INTERVAL_US = 100;

/** Node options that make a worker thread or a child process write its own profile into `dir` when it exits. */
export function cpuProfArgs(dir: string): string[] {
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${SAMPLING_INTERVAL_US}`];
}
