import { readFileSync, readdirSync } from 'node:fs';

/** Descriptors a process needs beyond its connections and what it already holds: sockets of the pools, IPC, a log. */
const SPARE_FILES = 64;

/** This process's soft limit on open files (`ulimit -n`), from /proc/self/limits; undefined where that cannot be read. */
export function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!match) return undefined;
    return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** Descriptors this process holds now. */
export function openFilesInUse(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 0;
  }
}

/**
 * Refuses a point whose connections cannot all be open at once: the lab (an
 * inline or offload server holds one descriptor per connection) and the
 * client driver (one per connection too) both live under this limit, which
 * their children inherit. Failing here, with the fix, beats a case that dies
 * of EMFILE half-way through its handshakes.
 */
export function checkOpenFiles(connections: number, limit = openFileLimit(), inUse = openFilesInUse()): void {
  if (limit === undefined) return;
  const needed = inUse + connections + SPARE_FILES;
  if (needed <= limit) return;
  const most = Math.max(0, limit - inUse - SPARE_FILES);
  throw new Error(
    `connections=${connections} needs about ${needed} open files per process, but ulimit -n is ${limit}: ` +
      `raise it in the shell that starts the lab (ulimit -n ${2 ** Math.ceil(Math.log2(needed))}) or use at most ${most} connections`,
  );
}
