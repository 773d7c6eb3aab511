import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The image a containerised lab was built as: set by docker/Dockerfile, absent outside it. */
export interface ImageIdentity {
  /** The image name it runs as, when the launcher says (LAB_IMAGE: compose and the swarm stack set it). */
  name: string | null;
  /** The NODE_IMAGE it was built FROM. */
  base: string | null;
  version: string | null;
  commit: string | null;
}

/** The PostgreSQL server a run's database cases used; never its credentials. */
export interface PostgresServer {
  version: string;
  origin: 'embedded' | 'DATABASE_URL';
  /** Host, port and database of DATABASE_URL (not for the embedded server, which is always on loopback). */
  host?: string;
  port?: number;
  database?: string;
}

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
  /** The CPUs this process may run on, as the kernel lists them (`0-3,8`): a container's cpuset, or taskset. */
  cpuset: string | null;
  /** CPUs' worth of time the cgroup CPU quota allows (cpu.max or cfs_quota_us / period); null without a quota. */
  cpuQuota: number | null;
  /** The cgroup memory limit, null when unlimited. */
  memoryLimitBytes: number | null;
  /** CPUs the lab may use: the CPU set, capped by the quota rounded up. */
  usableCpus: number;
  image: ImageIdentity | null;
  /** Present in runs with database cases. */
  postgres?: PostgresServer;
}

/** Readable files under /sys and /proc, overridable so tests can play a container. */
export interface SystemFiles {
  read(file: string): string | undefined;
}

