/** What a bench script's figures belong to (revision, machine, load), and where they are written. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';

// Read when this module loads, before any pinning narrows the process's CPU affinity.
export const AVAILABLE_PARALLELISM = os.availableParallelism();
const LOADAVG_AT_START = os.loadavg();

/** The lab's source revision the numbers belong to (uncommitted changes under src/ or workloads/ make it dirty). */
function revision(): { commit: string; dirty: boolean } | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src', 'workloads'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return null;
  }
}

export function environment(): Record<string, unknown> {
  return {
    revision: revision(),
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    availableParallelism: AVAILABLE_PARALLELISM,
    /** 1, 5 and 15 min load averages: anything else running on the machine shows here. */
    loadavgAtStart: LOADAVG_AT_START,
    loadavgAtEnd: os.loadavg(),
    date: new Date().toISOString(),
  };
}

export function writeJson(path: string | undefined, data: unknown): void {
  if (!path) return;
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`\nJSON written to ${path}`);
}
