import { readFileSync, readdirSync } from 'node:fs';

/** The parent PID of a process, from /proc/PID/stat (after the command name, which may hold spaces). */
function parentOf(pid: string): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Every live process whose parent is `pid` (Linux). */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && parentOf(entry) === pid)
    .map(Number);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** This process's children that are still running (a zombie, exited but not yet reaped, does not count). */
export function liveChildren(): number[] {
  return childrenOf(process.pid).filter((pid) => {
    try {
      return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  });
}
