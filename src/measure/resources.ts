import { readFile } from 'node:fs/promises';
import pidusage from 'pidusage';

/**
 * CPU and memory of the orchestrator and of every child that hosts agents,
 * sampled while a case runs. RSS and CPU come from pidusage; PSS from
 * /proc/PID/smaps_rollup, because summed RSS counts pages that children share
 * (the Node binary, libraries) once per child.
 */
export interface ResourceUsage {
  /** Peak RSS of the orchestrator process (worker threads live here too). */
  mainRssBytes: number;
  mainPssBytes: number | null;
  /** Peak over samples of the RSS summed over every child process. */
  childRssBytes: number;
  childPssBytes: number | null;
  /** Child processes seen while sampling. */
  childCount: number;
  /** Peak over samples of orchestrator + children read together: the side's whole footprint at one moment. */
  totalRssBytes: number;
  totalPssBytes: number | null;
  /** CPU time of orchestrator and children over the wall time, 100 = one core busy. */
  cpuPercent: number;
  cpuMs: number;
  /** Of cpuMs, the orchestrator's own. */
  mainCpuMs: number;
  samples: number;
}

export interface PidSample {
  rssBytes: number;
  pssBytes: number | null;
  cpuMs: number;
}

export async function readPssBytes(pid: number): Promise<number | null> {
  try {
    const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^Pss:\s+(\d+) kB/m.exec(text);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * One reading of each PID; a PID that has gone away is simply absent. PSS
 * is the dear part (the kernel walks every mapping: about 5 ms for an
 * orchestrator with worker threads on this kind of machine), so a caller
 * that only needs CPU and RSS can leave it out (`pssBytes` null).
 */
export async function samplePids(pids: readonly number[], { pss = true }: { pss?: boolean } = {}): Promise<Map<number, PidSample>> {
  const readings = new Map<number, PidSample>();
  await Promise.all(
    pids.map(async (pid) => {
      try {
        const [stat, pssBytes] = await Promise.all([pidusage(pid), pss ? readPssBytes(pid) : null]);
        readings.set(pid, { rssBytes: stat.memory, pssBytes, cpuMs: stat.ctime });
      } catch {
        // exited between listing and reading
      }
    }),
  );
  return readings;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Samples the orchestrator and the given children from start() to stop(). */
export class ResourceMonitor {
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private startCpuMs = new Map<number, number>();
  private lastCpuMs = new Map<number, number>();
  private readonly seenChildren = new Set<number>();
  private peak = { mainRss: 0, mainPss: null as number | null, childRss: 0, childPss: null as number | null, totalRss: 0, totalPss: null as number | null };
  private samples = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly childPids: () => number[],
    private readonly intervalMs = 250,
  ) {}

  async start(): Promise<void> {
    this.begin(await samplePids(this.pids()));
    // An interval of 0 samples only at start() and stop().
    if (this.intervalMs > 0) {
      this.timer = setInterval(() => {
        this.pending = this.pending.then(() => this.sample());
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<ResourceUsage> {
    clearInterval(this.timer);
    await this.pending;
    return this.end(await samplePids(this.pids()));
  }

  /** The orchestrator and the children this monitor reads now. */
  pids(): number[] {
    return [process.pid, ...this.childPids()];
  }

  /** Starts from a reading taken elsewhere (see readTogether), without an interval. */
  begin(readings: ReadonlyMap<number, PidSample>): void {
    this.startedAt = performance.now();
    this.take(readings);
    this.startCpuMs = new Map(this.lastCpuMs);
  }

  /** Ends with a reading taken elsewhere: the usage from begin() to now. */
  end(readings: ReadonlyMap<number, PidSample>): ResourceUsage {
    this.take(readings);
    const wallMs = performance.now() - this.startedAt;
    let cpuMs = 0;
    for (const [pid, last] of this.lastCpuMs) cpuMs += last - (this.startCpuMs.get(pid) ?? 0);
    const mainCpuMs = (this.lastCpuMs.get(process.pid) ?? 0) - (this.startCpuMs.get(process.pid) ?? 0);
    return {
      mainRssBytes: this.peak.mainRss,
      mainPssBytes: this.peak.mainPss,
      childRssBytes: this.peak.childRss,
      childPssBytes: this.peak.childPss,
      childCount: this.seenChildren.size,
      totalRssBytes: this.peak.totalRss,
      totalPssBytes: this.peak.totalPss,
      cpuMs,
      mainCpuMs,
      cpuPercent: wallMs > 0 ? (cpuMs / wallMs) * 100 : 0,
      samples: this.samples,
    };
  }

  private async sample(): Promise<void> {
    this.take(await samplePids(this.pids()));
  }

  private take(readings: ReadonlyMap<number, PidSample>): void {
    const children = this.childPids();
    for (const pid of children) this.seenChildren.add(pid);
    this.samples++;
    for (const pid of [process.pid, ...children]) {
      const reading = readings.get(pid);
      if (reading) this.lastCpuMs.set(pid, reading.cpuMs);
    }
    const main = readings.get(process.pid);
    if (main) {
      this.peak.mainRss = Math.max(this.peak.mainRss, main.rssBytes);
      if (main.pssBytes !== null) this.peak.mainPss = Math.max(this.peak.mainPss ?? 0, main.pssBytes);
    }
    const childReadings = children.flatMap((pid) => readings.get(pid) ?? []);
    this.peak.childRss = Math.max(this.peak.childRss, sum(childReadings.map((r) => r.rssBytes)));
    if (childReadings.length > 0 && childReadings.every((r) => r.pssBytes !== null)) {
      this.peak.childPss = Math.max(this.peak.childPss ?? 0, sum(childReadings.map((r) => r.pssBytes!)));
    }
    const all = main ? [main, ...childReadings] : childReadings;
    this.peak.totalRss = Math.max(this.peak.totalRss, sum(all.map((r) => r.rssBytes)));
    if (main && all.every((r) => r.pssBytes !== null)) this.peak.totalPss = Math.max(this.peak.totalPss ?? 0, sum(all.map((r) => r.pssBytes!)));
  }
}

/**
 * One pass over /proc for several monitors: the orchestrator and every
 * pool's children read once, each monitor taking its own processes. A
 * paired round reads its sides together at its start and end, instead of
 * once per side.
 */
export async function readTogether(monitors: readonly ResourceMonitor[], options?: { pss?: boolean }): Promise<Map<number, PidSample>> {
  return samplePids([...new Set(monitors.flatMap((monitor) => monitor.pids()))], options);
}
