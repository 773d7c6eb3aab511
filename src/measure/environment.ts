import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** What a result must carry so that runs from different machines can be told apart. */
export interface Environment {
  node: string;
  v8: string;
  os: string;
  arch: string;
  cpuModel: string;
  cpus: number;
  availableParallelism: number;
  memBytes: number;
  loadavg: number[];
  hostname: string;
  /** Set when the lab runs in a container (a cgroup or /.dockerenv was seen). */
  container: boolean;
}

export function fingerprint(): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    availableParallelism: os.availableParallelism(),
    memBytes: os.totalmem(),
    loadavg: os.loadavg().map((load) => Number(load.toFixed(2))),
    hostname: os.hostname(),
    container: inContainer(),
  };
}

function inContainer(): boolean {
  try {
    readFileSync('/.dockerenv');
    return true;
  } catch {
    try {
      return /docker|containerd|kubepods/.test(readFileSync('/proc/1/cgroup', 'utf8'));
    } catch {
      return false;
    }
  }
}

export interface LabIdentity {
  version: string;
  commit: string | null;
}

export function labIdentity(packageRoot: string, version: string): LabIdentity {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: packageRoot,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return { version, commit: commit || null };
  } catch {
    return { version, commit: null };
  }
}