const realFiles: SystemFiles = {
  read(file) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** Counts the CPUs of a kernel CPU list such as `0-3,8,10-11`. */
export function countCpuList(list: string): number {
  let count = 0;
  for (const part of list.trim().split(',').filter(Boolean)) {
    const [from, to] = part.split('-').map(Number);
    count += to === undefined ? 1 : to! - from! + 1;
  }
  return count;
}

function cgroupV2Path(files: SystemFiles): string | undefined {
  const line = files.read('/proc/self/cgroup')?.split('\n').find((entry) => entry.startsWith('0::'));
  return line?.slice(3).trim();
}

/** The file at the process's own cgroup and at each ancestor, innermost first: a limit anywhere above applies too. */
function cgroupV2Values(files: SystemFiles, name: string): string[] {
  const own = cgroupV2Path(files);
  if (own === undefined) return [];
  const values: string[] = [];
  for (let dir = own; ; dir = path.posix.dirname(dir)) {
    const value = files.read(path.posix.join('/sys/fs/cgroup', dir, name));
    if (value !== undefined) values.push(value.trim());
    if (dir === '/' || dir === '.') break;
  }
  return values;
}

function cgroupV1Path(files: SystemFiles, controller: string): string {
  const line = files
    .read('/proc/self/cgroup')
    ?.split('\n')
    .find((entry) => entry.split(':')[1]?.split(',').includes(controller));
  return line?.split(':').slice(2).join(':').trim() || '/';
}

/** A v1 controller's file: at the namespace root (what a container sees) and at the process's cgroup (on a host). */
function cgroupV1Value(files: SystemFiles, controller: string, name: string): string | undefined {
  const candidates = [path.posix.join('/sys/fs/cgroup', controller, cgroupV1Path(files, controller), name), path.posix.join('/sys/fs/cgroup', controller, name)];
  for (const candidate of candidates) {
    const value = files.read(candidate);
    if (value !== undefined) return value.trim();
  }
  return undefined;
}

/** Above this a "limit" means none: cgroup v1 writes 2^63 rounded down to a page. */
const UNLIMITED_BYTES = 2 ** 60;

export function cpuQuota(files: SystemFiles = realFiles): number | null {
  const limits = cgroupV2Values(files, 'cpu.max')
    .map((value) => value.split(/\s+/))
    .filter(([quota]) => quota !== 'max')
    .map(([quota, period]) => Number(quota) / Number(period ?? 100000));
  const quota = Number(cgroupV1Value(files, 'cpu', 'cpu.cfs_quota_us'));
  const period = Number(cgroupV1Value(files, 'cpu', 'cpu.cfs_period_us'));
  if (quota > 0 && period > 0) limits.push(quota / period);
  const finite = limits.filter((limit) => Number.isFinite(limit) && limit > 0);
  return finite.length > 0 ? Number(Math.min(...finite).toFixed(2)) : null;
}

export function memoryLimitBytes(files: SystemFiles = realFiles): number | null {
  const limits = cgroupV2Values(files, 'memory.max')
    .filter((value) => value !== 'max')
    .map(Number);
  const v1 = cgroupV1Value(files, 'memory', 'memory.limit_in_bytes');
  if (v1 !== undefined) limits.push(Number(v1));
  const real = limits.filter((limit) => Number.isFinite(limit) && limit > 0 && limit < UNLIMITED_BYTES);
  return real.length > 0 ? Math.min(...real) : null;
}

/** The kernel's own list of CPUs this process may run on (its affinity, which a cpuset bounds). */
export function cpuset(files: SystemFiles = realFiles): string | null {
  const line = files.read('/proc/self/status')?.split('\n').find((entry) => entry.startsWith('Cpus_allowed_list:'));
  return line ? line.split(':')[1]!.trim() : null;
}

export function inContainer(files: SystemFiles = realFiles): boolean {
  if (existsSync('/.dockerenv') || existsSync('/run/.containerenv')) return true;
  return /docker|containerd|kubepods|libpod/.test(files.read('/proc/1/cgroup') ?? '');
}

/**
 * The CPUs the lab may use. os.availableParallelism() already follows the
 * CPU set (libuv asks sched_getaffinity), but on Node 20 not a CPU quota
 * (`docker run --cpus`), so the quota caps it here.
 */
export function usableCpus(files: SystemFiles = realFiles): number {
  const quota = cpuQuota(files);
  const parallelism = os.availableParallelism();
  return quota === null ? parallelism : Math.max(1, Math.min(parallelism, Math.ceil(quota)));
}

function packageVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** The image identity docker/Dockerfile bakes into its environment, or null outside such an image. */
export function imageIdentity(env: NodeJS.ProcessEnv = process.env): ImageIdentity | null {
  if (!env.LAB_IMAGE_BASE && !env.LAB_IMAGE) return null;
  return {
    name: env.LAB_IMAGE || null,
    base: env.LAB_IMAGE_BASE || null,
    version: packageVersion(),
    commit: env.LAB_COMMIT || null,
  };
}

/** The environment of the run in progress: the database suite adds its server to it once it knows it. */
let current: Environment | undefined;

export function fingerprint(files: SystemFiles = realFiles): Environment {
  const cpus = os.cpus();
  current = {
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
    container: inContainer(files),
    cpuset: cpuset(files),
    cpuQuota: cpuQuota(files),
    memoryLimitBytes: memoryLimitBytes(files),
    usableCpus: usableCpus(files),
    image: imageIdentity(),
  };
  return current;
}

/**
 * Records the PostgreSQL server in the environment of the run in progress.
 * The server starts after the run's header is written, and the final result
 * carries that same environment object, so the server appears there.
 */
export function recordPostgresServer(server: PostgresServer): void {
  if (current) current.postgres = server;
}

/** The environment fields that make two runs' figures incomparable, with a label each, for warnings. */
export function environmentDifferences(base: Partial<Environment>, head: Partial<Environment>): Array<[string, unknown, unknown]> {
  const describe = (value: unknown): unknown => (value === undefined || value === null ? 'none' : typeof value === 'object' ? JSON.stringify(value) : value);
  const pg = (env: Partial<Environment>): string | undefined =>
    env.postgres && `${env.postgres.version} (${env.postgres.origin === 'embedded' ? 'embedded' : `${env.postgres.host}:${env.postgres.port}/${env.postgres.database}`})`;
  const fields: Array<[string, unknown, unknown]> = [
    ['container', base.container, head.container],
    ['CPU set', base.cpuset, head.cpuset],
    ['CPU quota', base.cpuQuota, head.cpuQuota],
    ['memory limit', base.memoryLimitBytes, head.memoryLimitBytes],
    ['image', base.image && describe(base.image), head.image && describe(head.image)],
    ['PostgreSQL', pg(base), pg(head)],
  ];
  return fields
    .filter(([, a, b]) => a !== undefined && b !== undefined && describe(a) !== describe(b))
    .map(([name, a, b]) => [name, describe(a), describe(b)]);
}

export interface LabIdentity {
  version: string;
  commit: string | null;
}

/** The lab's version and commit: from git in a checkout, from the LAB_COMMIT build arg in an image. */
export function labIdentity(packageRoot: string, version: string): LabIdentity {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: packageRoot,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return { version, commit: commit || process.env.LAB_COMMIT || null };
  } catch {
    return { version, commit: process.env.LAB_COMMIT || null };
  }
}
