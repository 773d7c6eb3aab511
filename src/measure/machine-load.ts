import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

/**
 * What the rest of the machine did while the lab measured: CPU taken by
 * processes outside the lab's own process tree (the orchestrator, its
 * workers, children and their descendants: cluster workers, PostgreSQL
 * backends), and CPU time stolen by a hypervisor. Linux /proc; elsewhere
 * every reading is zero, so nothing is ever called disturbed.
 */
export interface LoadSnapshot {
  atMs: number;
  /**
   * Busy ticks of the whole machine's processes and interrupts (user nice system irq softirq). Steal is apart:
   * time the hypervisor gave another guest is not another process of this machine, and rounds with steal are not
   * noisier than those without (120 coordination rounds on a shared VM: |deviation| against steal, r = −0.01), so
   * redoing them would spend the budget for nothing. It is reported as `stealShare`.
   */
  machineTicks: number;
  /** Every tick of the whole machine, idle included. */
  totalTicks: number;
  stealTicks: number;
  /** Ticks used by the lab's process tree. */
  treeTicks: number;
}

export interface LoadDelta {
  /** CPU taken by other processes, in CPUs (1 = one CPU fully busy). */
  foreignCpus: number;
  /** Share of all CPU time stolen by the hypervisor. */
  stealShare: number;
  wallMs: number;
}

/** USER_HZ: /proc reports CPU time in 1/100 s on Linux. */
const TICKS_PER_MS = 100 / 1000;

/**
 * A process's own CPU ticks plus those of its children that have exited and
 * been waited for: a child that ends during a round (a spawn pool, a closed
 * database connection) moves its time into its parent's count instead of
 * leaving the tree's total.
 */
function processTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]); // utime, stime, cutime, cstime
}

/** CPU ticks of a process and all its descendants, from one pass over /proc. */
function treeTicks(root: number): number {
  const parents = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const pid = Number(entry);
      ticks.set(pid, processTicks(stat));
      parents.set(ppid, [...(parents.get(ppid) ?? []), pid]);
    } catch {
      // exited while listing
    }
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    total += ticks.get(pid) ?? 0;
    queue.push(...(parents.get(pid) ?? []));
  }
  return total;
}

/** The machine's CPU ticks from the first line of /proc/stat (`cpu  user nice system idle iowait irq softirq steal …`). */
export function machineTicksOf(cpuLine: string): Pick<LoadSnapshot, 'machineTicks' | 'totalTicks' | 'stealTicks'> {
  const fields = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return {
    machineTicks: user + nice + system + irq + softirq,
    totalTicks: user + nice + system + idle + iowait + irq + softirq + steal,
    stealTicks: steal,
  };
}

export function loadSnapshot(): LoadSnapshot {
  const atMs = performance.now();
  try {
    const machine = machineTicksOf(readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!);
    return { atMs, ...machine, treeTicks: treeTicks(process.pid) };
  } catch {
    return { atMs, machineTicks: 0, totalTicks: 0, stealTicks: 0, treeTicks: 0 };
  }
}

export function loadBetween(before: LoadSnapshot, after: LoadSnapshot): LoadDelta {
  const wallMs = after.atMs - before.atMs;
  const foreignTicks = after.machineTicks - before.machineTicks - (after.treeTicks - before.treeTicks);
  const total = after.totalTicks - before.totalTicks;
  return {
    foreignCpus: wallMs > 0 ? Math.max(0, foreignTicks) / (wallMs * TICKS_PER_MS) : 0,
    stealShare: total > 0 ? (after.stealTicks - before.stealTicks) / total : 0,
    wallMs,
  };
}

export function loadAverage(): number[] {
  return os.loadavg().map((value) => Number(value.toFixed(2)));
}
